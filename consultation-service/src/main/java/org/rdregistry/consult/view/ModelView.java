package org.rdregistry.consult.view;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.rdregistry.consult.kafka.ConsultTopics;
import org.rdregistry.service.kafka.TopicFollower;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The published scoring models, from {@code consult.models.v1} read from the beginning. A reference's first
 * published content is its content for ever (the state machine never publishes a second one).
 */
@Component
public class ModelView implements DisposableBean {

    private final TopicFollower follower;
    private final Map<ModelRef, ScoringModel> models = new ConcurrentSkipListMap<>();

    public ModelView(ConsumerFactory<?, ?> consumerFactory, ConsultTopics topics) {
        this.follower = new TopicFollower(consumerFactory, "consult-models", topics.models(),
                TopicFollower.Start.BEGINNING, true, this::apply);
    }

    public boolean load() throws InterruptedException {
        follower.start();
        return follower.awaitCaughtUp();
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        ScoringModel model = RegistryJson.mapper().readValue(r.value(), ScoringModel.class);
        if (!model.ref().toString().equals(r.key())) {
            throw new IllegalArgumentException("model reference differs from its key");
        }
        models.putIfAbsent(model.ref(), model);
    }

    /** The published model, or null (the verifier's lookup). */
    public ScoringModel get(ModelRef ref) {
        return models.get(ref);
    }

    public Optional<ScoringModel> find(ModelRef ref) {
        return Optional.ofNullable(models.get(ref));
    }

    /** Every published model, ordered by id and version. */
    public List<ScoringModel> all() {
        return List.copyOf(models.values());
    }

    /** Completes once the model is in this instance's view (or after {@code limit}). */
    public Mono<Void> await(ModelRef ref, Duration limit) {
        return Mono.defer(() -> models.containsKey(ref) ? Mono.<Void>empty() : Mono.error(new IllegalStateException()))
                .retryWhen(reactor.util.retry.Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(50)))
                .timeout(limit, Mono.empty());
    }

    @Override
    public void destroy() {
        follower.stop();
    }
}
