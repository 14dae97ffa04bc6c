package org.rdregistry.compute;

import org.rdregistry.service.http.DeferredDispatchFilter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * crypto-compute-service: the registry's Kafka Streams engine. Today it runs the aggregator role
 * (verify, dedupe/update/erase per pseudonym, homomorphic sums per cohort); the trustee role reuses
 * the aggregator's rules and topology (see {@code aggregator.RecordRules} and
 * {@code aggregator.AggregatorTopology}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(DeferredDispatchFilter.class) // shared with the other services (service-support)
public class CryptoComputeApplication {

    public static void main(String[] args) {
        SpringApplication.run(CryptoComputeApplication.class, args);
    }
}
