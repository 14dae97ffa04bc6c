package org.rdregistry.service.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Health contributor {@code kafka}: the broker answers a describe-cluster request within a short
 * timeout. Part of the readiness group, so an instance that lost its broker stops receiving traffic.
 */
@Component("kafkaHealthIndicator") // the name makes the health component "kafka" also when @Import-ed
public class KafkaHealthIndicator implements ReactiveHealthIndicator, DisposableBean {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaAdmin kafkaAdmin;
    private final String clientId;
    private volatile Admin admin;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Environment environment) {
        this.kafkaAdmin = kafkaAdmin;
        this.clientId = environment.getProperty("spring.application.name", "service") + "-health";
    }

    @Override
    public Mono<Health> health() {
        return Mono.defer(() -> {
            DescribeClusterResult result = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
            return Mono.fromFuture(result.nodes().toCompletionStage().toCompletableFuture())
                    .zipWith(Mono.fromFuture(result.clusterId().toCompletionStage().toCompletableFuture()))
                    .map(t -> Health.up().withDetail("clusterId", t.getT2()).withDetail("nodes", t.getT1().size()).build());
        })
                .timeout(TIMEOUT.plusSeconds(1))
                .onErrorResume(e -> {
                    discardAdmin();
                    return Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build());
                });
    }

    /**
     * After a failure the client is closed and the next check starts afresh: an idle admin client whose
     * brokers are unreachable keeps reconnecting (and logging) in the background.
     */
    private synchronized void discardAdmin() {
        Admin a = admin;
        admin = null;
        if (a != null) {
            a.close(Duration.ZERO);
        }
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
                    // no re-bootstrap loop while the broker is down (Kafka 4 admin clients spin on it); a fresh
                    // client per failure re-resolves the bootstrap servers instead
                    config.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
                    admin = Admin.create(config);
                }
                a = admin;
            }
        }
        return a;
    }

    @Override
    public void destroy() {
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }
}
