package org.rdregistry.devissuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;

class DevIssuerTest {

    static DevIssuer issuer;

    @BeforeAll
    static void key() {
        issuer = DevIssuer.generate();
    }

    static DefaultJWTClaimsVerifier<com.nimbusds.jose.proc.SecurityContext> claimsVerifier() {
        return new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().issuer(DevIssuer.ISSUER).build(),
                Set.of("sub", "roles", "iat", "exp"));
    }

    @Test
    void mintedTokenVerifiesWithThePublicKeyAndCarriesTheClaims() throws Exception {
        String token = issuer.mint("hospital-a", List.of("hospital"), Map.of("specialty", "neurology"), Duration.ofMinutes(5));
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.keyId());
        assertThat(jwt.verify(new RSASSAVerifier(issuer.publicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        claimsVerifier().verify(claims, null);
        assertThat(claims.getIssuer()).isEqualTo("rdregistry-dev");
        assertThat(claims.getSubject()).isEqualTo("hospital-a");
        assertThat(claims.getStringListClaim("roles")).containsExactly("hospital");
        assertThat(claims.getStringClaim("specialty")).isEqualTo("neurology");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anotherKeyDoesNotVerifyAndATamperedTokenFails() throws Exception {
        String token = issuer.mint("hospital-a", List.of("hospital"), Duration.ofMinutes(5));
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(DevIssuer.generate().publicKey()))).isFalse();

        String forged = issuer.mint("hospital-b", List.of("admin"), Duration.ofMinutes(5));
        String[] a = token.split("\\.");
        String[] b = forged.split("\\.");
        SignedJWT spliced = SignedJWT.parse(a[0] + "." + b[1] + "." + a[2]);
        assertThat(spliced.verify(new RSASSAVerifier(issuer.publicKey()))).isFalse();
    }

    @Test
    void expiredTokensAreRejectedByAClaimsVerifier() throws Exception {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        String old = issuer.withClock(Clock.fixed(twoHoursAgo, ZoneOffset.UTC))
                .mint("hospital-a", List.of("hospital"), Duration.ofMinutes(10));
        JWTClaimsSet claims = SignedJWT.parse(old).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().toInstant()).isBefore(Instant.now());
        assertThatThrownBy(() -> claimsVerifier().verify(claims, null))
                .isInstanceOf(BadJWTException.class).hasMessageContaining("Expired");
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> issuer.mint("a", List.of("x"), Duration.ZERO)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> issuer.mint(" ", List.of("x"), Duration.ofMinutes(1))).hasMessageContaining("subject");
        assertThatThrownBy(() -> issuer.mint("a", List.of(""), Duration.ofMinutes(1))).hasMessageContaining("roles");
        assertThatThrownBy(() -> issuer.mint("a", List.of("x"), Map.of("roles", List.of("admin")), Duration.ofMinutes(1)))
                .hasMessageContaining("roles");
        assertThat(issuer.toString()).doesNotContain("MII").contains("redacted");
    }

    @Test
    void writesAPemPublicKeyAndAnOwnerOnlyPrivateKeyAndLoadsThemBack(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        DevIssuer written = DevIssuer.init(keys);
        String pem = Files.readString(keys.resolve("public.pem"));
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        // the same decoding Spring Boot applies to public-key-location
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", ""));
        RSAPublicKey parsed = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        assertThat(parsed.getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.readString(keys.resolve("private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("private.pem"))))
                    .isEqualTo("rw-------");
        }

        DevIssuer loaded = DevIssuer.load(keys);
        assertThat(loaded.keyId()).isEqualTo(written.keyId());
        String token = loaded.mint("hospital-a", List.of("hospital"), Duration.ofMinutes(1));
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(parsed))).isTrue();

        assertThatThrownBy(() -> DevIssuer.init(keys)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void refusesToLoadMismatchedFiles(@TempDir Path dir) throws Exception {
        DevIssuer.init(dir.resolve("a"));
        DevIssuer.init(dir.resolve("b"));
        Files.copy(dir.resolve("b/public.pem"), dir.resolve("a/public.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> DevIssuer.load(dir.resolve("a"))).hasMessageContaining("does not match");
    }

    @Test
    void cliInitAndToken(@TempDir Path dir) throws Exception {
        Cli init = Cli.run("init", "--dir", dir.toString());
        assertThat(init.code).isZero();
        assertThat(init.out).contains("public.pem");
        String kid = DevIssuer.load(dir).keyId();

        Cli again = Cli.run("init", "--dir", dir.toString());
        assertThat(again.code).isZero();
        assertThat(again.out).contains("kept");
        assertThat(DevIssuer.load(dir).keyId()).isEqualTo(kid);

        Cli token = Cli.run("token", "--dir", dir.toString(), "--sub", "hospital-a", "--role", "hospital",
                "--role", "trustee", "--ttl", "30m", "--claim", "specialty=cardiology");
        assertThat(token.code).as(token.err).isZero();
        SignedJWT jwt = SignedJWT.parse(token.out.strip());
        assertThat(jwt.verify(new RSASSAVerifier(DevIssuer.load(dir).publicKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("hospital-a");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("hospital", "trustee");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("specialty")).isEqualTo("cardiology");
        assertThat(Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
                jwt.getJWTClaimsSet().getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(30));

        Cli forced = Cli.run("init", "--dir", dir.toString(), "--force");
        assertThat(forced.code).isZero();
        assertThat(DevIssuer.load(dir).keyId()).isNotEqualTo(kid);
    }

    @Test
    void cliSpecialtiesBecomeAnArrayClaim(@TempDir Path dir) throws Exception {
        assertThat(Cli.run("init", "--dir", dir.toString()).code).isZero();
        Cli token = Cli.run("token", "--dir", dir.toString(), "--sub", "expert-1", "--role", "expert",
                "--specialty", "cardiology", "--specialty", "medical-genetics");
        assertThat(token.code).as(token.err).isZero();
        assertThat(SignedJWT.parse(token.out.strip()).getJWTClaimsSet().getStringListClaim("specialties"))
                .containsExactly("cardiology", "medical-genetics");
        Cli both = Cli.run("token", "--dir", dir.toString(), "--sub", "e", "--specialty", "cardiology",
                "--claim", "specialties=x");
        assertThat(both.code).isEqualTo(2);
        assertThat(both.err).contains("not both");
    }

    @Test
    void cliErrorsAreOneLineWithNonZeroExit(@TempDir Path dir) {
        Cli noKeys = Cli.run("token", "--dir", dir.resolve("none").toString(), "--sub", "x", "--role", "hospital");
        assertThat(noKeys.code).isEqualTo(1);
        assertThat(noKeys.err.lines()).hasSize(1).first().asString().contains("no keys");
        assertThat(noKeys.out).isEmpty();

        Cli usage = Cli.run("token", "--dir", dir.toString());
        assertThat(usage.code).isEqualTo(2);
        assertThat(usage.err.lines()).hasSize(1).first().asString().contains("--sub");

        assertThat(Cli.run("mint").code).isEqualTo(2);
        assertThat(Cli.run().code).isEqualTo(2);
        assertThat(Cli.run("token", "--dir", dir.toString(), "--sub", "x", "--ttl", "soon").err).contains("--ttl");
        assertThat(Cli.run("init", "--dir").err).contains("--dir needs a value");
    }

    record Cli(int code, String out, String err) {
        static Cli run(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = DevIssuerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
