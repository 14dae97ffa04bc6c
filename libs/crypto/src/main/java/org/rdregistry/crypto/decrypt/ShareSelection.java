package org.rdregistry.crypto.decrypt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.rdregistry.crypto.proof.VerificationResult;

/**
 * Verifies every share and picks the ones to combine (spec §4.8, checks T.4-T.5; reused by key
 * switching, S.6). Every share is verified, even when t valid ones were found early, so that each
 * invalid share is reported with its trustee. Per trustee index the first valid share (in the given
 * order) is used and later valid ones with the same index are ignored, so a duplicated message is
 * never counted twice; the t valid shares with the lowest indices are combined.
 */
public final class ShareSelection {

    private ShareSelection() {
    }

    /** The t shares to combine (ascending index) and every invalid share. */
    public record Selection<S>(List<S> chosen, List<Integer> chosenIndices, List<InvalidShare> invalid) {
        public Selection {
            chosen = List.copyOf(chosen);
            chosenIndices = List.copyOf(chosenIndices);
            invalid = List.copyOf(invalid);
        }
    }

    /** Verifies every share and reports the invalid ones, without requiring t valid ones. */
    public static <S> List<InvalidShare> invalid(Collection<S> shares, ToIntFunction<S> index,
                                                 Function<S, VerificationResult> verifier) {
        return verifyAll(shares, index, verifier, new TreeMap<>());
    }

    /**
     * @throws InsufficientSharesException (with {@code check}) when fewer than t distinct trustees sent a valid share
     */
    public static <S> Selection<S> select(int threshold, String check, Collection<S> shares, ToIntFunction<S> index,
                                          Function<S, VerificationResult> verifier) {
        TreeMap<Integer, S> valid = new TreeMap<>();
        List<InvalidShare> invalid = verifyAll(shares, index, verifier, valid);
        if (valid.size() < threshold) {
            throw new InsufficientSharesException(check, valid.size(), threshold, invalid);
        }
        List<S> chosen = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (var e : valid.entrySet()) {
            if (chosen.size() == threshold) {
                break;
            }
            chosen.add(e.getValue());
            indices.add(e.getKey());
        }
        return new Selection<>(chosen, indices, invalid);
    }

    private static <S> List<InvalidShare> verifyAll(Collection<S> shares, ToIntFunction<S> index,
                                                    Function<S, VerificationResult> verifier, TreeMap<Integer, S> valid) {
        List<InvalidShare> invalid = new ArrayList<>();
        for (S s : shares) {
            int i = index.applyAsInt(s);
            VerificationResult r = verifier.apply(s);
            if (!r.valid()) {
                invalid.add(new InvalidShare(i, r.check(), r.reason()));
            } else {
                valid.putIfAbsent(i, s);
            }
        }
        return invalid;
    }
}
