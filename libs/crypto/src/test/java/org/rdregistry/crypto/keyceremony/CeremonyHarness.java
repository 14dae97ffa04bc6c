package org.rdregistry.crypto.keyceremony;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;

/**
 * Test driver: runs the message rounds of a key ceremony in memory between n participants, with hooks
 * to replace messages (to simulate cheating dealers or a tampering log). Public so that the decrypt
 * and keyswitch tests can obtain shares from a real distributed ceremony.
 */
public final class CeremonyHarness {

    public final CeremonyParameters params;
    public final List<KeyPair> communicationKeys = new ArrayList<>();
    public final List<KeyCeremonyParticipant> participants = new ArrayList<>();
    public final List<DealerCommitments> commitments = new ArrayList<>();
    public final List<EncryptedShare> shares = new ArrayList<>();
    public final List<Complaint> complaints = new ArrayList<>();

    private CeremonyHarness(CeremonyParameters params) {
        this.params = params;
        for (int i = 1; i <= params.participants(); i++) {
            KeyPair kp = KeyPair.generate(params.group());
            communicationKeys.add(kp);
            participants.add(new KeyCeremonyParticipant(params, i, kp));
        }
    }

    public static CeremonyHarness create(GroupContext group, String id, int t, int n) {
        return new CeremonyHarness(new CeremonyParameters(group, id, n, t));
    }

    /** A full honest ceremony: all rounds, then every trustee's share. */
    public static List<TrusteeKeyShare> run(GroupContext group, int t, int n) {
        CeremonyHarness h = create(group, "test-" + t + "-of-" + n, t, n);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        h.deliverShares();
        return h.finishAll();
    }

    public KeyCeremonyParticipant participant(int i) {
        return participants.get(i - 1);
    }

    /** Round 1: every trustee's commitments, passed through {@code tamper} (identity for honest). */
    public void publishCommitments(UnaryOperator<DealerCommitments> tamper) {
        for (KeyCeremonyParticipant p : participants) {
            commitments.add(tamper.apply(p.commitments()));
        }
    }

    /** Round 1, receiving side: every participant accepts every other's published commitments. */
    public void exchangeCommitments() {
        for (KeyCeremonyParticipant p : participants) {
            for (DealerCommitments c : commitments) {
                if (c.dealerIndex() != p.index()) {
                    p.acceptCommitments(c);
                }
            }
        }
    }

    /** Round 2: every dealer seals a share for every other trustee. */
    public void sealShares() {
        for (KeyCeremonyParticipant p : participants) {
            for (int j = 1; j <= params.participants(); j++) {
                if (j != p.index()) {
                    shares.add(p.shareFor(j));
                }
            }
        }
    }

    /** Replaces the published box from dealer i to recipient j. */
    public void replaceShare(int dealer, int recipient, EncryptedShare replacement) {
        shares.replaceAll(s -> s.dealerIndex() == dealer && s.recipientIndex() == recipient ? replacement : s);
    }

    public EncryptedShare share(int dealer, int recipient) {
        return shares.stream().filter(s -> s.dealerIndex() == dealer && s.recipientIndex() == recipient)
                .findFirst().orElseThrow();
    }

    /** Round 2, receiving side: every recipient checks its boxes; complaints are posted to the log. */
    public void deliverShares() {
        for (EncryptedShare s : shares) {
            Optional<Complaint> c = participant(s.recipientIndex()).receive(s);
            c.ifPresent(complaints::add);
        }
    }

    public PublicTranscript transcript() {
        return new PublicTranscript(params, commitments, shares, complaints);
    }

    /** Round 4: every participant's key share. */
    public List<TrusteeKeyShare> finishAll() {
        PublicTranscript t = transcript();
        return participants.stream().map(p -> p.finish(t)).toList();
    }

    /** All k-element subsets of {@code items}, in lexicographic order. */
    public static List<List<Integer>> subsets(List<Integer> items, int k) {
        List<List<Integer>> out = new ArrayList<>();
        collect(items, k, 0, new ArrayList<>(), out);
        return out;
    }

    private static void collect(List<Integer> items, int k, int start, List<Integer> current, List<List<Integer>> out) {
        if (current.size() == k) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = start; i < items.size(); i++) {
            current.add(items.get(i));
            collect(items, k, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }

    /**
     * A dishonest dealer's box to {@code recipient} that opens to {@code plaintext} (for example a wrong
     * share), with a valid proof of knowledge of its ephemeral secret, as a cheating dealer can make.
     */
    public EncryptedShare dealerSealed(int dealer, int recipient, byte[] plaintext) {
        GroupContext group = params.group();
        java.math.BigInteger e = group.randomScalar();
        org.rdregistry.crypto.hybrid.SealedBox box = org.rdregistry.crypto.hybrid.HybridEncryption.sealWithEphemeral(
                participant(recipient).communicationKey(), KeyCeremonyParticipant.SHARE_LABEL, plaintext,
                params.shareAad(dealer, recipient), e);
        return new EncryptedShare(dealer, recipient, box, SchnorrProof.prove(group, SchnorrProof.EPHEMERAL_DOMAIN,
                params.ephemeralContext(dealer, recipient, box), box.ephemeral(), e));
    }
}
