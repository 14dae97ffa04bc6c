package org.rdregistry.stats.release;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;

import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.TrusteeMessage;

/**
 * The state of one release in flight. Confined to the coordinator's thread: no locking.
 */
final class ReleaseRun {

    enum Phase { NOISE, SHARES, DONE }

    final String releaseId;
    final CohortAggregate aggregate;
    final List<Ciphertext> ciphertexts;
    final NoiseParameters noise;
    final long requestedAtMillis;
    final long startedNanos;

    Phase phase = Phase.NOISE;
    ScheduledFuture<?> timeout;
    boolean waitScheduled;

    /** Trustees that answered the current round in any way (valid, invalid or refusal). */
    final Set<Integer> answered = new TreeSet<>();
    /** Refusals by reason, for deciding whether this aggregate state can ever be released. */
    final Map<TrusteeMessage.Reason, Set<Integer>> refusals = new EnumMap<>(TrusteeMessage.Reason.class);

    /** Round 1: valid noise contributions by trustee. */
    final TreeMap<Integer, TrusteeMessage.NoiseContribution> contributions = new TreeMap<>();

    /** Round 2: the noise set, the ciphertexts to decrypt, what it cost, valid and invalid shares. */
    List<Integer> noiseSet;
    List<Ciphertext> toDecrypt;
    PrivacyCost cost;
    PrivacyAccountant budgetAfter;
    final TreeMap<Integer, TrusteeMessage.DecryptionShares> validShares = new TreeMap<>();
    final List<InvalidShare> invalidShares = new ArrayList<>();

    ReleaseRun(String releaseId, CohortAggregate aggregate, List<Ciphertext> ciphertexts, NoiseParameters noise,
               long requestedAtMillis, long startedNanos) {
        this.releaseId = releaseId;
        this.aggregate = aggregate;
        this.ciphertexts = List.copyOf(ciphertexts);
        this.noise = noise;
        this.requestedAtMillis = requestedAtMillis;
        this.startedNanos = startedNanos;
    }

    String cohort() {
        return aggregate.cohort();
    }

    /** Starts round 2: from now on answers are decryption shares from the noise set. */
    void enterShares(List<Integer> noiseSet, List<Ciphertext> toDecrypt) {
        this.noiseSet = List.copyOf(noiseSet);
        this.toDecrypt = List.copyOf(toDecrypt);
        this.phase = Phase.SHARES;
        this.answered.clear();
        this.waitScheduled = false;
    }

    void refused(int trustee, TrusteeMessage.Reason reason) {
        refusals.computeIfAbsent(reason, r -> new TreeSet<>()).add(trustee);
    }
}
