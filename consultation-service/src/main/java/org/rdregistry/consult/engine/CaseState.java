package org.rdregistry.consult.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rdregistry.crypto.hybrid.SealedBox;
import org.rdregistry.registry.consult.ConsultationCase;
import org.rdregistry.registry.consult.ConsultationCase.Lease;
import org.rdregistry.registry.consult.ConsultationCase.Status;
import org.rdregistry.registry.consult.ConsultationSubmission;
import org.rdregistry.registry.consult.KeySwitchRequest;
import org.rdregistry.registry.consult.ModelScore;

/**
 * One consultation's private state in the state machine's in-memory store (key = consultation id). Everything is
 * ciphertext, public keys, times and statuses, plus the SHA-256 of the access credential.
 *
 * @param jointScores   the scorer's scores under the joint key (null until the score set arrived)
 * @param patientScores the scores switched to the patient's key (null until switched)
 * @param expert        the material switched to the current lease holder (null until switched, or no lease)
 * @param opinion       the lease holder's opinion sealed to the patient's key (null until answered)
 * @param pending       key-switch requests waiting for shares
 * @param completed     the last few combined requests, so that late shares are still verified and a bad trustee
 *                      is counted even when it is slower than the others
 * @param revision      incremented by every change; the view and the command results carry it
 */
public record CaseState(ConsultationSubmission submission, String credentialSha256, Instant submittedAt,
                        Instant expiresAt, Status status, Lease lease, List<ModelScore> jointScores,
                        List<ModelScore> patientScores, ExpertMaterial expert, SealedBox opinion,
                        List<PendingSwitch> pending, List<KeySwitchRequest> completed, long revision) {

    /** How many combined requests are remembered for late shares. */
    static final int REMEMBERED = 4;

    public CaseState {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(credentialSha256, "credentialSha256");
        Objects.requireNonNull(status, "status");
        jointScores = jointScores == null ? null : List.copyOf(jointScores);
        patientScores = patientScores == null ? null : List.copyOf(patientScores);
        pending = pending == null ? List.of() : List.copyOf(pending);
        completed = completed == null ? List.of() : List.copyOf(completed);
    }

    static CaseState submitted(ConsultationSubmission submission, String credentialSha256, Instant now,
                               Instant expiresAt) {
        return new CaseState(submission, credentialSha256, now, expiresAt, Status.SUBMITTED, null, null, null, null,
                null, List.of(), List.of(), 1);
    }

    String id() {
        return submission.consultationId();
    }

    /** The public state, as the scorer and the trustees read it. */
    ConsultationCase publicCase() {
        return new ConsultationCase(submission, submittedAt, expiresAt, status, lease);
    }

    /** The lease, if there is one and it has not expired. */
    boolean leaseActive(Instant now) {
        return lease != null && lease.activeAt(now);
    }

    /** CLAIMED with an expired lease: back in the queue (lazily, until the tick clears the lease). */
    boolean claimable(Instant now) {
        return status == Status.OPEN || (status == Status.CLAIMED && !leaseActive(now));
    }

    PendingSwitch pending(String requestId) {
        return pending.stream().filter(p -> p.requestId().equals(requestId)).findFirst().orElse(null);
    }

    CaseState withPending(List<PendingSwitch> newPending) {
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, status, lease, jointScores,
                patientScores, expert, opinion, newPending, completed, revision);
    }

    CaseState replacePending(PendingSwitch replaced, PendingSwitch with) {
        List<PendingSwitch> list = new ArrayList<>();
        for (PendingSwitch p : pending) {
            if (!p.requestId().equals(replaced.requestId())) {
                list.add(p);
            } else if (with != null) {
                list.add(with);
            }
        }
        return withPending(list);
    }

    /** The request leaves the pending list and is remembered as completed. */
    CaseState complete(PendingSwitch done) {
        List<KeySwitchRequest> list = new ArrayList<>(completed);
        list.add(done.request());
        while (list.size() > REMEMBERED) {
            list.remove(0);
        }
        CaseState rest = replacePending(done, null);
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, status, lease, jointScores,
                patientScores, expert, opinion, rest.pending(), list, revision);
    }

    KeySwitchRequest completed(String requestId) {
        return completed.stream().filter(r -> r.requestId().equals(requestId)).findFirst().orElse(null);
    }

    CaseState addPending(PendingSwitch p) {
        List<PendingSwitch> list = new ArrayList<>(pending);
        list.add(p);
        return withPending(list);
    }

    CaseState withJointScores(List<ModelScore> scores) {
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, status, lease, scores,
                patientScores, expert, opinion, pending, completed, revision);
    }

    CaseState opened(List<ModelScore> switched) {
        Status next = status == Status.SUBMITTED ? Status.OPEN : status;
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, next, lease, jointScores,
                switched, expert, opinion, pending, completed, revision);
    }

    /** A new lease: any earlier expert material and expert requests go. */
    CaseState claimed(Lease newLease) {
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, Status.CLAIMED, newLease,
                jointScores, patientScores, null, opinion, withoutExpertRequests(), completed, revision);
    }

    /** The lease expired unanswered: back to the queue. */
    CaseState released() {
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, Status.OPEN, null, jointScores,
                patientScores, null, opinion, withoutExpertRequests(), completed, revision);
    }

    CaseState withExpert(ExpertMaterial material) {
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, status, lease, jointScores,
                patientScores, material, opinion, pending, completed, revision);
    }

    CaseState answered(SealedBox box) {
        return new CaseState(submission, credentialSha256, submittedAt, expiresAt, Status.ANSWERED, lease,
                jointScores, patientScores, expert, box, withoutExpertRequests(), completed, revision);
    }

    private List<PendingSwitch> withoutExpertRequests() {
        return pending.stream()
                .filter(p -> p.request().purpose() != KeySwitchRequest.Purpose.EXPERT)
                .toList();
    }

    /** The record every instance's view is built from. */
    ConsultationRecord record() {
        return new ConsultationRecord(id(), revision, status, submission.specialty(), submission.modelRefs(),
                submittedAt, expiresAt, credentialSha256, submission.patientKey(), submission.history(), lease,
                patientScores, expert, opinion);
    }
}
