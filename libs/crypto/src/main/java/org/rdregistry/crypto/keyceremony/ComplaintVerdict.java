package org.rdregistry.crypto.keyceremony;

import java.util.Objects;

/**
 * The publicly recomputable outcome of one complaint (spec §4.4, checks K.6-K.8): upheld means the
 * dealer cheated and leaves QUAL; rejected means the complaint was false or malformed and the
 * complainer misbehaved. {@link #guiltyIndex()} names the guilty trustee either way, {@link #check()}
 * the spec check that decided.
 */
public record ComplaintVerdict(int dealerIndex, int complainerIndex, boolean upheld, int guiltyIndex, String check,
                               String reason) {

    public ComplaintVerdict {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
        if (guiltyIndex != (upheld ? dealerIndex : complainerIndex)) {
            throw new IllegalArgumentException("guilty party must be the dealer iff the complaint is upheld");
        }
    }

    static ComplaintVerdict upheld(Complaint c, String check, String reason) {
        return new ComplaintVerdict(c.dealerIndex(), c.complainerIndex(), true, c.dealerIndex(), check, reason);
    }

    static ComplaintVerdict rejected(Complaint c, String check, String reason) {
        return new ComplaintVerdict(c.dealerIndex(), c.complainerIndex(), false, c.complainerIndex(), check, reason);
    }
}
