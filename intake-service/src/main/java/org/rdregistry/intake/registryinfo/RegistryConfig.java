package org.rdregistry.intake.registryinfo;

import java.io.IOException;
import java.nio.file.Files;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.crypto.wire.WireFormatException;
import org.rdregistry.registry.record.RecordVerifier;
import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry key (from {@code registry.key-file}), the schema of this build and the verifier. */
@Configuration(proxyBeanMethods = false)
public class RegistryConfig {

    @Bean
    PublicKey registryKey(RegistryProperties properties) {
        if (properties.keyFile() == null) {
            throw new IllegalStateException("registry.key-file is not set: point it at the registry public key (wire JSON)");
        }
        try {
            return Wire.fromJson(Files.readString(properties.keyFile()).strip(), PublicKey.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read registry.key-file " + properties.keyFile() + ": " + e, e);
        } catch (WireFormatException e) {
            throw new IllegalStateException("registry.key-file " + properties.keyFile()
                    + " does not hold a public key in wire JSON: " + e.getMessage(), e);
        }
    }

    @Bean
    RegistrySchema registrySchema() {
        return RegistrySchema.current();
    }

    @Bean
    RecordVerifier recordVerifier(RegistrySchema schema, PublicKey registryKey) {
        return new RecordVerifier(schema, registryKey);
    }
}
