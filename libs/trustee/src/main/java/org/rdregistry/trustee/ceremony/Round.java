package org.rdregistry.trustee.ceremony;

import java.util.Optional;

/** The rounds of the ceremony as run over a board; each message belongs to one. */
public enum Round {
    /** Round 1: a trustee's {@code DealerCommitments} (spec §4.2), to everyone. */
    COMMITMENTS(1, "commitments"),
    /** Round 2: one {@code EncryptedShare} from a dealer to one recipient (spec §4.3). */
    SHARE(2, "share"),
    /** Round 3: all complaints of one trustee (possibly none), to everyone (spec §4.4). */
    COMPLAINTS(3, "complaints"),
    /** Round 4: the digest of the trustee's result ({@link PublishedCeremony#contentDigest()}), or empty if it aborted. */
    CONFIRMATION(4, "confirmation");

    private final int number;
    private final String wireName;

    Round(int number, String wireName) {
        this.number = number;
        this.wireName = wireName;
    }

    public int number() {
        return number;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Round> byWireName(String name) {
        for (Round r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
