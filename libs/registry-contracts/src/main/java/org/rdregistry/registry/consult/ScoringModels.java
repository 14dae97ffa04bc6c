package org.rdregistry.registry.consult;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.core.JacksonException;

/** Reads scoring models from JSON documents; the example models shipped with the platform. */
public final class ScoringModels {

    /** The published example models shipped in {@code consult-models/} (their definitions cite the source). */
    public static final List<String> SHIPPED = List.of("cha2ds2-vasc.v1.json", "ghent-marfan-systemic.v1.json");

    private ScoringModels() {
    }

    public static List<ScoringModel> shipped() {
        List<ScoringModel> models = new ArrayList<>();
        for (String name : SHIPPED) {
            try (InputStream in = ScoringModels.class.getResourceAsStream("/consult-models/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("shipped model missing from the classpath: " + name);
                }
                models.add(parse(in.readAllBytes()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shipped model " + name, e);
            }
        }
        return List.copyOf(models);
    }

    /**
     * Parses and validates a model document.
     *
     * @throws IllegalArgumentException with a one-line reason if the document is not a valid model
     */
    public static ScoringModel parse(byte[] json) {
        try {
            return RegistryJson.mapper().readValue(json, ScoringModel.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException("invalid model: " + iae.getMessage(), iae);
            }
            throw new IllegalArgumentException("invalid model document: " + e.getOriginalMessage(), e);
        }
    }
}
