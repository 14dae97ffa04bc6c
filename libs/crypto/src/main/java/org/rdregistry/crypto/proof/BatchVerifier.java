package org.rdregistry.crypto.proof;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.msm.MultiScalarMultiplication;
import org.rdregistry.crypto.msm.MultiScalarMultiplication.Parallelism;

/**
 * Verifies many proofs at once (spec §3.5, §3.6.4): every verification equation E = O of every item is
 * multiplied by its own fresh 128-bit random weight ρ and all of them are summed into one
 * multi-scalar multiplication, which must give the point at infinity. If any single equation is
 * false the sum is O with probability at most 1/(2^128 - 1), so the batch accepts exactly what
 * one-by-one verification accepts, up to that error.
 *
 * <p>Challenges are still hashed per proof, and every point is validated per item before it enters
 * the sum (the same well-formedness checks as the single verifiers). If the combination is not O the
 * verifier falls back to verifying every item alone, to report which items failed and which check.
 *
 * <p>Usage: {@code add(...)} the items (each call returns the item's index), then {@link #verify()}.
 * Not thread-safe; one instance per batch. {@code verify()} may be called again (with fresh weights).
 */
public final class BatchVerifier {

    /** Bit length of the random weights ρ (spec §3.5.2). */
    public static final int WEIGHT_BITS = 128;

    private final GroupContext group;
    private final Parallelism parallelism;
    private final List<Item> items = new ArrayList<>();

    /** A batch verifier that may split the multi-scalar multiplication across processors. */
    public BatchVerifier(GroupContext group) {
        this(group, Parallelism.AUTO);
    }

    public BatchVerifier(GroupContext group, Parallelism parallelism) {
        this.group = Objects.requireNonNull(group, "group");
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
    }

    /** Adds a 0/1 proof for {@code ciphertext} under {@code key} and {@code context}. */
    public int add(ZeroOneProof proof, PublicKey key, ProofContext context, Ciphertext ciphertext) {
        return add(new ZeroOneItem(proof, key, context, ciphertext));
    }

    /** Adds a DLEQ proof of {@code statement} in {@code domain} under {@code context}. */
    public int add(DleqProof proof, String domain, ProofContext context, DleqProof.Statement statement) {
        return add(new DleqItem(proof, domain, context, statement));
    }

    /** Adds a one-hot vector with its proofs, for a field of {@code categoryCount} categories. */
    public int add(OneHotEncryption value, PublicKey key, ProofContext context, int categoryCount) {
        return add(new OneHotItem(value, key, context, categoryCount));
    }

    /** Adds a range proof for bound B without a claimed value ciphertext. */
    public int add(RangeProof proof, PublicKey key, ProofContext context, long bound) {
        return add(proof, key, context, bound, null);
    }

    /** Adds a range proof for bound B; a non-null {@code claimedValue} must equal Σ w_i·C_i (R.3). */
    public int add(RangeProof proof, PublicKey key, ProofContext context, long bound, Ciphertext claimedValue) {
        return add(new RangeItem(proof, key, context, bound, claimedValue));
    }

    /**
     * Adds a square proof: {@code proof.square()} encrypts the square of the value {@code valueCiphertext}
     * encrypts (in the registry, the derived value ciphertext of the field's range proof).
     */
    public int add(SquareProof proof, PublicKey key, ProofContext context, Ciphertext valueCiphertext) {
        return add(new SquareItem(proof, key, context, Objects.requireNonNull(valueCiphertext, "valueCiphertext"),
                null, 0));
    }

    /**
     * Adds a square proof whose statement is the value ciphertext Σ w_i·C_i that {@code range} proves to
     * lie in [0, {@code bound}] (the registry's shape): the same verdict as adding it with
     * {@code range.valueCiphertext(group, bound)}, but the value ciphertext's equations are folded onto
     * the bit ciphertexts, which the range proof's own equations already put into the sum, so the
     * derived points cost no extra terms in the multi-scalar multiplication.
     */
    public int add(SquareProof proof, PublicKey key, ProofContext context, RangeProof range, long bound) {
        return add(new SquareItem(proof, key, context, null, Objects.requireNonNull(range, "range"), bound));
    }

    /** Number of items added. */
    public int size() {
        return items.size();
    }

