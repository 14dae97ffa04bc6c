package org.rdregistry.trustee.keystore;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.crypto.generators.SCrypt;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.hybrid.AesGcm;
import org.rdregistry.crypto.hybrid.AuthenticationFailedException;
import org.rdregistry.trustee.StrictJson;
import org.rdregistry.trustee.StrictJson.MalformedException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The passphrase-encrypted JSON container shared by share files and identity files:
 *
 * <pre>
 * {                                                   (written compact, on one line)
 *   "format": "rdregistry-trustee-share",            (or -identity)
 *   "version": 1,
 *   "kdf": {"name": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "&lt;16 bytes, base64url&gt;"},
 *   "cipher": {"name": "AES-256-GCM", "nonce": "&lt;12 bytes, base64url&gt;"},
 *   "public": { ...format-specific public fields... },
 *   "ciphertext": "&lt;base64url, payload + 16-byte tag&gt;"
 * }
 * </pre>
 *
 * key = scrypt(UTF-8(passphrase), salt, N, r, p, 32); ciphertext = AES-256-GCM(key, nonce, payload,
 * aad), where aad is the canonical {@link ProofContext} encoding of every header field (format, version,
 * kdf name and parameters, salt, cipher, nonce, and each public field in order). So a change of any byte
 * of the header or the ciphertext fails authentication, or the strict parse before it.
 */
final class SealedFile {

    static final int VERSION = 1;
    static final String KDF = "scrypt";
    static final String CIPHER = "AES-256-GCM";
    static final int SALT_BYTES = 16;
    static final int MAX_CIPHERTEXT_BYTES = 1 << 20;

    private SealedFile() {
    }

    /** What {@link #open} returns: the authenticated public fields and the payload. */
    record Opened(Map<String, Object> publicFields, byte[] payload) {
        @Override
        public String toString() {
            return "Opened[" + publicFields + ", payload=<redacted>]";
        }
    }

    /**
     * Encrypts {@code payload} under the passphrase.
     *
     * @param publicFields name to Integer or String, in the order they are written and authenticated
     */
    static byte[] seal(String format, Map<String, Object> publicFields, byte[] payload, char[] passphrase,
                       ScryptParams params, java.security.SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] key = deriveKey(passphrase, salt, params);
        byte[] ciphertext;
        try {
            ciphertext = AesGcm.encrypt(key, nonce, payload, aad(format, params, salt, nonce, publicFields));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        ObjectNode root = StrictJson.newObject();
        root.put("format", format);
        root.put("version", VERSION);
        ObjectNode kdf = root.putObject("kdf");
        kdf.put("name", KDF);
        kdf.put("n", params.n());
        kdf.put("r", params.r());
        kdf.put("p", params.p());
        kdf.put("salt", StrictJson.base64(salt));
        ObjectNode cipher = root.putObject("cipher");
        cipher.put("name", CIPHER);
        cipher.put("nonce", StrictJson.base64(nonce));
        ObjectNode pub = root.putObject("public");
        publicFields.forEach((name, value) -> {
            if (value instanceof Integer i) {
                pub.put(name, i);
            } else {
                pub.put(name, (String) value);
            }
        });
        root.put("ciphertext", StrictJson.base64(ciphertext));
        return canonical(root);
    }

