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

    /**
     * The wire form 04 || x || y (spec §1.2.1) of a point, built from its affine coordinates rather
     * than by the encoder under test; coordinates may be any values below 2^256 (for rejection tests).
     */
    static byte[] wirePoint(BigInteger x, BigInteger y) {
        byte[] enc = new byte[65];
        enc[0] = 4;
        System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, x), 0, enc, 1, 32);
        System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, y), 0, enc, 33, 32);
        return enc;
    }

    static byte[] wirePoint(ECPoint p) {
        ECPoint n = p.normalize();
        return wirePoint(n.getAffineXCoord().toBigInteger(), n.getAffineYCoord().toBigInteger());
    }

    /** The wire form of the point with the smallest x >= 1 on the curve (y from BC's decompression). */
    static byte[] smallPoint(GroupContext g) {
        for (int x = 1; ; x++) {
            byte[] compressed = new byte[33];
            compressed[0] = 2;
            byte[] xb = BigInteger.valueOf(x).toByteArray();
            System.arraycopy(xb, 0, compressed, 33 - xb.length, xb.length);
            try {
                ECPoint p = g.curve().decodePoint(compressed);
                if (p.isValid()) {
                    return wirePoint(p);
                }
            } catch (RuntimeException e) {
                // no point with this x: try the next one
            }
        }
    }

    /** G's wire form with the last bit of y flipped: 65 well-formed bytes, not on the curve. */
    static byte[] offCurve(GroupContext g) {
        byte[] enc = wirePoint(g.generator());
        enc[64] ^= 1;
        return enc;
    }
}
