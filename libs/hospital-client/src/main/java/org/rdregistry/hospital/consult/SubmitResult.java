package org.rdregistry.hospital.consult;

import java.util.Objects;

import org.rdregistry.registry.consult.ConsultationCase;

/**
 * The answer to {@code POST /api/v1/consultations}: the id, the patient's access credential (32 random
 * bytes, base64url, shown once: the service keeps only its SHA-256) and the status.
 */
public record SubmitResult(String consultationId, String accessCredential, ConsultationCase.Status status) {

    public SubmitResult {
        Objects.requireNonNull(consultationId, "consultationId");
        Objects.requireNonNull(accessCredential, "accessCredential");
    }

    /** Never prints the credential. */
    @Override
    public String toString() {
        return "SubmitResult[" + consultationId + ", accessCredential=<redacted>, " + status + "]";
    }
}
