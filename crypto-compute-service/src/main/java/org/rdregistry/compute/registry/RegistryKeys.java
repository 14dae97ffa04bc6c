package org.rdregistry.compute.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;

/** Reads the registry's public key from {@code registry.key-file} (wire JSON). */
public final class RegistryKeys {

    private RegistryKeys() {
    }

    /** Whether {@code registry.key-file} is set. */
    public static boolean configured(RegistryProperties properties) {
        return properties.keyFile() != null && !properties.keyFile().toString().isBlank();
    }

    /**
     * @throws RegistryKeyException naming the file when it is not set, unreadable or not a public key
     */
    public static PublicKey read(RegistryProperties properties) {
        if (!configured(properties)) {
            throw new RegistryKeyException("registry.key-file is not set: the path of the registry's public key (wire JSON)", null);
        }
        Path file = properties.keyFile();
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new RegistryKeyException("registry.key-file " + file + " cannot be read: " + e, e);
        }
        try {
            return Wire.fromJson(json.strip(), PublicKey.class);
        } catch (RuntimeException e) {
            throw new RegistryKeyException("registry.key-file " + file
                    + " is not a wire JSON public key: " + e.getMessage(), e);
        }
    }
}
