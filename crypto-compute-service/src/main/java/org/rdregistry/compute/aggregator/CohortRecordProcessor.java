package org.rdregistry.compute.aggregator;

import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
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
 */
final class CohortRecordProcessor implements Processor<String, byte[], String, CohortAggregate> {

    private static final Logger LOG = LoggerFactory.getLogger(CohortRecordProcessor.class);

    private final RecordRules rules;
    private final AggregatorMetrics metrics;
    private final int recordPartitions;
    private ProcessorContext<String, CohortAggregate> context;
    private KeyValueStore<String, LatestRecord> latest;
    private KeyValueStore<String, CohortAggregate> aggregates;

    /**
     * @param recordPartitions the records topic's partition count: an entry on another partition than
     *     its cohort's is dropped, because aggregating a cohort in two tasks would publish two partial
     *     aggregates of it
     */
    CohortRecordProcessor(RecordRules rules, AggregatorMetrics metrics, int recordPartitions) {
        this.rules = rules;
        this.metrics = metrics;
        this.recordPartitions = recordPartitions;
    }

    @Override
    public void init(ProcessorContext<String, CohortAggregate> context) {
        this.context = context;
        this.latest = context.getStateStore(AggregatorTopology.LATEST_RECORDS_STORE);
        this.aggregates = context.getStateStore(AggregatorTopology.COHORT_AGGREGATES_STORE);
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
        CohortAggregate current = aggregates.get(cohort);
        if (current == null) {
            current = rules.empty(cohort);
        }
        CohortAggregate next = Contributions.add(current, difference).at(source.partition(), source.offset() + 1);
        aggregates.put(cohort, next);
        context.forward(record.withKey(cohort).withValue(next));
        metrics.emitted(record.timestamp(), System.currentTimeMillis());
    }
}
