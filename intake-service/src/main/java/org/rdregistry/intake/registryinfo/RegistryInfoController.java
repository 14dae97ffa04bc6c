package org.rdregistry.intake.registryinfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.registry.schema.RegistrySchema;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/registry} (public): the schema version, the schema file itself and the registry
 * public key in wire JSON, so hospitals fetch what they encrypt to. Built once; it never changes
 * while the service runs.
 */
@RestController
public class RegistryInfoController {

    private final byte[] body;

    public RegistryInfoController(RegistrySchema schema, PublicKey registryKey) {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("schemaVersion", schema.version());
        try (InputStream in = RegistrySchema.class.getResourceAsStream("/registry-schema/v" + schema.version() + ".json")) {
            if (in == null) {
                throw new IllegalStateException("schema file of version " + schema.version() + " not on the classpath");
            }
            root.set("schema", json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        root.set("registryKey", json.readTree(Wire.toJson(registryKey)));
        this.body = json.writeValueAsBytes(root);
    }

    @GetMapping("/api/v1/registry")
    public ResponseEntity<byte[]> registry() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
