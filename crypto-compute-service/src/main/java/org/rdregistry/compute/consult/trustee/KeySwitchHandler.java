package org.rdregistry.compute.consult.trustee;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.rdregistry.compute.consult.ModelCatalog;
import org.rdregistry.compute.consult.trustee.CaseView.Entry;
import org.rdregistry.compute.consult.trustee.CaseView.Recomputation;
import org.rdregistry.compute.consult.trustee.ConsultTrusteeMetrics.Outcome;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.keyswitch.KeySwitch;
import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.ConsultContexts;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultTrusteeMessage.Reason;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.ConsultationVerifier;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.KeySwitchRequest.Purpose;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ScoreEvaluator;
import org.rdregistry.registry.consult.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trustee's answer to a consultation key-switch request (docs/design/consultations.md, "What the
 * trustees check"): shares only for ciphertexts it recomputed itself from its own view of the log, to
 * the patient's key or to the key of the current unexpired lease; otherwise a refusal with a reason
 * code. Logs and refusal details name ids, items and checks, never a ciphertext or a key. Not
 * thread-safe: one request at a time.
 */
public final class KeySwitchHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KeySwitchHandler.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final String SCORE_PREFIX = ConsultContexts.scoreItem(new ModelRef("x", 1)).replace("x@1", "");

    /** How long to wait for the view and for a model. */
    public record Settings(Duration caseWait, Duration modelWait) {
    }

    /**
     * Waits until the trustee's view covers what was committed to the cases and purged topics when the
     * request was read (the request's case update may still be on its way to the followers).
     */
    @FunctionalInterface
    public interface CatchUp {
        /** @param deadline a {@link System#nanoTime()} value; returns whether the view caught up in time */
        boolean await(long deadline) throws InterruptedException;
    }

    private record Refused(Reason reason, String detail) {
    }

    private final TrusteeKeyShare share;
    private final CaseView view;
    private final ModelCatalog models;
    private final Clock clock;
    private final Settings settings;
    private final ConsultTrusteeMetrics metrics;

    public KeySwitchHandler(TrusteeKeyShare share, CaseView view, ModelCatalog models, Clock clock, Settings settings,
                            ConsultTrusteeMetrics metrics) {
        this.share = share;
        this.view = view;
        this.models = models;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
    }

    public int trustee() {
        return share.index();
    }

    /** The answer to a request. */
    public ConsultTrusteeMessage handle(KeySwitchRequest request, CatchUp catchUp) throws InterruptedException {
        long start = System.nanoTime();
        Object answer;
        try {
            answer = decide(request, catchUp);
        } catch (InterruptedException | Error e) {
            metrics.handled(request.purpose(), Outcome.FAILED, System.nanoTime() - start);
            throw e;
        } catch (RuntimeException e) {
            // a request that trips the code up is refused, not retried for ever; only the exception type is logged
            LOG.error("Consultation {} request {}: could not be processed ({})", loggable(request.consultationId()),
                    loggable(request.requestId()), e.getClass().getName());
            answer = new Refused(Reason.MALFORMED, "request could not be processed");
        }
        if (answer instanceof Refused r) {
            return refusal(request.consultationId(), request.requestId(), request.purpose(), r, start);
        }
        ConsultTrusteeMessage.Shares shares = (ConsultTrusteeMessage.Shares) answer;
        metrics.handled(request.purpose(), Outcome.ACCEPTED, System.nanoTime() - start);
        LOG.info("Consultation {} request {}: {} key switch, {} share(s) given", request.consultationId(),
                request.requestId(), ConsultTrusteeMetrics.tag(request.purpose()), shares.shares().size());
        return shares;
    }

    /** The refusal of a request that could not be read (purpose null) or sits under another consultation's key. */
    public ConsultTrusteeMessage malformed(String consultationId, String requestId, Purpose purpose, String detail) {
        return refusal(consultationId, requestId, purpose, new Refused(Reason.MALFORMED, detail), System.nanoTime());
    }

    private ConsultTrusteeMessage refusal(String consultationId, String requestId, Purpose purpose, Refused r,
                                          long start) {
        metrics.refused(r.reason());
        metrics.handled(purpose, Outcome.REFUSED, System.nanoTime() - start);
        LOG.warn("Consultation {} request {}: {} key switch refused, {} ({})", loggable(consultationId),
                loggable(requestId), purpose == null ? "unreadable" : ConsultTrusteeMetrics.tag(purpose), r.reason(),
                r.detail());
        return new ConsultTrusteeMessage.Refusal(requestId, consultationId, share.index(), r.reason(), r.detail());
    }

    private Object decide(KeySwitchRequest request, CatchUp catchUp) throws InterruptedException {
        Refused malformed = form(request);
        if (malformed != null) {
            return malformed;
        }
        String id = request.consultationId();
        long deadline = System.nanoTime() + settings.caseWait().toNanos();
        if (!view.purged(id)) {
            catchUp.await(deadline);
        }
        Entry entry = view.awaitCase(id, deadline);
        if (view.purged(id)) {
            return new Refused(Reason.PURGED, "the consultation was purged");
        }
        if (entry == null) {
            return new Refused(Reason.UNKNOWN_CONSULTATION, "the consultation was not seen within "
                    + settings.caseWait().toMillis() + " ms");
        }
        ConsultationCase c = entry.consultation();
        if (request.purpose() == Purpose.PATIENT
                && request.items().stream().anyMatch(i -> i.name().equals(ConsultContexts.HISTORY_KEY_ITEM))) {
            return new Refused(Reason.NOT_ALLOWED, "the history key goes only to the current lease holder");
        }
        Refused target = target(request, c);
        if (target != null) {
            return target;
        }
        Recomputation own = recomputation(entry);
        if (own == null) {
            return new Refused(Reason.UNKNOWN_CONSULTATION, "a chosen model is not known to this trustee");
        }
        if (!own.valid()) {
            ConsultationVerifier.Problem first = own.problems().get(0);
            return new Refused(Reason.INVALID_SUBMISSION, own.problems().size() + " problem(s), first "
                    + first.field() + ": " + first.reason());
        }
        List<Ciphertext> ciphertexts = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            KeySwitchRequest.Item item = request.items().get(i);
            Ciphertext mine = ownCiphertext(item.name(), c.submission(), own);
            if (mine == null) {
                return new Refused(Reason.NOT_RECOMPUTABLE, "item " + i + " is neither a chosen model's score nor the"
                        + " history key");
            }
            if (!mine.equals(item.ciphertext())) {
                return new Refused(Reason.NOT_RECOMPUTABLE, "item " + i + " (" + item.name()
                        + ") differs from this trustee's own computation");
            }
            ciphertexts.add(mine);
        }
        List<KeySwitchShare> shares = new ArrayList<>();
        for (int i = 0; i < ciphertexts.size(); i++) {
            shares.add(KeySwitch.createShare(share, ciphertexts.get(i), request.target(),
                    ConsultContexts.keySwitch(id, request.requestId(), request.items().get(i).name())));
        }
        return new ConsultTrusteeMessage.Shares(request.requestId(), id, share.index(), shares);
    }

    private Refused form(KeySwitchRequest r) {
        if (!REQUEST_ID.matcher(r.requestId()).matches()) {
            return new Refused(Reason.MALFORMED, "request id must be 1-200 characters [A-Za-z0-9._:-]");
        }
        if (!ConsultationSubmission.ID.matcher(r.consultationId()).matches()) {
            return new Refused(Reason.MALFORMED, "consultation id must be a lower-case UUID");
        }
        if (r.purpose() == Purpose.EXPERT && !REQUEST_ID.matcher(r.leaseId()).matches()) {
            return new Refused(Reason.MALFORMED, "lease id must be 1-200 characters [A-Za-z0-9._:-]");
        }
        if (r.items().isEmpty() || r.items().size() > ConsultationSubmission.MAX_MODELS + 1) {
            return new Refused(Reason.MALFORMED, "1.." + (ConsultationSubmission.MAX_MODELS + 1) + " items");
        }
        Set<String> names = new HashSet<>();
        for (KeySwitchRequest.Item item : r.items()) {
            if (!names.add(item.name())) {
                return new Refused(Reason.MALFORMED, "item named twice");
            }
        }
        if (r.target().group() != share.group() || r.target().point().isInfinity()) {
            return new Refused(Reason.MALFORMED, "target is not a key on the registry's curve");
        }
        return null;
    }

    /** PATIENT: the submission's patient key; EXPERT: the key of the case's current lease, unexpired by this clock. */
    private Refused target(KeySwitchRequest r, ConsultationCase c) {
        if (r.purpose() == Purpose.PATIENT) {
            return r.target().equals(c.submission().patientKey()) ? null
                    : new Refused(Reason.WRONG_TARGET, "target is not the patient's key");
        }
        ConsultationCase.Lease lease = c.lease();
        if (lease == null) {
            return new Refused(Reason.WRONG_TARGET, "the consultation has no lease");
        }
        if (!lease.leaseId().equals(r.leaseId())) {
            return new Refused(Reason.WRONG_TARGET, "not the current lease");
        }
        if (!lease.activeAt(clock.instant())) {
            return new Refused(Reason.WRONG_TARGET, "the lease expired");
        }
        if (!lease.expertKey().equals(r.target())) {
            return new Refused(Reason.WRONG_TARGET, "target is not the lease's key");
        }
        return null;
    }

    private static Ciphertext ownCiphertext(String item, ConsultationSubmission s, Recomputation own) {
        if (item.equals(ConsultContexts.HISTORY_KEY_ITEM)) {
            return s.history().encryptedKeyPoint();
        }
        if (!item.startsWith(SCORE_PREFIX)) {
            return null;
        }
        try {
            return own.scores().get(ModelRef.parse(item.substring(SCORE_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The trustee's own verification and scores of the entry's submission, computed once per submission;
     * null if a chosen model is not (yet) known here (not remembered: the model may arrive later).
     */
    private Recomputation recomputation(Entry entry) throws InterruptedException {
        Recomputation cached = entry.recomputation().get();
        if (cached != null) {
            return cached;
        }
        ConsultationSubmission s = entry.consultation().submission();
        long deadline = System.nanoTime() + settings.modelWait().toNanos();
        Map<ModelRef, ScoringModel> chosen = new HashMap<>();
        for (ModelRef ref : s.modelRefs()) {
            ScoringModel m = models.await(ref, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (m == null) {
                return null;
            }
            chosen.put(ref, m);
        }
        List<ConsultationVerifier.Problem> problems = new ConsultationVerifier(share.publicKey(), chosen::get).verify(s);
        Map<ModelRef, Ciphertext> scores = new HashMap<>();
        if (problems.isEmpty()) {
            ScoreEvaluator.scores(share.group(), s, chosen).forEach(ms -> scores.put(ms.model(), ms.score()));
        }
        Recomputation own = new Recomputation(problems, scores);
        entry.recomputation().set(own);
        return own;
    }

    private static String loggable(String id) {
        return id != null && REQUEST_ID.matcher(id).matches() ? id : "?";
    }
}
