package org.rdregistry.crypto.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * AES-256-GCM known answers: McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test
 * cases 13-16 (256-bit key), typed from the specification. Our ciphertext is C || T.
 */
class AesGcmKnownAnswerTest {

    record Vector(String name, String key, String iv, String aad, String plaintext, String ciphertext, String tag) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String K0 = "0000000000000000000000000000000000000000000000000000000000000000";
    static final String KF = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    static final String IV0 = "000000000000000000000000";
    static final String IVC = "cafebabefacedbaddecaf888";
    static final String P64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    static final String C64 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

    static Vector[] vectors() {
        return new Vector[] {
            new Vector("test case 13", K0, IV0, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
            new Vector("test case 14", K0, IV0, "", "00000000000000000000000000000000",
                    "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"),
            new Vector("test case 15", KF, IVC, "", P64, C64, "b094dac5d93471bdec1a502270e3cc6c"),
            new Vector("test case 16", KF, IVC, "feedfacedeadbeeffeedfacedeadbeefabaddad2",
                    P64.substring(0, 120), C64.substring(0, 120), "76fc6ece0f4e1768cddf8853bb2d551b"),
        };
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encryptsToThePublishedCiphertextAndTag(Vector v) {
        byte[] out = AesGcm.encrypt(Hex.decode(v.key), Hex.decode(v.iv), Hex.decode(v.plaintext), Hex.decode(v.aad));
        assertThat(Hex.toHexString(out)).isEqualTo(v.ciphertext + v.tag);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decryptsThePublishedCiphertextAndRejectsAnyChange(Vector v) {
        byte[] key = Hex.decode(v.key);
        byte[] iv = Hex.decode(v.iv);
        byte[] aad = Hex.decode(v.aad);
        byte[] sealed = Hex.decode(v.ciphertext + v.tag);
        assertThat(AesGcm.decrypt(key, iv, sealed, aad)).isEqualTo(Hex.decode(v.plaintext));

        byte[] badTag = sealed.clone();
        badTag[badTag.length - 1] ^= 1;
        assertThatThrownBy(() -> AesGcm.decrypt(key, iv, badTag, aad)).isInstanceOf(AuthenticationFailedException.class);
        byte[] badIv = iv.clone();
        badIv[0] ^= (byte) 0x80;
        assertThatThrownBy(() -> AesGcm.decrypt(key, badIv, sealed, aad)).isInstanceOf(AuthenticationFailedException.class);
        byte[] badKey = key.clone();
        badKey[31] ^= 1;
        assertThatThrownBy(() -> AesGcm.decrypt(badKey, iv, sealed, aad)).isInstanceOf(AuthenticationFailedException.class);
        byte[] otherAad = Arrays.concatenate(aad, new byte[] {0});
        assertThatThrownBy(() -> AesGcm.decrypt(key, iv, sealed, otherAad)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void rejectsWrongKeyAndNonceLengthsAndTruncatedCiphertext() {
        byte[] key = new byte[32];
        byte[] iv = new byte[12];
        assertThatThrownBy(() -> AesGcm.encrypt(new byte[16], iv, new byte[1], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AesGcm.encrypt(key, new byte[16], new byte[1], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AesGcm.decrypt(key, iv, new byte[15], new byte[0])).isInstanceOf(AuthenticationFailedException.class);
    }
}
