package org.rdregistry.stats.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseRequest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Every write of stats-service, each in a Kafka transaction (idempotent producer, acks=all, one
 * transactional id per instance, which also fences a previous incarnation). Every method blocks until
 * the transaction is committed and throws if it was aborted (then nothing of it is visible to
 * read_committed readers).
 */
@Component
public class ReleasePublisher {

    private final KafkaTemplate<String, String> template;
    private final StatsTopics topics;

    public ReleasePublisher(KafkaTemplate<String, String> template, StatsTopics topics) {
        if (!template.isTransactional()) {
            throw new IllegalStateException("stats needs a transactional producer: set spring.kafka.producer.transaction-id-prefix");
        }
        this.template = template;
        this.topics = topics;
    }

    /**
     * An empty transaction: initialises the transactional producer, which aborts whatever a previous
     * incarnation left open, so that read_committed reads of our own topics are not held up by it.
     */
    public void initialise() {
        inTransaction(List.of());
    }

    public void noiseRequest(ReleaseRequest.Noise request) {
        inTransaction(List.of(new Send(topics.releaseRequests(), request.releaseId(), json(request))));
    }

    /**
     * The privacy spend and the decryption request, budget first, in one transaction: a crash can waste
     * budget but never decrypt anything unpaid. {@code budget} is null for releases without noise.
     */
    public void spendAndRequestDecryption(PrivacyAccountant budget, ReleaseRequest.Decrypt request) {
        List<Send> sends = new ArrayList<>();
        if (budget != null) {
            sends.add(new Send(topics.privacyBudgets(), budget.cohort(), json(budget)));
        }
        sends.add(new Send(topics.releaseRequests(), request.releaseId(), json(request)));
        inTransaction(sends);
    }

    public void release(Release release) {
        inTransaction(List.of(new Send(topics.releases(), release.releaseId(), json(release))));
    }

    private record Send(String topic, String key, String value) {
    }

    private static String json(Object value) {
        return RegistryJson.mapper().writeValueAsString(value);
    }

    private void inTransaction(List<Send> sends) {
        template.executeInTransaction(ops -> {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (Send s : sends) {
                sent.add(ops.send(s.topic(), s.key(), s.value()));
            }
            // wait for every send so that a failed one aborts the transaction instead of committing the rest
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            return null;
        });
    }
}
