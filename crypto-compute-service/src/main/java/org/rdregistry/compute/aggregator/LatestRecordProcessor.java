package org.rdregistry.compute.aggregator;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1, partitioned like the records topic (by {@code <pseudonym>/<cohort>}): applies
 * {@link RecordRules} against the {@code latest-records} store, updates the store and forwards a
 * {@link CohortDelta} keyed by cohort. Store update, delta and input offset commit in one transaction
 * (exactly_once_v2), so a crash never applies an entry twice or half.
 */
final class LatestRecordProcessor implements Processor<String, byte[], String, CohortDelta> {

    private static final Logger LOG = LoggerFactory.getLogger(LatestRecordProcessor.class);

    private final RecordRules rules;
    private final AggregatorMetrics metrics;
    private final String storeName;
    private ProcessorContext<String, CohortDelta> context;
    private KeyValueStore<String, LatestRecord> store;

    LatestRecordProcessor(RecordRules rules, AggregatorMetrics metrics, String storeName) {
        this.rules = rules;
        this.metrics = metrics;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, CohortDelta> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("records-topic entry without source metadata"));
        String key = record.key();
        LatestRecord stored = key == null ? null : store.get(key);
        Outcome outcome = rules.decide(key, record.value(), stored, metrics::verificationTook);
        metrics.record(outcome);
        if (outcome instanceof Outcome.Accepted accepted) {
            store.put(key, accepted.latest());
            forward(record, accepted.difference(), source);
        } else if (outcome instanceof Outcome.Erased erased) {
            store.delete(key);
            forward(record, erased.difference(), source);
        } else if (outcome instanceof Outcome.Rejected rejected) {
            // position and reason only: never the key (a pseudonym) or the contents
            LOG.warn("Dropped records entry {}-{}@{}: {} {}", source.topic(), source.partition(), source.offset(),
                    rejected.reason().tag(), rejected.fields());
        }
    }

    private void forward(Record<String, byte[]> record, CohortAggregate difference, RecordMetadata source) {
        CohortDelta delta = new CohortDelta(difference, source.partition(), source.offset());
        context.forward(record.withKey(delta.cohort()).withValue(delta));
    }
}
