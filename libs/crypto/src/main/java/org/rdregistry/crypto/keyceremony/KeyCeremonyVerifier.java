package org.rdregistry.crypto.keyceremony;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.AuthenticationFailedException;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.proof.VerificationResult;

/**
 * Public verification of a key ceremony (spec §4.4-4.5). Anyone holding the {@link PublicTranscript}
 * recomputes the complaint verdicts, QUAL, the joint key and the verification keys, and can compare
 * them with what the ceremony announced ({@link #verify}). Needs no secret of any trustee.
 */
public final class KeyCeremonyVerifier {

    private KeyCeremonyVerifier() {
    }

    /** Checks K.2 and K.3 on one commitment message. */
    public static VerificationResult verifyCommitments(CeremonyParameters params, DealerCommitments commitments) {
        return CeremonyChecks.verifyCommitments(params, commitments);
    }

    /**
     * Decides one complaint (spec checks K.6-K.8) from public data only.
     *
     * @param dealer the dealer's published commitments (null if it published none)
     * @param complainerKey the complainer's published communication key (null if it published none)
     * @param publishedBoxes every distinct box the log holds from the dealer to the complainer
     */
    public static ComplaintVerdict adjudicate(CeremonyParameters params, DealerCommitments dealer, PublicKey complainerKey,
                                              List<EncryptedShare> publishedBoxes, Complaint complaint) {
        int i = complaint.dealerIndex();
        int j = complaint.complainerIndex();
        GroupContext group = params.group();
        if (!params.isIndex(i) || !params.isIndex(j) || i == j || dealer == null || complainerKey == null
                || dealer.dealerIndex() != i) {
            return ComplaintVerdict.rejected(complaint, "K.6", "complaint does not name two distinct participants");
        }
        if (publishedBoxes.size() != 1) {
            return ComplaintVerdict.upheld(complaint, "K.4", publishedBoxes.isEmpty()
                    ? "dealer published no share for the complainer" : "dealer published conflicting shares");
        }
        EncryptedShare share = publishedBoxes.get(0);
        if (!CeremonyChecks.validBox(params, share)) {
            return ComplaintVerdict.upheld(complaint, "K.4", "share box has an invalid ephemeral point or ephemeral proof");
        }
        VerificationResult commitments = CeremonyChecks.verifyCommitments(params, dealer);
        if (!commitments.valid()) {
            return ComplaintVerdict.upheld(complaint, commitments.check(), commitments.reason());
        }
        ECPoint s = complaint.sharedPoint();
        if (!SchnorrProof.validPoint(group, s)) {
            return ComplaintVerdict.rejected(complaint, "K.7", "revealed shared point is not a valid point");
        }
        VerificationResult dleq = complaint.proof().verify(group, Complaint.DOMAIN, params.complaintContext(i, j),
                KeyCeremonyParticipant.complaintStatement(group, complainerKey, share.box(), s));
        if (!dleq.valid()) {
            return ComplaintVerdict.rejected(complaint, "K.7", "shared-point proof fails check " + dleq.check());
        }
        byte[] plain;
        try {
            plain = HybridEncryption.openWithSharedPoint(complainerKey, KeyCeremonyParticipant.SHARE_LABEL, s,
                    share.box(), params.shareAad(i, j));
        } catch (AuthenticationFailedException e) {
            return ComplaintVerdict.upheld(complaint, "K.8", "share box does not open");
        }
        Optional<BigInteger> value = CeremonyChecks.decodeShare(group, plain);
        if (value.isEmpty()) {
            return ComplaintVerdict.upheld(complaint, "K.8", "share box does not hold a canonical scalar");
        }
        VerificationResult check = CeremonyChecks.checkShare(params, dealer, j, value.get());
        if (!check.valid()) {
            return ComplaintVerdict.upheld(complaint, "K.5", check.reason());
        }
        return ComplaintVerdict.rejected(complaint, "K.8", "share opens and matches the commitments: false complaint");
    }

