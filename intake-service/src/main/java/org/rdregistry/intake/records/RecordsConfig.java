package org.rdregistry.intake.records;

import org.rdregistry.intake.IntakeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class RecordsConfig {

    /** Decoding (point validation) and proof verification are CPU-bound: one thread per core by default. */
    @Bean(destroyMethod = "dispose")
    Scheduler verifyScheduler(IntakeProperties properties) {
        int threads = properties.verifyThreads() > 0 ? properties.verifyThreads() : Runtime.getRuntime().availableProcessors();
        return Schedulers.newBoundedElastic(threads, 10_000, "intake-verify");
    }
}
