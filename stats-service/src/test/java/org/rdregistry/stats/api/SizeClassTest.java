package org.rdregistry.stats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.registry.release.ReleasedStatistics;

class SizeClassTest {

    static ReleasedStatistics n(Long n, boolean suppressed) {
        return new ReleasedStatistics(n, suppressed, Map.of(), Map.of(), List.of());
    }

    @Test
    void bandsOfTheNoisyCountNeverTheCount() {
        assertThat(StatsMapper.sizeClass(n(null, true), 11)).isEqualTo("<11");
        assertThat(StatsMapper.sizeClass(n(11L, false), 11)).isEqualTo("11-49");
        assertThat(StatsMapper.sizeClass(n(49L, false), 11)).isEqualTo("11-49");
        assertThat(StatsMapper.sizeClass(n(50L, false), 11)).isEqualTo("50-99");
        assertThat(StatsMapper.sizeClass(n(499L, false), 11)).isEqualTo("100-499");
        assertThat(StatsMapper.sizeClass(n(500L, false), 11)).isEqualTo("500+");
        // a larger k merges the bands below it
        assertThat(StatsMapper.sizeClass(n(60L, false), 60)).isEqualTo("60-99");
        assertThat(StatsMapper.sizeClass(n(59L, true), 60)).isEqualTo("<60");
    }
}
