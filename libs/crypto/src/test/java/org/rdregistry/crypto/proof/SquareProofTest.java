package org.rdregistry.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.Encryption;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.group.Transcript;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SquareProofTest {

    private static final GroupContext P256 = GroupContext.p256();
    private static final GroupContext K1 = GroupContext.secp256k1();
    private static final long BOUND = 1200;
    private static final ProofContext RECORD = ProofContext.of("registry-key", "rk-1").with("schema", "1")
            .with("record", "rec-1");
    private static final ProofContext VALUE = RECORD.with("field", "onsetMonths");
    private static final ProofContext SQUARE = VALUE.with("part", "square");

    /** Per curve: a key pair and an ElGamal whose table decodes up to 2^21 > 1200². */
    private record Fixture(GroupContext group, KeyPair keyPair, ElGamal elgamal) {
        PublicKey key() {
            return keyPair.publicKey();
        }

        long decrypt(Ciphertext c) {
            return elgamal.decrypt(keyPair, c);
        }
    }

    private static final Fixture P = fixture(P256);
    private static final Fixture K = fixture(K1);

    private static Fixture fixture(GroupContext g) {
        return new Fixture(g, KeyPair.generate(g), new ElGamal(g, new DiscreteLog(g, 1 << 11, 1 << 21)));
    }

    static List<Fixture> fixtures() {
        return List.of(P, K);
    }

    /** A value, its encryption (with randomness) and an honest square proof. */
    private record Proven(long v, Encryption value, SquareProof proof) {
        Ciphertext cv() {
            return value.ciphertext();
        }
    }

    private static Proven prove(Fixture f, long v) {
        Encryption e = new ElGamal(f.group()).encrypt(f.key(), v);
        return new Proven(v, e, SquareProof.prove(f.group(), f.key(), SQUARE, v, e));
    }

    // ---------------------------------------------------------------- completeness

    @Property(tries = 25)
    void squareOfARandomValueVerifiesAndDecryptsToTheSquare(@ForAll @LongRange(min = 0, max = BOUND) long v) {
        Proven p = prove(P, v);
        assertThat(p.proof().verify(P256, P.key(), SQUARE, p.cv())).isEqualTo(VerificationResult.ok());
        assertThat(P.decrypt(p.proof().square())).isEqualTo(v * v);
    }

    /** With the value encryption of a range proof, as the registry does: edges 0, 1, 1200 on both curves. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void edgeValuesWithTheRangeProofsValueEncryption(Fixture f) {
        GroupContext g = f.group();
        for (long v : new long[] {0, 1, BOUND}) {
            RangeProof.Result range = RangeProof.prove(g, f.key(), VALUE, v, BOUND);
            SquareProof sq = SquareProof.prove(g, f.key(), SQUARE, v, range.value());
            Ciphertext derived = range.proof().valueCiphertext(g, BOUND);
            assertThat(sq.verify(g, f.key(), SQUARE, derived).valid()).as("v=%d on %s", v, g).isTrue();
            assertThat(f.decrypt(sq.square())).as("v=%d on %s", v, g).isEqualTo(v * v);
            BatchVerifier batch = new BatchVerifier(g);
            batch.add(range.proof(), f.key(), VALUE, BOUND);
            batch.add(sq, f.key(), SQUARE, derived);
            assertThat(batch.verify().valid()).isTrue();
        }
    }

    /** C_s - v·C_v is an encryption of 0 (the square is v times the value plus an encryption of 0). */
    @Test
    void squareIsTheValueTimesVPlusAnEncryptionOfZero() {
        Proven p = prove(P, 777);
        Ciphertext rest = p.proof().square().subtract(p.cv().multiply(P256, 777));
        assertThat(P.decrypt(rest)).isZero();
        assertThat(rest.alpha().isInfinity()).isFalse(); // rho is not 0
    }

    @Test
    void squareCiphertextIsFreshlyRandomised() {
        Encryption e = new ElGamal(P256).encrypt(P.key(), 5);
        SquareProof a = SquareProof.prove(P256, P.key(), SQUARE, 5, e);
        SquareProof b = SquareProof.prove(P256, P.key(), SQUARE, 5, e);
        assertThat(a.square()).isNotEqualTo(b.square());
        assertThat(a.t1()).isNotEqualTo(b.t1());
        assertThat(P.decrypt(a.square())).isEqualTo(P.decrypt(b.square())).isEqualTo(25);
    }

    /** A proof built by this test's own prover (independent code) verifies: the equations are the spec's. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void independentlyComputedHonestProofVerifies(Fixture f) {
        GroupContext g = f.group();
        Encryption e = new ElGamal(g).encrypt(f.key(), 31);
        BigInteger rho = g.randomScalar();
        Ciphertext square = e.ciphertext().multiply(g, 31).add(encryptionOfZero(g, f.key(), rho)).normalize();
        SquareProof forged = forge(g, f.key(), SQUARE, e.ciphertext(), square, BigInteger.valueOf(31), e.randomness(), rho);
        assertThat(forged.verify(g, f.key(), SQUARE, e.ciphertext())).isEqualTo(VerificationResult.ok());
        assertThat(f.decrypt(forged.square())).isEqualTo(961);
    }

    // ---------------------------------------------------------------- soundness: wrong squares

    /** C_s = Enc(v² + 1): with the honest proof's values it fails Q.4 (c changes); re-proved, Q.7. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void squarePlusOneIsRejected(Fixture f) {
        GroupContext g = f.group();
        long v = 40;
        Encryption e = new ElGamal(g).encrypt(f.key(), v);
        SquareProof honest = SquareProof.prove(g, f.key(), SQUARE, v, e);
        Ciphertext plusOne = honest.square().addPlaintext(g, 1).normalize();
        assertThat(f.decrypt(plusOne)).isEqualTo(v * v + 1);
        assertThat(withSquare(honest, plusOne).verify(g, f.key(), SQUARE, e.ciphertext()).check()).isEqualTo("Q.4");
        // the cheater builds C_s = v·C_v + (ρG, ρY + G) and runs the honest protocol with (v, r, ρ)
        BigInteger rho = g.randomScalar();
        Ciphertext cheat = e.ciphertext().multiply(g, v).add(encryptionOfZero(g, f.key(), rho)).addPlaintext(g, 1)
                .normalize();
        SquareProof attempt = forge(g, f.key(), SQUARE, e.ciphertext(), cheat, BigInteger.valueOf(v), e.randomness(), rho);
        assertThat(attempt.verify(g, f.key(), SQUARE, e.ciphertext()).check()).isEqualTo("Q.7");
        assertThat(batchCheck(g, f.key(), SQUARE, e.ciphertext(), attempt)).isEqualTo("Q.7");
    }

    /** C_s = Enc((v+1)²) proven with witness v + 1: B ≠ (v+1)·G + r·Y, check Q.5. */
    @Property(tries = 10)
    void squareOfAnotherValueIsRejected(@ForAll @LongRange(min = 0, max = BOUND - 1) long v,
                                        @ForAll @IntRange(min = 1, max = 3) int delta) {
        GroupContext g = P256;
        Encryption e = new ElGamal(g).encrypt(P.key(), v);
        long w = v + delta;
        // a fresh encryption of w² with randomness s, and ρ chosen so that A' = w·A + ρ·G holds
        BigInteger s = g.randomScalar();
        Encryption fake = new ElGamal(g).encrypt(P.key(), BigInteger.valueOf(w * w), s);
        BigInteger rho = s.subtract(BigInteger.valueOf(w).multiply(e.randomness())).mod(g.order());
        SquareProof attempt = forge(g, P.key(), SQUARE, e.ciphertext(), fake.ciphertext(), BigInteger.valueOf(w),
                e.randomness(), rho);
        assertThat(P.decrypt(attempt.square())).isEqualTo(w * w);
        assertThat(attempt.verify(g, P.key(), SQUARE, e.ciphertext()).check()).isEqualTo("Q.5");
        // and with the true v as witness for Enc(w²): Q.7 (A' = v·A + ρ'·G for the right ρ', but B' is off)
        BigInteger rho2 = s.subtract(BigInteger.valueOf(v).multiply(e.randomness())).mod(g.order());
        SquareProof attempt2 = forge(g, P.key(), SQUARE, e.ciphertext(), fake.ciphertext(), BigInteger.valueOf(v),
                e.randomness(), rho2);
        assertThat(attempt2.verify(g, P.key(), SQUARE, e.ciphertext()).check()).isEqualTo("Q.7");
    }

    /** The prover refuses an encryption that does not encrypt the claimed value (message without the value). */
    @Test
    void proverRefusesAFalseStatement() {
        Encryption e = new ElGamal(P256).encrypt(P.key(), 1111);
        assertThatThrownBy(() -> SquareProof.prove(P256, P.key(), SQUARE, 1112, e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not encrypt")
                .hasMessageNotContaining("1111").hasMessageNotContaining("1112");
        Encryption wrongR = new Encryption(e.ciphertext(), e.randomness().add(BigInteger.ONE));
        assertThatThrownBy(() -> SquareProof.prove(P256, P.key(), SQUARE, 1111, wrongR))
                .isInstanceOf(IllegalArgumentException.class);
        Encryption otherKey = new ElGamal(P256).encrypt(KeyPair.generate(P256).publicKey(), 1111);
        assertThatThrownBy(() -> SquareProof.prove(P256, P.key(), SQUARE, 1111, otherKey))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SquareProof.prove(K1, P.key(), SQUARE, 1111, e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to");
        // r = 0: A = O, v·G in the clear (check Q.1 would reject it)
        Encryption zeroRandomness = new Encryption(new Ciphertext(P256.infinity(), P256.multiplyG(BigInteger.valueOf(3))),
                BigInteger.ZERO);
        assertThatThrownBy(() -> SquareProof.prove(P256, P.key(), SQUARE, 3, zeroRandomness))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- tampering

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyTamperedProofValueIsRejected(Fixture f) {
        GroupContext g = f.group();
        Proven p = prove(f, 600);
        SquareProof q = p.proof();
        Ciphertext cv = p.cv();
        // a changed commitment or square ciphertext changes c: the first equation fails
        for (int i = 0; i < 4; i++) {
            assertThat(withPoint(q, i, moved(g, point(q, i))).verify(g, f.key(), SQUARE, cv).check())
                    .as("T%d", i + 1).isEqualTo("Q.4");
        }
        assertThat(withSquare(q, new Ciphertext(moved(g, q.square().alpha()), q.square().beta()))
                .verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.4");
        assertThat(withSquare(q, new Ciphertext(q.square().alpha(), moved(g, q.square().beta())))
                .verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.4");
        // a changed response fails the first equation that uses it
        assertThat(withZ(q, plusOne(g, q.zR()), q.zV(), q.zRho()).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.4");
        assertThat(withZ(q, q.zR(), plusOne(g, q.zV()), q.zRho()).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.5");
        assertThat(withZ(q, q.zR(), q.zV(), plusOne(g, q.zRho())).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.6");
        // the statement
        assertThat(q.verify(g, f.key(), SQUARE.with("x", 1), cv).check()).isEqualTo("Q.4");
        assertThat(q.verify(g, f.key(), VALUE, cv).check()).isEqualTo("Q.4");
        assertThat(q.verify(g, KeyPair.generate(g).publicKey(), SQUARE, cv).check()).isEqualTo("Q.4");
        assertThat(q.verify(g, f.key(), SQUARE, cv.addPlaintext(g, 1).normalize()).check()).isEqualTo("Q.4");
        Ciphertext sameValueOtherRandomness = new ElGamal(g).encrypt(f.key(), 600).ciphertext();
        assertThat(q.verify(g, f.key(), SQUARE, sameValueOtherRandomness).check()).isEqualTo("Q.4");
    }

    /** Square ciphertexts, proofs and value ciphertexts of two records do not mix. */
    @Test
    void partsOfAnotherRecordAreRejected() {
        Proven a = prove(P, 100);
        Proven b = prove(P, 100);
        assertThat(a.proof().verify(P256, P.key(), SQUARE, b.cv()).check()).isEqualTo("Q.4");
        assertThat(withSquare(a.proof(), b.proof().square()).verify(P256, P.key(), SQUARE, a.cv()).check())
                .isEqualTo("Q.4");
        // the same proof under another record's context
        ProofContext otherRecord = ProofContext.of("registry-key", "rk-1").with("schema", "1").with("record", "rec-2")
                .with("field", "onsetMonths").with("part", "square");
        assertThat(a.proof().verify(P256, P.key(), otherRecord, a.cv()).check()).isEqualTo("Q.4");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void malformedPointsAndScalarsAreRejectedBeforeAnyEquation(Fixture f) {
        GroupContext g = f.group();
        Proven p = prove(f, 9);
        SquareProof q = p.proof();
        Ciphertext cv = p.cv();
        ECPoint offCurve = ZeroOneProofTest.offCurve(g);
        ECPoint foreign = (g == P256 ? K1 : P256).generator();
        for (int i = 0; i < 4; i++) {
            for (ECPoint bad : new ECPoint[] {g.infinity(), offCurve, foreign}) {
                assertThat(withPoint(q, i, bad).verify(g, f.key(), SQUARE, cv).check()).as("T%d", i + 1).isEqualTo("Q.3");
            }
        }
        for (BigInteger bad : new BigInteger[] {g.order(), BigInteger.ONE.negate(), g.order().add(q.zV())}) {
            assertThat(withZ(q, bad, q.zV(), q.zRho()).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.3");
            assertThat(withZ(q, q.zR(), bad, q.zRho()).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.3");
            assertThat(withZ(q, q.zR(), q.zV(), bad).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.3");
        }
        // square ciphertext: A' never O, never off the curve; B' may be O (then an equation fails)
        Ciphertext s = q.square();
        for (ECPoint bad : new ECPoint[] {g.infinity(), offCurve}) {
            assertThat(withSquare(q, new Ciphertext(bad, s.beta())).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.2");
        }
        assertThat(withSquare(q, new Ciphertext(foreign, foreign)).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.2");
        assertThat(q.verify(g, f.key(), SQUARE, new Ciphertext(foreign, foreign)).check()).isEqualTo("Q.1");
        assertThat(withSquare(q, new Ciphertext(s.alpha(), offCurve)).verify(g, f.key(), SQUARE, cv).check()).isEqualTo("Q.2");
        assertThat(withSquare(q, new Ciphertext(s.alpha(), g.infinity())).verify(g, f.key(), SQUARE, cv).check())
                .isEqualTo("Q.4");
        // value ciphertext: A never O, B may be O
        assertThat(q.verify(g, f.key(), SQUARE, new Ciphertext(g.infinity(), cv.beta())).check()).isEqualTo("Q.1");
        assertThat(q.verify(g, f.key(), SQUARE, new Ciphertext(offCurve, cv.beta())).check()).isEqualTo("Q.1");
        assertThat(q.verify(g, f.key(), SQUARE, new Ciphertext(cv.alpha(), offCurve)).check()).isEqualTo("Q.1");
        assertThat(q.verify(g, f.key(), SQUARE, new Ciphertext(cv.alpha(), g.infinity())).check()).isEqualTo("Q.4");
        assertThat(q.verify(g, null, SQUARE, cv).check()).isEqualTo("Q.1");
        GroupContext other = g == P256 ? K1 : P256;
        assertThat(q.verify(g, KeyPair.generate(other).publicKey(), SQUARE, cv).check()).isEqualTo("Q.1");
    }

    @Test
    void proofDoesNotLeakInToString() {
        Proven p = prove(P, 1199);
        assertThat(p.proof().toString()).doesNotContain(p.proof().zV().toString()).doesNotContain("1199");
    }

    // ---------------------------------------------------------------- batch verification

    /** Valid square proofs batch; a tampered one among them is named with its single-verification check. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void batchNamesTheTamperedSquareProof(Fixture f) {
        GroupContext g = f.group();
        List<Proven> proofs = new ArrayList<>();
        for (long v : new long[] {0, 3, 1200, 47}) {
            proofs.add(prove(f, v));
        }
        BatchVerifier verifier = new BatchVerifier(g, Parallelism.SEQUENTIAL);
        for (Proven p : proofs) {
            verifier.add(p.proof(), f.key(), SQUARE, p.cv());
        }
        assertThat(verifier.verify().valid()).isTrue();
        Proven victim = proofs.get(2);
        SquareProof bad = withZ(victim.proof(), victim.proof().zR(), victim.proof().zV(), plusOne(g, victim.proof().zRho()));
        int index = verifier.add(bad, f.key(), SQUARE, victim.cv());
        verifier.add(proofs.get(1).proof(), f.key(), SQUARE, proofs.get(1).cv());
        BatchResult r = verifier.verify();
        assertThat(r.failures()).singleElement().satisfies(fail -> {
            assertThat(fail.index()).isEqualTo(index);
            assertThat(fail.kind()).isEqualTo("square");
            assertThat(fail.result()).isEqualTo(bad.verify(g, f.key(), SQUARE, victim.cv()));
            assertThat(fail.result().check()).isEqualTo("Q.6");
        });
        // a malformed item is named by its pre-check (B.1) and stays out of the combination
        BatchVerifier second = new BatchVerifier(g);
        second.add(proofs.get(0).proof(), f.key(), SQUARE, proofs.get(0).cv());
        int malformed = second.add(withPoint(proofs.get(1).proof(), 2, g.infinity()), f.key(), SQUARE, proofs.get(1).cv());
        assertThat(second.verify().failures()).singleElement().satisfies(fail -> {
            assertThat(fail.index()).isEqualTo(malformed);
            assertThat(fail.result().check()).isEqualTo("Q.3");
        });
    }

    /**
     * Batch verdict equals single verification for random mixes of valid and tampered square proofs
     * (tampering codes as in {@link #tamper}).
     */
    @Property(tries = 20)
    void batchEqualsSingleVerification(@ForAll @IntRange(min = 0, max = 15) int first,
                                       @ForAll @IntRange(min = 0, max = 15) int second,
                                       @ForAll @IntRange(min = 0, max = 15) int third) {
        List<Proven> pool = Pool.PROOFS;
        int[] codes = {first, second, third};
        BatchVerifier verifier = new BatchVerifier(P256);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            Proven p = pool.get(i);
            Item item = tamper(p, codes[i]);
            assertThat(verifier.add(item.proof(), item.key(), item.context(), item.cv())).isEqualTo(i);
            VerificationResult single = item.proof().verify(P256, item.key(), item.context(), item.cv());
            if (!single.valid()) {
                expected.add(i + ":" + single.check());
            }
        }
        BatchResult r = verifier.verify();
        assertThat(r.valid()).isEqualTo(expected.isEmpty());
        assertThat(r.failures().stream().map(x -> x.index() + ":" + x.result().check()).toList()).isEqualTo(expected);
    }

    private static final class Pool {
        static final List<Proven> PROOFS = List.of(prove(P, 0), prove(P, 512), prove(P, 1200));
        static final PublicKey OTHER_KEY = KeyPair.generate(P256).publicKey();
    }

    private record Item(SquareProof proof, PublicKey key, ProofContext context, Ciphertext cv) {
    }

    /** Codes 0-7 leave the item valid; 8-15 each tamper with one part. */
    private static Item tamper(Proven p, int code) {
        SquareProof q = p.proof();
        GroupContext g = P256;
        return switch (code) {
            case 8 -> new Item(withPoint(q, 2, moved(g, q.t3())), P.key(), SQUARE, p.cv());
            case 9 -> new Item(withZ(q, q.zR(), plusOne(g, q.zV()), q.zRho()), P.key(), SQUARE, p.cv());
            case 10 -> new Item(q, Pool.OTHER_KEY, SQUARE, p.cv());
            case 11 -> new Item(q, P.key(), VALUE, p.cv());
            case 12 -> new Item(q, P.key(), SQUARE, p.cv().addPlaintext(g, 1).normalize());
            case 13 -> new Item(withSquare(q, q.square().addPlaintext(g, 1).normalize()), P.key(), SQUARE, p.cv());
            case 14 -> new Item(withPoint(q, 1, g.infinity()), P.key(), SQUARE, p.cv());
            case 15 -> new Item(withZ(q, q.zR(), q.zV(), plusOne(g, q.zRho())), P.key(), SQUARE, p.cv());
            default -> new Item(q, P.key(), SQUARE, p.cv());
        };
    }

    // ---------------------------------------------------------------- helpers

    /** Runs the sigma protocol of spec §3.6.2 with arbitrary (possibly false) witnesses, test-side. */
    static SquareProof forge(GroupContext g, PublicKey key, ProofContext ctx, Ciphertext cv, Ciphertext square,
                             BigInteger v, BigInteger r, BigInteger rho) {
        BigInteger n = g.order();
        ECPoint y = key.point();
        BigInteger kV = g.randomScalar();
        BigInteger kR = g.randomScalar();
        BigInteger kRho = g.randomScalar();
        ECPoint t1 = g.generator().multiply(kR).normalize();
        ECPoint t2 = g.generator().multiply(kV).add(y.multiply(kR)).normalize();
        ECPoint t3 = cv.alpha().multiply(kV).add(g.generator().multiply(kRho)).normalize();
        ECPoint t4 = cv.beta().multiply(kV).add(y.multiply(kRho)).normalize();
        // the challenge is recomputed here from the spec's transcript, not with SquareProof.challenge
        BigInteger c = Transcript.start(g, "proof/square", ctx)
                .append("Y", y).append("alpha", cv.alpha()).append("beta", cv.beta())
                .append("square-alpha", square.alpha()).append("square-beta", square.beta())
                .append("t1", t1).append("t2", t2).append("t3", t3).append("t4", t4)
                .challenge();
        return new SquareProof(square.normalize(), t1, t2, t3, t4, kV.add(c.multiply(v)).mod(n),
                kR.add(c.multiply(r)).mod(n), kRho.add(c.multiply(rho)).mod(n));
    }

    private static Ciphertext encryptionOfZero(GroupContext g, PublicKey key, BigInteger rho) {
        return new Ciphertext(g.generator().multiply(rho), key.point().multiply(rho));
    }

    private static String batchCheck(GroupContext g, PublicKey key, ProofContext ctx, Ciphertext cv, SquareProof p) {
        BatchVerifier v = new BatchVerifier(g);
        v.add(p, key, ctx, cv);
        BatchResult r = v.verify();
        return r.valid() ? null : r.failures().get(0).result().check();
    }

    private static ECPoint point(SquareProof p, int i) {
        return switch (i) {
            case 0 -> p.t1();
            case 1 -> p.t2();
            case 2 -> p.t3();
            default -> p.t4();
        };
    }

    private static SquareProof withPoint(SquareProof p, int i, ECPoint t) {
        return new SquareProof(p.square(), i == 0 ? t : p.t1(), i == 1 ? t : p.t2(), i == 2 ? t : p.t3(),
                i == 3 ? t : p.t4(), p.zV(), p.zR(), p.zRho());
    }

    private static SquareProof withSquare(SquareProof p, Ciphertext square) {
        return new SquareProof(square, p.t1(), p.t2(), p.t3(), p.t4(), p.zV(), p.zR(), p.zRho());
    }

    private static SquareProof withZ(SquareProof p, BigInteger zR, BigInteger zV, BigInteger zRho) {
        return new SquareProof(p.square(), p.t1(), p.t2(), p.t3(), p.t4(), zV, zR, zRho);
    }

    private static ECPoint moved(GroupContext g, ECPoint p) {
        return p.add(g.generator()).normalize();
    }

    private static BigInteger plusOne(GroupContext g, BigInteger k) {
        return k.add(BigInteger.ONE).mod(g.order());
    }
}