    /**
     * Recomputes the ceremony's outcome from its public log (spec §4.5).
     *
     * @throws KeyCeremonyException (K.9-K.11) if fewer than t dealers qualify or the key is degenerate
     */
    public static KeyCeremonyResult evaluate(PublicTranscript transcript) {
        CeremonyParameters params = transcript.parameters();
        GroupContext group = params.group();
        List<DealerFault> faults = new ArrayList<>();
        Map<Integer, DealerCommitments> byIndex = participants(transcript, faults);
        Set<Integer> disqualified = new HashSet<>();
        for (DealerFault f : faults) {
            disqualified.add(f.dealerIndex());
        }
        for (DealerCommitments c : byIndex.values()) {
            int i = c.dealerIndex();
            VerificationResult r = CeremonyChecks.verifyCommitments(params, c);
            if (!r.valid()) {
                faults.add(new DealerFault(i, r.check(), r.reason()));
                disqualified.add(i);
            }
            for (int j : byIndex.keySet()) {
                if (j == i) {
                    continue;
                }
                List<EncryptedShare> boxes = boxes(transcript, i, j);
                String problem = boxes.isEmpty() ? "no share published for trustee " + j
                        : boxes.size() > 1 ? "conflicting shares published for trustee " + j
                        : !CeremonyChecks.validBox(params, boxes.get(0)) ? "invalid share box for trustee " + j
                        : null;
                if (problem != null) {
                    faults.add(new DealerFault(i, "K.4", problem));
                    disqualified.add(i);
                }
            }
        }
        List<ComplaintVerdict> verdicts = new ArrayList<>();
        for (Complaint complaint : transcript.complaints()) {
            DealerCommitments dealer = byIndex.get(complaint.dealerIndex());
            DealerCommitments complainer = byIndex.get(complaint.complainerIndex());
            ComplaintVerdict v = adjudicate(params, dealer, complainer == null ? null : complainer.communicationKey(),
                    boxes(transcript, complaint.dealerIndex(), complaint.complainerIndex()), complaint);
            verdicts.add(v);
            if (v.upheld()) {
                faults.add(new DealerFault(v.dealerIndex(), v.check(),
                        "complaint by trustee " + v.complainerIndex() + " upheld: " + v.reason()));
                disqualified.add(v.dealerIndex());
            }
        }
        List<Integer> qualified = byIndex.keySet().stream().filter(i -> !disqualified.contains(i)).toList();
        if (qualified.size() < params.threshold()) {
            throw new KeyCeremonyException("K.9", "only " + qualified.size() + " qualified dealers " + qualified
                    + ", threshold is " + params.threshold());
        }
        JointKey key = jointKey(params, qualified.stream().map(byIndex::get).toList());
        return new KeyCeremonyResult(params, List.copyOf(byIndex.keySet()), qualified, faults, verdicts, key);
    }

    /**
     * Checks a complete published ceremony: recomputes everything with {@link #evaluate} and compares it
     * with the announced result, reporting the first check that differs.
     */
    public static VerificationResult verify(PublicTranscript transcript, KeyCeremonyResult announced) {
        KeyCeremonyResult actual;
        try {
            actual = evaluate(transcript);
        } catch (KeyCeremonyException e) {
            return e.result();
        }
        if (!actual.parameters().equals(announced.parameters())) {
            return VerificationResult.fail("K.1", "announced parameters differ from the transcript's");
        }
        if (!actual.verdicts().equals(announced.verdicts())) {
            return VerificationResult.fail("K.8", "announced complaint verdicts differ from the recomputed ones");
        }
        if (!actual.participants().equals(announced.participants())
                || !actual.qualified().equals(announced.qualified())
                || !actual.faults().equals(announced.faults())) {
            return VerificationResult.fail("K.9", "announced QUAL " + announced.qualified()
                    + " differs from recomputed " + actual.qualified());
        }
        JointKey a = actual.jointKey();
        JointKey b = announced.jointKey();
        if (a.threshold() != b.threshold() || !a.publicKey().equals(b.publicKey())) {
            return VerificationResult.fail("K.10", "announced joint key differs from sum of qualified K_i,0");
        }
        if (!a.verificationKeys().equals(b.verificationKeys())) {
            return VerificationResult.fail("K.11", "announced verification keys differ from the recomputed ones");
        }
        return VerificationResult.ok();
    }

