package org.rdregistry.registry.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rdregistry.crypto.group.GroupContext;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordEvent;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.RegistrySchema;
import org.rdregistry.crypto.elgamal.PublicKey;

/**
 * Recomputes a cohort's aggregate from its records-topic partition, independently of the aggregator's
 * code but by the same rules: per key the latest valid record wins, a resubmission of the stored
 * record id changes nothing, an entry that is malformed, whose key does not match its content, or
 * whose proofs fail is ignored (the previous version stays), a tombstone removes the key. Every proof
 * is verified, in one batch.
 */
final class CohortReplay {

    /** The aggregate, the offset after the last entry that changed it, and what was seen. */
    record Result(CohortAggregate aggregate, long nextOffset, int entries, int validRecords, int ignored) {
    }

    private final RegistrySchema schema;
    private final PublicKey registryKey;
    private final GroupContext group;

    CohortReplay(RegistrySchema schema, PublicKey registryKey) {
        this.schema = schema;
        this.registryKey = registryKey;
        this.group = registryKey.group();
    }

    Result replay(String cohort, List<LogEntry> entries) {
        // parse and batch-verify every candidate first: validity does not depend on order
        Map<Integer, RecordSubmission> parsed = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            LogEntry e = entries.get(i);
            if (e.value() == null || e.key() == null) {
                continue;
            }
            try {
                RecordSubmission s = RegistryJson.mapper().readValue(e.value(), RecordEvent.class).submission();
                if (e.key().equals(s.key()) && cohort.equals(s.cohort())) {
                    parsed.put(i, s);
                }
            } catch (RuntimeException malformed) {
                // ignored like the aggregator does
            }
        }
        List<Integer> order = new ArrayList<>(parsed.keySet());
        List<RecordSubmission> batch = order.stream().map(parsed::get).toList();
        java.util.Set<Integer> invalid = new java.util.HashSet<>();
        for (RecordVerifier.Problem p : new RecordVerifier(schema, registryKey).verifyAll(batch)) {
            invalid.add(order.get(p.recordIndex()));
        }

        Map<String, RecordSubmission> latest = new HashMap<>();
        long next = 0;
        int valid = 0;
        int ignored = 0;
        for (int i = 0; i < entries.size(); i++) {
            LogEntry e = entries.get(i);
            if (e.key() == null || !cohort.equals(org.rdregistry.registry.topics.CohortPartitioner.cohortOfKey(e.key()))) {
                continue;
            }
            if (e.value() == null) {
                if (latest.remove(e.key()) != null) {
                    next = e.offset() + 1;
                }
                continue;
            }
            RecordSubmission s = parsed.get(i);
            if (s == null || invalid.contains(i)) {
                ignored++;
                continue;
            }
            valid++;
            RecordSubmission stored = latest.get(e.key());
            if (stored != null && stored.recordId().equals(s.recordId())) {
                continue;
            }
            latest.put(e.key(), s);
            next = e.offset() + 1;
        }
        CohortAggregate aggregate = CohortAggregate.empty(schema, group, cohort);
        for (RecordSubmission s : latest.values()) {
            aggregate = aggregate.plus(schema, group, s);
        }
        return new Result(aggregate, next, entries.size(), valid, ignored);
    }
}
