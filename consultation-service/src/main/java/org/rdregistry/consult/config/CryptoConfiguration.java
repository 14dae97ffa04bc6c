package org.rdregistry.consult.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.keyswitch.KeySwitchCombiner;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.events.RegistryJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;

/** The trustees' joint key and its combiner, the wall clock, and the wire module for HTTP bodies. */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    /** Where the key ceremony's {@code ceremony-result.json} holds the joint key. */
    static final String CEREMONY_RESULT_KEY_PROPERTY = "jointKey";

    @Bean
    JointKey jointKey(ConsultProperties properties) {
        if (properties.jointKeyFile() == null || properties.jointKeyFile().toString().isBlank()) {
            throw new StartupException("consult.joint-key-file is not set: the path of the trustees' joint key "
                    + "(the key ceremony's ceremony-result.json, or a joint key in wire JSON)");
        }
        return readJointKey(properties.jointKeyFile());
    }

    /**
     * Reads the trustees' joint key from either form the project writes (as stats-service does): the key
     * ceremony's public record {@code ceremony-result.json}, which holds it under {@code "jointKey"}, or the joint
     * key's wire JSON alone. The ceremony record is not re-verified here: {@code registry trustee verify-ceremony}
     * does that.
     */
    static JointKey readJointKey(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new StartupException("consult.joint-key-file " + file + " cannot be read: " + e);
        }
        try {
            JsonNode tree = RegistryJson.mapper().readTree(json);
            if (tree != null && tree.isObject() && tree.has(CEREMONY_RESULT_KEY_PROPERTY)) {
                json = RegistryJson.mapper().writeValueAsString(tree.get(CEREMONY_RESULT_KEY_PROPERTY));
            }
            return Wire.fromJson(json.strip(), JointKey.class);
        } catch (RuntimeException e) {
            throw new StartupException("consult.joint-key-file " + file + " is neither a key ceremony result "
                    + "(ceremony-result.json) nor a wire JSON joint key: " + e.getMessage());
        }
    }

    @Bean
    KeySwitchCombiner keySwitchCombiner(JointKey jointKey) {
        return new KeySwitchCombiner(jointKey);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Ciphertexts, keys and sealed boxes in HTTP bodies use their validated wire form: Spring Boot adds every
     * {@link JacksonModule} bean to the mapper behind the WebFlux codecs.
     */
    @Bean
    JacksonModule wireModule() {
        return Wire.jacksonModule();
    }
}
