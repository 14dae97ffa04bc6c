package org.rdregistry.intake.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.rdregistry.intake.IntakeProperties;
import org.rdregistry.intake.problems.ProblemException;
import org.rdregistry.intake.problems.ProblemType;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.registry.events.IntakeAttestation;
import org.rdregistry.registry.schema.RegistrySchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes to Kafka in transactions (idempotent producer, acks=all, transactional id per instance), so a
 * record and its index entry, or a whole batch, become visible together or not at all. Every method
 * blocks until the transaction is committed and then updates the in-memory index; call it off the
 * event loop. A failure aborts the transaction and surfaces as 503 (nothing written).
 */
@Component
public class RecordWriter {

    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);

    /** One accepted record: its records-topic key and event JSON, and its index entry. */
    public record Write(String recordId, String key, String eventJson, IndexEntry entry) {
    }

    private final KafkaTemplate<String, String> template;
    private final IntakeTopics topics;
    private final RecordIndex index;
    private final IntakeAttestation attestation;

    public RecordWriter(KafkaTemplate<String, String> template, IntakeTopics topics, RecordIndex index,
                        IntakeProperties properties, PublicKey registryKey, RegistrySchema schema) {
        if (!template.isTransactional()) {
            throw new IllegalStateException("intake needs a transactional producer: set spring.kafka.producer.transaction-id-prefix");
        }
        this.template = template;
        this.topics = topics;
        this.index = index;
        Path keyFile = properties.attestationKeyFile();
        this.attestation = keyFile == null || keyFile.toString().isBlank() ? null
                : IntakeAttestation.fromFile(keyFile, registryKey, schema.version());
        if (attestation != null) {
            log.info("Records-topic entries carry intake's attestation (key file {})", keyFile);
        }
    }

    /**
     * Records and their index entries, all in one transaction, together with tombstones for the index
     * entries they supersede: a key's index keeps only its current record id, so a later return to an
     * earlier version (A, B, then A again) is a new write, not a replay of the forgotten A.
     *
     * <p>Synchronized with {@link #erase}: within an instance, writes and erasures of a key are
     * linearised, and the index read for superseded ids is the one the transaction commits against.
     */
    public synchronized void write(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Map<String, String> currentByKey = new LinkedHashMap<>();
        writes.forEach(w -> currentByKey.put(w.key(), w.recordId()));
        Set<String> superseded = new LinkedHashSet<>();
        for (Write w : writes) {
            for (String id : index.recordIdsForKey(w.key())) {
                if (!id.equals(currentByKey.get(w.key()))) {
                    superseded.add(id);
                }
            }
            if (!w.recordId().equals(currentByKey.get(w.key()))) {
                superseded.add(w.recordId());
            }
        }
        inTransaction("write " + writes.size() + " record(s)", ops -> {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (Write w : writes) {
                sent.add(ops.send(recordEntry(w)));
                sent.add(ops.send(topics.recordIndex(), w.recordId(), RecordIndex.JSON.writeValueAsString(w.entry())));
            }
            for (String id : superseded) {
                sent.add(ops.send(topics.recordIndex(), id, null));
            }
            return sent;
        });
        Map<String, IndexEntry> entries = new LinkedHashMap<>();
        writes.forEach(w -> entries.put(w.recordId(), w.entry()));
        index.committed(entries);
        index.forgotten(List.copyOf(superseded));
    }

    /** The records-topic entry, with intake's attestation when configured (over the exact UTF-8 value bytes). */
    private ProducerRecord<String, String> recordEntry(Write w) {
        ProducerRecord<String, String> entry = new ProducerRecord<>(topics.records(), w.key(), w.eventJson());
        if (attestation != null) {
            // StringSerializer writes UTF-8: these are the bytes the aggregator will read
            byte[] value = w.eventJson().getBytes(StandardCharsets.UTF_8);
            entry.headers().add(IntakeAttestation.HEADER, attestation.attest(topics.records(), w.key(), value));
        }
        return entry;
    }

    /**
     * GDPR erasure: a tombstone for the records-topic key and for the index entries of the record ids
     * accepted under it (they name the key, hence the pseudonym), in one transaction.
     */
    public synchronized void erase(String key) {
        List<String> recordIds = index.recordIdsForKey(key);
        inTransaction("erase", ops -> {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            sent.add(ops.send(topics.records(), key, null));
            for (String id : recordIds) {
                sent.add(ops.send(topics.recordIndex(), id, null));
            }
            return sent;
        });
        index.forgotten(recordIds);
    }

    private void inTransaction(String what, java.util.function.Function<KafkaOperations<String, String>, List<CompletableFuture<?>>> sends) {
        try {
            template.executeInTransaction(ops -> {
                // wait for every send so a failed one aborts the transaction instead of committing the rest
                CompletableFuture.allOf(sends.apply(ops).toArray(CompletableFuture[]::new)).join();
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("could not {} (transaction aborted): {}", what, rootMessage(e));
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "5");
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "the registry's event store is unavailable; nothing was written, retry later", List.of(), headers);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.toString() : e.getClass().getSimpleName() + " <- " + t;
    }
}
