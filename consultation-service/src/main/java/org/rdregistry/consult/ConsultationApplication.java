package org.rdregistry.consult;

import org.rdregistry.service.http.DeferredDispatchFilter;
import org.rdregistry.service.kafka.KafkaHealthIndicator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * Second-opinion consultations (docs/design/consultations.md): accepts encrypted submissions, runs each
 * consultation's state machine on Kafka Streams (scores, key switching, the expert queue and leases, the opinion,
 * the purge) and serves patients and experts over HTTP.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({DeferredDispatchFilter.class, KafkaHealthIndicator.class}) // shared with the other services (service-support)
public class ConsultationApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsultationApplication.class, args);
    }
}
