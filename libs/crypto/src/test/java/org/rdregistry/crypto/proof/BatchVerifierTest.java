package org.rdregistry.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BatchVerifierTest {

    private static final GroupContext GROUP = GroupContext.p256();
    private static final ProofContext BASE = ProofContext.of("registry-key", "rk-1").with("schema", "v1");
    private static final ProofContext OTHER = BASE.with("record", "someone-else");
    private static final String PARTIAL = "decrypt/partial";

    /** A batch item under test: adds itself to a batch and verifies itself alone. */
    private interface Entry {
        int addTo(BatchVerifier verifier);

        VerificationResult single();

        /** A copy with tampering number {@code code} (0-7) applied. */
        Entry tamper(int code);
    }

    /** Valid items shared by all tests (proving is the expensive part). */
    private static final class Pool {
        static final KeyPair KEY = KeyPair.generate(GROUP);
        static final PublicKey Y = KEY.publicKey();
        static final PublicKey OTHER_KEY = KeyPair.generate(GROUP).publicKey();
        static final List<Entry> ENTRIES = build();

        private static List<Entry> build() {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ProofContext ctx = BASE.with("record", i).with("field", "consent");
                ZeroOneProof.ProvenBit b = ZeroOneProof.encryptAndProve(GROUP, Y, ctx, i % 2);
                entries.add(new ZeroOne(b.proof(), Y, ctx, b.ciphertext()));
            }
            ElGamal elgamal = new ElGamal(GROUP);
            for (int i = 0; i < 3; i++) {
                KeyPair trustee = KeyPair.generate(GROUP);
                Ciphertext c = elgamal.encrypt(Y, i).ciphertext();
                ECPoint d = GROUP.multiplySecret(c.alpha(), trustee.secret()).normalize();
                DleqProof.Statement s = new DleqProof.Statement(GROUP.generator(), trustee.publicKey().point(),
                        c.alpha(), d);
                ProofContext ctx = BASE.with("release", i);
                entries.add(new Dleq(DleqProof.prove(GROUP, PARTIAL, ctx, s, trustee.secret()), PARTIAL, ctx, s));
            }
            for (int i = 0; i < 2; i++) {
                ProofContext ctx = BASE.with("record", 10 + i).with("field", "sex");
                entries.add(new OneHot(OneHotEncryption.prove(GROUP, Y, ctx, i, 3), Y, ctx, 3));
            }
            ProofContext r1 = BASE.with("record", 20).with("field", "disability");
            RangeProof.Result small = RangeProof.prove(GROUP, Y, r1, 5, 7);
            entries.add(new Range(small.proof(), Y, r1, 7, small.value().ciphertext()));
            ProofContext r2 = BASE.with("record", 21).with("field", "onset-months");
            entries.add(new Range(RangeProof.prove(GROUP, Y, r2, 1000, 1200).proof(), Y, r2, 1200, null));
            // a range proof's value ciphertext with the square proof of the same field (the registry's shape)
            ProofContext r3 = BASE.with("record", 22).with("field", "onset-months");
            RangeProof.Result onset = RangeProof.prove(GROUP, Y, r3, 1111, 1200);
            entries.add(new Range(onset.proof(), Y, r3, 1200, null));
            ProofContext sq = r3.with("part", "square");
            SquareProof onsetSquare = SquareProof.prove(GROUP, Y, sq, 1111, onset.value());
            entries.add(new Square(onsetSquare, Y, sq, onset.proof().valueCiphertext(GROUP, 1200)));
            // the same square bound to the range proof itself (the registry's records are verified so)
            entries.add(new SquareOfRange(onsetSquare, Y, sq, onset.proof(), 1200));
            ProofContext r4 = BASE.with("record", 23).with("field", "delay-months");
            RangeProof.Result delay = RangeProof.prove(GROUP, Y, r4, 0, 1200);
            ProofContext sq4 = r4.with("part", "square");
            entries.add(new SquareOfRange(SquareProof.prove(GROUP, Y, sq4, 0, delay.value()), Y, sq4, delay.proof(), 1200));
            return List.copyOf(entries);
        }
    }

    record Pick(int entry, int tamper, int percent) {
    }

    @Provide
    Arbitrary<List<Pick>> batches() {
        Arbitrary<Pick> pick = Combinators.combine(Arbitraries.integers().between(0, Pool.ENTRIES.size() - 1),
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 99)).as(Pick::new);
        return pick.list().ofMinSize(1).ofMaxSize(7);
    }

    /**
     * The batch accepts exactly when every item verifies alone, and names exactly the items (and
     * checks) that fail alone. About a third of the items are tampered with.
     */
    @Property(tries = 30)
    void batchVerdictEqualsTheVerdictsOfSingleVerification(@ForAll("batches") List<Pick> picks) {
        BatchVerifier verifier = new BatchVerifier(GROUP);
        List<VerificationResult> singles = new ArrayList<>();
        for (Pick p : picks) {
            Entry e = Pool.ENTRIES.get(p.entry());
            if (p.percent() < 35) {
                e = e.tamper(p.tamper());
            }
            assertThat(e.addTo(verifier)).isEqualTo(singles.size());
            singles.add(e.single());
        }
        BatchResult result = verifier.verify();
        boolean allValid = singles.stream().allMatch(VerificationResult::valid);
        assertThat(result.valid()).isEqualTo(allValid);
        assertThat(result.itemCount()).isEqualTo(picks.size());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < singles.size(); i++) {
            if (!singles.get(i).valid()) {
                expected.add(i + ":" + singles.get(i).check());
            }
        }
        assertThat(result.failures().stream().map(f -> f.index() + ":" + f.result().check()).toList())
                .isEqualTo(expected);
    }

    @Test
    void everyTamperingOfEveryPoolItemIsRejectedByBoth() {
        for (Entry valid : Pool.ENTRIES) {
            assertThat(valid.single().valid()).isTrue();
            for (int code = 0; code < 8; code++) {
                Entry bad = valid.tamper(code);
                BatchVerifier verifier = new BatchVerifier(GROUP, Parallelism.SEQUENTIAL);
                Pool.ENTRIES.forEach(e -> e.addTo(verifier));
                int index = bad.addTo(verifier);
                VerificationResult single = bad.single();
                assertThat(single.valid()).as("%s tamper %d", valid, code).isFalse();
                BatchResult r = verifier.verify();
                assertThat(r.valid()).isFalse();
                assertThat(r.failures()).singleElement().satisfies(f -> {
                    assertThat(f.index()).isEqualTo(index);
                    assertThat(f.result()).isEqualTo(single);
                });
            }
        }
    }

    @Test
    void validMixedBatchAndEmptyBatch() {
        BatchVerifier verifier = new BatchVerifier(GROUP);
        Pool.ENTRIES.forEach(e -> e.addTo(verifier));
        Pool.ENTRIES.forEach(e -> e.addTo(verifier));
        BatchResult r = verifier.verify();
        assertThat(r.valid()).isTrue();
        assertThat(r.itemCount()).isEqualTo(2 * Pool.ENTRIES.size());
        assertThat(r.toVerificationResult().valid()).isTrue();
        assertThat(new BatchVerifier(GROUP).verify().valid()).isTrue();
    }

    @Test
    void failureNamesTheItemAndItsCheck() {
        BatchVerifier verifier = new BatchVerifier(GROUP);
        for (int i = 0; i < 5; i++) {
            Pool.ENTRIES.get(0).addTo(verifier);
        }
        ZeroOne z = (ZeroOne) Pool.ENTRIES.get(1);
        int bad = verifier.add(z.proof, Pool.OTHER_KEY, z.context, z.ciphertext);
        BatchResult r = verifier.verify();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(bad);
            assertThat(f.kind()).isEqualTo("zero-one");
            assertThat(f.result().check()).isEqualTo("Z.4");
        });
        assertThat(r.toVerificationResult().reason()).startsWith("item 5 (zero-one)");
        assertThatThrownBy(r::orThrow).isInstanceOf(VerificationException.class).hasMessageContaining("Z.4");
    }

    @Test
    void aSquareBoundToARangeProofIsJudgedLikeOneGivenItsValueCiphertext() {
        SquareOfRange bound = (SquareOfRange) Pool.ENTRIES.stream().filter(SquareOfRange.class::isInstance)
                .findFirst().orElseThrow();
        for (int code = -1; code < 8; code++) {
            SquareOfRange e = code < 0 ? bound : (SquareOfRange) bound.tamper(code);
            BatchVerifier folded = new BatchVerifier(GROUP, Parallelism.SEQUENTIAL);
            BatchVerifier derived = new BatchVerifier(GROUP, Parallelism.SEQUENTIAL);
            folded.add(e.proof(), e.key(), e.context(), e.range(), e.bound());
            derived.add(e.proof(), e.key(), e.context(), e.range().valueCiphertext(GROUP, e.bound()));
            assertThat(folded.verify().valid()).as("tamper %d", code).isEqualTo(code < 0)
                    .isEqualTo(derived.verify().valid());
        }
    }

    @Test
    void aSquareBoundToARangeProofOfTheWrongSizeOrWithInvalidBitsIsRejected() {
        SquareOfRange e = (SquareOfRange) Pool.ENTRIES.stream().filter(SquareOfRange.class::isInstance)
                .findFirst().orElseThrow();
        BatchVerifier shortRange = new BatchVerifier(GROUP);
        shortRange.add(e.proof(), e.key(), e.context(), e.range(), 1023);
        assertThat(shortRange.verify().failures()).singleElement()
                .satisfies(f -> assertThat(f.result().check()).isEqualTo("B.2"));
        RangeProof offCurveBit = new RangeProof(replace(e.range().bitCiphertexts(), 0,
                c -> new Ciphertext(ZeroOneProofTest.offCurve(GROUP), c.beta())), e.range().bitProofs());
        BatchVerifier invalid = new BatchVerifier(GROUP);
        invalid.add(e.proof(), e.key(), e.context(), offCurveBit, e.bound());
        assertThat(invalid.verify().failures()).singleElement()
                .satisfies(f -> assertThat(f.result().check()).isEqualTo("B.2"));
    }

    @Test
    void dleqStatementPointsMustBeValid() {
        Dleq d = (Dleq) Pool.ENTRIES.get(4);
        ECPoint offCurve = ZeroOneProofTest.offCurve(GROUP);
        DleqProof.Statement s = new DleqProof.Statement(d.statement.g1(), d.statement.h1(), d.statement.g2(), offCurve);
        BatchVerifier verifier = new BatchVerifier(GROUP);
        verifier.add(d.proof, d.domain, d.context, s);
        assertThat(verifier.verify().failures()).singleElement()
                .satisfies(f -> assertThat(f.result().check()).isEqualTo("B.2"));
    }

    @Test
    void aBatchOfValidProofsOnSecp256k1() {
        GroupContext k1 = GroupContext.secp256k1();
        PublicKey key = KeyPair.generate(k1).publicKey();
        BatchVerifier verifier = new BatchVerifier(k1);
        for (int i = 0; i < 4; i++) {
            ZeroOneProof.ProvenBit b = ZeroOneProof.encryptAndProve(k1, key, BASE.with("record", i), i & 1);
            verifier.add(b.proof(), key, BASE.with("record", i), b.ciphertext());
        }
        verifier.add(OneHotEncryption.prove(k1, key, BASE, 1, 2), key, BASE, 2);
        RangeProof.Result r = RangeProof.prove(k1, key, BASE, 3, 3);
        verifier.add(r.proof(), key, BASE, 3, r.value().ciphertext());
        assertThat(verifier.verify().valid()).isTrue();
        ZeroOneProof.ProvenBit b = ZeroOneProof.encryptAndProve(k1, key, BASE, 1);
        int bad = verifier.add(b.proof(), key, OTHER, b.ciphertext());
        assertThat(verifier.verify().failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(bad);
            assertThat(f.result().check()).isEqualTo("Z.5");
        });
    }

    // ---------------------------------------------------------------- entries and their tamperings

    private static final BigInteger ONE = BigInteger.ONE;

    private static BigInteger plusOne(BigInteger k) {
        return k.add(ONE).mod(GROUP.order());
    }

    private static ECPoint moved(ECPoint p) {
        return p.add(GROUP.generator()).normalize();
    }

    private record ZeroOne(ZeroOneProof proof, PublicKey key, ProofContext context, Ciphertext ciphertext)
            implements Entry {
        @Override
        public int addTo(BatchVerifier verifier) {
            return verifier.add(proof, key, context, ciphertext);
        }

        @Override
        public VerificationResult single() {
            return proof.verify(GROUP, key, context, ciphertext);
        }

        @Override
        public Entry tamper(int code) {
            ZeroOneProof p = proof;
            return switch (code) {
                case 0 -> withProof(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), plusOne(p.c0()), p.z0(), p.z1()));
                case 1 -> withProof(new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), p.c0(), p.z0(), plusOne(p.z1())));
                case 2 -> withProof(ZeroOneProofTest.with(p, 0, moved(p.a0())));
                case 3 -> withProof(ZeroOneProofTest.with(p, 3, GROUP.infinity()));
                case 4 -> new ZeroOne(p, key, OTHER, ciphertext);
                case 5 -> new ZeroOne(p, key, context, ciphertext.addPlaintext(GROUP, 1).normalize());
                case 6 -> new ZeroOne(p, Pool.OTHER_KEY, context, ciphertext);
                default -> withProof(ZeroOneProofTest.with(p, 1, ZeroOneProofTest.offCurve(GROUP)));
            };
        }

        private ZeroOne withProof(ZeroOneProof p) {
            return new ZeroOne(p, key, context, ciphertext);
        }

        @Override
        public String toString() {
            return "zero-one";
        }
    }

    private record Dleq(DleqProof proof, String domain, ProofContext context, DleqProof.Statement statement)
            implements Entry {
        @Override
        public int addTo(BatchVerifier verifier) {
            return verifier.add(proof, domain, context, statement);
        }

        @Override
        public VerificationResult single() {
            return proof.verify(GROUP, domain, context, statement);
        }

        @Override
        public Entry tamper(int code) {
            DleqProof p = proof;
            DleqProof.Statement s = statement;
            return switch (code) {
                case 0 -> new Dleq(new DleqProof(p.a1(), p.a2(), plusOne(p.z())), domain, context, s);
                case 1 -> new Dleq(new DleqProof(moved(p.a1()), p.a2(), p.z()), domain, context, s);
                case 2 -> new Dleq(new DleqProof(p.a1(), GROUP.infinity(), p.z()), domain, context, s);
                case 3 -> new Dleq(p, domain, OTHER, s);
                case 4 -> new Dleq(p, domain, context, new DleqProof.Statement(s.g1(), s.h1(), s.g2(), moved(s.h2())));
                case 5 -> new Dleq(p, "decrypt/other", context, s);
                case 6 -> new Dleq(p, domain, context, new DleqProof.Statement(s.g1(), s.h1(), moved(s.g2()), s.h2()));
                default -> new Dleq(new DleqProof(p.a1(), ZeroOneProofTest.offCurve(GROUP), p.z()), domain, context, s);
            };
        }

        @Override
        public String toString() {
            return "dleq";
        }
    }

    private record OneHot(OneHotEncryption value, PublicKey key, ProofContext context, int count) implements Entry {
        @Override
        public int addTo(BatchVerifier verifier) {
            return verifier.add(value, key, context, count);
        }

        @Override
        public VerificationResult single() {
            return value.verify(GROUP, key, context, count);
        }

        @Override
        public Entry tamper(int code) {
            OneHotEncryption v = value;
            DleqProof s = v.sumProof();
            return switch (code) {
                case 0 -> withValue(new OneHotEncryption(swap(v.ciphertexts()), swap(v.bitProofs()), s));
                case 1 -> withValue(new OneHotEncryption(v.ciphertexts(), v.bitProofs(),
                        new DleqProof(s.a1(), s.a2(), plusOne(s.z()))));
                case 2 -> withValue(new OneHotEncryption(v.ciphertexts(), replace(v.bitProofs(), 1, p ->
                        new ZeroOneProof(p.a0(), p.b0(), p.a1(), p.b1(), plusOne(p.c0()), p.z0(), p.z1())), s));
                case 3 -> new OneHot(v, key, OTHER, count);
                case 4 -> new OneHot(v, key, context, count + 1);
                case 5 -> withValue(new OneHotEncryption(replace(v.ciphertexts(), 2,
                        c -> c.addPlaintext(GROUP, 1).normalize()), v.bitProofs(), s));
                case 6 -> new OneHot(v, Pool.OTHER_KEY, context, count);
                default -> withValue(new OneHotEncryption(v.ciphertexts(), v.bitProofs(),
                        new DleqProof(GROUP.infinity(), s.a2(), s.z())));
            };
        }

        private OneHot withValue(OneHotEncryption v) {
            return new OneHot(v, key, context, count);
        }

        @Override
        public String toString() {
            return "one-hot";
        }
    }

    private record Range(RangeProof proof, PublicKey key, ProofContext context, long bound, Ciphertext claimed)
            implements Entry {
        @Override
        public int addTo(BatchVerifier verifier) {
            return verifier.add(proof, key, context, bound, claimed);
        }

        @Override
        public VerificationResult single() {
            return proof.verify(GROUP, key, context, bound, claimed);
        }

        @Override
        public Entry tamper(int code) {
            RangeProof p = proof;
            Ciphertext derived = p.valueCiphertext(GROUP, bound);
            return switch (code) {
                case 0 -> withProof(new RangeProof(replace(p.bitCiphertexts(), 0,
                        c -> c.addPlaintext(GROUP, 1).normalize()), p.bitProofs()));
                case 1 -> new Range(p, key, context, bound + 1, claimed);
                case 2 -> new Range(p, key, context, bound, (claimed == null ? derived : claimed)
                        .addPlaintext(GROUP, 1).normalize());
                case 3 -> new Range(p, key, OTHER, bound, claimed);
                case 4 -> withProof(new RangeProof(p.bitCiphertexts(), replace(p.bitProofs(), 2, z ->
                        new ZeroOneProof(z.a0(), z.b0(), z.a1(), z.b1(), z.c0(), plusOne(z.z0()), z.z1()))));
                case 5 -> withProof(new RangeProof(p.bitCiphertexts().subList(0, p.bitCiphertexts().size() - 1),
                        p.bitProofs().subList(0, p.bitProofs().size() - 1)));
                case 6 -> new Range(p, Pool.OTHER_KEY, context, bound, claimed);
                default -> withProof(new RangeProof(p.bitCiphertexts(), replace(p.bitProofs(), 1,
                        z -> ZeroOneProofTest.with(z, 2, GROUP.infinity()))));
            };
        }

        private Range withProof(RangeProof p) {
            return new Range(p, key, context, bound, claimed);
        }

        @Override
        public String toString() {
            return "range(" + bound + ")";
        }
    }

    private record Square(SquareProof proof, PublicKey key, ProofContext context, Ciphertext value) implements Entry {
        @Override
        public int addTo(BatchVerifier verifier) {
            return verifier.add(proof, key, context, value);
        }

        @Override
        public VerificationResult single() {
            return proof.verify(GROUP, key, context, value);
        }

        @Override
        public Entry tamper(int code) {
            SquareProof p = proof;
            Ciphertext s = p.square();
            return switch (code) {
                case 0 -> withProof(new SquareProof(s, p.t1(), p.t2(), p.t3(), p.t4(), plusOne(p.zV()), p.zR(), p.zRho()));
                case 1 -> withProof(new SquareProof(s, p.t1(), p.t2(), p.t3(), p.t4(), p.zV(), p.zR(), plusOne(p.zRho())));
                case 2 -> withProof(new SquareProof(s, p.t1(), p.t2(), p.t3(), moved(p.t4()), p.zV(), p.zR(), p.zRho()));
                case 3 -> new Square(p, key, OTHER, value);
                case 4 -> new Square(p, key, context, value.addPlaintext(GROUP, 1).normalize());
                case 5 -> withProof(new SquareProof(s.addPlaintext(GROUP, 1).normalize(), p.t1(), p.t2(), p.t3(), p.t4(),
                        p.zV(), p.zR(), p.zRho()));
                case 6 -> new Square(p, Pool.OTHER_KEY, context, value);
                default -> withProof(new SquareProof(new Ciphertext(GROUP.infinity(), s.beta()), p.t1(), p.t2(), p.t3(),
                        p.t4(), p.zV(), p.zR(), p.zRho()));
            };
        }

        private Square withProof(SquareProof p) {
            return new Square(p, key, context, value);
        }

        @Override
        public String toString() {
            return "square";
        }
    }

    /** A square proof added with the range proof whose value it squares (the value ciphertext is derived). */
    private record SquareOfRange(SquareProof proof, PublicKey key, ProofContext context, RangeProof range, long bound)
            implements Entry {
        @Override
        public int addTo(BatchVerifier verifier) {
            return verifier.add(proof, key, context, range, bound);
        }

        @Override
        public VerificationResult single() {
            return proof.verify(GROUP, key, context, range.valueCiphertext(GROUP, bound));
        }

        @Override
        public Entry tamper(int code) {
            SquareProof p = proof;
            RangeProof r = range;
            Ciphertext s = p.square();
            return switch (code) {
                case 0 -> withProof(new SquareProof(s, p.t1(), p.t2(), p.t3(), p.t4(), plusOne(p.zV()), p.zR(), p.zRho()));
                case 1 -> withRange(new RangeProof(replace(r.bitCiphertexts(), 3,
                        c -> c.addPlaintext(GROUP, 1).normalize()), r.bitProofs()));
                case 2 -> withProof(new SquareProof(s, p.t1(), p.t2(), p.t3(), moved(p.t4()), p.zV(), p.zR(), p.zRho()));
                case 3 -> new SquareOfRange(p, key, OTHER, r, bound);
                case 4 -> withRange(new RangeProof(swap(r.bitCiphertexts()), r.bitProofs()));
                case 5 -> withProof(new SquareProof(s.addPlaintext(GROUP, 1).normalize(), p.t1(), p.t2(), p.t3(), p.t4(),
                        p.zV(), p.zR(), p.zRho()));
                case 6 -> new SquareOfRange(p, Pool.OTHER_KEY, context, r, bound);
                // the same bit count, other weights: the top bit weighs 1200 - 1023 for bound 1200, 1024 for 2047
                default -> new SquareOfRange(p, key, context, r, 2047);
            };
        }

        private SquareOfRange withProof(SquareProof p) {
            return new SquareOfRange(p, key, context, range, bound);
        }

        private SquareOfRange withRange(RangeProof r) {
            return new SquareOfRange(proof, key, context, r, bound);
        }

        @Override
        public String toString() {
            return "square of range";
        }
    }

    private static <T> List<T> swap(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        copy.set(0, list.get(1));
        copy.set(1, list.get(0));
        return copy;
    }

    private static <T> List<T> replace(List<T> list, int index, Function<T, T> f) {
        List<T> copy = new ArrayList<>(list);
        copy.set(index, f.apply(list.get(index)));
        return copy;
    }
}
