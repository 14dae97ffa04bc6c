package org.rdregistry.stats.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.stats.config.StatsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics stats-service reads and writes, with the configured prefix: the aggregates it releases
 * and the four topics of the release protocol. Missing ones are created at start-up (by
 * {@link KafkaAdmin}, invoked by the start-up sequence).
 */
@Configuration(proxyBeanMethods = false)
public class StatsTopics {

    private final String prefix;

    public StatsTopics(StatsProperties properties) {
        this.prefix = properties.topicPrefix();
    }

    public String aggregates() {
        return prefix + Topics.AGGREGATES.name();
    }

    public String releaseRequests() {
        return prefix + Topics.RELEASE_REQUESTS.name();
    }

    public String trusteeMessages() {
        return prefix + Topics.TRUSTEE_MESSAGES.name();
    }

    public String releases() {
        return prefix + Topics.RELEASES.name();
    }

    public String privacyBudgets() {
        return prefix + Topics.PRIVACY_BUDGETS.name();
    }

    public List<TopicSpec> all() {
        List<TopicSpec> all = new ArrayList<>();
        all.add(Topics.AGGREGATES);
        all.addAll(Topics.releases());
        return all;
    }

    @Bean
    KafkaAdmin.NewTopics statsNewTopics() {
        return new KafkaAdmin.NewTopics(all().stream()
                .map(spec -> TopicBuilder.name(prefix + spec.name()).partitions(spec.partitions())
                        .configs(Map.copyOf(spec.configs())).build())
                .toArray(NewTopic[]::new));
    }
}
