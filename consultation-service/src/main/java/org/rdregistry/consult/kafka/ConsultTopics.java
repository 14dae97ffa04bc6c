package org.rdregistry.consult.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every topic consultation-service reads or writes, named {@code <consult.topic-prefix><name>}: the shared ones of
 * {@link Topics#consultations()} and three internal ones. Missing topics are created at start-up (by
 * {@link KafkaAdmin}, invoked by the start-up sequence). Every topic that holds bytes of a consultation is compacted
 * with {@link Topics#CONSULT_BOUNDED} (plus {@code consult.topic-overrides}) and gets a tombstone on purge.
 */
@Configuration(proxyBeanMethods = false)
public class ConsultTopics {

    /** HTTP handlers to the state machine (key = consultation id, or {@code model:<ref>}); holds submissions. */
    public static final TopicSpec COMMANDS = new TopicSpec("consult.service.commands.v1", Topics.CONSULT_PARTITIONS,
            Topics.CONSULT_BOUNDED);

    /**
     * The state machine's private view of each consultation (key = consultation id), which every instance follows to
     * answer reads: statuses, the credential hash, the patient's and the expert's switched ciphertexts, the opinion.
     */
    public static final TopicSpec STATE = new TopicSpec("consult.service.state.v1", Topics.CONSULT_PARTITIONS,
            Topics.CONSULT_BOUNDED);

    /**
     * The state machine's answers to commands (key = command id; outcome, lease id and times only, no consultation
     * bytes), read by every instance for the commands it is waiting for. Needed for seconds: deleted after an hour.
     */
    public static final TopicSpec RESULTS = new TopicSpec("consult.service.results.v1", Topics.CONSULT_PARTITIONS,
            Map.of("cleanup.policy", "delete", "retention.ms", "3600000", "segment.ms", "600000",
                    "min.insync.replicas", "1"));

    private final String prefix;
    private final Map<String, String> overrides;

    public ConsultTopics(ConsultProperties properties) {
        this.prefix = properties.topicPrefix();
        this.overrides = properties.topicOverrides();
    }

    public String models() {
        return prefix + Topics.CONSULT_MODELS.name();
    }

    public String cases() {
        return prefix + Topics.CONSULT_CASES.name();
    }

    public String scores() {
        return prefix + Topics.CONSULT_SCORES.name();
    }

    public String requests() {
        return prefix + Topics.CONSULT_KEYSWITCH_REQUESTS.name();
    }

    public String trusteeMessages() {
        return prefix + Topics.CONSULT_TRUSTEE_MESSAGES.name();
    }

    public String purged() {
        return prefix + Topics.CONSULT_PURGED.name();
    }

    public String commands() {
        return prefix + COMMANDS.name();
    }

    public String state() {
        return prefix + STATE.name();
    }

    public String results() {
        return prefix + RESULTS.name();
    }

    /** Every topic this service creates (the Streams changelog is created by Kafka Streams itself). */
    public List<TopicSpec> all() {
        List<TopicSpec> all = new ArrayList<>(Topics.consultations());
        all.add(COMMANDS);
        all.add(STATE);
        all.add(RESULTS);
        return all;
    }

    /**
     * The topics that can hold bytes of a consultation, by name with the prefix: each gets the purge's tombstone and
     * the sweeper's; the Streams changelog is swept by the state machine itself.
     */
    public List<String> bounded() {
        return List.of(cases(), scores(), requests(), trusteeMessages(), commands(), state());
    }

    /** The configs of a topic as created here: bounded topics get {@code consult.topic-overrides} on top. */
    public Map<String, String> configs(TopicSpec spec) {
        Map<String, String> configs = new HashMap<>(spec.configs());
        if (spec.configs().equals(Topics.CONSULT_BOUNDED)) {
            configs.putAll(overrides);
        }
        return configs;
    }

    /** The changelog's configs: the bounded ones, without min.insync.replicas (follows the cluster's setting). */
    public Map<String, String> changelogConfigs() {
        Map<String, String> configs = new HashMap<>(Topics.CONSULT_BOUNDED);
        configs.putAll(overrides);
        configs.remove("min.insync.replicas");
        return configs;
    }

    @Bean
    KafkaAdmin.NewTopics consultNewTopics() {
        return new KafkaAdmin.NewTopics(all().stream()
                .map(spec -> TopicBuilder.name(prefix + spec.name()).partitions(spec.partitions())
                        .configs(configs(spec)).build())
                .toArray(NewTopic[]::new));
    }
}
