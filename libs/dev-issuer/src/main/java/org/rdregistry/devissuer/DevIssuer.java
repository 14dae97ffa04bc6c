package org.rdregistry.devissuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A DEVELOPMENT JWT issuer for tests and the local stack: an RSA-2048 key pair and RS256 tokens with
 * {@code iss = "rdregistry-dev"}, {@code sub}, {@code roles} (array), {@code iat} and {@code exp}.
 *
 * <p>RSA because Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.public-key-location}
 * accepts exactly an RSA public key in PEM; RS256 is Boot's default JWS algorithm for it. Production
 * uses a real OIDC provider instead ({@code issuer-uri}); nothing here is meant for production.
 *
 * <p>Files in a key directory: {@value #PUBLIC_KEY_FILE} (X.509 SubjectPublicKeyInfo PEM, readable)
 * and {@value #PRIVATE_KEY_FILE} (PKCS#8 PEM, created with permissions 600 on POSIX file systems).
 * {@link #toString()} never shows the private key.
 */
public final class DevIssuer {

    public static final String ISSUER = "rdregistry-dev";
    public static final String ROLES_CLAIM = "roles";
    public static final String PUBLIC_KEY_FILE = "public.pem";
    public static final String PRIVATE_KEY_FILE = "private.pem";

    /** Claims the issuer sets itself; extra claims may not override them. */
    static final Set<String> RESERVED_CLAIMS = Set.of("iss", "sub", ROLES_CLAIM, "exp", "iat", "nbf");

    private static final int KEY_BITS = 2048;

    private final RSAKey key;
    private final Clock clock;

    private DevIssuer(RSAKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** A fresh in-memory key pair (nothing written). */
    public static DevIssuer generate() {
        try {
            return new DevIssuer(new RSAKeyGenerator(KEY_BITS).keyIDFromThumbprint(true).generate(), Clock.systemUTC());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    /** Generates a key pair and writes it to {@code dir} (created if needed); refuses to overwrite keys. */
    public static DevIssuer init(Path dir) throws IOException {
        DevIssuer issuer = generate();
        issuer.writeTo(dir);
        return issuer;
    }

    /** Whether {@code dir} holds a key pair written by {@link #writeTo(Path)} (both files). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(PUBLIC_KEY_FILE)) && Files.isRegularFile(dir.resolve(PRIVATE_KEY_FILE));
    }

    /** Loads the key pair written by {@link #writeTo(Path)}; checks that both files belong together. */
    public static DevIssuer load(Path dir) throws IOException {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Pem.decode(Files.readString(dir.resolve(PRIVATE_KEY_FILE)), "PRIVATE KEY")));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                    new X509EncodedKeySpec(Pem.decode(Files.readString(dir.resolve(PUBLIC_KEY_FILE)), "PUBLIC KEY")));
            RSAPublicKey derived = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            if (!derived.equals(publicKey)) {
                throw new IOException(dir.resolve(PUBLIC_KEY_FILE) + " does not match " + dir.resolve(PRIVATE_KEY_FILE));
            }
            RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
            return new DevIssuer(key, Clock.systemUTC());
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException | JOSEException e) {
            throw new IOException("not an RSA key pair in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The same key with another clock (tests of expiry). */
    public DevIssuer withClock(Clock clock) {
        return new DevIssuer(key, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Writes {@value #PRIVATE_KEY_FILE} (600) and {@value #PUBLIC_KEY_FILE} (644) into {@code dir}.
     *
     * @throws FileAlreadyExistsException if either file exists (keys are never silently replaced)
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        for (Path p : List.of(privateFile, publicFile)) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
        }
        // Created with owner-only permissions so the private key is never readable by others, not even briefly.
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(privateFile);
        }
        try {
            Files.writeString(privateFile, Pem.encode("PRIVATE KEY", key.toRSAPrivateKey().getEncoded()));
            Files.writeString(publicFile, publicKeyPem());
        } catch (JOSEException e) {
            throw new IOException("cannot encode the key pair", e);
        }
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as X.509 SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"). */
    public String publicKeyPem() {
        return Pem.encode("PUBLIC KEY", publicKey().getEncoded());
    }

    /** The key id ({@code kid} header): the RFC 7638 thumbprint of the public key. */
    public String keyId() {
        return key.getKeyID();
    }

    /** A signed RS256 token; see {@link #mint(String, List, Map, Duration)}. */
    public String mint(String subject, List<String> roles, Duration ttl) {
        return mint(subject, roles, Map.of(), ttl);
    }

    /**
     * A signed RS256 token with {@code iss}, {@code sub}, {@code roles}, {@code iat} = now and
     * {@code exp} = now + ttl (whole seconds), plus {@code extraClaims}.
     *
     * @throws IllegalArgumentException if the subject is blank, a role is blank, ttl is not positive or
     *     an extra claim would override one of iss, sub, roles, exp, iat, nbf
     */
    public String mint(String subject, List<String> roles, Map<String, ?> extraClaims, Duration ttl) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        Objects.requireNonNull(roles, "roles");
        if (roles.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new IllegalArgumentException("roles must not be blank");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        extraClaims.forEach((name, value) -> {
            if (RESERVED_CLAIMS.contains(name)) {
                throw new IllegalArgumentException("claim " + name + " is set by the issuer");
            }
            claims.claim(name, value);
        });
        claims.issuer(ISSUER)
                .subject(subject)
                .claim(ROLES_CLAIM, List.copyOf(roles))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the token", e);
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return "DevIssuer[" + ISSUER + ", kid=" + key.getKeyID() + ", private key=<redacted>]";
    }

    /** PEM armour (RFC 7468) around DER bytes. */
    static final class Pem {
        private Pem() {
        }

        static String encode(String label, byte[] der) {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
        }

        static byte[] decode(String pem, String label) {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = pem.indexOf(begin);
            int to = pem.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("expected a PEM block '" + label + "'");
            }
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        }
    }
}
