package org.rdregistry.stats.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.crypto.decrypt.DecryptionCombiner;
import org.rdregistry.crypto.elgamal.DiscreteLog;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.JsonNode;

/** The trustees' joint key, the schema and release layout, and the decoding table. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    /** Where the key ceremony's {@code ceremony-result.json} holds the joint key. */
    static final String CEREMONY_RESULT_KEY_PROPERTY = "jointKey";

    @Bean
    JointKey jointKey(StatsProperties properties) {
        if (properties.jointKeyFile() == null || properties.jointKeyFile().toString().isBlank()) {
            throw new StartupException("stats.joint-key-file is not set: the path of the trustees' joint key "
                    + "(the key ceremony's ceremony-result.json, or a joint key in wire JSON)");
        }
        return readJointKey(properties.jointKeyFile());
    }

    /**
     * Reads the trustees' joint key from either form the project writes: the key ceremony's public record
     * {@code ceremony-result.json}, which holds it under {@code "jointKey"} (so the file the trustees
     * publish is used as it is, with no conversion step), or the joint key's wire JSON alone. The
     * ceremony record is not re-verified here: {@code registry trustee verify-ceremony} does that.
     */
    static JointKey readJointKey(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new StartupException("stats.joint-key-file " + file + " cannot be read: " + e);
        }
        try {
            JsonNode tree = RegistryJson.mapper().readTree(json);
            if (tree != null && tree.isObject() && tree.has(CEREMONY_RESULT_KEY_PROPERTY)) {
                json = RegistryJson.mapper().writeValueAsString(tree.get(CEREMONY_RESULT_KEY_PROPERTY));
            }
            return Wire.fromJson(json.strip(), JointKey.class);
        } catch (RuntimeException e) {
            throw new StartupException("stats.joint-key-file " + file + " is neither a key ceremony result "
                    + "(ceremony-result.json) nor a wire JSON joint key: " + e.getMessage());
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
