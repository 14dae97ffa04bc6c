package org.rdregistry.compute.registry;

import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schema every record is verified against. The registry key comes from the role: the aggregator
 * reads {@code registry.key-file}, a trustee takes the joint key of its share (see {@link RegistryKeys}).
 */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    RegistrySchema registrySchema() {
        return RegistrySchema.current();
    }
}
