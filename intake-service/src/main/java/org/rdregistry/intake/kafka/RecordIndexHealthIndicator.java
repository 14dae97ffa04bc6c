package org.rdregistry.intake.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code recordIndex} (bean name minus "HealthIndicator"): up once the idempotency index has been loaded from Kafka
 * (before that, submissions are answered 503). Part of the readiness group.
 */
@Component
public class RecordIndexHealthIndicator implements HealthIndicator {

    private final RecordIndex index;

    public RecordIndexHealthIndicator(RecordIndex index) {
        this.index = index;
    }

    @Override
    public Health health() {
        return (index.ready() ? Health.up() : Health.outOfService()).withDetail("entries", index.size()).build();
    }
}
