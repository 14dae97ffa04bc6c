package org.rdregistry.crypto.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.proof.DleqProof;

/** Valid sample values of every standard type, for the round-trip and rejection tests. */
final class Samples {

    static final HexFormat HEX = HexFormat.of();

    private Samples() {
    }

    static List<GroupContext> curves() {
        return List.of(GroupContext.p256(), GroupContext.secp256k1());
    }

    static KeyPair keyPair(GroupContext g) {
        return KeyPair.generate(g);
    }

    static Ciphertext ciphertext(GroupContext g, long m) {
        return new ElGamal(g).encrypt(keyPair(g).publicKey(), m).ciphertext();
    }

    static DleqProof dleq(GroupContext g) {
        BigInteger x = g.randomScalar();
        ECPoint g2 = g.multiplyG(g.randomScalar());
        DleqProof.Statement s = new DleqProof.Statement(g.generator(), g.multiplyG(x), g2, g.multiplySecret(g2, x));
        return DleqProof.prove(g, "test/wire", ProofContext.of("test", "wire"), s, x);
    }

    /** One valid value of every standard codec on curve g (curve-free ones such as ProofContext included). */
    static List<Object> all(GroupContext g) {
        List<Object> all = new ArrayList<>(List.of(
                new Scalar(g, g.randomScalar()),
                keyPair(g).publicKey(),
                ciphertext(g, 42),
                Ciphertext.zero(g),
                CiphertextList.of(g, ciphertext(g, 1), Ciphertext.zero(g), ciphertext(g, -7)),
                new CiphertextList(g, List.of()),
                ProofContext.of("registry-key", "k").with("record", 17).with("field", "sex"),
                dleq(g),
                HybridEncryption.seal(keyPair(g).publicKey(), "test", "hello".getBytes(StandardCharsets.UTF_8),
                        new byte[0])));
        all.addAll(AreaSamples.all(g));
        return all;
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    /** The compressed encoding 02||x of the point with the smallest x >= start on the curve (found with BC). */
    static byte[] smallOnCurve(GroupContext g, int start, boolean onCurve) {
        for (int x = start; ; x++) {
            byte[] enc = new byte[33];
            enc[0] = 2;
            byte[] xb = BigInteger.valueOf(x).toByteArray();
            System.arraycopy(xb, 0, enc, 33 - xb.length, xb.length);
            boolean decodes;
            try {
                decodes = g.curve().decodePoint(enc).isValid();
            } catch (RuntimeException e) {
                decodes = false;
            }
            if (decodes == onCurve) {
                return enc;
            }
        }
    }
}
