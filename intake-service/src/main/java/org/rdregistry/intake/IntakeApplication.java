package org.rdregistry.intake;

import org.rdregistry.service.http.DeferredDispatchFilter;
import org.rdregistry.service.kafka.KafkaHealthIndicator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Hospital record intake: validates encrypted submissions and writes them to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({DeferredDispatchFilter.class, KafkaHealthIndicator.class}) // shared with the other services (service-support)
public class IntakeApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntakeApplication.class, args);
    }
}
