package org.rdregistry.hospital.cli.trustee;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.elgamal.ElGamal;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.crypto.group.ProofContext;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.hospital.cli.RegistryCli;
import org.rdregistry.trustee.keystore.Passphrase;
import org.rdregistry.trustee.keystore.TrusteeShareFile;

/**
 * {@code registry trustee ...} end to end, in-process (picocli's execute with captured streams): three
 * trustees create identities, a configuration is written, the three run the ceremony concurrently over a
 * shared directory, the result verifies and the registry key decrypts with two loaded-back shares.
 */
class TrusteeCliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run registry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RegistryCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void restoreEnvironment() {
        PassphraseOptions.environment = System::getenv;
    }

    Path passphraseFile(int i) throws IOException {
        Path f = dir.resolve("pass-" + i);
        if (!Files.exists(f)) {
            Files.writeString(f, "passphrase of trustee " + i + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        return f;
    }

    /** Identities for trustees 1..3 and ceremony.json; returns the configuration path. */
    Path setUpThreeTrustees(String ceremonyId) throws IOException {
        List<String> initArgs = new ArrayList<>(List.of("trustee", "init-config", "--ceremony-id", ceremonyId,
                "--threshold", "2", "--out", dir.resolve("ceremony.json").toString()));
        for (int i = 1; i <= 3; i++) {
            Run id = registry("trustee", "identity", "--dir", dir.resolve("id-" + i).toString(), "--passphrase-file",
                    passphraseFile(i).toString());
            assertThat(id.code()).as(id.err()).isZero();
            assertThat(id.out()).contains("identity fingerprint (SHA-256): ");
            initArgs.addAll(List.of("--identity", dir.resolve("id-" + i).resolve("identity.pub.json").toString()));
        }
        Run init = registry(initArgs.toArray(String[]::new));
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("2-of-3 on P-256", "configuration fingerprint (SHA-256): ");
        return dir.resolve("ceremony.json");
    }

    String[] ceremonyArgs(Path config, int i, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("trustee", "ceremony", "--config", config.toString(), "--index",
                Integer.toString(i), "--identity-dir", dir.resolve("id-" + i).toString(), "--passphrase-file",
                passphraseFile(i).toString(), "--board-dir", dir.resolve("board").toString(), "--out",
                dir.resolve("out-" + i).toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void threeTrusteesRunTheCeremonyFromTheCommandLine() throws Exception {
        Path config = setUpThreeTrustees("cli-ceremony-1");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String[] args = ceremonyArgs(config, i, "--round-timeout", "60s");
            runs.add(pool.submit(() -> registry(args)));
        }
        for (int i = 0; i < 3; i++) {
            Run r = runs.get(i).get(120, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("trustee " + (i + 1) + " of 3", "round 4/4 complete", "ceremony complete");
        }
        pool.shutdown();

        byte[] result = Files.readAllBytes(dir.resolve("out-1/ceremony-result.json"));
        byte[] key = Files.readAllBytes(dir.resolve("out-1/registry-key.json"));
        for (int i = 2; i <= 3; i++) {
            assertThat(Files.readAllBytes(dir.resolve("out-" + i + "/ceremony-result.json"))).isEqualTo(result);
            assertThat(Files.readAllBytes(dir.resolve("out-" + i + "/registry-key.json"))).isEqualTo(key);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out-2/trustee-2.share.json"))))
                .isEqualTo("rw-------");

        Run verify = registry("trustee", "verify-ceremony", "--result", dir.resolve("out-3/ceremony-result.json").toString(),
                "--registry-key", dir.resolve("out-1/registry-key.json").toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("VALID: ceremony cli-ceremony-1, 2-of-3 on P-256; participants [1, 2, 3], "
                + "qualified dealers [1, 2, 3]");

        // the registry key (as intake reads it) decrypts with shares 1 and 3 loaded back from their files
        PublicKey registryKey = Wire.fromJson(new String(key, java.nio.charset.StandardCharsets.UTF_8).strip(),
                PublicKey.class);
        TrusteeKeyShare s1 = TrusteeShareFile.read(dir.resolve("out-1/trustee-1.share.json"),
                Passphrase.fromFile(passphraseFile(1)));
        TrusteeKeyShare s3 = TrusteeShareFile.read(dir.resolve("out-3/trustee-3.share.json"),
                Passphrase.fromFile(passphraseFile(3)));
        GroupContext group = registryKey.group();
        DiscreteLog table = new DiscreteLog(group, 1 << 8, 1 << 16);
        Ciphertext c = new ElGamal(group, table).encrypt(registryKey, 2026).ciphertext();
        ProofContext ctx = ProofContext.of("release", "cli-test");
        List<PartialDecryption> partials = List.of(ThresholdDecryption.partialDecrypt(s1, c, ctx),
                ThresholdDecryption.partialDecrypt(s3, c, ctx));
        assertThat(new DecryptionCombiner(s1.jointKey()).decrypt(c, ctx, partials, table)).isEqualTo(2026);

        // a tampered result does not verify: one line, exit 1
        String text = Files.readString(dir.resolve("out-1/ceremony-result.json"));
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, text.replace("\"qualified\" : [ 1, 2, 3 ]", "\"qualified\" : [ 1, 2 ]"));
        assertThat(Files.readString(tampered)).isNotEqualTo(text);
        Run bad = registry("trustee", "verify-ceremony", "--result", tampered.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.errLines()).singleElement().asString()
                .startsWith("registry trustee verify-ceremony: INVALID: check K.9");

        // a ceremony id is never reused on the same board
        Run again = registry(ceremonyArgs(config, 1, "--round-timeout", "2s"));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.errLines()).anyMatch(l -> l.contains("already exists"));
    }

    @Test
    void wrongPassphraseMissingConfigAndOtherMistakesGiveOneClearLine() throws Exception {
        Path config = setUpThreeTrustees("cli-ceremony-2");
        Path wrong = Files.writeString(dir.resolve("wrong"), "not the passphrase at all\n");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        String[] args = ceremonyArgs(config, 1);
        args[9] = wrong.toString();   // --passphrase-file
        Run r = registry(args);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("registry trustee ceremony: wrong passphrase or corrupted identity file ");
        assertThat(r.err()).doesNotContain("not the passphrase");
        assertThat(dir.resolve("out-1")).doesNotExist();
        assertThat(dir.resolve("board")).doesNotExist();

        Run missing = registry(ceremonyArgs(dir.resolve("nope.json"), 1));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.errLines()).containsExactly("registry trustee ceremony: no such file: " + dir.resolve("nope.json"));

        Run index = registry(ceremonyArgs(config, 4));
        assertThat(index.code()).isEqualTo(1);
        assertThat(index.errLines()).singleElement().asString().contains("--index must be between 1 and 3");

        String[] swapped = ceremonyArgs(config, 2);
        swapped[7] = dir.resolve("id-1").toString();   // trustee 1's identity claiming index 2
        swapped[9] = passphraseFile(1).toString();
        Run notMine = registry(swapped);
        assertThat(notMine.code()).isEqualTo(1);
        assertThat(notMine.errLines()).singleElement().asString().contains("is not trustee 2's in");

        Run noBoard = registry("trustee", "ceremony", "--config", config.toString(), "--index", "1", "--identity-dir",
                dir.resolve("id-1").toString(), "--out", dir.resolve("o").toString());
        assertThat(noBoard.code()).isEqualTo(1);
        assertThat(noBoard.errLines()).singleElement().asString().contains("--board-dir");

        Run argument = registry("trustee", "identity", "--dir", dir.resolve("x").toString(), "--passphrase", "secret-on-cli");
        assertThat(argument.code()).isEqualTo(1);
        assertThat(argument.errLines()).singleElement().asString().contains("Unknown option");
        assertThat(dir.resolve("x")).doesNotExist();

        Run badTimeout = registry(ceremonyArgs(config, 1, "--round-timeout", "soon"));
        assertThat(badTimeout.code()).isEqualTo(1);
        assertThat(badTimeout.errLines()).singleElement().asString().contains("not a duration");

        Run badResult = registry("trustee", "verify-ceremony", "--result", config.toString());
        assertThat(badResult.code()).isEqualTo(1);
        assertThat(badResult.errLines()).singleElement().asString().contains("INVALID: not a valid ceremony result document");
    }

    @Test
    void passphraseFromTheEnvironmentAndItsRules() throws IOException {
        PassphraseOptions.environment = Map.of(Passphrase.ENV, "environment passphrase")::get;
        Run fromEnv = registry("trustee", "identity", "--dir", dir.resolve("env").toString());
        assertThat(fromEnv.code()).as(fromEnv.err()).isZero();
        assertThat(dir.resolve("env/identity.key.json")).exists();

        PassphraseOptions.environment = Map.<String, String>of()::get;
        Run none = registry("trustee", "identity", "--dir", dir.resolve("none").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.errLines()).containsExactly("registry trustee identity: no passphrase: give --passphrase-file "
                + "FILE or set " + Passphrase.ENV);

        PassphraseOptions.environment = Map.of(Passphrase.ENV, "too short")::get;
        Run weak = registry("trustee", "identity", "--dir", dir.resolve("weak").toString());
        assertThat(weak.code()).isEqualTo(1);
        assertThat(weak.errLines()).singleElement().asString().contains("at least 12 characters");

        PassphraseOptions.environment = Map.of(Passphrase.ENV, "environment passphrase")::get;
        Run exists = registry("trustee", "identity", "--dir", dir.resolve("env").toString());
        assertThat(exists.code()).isEqualTo(1);
        assertThat(exists.errLines()).singleElement().asString().contains("already exists");

        Path open = Files.writeString(dir.resolve("open-pass"), "a readable passphrase\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Run warned = registry("trustee", "identity", "--dir", dir.resolve("w").toString(), "--passphrase-file", open.toString());
        assertThat(warned.code()).isZero();
        assertThat(warned.err()).contains("warning: the passphrase file " + open + " is readable by other users");
    }

    @Test
    void initConfigRefusesBadInput() throws IOException {
        Run id = registry("trustee", "identity", "--dir", dir.resolve("id-1").toString(), "--passphrase-file",
                passphraseFile(1).toString());
        assertThat(id.code()).isZero();
        String pub = dir.resolve("id-1/identity.pub.json").toString();
        Run duplicate = registry("trustee", "init-config", "--ceremony-id", "c", "--identity", pub, "--identity", pub,
                "--out", dir.resolve("c.json").toString());
        assertThat(duplicate.code()).isEqualTo(1);
        assertThat(duplicate.errLines()).singleElement().asString().contains("same identity key");
        Run threshold = registry("trustee", "init-config", "--ceremony-id", "c", "--identity", pub, "--out",
                dir.resolve("c.json").toString());
        assertThat(threshold.code()).isEqualTo(1);
        assertThat(threshold.errLines()).singleElement().asString().contains("--threshold must be between 1 and");
        Run badId = registry("trustee", "init-config", "--ceremony-id", "no spaces", "--threshold", "1", "--identity", pub,
                "--out", dir.resolve("c.json").toString());
        assertThat(badId.code()).isEqualTo(1);
        assertThat(badId.errLines()).singleElement().asString().contains("ceremony id must be");
        assertThat(dir.resolve("c.json")).doesNotExist();
    }
}
