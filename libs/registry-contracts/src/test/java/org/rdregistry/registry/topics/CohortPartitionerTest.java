package org.rdregistry.registry.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class CohortPartitionerTest {

    private static final String TOPIC = "prefix-registry.records.v1";

    private static Cluster cluster(int partitions) {
        Node node = new Node(1, "localhost", 9092);
        List<PartitionInfo> infos = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node})).toList();
        return new Cluster("c", List.of(node), infos, java.util.Set.of(), java.util.Set.of());
    }

    @Test
    void aCohortGoesWhereKafkasDefaultPartitionerPutsTheKeyEqualToTheCohort() {
        for (String cohort : List.of("ORPHA:558", "ORPHA:166024", "ORPHA:1", "ORPHA:9999999")) {
            // the reference is Kafka's own implementation, not ours
            int kafka = BuiltInPartitioner.partitionForKey(cohort.getBytes(StandardCharsets.UTF_8), 6);
            assertThat(CohortPartitioner.partitionOf(cohort, 6)).isEqualTo(kafka);
        }
    }

    @Test
    void everyPatientOfACohortLandsOnTheCohortsPartition() {
        CohortPartitioner partitioner = new CohortPartitioner();
        Cluster cluster = cluster(6);
        int expected = CohortPartitioner.partitionOf("ORPHA:558", 6);
        for (int i = 0; i < 50; i++) {
            String key = "pseudonym" + i + "/ORPHA:558";
            assertThat(partitioner.partition(TOPIC, key, key.getBytes(StandardCharsets.UTF_8), null, null, cluster))
                    .isEqualTo(expected);
        }
    }

    @Test
    void otherKeysArePartitionedLikeKafkasDefault() {
        CohortPartitioner partitioner = new CohortPartitioner();
        Cluster cluster = cluster(6);
        for (String key : List.of("record-id-0001", "a/not-a-cohort", "x/ORPHA:0")) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertThat(partitioner.partition(TOPIC, key, bytes, null, null, cluster))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(bytes, 6));
        }
    }

    @Test
    void theCohortOfAKeyIsAfterItsLastSlash() {
        assertThat(CohortPartitioner.cohortOfKey("abc/ORPHA:558")).isEqualTo("ORPHA:558");
        assertThat(CohortPartitioner.cohortOfKey("no-slash")).isNull();
        assertThat(CohortPartitioner.cohortOfKey(null)).isNull();
    }
}
