package org.rdregistry.consult.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.rdregistry.consult.ConsultStartup;
import org.rdregistry.consult.engine.CommandResult;
import org.rdregistry.consult.problems.FieldProblem;
import org.rdregistry.consult.problems.ProblemException;
import org.rdregistry.consult.problems.ProblemType;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** What every handler shares: readiness, id checks, access credentials, and refusals as problems. */
@Component
public class ApiSupport {

    /** The patient's proof of access to one consultation, shown once at submission. */
    public static final String CREDENTIAL_HEADER = "Consultation-Credential";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConsultStartup startup;

    public ApiSupport(ConsultStartup startup) {
        this.startup = startup;
    }

    public void requireReady() {
        if (!startup.ready()) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "5");
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "the service is starting; retry later",
                    List.of(), headers);
        }
    }

    public static void requireId(String id) {
        if (id == null || !ConsultationSubmission.ID.matcher(id).matches()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "not a consultation id",
                    List.of(new FieldProblem("id", "must be a lower-case UUID")));
        }
    }

    /** 32 random bytes, base64url without padding. */
    public static String newCredential() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the service keeps of a credential: its SHA-256, base64url. */
    public static String hash(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Whether {@code credential} hashes to {@code expectedHash}, in constant time. */
    public static boolean matches(String credential, String expectedHash) {
        if (credential == null || credential.isEmpty() || credential.length() > 200 || expectedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(credential).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    public static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no consultation " + id);
    }

    /** A refused command as the matching problem. */
    public static ProblemException refused(CommandResult r) {
        String detail = r.detail() != null ? r.detail() : r.outcome().name().toLowerCase(java.util.Locale.ROOT);
        ProblemType type = switch (r.outcome()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case FORBIDDEN -> ProblemType.FORBIDDEN;
            case CONFLICT -> ProblemType.CONFLICT;
            default -> ProblemType.INTERNAL_ERROR;
        };
        return new ProblemException(type, detail);
    }
}
