package org.rdregistry.stats;

import org.rdregistry.service.http.DeferredDispatchFilter;
import org.rdregistry.service.kafka.KafkaHealthIndicator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * Release policy, privacy budgets, threshold combination and the research API (docs/design/releases.md):
 * turns encrypted cohort aggregates into differentially private releases with the trustees' help.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({DeferredDispatchFilter.class, KafkaHealthIndicator.class}) // shared with the other services (service-support)
public class StatsApplication {

    public static void main(String[] args) {
        SpringApplication.run(StatsApplication.class, args);
    }
}
