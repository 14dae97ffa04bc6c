package org.rdregistry.consult;

import org.rdregistry.registry.events.RegistryJson;

import tools.jackson.databind.JsonNode;

final class RegistryJsonHelper {
    private RegistryJsonHelper() {
    }

    static JsonNode tree(byte[] body) {
        return RegistryJson.mapper().readTree(body);
    }
}
