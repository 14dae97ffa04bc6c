package org.rdregistry.hospital.consult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.crypto.group.InvalidEncodingException;
import org.rdregistry.crypto.hybrid.AuthenticationFailedException;
import org.rdregistry.crypto.hybrid.HybridEncryption;
import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;

/**
 * The expert's side, with the expert's key pair: the queue of a specialty, an exclusive claim (the
 * trustees then switch the scores and the history key to this key), reading the case (decrypted here)
 * and answering with an opinion sealed to the patient's key, which only the patient can open.
 */
public final class ExpertSession {

    /** Largest opinion accepted (bytes of text), as for histories. */
    public static final int MAX_OPINION_BYTES = ConsultationSubmission.MAX_HISTORY_BYTES - 16;

    private final ConsultationClient client;
    private final KeyPair expertKey;
    private final Duration pollInterval;
    private final Map<ModelRef, ScoringModel> models = new ConcurrentHashMap<>();

    public ExpertSession(ConsultationClient client, KeyPair expertKey) {
        this(client, expertKey, Duration.ofSeconds(2));
    }

    public ExpertSession(ConsultationClient client, KeyPair expertKey, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.expertKey = Objects.requireNonNull(expertKey, "expertKey");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    public PublicKey publicKey() {
        return expertKey.publicKey();
    }

    public List<QueueEntry> queue(String specialty) {
        return client.queue(specialty);
    }

    /** Claims the case for this expert's key; 409 (RegistryHttpException) if someone else holds it. */
    public Lease claim(String consultationId) {
        return client.claim(consultationId, expertKey.publicKey());
    }

    public ExpertView view(String consultationId) {
        return client.expertView(consultationId);
    }

    /**
     * The case decrypted, or empty while the trustees have not switched it to this expert's key.
     *
     * @throws ConsultationException if it does not decrypt with this key (claimed with another key?)
     */
    public Optional<ExpertCase> read(String consultationId) {
        ExpertView v = client.expertView(consultationId);
        if (!consultationId.equals(v.consultationId())) {
            throw new ConsultationException("the service answered for consultation " + v.consultationId() + ", not "
                    + consultationId);
        }
        if (!v.ready() || v.historyKey() == null || v.history() == null) {
            return Optional.empty();
        }
        byte[] history;
        try {
            history = v.history().open(expertKey, v.historyKey(), ConsultContexts.HISTORY_LABEL,
                    ConsultContexts.historyAad(consultationId));
        } catch (AuthenticationFailedException | InvalidEncodingException e) {
            throw new ConsultationException("the history does not open with this key (was the case claimed with "
                    + "another key?) or it was altered");
        }
        List<DecryptedScore> scores = ScoreDecryption.decrypt(expertKey, v.scores(),
                ref -> models.computeIfAbsent(ref, client::model));
        return Optional.of(new ExpertCase(consultationId, v.leaseId(), v.until(), v.patientKey(), history, scores));
    }

    /** Waits (asking every poll interval) up to {@code timeout} for the case to be switched to this key. */
    public ExpertCase awaitCase(String consultationId, Duration timeout) {
        return Polling.until(() -> read(consultationId), timeout, pollInterval,
                () -> "the trustees have not switched consultation " + consultationId + " to this key yet after "
                        + timeout.toSeconds() + " s");
    }

    /**
     * Seals {@code opinion} to the patient's key named in the expert view (with the opinion label and the
     * consultation's associated data) and posts it under the current lease.
     */
    public void answer(String consultationId, byte[] opinion) {
        answer(client, consultationId, opinion);
    }

    /** As {@link #answer(String, byte[])}; the expert's own key is not needed to seal to the patient. */
    public static void answer(ConsultationClient client, String consultationId, byte[] opinion) {
        if (opinion.length == 0 || opinion.length > MAX_OPINION_BYTES) {
            throw new ConsultationException("an opinion has 1.." + MAX_OPINION_BYTES + " bytes");
        }
        ExpertView v = client.expertView(consultationId);
        if (v.patientKey() == null || v.leaseId() == null) {
            throw new ConsultationException("the expert view of " + consultationId + " names no patient key or lease");
        }
        SealedBox box = HybridEncryption.seal(v.patientKey(), ConsultContexts.OPINION_LABEL, opinion,
                ConsultContexts.opinionAad(consultationId));
        client.postOpinion(consultationId, v.leaseId(), box);
    }
}
