package org.rdregistry.intake.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A record decoded as a replay (not verified) that is new by the time the batch is written, because a
 * concurrent update or erasure dropped its id from the index, must be verified before it is written.
 */
class UnverifiedNewTest {

    @Test
    void recordsNewUnderTheLockButNotVerifiedBeforeAreNamed() {
        // decoded: record 0 new (verified), record 1 a replay; under the lock both are new
        assertThat(RecordIntake.unverifiedNew(List.of(true, true), Set.of(0))).containsExactly(1);
        assertThat(RecordIntake.unverifiedNew(List.of(true, false, true, true), Set.of(0, 3))).containsExactly(2);
    }

    @Test
    void nothingWhenEveryNewRecordWasVerifiedOrNothingIsNew() {
        assertThat(RecordIntake.unverifiedNew(List.of(true, true), Set.of(0, 1))).isEmpty();
        assertThat(RecordIntake.unverifiedNew(List.of(false, false), Set.of())).isEmpty();
        // verified then found a replay under the lock: nothing to write, nothing to verify
        assertThat(RecordIntake.unverifiedNew(List.of(false), Set.of(0))).isEmpty();
    }
}
