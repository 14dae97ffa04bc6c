package org.rdregistry.crypto.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdregistry.crypto.wire.WireRoundTripTest.roundTrips;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import org.rdregistry.crypto.decrypt.CombinedDecryption;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.keyceremony.CeremonyHarness;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.ComplaintVerdict;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.DealerFault;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.KeyCeremonyVerifier;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.keyceremony.SchnorrProof;
import org.rdregistry.crypto.keyswitch.KeySwitchProof;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.crypto.proof.OneHotEncryption;
import org.rdregistry.crypto.proof.RangeProof;
import org.rdregistry.crypto.proof.SquareProof;
import org.rdregistry.crypto.proof.ZeroOneProof;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Round trips of the proof, hybrid, threshold and privacy codecs through binary, JSON, the dispatching
 * decoders and the Jackson module ({@link WireRoundTripTest#roundTrips}), with the binary length
 * predicted from the layouts of spec §8.4 (6-byte header; points 65, scalars 32, int32 4, int64 8,
 * bool 1, strings and lists a 4-byte prefix).
 */
class WireCodecsRoundTripTest {

    static final int HEADER = 6;
    /** A point on the wire: 04 || x || y (spec §1.2.1). */
    static final int POINT = 65;
    static final int SCALAR = 32;
    static final int ZERO_ONE_BODY = 4 * POINT + 3 * SCALAR;
    static final int CIPHERTEXT_BODY = 2 * POINT;
    static final int DLEQ_BODY = POINT + POINT + SCALAR;
    static final int SCHNORR_BODY = POINT + SCALAR;
    static final int SQUARE_BODY = CIPHERTEXT_BODY + 4 * POINT + 3 * SCALAR;

    @Provide
    Arbitrary<GroupContext> curves() {
        return Arbitraries.of(GroupContext.p256(), GroupContext.secp256k1());
    }

    /** Scalars in [1, 2^255], below both curve orders. */
    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TWO.pow(255));
    }

    /** Printable text with multi-byte UTF-8 characters. */
    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(" .:-_é中".toCharArray()).ofMaxLength(30);
    }

    /** Check numbers: at most 8 characters, so at most 24 UTF-8 bytes (limit 32). */
    @Provide
    Arbitrary<String> checks() {
        return Arbitraries.strings().withCharRange('A', 'Z').withChars(".0123456789é中".toCharArray()).ofMaxLength(8);
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static PublicKey key(GroupContext g) {
        return KeyPair.generate(g).publicKey();
    }

    // ---- proofs (0x01xx)

    @Property(tries = 10)
    void zeroOneProof(@ForAll("curves") GroupContext g, @ForAll @IntRange(max = 1) int bit) {
        roundTrips(AreaSamples.provenBit(g, key(g), bit).proof(), HEADER + ZERO_ONE_BODY);
    }

    @Property(tries = 6)
    void oneHotEncryption(@ForAll("curves") GroupContext g, @ForAll @IntRange(min = 1, max = 4) int m) {
        OneHotEncryption value = OneHotEncryption.prove(g, key(g), AreaSamples.CONTEXT, m - 1, m);
        roundTrips(value, HEADER + 4 + CIPHERTEXT_BODY * m + 4 + ZERO_ONE_BODY * m + DLEQ_BODY);
    }

    @Property(tries = 6)
    void rangeProof(@ForAll("curves") GroupContext g, @ForAll @LongRange(min = 1, max = 1L << 32) long bound,
                    @ForAll @LongRange(min = 0, max = 1L << 32) long value) {
        RangeProof proof = RangeProof.prove(g, key(g), AreaSamples.CONTEXT, Math.min(value, bound), bound).proof();
        int k = 64 - Long.numberOfLeadingZeros(bound);
        roundTrips(proof, HEADER + 4 + CIPHERTEXT_BODY * k + 4 + ZERO_ONE_BODY * k);
    }

    @Example
    void largestRangeProofHas33Bits() {
        GroupContext g = GroupContext.p256();
        RangeProof proof = RangeProof.prove(g, key(g), AreaSamples.CONTEXT, 1L << 32, RangeProof.MAX_BOUND).proof();
        assertThat(proof.bitCiphertexts()).hasSize(ProofCodecs.MAX_RANGE_BITS);
        roundTrips(proof, HEADER + 8 + (CIPHERTEXT_BODY + ZERO_ONE_BODY) * 33);
    }

    @Property(tries = 8)
    void squareProof(@ForAll("curves") GroupContext g, @ForAll @LongRange(min = 0, max = 1200) long v) {
        roundTrips(AreaSamples.squareProof(g, key(g), v), HEADER + SQUARE_BODY);
    }

    /** B' = O is a valid point-or-infinity (check Q.2 allows it); it keeps its 33-byte slot. */
    @Property(tries = 10)
    void squareProofWithSquareBetaAtInfinity(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger a,
                                             @ForAll("scalars") BigInteger b) {
        SquareProof p = new SquareProof(new org.rdregistry.crypto.elgamal.Ciphertext(g.multiplyG(a), g.infinity()),
                g.multiplyG(b), g.multiplyG(a.add(b)), g.multiplyG(a), g.multiplyG(b), a, b, a.add(b).mod(g.order()));
        roundTrips(p, HEADER + SQUARE_BODY);
    }

    // ---- hybrid (0x02xx)

    @Property(tries = 10)
    void claimableBlob(@ForAll("curves") GroupContext g, @ForAll @Size(max = 300) byte[] payload) {
        roundTrips(AreaSamples.blob(g, key(g), payload), HEADER + POINT + POINT + 12 + 4 + payload.length + 16);
    }

    // ---- threshold (0x03xx)

    @Property(tries = 10)
    void ceremonyParameters(@ForAll("curves") GroupContext g, @ForAll("texts") String id,
                            @ForAll @IntRange(min = 1, max = 1024) int n, @ForAll @IntRange(min = 1, max = 1024) int t) {
        String ceremonyId = "c" + id;
        roundTrips(new CeremonyParameters(g, ceremonyId, n, Math.min(t, n)), HEADER + 4 + utf8(ceremonyId) + 4 + 4);
    }

    @Property(tries = 20)
    void schnorrAndKeySwitchProofs(@ForAll("curves") GroupContext g, @ForAll("scalars") BigInteger a,
                                   @ForAll("scalars") BigInteger b) {
        roundTrips(new SchnorrProof(g.multiplyG(a), b), HEADER + SCHNORR_BODY);
        KeySwitchProof p = new KeySwitchProof(g.multiplyG(a), g.multiplyG(b), g.multiplyG(a.add(b)), a, b);
        roundTrips(p, HEADER + 3 * POINT + 2 * SCALAR);
        roundTrips(new KeySwitchShare(1024, g.multiplyG(b), g.infinity(), p),
                HEADER + 4 + POINT + POINT + 3 * POINT + 2 * SCALAR);
    }

    /** A real t-of-n ceremony; all its messages and its result round-trip. */
    @Property(tries = 4)
    void ceremonyMessagesAndResult(@ForAll("curves") GroupContext g, @ForAll @IntRange(min = 1, max = 3) int n,
                                   @ForAll @IntRange(min = 1, max = 3) int t) {
        int threshold = Math.min(t, n);
        CeremonyHarness h = CeremonyHarness.create(g, "round-trip", threshold, n);
        h.publishCommitments(UnaryOperator.identity());
        h.exchangeCommitments();
        h.sealShares();
        h.deliverShares();
        PublicTranscript transcript = h.transcript();
        int params = 4 + utf8("round-trip") + 8;
        int commitmentBody = 4 + POINT + 4 + POINT * threshold + 4 + SCHNORR_BODY * threshold;
        for (DealerCommitments c : transcript.commitments()) {
            roundTrips(c, HEADER + commitmentBody);
        }
        int sharesBody = 0;
        for (EncryptedShare s : transcript.shares()) {
            int body = 4 + 4 + POINT + 12 + 4 + s.box().ciphertext().length + SCHNORR_BODY;
            sharesBody += body;
            roundTrips(s, HEADER + body);
        }
        roundTrips(transcript, HEADER + params + 4 + n * commitmentBody + 4 + sharesBody + 4);
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(transcript);
        int jointKeyBody = 4 + POINT + 4 + POINT * n;
        roundTrips(result.jointKey(), HEADER + jointKeyBody);
        roundTrips(result, HEADER + params + 4 + 4 * n + 4 + 4 * n + 4 + 4 + jointKeyBody);
    }

    @Example
    void ceremonyWithAComplaint() {
        for (GroupContext g : Samples.curves()) {
            AreaSamples.Ceremony c = AreaSamples.ceremony(g);
            assertThat(c.transcript().complaints()).hasSize(1);
            assertThat(c.result().faults()).hasSize(1);
            roundTrips(c.transcript().complaints().get(0), HEADER + 4 + 4 + POINT + DLEQ_BODY);
            roundTrips(c.transcript(), -1);
            roundTrips(c.result(), -1);
        }
    }

    @Property(tries = 30)
    void reports(@ForAll int dealer, @ForAll int complainer, @ForAll boolean upheld, @ForAll("checks") String check,
                 @ForAll("texts") String reason) {
        int textBytes = 4 + utf8(check) + 4 + utf8(reason);
        roundTrips(new ComplaintVerdict(dealer, complainer, upheld, upheld ? dealer : complainer, check, reason),
                HEADER + 4 + 4 + 1 + 4 + textBytes);
        roundTrips(new DealerFault(dealer, check, reason), HEADER + 4 + textBytes);
        roundTrips(new InvalidShare(complainer, check, reason), HEADER + 4 + textBytes);
    }

    @Example
    void partialDecryptionAndCombinations() {
        for (GroupContext g : Samples.curves()) {
            AreaSamples.Threshold th = AreaSamples.threshold(g);
            roundTrips(th.partials().get(1), HEADER + 4 + POINT + DLEQ_BODY);
            InvalidShare invalid = th.combined().invalidShares().get(0);
            int invalidBody = 4 + 4 + utf8(invalid.check()) + 4 + utf8(invalid.reason());
            roundTrips(th.combined(), HEADER + POINT + 4 + 2 * 4 + 4 + invalidBody);
            roundTrips(th.switchShares().get(0), HEADER + 4 + 2 * POINT + 3 * POINT + 2 * SCALAR);
            roundTrips(th.switched(), HEADER + CIPHERTEXT_BODY + 4 + 2 * 4 + 4 + th.switched().invalidShares().stream()
                    .mapToInt(s -> 4 + 4 + utf8(s.check()) + 4 + utf8(s.reason())).sum());
            // m = 0 decrypts to the point at infinity, which then carries the curve
            roundTrips(new CombinedDecryption(g.infinity(), List.of(1, 3), List.of()), HEADER + POINT + 4 + 8 + 4);
        }
    }

    // ---- differential privacy (0x04xx), curve-free

    @Provide
    Arbitrary<Rational> rationals() {
        Arbitrary<BigInteger> num = Arbitraries.bigIntegers().between(BigInteger.TWO.pow(200).negate(),
                BigInteger.TWO.pow(200));
        Arbitrary<BigInteger> den = Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TWO.pow(200));
        return net.jqwik.api.Combinators.combine(num, den).as(Rational::of);
    }

    @Provide
    Arbitrary<Rational> nonNegative() {
        return rationals().map(r -> r.signum() < 0 ? r.negate() : r);
    }

    @Property(tries = 50)
    void rational(@ForAll("rationals") Rational r) {
        roundTrips(r, HEADER + 4 + r.toString().length());
        assertThat(Wire.toJson(r)).isEqualTo("{\"v\":1,\"type\":\"rational\",\"value\":\"" + r + "\"}");
    }

    @Property(tries = 30)
    void privacyState(@ForAll("nonNegative") Rational a, @ForAll("nonNegative") Rational b,
                      @ForAll("nonNegative") Rational c, @ForAll("texts") String cohort,
                      @ForAll @LongRange(min = 0) long releases) {
        PrivacyCost cost = new PrivacyCost(a, b, c);
        int costBody = 12 + a.toString().length() + b.toString().length() + c.toString().length();
        roundTrips(cost, HEADER + costBody);
        Rational limit = a.add(Rational.ONE);
        PrivacyBudget zcdp = PrivacyBudget.zcdp(limit);
        int zcdpBody = 4 + 4 + 4 + limit.toString().length() + 1;
        roundTrips(zcdp, HEADER + zcdpBody);
        Rational delta = Rational.ONE.divide(limit.add(Rational.ONE));
        PrivacyBudget approximate = PrivacyBudget.approximate(limit, delta);
        roundTrips(approximate, HEADER + 4 + 11 + 4 + limit.toString().length() + 1 + 4 + delta.toString().length());
        roundTrips(new PrivacyAccountant(cohort, zcdp, cost, releases),
                HEADER + 4 + utf8(cohort) + zcdpBody + costBody + 8);
    }

    @Example
    void accountantAfterReleases() {
        PrivacyAccountant a = AreaSamples.accountant();
        assertThat(a.releases()).isEqualTo(2);
        roundTrips(a, -1);
        roundTrips(PrivacyBudget.pure(Rational.of(1, 2)), HEADER + 4 + 4 + 4 + 3 + 1);
    }

    /** Samples on both curves (the rejection tests use the same list) round-trip through every path. */
    @Example
    void everyAreaSample() {
        for (GroupContext g : Samples.curves()) {
            for (Object value : AreaSamples.all(g)) {
                roundTrips(value, -1);
            }
        }
    }
}
