package org.rdregistry.intake.registryinfo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keyFile file holding the registry public key (the trustees' joint key) in wire JSON
 *     ({@code Wire.toJson(publicKey)}); hospitals encrypt to it and intake verifies proofs against it
 */
@ConfigurationProperties("registry")
public record RegistryProperties(Path keyFile) {
}
