package org.rdregistry.compute.registry;

import java.io.IOException;
import java.nio.file.Files;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry key and schema every record is verified against. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    PublicKey registryKey(RegistryProperties properties) {
        if (properties.keyFile() == null || properties.keyFile().toString().isBlank()) {
            throw new RegistryKeyException("registry.key-file is not set: the path of the registry's public key (wire JSON)", null);
        }
        String json;
        try {
            json = Files.readString(properties.keyFile());
        } catch (IOException e) {
            throw new RegistryKeyException("registry.key-file " + properties.keyFile() + " cannot be read: " + e, e);
        }
        try {
            return Wire.fromJson(json.strip(), PublicKey.class);
        } catch (RuntimeException e) {
            throw new RegistryKeyException("registry.key-file " + properties.keyFile()
                    + " is not a wire JSON public key: " + e.getMessage(), e);
        }
    }

    @Bean
    RegistrySchema registrySchema() {
        return RegistrySchema.current();
    }
}
