package org.rdregistry.compute.aggregator;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rdregistry.registry.aggregate.CohortAggregate;

/**
 * Stage 2, partitioned by cohort: {@code aggregate = (stored or empty) + delta}, marked as covering
 * the delta's source offset; stored in {@code cohort-aggregates} and forwarded.
 */
final class CohortAggregateProcessor implements Processor<String, CohortDelta, String, CohortAggregate> {

    private final RecordRules rules;
    private final AggregatorMetrics metrics;
    private final String storeName;
    private ProcessorContext<String, CohortAggregate> context;
    private KeyValueStore<String, CohortAggregate> store;

    CohortAggregateProcessor(RecordRules rules, AggregatorMetrics metrics, String storeName) {
        this.rules = rules;
        this.metrics = metrics;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, CohortAggregate> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, CohortDelta> record) {
        CohortDelta delta = record.value();
        String cohort = delta.cohort();
        CohortAggregate current = store.get(cohort);
        if (current == null) {
            current = rules.empty(cohort);
        }
        CohortAggregate next = Contributions.add(current, delta.difference())
                .at(delta.sourcePartition(), delta.sourceOffset() + 1);
        store.put(cohort, next);
        context.forward(record.withKey(cohort).withValue(next));
        metrics.emitted(record.timestamp(), System.currentTimeMillis());
    }
}
