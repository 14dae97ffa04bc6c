package org.rdregistry.compute.trustee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rdregistry.compute.TestRegistry.COHORT_A;
import static org.rdregistry.compute.TestRegistry.DEAL;
import static org.rdregistry.compute.trustee.TrusteeFixtures.LAYOUT;
import static org.rdregistry.compute.trustee.TrusteeFixtures.position;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdregistry.compute.trustee.TrusteeLedger.NoiseEntry;
import org.rdregistry.compute.trustee.TrusteeLedger.ReleasedEntry;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.TrusteeMessage.NoiseContribution;

class TrusteeLedgerTest {

    @TempDir
    Path dir;

    @Test
    void whatItRecordsSurvivesAReopenAndHoldsNoSecret() throws Exception {
        Path file = dir.resolve("state").resolve("ledger.json");
        NoiseParameters gaussian = NoiseParameters.gaussian(Rational.of(9, 4));
        NoiseContribution n = new NoiseMaker(DEAL.jointKey().publicKey(), LAYOUT, 1).contribute("r1", COHORT_A, gaussian);
        TrusteeLedger ledger = TrusteeLedger.open(file, 1);
        assertThat(ledger.noiseFor("r1")).isEmpty();
        ledger.recordNoise(new NoiseEntry("r1", COHORT_A, position(COHORT_A, 5), gaussian, n.noise(), n.proofs()));
        ledger.recordReleased(new ReleasedEntry(COHORT_A, position(COHORT_A, 5), "r1", TrusteeLedger.digest(List.of(n))));

        TrusteeLedger reopened = TrusteeLedger.open(file, 1);
        NoiseEntry entry = reopened.noiseFor("r1").orElseThrow();
        assertThat(entry.contribution(1)).isEqualTo(n);
        assertThat(entry.parameters()).isEqualTo(gaussian);
        assertThat(reopened.noiseAt(COHORT_A, position(COHORT_A, 5))).contains(entry);
        assertThat(reopened.noiseAt(COHORT_A, position(COHORT_A, 4))).isEmpty();
        assertThat(reopened.releasedAt(COHORT_A, position(COHORT_A, 5))).hasValueSatisfying(r ->
                assertThat(r.noiseSetDigest()).isEqualTo(TrusteeLedger.digest(List.of(n))));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).doesNotContain(DEAL.share(1).secret().toString(16))
                .doesNotContain(DEAL.share(1).secret().toString());
        assertThat(dir.resolve("state").resolve("ledger.json.tmp")).doesNotExist();
    }

    @Test
    void anUnreadableOrForeignLedgerStopsTheStart() throws Exception {
        Path file = dir.resolve("ledger.json");
        TrusteeLedger.open(file, 2).recordReleased(new ReleasedEntry(COHORT_A, position(COHORT_A, 1), "r", "d"));
        assertThatThrownBy(() -> TrusteeLedger.open(file, 1)).hasMessageContaining("of trustee 2");
        Files.writeString(file, "{\"version\":1,");
        assertThatThrownBy(() -> TrusteeLedger.open(file, 2)).hasMessageContaining("cannot be read");
    }

    @Test
    void theDigestIdentifiesASetRegardlessOfOrder() {
        NoiseContribution a = new NoiseContribution("r", 1, List.of(), List.of());
        NoiseContribution b = new NoiseContribution("r", 2, List.of(), List.of());
        NoiseContribution c = new NoiseContribution("r", 3, List.of(), List.of());
        assertThat(TrusteeLedger.digest(List.of(a, b))).isEqualTo(TrusteeLedger.digest(List.of(b, a)))
                .isNotEqualTo(TrusteeLedger.digest(List.of(a, c)));
    }
}
