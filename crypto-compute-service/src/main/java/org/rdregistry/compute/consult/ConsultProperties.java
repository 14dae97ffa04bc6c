package org.rdregistry.compute.consult;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.rdregistry.compute.streams.TopicCreation;
import org.rdregistry.registry.topics.TopicSpec;
import org.rdregistry.registry.topics.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the second-opinion parts ({@code consult.*}): the scorer in the aggregator role, the
 * consultation key switching in the trustee role.
 *
 * @param enabled run the scorer (aggregator role) or the consultation key switching (trustee role)
 * @param topicPrefix prepended to every consult topic name ({@code prefix + Topics.CONSULT_*.name()}),
 *     for deployments that share a cluster and for tests; default none
 * @param caseWait how long a trustee waits, for a key-switch request, until its view of the cases and
 *     purged topics has caught up and the consultation is known; then it refuses UNKNOWN_CONSULTATION
 * @param modelWait how long the scorer or a trustee waits for a model named by a submission to appear
 *     on the models topic before it treats the model as unknown
 */
@ConfigurationProperties("consult")
public record ConsultProperties(
        @DefaultValue("true") boolean enabled,
        String topicPrefix,
        @DefaultValue("5s") Duration caseWait,
        @DefaultValue("5s") Duration modelWait) {

    public ConsultProperties {
        if (topicPrefix == null) {
            topicPrefix = "";
        }
        if (!topicPrefix.matches("[a-zA-Z0-9._-]{0,100}")) {
            throw new IllegalArgumentException("consult.topic-prefix must be 0-100 characters [a-zA-Z0-9._-]");
        }
        if (caseWait == null) {
            caseWait = Duration.ofSeconds(5);
        }
        if (modelWait == null) {
            modelWait = Duration.ofSeconds(5);
        }
        if (caseWait.isNegative() || modelWait.isNegative()) {
            throw new IllegalArgumentException("consult.case-wait and consult.model-wait must not be negative");
        }
    }

    /** The name of a consult topic in this deployment: prefix + the registry's name. */
    public String topic(TopicSpec spec) {
        return topicPrefix + spec.name();
    }

    /** Every shared consult topic with the registry's partitions and configs, for creation at start-up. */
    public NewTopic[] newTopics(int replicationFactor) {
        List<TopicSpec> specs = Topics.consultations();
        return specs.stream().map(s -> TopicCreation.newTopic(topic(s), s, replicationFactor)).toArray(NewTopic[]::new);
    }
}
