package org.rdregistry.crypto.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.rdregistry.crypto.decrypt.CombinedDecryption;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.keyceremony.CeremonyHarness;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.KeyCeremonyParticipant;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.KeyCeremonyVerifier;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.keyceremony.TestOnlyTrustedDealer;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.keyswitch.KeySwitchResult;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

/**
 * Valid, small sample values of the proof, hybrid, threshold and privacy codecs, built with the real
 * provers, a real (cached) key ceremony and a test-dealt threshold key. Small on purpose: the
 * truncation test decodes every prefix of every sample.
 */
final class AreaSamples {

    static final ProofContext CONTEXT = ProofContext.of("test", "wire-codecs").with("record", 7);
    static final String BLOB_LABEL = "wire-test/claim";

    private static final Map<GroupContext, Ceremony> CEREMONIES = new ConcurrentHashMap<>();
    private static final Map<GroupContext, Threshold> THRESHOLDS = new ConcurrentHashMap<>();

    private AreaSamples() {
    }

    /**
     * A 1-of-2 ceremony in which dealer 2 seals a wrong share for trustee 1: one upheld complaint, one
     * fault, QUAL = {1}.
     */
    record Ceremony(CeremonyHarness harness, PublicTranscript transcript, KeyCeremonyResult result,
                    List<TrusteeKeyShare> shares) {
    }

    /**
     * A 2-of-3 dealt key, a ciphertext of 5 under it, partial decryptions and key-switch shares of trustees
     * 1-3 (trustee 3's under another context, hence invalid) and their combinations.
     */
    record Threshold(TestOnlyTrustedDealer.Deal deal, Ciphertext ciphertext, KeyPair target,
                     List<PartialDecryption> partials, CombinedDecryption combined, List<KeySwitchShare> switchShares,
                     KeySwitchResult switched) {
        JointKey key() {
            return deal.jointKey();
        }
    }

    static Ceremony ceremony(GroupContext g) {
        return CEREMONIES.computeIfAbsent(g, AreaSamples::runCeremony);
    }

    private static Ceremony runCeremony(GroupContext g) {
        CeremonyHarness h = CeremonyHarness.create(g, "wire-sample", 1, 2);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        PublicKey recipient = h.participant(1).communicationKey();
        h.replaceShare(2, 1, h.dealerSealed(2, 1, g.encodeScalar(g.randomScalar())));
        h.deliverShares();
        PublicTranscript transcript = h.transcript();
        return new Ceremony(h, transcript, KeyCeremonyVerifier.evaluate(transcript), h.finishAll());
    }

    static Threshold threshold(GroupContext g) {
        return THRESHOLDS.computeIfAbsent(g, AreaSamples::dealThreshold);
    }

    private static Threshold dealThreshold(GroupContext g) {
        TestOnlyTrustedDealer.Deal deal = TestOnlyTrustedDealer.deal(g, 2, 3);
        Ciphertext c = new ElGamal(g).encrypt(deal.jointKey().publicKey(), 5).ciphertext();
        KeyPair target = KeyPair.generate(g);
        ProofContext other = CONTEXT.with("tampered", 1);
        List<PartialDecryption> partials = new ArrayList<>();
        List<KeySwitchShare> switchShares = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ProofContext ctx = i == 3 ? other : CONTEXT;
            partials.add(ThresholdDecryption.partialDecrypt(deal.share(i), c, ctx));
            switchShares.add(KeySwitch.createShare(deal.share(i), c, target.publicKey(), ctx));
        }
        CombinedDecryption combined = new DecryptionCombiner(deal.jointKey()).combine(c, CONTEXT, partials);
        KeySwitchResult switched = new KeySwitchCombiner(deal.jointKey()).combine(c, target.publicKey(), CONTEXT,
                switchShares);
        return new Threshold(deal, c, target, List.copyOf(partials), combined, List.copyOf(switchShares), switched);
    }

    static ZeroOneProof.ProvenBit provenBit(GroupContext g, PublicKey key, int bit) {
        return ZeroOneProof.encryptAndProve(g, key, CONTEXT, bit);
    }

    /** A square proof of v² for a fresh encryption of v under key. */
    static SquareProof squareProof(GroupContext g, PublicKey key, long v) {
        return SquareProof.prove(g, key, CONTEXT, v, new ElGamal(g).encrypt(key, v));
    }

    static ClaimableBlob blob(GroupContext g, PublicKey key, byte[] payload) {
        return ClaimableBlob.seal(key, BLOB_LABEL, payload, "aad".getBytes(StandardCharsets.UTF_8));
    }

    static PrivacyAccountant accountant() {
        PrivacyBudget budget = PrivacyBudget.approximate(Rational.of(3, 2), Rational.of(1, 1_000_000));
        return PrivacyAccountant.open("ORPHA:558", budget)
                .spend(PrivacyCost.discreteGaussian(1, Rational.of(101, 2)))
                .spend(PrivacyCost.discreteLaplace(2, Rational.of(40)));
    }

    /** One sample of every codec of ProofCodecs, HybridCodecs, ThresholdCodecs and PrivacyCodecs. */
    static List<Object> all(GroupContext g) {
        PublicKey key = KeyPair.generate(g).publicKey();
        Ceremony ceremony = ceremony(g);
        Threshold threshold = threshold(g);
        InvalidShare invalid = threshold.combined().invalidShares().get(0);
        PrivacyAccountant accountant = accountant();
        return List.of(
                provenBit(g, key, 1).proof(),
                OneHotEncryption.prove(g, key, CONTEXT, 1, 2),
                RangeProof.prove(g, key, CONTEXT, 2, 3).proof(),
                squareProof(g, key, 3),
                blob(g, key, "case 17".getBytes(StandardCharsets.UTF_8)),
                ceremony.transcript().parameters(),
                ceremony.transcript().commitments().get(0).proofs().get(0),
                ceremony.transcript().commitments().get(1),
                ceremony.transcript().shares().get(0),
                ceremony.transcript().complaints().get(0),
                ceremony.result().verdicts().get(0),
                ceremony.result().faults().get(0),
                ceremony.result().jointKey(),
                ceremony.transcript(),
                ceremony.result(),
                threshold.partials().get(0),
                invalid,
                threshold.switchShares().get(1).proof(),
                threshold.switchShares().get(1),
                threshold.combined(),
                threshold.switched(),
                Rational.of(-22, 7),
                accountant.spent(),
                accountant.budget(),
                accountant);
    }
}