    /**
     * Verifies all items: per-item well-formedness (spec check B.1, B.2), then the random linear
     * combination as one multi-scalar multiplication (B.3), then, only if that fails, every item
     * alone to name the failures.
     */
    public BatchResult verify() {
        List<BatchResult.Failure> failures = new ArrayList<>();
        boolean[] failed = new boolean[items.size()];
        LinearCombination lc = new LinearCombination(group);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            VerificationResult pre = item.precheck();
            if (pre.valid()) {
                item.addTerms(lc);
            } else {
                // Report what the item's own verifier says (same check numbers as one-by-one),
                // except for the batch's own stricter check B.2.
                VerificationResult reported = pre;
                if (!pre.check().startsWith("B.")) {
                    VerificationResult single = item.verifySingle();
                    reported = single.valid() ? pre : single;
                }
                failures.add(new BatchResult.Failure(i, item.kind(), reported));
                failed[i] = true;
            }
        }
        ECPoint total = lc.evaluate(parallelism);
        if (!total.isInfinity()) {
            int before = failures.size();
            for (int i = 0; i < items.size(); i++) {
                if (!failed[i]) {
                    VerificationResult single = items.get(i).verifySingle();
                    if (!single.valid()) {
                        failures.add(new BatchResult.Failure(i, items.get(i).kind(), single));
                    }
                }
            }
            if (failures.size() == before) {
                failures.add(new BatchResult.Failure(-1, "batch",
                        VerificationResult.fail("B.3", "random linear combination is not the point at infinity")));
            }
            failures.sort((a, b) -> Integer.compare(a.index(), b.index()));
        }
        return new BatchResult(failures.isEmpty(), items.size(), failures);
    }

    private int add(Item item) {
        items.add(item);
        return items.size() - 1;
    }

    private BigInteger rho() {
        return group.randomShortScalar(WEIGHT_BITS);
    }

    /** One batch item: a well-formedness pre-check, its weighted equations, and its single verifier. */
    private interface Item {
        String kind();

        VerificationResult precheck();

        /** Adds ρ_e·E_e for each of the item's equations; only called after a valid pre-check. */
        void addTerms(LinearCombination lc);

        VerificationResult verifySingle();
    }

    /**
     * The four 0/1 equations (spec §3.5.1), E1 = z0·G - a0 - c0·alpha, E2 = z0·Y - b0 - c0·beta,
     * E3 = z1·G - a1 - c1·alpha, E4 = z1·Y - b1 - c1·beta + c1·G, weighted by ρ1..ρ4.
     */
    private void zeroOneTerms(LinearCombination lc, ZeroOneProof p, PublicKey key, ProofContext context,
                              Ciphertext ct) {
        BigInteger n = group.order();
        BigInteger c0 = p.c0();
        BigInteger c1 = p.c1(group, key, context, ct);
        BigInteger r1 = rho();
        BigInteger r2 = rho();
        BigInteger r3 = rho();
        BigInteger r4 = rho();
        lc.addG(r1.multiply(p.z0()).add(r3.multiply(p.z1())).add(r4.multiply(c1)));
        lc.addBase(key.point(), r2.multiply(p.z0()).add(r4.multiply(p.z1())));
        lc.add(p.a0(), r1.negate());
        lc.add(p.b0(), r2.negate());
        lc.add(p.a1(), r3.negate());
        lc.add(p.b1(), r4.negate());
        lc.add(ct.alpha(), r1.multiply(c0).add(r3.multiply(c1)).mod(n).negate());
        lc.add(ct.beta(), r2.multiply(c0).add(r4.multiply(c1)).mod(n).negate());
    }

    /** The two DLEQ equations E1 = z·g1 - a1 - c·h1, E2 = z·g2 - a2 - c·h2, weighted by ρ1, ρ2. */
    private void dleqTerms(LinearCombination lc, DleqProof p, String domain, ProofContext context,
                           DleqProof.Statement s) {
        BigInteger n = group.order();
        BigInteger c = DleqProof.challenge(group, domain, context, s, p.a1(), p.a2());
        BigInteger r1 = rho();
        BigInteger r2 = rho();
        lc.addBase(s.g1(), r1.multiply(p.z()));
        lc.addBase(s.g2(), r2.multiply(p.z()));
        lc.add(s.h1(), r1.multiply(c).mod(n).negate());
        lc.add(s.h2(), r2.multiply(c).mod(n).negate());
        lc.add(p.a1(), r1.negate());
        lc.add(p.a2(), r2.negate());
    }

    /** Spec check D.1 as {@link DleqProof#verify} applies it, plus B.2: statement points of this group. */
    private VerificationResult dleqPrecheck(DleqProof p, DleqProof.Statement s) {
        if (!Points.valid(group, p.a1(), false) || !Points.valid(group, p.a2(), false)
                || !Points.scalar(group, p.z())) {
            return VerificationResult.fail("D.1", "malformed proof values");
        }
        if (!Points.valid(group, s.g1(), true) || !Points.valid(group, s.h1(), true)
                || !Points.valid(group, s.g2(), true) || !Points.valid(group, s.h2(), true)) {
            return VerificationResult.fail("B.2", "DLEQ statement point is not a valid point of this group");
        }
        return VerificationResult.ok();
    }

    private static VerificationResult zeroOnePrecheck(GroupContext group, ZeroOneProof p, PublicKey key,
                                                      Ciphertext ct) {
        return ZeroOneProof.checkStatement(group, key, ct).and(() -> p.checkValues(group));
    }

    private final class ZeroOneItem implements Item {
        private final ZeroOneProof proof;
        private final PublicKey key;
        private final ProofContext context;
        private final Ciphertext ciphertext;

        ZeroOneItem(ZeroOneProof proof, PublicKey key, ProofContext context, Ciphertext ciphertext) {
            this.proof = Objects.requireNonNull(proof, "proof");
            this.key = Objects.requireNonNull(key, "key");
            this.context = Objects.requireNonNull(context, "context");
            this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
        }

        @Override
        public String kind() {
            return "zero-one";
        }

        @Override
        public VerificationResult precheck() {
            return zeroOnePrecheck(group, proof, key, ciphertext);
        }

        @Override
        public void addTerms(LinearCombination lc) {
            zeroOneTerms(lc, proof, key, context, ciphertext);
        }

        @Override
        public VerificationResult verifySingle() {
            return proof.verify(group, key, context, ciphertext);
        }
    }

    private final class DleqItem implements Item {
        private final DleqProof proof;
        private final String domain;
        private final ProofContext context;
        private final DleqProof.Statement statement;

        DleqItem(DleqProof proof, String domain, ProofContext context, DleqProof.Statement statement) {
            this.proof = Objects.requireNonNull(proof, "proof");
            this.domain = Objects.requireNonNull(domain, "domain");
            this.context = Objects.requireNonNull(context, "context");
            this.statement = Objects.requireNonNull(statement, "statement");
        }

        @Override
        public String kind() {
            return "dleq";
        }

        @Override
        public VerificationResult precheck() {
            return dleqPrecheck(proof, statement);
        }

        @Override
        public void addTerms(LinearCombination lc) {
            dleqTerms(lc, proof, domain, context, statement);
        }

        @Override
        public VerificationResult verifySingle() {
            return proof.verify(group, domain, context, statement);
        }
    }

    private final class OneHotItem implements Item {
        private final OneHotEncryption value;
        private final PublicKey key;
        private final ProofContext context;
        private final int categoryCount;
        private DleqProof.Statement sumStatement;
        private ProofContext sumContext;

        OneHotItem(OneHotEncryption value, PublicKey key, ProofContext context, int categoryCount) {
            this.value = Objects.requireNonNull(value, "value");
            this.key = Objects.requireNonNull(key, "key");
            this.context = Objects.requireNonNull(context, "context");
            this.categoryCount = categoryCount;
        }

        @Override
        public String kind() {
            return "one-hot";
        }

        @Override
        public VerificationResult precheck() {
            VerificationResult shape = value.checkShape(group, key, categoryCount);
            if (!shape.valid()) {
                return shape;
            }
            for (int j = 0; j < value.size(); j++) {
                VerificationResult r = zeroOnePrecheck(group, value.bitProofs().get(j), key,
                        value.ciphertexts().get(j));
                if (!r.valid()) {
                    return VerificationResult.fail("O.2", "position " + j + ": check " + r.check() + ": " + r.reason());
                }
            }
            sumStatement = OneHotEncryption.sumStatement(group, key, value.ciphertexts());
            sumContext = OneHotEncryption.sumContext(group, context, value.ciphertexts());
            VerificationResult d = dleqPrecheck(value.sumProof(), sumStatement);
            return d.valid() ? d : VerificationResult.fail("O.3", "sum proof: check " + d.check() + ": " + d.reason());
        }

        @Override
        public void addTerms(LinearCombination lc) {
            int m = value.size();
            for (int j = 0; j < m; j++) {
                zeroOneTerms(lc, value.bitProofs().get(j), key, OneHotEncryption.bitContext(context, m, j),
                        value.ciphertexts().get(j));
            }
            sumTerms(lc);
        }

        /**
         * The sum proof's DLEQ equations with h1 = Σ alpha_j and h2 = Σ beta_j - G expanded, so the
         * coefficients land on the cells' own points (already in the sum) instead of on two derived points:
         * -ρ1·c·h1 = Σ -ρ1·c·alpha_j and -ρ2·c·h2 = Σ -ρ2·c·beta_j + ρ2·c·G.
         */
        private void sumTerms(LinearCombination lc) {
            BigInteger n = group.order();
            DleqProof p = value.sumProof();
            BigInteger c = DleqProof.challenge(group, OneHotEncryption.SUM_DOMAIN, sumContext, sumStatement, p.a1(), p.a2());
            BigInteger r1 = rho();
            BigInteger r2 = rho();
            BigInteger onAlpha = r1.multiply(c).mod(n).negate();
            BigInteger onBeta = r2.multiply(c).mod(n).negate();
            lc.addBase(sumStatement.g1(), r1.multiply(p.z()).subtract(onBeta));
            lc.addBase(sumStatement.g2(), r2.multiply(p.z()));
            for (Ciphertext ct : value.ciphertexts()) {
                lc.add(ct.alpha(), onAlpha);
                lc.add(ct.beta(), onBeta);
            }
            lc.add(p.a1(), r1.negate());
            lc.add(p.a2(), r2.negate());
        }

        @Override
        public VerificationResult verifySingle() {
            return value.verify(group, key, context, categoryCount);
        }
    }

    /**
     * The four square-proof equations (spec §3.6.4), E1 = zR·G - T1 - c·A, E2 = zV·G + zR·Y - T2 - c·B,
     * E3 = zV·A + zRho·G - T3 - c·A', E4 = zV·B + zRho·Y - T4 - c·B', weighted by ρ1..ρ4. With a range
     * proof instead of a value ciphertext, (A, B) = Σ w_i·(alpha_i, beta_i) over its bits: A's and B's
     * coefficients go to the bits' points, w_i times each.
     */
    private final class SquareItem implements Item {
        private final SquareProof proof;
        private final PublicKey key;
        private final ProofContext context;
        private final RangeProof range;
        private final long bound;
        private Ciphertext valueCiphertext;

        SquareItem(SquareProof proof, PublicKey key, ProofContext context, Ciphertext valueCiphertext,
                   RangeProof range, long bound) {
            this.proof = Objects.requireNonNull(proof, "proof");
            this.key = Objects.requireNonNull(key, "key");
            this.context = Objects.requireNonNull(context, "context");
            this.valueCiphertext = valueCiphertext;
            this.range = range;
            this.bound = bound;
        }

        @Override
        public String kind() {
            return "square";
        }

        @Override
        public VerificationResult precheck() {
            if (range != null) {
                VerificationResult derivable = derivableValue();
                if (!derivable.valid()) {
                    return derivable;
                }
            }
            return proof.precheck(group, key, valueCiphertext);
        }

        /**
         * B.2 for the derived statement: the range proof has the bound's bit count and its bit ciphertexts
         * are valid points (they enter the sum through this item even if the range proof is not in the batch).
         */
        private VerificationResult derivableValue() {
            if (bound < 1 || bound > RangeProof.MAX_BOUND || range.bitCiphertexts().size() != RangeProof.bitCount(bound)) {
                return VerificationResult.fail("B.2", "range proof does not fit the bound of the square's value");
            }
            for (Ciphertext bit : range.bitCiphertexts()) {
                if (!Points.valid(group, bit.alpha(), false) || !Points.valid(group, bit.beta(), true)) {
                    return VerificationResult.fail("B.2", "bit ciphertext of the square's value is not valid");
                }
            }
            if (valueCiphertext == null) {
                valueCiphertext = range.valueCiphertext(group, bound);
            }
            return VerificationResult.ok();
        }

        @Override
        public void addTerms(LinearCombination lc) {
            BigInteger n = group.order();
            SquareProof p = proof;
            BigInteger c = p.challenge(group, key, context, valueCiphertext);
            BigInteger r1 = rho();
            BigInteger r2 = rho();
            BigInteger r3 = rho();
            BigInteger r4 = rho();
            lc.addG(r1.multiply(p.zR()).add(r2.multiply(p.zV())).add(r3.multiply(p.zRho())));
            lc.addBase(key.point(), r2.multiply(p.zR()).add(r4.multiply(p.zRho())));
            BigInteger onA = r3.multiply(p.zV()).subtract(r1.multiply(c)).mod(n);
            BigInteger onB = r4.multiply(p.zV()).subtract(r2.multiply(c)).mod(n);
            if (range == null) {
                lc.add(valueCiphertext.alpha(), onA);
                lc.add(valueCiphertext.beta(), onB);
            } else {
                long[] w = RangeProof.weights(bound);
                for (int i = 0; i < w.length; i++) {
                    BigInteger wi = BigInteger.valueOf(w[i]);
                    Ciphertext bit = range.bitCiphertexts().get(i);
                    lc.add(bit.alpha(), onA.multiply(wi));
                    lc.add(bit.beta(), onB.multiply(wi));
                }
            }
            lc.add(p.square().alpha(), r3.multiply(c).mod(n).negate());
            lc.add(p.square().beta(), r4.multiply(c).mod(n).negate());
            lc.add(p.t1(), r1.negate());
            lc.add(p.t2(), r2.negate());
            lc.add(p.t3(), r3.negate());
            lc.add(p.t4(), r4.negate());
        }

        @Override
        public VerificationResult verifySingle() {
            if (range != null) {
                VerificationResult derivable = derivableValue();
                if (!derivable.valid()) {
                    return derivable;
                }
            }
            return proof.verify(group, key, context, valueCiphertext);
        }
    }

    private final class RangeItem implements Item {
        private final RangeProof proof;
        private final PublicKey key;
        private final ProofContext context;
        private final long bound;
        private final Ciphertext claimedValue;

        RangeItem(RangeProof proof, PublicKey key, ProofContext context, long bound, Ciphertext claimedValue) {
            this.proof = Objects.requireNonNull(proof, "proof");
            this.key = Objects.requireNonNull(key, "key");
            this.context = Objects.requireNonNull(context, "context");
            this.bound = bound;
            this.claimedValue = claimedValue;
        }

        @Override
        public String kind() {
            return "range";
        }

        @Override
        public VerificationResult precheck() {
            VerificationResult shape = proof.checkShape(group, key, bound);
            if (!shape.valid()) {
                return shape;
            }
            for (int i = 0; i < proof.bitCiphertexts().size(); i++) {
                VerificationResult r = zeroOnePrecheck(group, proof.bitProofs().get(i), key,
                        proof.bitCiphertexts().get(i));
                if (!r.valid()) {
                    return VerificationResult.fail("R.2", "bit " + i + ": check " + r.check() + ": " + r.reason());
                }
            }
            return claimedValue == null ? VerificationResult.ok() : RangeProof.checkClaimedValue(group, claimedValue);
        }

        /**
         * The bit equations, and for a claimed value Σ w_i·alpha_i - alpha_v and Σ w_i·beta_i - beta_v
         * (weights ρa, ρb).
         */
        @Override
        public void addTerms(LinearCombination lc) {
            int k = proof.bitCiphertexts().size();
            for (int i = 0; i < k; i++) {
                zeroOneTerms(lc, proof.bitProofs().get(i), key, RangeProof.bitContext(group, context, bound, i, proof.bitCiphertexts()),
                        proof.bitCiphertexts().get(i));
            }
            if (claimedValue != null) {
                long[] w = RangeProof.weights(bound);
                BigInteger ra = rho();
                BigInteger rb = rho();
                for (int i = 0; i < k; i++) {
                    BigInteger wi = BigInteger.valueOf(w[i]);
                    lc.add(proof.bitCiphertexts().get(i).alpha(), ra.multiply(wi));
                    lc.add(proof.bitCiphertexts().get(i).beta(), rb.multiply(wi));
                }
                lc.add(claimedValue.alpha(), ra.negate());
                lc.add(claimedValue.beta(), rb.negate());
            }
        }

        @Override
        public VerificationResult verifySingle() {
            return proof.verify(group, key, context, bound, claimedValue);
        }
    }
}
