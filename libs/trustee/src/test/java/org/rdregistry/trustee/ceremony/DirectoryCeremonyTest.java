package org.rdregistry.trustee.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.keyceremony.DealerFault;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.identity.IdentitySignature;
import org.rdregistry.trustee.keystore.TrusteeShareFile;

/** Three trustees (t = 2) running the ceremony concurrently over a shared directory. */
class DirectoryCeremonyTest {

    static final char[] PASSPHRASE = "trustee test passphrase".toCharArray();

    @TempDir
    Path dir;

    CeremonyBoard board(int index) {
        try {
            return new DirectoryBoard(dir.resolve("board"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void threeTrusteesProduceIdenticalPublicOutputsAndTheKeyDecrypts() throws Exception {
        TestTrustees trustees = new TestTrustees("dir-ceremony-1", 3, 2);
        Map<Integer, TestTrustees.Run> runs = trustees.run(List.of(1, 2, 3), this::board);

        List<TrusteeKeyShare> shares = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            CeremonyOutcome o = runs.get(i).ok();
            assertThat(runs.get(i).warnings()).isEmpty();
            Path out = dir.resolve("out-" + i);
            CeremonyOutputs.write(out, o, PASSPHRASE);
            shares.add(TrusteeShareFile.read(CeremonyOutputs.shareFile(out, i), PASSPHRASE));
        }
        byte[] result = Files.readAllBytes(dir.resolve("out-1").resolve(CeremonyOutputs.RESULT_FILE));
        byte[] key = Files.readAllBytes(dir.resolve("out-1").resolve(CeremonyOutputs.REGISTRY_KEY_FILE));
        for (int i = 2; i <= 3; i++) {
            assertThat(Files.readAllBytes(dir.resolve("out-" + i).resolve(CeremonyOutputs.RESULT_FILE))).isEqualTo(result);
            assertThat(Files.readAllBytes(dir.resolve("out-" + i).resolve(CeremonyOutputs.REGISTRY_KEY_FILE))).isEqualTo(key);
        }

        // the registry key file is what intake reads; the published record verifies from public data
        PublicKey registryKey = Wire.fromJson(new String(key, StandardCharsets.UTF_8).strip(), PublicKey.class);
        PublishedCeremony published = PublishedCeremony.read(dir.resolve("out-2").resolve(CeremonyOutputs.RESULT_FILE));
        assertThat(published.verify().valid()).isTrue();
        assertThat(published.registryKey()).isEqualTo(registryKey);
        KeyCeremonyResult r = published.result();
        assertThat(r.participants()).containsExactly(1, 2, 3);
        assertThat(r.qualified()).containsExactly(1, 2, 3);
        assertThat(r.faults()).isEmpty();
        assertThat(published.transcript().commitments()).hasSize(3);
        assertThat(published.transcript().shares()).hasSize(6);
        for (TrusteeKeyShare s : shares) {
            assertThat(s.publicKey()).isEqualTo(registryKey);
            assertThat(s.jointKey()).isEqualTo(published.jointKey());
        }

        // any 2 of the 3 loaded-back shares decrypt; one alone does not reach the threshold
        assertThat(TestTrustees.decryptWith(registryKey, 42, List.of(shares.get(0), shares.get(1)))).isEqualTo(42);
        assertThat(TestTrustees.decryptWith(registryKey, 1234, List.of(shares.get(0), shares.get(2)))).isEqualTo(1234);
        assertThat(TestTrustees.decryptWith(registryKey, -7, List.of(shares.get(2), shares.get(1)))).isEqualTo(-7);
        assertThatThrownBy(() -> TestTrustees.decryptWith(registryKey, 5, List.of(shares.get(1))))
                .isInstanceOf(org.rdregistry.crypto.decrypt.InsufficientSharesException.class)
                .hasMessageContaining("threshold is 2");

        // the board holds 3 commitments, 6 sealed shares, 3 complaint lists, 3 confirmations, and no secret
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("board"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(15);
        assertThat(files.stream().map(p -> p.getFileName().toString()))
                .allMatch(n -> DirectoryBoard.MESSAGE_FILE.matcher(n).matches())
                .filteredOn(n -> n.startsWith("r2-share-from-1-to-3-")).hasSize(1);
        for (Path f : files) {
            String text = Files.readString(f);
            for (TrusteeKeyShare s : shares) {
                assertThat(text).doesNotContain(b64(s.group().encodeScalar(s.secret())));
            }
        }

        // a ceremony cannot be run again on the same board under the same id
        assertThatThrownBy(() -> new CeremonyRunner(trustees.config, 1, trustees.identity(1), board(1),
                TestTrustees.FAST, CeremonyRunner.Listener.SILENT).run())
                .isInstanceOf(CeremonyFailedException.class).hasMessageContaining("cannot be resumed");
    }

    @Test
    void aDealerSendingABadShareIsExcludedByTheComplaintAndTheCeremonySucceeds() throws Exception {
        TestTrustees trustees = new TestTrustees("dir-bad-share", 3, 2);
        Map<Integer, TestTrustees.Run> runs = trustees.run(List.of(1, 2, 3),
                i -> i == 2 ? new CheatingBoard(board(i), trustees, 2, 3) : board(i));

        byte[] doc = runs.get(1).ok().resultDocument();
        assertThat(runs.get(2).ok().resultDocument()).isEqualTo(doc);
        assertThat(runs.get(3).ok().resultDocument()).isEqualTo(doc);
        assertThat(runs.get(3).warnings()).anyMatch(w -> w.contains("share from trustee 2 does not verify"));

        KeyCeremonyResult r = runs.get(1).ok().published().result();
        assertThat(r.participants()).containsExactly(1, 2, 3);
        assertThat(r.qualified()).containsExactly(1, 3);
        assertThat(r.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.upheld()).isTrue();
            assertThat(v.guiltyIndex()).isEqualTo(2);
            assertThat(v.complainerIndex()).isEqualTo(3);
        });
        assertThat(r.faults()).extracting(DealerFault::dealerIndex).containsExactly(2);
        assertThat(runs.get(1).ok().published().verify().valid()).isTrue();

        // the cheater still receives a valid share from the qualified dealers: every pair decrypts
        List<TrusteeKeyShare> shares = runs.values().stream().map(run -> run.ok().share()).toList();
        PublicKey key = runs.get(1).ok().registryKey();
        assertThat(TestTrustees.decryptWith(key, 99, List.of(shares.get(0), shares.get(1)))).isEqualTo(99);
        assertThat(TestTrustees.decryptWith(key, 98, List.of(shares.get(1), shares.get(2)))).isEqualTo(98);
        assertThat(TestTrustees.decryptWith(key, 97, List.of(shares.get(0), shares.get(2)))).isEqualTo(97);
    }

    @Test
    void forgedMessagesAreIgnoredAndReportedWithoutTheirContent() throws Exception {
        TestTrustees trustees = new TestTrustees("dir-forged", 3, 2);
        KeyPair outsider = KeyPair.generate(TestTrustees.GROUP);
        byte[] payload = Wire.toBytes(new org.rdregistry.crypto.keyceremony.KeyCeremonyParticipant(
                trustees.config.parameters(), 3).commitments());
        try (CeremonyBoard b = board(0)) {
            // claims to be trustee 3's commitments, signed by an outsider, then by trustee 1
            for (KeyPair signer : List.of(outsider, trustees.identity(1))) {
                byte[] sig = IdentitySignature.sign(signer, SignedMessage.signedContent(trustees.config,
                        trustees.config.ceremonyId(), Round.COMMITMENTS, 3, 0, payload));
                b.post(new SignedMessage(trustees.config.ceremonyId(), Round.COMMITMENTS, 3, 0, payload, sig));
            }
            // garbage and a message naming a trustee index outside the configuration
            Files.writeString(dir.resolve("board").resolve("r1-commitments-from-2-to-all-0000000000000000.json"), "{oops");
            byte[] sig = IdentitySignature.sign(outsider, SignedMessage.signedContent(trustees.config,
                    trustees.config.ceremonyId(), Round.COMMITMENTS, 7, 0, payload));
            b.post(new SignedMessage(trustees.config.ceremonyId(), Round.COMMITMENTS, 7, 0, payload, sig));
        }
        Map<Integer, TestTrustees.Run> runs = trustees.run(List.of(1, 2, 3), this::board);

        byte[] doc = runs.get(1).ok().resultDocument();
        String forgedPayload = b64(payload);
        for (int i = 1; i <= 3; i++) {
            assertThat(runs.get(i).ok().resultDocument()).isEqualTo(doc);
            List<String> warnings = runs.get(i).warnings();
            assertThat(warnings).filteredOn(w -> w.contains("claiming to come from trustee 3: its signature does not "
                    + "verify")).hasSize(2);
            assertThat(warnings).anyMatch(w -> w.contains("unreadable entry"));
            assertThat(warnings).anyMatch(w -> w.contains("trustee 7, which is not in the ceremony configuration"));
            assertThat(String.join("\n", warnings)).doesNotContain(forgedPayload.substring(0, 20));
        }
        KeyCeremonyResult r = runs.get(2).ok().published().result();
        assertThat(r.participants()).containsExactly(1, 2, 3);
        assertThat(r.qualified()).containsExactly(1, 2, 3);
        assertThat(r.faults()).isEmpty();
    }

    @Test
    void aTrusteeThatNeverShowsUpTakesNoPartAndTheOthersStillGetAKey() throws Exception {
        TestTrustees trustees = new TestTrustees("dir-absent", 3, 2);
        CeremonyRunner.Options shortRounds = new CeremonyRunner.Options(Duration.ofSeconds(2), Duration.ofMillis(25));
        Map<Integer, TestTrustees.Run> runs = trustees.run(List.of(1, 2), this::board, i -> shortRounds);

        CeremonyOutcome one = runs.get(1).ok();
        assertThat(runs.get(2).ok().resultDocument()).isEqualTo(one.resultDocument());
        assertThat(one.absent()).containsExactly(3);
        assertThat(runs.get(1).warnings()).anyMatch(w -> w.contains("trustee 3 posted no commitments"));
        KeyCeremonyResult r = one.published().result();
        assertThat(r.participants()).containsExactly(1, 2);
        assertThat(r.qualified()).containsExactly(1, 2);
        // the key is still 2-of-3 on paper (Y_3 exists) but nobody holds x_3: both present trustees are needed
        assertThat(one.published().jointKey().verificationKeys()).hasSize(3);
        assertThat(TestTrustees.decryptWith(one.registryKey(), 11,
                List.of(runs.get(1).ok().share(), runs.get(2).ok().share()))).isEqualTo(11);

        // trustee 3 arriving afterwards is told it is too late, and posts nothing
        long before;
        try (Stream<Path> s = Files.list(dir.resolve("board"))) {
            before = s.count();
        }
        assertThatThrownBy(() -> new CeremonyRunner(trustees.config, 3, trustees.identity(3), board(3), shortRounds,
                CeremonyRunner.Listener.SILENT).run())
                .isInstanceOf(CeremonyFailedException.class).hasMessageContaining("too late to join");
        try (Stream<Path> s = Files.list(dir.resolve("board"))) {
            assertThat(s.count()).isEqualTo(before);
        }
    }

    @Test
    void withFewerThanTParticipantsTheCeremonyFailsClearly() throws Exception {
        TestTrustees trustees = new TestTrustees("dir-alone", 3, 2);
        CeremonyRunner.Options shortRounds = new CeremonyRunner.Options(Duration.ofMillis(600), Duration.ofMillis(25));
        TestTrustees.Run run = trustees.run(List.of(1), this::board, i -> shortRounds).get(1);
        assertThat(run.error()).isInstanceOf(CeremonyFailedException.class)
                .hasMessage("only 1 trustee(s) [1] took part, fewer than the threshold t = 2");
        // the abort is on the board, so a latecomer stops at once instead of waiting
        try (Stream<Path> s = Files.list(dir.resolve("board"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("r4-confirmation-from-1-"));
        }
    }

    @Test
    void trusteesThatSawDifferentMessagesAllFailInsteadOfKeepingDifferentKeys() throws Exception {
        TestTrustees trustees = new TestTrustees("dir-split-view", 3, 2);
        // trustee 3 never sees the box from 1 to 2 (as if it arrived after its round-2 deadline)
        CeremonyRunner.Options slow = new CeremonyRunner.Options(Duration.ofSeconds(15), Duration.ofMillis(25));
        CeremonyRunner.Options quick = new CeremonyRunner.Options(Duration.ofSeconds(1), Duration.ofMillis(25));
        Map<Integer, TestTrustees.Run> runs = trustees.run(List.of(1, 2, 3),
                i -> i == 3 ? new HidingBoard(board(i), "r2-share-from-1-to-2-") : board(i),
                i -> i == 3 ? quick : slow);
        for (int i = 1; i <= 3; i++) {
            assertThat(runs.get(i).error()).as("trustee %d", i).isInstanceOf(CeremonyFailedException.class)
                    .hasMessageContaining("nothing was written");
        }
        assertThat(runs.get(1).error()).hasMessageContaining("trustee 3 computed a different ceremony result");
    }

    @Test
    void anIdentityThatIsNotTheConfiguredOneCannotRunTheCeremony() {
        TestTrustees trustees = new TestTrustees("dir-wrong-identity", 3, 2);
        assertThatThrownBy(() -> new CeremonyRunner(trustees.config, 2, trustees.identity(1), board(2),
                TestTrustees.FAST, CeremonyRunner.Listener.SILENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustee 2");
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