    /**
     * Parses, checks and decrypts a file.
     *
     * @param schema the public fields expected, name to Integer.class or String.class, in order
     * @param minN the smallest scrypt N accepted
     * @throws KeyFileException {@code failure} (with a hint for structural problems) on any error
     */
    static Opened open(byte[] file, String format, Map<String, Class<?>> schema, char[] passphrase, int minN,
                       String failure) {
        ScryptParams params;
        byte[] salt;
        byte[] nonce;
        byte[] ciphertext;
        Map<String, Object> publicFields = new LinkedHashMap<>();
        try {
            ObjectNode root = StrictJson.parseObject(file);
            StrictJson.requireProperties(root, "file", Set.of("format", "version", "kdf", "cipher", "public",
                    "ciphertext"), Set.of());
            StrictJson.constant(root, "format", format);
            StrictJson.integer(root, "version", VERSION, VERSION);
            ObjectNode kdf = StrictJson.object(root, "kdf");
            StrictJson.requireProperties(kdf, "kdf", Set.of("name", "n", "r", "p", "salt"), Set.of());
            StrictJson.constant(kdf, "name", KDF);
            params = new ScryptParams(StrictJson.integer(kdf, "n", 1, Integer.MAX_VALUE),
                    StrictJson.integer(kdf, "r", 1, Integer.MAX_VALUE), StrictJson.integer(kdf, "p", 1, Integer.MAX_VALUE));
            if (!params.acceptable(minN)) {
                throw new MalformedException("scrypt parameters outside the accepted range");
            }
            salt = StrictJson.base64(kdf, "salt", SALT_BYTES, SALT_BYTES);
            ObjectNode cipher = StrictJson.object(root, "cipher");
            StrictJson.requireProperties(cipher, "cipher", Set.of("name", "nonce"), Set.of());
            StrictJson.constant(cipher, "name", CIPHER);
            nonce = StrictJson.base64(cipher, "nonce", AesGcm.NONCE_BYTES, AesGcm.NONCE_BYTES);
            ObjectNode pub = StrictJson.object(root, "public");
            StrictJson.requireProperties(pub, "public", schema.keySet(), Set.of());
            for (Map.Entry<String, Class<?>> f : schema.entrySet()) {
                publicFields.put(f.getKey(), f.getValue() == Integer.class
                        ? (Object) StrictJson.integer(pub, f.getKey(), 0, Integer.MAX_VALUE)
                        : StrictJson.string(pub, f.getKey(), 1024));
            }
            ciphertext = StrictJson.base64(root, "ciphertext", AesGcm.TAG_BITS / 8, MAX_CIPHERTEXT_BYTES);
            if (!Arrays.equals(file, canonical(root))) {
                // not as this class writes it (re-ordered properties, other spacing, escapes): a byte was changed
                throw new MalformedException("not in the canonical layout");
            }
        } catch (MalformedException e) {
            throw new KeyFileException(failure + " (" + e.getMessage() + ")");
        }
        byte[] key = deriveKey(passphrase, salt, params);
        try {
            byte[] payload = AesGcm.decrypt(key, nonce, ciphertext, aad(format, params, salt, nonce, publicFields));
            return new Opened(publicFields, payload);
        } catch (AuthenticationFailedException e) {
            throw new KeyFileException(failure);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Compact JSON (no whitespace, properties in the order written) and one newline: a layout that does not
     * depend on a JSON library's pretty-printer, so files stay readable across upgrades while any
     * re-formatted or re-escaped copy is still refused.
     */
    private static byte[] canonical(JsonNode root) {
        byte[] compact = StrictJson.writeCompact(root);
        byte[] out = Arrays.copyOf(compact, compact.length + 1);
        out[compact.length] = '\n';
        return out;
    }

    static byte[] aad(String format, ScryptParams params, byte[] salt, byte[] nonce, Map<String, Object> publicFields) {
        ProofContext ctx = ProofContext.of("format", format)
                .with("version", VERSION)
                .with("kdf", KDF)
                .with("n", params.n())
                .with("r", params.r())
                .with("p", params.p())
                .with("salt", salt)
                .with("cipher", CIPHER)
                .with("nonce", nonce);
        for (Map.Entry<String, Object> f : publicFields.entrySet()) {
            ctx = f.getValue() instanceof Integer i ? ctx.with(f.getKey(), i.longValue())
                    : ctx.with(f.getKey(), (String) f.getValue());
        }
        return ctx.toBytes();
    }

    private static byte[] deriveKey(char[] passphrase, byte[] salt, ScryptParams params) {
        byte[] secret = utf8(passphrase);
        try {
            return SCrypt.generate(secret, salt, params.n(), params.r(), params.p(), AesGcm.KEY_BYTES);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** UTF-8 bytes of a passphrase without going through a String (which could not be wiped). */
    static byte[] utf8(char[] passphrase) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buf;
        try {
            buf = encoder.encode(CharBuffer.wrap(passphrase));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the passphrase is not valid Unicode text");
        }
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) {
            Arrays.fill(buf.array(), (byte) 0);
        }
        return out;
    }
}
