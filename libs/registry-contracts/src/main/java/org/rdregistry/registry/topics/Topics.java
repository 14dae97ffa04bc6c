package org.rdregistry.registry.topics;

import java.util.List;
import java.util.Map;

/**
 * The platform's topic registry: every topic, its partitions and its retention, in one place.
 *
 * <p>Kafka is the system of record. Topics that hold patient-derived ciphertexts are compacted, so a
 * tombstone (GDPR erasure) removes the last copy of a key; {@code min.compaction.lag.ms},
 * {@code max.compaction.lag.ms}, {@code segment.ms} and {@code delete.retention.ms} bound how long an
 * overwritten or erased value can survive on disk: at most segment.ms + max.compaction.lag.ms for the
 * value, plus delete.retention.ms for the tombstone itself (which holds only the key). A consumer that
 * is down for longer than delete.retention.ms could miss an erasure: alert on consumer lag well before.
 */
public final class Topics {

    private Topics() {
    }

    /** Partitions of the patient-keyed topics: the unit of scaling out. */
    public static final int RECORD_PARTITIONS = 6;

    private static final Map<String, String> COMPACTED_BOUNDED = Map.of(
            "cleanup.policy", "compact",
            "min.compaction.lag.ms", "0",
            "max.compaction.lag.ms", "86400000",     // 1 day: an erased record is compacted away within a day
            "segment.ms", "3600000",                 // roll hourly so the active segment does not shield data
            // tombstones (erasures) must outlive any outage of a consumer that subtracts them: 30 days
            "delete.retention.ms", "2592000000",
            "min.insync.replicas", "1");

    /**
     * Encrypted patient records, key = {@code <pseudonym>/<ORPHA code>}, value = record event JSON; a
     * tombstone (null value) is a GDPR erasure of that patient from that cohort.
     */
    public static final TopicSpec RECORDS = new TopicSpec("registry.records.v1", RECORD_PARTITIONS, COMPACTED_BOUNDED);

    /**
     * Intake's idempotency index: key = record id, value = (records-topic key, content digest,
     * hospital), tombstone = forgotten (erasure). Compacted with the records topic's bounds because its
     * values name the records-topic key, which contains the pseudonym.
     */
    public static final TopicSpec RECORD_INDEX = new TopicSpec("registry.record-index.v1", RECORD_PARTITIONS,
            COMPACTED_BOUNDED);

    /** Per-cohort homomorphic aggregates, key = ORPHA code, latest value wins. */
    public static final TopicSpec AGGREGATES = new TopicSpec("registry.aggregates.v1", 3, Map.of(
            "cleanup.policy", "compact",
            "min.insync.replicas", "1"));

    /** stats-service to trustees: release requests (noise round, decryption round), key = release id. */
    public static final TopicSpec RELEASE_REQUESTS = new TopicSpec("registry.release-requests.v1", 1, Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "604800000",            // 7 days: requests are worthless once answered
            "min.insync.replicas", "1"));

    /** Trustees to stats-service: noise contributions, decryption shares, refusals, key = release id. */
    public static final TopicSpec TRUSTEE_MESSAGES = new TopicSpec("registry.trustee-messages.v1", 1, Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "604800000",
            "min.insync.replicas", "1"));

    /** Published releases, each its own verification record, key = release id (all are kept). */
    public static final TopicSpec RELEASES = new TopicSpec("registry.releases.v1", 3, Map.of(
            "cleanup.policy", "compact",
            "min.insync.replicas", "1"));

    /** stats-service's privacy accounting per cohort, key = ORPHA code, latest value wins. */
    public static final TopicSpec PRIVACY_BUDGETS = new TopicSpec("registry.privacy-budgets.v1", 1, Map.of(
            "cleanup.policy", "compact",
            "min.insync.replicas", "1"));

    /** Every topic the registry pipeline needs, for creation at start-up. */
    public static List<TopicSpec> registryPipeline() {
        return List.of(RECORDS, AGGREGATES);
    }

    /** Every topic of the release protocol (docs/design/releases.md). */
    public static List<TopicSpec> releases() {
        return List.of(RELEASE_REQUESTS, TRUSTEE_MESSAGES, RELEASES, PRIVACY_BUDGETS);
    }

    /** The records-topic key of a patient in a cohort. */
    public static String recordKey(String pseudonym, String cohort) {
        return pseudonym + "/" + cohort;
    }
}
