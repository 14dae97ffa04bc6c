package org.rdregistry.demo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rdregistry.demo.load.Latencies.Observation;
import org.rdregistry.demo.load.Latencies.Posted;

class LatenciesTest {

    @Test
    void ranksCountEachCohortInPostOrder() {
        assertThat(Latencies.ranks(List.of("A", "B", "A", "A", "C", "B"))).containsExactly(1, 1, 2, 3, 1, 2);
        assertThat(Latencies.ranks(List.of())).isEmpty();
    }

    @Test
    void latencyIsTheFirstAggregateWhoseCountReachesTheRank() {
        // cohort A: records posted at 100 (rank 1), 110 (rank 2), 120 (rank 3); B: 105 (rank 1)
        List<Posted> posted = List.of(new Posted("A", 1, 100), new Posted("B", 1, 105), new Posted("A", 2, 110),
                new Posted("A", 3, 120));
        // A's aggregate arrives with count 1 at 150, jumps to 3 at 200 (two records in one update), stays 3 at 260
        Map<String, List<Observation>> obs = Map.of(
                "A", List.of(new Observation(150, 1), new Observation(200, 3), new Observation(260, 3)),
                "B", List.of(new Observation(140, 1)));
        assertThat(Latencies.latencies(posted, obs)).containsExactly(50, 35, 90, 80);
    }

    @Test
    void aRecordWhoseCohortNeverReachesItsRankHasNoLatency() {
        List<Posted> posted = List.of(new Posted("A", 1, 0), new Posted("A", 2, 10), new Posted("C", 1, 20));
        Map<String, List<Observation>> obs = Map.of("A", List.of(new Observation(30, 1)));
        assertThat(Latencies.latencies(posted, obs)).containsExactly(30, -1, -1);
    }

    @Test
    void aCountThatDropsAndRisesAgainCountsFromItsFirstReach() {
        List<Posted> posted = List.of(new Posted("A", 1, 0), new Posted("A", 2, 0));
        Map<String, List<Observation>> obs = Map.of("A", List.of(new Observation(10, 2), new Observation(20, 1),
                new Observation(30, 2)));
        assertThat(Latencies.latencies(posted, obs)).containsExactly(10, 10);
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(Latencies.percentile(hundred, 50)).isEqualTo(50);
        assertThat(Latencies.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Latencies.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Latencies.percentile(hundred, 0.5)).isEqualTo(1);
        long[] five = {10, 20, 30, 40, 50};
        assertThat(Latencies.percentile(five, 50)).isEqualTo(30);
        assertThat(Latencies.percentile(five, 95)).isEqualTo(50);
        assertThat(Latencies.percentile(five, 20)).isEqualTo(10);
        assertThat(Latencies.percentile(five, 21)).isEqualTo(20);
        assertThat(Latencies.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThatThrownBy(() -> Latencies.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(five, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void throughputIsRecordsOverTheSpanFromFirstPostToLastAggregate() {
        assertThat(Latencies.recordsPerSecond(500, 1_000_000_000L, 11_000_000_000L)).isEqualTo(50.0);
        assertThat(Latencies.recordsPerSecond(500, 5, 5)).isNaN();
    }

    @Test
    void lastAggregateIsWhenTheSlowestCohortFirstReachedItsCount() {
        Map<String, Long> expected = Map.of("A", 2L, "B", 1L);
        Map<String, List<Observation>> obs = Map.of(
                "A", List.of(new Observation(10, 1), new Observation(40, 2), new Observation(90, 2)),
                "B", List.of(new Observation(60, 1)));
        assertThat(LoadCommand.lastAggregate(expected, obs)).isEqualTo(60);
    }
}