    /** Y = sum K_{i,0} (K.10) and Y_j = sum_k j^k A_k with A_k = sum_{i in QUAL} K_{i,k} (K.11). */
    static JointKey jointKey(CeremonyParameters params, List<DealerCommitments> qualified) {
        GroupContext group = params.group();
        List<ECPoint> aggregate = new ArrayList<>();
        for (int k = 0; k < params.threshold(); k++) {
            ECPoint sum = group.infinity();
            for (DealerCommitments c : qualified) {
                sum = sum.add(c.coefficientCommitments().get(k));
            }
            aggregate.add(sum.normalize());
        }
        if (aggregate.get(0).isInfinity()) {
            throw new KeyCeremonyException("K.10", "joint key is the point at infinity");
        }
        List<ECPoint> verificationKeys = new ArrayList<>();
        for (int j = 1; j <= params.participants(); j++) {
            ECPoint yj = CeremonyChecks.evaluateCommitments(group, aggregate, j);
            if (yj.isInfinity()) {
                throw new KeyCeremonyException("K.11", "verification key Y_" + j + " is the point at infinity");
            }
            verificationKeys.add(yj);
        }
        return new JointKey(params.threshold(), new PublicKey(group, aggregate.get(0)), verificationKeys);
    }

    /** The unique commitment message of trustee i in the transcript (null if none or conflicting). */
    static DealerCommitments commitmentsOf(PublicTranscript transcript, int i) {
        Set<DealerCommitments> found = new LinkedHashSet<>();
        for (DealerCommitments c : transcript.commitments()) {
            if (c.dealerIndex() == i) {
                found.add(c);
            }
        }
        return found.size() == 1 ? found.iterator().next() : null;
    }

    /** Participants: indices in 1..n with exactly one distinct commitment message (spec K.2). */
    private static Map<Integer, DealerCommitments> participants(PublicTranscript transcript, List<DealerFault> faults) {
        CeremonyParameters params = transcript.parameters();
        Map<Integer, DealerCommitments> byIndex = new TreeMap<>();
        Set<Integer> conflicting = new TreeSet<>();
        for (DealerCommitments c : transcript.commitments()) {
            int i = c.dealerIndex();
            if (!params.isIndex(i)) {
                continue;
            }
            if (c.communicationKey().group() != params.group()) {
                // Not a participant: nobody can seal a share to a key on another curve, so counting it
                // would let one bad message disqualify every honest dealer (K.4).
                faults.add(new DealerFault(i, "K.2", "communication key on another curve; not a participant"));
                continue;
            }
            DealerCommitments previous = byIndex.putIfAbsent(i, c);
            if (previous != null && !previous.equals(c)) {
                conflicting.add(i);
            }
        }
        for (int i : conflicting) {
            byIndex.remove(i);
            faults.add(new DealerFault(i, "K.2", "conflicting commitment messages"));
        }
        return byIndex;
    }

    /** The distinct boxes published from dealer i to recipient j. */
    private static List<EncryptedShare> boxes(PublicTranscript transcript, int i, int j) {
        Set<EncryptedShare> found = new LinkedHashSet<>();
        for (EncryptedShare s : transcript.shares()) {
            if (s.dealerIndex() == i && s.recipientIndex() == j) {
                found.add(s);
            }
        }
        return List.copyOf(found);
    }
}
