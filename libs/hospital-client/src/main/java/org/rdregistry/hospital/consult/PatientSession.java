package org.rdregistry.hospital.consult;

import java.time.Duration;
import java.util.LinkedHashMap;
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
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultationEncryptor;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoringModel;

/**
 * The patient's side of a second opinion, with the patient's key pair: encrypt and submit, read the
 * scores and the opinion (decrypted here, never by the service), acknowledge or withdraw. Everything
 * the service receives is ciphertext and proofs; the history never leaves this process unencrypted.
 */
public final class PatientSession {

    private final ConsultationClient client;
    private final KeyPair patientKey;
    private final Duration pollInterval;
    private final Map<ModelRef, ScoringModel> models = new ConcurrentHashMap<>();

    public PatientSession(ConsultationClient client, KeyPair patientKey) {
        this(client, patientKey, Duration.ofSeconds(2));
    }

    /** @param pollInterval how often the waiting methods ask the service again */
    public PatientSession(ConsultationClient client, KeyPair patientKey, Duration pollInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.patientKey = Objects.requireNonNull(patientKey, "patientKey");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    public PublicKey publicKey() {
        return patientKey.publicKey();
    }

    /** The models published on the service, by reference (fetched once per session). */
    public Map<ModelRef, ScoringModel> publishedModels() {
        Map<ModelRef, ScoringModel> byRef = new LinkedHashMap<>();
        for (ScoringModel m : client.models()) {
            byRef.put(m.ref(), m);
            models.putIfAbsent(m.ref(), m);
        }
        return byRef;
    }

    /** Encrypts and submits under a fresh consultation id. */
    public SubmitResult submit(PublicKey jointKey, String specialty, Map<ModelRef, Map<String, String>> answers,
                               byte[] history) {
        return submit(ConsultationEncryptor.newConsultationId(), jointKey, specialty, answers, history);
    }

    /**
     * Encrypts the answers (one proven one-hot vector per feature under the joint key) and seals the
     * history (for whoever claims the case), then posts the submission.
     *
     * @param consultationId a fresh id from {@link ConsultationEncryptor#newConsultationId()} (every proof
     *                       is bound to it; knowing it before posting lets a caller prepare where to keep
     *                       the credential)
     * @throws ConsultationException if the answers do not fit the published models, or the keys' curves differ
     */
    public SubmitResult submit(String consultationId, PublicKey jointKey, String specialty,
                               Map<ModelRef, Map<String, String>> answers, byte[] history) {
        if (jointKey.group() != patientKey.group()) {
            throw new ConsultationException("the joint key is on " + jointKey.group().name() + " but the patient key on "
                    + patientKey.group().name());
        }
        Map<ModelRef, ScoringModel> published = publishedModels();
        ConsultationSubmission submission;
        try {
            submission = new ConsultationEncryptor(jointKey, List.copyOf(published.values()))
                    .encrypt(consultationId, specialty, patientKey.publicKey(), answers, history);
        } catch (IllegalArgumentException e) {
            throw new ConsultationException(e.getMessage());
        }
        return client.submit(submission);
    }

    public ConsultationView status(String consultationId, String credential) {
        return client.consultation(consultationId, credential);
    }

    /** The decrypted scores, or empty while the trustees have not switched them to the patient's key. */
    public Optional<List<DecryptedScore>> scores(String consultationId, String credential) {
        ConsultationView view = client.consultation(consultationId, credential);
        if (!view.hasScores()) {
            return Optional.empty();
        }
        return Optional.of(ScoreDecryption.decrypt(patientKey, view.scores(), this::model));
    }

    /** Waits (asking every poll interval) up to {@code timeout} for the scores. */
    public List<DecryptedScore> awaitScores(String consultationId, String credential, Duration timeout) {
        return Polling.until(() -> scores(consultationId, credential), timeout, pollInterval,
                () -> "no scores for consultation " + consultationId + " yet after " + timeout.toSeconds() + " s");
    }

    /**
     * The expert's opinion, opened with the patient's key, or empty if none was posted yet.
     *
     * @throws ConsultationException if it does not open (another key, or it was changed)
     */
    public Optional<byte[]> opinion(String consultationId, String credential) {
        ConsultationView view = client.consultation(consultationId, credential);
        if (!view.hasOpinion()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HybridEncryption.open(patientKey, ConsultContexts.OPINION_LABEL, view.opinion(),
                    ConsultContexts.opinionAad(consultationId)));
        } catch (AuthenticationFailedException | InvalidEncodingException e) {
            throw new ConsultationException("the opinion does not open with this key (is it the key the consultation "
                    + "was submitted with?) or it was altered");
        }
    }

    /** Waits (asking every poll interval) up to {@code timeout} for the opinion. */
    public byte[] awaitOpinion(String consultationId, String credential, Duration timeout) {
        return Polling.until(() -> opinion(consultationId, credential), timeout, pollInterval,
                () -> "no opinion for consultation " + consultationId + " yet after " + timeout.toSeconds() + " s");
    }

    /** Done: the service purges the consultation everywhere. */
    public void acknowledge(String consultationId, String credential) {
        client.acknowledge(consultationId, credential);
    }

    /** Withdraws at any time: the service purges the consultation everywhere. */
    public void withdraw(String consultationId, String credential) {
        client.withdraw(consultationId, credential);
    }

    ScoringModel model(ModelRef ref) {
        return models.computeIfAbsent(ref, client::model);
    }
}
