package org.rdregistry.consult.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rdregistry.consult.config.ConsultProperties;
import org.rdregistry.consult.engine.CommandResult.Outcome;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.registry.consult.ConsultTrusteeMessage;
import org.rdregistry.registry.consult.ConsultationCase.Lease;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ModelRef;
import org.rdregistry.registry.consult.ModelScore;
import org.rdregistry.registry.consult.PurgeMarker;
import org.rdregistry.registry.consult.ScoreSet;
import org.rdregistry.registry.consult.ScoringModel;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of every consultation of one partition: commands, score sets and trustee messages of a
 * consultation arrive on co-partitioned topics keyed by its id, so this one processor (one Streams task per
 * partition) applies all of them in order, and its store, its outputs and its input offsets commit in one
 * transaction (exactly_once_v2). Two wall-clock punctuators expire leases and retention, and sweep the changelog.
 */
final class ConsultationProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsultationProcessor.class);

    private final ConsultProperties properties;
    private final String commandsTopic;
    private final String scoresTopic;
    private final String trusteeMessagesTopic;
    private final KeySwitching keySwitching;
    private final ConsultMetrics metrics;
    private final Clock clock;

    private KeyValueStore<String, CaseState> cases;
    private KeyValueStore<String, PurgeMarker> purged;
    private KeyValueStore<String, ScoringModel> models;
    private Outputs out;
    private ProcessorContext<String, byte[]> context;

    ConsultationProcessor(ConsultProperties properties, String commandsTopic, String scoresTopic,
                          String trusteeMessagesTopic, KeySwitching keySwitching, ConsultMetrics metrics, Clock clock) {
        this.properties = properties;
        this.commandsTopic = commandsTopic;
        this.scoresTopic = scoresTopic;
        this.trusteeMessagesTopic = trusteeMessagesTopic;
        this.keySwitching = keySwitching;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        cases = context.getStateStore(ConsultationTopology.CASES_STORE);
        purged = context.getStateStore(ConsultationTopology.PURGED_STORE);
        models = context.getStateStore(ConsultationTopology.MODELS_STORE);
        out = new Outputs(context, clock);
        context.schedule(properties.tickInterval(), PunctuationType.WALL_CLOCK_TIME, t -> tick());
        // a tombstone on this task's changelog partition, so that its active segment rolls even when idle and
        // compaction can reach purged states (the sweeper does the same for the other topics)
        context.schedule(properties.sweepInterval(), PunctuationType.WALL_CLOCK_TIME,
                t -> cases.delete(Topics.CONSULT_SWEEP_KEY));
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null || Topics.CONSULT_SWEEP_KEY.equals(key) || record.value() == null) {
            return;   // sweeper and purge tombstones
        }
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        Instant now = clock.instant();
        if (topic.equals(commandsTopic)) {
            onCommand(key, record.value(), now);
        } else if (topic.equals(scoresTopic)) {
            onScores(key, record.value(), now);
        } else if (topic.equals(trusteeMessagesTopic)) {
            onTrusteeMessage(key, record.value(), now);
        }
    }

    // ---- commands

    private void onCommand(String key, byte[] value, Instant now) {
        Command command;
        try {
            command = RegistryJson.mapper().readValue(value, Command.class);
        } catch (RuntimeException e) {
            metrics.dropped("commands", "unreadable");
            return;
        }
        CommandResult result;
        if (!command.key().equals(key)) {
            result = CommandResult.of(command, Outcome.CONFLICT, "command on the wrong key", 0);
        } else {
            result = apply(command, now);
        }
        metrics.command(command.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), result.outcome().name());
        out.result(result);
    }

    private CommandResult apply(Command command, Instant now) {
        if (command instanceof Command.Create c) {
            return create(c, now);
        } else if (command instanceof Command.Claim c) {
            return claim(c, now);
        } else if (command instanceof Command.Answer c) {
            return answer(c, now);
        } else if (command instanceof Command.Acknowledge c) {
            return finish(c, c.consultationId(), c.credentialSha256(), PurgeMarker.Reason.ACKNOWLEDGED, now);
        } else if (command instanceof Command.Withdraw c) {
            return finish(c, c.consultationId(), c.credentialSha256(), PurgeMarker.Reason.WITHDRAWN, now);
        }
        return publishModel((Command.PublishModel) command);
    }

    private CommandResult create(Command.Create c, Instant now) {
        String id = c.submission().consultationId();
        if (purged.get(id) != null) {
            return CommandResult.of(c, Outcome.CONFLICT, "consultation " + id + " was purged; an id is never reused", 0);
        }
        if (cases.get(id) != null) {
            return CommandResult.of(c, Outcome.CONFLICT, "consultation id " + id + " is taken", 0);
        }
        CaseState s = CaseState.submitted(c.submission(), c.credentialSha256(), now, now.plus(properties.retention()));
        cases.put(id, s);
        out.state(s);
        out.publicCase(s);
        return CommandResult.of(c, Outcome.CREATED, null, s.revision());
    }

    private CommandResult claim(Command.Claim c, Instant now) {
        CaseState s = cases.get(c.consultationId());
        if (s == null) {
            return CommandResult.of(c, Outcome.NOT_FOUND, "no consultation " + c.consultationId(), 0);
        }
        if (!c.specialties().contains(s.submission().specialty())) {
            // the case's specialty is not named: an expert of another specialty learns nothing about the case
            return CommandResult.of(c, Outcome.FORBIDDEN, "the case is not in a queue of the token's specialties", 0);
        }
        if (!s.claimable(now)) {
            String why = switch (s.status()) {
                case SUBMITTED -> "the case is not in the queue yet (scores are being prepared)";
                case ANSWERED -> "the case has been answered";
                default -> "the case is claimed by another expert";
            };
            return CommandResult.of(c, Outcome.CONFLICT, why, 0);
        }
        if (s.status() == Status.CLAIMED) {
            metrics.leaseExpired();   // noticed lazily, before the tick
        }
        Lease lease = new Lease(UUID.randomUUID().toString(), c.expert(), c.expertKey(),
                now.plus(properties.leaseDuration()));
        KeySwitchRequest request = keySwitching.expertRequest(s.submission(), s.jointScores(), lease);
        CaseState next = publish(s, s.claimed(lease).addPending(PendingSwitch.of(request, now)), true);
        out.request(request);
        return new CommandResult(c.commandId(), Outcome.OK, null, lease.leaseId(), lease.until(), next.revision());
    }

    private CommandResult answer(Command.Answer c, Instant now) {
        CaseState s = cases.get(c.consultationId());
        if (s == null) {
            return CommandResult.of(c, Outcome.NOT_FOUND, "no consultation " + c.consultationId(), 0);
        }
        Lease lease = s.lease();
        if (lease == null || !lease.expert().equals(c.expert()) || !lease.leaseId().equals(c.leaseId())) {
            return CommandResult.of(c, Outcome.FORBIDDEN, "only the holder of the current lease may answer", 0);
        }
        if (s.status() == Status.ANSWERED) {
            return CommandResult.of(c, Outcome.CONFLICT, "the case has been answered", 0);
        }
        if (!lease.activeAt(now)) {
            return CommandResult.of(c, Outcome.FORBIDDEN, "the lease expired; the case went back to the queue", 0);
        }
        CaseState next = publish(s, s.answered(c.opinion()), true);
        return CommandResult.of(c, Outcome.OK, null, next.revision());
    }

    private CommandResult finish(Command c, String id, String credentialSha256, PurgeMarker.Reason reason,
                                 Instant now) {
        CaseState s = cases.get(id);
        if (s == null || credentialSha256 == null || !MessageDigest.isEqual(
                s.credentialSha256().getBytes(StandardCharsets.US_ASCII),
                credentialSha256.getBytes(StandardCharsets.US_ASCII))) {
            return CommandResult.of(c, Outcome.NOT_FOUND, "no consultation " + id, 0);
        }
        if (reason == PurgeMarker.Reason.ACKNOWLEDGED && s.status() != Status.ANSWERED) {
            return CommandResult.of(c, Outcome.CONFLICT, "there is no opinion to acknowledge yet (DELETE withdraws)", 0);
        }
        purge(s, reason, now);
        return CommandResult.of(c, Outcome.OK, null, s.revision() + 1);
    }

    private CommandResult publishModel(Command.PublishModel c) {
        ModelRef ref = c.model().ref();
        ScoringModel existing = models.get(ref.toString());
        if (existing == null) {
            models.put(ref.toString(), c.model());
            out.model(c.model());
            return CommandResult.of(c, Outcome.CREATED, null, 0);
        }
        if (existing.equals(c.model())) {
            return CommandResult.of(c, Outcome.OK, null, 0);
        }
        return CommandResult.of(c, Outcome.CONFLICT, "model " + ref + " is published with other content; publish a "
                + "new version", 0);
    }

    // ---- the scorer and the trustees

    private void onScores(String key, byte[] value, Instant now) {
        if (purged.get(key) != null) {
            out.tombstone(Outputs.SCORES, key);   // a late score set: its bytes go too
            metrics.dropped("scores", "purged");
            return;
        }
        CaseState s = cases.get(key);
        ScoreSet set;
        try {
            set = RegistryJson.mapper().readValue(value, ScoreSet.class);
        } catch (RuntimeException e) {
            metrics.dropped("scores", "unreadable");
            return;
        }
        if (s == null || !set.consultationId().equals(key)) {
            metrics.dropped("scores", "unknown-consultation");
            return;
        }
        if (s.jointScores() != null) {
            metrics.dropped("scores", "duplicate");
            return;
        }
        if (!set.scores().stream().map(ModelScore::model).toList().equals(s.submission().modelRefs())) {
            metrics.dropped("scores", "wrong-models");
            return;
        }
        KeySwitchRequest request = keySwitching.patientRequest(s.submission(), set.scores());
        cases.put(key, s.withJointScores(set.scores()).addPending(PendingSwitch.of(request, now)));
        out.request(request);
    }

    private void onTrusteeMessage(String key, byte[] value, Instant now) {
        if (purged.get(key) != null) {
            out.tombstone(Outputs.TRUSTEE_MESSAGES, key);   // a late answer: its bytes go too
            metrics.dropped("trustee-messages", "purged");
            return;
        }
        ConsultTrusteeMessage message;
        try {
            message = RegistryJson.mapper().readValue(value, ConsultTrusteeMessage.class);
        } catch (RuntimeException e) {
            metrics.dropped("trustee-messages", "unreadable");
            return;
        }
        CaseState s = cases.get(key);
        PendingSwitch pending = s == null || !key.equals(message.consultationId()) ? null
                : s.pending(message.requestId());
        if (pending == null) {
            KeySwitchRequest done = s == null || !key.equals(message.consultationId()) ? null
                    : s.completed(message.requestId());
            if (done != null) {
                late(done, message);
            } else {
                metrics.dropped("trustee-messages", "no-pending-request");
            }
            return;
        }
        if (message instanceof ConsultTrusteeMessage.Refusal refusal) {
            // counted, never waited on: the other trustees can still make up t
            LOG.info("trustee {} refused key switch of a {} request: {}", refusal.trustee(),
                    pending.request().purpose(), refusal.reason());
            metrics.refusal(refusal);
            return;
        }
        KeySwitching.Applied applied = keySwitching.apply(pending, (ConsultTrusteeMessage.Shares) message);
        if (applied.invalid() > 0) {
            LOG.warn("trustee {} sent {} invalid key-switch shares", message.trustee(), applied.invalid());
            metrics.invalidShares(message.trustee(), applied.invalid());
        }
        PendingSwitch updated = applied.pending();
        if (!updated.complete(keySwitching.threshold())) {
            cases.put(key, s.replacePending(pending, updated));
            return;
        }
        List<Ciphertext> switched = keySwitching.combine(updated);
        KeySwitchRequest request = updated.request();
        metrics.combined(request.purpose());
        CaseState rest = s.complete(pending);
        if (request.purpose() == KeySwitchRequest.Purpose.PATIENT) {
            List<ModelScore> scores = new ArrayList<>();
            for (int i = 0; i < s.jointScores().size(); i++) {
                scores.add(new ModelScore(s.jointScores().get(i).model(), switched.get(i)));
            }
            publish(s, rest.opened(scores), s.status() == Status.SUBMITTED);
        } else if (s.lease() != null && s.lease().leaseId().equals(request.leaseId())) {
            List<ModelScore> scores = new ArrayList<>();
            for (int i = 0; i < s.jointScores().size(); i++) {
                scores.add(new ModelScore(s.jointScores().get(i).model(), switched.get(i)));
            }
            publish(s, rest.withExpert(new ExpertMaterial(request.leaseId(), switched.get(switched.size() - 1),
                    scores)), false);
        } else {
            cases.put(key, rest);   // switched for a lease that is gone: dropped
        }
    }

    /** An answer to a request already combined: nothing changes, but a refusal or a bad share is still counted. */
    private void late(KeySwitchRequest done, ConsultTrusteeMessage message) {
        if (message instanceof ConsultTrusteeMessage.Refusal refusal) {
            metrics.refusal(refusal);
            return;
        }
        int invalid = keySwitching.apply(PendingSwitch.of(done, clock.instant()),
                (ConsultTrusteeMessage.Shares) message).invalid();
        if (invalid > 0) {
            LOG.warn("trustee {} sent {} invalid key-switch shares (after the request was combined)",
                    message.trustee(), invalid);
            metrics.invalidShares(message.trustee(), invalid);
        }
    }

    // ---- time

    /** True once per key-switch-retry period after the first: whether this tick starts a new period. */
    private boolean rescoreDue(Instant submittedAt, Instant now) {
        long period = properties.keySwitchRetry().toMillis();
        long elapsed = java.time.Duration.between(submittedAt, now).toMillis();
        long before = elapsed - properties.tickInterval().toMillis();
        return elapsed >= period && elapsed / period != Math.max(0, before) / period;
    }

    /** Retention and lease expiry, and key-switch requests still short of shares, on the wall clock. */
    private void tick() {
        Instant now = clock.instant();
        List<CaseState> all = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try (KeyValueIterator<String, CaseState> it = cases.all()) {
            while (it.hasNext()) {
                KeyValue<String, CaseState> kv = it.next();
                if (kv.value != null && !Topics.CONSULT_SWEEP_KEY.equals(kv.key)) {
                    all.add(kv.value);
                } else if (kv.value == null && !Topics.CONSULT_SWEEP_KEY.equals(kv.key)) {
                    unreadable.add(kv.key);
                }
            }
        }
        for (String id : unreadable) { // written by an incompatible older version: it cannot be served any more
            LOG.warn("consultation {}: stored state unreadable (older format), purged", id);
            purge(id, PurgeMarker.Reason.DISCARDED, now);
        }
        for (CaseState s : all) {
            if (!now.isBefore(s.expiresAt())) {
                purge(s, PurgeMarker.Reason.EXPIRED, now);
                continue;
            }
            if (s.status() == Status.SUBMITTED && s.jointScores() == null && rescoreDue(s.submittedAt(), now)) {
                // the scorer may have rejected it for a passing reason (a model it had not read yet): the public
                // case again asks it once per consult.key-switch-retry; scoring the same case twice is harmless
                out.publicCase(s);
                metrics.rescoreRequested();
            }
            if (s.status() == Status.CLAIMED && !s.leaseActive(now)) {
                metrics.leaseExpired();
                // the case goes back to the queue, and the trustees see the lease is gone
                s = publish(s, s.released(), true);
            }
            List<PendingSwitch> republished = new ArrayList<>();
            boolean changed = false;
            for (PendingSwitch p : s.pending()) {
                if (!now.isBefore(p.publishedAt().plus(properties.keySwitchRetry()))) {
                    out.request(p.request());   // same request id: shares already received stay valid
                    republished.add(p.republished(now));
                    changed = true;
                } else {
                    republished.add(p);
                }
            }
            if (changed) {
                cases.put(s.id(), s.withPending(republished));
            }
        }
    }

    /**
     * Purge: the store entry goes (a tombstone on the changelog), every topic that can hold the consultation's bytes
     * gets a tombstone, and the purge marker keeps the id refused for ever.
     */
    private void purge(CaseState s, PurgeMarker.Reason reason, Instant now) {
        purge(s.id(), reason, now);
    }

    /** Tombstones everywhere, the purge marker, the store entry: also for a case whose state is unreadable. */
    private void purge(String id, PurgeMarker.Reason reason, Instant now) {
        cases.delete(id);
        PurgeMarker marker = new PurgeMarker(id, now, reason);
        purged.put(id, marker);
        for (String sink : Outputs.PURGE_TOMBSTONES) {
            out.tombstone(sink, id);
        }
        out.purged(marker);
        metrics.purged(reason);
    }

    /** Stores the next revision and publishes it to the view (and the public case if it changed). */
    private CaseState publish(CaseState before, CaseState after, boolean publicChange) {
        CaseState next = new CaseState(after.submission(), after.credentialSha256(), after.submittedAt(),
                after.expiresAt(), after.status(), after.lease(), after.jointScores(), after.patientScores(),
                after.expert(), after.opinion(), after.pending(), after.completed(), before.revision() + 1);
        cases.put(next.id(), next);
        out.state(next);
        if (publicChange) {
            out.publicCase(next);
        }
        return next;
    }
}
