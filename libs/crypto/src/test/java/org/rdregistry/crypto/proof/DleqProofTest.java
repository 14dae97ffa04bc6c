package org.rdregistry.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;

class DleqProofTest {

    static GroupContext[] groups() {
        return new GroupContext[] {GroupContext.p256(), GroupContext.secp256k1()};
    }

    private static final String DOMAIN = "test/dleq";

    @ParameterizedTest
    @MethodSource("groups")
    void honestProofVerifiesAndEveryTamperingFailsWithItsCheck(GroupContext group) {
        BigInteger x = group.randomScalar();
        ECPoint g2 = group.multiplyG(group.randomScalar());
        DleqProof.Statement s = new DleqProof.Statement(group.generator(), group.multiplyG(x), g2,
                group.multiplySecret(g2, x).normalize());
        ProofContext ctx = ProofContext.of("record", "r1");
        DleqProof proof = DleqProof.prove(group, DOMAIN, ctx, s, x);
        assertThat(proof.verify(group, DOMAIN, ctx, s).valid()).isTrue();

        // another domain, another context, another statement
        assertThat(proof.verify(group, "test/other", ctx, s).check()).isEqualTo("D.2");
        assertThat(proof.verify(group, DOMAIN, ProofContext.of("record", "r2"), s).check()).isEqualTo("D.2");
        DleqProof.Statement otherH2 = new DleqProof.Statement(s.g1(), s.h1(), s.g2(), s.h2().add(group.generator()).normalize());
        assertThat(proof.verify(group, DOMAIN, ctx, otherH2).valid()).isFalse();
        // unequal logarithms cannot be proven: the prover's x does not fit h2
        DleqProof.Statement unequal = new DleqProof.Statement(s.g1(), s.h1(), s.g2(), group.multiplyG(group.randomScalar()));
        assertThat(DleqProof.prove(group, DOMAIN, ctx, unequal, x).verify(group, DOMAIN, ctx, unequal).check()).isEqualTo("D.3");
        // tampered response and commitments
        DleqProof badZ = new DleqProof(proof.a1(), proof.a2(), proof.z().add(BigInteger.ONE).mod(group.order()));
        assertThat(badZ.verify(group, DOMAIN, ctx, s).valid()).isFalse();
        DleqProof badA2 = new DleqProof(proof.a1(), proof.a2().add(group.generator()).normalize(), proof.z());
        assertThat(badA2.verify(group, DOMAIN, ctx, s).valid()).isFalse();
        // malformed values
        assertThat(new DleqProof(group.infinity(), proof.a2(), proof.z()).verify(group, DOMAIN, ctx, s).check()).isEqualTo("D.1");
        assertThat(new DleqProof(proof.a1(), proof.a2(), group.order()).verify(group, DOMAIN, ctx, s).check()).isEqualTo("D.1");
        DleqProof.Statement infinityStatement = new DleqProof.Statement(group.infinity(), s.h1(), s.g2(), s.h2());
        assertThat(proof.verify(group, DOMAIN, ctx, infinityStatement).check()).isEqualTo("D.0");
        GroupContext other = group == GroupContext.p256() ? GroupContext.secp256k1() : GroupContext.p256();
        DleqProof.Statement foreign = new DleqProof.Statement(s.g1(), s.h1(), other.generator(), s.h2());
        assertThat(proof.verify(group, DOMAIN, ctx, foreign).check()).isEqualTo("D.0");
        DleqProof foreignCommitment = new DleqProof(other.generator(), proof.a2(), proof.z());
        assertThat(foreignCommitment.verify(group, DOMAIN, ctx, s).check()).isEqualTo("D.1");
    }
}
