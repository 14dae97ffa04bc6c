package org.rdregistry.compute.aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.IntakeAttestation;
import org.rdregistry.registry.topics.CohortPartitioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole aggregator in one stage, partitioned like the records topic, which is partitioned by
 * cohort: applies {@link RecordRules} against the {@code latest-records} store, then adds the
 * difference to the cohort's aggregate in {@code cohort-aggregates}, marks it as covering the entry's
 * offset and forwards it. Both store updates, the output and the input offset commit in one
 * transaction (exactly_once_v2), so a crash never applies an entry twice or half.
 *
 * <p>With a publish interval, an updated aggregate is not forwarded at once: its cohort is noted in
 * the {@code unpublished-cohorts} store, and a wall-clock punctuation forwards the current aggregate
 * of every noted cohort and clears the note. The note is a logged store written in the same
 * transaction as the aggregate, so an aggregate state that was committed but not yet published before
 * a crash is published after the restart; only intermediate states are skipped, each published
 * aggregate still names exactly the input position it covers.
 *
 * <p>The aggregates of recently updated cohorts are also kept as objects (up to {@link #MAX_CACHED_COHORTS}),
 * which spares decoding the stored aggregate (about a hundred points) for every record. The cache
 * holds only what this processor put into the store and is emptied whenever the task is
 * (re)initialised or closed, which is when Kafka Streams may restore or wipe the store under it.
 */
final class CohortRecordProcessor implements Processor<String, byte[], String, CohortAggregate> {

    private static final Logger LOG = LoggerFactory.getLogger(CohortRecordProcessor.class);
    static final int MAX_CACHED_COHORTS = 256;

    private final RecordRules rules;
    private final AggregatorMetrics metrics;
    private final int recordPartitions;
    private final Duration publishInterval;
    private ProcessorContext<String, CohortAggregate> context;
    private KeyValueStore<String, LatestRecord> latest;
    private KeyValueStore<String, CohortAggregate> aggregates;
    /** cohort -> append time of the oldest record in its aggregate that is not published yet. */
    private KeyValueStore<String, Long> unpublished;
    /** cohort -> the aggregate last written to {@code aggregates}, least recently used first. */
    private final Map<String, CohortAggregate> cached;

    /**
     * @param recordPartitions the records topic's partition count: an entry on another partition than
     *     its cohort's is dropped, because aggregating a cohort in two tasks would publish two partial
     *     aggregates of it
     * @param publishInterval zero: every updated aggregate is forwarded at once; otherwise the latest
     *     state of each updated cohort is forwarded this often
     */
    CohortRecordProcessor(RecordRules rules, AggregatorMetrics metrics, int recordPartitions, Duration publishInterval) {
        this(rules, metrics, recordPartitions, publishInterval, MAX_CACHED_COHORTS);
    }

    /** @param cachedCohorts how many cohorts' aggregates to keep as objects (at least 1) */
    CohortRecordProcessor(RecordRules rules, AggregatorMetrics metrics, int recordPartitions, Duration publishInterval,
                          int cachedCohorts) {
        if (cachedCohorts < 1) {
            throw new IllegalArgumentException("at least one cohort must be cached");
        }
        this.cached = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CohortAggregate> eldest) {
                return size() > cachedCohorts;
            }
        };
        this.rules = rules;
        this.metrics = metrics;
        this.recordPartitions = recordPartitions;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, CohortAggregate> context) {
        this.context = context;
        cached.clear();
        this.latest = context.getStateStore(AggregatorTopology.LATEST_RECORDS_STORE);
        this.aggregates = context.getStateStore(AggregatorTopology.COHORT_AGGREGATES_STORE);
        if (!publishInterval.isZero()) {
            this.unpublished = context.getStateStore(AggregatorTopology.UNPUBLISHED_COHORTS_STORE);
            context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::publish);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("records-topic entry without source metadata"));
        String key = record.key();
        String keyCohort = CohortPartitioner.cohortOfKey(key);
        Outcome outcome;
        if (keyCohort != null && CohortPartitioner.partitionOf(keyCohort, recordPartitions) != source.partition()) {
            outcome = new Outcome.Rejected(RejectReason.WRONG_PARTITION, List.of("key"));
        } else {
            LatestRecord stored = key == null ? null : latest.get(key);
            Header attestation = rules.trustsIntake() ? record.headers().lastHeader(IntakeAttestation.HEADER) : null;
            outcome = rules.decide(source.topic(), key, record.value(), attestation == null ? null : attestation.value(),
                    stored, metrics::verificationTook);
        }
        metrics.record(outcome);
        if (outcome instanceof Outcome.Accepted accepted) {
            latest.put(key, accepted.latest());
            apply(record, accepted.difference(), source);
        } else if (outcome instanceof Outcome.Erased erased) {
            latest.delete(key);
            apply(record, erased.difference(), source);
        } else if (outcome instanceof Outcome.Rejected rejected) {
            // position and reason only: never the key (a pseudonym) or the contents
            LOG.warn("Dropped records entry {}-{}@{}: {} {}", source.topic(), source.partition(), source.offset(),
                    rejected.reason().tag(), rejected.fields());
        }
    }

    private void apply(Record<String, byte[]> record, CohortAggregate difference, RecordMetadata source) {
        String cohort = difference.cohort();
        CohortAggregate current = aggregate(cohort);
        if (current == null) {
            current = rules.empty(cohort);
        }
        CohortAggregate next = Contributions.add(current, difference).at(source.partition(), source.offset() + 1);
        aggregates.put(cohort, next);
        cached.put(cohort, next);
        if (publishInterval.isZero()) {
            // not the input's headers (intake's attestation belongs to the record, not to the aggregate)
            context.forward(record.withKey(cohort).withValue(next).withHeaders(new RecordHeaders()));
            metrics.emitted(record.timestamp(), System.currentTimeMillis());
        } else if (unpublished.get(cohort) == null) {
            unpublished.put(cohort, record.timestamp());
        }
    }

    private CohortAggregate aggregate(String cohort) {
        CohortAggregate a = cached.get(cohort);
        if (a == null) {
            a = aggregates.get(cohort);
            if (a != null) {
                cached.put(cohort, a);
            }
        }
        return a;
    }

    @Override
    public void close() {
        cached.clear();
    }

    /** Forwards the current aggregate of every cohort updated since the last publication. */
    private void publish(long now) {
        List<KeyValue<String, Long>> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = unpublished.all()) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, Long> cohort : due) {
            CohortAggregate current = aggregate(cohort.key);
            if (current != null) {
                context.forward(new Record<>(cohort.key, current, now));
                metrics.emitted(cohort.value, now);
            }
            unpublished.delete(cohort.key);
        }
    }
}
