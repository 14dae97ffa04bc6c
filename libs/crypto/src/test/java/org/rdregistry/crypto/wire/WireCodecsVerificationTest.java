package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.hybrid.ClaimableBlob;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.KeyCeremonyVerifier;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

import tools.jackson.databind.json.JsonMapper;

/**
 * Values decoded from the wire still do their job: proofs still verify against their statement (and
 * still fail against another one), a transcript still evaluates to the announced result, a claimable
 * blob still opens, an accountant still accounts. This is what the wire format is for; equality of
 * the decoded records alone would not show that no bit of a proof was lost or reordered.
 */
class WireCodecsVerificationTest {

    static final JsonMapper MAPPER = JsonMapper.builder().addModule(Wire.jacksonModule()).build();

    static List<GroupContext> curves() {
        return Samples.curves();
    }

    @ParameterizedTest
    @MethodSource("curves")
    void zeroOneProofFromBytesStillVerifies(GroupContext g) {
        PublicKey key = KeyPair.generate(g).publicKey();
        ZeroOneProof.ProvenBit bit = AreaSamples.provenBit(g, key, 1);
        byte[] ciphertext = Wire.toBytes(bit.ciphertext());
        byte[] proof = Wire.toBytes(bit.proof());
        Ciphertext c = Wire.fromBytes(ciphertext, Ciphertext.class, g);
        ZeroOneProof p = Wire.fromBytes(proof, ZeroOneProof.class, g);
        assertThat(p.verify(g, key, AreaSamples.CONTEXT, c).valid()).isTrue();
        assertThat(p.verify(g, key, AreaSamples.CONTEXT.with("other", 1), c).valid()).isFalse();
        assertThat(p.verify(g, key, AreaSamples.CONTEXT, c.add(c)).valid()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("curves")
    void rangeProofFromJsonStillVerifiesWithItsValueCiphertext(GroupContext g) {
        KeyPair keyPair = KeyPair.generate(g);
        PublicKey key = keyPair.publicKey();
        RangeProof.Result result = RangeProof.prove(g, key, AreaSamples.CONTEXT, 42, 100);
        RangeProof decoded = Wire.fromJson(Wire.toJson(result.proof()), RangeProof.class, g);
        Ciphertext value = Wire.fromJson(Wire.toJson(result.value().ciphertext()), Ciphertext.class, g);
        assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, 100, value).valid()).isTrue();
        assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, 200, null).check()).isEqualTo("R.1"); // 8 bits, not 7
        assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, 99, null).check()).isEqualTo("R.2"); // bound in context
        assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, 100, value.add(value)).check()).isEqualTo("R.3");
        assertThat(new ElGamal(g, new DiscreteLog(g, 1 << 6, 1 << 12)).decrypt(keyPair, value)).isEqualTo(42);
    }

    @ParameterizedTest
    @MethodSource("curves")
    void squareProofFromTheWireStillVerifiesAgainstTheRangeProofsValue(GroupContext g) {
        KeyPair keyPair = KeyPair.generate(g);
        PublicKey key = keyPair.publicKey();
        RangeProof.Result range = RangeProof.prove(g, key, AreaSamples.CONTEXT, 42, 100);
        SquareProof proof = SquareProof.prove(g, key, AreaSamples.CONTEXT.with("part", "square"), 42, range.value());
        SquareProof fromJson = MAPPER.readValue(MAPPER.writeValueAsString(proof), SquareProof.class);
        SquareProof fromBytes = Wire.fromBytes(Wire.toBytes(proof), SquareProof.class, g);
        RangeProof rangeFromJson = Wire.fromJson(Wire.toJson(range.proof()), RangeProof.class, g);
        Ciphertext value = rangeFromJson.valueCiphertext(g, 100);
        for (SquareProof decoded : List.of(fromJson, fromBytes)) {
            assertThat(decoded.verify(g, key, AreaSamples.CONTEXT.with("part", "square"), value).valid()).isTrue();
            assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, value).check()).isEqualTo("Q.4");
            assertThat(new ElGamal(g, new DiscreteLog(g, 1 << 7, 1 << 14)).decrypt(keyPair, decoded.square()))
                    .isEqualTo(42 * 42);
        }
    }

    @ParameterizedTest
    @MethodSource("curves")
    void oneHotEncryptionThroughJacksonStillVerifies(GroupContext g) {
        PublicKey key = KeyPair.generate(g).publicKey();
        OneHotEncryption value = OneHotEncryption.prove(g, key, AreaSamples.CONTEXT, 2, 3);
        OneHotEncryption decoded = MAPPER.readValue(MAPPER.writeValueAsString(value), OneHotEncryption.class);
        assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, 3).valid()).isTrue();
        assertThat(decoded.verify(g, key, AreaSamples.CONTEXT, 4).check()).isEqualTo("O.1");
    }

    @ParameterizedTest
    @MethodSource("curves")
    void thresholdSharesFromTheWireStillVerifyAndCombine(GroupContext g) {
        AreaSamples.Threshold th = AreaSamples.threshold(g);
        JointKey key = Wire.fromBytes(Wire.toBytes(th.key()), JointKey.class, g);
        Ciphertext c = Wire.fromBytes(Wire.toBytes(th.ciphertext()), Ciphertext.class, g);
        List<PartialDecryption> partials = new ArrayList<>();
        for (PartialDecryption p : th.partials()) {
            partials.add(Wire.fromBytes(Wire.toBytes(p), PartialDecryption.class, g));
        }
        assertThat(ThresholdDecryption.verify(key, c, AreaSamples.CONTEXT, partials.get(0)).valid()).isTrue();
        assertThat(ThresholdDecryption.verify(key, c, AreaSamples.CONTEXT, partials.get(2)).check()).isEqualTo("T.3");
        var combined = new DecryptionCombiner(key).combine(c, AreaSamples.CONTEXT, partials);
        assertThat(combined.plaintextPoint()).isEqualTo(g.multiplyG(BigInteger.valueOf(5)));
        assertThat(combined).isEqualTo(th.combined());

        PublicKey target = th.target().publicKey();
        for (int i = 0; i < 3; i++) {
            KeySwitchShare s = Wire.fromJson(Wire.toJson(th.switchShares().get(i)), KeySwitchShare.class, g);
            assertThat(KeySwitch.verifyShare(key, c, target, AreaSamples.CONTEXT, s).valid()).isEqualTo(i < 2);
        }
    }

    @ParameterizedTest
    @MethodSource("curves")
    void transcriptFromTheWireEvaluatesToTheAnnouncedResult(GroupContext g) {
        AreaSamples.Ceremony ceremony = AreaSamples.ceremony(g);
        PublicTranscript transcript = Wire.fromBytes(Wire.toBytes(ceremony.transcript()), PublicTranscript.class, g);
        KeyCeremonyResult announced = Wire.fromJson(Wire.toJson(ceremony.result()), KeyCeremonyResult.class, g);
        assertThat(KeyCeremonyVerifier.evaluate(transcript)).isEqualTo(ceremony.result());
        assertThat(KeyCeremonyVerifier.verify(transcript, announced).valid()).isTrue();
        assertThat(announced.verdicts()).singleElement().satisfies(v -> assertThat(v.upheld()).isTrue());
        assertThat(announced.qualified()).containsExactly(1);
        // the trustees' shares match the decoded joint key
        assertThat(ceremony.shares().get(0).jointKey()).isEqualTo(announced.jointKey());
    }

    @ParameterizedTest
    @MethodSource("curves")
    void claimableBlobFromTheWireStillOpens(GroupContext g) {
        AreaSamples.Threshold th = AreaSamples.threshold(g);
        byte[] payload = "who claims case 17".getBytes(StandardCharsets.UTF_8);
        ClaimableBlob blob = AreaSamples.blob(g, th.key().publicKey(), payload);
        ClaimableBlob decoded = Wire.fromJson(Wire.toJson(Wire.fromBytes(Wire.toBytes(blob))), ClaimableBlob.class, g);
        KeyPair registry = th.deal().keyPair();
        assertThat(decoded.open(registry, decoded.encryptedKeyPoint(), AreaSamples.BLOB_LABEL,
                "aad".getBytes(StandardCharsets.UTF_8))).isEqualTo(payload);
    }

    @Test
    void accountantFromTheWireKeepsAccountingExactly() {
        PrivacyAccountant before = AreaSamples.accountant();
        PrivacyAccountant after = Wire.fromJson(Wire.toJson(before), PrivacyAccountant.class);
        PrivacyCost next = PrivacyCost.discreteLaplace(1, Rational.of(7, 3));
        assertThat(after.canAfford(next)).isEqualTo(before.canAfford(next));
        assertThat(after.affordableRho()).isEqualTo(before.affordableRho());
        assertThat(after.spend(next)).isEqualTo(before.spend(next));
        assertThat(after.spentEpsilon(Rational.of(1, 1_000_000))).isEqualTo(before.spentEpsilon(Rational.of(1, 1_000_000)));
    }
}
