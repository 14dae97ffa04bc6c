package org.rdregistry.crypto.keyceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.proof.VerificationResult;

class KeyCeremonyTest {

    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(GroupContext.p256(), 2, 3),
                Arguments.of(GroupContext.p256(), 3, 5),
                Arguments.of(GroupContext.secp256k1(), 2, 3));
    }

    @ParameterizedTest(name = "{1}-of-{2} on {0}")
    @MethodSource("setups")
    void honestCeremonyYieldsConsistentThresholdKey(GroupContext group, int t, int n) {
        CeremonyHarness h = CeremonyHarness.create(group, "honest", t, n);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        h.deliverShares();
        assertThat(h.complaints).isEmpty();
        List<TrusteeKeyShare> shares = h.finishAll();

        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.qualified()).containsExactlyElementsOf(range(1, n));
        assertThat(result.faults()).isEmpty();
        assertThat(KeyCeremonyVerifier.verify(h.transcript(), result).valid()).isTrue();

        // Y is the sum of the published constant commitments.
        ECPoint expected = group.infinity();
        for (DealerCommitments c : h.commitments) {
            expected = expected.add(c.coefficientCommitments().get(0));
        }
        assertThat(result.jointKey().publicKey().point()).isEqualTo(expected.normalize());

        for (TrusteeKeyShare s : shares) {
            assertThat(s.jointKey()).isEqualTo(result.jointKey());
            assertThat(group.multiplyG(s.secret())).isEqualTo(result.jointKey().verificationKey(s.index()));
            assertThat(s.threshold()).isEqualTo(t);
        }
        // Any t shares interpolate to the joint secret; t-1 shares do not.
        for (List<Integer> subset : subsets(range(1, n), t)) {
            Map<Integer, BigInteger> points = new HashMap<>();
            subset.forEach(i -> points.put(i, shares.get(i - 1).secret()));
            BigInteger x = Lagrange.interpolateAtZero(group, points);
            assertThat(group.multiplyG(x)).as("subset %s", subset).isEqualTo(expected.normalize());
        }
        if (t > 1) {
            Map<Integer, BigInteger> tooFew = new HashMap<>();
            range(1, t - 1).forEach(i -> tooFew.put(i, shares.get(i - 1).secret()));
            assertThat(group.multiplyG(Lagrange.interpolateAtZero(group, tooFew))).isNotEqualTo(expected.normalize());
        }
    }

    @Test
    void dealerSendingAWrongShareIsDisqualifiedAndTheCeremonyCompletes() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = CeremonyHarness.create(group, "wrong-share", 3, 5);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        // Dealer 2 sends trustee 4 a properly sealed but wrong share.
        PublicKey recipientKey = h.participant(4).communicationKey();
        h.replaceShare(2, 4, dealerSealed(h, 2, 4, recipientKey, group.encodeScalar(group.randomScalar())));
        h.deliverShares();

        assertThat(h.complaints).hasSize(1);
        Complaint complaint = h.complaints.get(0);
        assertThat(complaint.dealerIndex()).isEqualTo(2);
        assertThat(complaint.complainerIndex()).isEqualTo(4);

        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        ComplaintVerdict verdict = result.verdicts().get(0);
        assertThat(verdict.upheld()).isTrue();
        assertThat(verdict.guiltyIndex()).isEqualTo(2);
        assertThat(verdict.check()).isEqualTo("K.5");
        assertThat(result.qualified()).containsExactly(1, 3, 4, 5);
        assertThat(result.faults()).extracting(DealerFault::dealerIndex).containsExactly(2);

        List<TrusteeKeyShare> shares = h.finishAll();
        ECPoint y = group.infinity();
        for (int i : List.of(1, 3, 4, 5)) {
            y = y.add(h.commitments.get(i - 1).constantCommitment());
        }
        assertThat(result.jointKey().publicKey().point()).isEqualTo(y.normalize());
        Map<Integer, BigInteger> points = new HashMap<>();
        for (int i : List.of(2, 4, 5)) { // the cheated trustee 4 and the cheater 2 still hold valid shares
            points.put(i, shares.get(i - 1).secret());
        }
        assertThat(group.multiplyG(Lagrange.interpolateAtZero(group, points))).isEqualTo(y.normalize());
        assertThat(KeyCeremonyVerifier.verify(h.transcript(), result).valid()).isTrue();

        // The same revealed point and proof, redirected at an honest dealer, prove nothing.
        Complaint redirected = new Complaint(3, 4, complaint.sharedPoint(), complaint.proof());
        ComplaintVerdict v = KeyCeremonyVerifier.adjudicate(h.params, h.commitments.get(2), recipientKey,
                List.of(h.share(3, 4)), redirected);
        assertThat(v.upheld()).isFalse();
        assertThat(v.guiltyIndex()).isEqualTo(4);
        assertThat(v.check()).isEqualTo("K.7");
    }

    @Test
    void falseComplaintAboutAValidShareIsRejectedAndNamesTheComplainer() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = honestUpToDelivery(group, "false-complaint", 2, 3);
        EncryptedShare box = h.share(1, 3);
        var kp3 = h.communicationKeys.get(2);
        ECPoint s = org.rdregistry.crypto.hybrid.HybridEncryption.sharedPoint(kp3, box.box());
        var proof = org.rdregistry.crypto.proof.DleqProof.prove(group, Complaint.DOMAIN, h.params.complaintContext(1, 3),
                new org.rdregistry.crypto.proof.DleqProof.Statement(group.generator(), kp3.publicKey().point(),
                        box.box().ephemeral(), s), kp3.secret());
        h.complaints.add(new Complaint(1, 3, s, proof));

        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        ComplaintVerdict verdict = result.verdicts().get(0);
        assertThat(verdict.upheld()).isFalse();
        assertThat(verdict.guiltyIndex()).isEqualTo(3);
        assertThat(verdict.check()).isEqualTo("K.8");
        assertThat(result.qualified()).containsExactly(1, 2, 3);
        h.finishAll();
    }

    @Test
    void complaintWithoutAValidSharedPointProofIsRejected() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = honestUpToDelivery(group, "bad-complaint-proof", 2, 3);
        EncryptedShare box = h.share(1, 3);
        var kp3 = h.communicationKeys.get(2);
        ECPoint wrongS = group.multiplyG(group.randomScalar()); // a point that opens nothing, "proved" with sk_3
        var proof = org.rdregistry.crypto.proof.DleqProof.prove(group, Complaint.DOMAIN, h.params.complaintContext(1, 3),
                new org.rdregistry.crypto.proof.DleqProof.Statement(group.generator(), kp3.publicKey().point(),
                        box.box().ephemeral(), wrongS), kp3.secret());
        h.complaints.add(new Complaint(1, 3, wrongS, proof));
        h.complaints.add(new Complaint(3, 3, wrongS, proof)); // against oneself
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.verdicts()).extracting(ComplaintVerdict::check).containsExactly("K.7", "K.6");
        assertThat(result.verdicts()).allSatisfy(v -> {
            assertThat(v.upheld()).isFalse();
            assertThat(v.guiltyIndex()).isEqualTo(3);
        });
        assertThat(result.qualified()).containsExactly(1, 2, 3);
    }

    @Test
    void boxThatDoesNotOpenOrHoldsNoScalarUpholdsTheComplaint() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = CeremonyHarness.create(group, "garbage", 2, 4);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        EncryptedShare honest = h.share(3, 1);
        byte[] garbage = new byte[48];
        group.random().nextBytes(garbage);
        h.replaceShare(3, 1, dealerGarbage(h, 3, 1, honest.box().nonce(), garbage));
        // Dealer 2's box to 1 opens, but holds 31 bytes instead of a 32-byte scalar.
        h.replaceShare(2, 1, dealerSealed(h, 2, 1, h.participant(1).communicationKey(), new byte[31]));
        h.deliverShares();
        assertThat(h.complaints).extracting(Complaint::dealerIndex).containsExactlyInAnyOrder(2, 3);
        assertThat(h.complaints).extracting(Complaint::complainerIndex).containsOnly(1);

        // Without the complaints nothing public is wrong: it is the complaints that disqualify 2 and 3.
        PublicTranscript silent = new PublicTranscript(h.params, h.commitments, h.shares, List.of());
        assertThat(KeyCeremonyVerifier.evaluate(silent).qualified()).containsExactly(1, 2, 3, 4);

        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.verdicts()).hasSize(2).allSatisfy(v -> {
            assertThat(v.upheld()).isTrue();
            assertThat(v.check()).isEqualTo("K.8");
            assertThat(v.guiltyIndex()).isEqualTo(v.dealerIndex());
        });
        assertThat(result.qualified()).containsExactly(1, 4);
        assertThat(h.finishAll()).hasSize(4);
    }

    @Test
    void badSchnorrProofIsDetectedWithItsCheckNumber() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = CeremonyHarness.create(group, "bad-proof", 2, 3);
        h.publishCommitments(c -> c.dealerIndex() != 2 ? c : new DealerCommitments(2, c.communicationKey(),
                c.coefficientCommitments(), List.of(c.proofs().get(0), new SchnorrProof(c.proofs().get(1).commitment(),
                        c.proofs().get(1).response().add(BigInteger.ONE).mod(group.order())))));
        VerificationResult r = KeyCeremonyVerifier.verifyCommitments(h.params, h.commitments.get(1));
        assertThat(r.valid()).isFalse();
        assertThat(r.check()).isEqualTo("K.3");
        assertThat(r.reason()).contains("K_2,1");
        assertThat(h.participant(1).acceptCommitments(h.commitments.get(1)).check()).isEqualTo("K.3");
        DealerCommitments honest3 = h.commitments.get(2);
        SchnorrProof p0 = honest3.proofs().get(0);
        assertThat(p0.verify(group, h.params.coefficientContext(3, 0), honest3.constantCommitment()).valid()).isTrue();
        assertThat(new SchnorrProof(group.infinity(), p0.response())
                .verify(group, h.params.coefficientContext(3, 0), honest3.constantCommitment()).check()).isEqualTo("K.3");
        assertThat(p0.verify(group, h.params.coefficientContext(3, 1), honest3.constantCommitment()).valid())
                .as("proof for another coefficient index").isFalse();
        assertThat(p0.verify(group, h.params.coefficientContext(3, 0), honest3.coefficientCommitments().get(1)).valid())
                .as("proof for another commitment").isFalse();

        h.exchangeCommitments();
        h.sealShares();
        h.deliverShares();
        assertThat(h.complaints).isEmpty(); // no complaint needed: the fault is public
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.faults()).containsExactly(new DealerFault(2, "K.3", r.reason()));
        assertThat(result.qualified()).containsExactly(1, 3);
        TrusteeKeyShare s1 = h.participant(1).finish(h.transcript());
        TrusteeKeyShare s3 = h.participant(3).finish(h.transcript());
        assertThat(s1.jointKey()).isEqualTo(s3.jointKey()).isEqualTo(result.jointKey());
        // The published message is not what participant 2 produced, so its finish refuses.
        assertThatThrownBy(() -> h.participant(2).finish(h.transcript())).hasMessageContaining("K.2");
    }

    @Test
    void commitmentsReplayedIntoAnotherCeremonyFailTheProofs() {
        GroupContext group = GroupContext.p256();
        CeremonyParameters a = new CeremonyParameters(group, "ceremony-a", 3, 2);
        CeremonyParameters b = new CeremonyParameters(group, "ceremony-b", 3, 2);
        DealerCommitments c = new KeyCeremonyParticipant(a, 1).commitments();
        assertThat(KeyCeremonyVerifier.verifyCommitments(a, c).valid()).isTrue();
        assertThat(KeyCeremonyVerifier.verifyCommitments(b, c).check()).isEqualTo("K.3");
        assertThat(KeyCeremonyVerifier.verifyCommitments(new CeremonyParameters(group, "ceremony-a", 4, 2), c).check())
                .isEqualTo("K.3");
        assertThat(KeyCeremonyVerifier.verifyCommitments(new CeremonyParameters(group, "ceremony-a", 3, 3), c).check())
                .isEqualTo("K.2");
        DealerCommitments moved = new DealerCommitments(2, c.communicationKey(), c.coefficientCommitments(), c.proofs());
        assertThat(KeyCeremonyVerifier.verifyCommitments(a, moved).check()).isEqualTo("K.3");
        assertThat(KeyCeremonyVerifier.verifyCommitments(a, new DealerCommitments(4, c.communicationKey(),
                c.coefficientCommitments(), c.proofs())).check()).isEqualTo("K.2");
    }

    @Test
    void missingOrConflictingSharesDisqualifyTheDealerPublicly() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = honestUpToDelivery(group, "missing", 2, 4);
        h.shares.removeIf(s -> s.dealerIndex() == 1 && s.recipientIndex() == 2);
        h.shares.add(h.participant(3).shareFor(4)); // second, different box from 3 to 4
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.qualified()).containsExactly(2, 4);
        assertThat(result.faults()).extracting(DealerFault::dealerIndex, DealerFault::check)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "K.4"),
                        org.assertj.core.groups.Tuple.tuple(3, "K.4"));
        assertThat(h.finishAll()).hasSize(4);
    }

    @Test
    void fewerThanThresholdQualifiedDealersFailsTheCeremony() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = honestUpToDelivery(group, "too-few", 3, 3);
        h.shares.removeIf(s -> s.dealerIndex() == 2 && s.recipientIndex() == 1);
        assertThatThrownBy(() -> KeyCeremonyVerifier.evaluate(h.transcript()))
                .isInstanceOf(KeyCeremonyException.class)
                .satisfies(e -> assertThat(((KeyCeremonyException) e).check()).isEqualTo("K.9"))
                .hasMessageContaining("threshold is 3");
        assertThatThrownBy(() -> h.participant(1).finish(h.transcript())).isInstanceOf(KeyCeremonyException.class);
    }

    @Test
    void verifierRejectsAnAnnouncedResultThatDiffersFromTheTranscript() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = honestUpToDelivery(group, "announce", 2, 3);
        PublicTranscript t = h.transcript();
        KeyCeremonyResult r = KeyCeremonyVerifier.evaluate(t);
        JointKey k = r.jointKey();
        JointKey otherY = new JointKey(2, new PublicKey(group, group.multiplyG(group.randomScalar())), k.verificationKeys());
        List<ECPoint> vks = new ArrayList<>(k.verificationKeys());
        vks.set(1, group.multiplyG(group.randomScalar()));
        JointKey otherVk = new JointKey(2, k.publicKey(), vks);
        assertThat(KeyCeremonyVerifier.verify(t, with(r, r.qualified(), otherY)).check()).isEqualTo("K.10");
        assertThat(KeyCeremonyVerifier.verify(t, with(r, r.qualified(), otherVk)).check()).isEqualTo("K.11");
        assertThat(KeyCeremonyVerifier.verify(t, with(r, List.of(1, 2), k)).check()).isEqualTo("K.9");
        KeyCeremonyResult fakeVerdict = new KeyCeremonyResult(r.parameters(), r.participants(), r.qualified(), r.faults(),
                List.of(new ComplaintVerdict(1, 2, true, 1, "K.5", "invented")), k);
        assertThat(KeyCeremonyVerifier.verify(t, fakeVerdict).check()).isEqualTo("K.8");
        assertThat(KeyCeremonyVerifier.verify(t, r).valid()).isTrue();
    }

    @Test
    void participantRejectsATranscriptWithoutItsOwnCommitments() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = honestUpToDelivery(group, "substituted", 2, 3);
        DealerCommitments replaced = new KeyCeremonyParticipant(h.params, 2).commitments();
        h.commitments.set(1, replaced);
        assertThatThrownBy(() -> h.participant(2).finish(h.transcript()))
                .isInstanceOf(KeyCeremonyException.class).hasMessageContaining("K.2");
    }

    @Test
    void secretsAreRedacted() {
        GroupContext group = GroupContext.p256();
        TestOnlyTrustedDealer.Deal deal = TestOnlyTrustedDealer.deal(group, 2, 3);
        TrusteeKeyShare s = deal.share(1);
        assertThat(s.toString()).contains("redacted").doesNotContain(s.secret().toString())
                .doesNotContain(s.secret().toString(16));
        assertThat(deal.toString()).doesNotContain(deal.secret().toString());
        assertThat(new KeyCeremonyParticipant(new CeremonyParameters(group, "x", 3, 2), 1).toString()).contains("redacted");
    }

    @Test
    void trusteeKeyShareMustMatchItsVerificationKey() {
        GroupContext group = GroupContext.p256();
        TestOnlyTrustedDealer.Deal deal = TestOnlyTrustedDealer.deal(group, 2, 3);
        TrusteeKeyShare s = deal.share(2);
        assertThatThrownBy(() -> new TrusteeKeyShare(2, s.secret().add(BigInteger.ONE), 2, s.publicKey(),
                s.verificationKeys())).hasMessageContaining("K.12");
        assertThatThrownBy(() -> new TrusteeKeyShare(1, s.secret(), 2, s.publicKey(), s.verificationKeys()))
                .hasMessageContaining("K.12");
    }

    @Test
    void trustedDealerSharesInterpolateToItsSecret() {
        GroupContext group = GroupContext.secp256k1();
        BigInteger secret = new BigInteger("123456789abcdef", 16);
        TestOnlyTrustedDealer.Deal deal = TestOnlyTrustedDealer.deal(group, 3, 5, secret);
        assertThat(deal.jointKey().publicKey().point()).isEqualTo(group.multiplyG(secret));
        for (List<Integer> subset : subsets(range(1, 5), 3)) {
            Map<Integer, BigInteger> points = new HashMap<>();
            subset.forEach(i -> points.put(i, deal.share(i).secret()));
            assertThat(Lagrange.interpolateAtZero(group, points)).isEqualTo(secret);
        }
        for (TrusteeKeyShare s : deal.shares()) {
            assertThat(group.multiplyG(s.secret())).isEqualTo(deal.jointKey().verificationKey(s.index()));
        }
    }

    // ---- helpers ----

    static CeremonyHarness honestUpToDelivery(GroupContext group, String id, int t, int n) {
        CeremonyHarness h = CeremonyHarness.create(group, id, t, n);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        h.deliverShares();
        return h;
    }

    static KeyCeremonyResult with(KeyCeremonyResult r, List<Integer> qualified, JointKey key) {
        return new KeyCeremonyResult(r.parameters(), r.participants(), qualified, r.faults(), r.verdicts(), key);
    }

    static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    static List<List<Integer>> subsets(List<Integer> items, int k) {
        return CeremonyHarness.subsets(items, k);
    }

    /**
     * A dealer who copies another dealer's ephemeral point E into a garbage box hoping that the
     * recipient's complaint reveals sk_j·E (which would open the other dealer's box): it cannot prove
     * knowledge of log E, so the box fails K.4, the recipient does not complain, and the dealer is
     * disqualified on public data alone.
     */
    @Test
    void copiedEphemeralPointIsAPublicFaultAndNeverTriggersARevealingComplaint() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = CeremonyHarness.create(group, "copied-ephemeral", 2, 3);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        EncryptedShare victim = h.share(3, 1);
        EncryptedShare own = h.share(2, 1);
        byte[] garbage = new byte[48];
        group.random().nextBytes(garbage);
        org.rdregistry.crypto.hybrid.SealedBox copied = new org.rdregistry.crypto.hybrid.SealedBox(
                victim.box().ephemeral(), victim.box().nonce(), garbage);
        // Neither the victim's proof nor the attacker's own proof fits the forged box.
        h.replaceShare(2, 1, new EncryptedShare(2, 1, copied, victim.ephemeralProof()));
        h.deliverShares();
        assertThat(h.complaints).isEmpty();
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.faults()).singleElement().satisfies(f -> {
            assertThat(f.dealerIndex()).isEqualTo(2);
            assertThat(f.check()).isEqualTo("K.4");
        });
        assertThat(result.qualified()).containsExactly(1, 3);
        assertThat(own.ephemeralProof().verify(group, SchnorrProof.EPHEMERAL_DOMAIN,
                h.params.ephemeralContext(2, 1, copied), copied.ephemeral()).valid()).isFalse();
        assertThat(h.finishAll()).hasSize(3);
    }

    /** A dishonest dealer's box that opens to {@code plaintext}, with a valid ephemeral proof. */
    static EncryptedShare dealerSealed(CeremonyHarness h, int dealer, int recipient, PublicKey recipientKey, byte[] plaintext) {
        GroupContext group = h.params.group();
        java.math.BigInteger e = group.randomScalar();
        org.rdregistry.crypto.hybrid.SealedBox box = org.rdregistry.crypto.hybrid.HybridEncryption.sealWithEphemeral(
                recipientKey, KeyCeremonyParticipant.SHARE_LABEL, plaintext, h.params.shareAad(dealer, recipient), e);
        return new EncryptedShare(dealer, recipient, box, SchnorrProof.prove(group, SchnorrProof.EPHEMERAL_DOMAIN,
                h.params.ephemeralContext(dealer, recipient, box), box.ephemeral(), e));
    }

    /** A dishonest dealer's box that does not open at all, with a valid ephemeral proof. */
    static EncryptedShare dealerGarbage(CeremonyHarness h, int dealer, int recipient, byte[] nonce, byte[] garbage) {
        GroupContext group = h.params.group();
        java.math.BigInteger e = group.randomScalar();
        org.rdregistry.crypto.hybrid.SealedBox box = new org.rdregistry.crypto.hybrid.SealedBox(group.multiplyG(e), nonce, garbage);
        return new EncryptedShare(dealer, recipient, box, SchnorrProof.prove(group, SchnorrProof.EPHEMERAL_DOMAIN,
                h.params.ephemeralContext(dealer, recipient, box), box.ephemeral(), e));
    }

    /** A trustee announcing a communication key on another curve is no participant and cannot get honest dealers excluded. */
    @Test
    void communicationKeyOnAnotherCurveMakesTheSenderANonParticipant() {
        GroupContext group = GroupContext.p256();
        CeremonyHarness h = CeremonyHarness.create(group, "foreign-key", 2, 3);
        org.rdregistry.crypto.elgamal.KeyPair foreign = org.rdregistry.crypto.elgamal.KeyPair.generate(GroupContext.secp256k1());
        h.publishCommitments(c -> c.dealerIndex() != 3 ? c
                : new DealerCommitments(3, foreign.publicKey(), c.coefficientCommitments(), c.proofs()));
        h.exchangeCommitments();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.participant(1).shareFor(3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("K.2");
        h.shares.add(h.participant(1).shareFor(2));
        h.shares.add(h.participant(2).shareFor(1));
        h.deliverShares();
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(h.transcript());
        assertThat(result.faults()).singleElement().satisfies(f -> {
            assertThat(f.dealerIndex()).isEqualTo(3);
            assertThat(f.check()).isEqualTo("K.2");
        });
        assertThat(result.qualified()).containsExactly(1, 2);
        TrusteeKeyShare x1 = h.participant(1).finish(h.transcript());
        TrusteeKeyShare x2 = h.participant(2).finish(h.transcript());
        assertThat(x1.publicKey()).isEqualTo(x2.publicKey());
    }
}
