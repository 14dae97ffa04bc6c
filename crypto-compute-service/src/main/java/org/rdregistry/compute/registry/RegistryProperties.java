package org.rdregistry.compute.registry;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keyFile the registry's joint public key in wire JSON ({@code Wire.toJson(publicKey)}); every
 *     record's proofs are verified against it
 */
@ConfigurationProperties("registry")
public record RegistryProperties(Path keyFile) {
}
