package org.rdregistry.trustee.ceremony;

import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;

/**
 * What a successful ceremony gives one trustee: its secret share (write it with
 * {@link CeremonyOutputs#write}; it never appears in {@code toString}), the verified public record every
 * trustee confirmed byte for byte, and the trustees of the configuration that took no part.
 */
public record CeremonyOutcome(int index, TrusteeKeyShare share, PublishedCeremony published, byte[] resultDocument,
                              List<Integer> absent) {

    public CeremonyOutcome {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(published, "published");
        resultDocument = resultDocument.clone();
        absent = List.copyOf(absent);
    }

    @Override
    public byte[] resultDocument() {
        return resultDocument.clone();
    }

    public PublicKey registryKey() {
        return published.registryKey();
    }

    @Override
    public String toString() {
        return "CeremonyOutcome[trustee " + index + ", " + published.config().ceremonyId() + ", " + share + "]";
    }
}
