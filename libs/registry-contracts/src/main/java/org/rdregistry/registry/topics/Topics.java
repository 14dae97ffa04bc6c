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

    /**
     * Topic configuration of everything that holds bytes of a consultation (issue 5, "no traces"):
     * compacted, keyed by consultation id, so a purge is one tombstone per topic. A purged value
     * survives on disk at most segment.ms (plus the sweep interval that forces a roll, see
     * {@link #CONSULT_SWEEP_KEY}) + max.compaction.lag.ms + the broker's log.cleaner.backoff.ms and
     * log.segment.delete.delay.ms: with these settings and broker defaults (15 s, 60 s) about 17 minutes.
     * The tombstone (key only) stays delete.retention.ms so that every consumer sees it.
     */
    public static final Map<String, String> CONSULT_BOUNDED = Map.of(
            "cleanup.policy", "compact",
            "min.compaction.lag.ms", "0",
            "max.compaction.lag.ms", "300000",       // 5 min
            "segment.ms", "300000",                  // 5 min; the sweeper appends so that the roll happens
            "min.cleanable.dirty.ratio", "0.01",
            "delete.retention.ms", "3600000",        // 1 h for the key-only tombstone
            "min.insync.replicas", "1");

    /** Partitions of the consultation-keyed topics. */
    public static final int CONSULT_PARTITIONS = 3;

    /**
     * Key of the sweeper's tombstones: consultation-service appends one to every partition of every
     * consult topic each sweep interval, so the active segment rolls and compaction can reach purged
     * values even when no other consultation is written. Consumers ignore this key.
     */
    public static final String CONSULT_SWEEP_KEY = "_sweep";

    /** Published scoring models, key = {@code id@version}; values are public. Never purged. */
    public static final TopicSpec CONSULT_MODELS = new TopicSpec("consult.models.v1", 1, Map.of(
            "cleanup.policy", "compact",
            "min.insync.replicas", "1"));

    /** The public state of each consultation (ConsultationCase), key = consultation id; tombstone = purged. */
    public static final TopicSpec CONSULT_CASES = new TopicSpec("consult.cases.v1", CONSULT_PARTITIONS,
            CONSULT_BOUNDED);

    /** The scorer's encrypted scores under the joint key (ScoreSet), key = consultation id. */
    public static final TopicSpec CONSULT_SCORES = new TopicSpec("consult.scores.v1", CONSULT_PARTITIONS,
            CONSULT_BOUNDED);

    /** consultation-service to trustees (KeySwitchRequest), key = consultation id. */
    public static final TopicSpec CONSULT_KEYSWITCH_REQUESTS = new TopicSpec("consult.keyswitch-requests.v1",
            CONSULT_PARTITIONS, CONSULT_BOUNDED);

    /** Trustees to consultation-service (ConsultTrusteeMessage), key = consultation id. */
    public static final TopicSpec CONSULT_TRUSTEE_MESSAGES = new TopicSpec("consult.trustee-messages.v1",
            CONSULT_PARTITIONS, CONSULT_BOUNDED);

    /** Purge markers (PurgeMarker), key = consultation id; hold no data and are kept. */
    public static final TopicSpec CONSULT_PURGED = new TopicSpec("consult.purged.v1", CONSULT_PARTITIONS, Map.of(
            "cleanup.policy", "compact",
            "min.insync.replicas", "1"));

    /** Every shared topic of the second-opinion flow (consultation-service adds its own internal ones). */
    public static List<TopicSpec> consultations() {
        return List.of(CONSULT_MODELS, CONSULT_CASES, CONSULT_SCORES, CONSULT_KEYSWITCH_REQUESTS,
                CONSULT_TRUSTEE_MESSAGES, CONSULT_PURGED);
    }

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
