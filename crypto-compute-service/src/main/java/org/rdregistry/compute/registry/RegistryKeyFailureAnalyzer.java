package org.rdregistry.compute.registry;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad {@code registry.key-file} into Spring Boot's short "APPLICATION FAILED TO START" report. */
class RegistryKeyFailureAnalyzer extends AbstractFailureAnalyzer<RegistryKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RegistryKeyException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set registry.key-file (or REGISTRY_KEY_FILE) to the registry's public key in wire JSON, "
                        + "e.g. {\"v\":1,\"curve\":\"P-256\",\"type\":\"public-key\",\"point\":\"...\"}.", cause);
    }
}
