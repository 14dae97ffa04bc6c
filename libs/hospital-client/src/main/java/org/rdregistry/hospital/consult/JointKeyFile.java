package org.rdregistry.hospital.consult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.databind.JsonNode;

/**
 * The trustees' joint (registry) public key a consultation is encrypted to, read from what the key
 * ceremony publishes: {@code ceremony-result.json} (its {@code jointKey}), a joint key in wire JSON, or
 * {@code registry-key.json} (the public key alone, wire JSON). Compare its fingerprint with the one the
 * trustees publish.
 */
public final class JointKeyFile {

    private static final int MAX_BYTES = 8 << 20;

    private JointKeyFile() {
    }

    public static PublicKey read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ConsultationException(file + " is too large for a key file");
        }
        String text = Files.readString(file).strip();
        try {
            JsonNode tree = RegistryJson.mapper().readTree(text);
            if (tree != null && tree.has("jointKey")) {
                return Wire.fromJson(RegistryJson.mapper().writeValueAsString(tree.get("jointKey")), JointKey.class)
                        .publicKey();
            }
        } catch (RuntimeException e) {
            throw new ConsultationException(file + " does not hold a joint key (" + e.getMessage() + ")");
        }
        try {
            return Wire.fromJson(text, JointKey.class).publicKey();
        } catch (RuntimeException notJoint) {
            try {
                return Wire.fromJson(text, PublicKey.class);
            } catch (RuntimeException e) {
                throw new ConsultationException(file + " holds neither a ceremony result, a joint key nor a registry "
                        + "key (wire JSON)");
            }
        }
    }
}
