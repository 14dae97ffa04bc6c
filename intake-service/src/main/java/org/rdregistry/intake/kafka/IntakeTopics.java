package org.rdregistry.intake.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.rdregistry.intake.IntakeProperties;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics intake writes, with the configured prefix, and their creation: one {@link NewTopic} per
 * topic of {@link Topics#registryPipeline()} plus the record index, created by {@link KafkaAdmin}
 * (invoked by {@link RecordIndex} at start-up, retried until the broker answers).
 */
@Configuration(proxyBeanMethods = false)
public class IntakeTopics {

    /** The idempotency index (see {@link Topics#RECORD_INDEX}). */
    public static final TopicSpec RECORD_INDEX = Topics.RECORD_INDEX;

    private final String prefix;

    public IntakeTopics(IntakeProperties properties) {
        this.prefix = properties.topicPrefix();
    }

    public String records() {
        return prefix + Topics.RECORDS.name();
    }

    public String recordIndex() {
        return prefix + RECORD_INDEX.name();
    }

    /** Every topic intake makes sure exists. */
    public List<TopicSpec> all() {
        List<TopicSpec> all = new ArrayList<>(Topics.registryPipeline());
        all.add(RECORD_INDEX);
        return all;
    }

    @Bean
    KafkaAdmin.NewTopics intakeNewTopics() {
        return new KafkaAdmin.NewTopics(all().stream()
                .map(spec -> TopicBuilder.name(prefix + spec.name()).partitions(spec.partitions())
                        .configs(Map.copyOf(spec.configs())).build())
                .toArray(NewTopic[]::new));
    }
}
