package org.rdregistry.stats;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Release policy, privacy budgets, threshold combination and the research API (docs/design/releases.md):
 * turns encrypted cohort aggregates into differentially private releases with the trustees' help.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StatsApplication {

    public static void main(String[] args) {
        SpringApplication.run(StatsApplication.class, args);
    }
}
