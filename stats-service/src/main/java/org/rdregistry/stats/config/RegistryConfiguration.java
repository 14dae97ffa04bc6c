package org.rdregistry.stats.config;

import java.io.IOException;
import java.nio.file.Files;

import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trustees' joint key, the schema and release layout, and the decoding table. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    JointKey jointKey(StatsProperties properties) {
        if (properties.jointKeyFile() == null || properties.jointKeyFile().toString().isBlank()) {
            throw new StartupException("stats.joint-key-file is not set: the path of the trustees' joint key (wire JSON)");
        }
        String json;
        try {
            json = Files.readString(properties.jointKeyFile());
        } catch (IOException e) {
            throw new StartupException("stats.joint-key-file " + properties.jointKeyFile() + " cannot be read: " + e);
        }
        try {
            return Wire.fromJson(json.strip(), JointKey.class);
        } catch (RuntimeException e) {
            throw new StartupException("stats.joint-key-file " + properties.jointKeyFile()
                    + " is not a wire JSON joint key: " + e.getMessage());
        }
    }

    @Bean
    DecryptionCombiner decryptionCombiner(JointKey jointKey) {
        return new DecryptionCombiner(jointKey);
    }

    @Bean
    RegistrySchema registrySchema() {
        return RegistrySchema.current();
    }

    @Bean
    ReleaseLayout releaseLayout(RegistrySchema schema) {
        return ReleaseLayout.of(schema);
    }

    @Bean
    DiscreteLog discreteLog(StatsProperties properties, JointKey jointKey) {
        StatsProperties.DiscreteLogTable t = properties.discreteLog();
        if (t.babySteps() == null && t.maxAbs() == null) {
            return DiscreteLog.shared(jointKey.group());
        }
        int babySteps = t.babySteps() != null ? t.babySteps() : DiscreteLog.DEFAULT_BABY_STEPS;
        long maxAbs = t.maxAbs() != null ? t.maxAbs() : DiscreteLog.DEFAULT_MAX_ABS;
        try {
            return new DiscreteLog(jointKey.group(), babySteps, maxAbs);
        } catch (IllegalArgumentException e) {
            throw new StartupException("stats.discrete-log: " + e.getMessage());
        }
    }
}
