package org.rdregistry.trustee.ceremony;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.rdregistry.crypto.elgamal.KeyPair;
import org.rdregistry.crypto.keyceremony.CeremonyParameters;
import org.rdregistry.crypto.keyceremony.Complaint;
import org.rdregistry.crypto.keyceremony.ComplaintVerdict;
import org.rdregistry.crypto.keyceremony.DealerCommitments;
import org.rdregistry.crypto.keyceremony.DealerFault;
import org.rdregistry.crypto.keyceremony.EncryptedShare;
import org.rdregistry.crypto.keyceremony.KeyCeremonyException;
import org.rdregistry.crypto.keyceremony.KeyCeremonyParticipant;
import org.rdregistry.crypto.keyceremony.KeyCeremonyResult;
import org.rdregistry.crypto.keyceremony.KeyCeremonyVerifier;
import org.rdregistry.crypto.keyceremony.PublicTranscript;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.crypto.proof.VerificationResult;
import org.rdregistry.crypto.wire.Wire;
import org.rdregistry.trustee.Fingerprints;

/**
 * Drives one trustee's {@link KeyCeremonyParticipant} through the ceremony over a {@link CeremonyBoard}
 * (spec §4.2-4.5), signing everything it posts with the trustee's identity key and accepting only
 * messages signed by the identities of the {@link CeremonyConfig}. Each round ends when every expected
 * message is there or when the round timeout passes; a round's messages are those read by then.
 *
 * <ol>
 *   <li><b>Commitments.</b> Post, wait for all n. P = trustees with exactly one commitment message.
 *       A trustee that posted nothing takes no part (and will hold no share); one that posted two
 *       different messages is no participant (K.2). Fewer than t in P: the ceremony fails.</li>
 *   <li><b>Shares.</b> Post a sealed share for every other member of P; wait for all boxes among P. A
 *       dealer with a missing box is excluded by K.4.</li>
 *   <li><b>Complaints.</b> Open and check the boxes addressed to this trustee (K.5); post the list of
 *       complaints (possibly empty); wait for every member of P's list.</li>
 *   <li><b>Confirmation.</b> Assemble the transcript (canonical order), evaluate it, compute the share
 *       (K.12), verify the result with {@link KeyCeremonyVerifier} and the published document parsed back
 *       from its bytes, then post the SHA-256 digest of its content and wait for every member of
 *       P's. All equal: success. A different digest, a missing one, or an abort: the ceremony fails for
 *       this trustee, which writes nothing.</li>
 * </ol>
 *
 * The last round turns the synchrony assumption of the protocol into a checked fact: if a message
 * arrived at some trustee just before a round's deadline and at another just after, their transcripts
 * differ, and every trustee then fails clearly instead of keeping a key the others do not share. A
 * trustee that fails after posting its commitments posts an abort (an empty confirmation), so the
 * others stop at once.
 *
 * <p>Not restartable (spec §4.10): if the board already holds messages from this trustee for this
 * ceremony id, {@link #run()} refuses to start; the trustees agree on a new ceremony id.
 */
public final class CeremonyRunner {

    /** Per-round timeout and board polling interval. */
    public record Options(Duration roundTimeout, Duration pollInterval) {
        public Options {
            Objects.requireNonNull(roundTimeout, "roundTimeout");
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (roundTimeout.isNegative() || roundTimeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("round timeout and poll interval must be positive");
            }
        }

        /** 120 s per round, polling every 250 ms. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(120), Duration.ofMillis(250));
        }

        public Options withRoundTimeout(Duration timeout) {
            return new Options(timeout, pollInterval);
        }
    }

    /** Receives progress and warning lines (never secrets, never message contents). */
    public interface Listener {
        void progress(String line);

        void warning(String line);

        Listener SILENT = new Listener() {
            @Override
            public void progress(String line) {
            }

            @Override
            public void warning(String line) {
            }
        };
    }

    private final CeremonyConfig config;
    private final int index;
    private final KeyPair identity;
    private final CeremonyBoard board;
    private final Options options;
    private final Listener listener;
    private final CeremonyParameters params;
    private final BoardView view;
    private boolean aborted;

    public CeremonyRunner(CeremonyConfig config, int index, KeyPair identity, CeremonyBoard board, Options options,
                          Listener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.index = index;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.board = Objects.requireNonNull(board, "board");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.params = config.parameters();
        if (!identity.publicKey().equals(config.identity(index))) {
            throw new IllegalArgumentException("this identity key is not the one the ceremony configuration lists "
                    + "for trustee " + index + " (identity fingerprint " + Fingerprints.of(identity.publicKey()) + ")");
        }
        this.view = new BoardView(config, board, listener);
    }

    /**
     * Runs the ceremony to the end.
     *
     * @throws CeremonyFailedException if no key results for this trustee (the message says why)
     * @throws IOException if the board cannot be read or written
     */
    public CeremonyOutcome run() throws IOException, InterruptedException {
        view.refresh();
        if (view.hasPosted(index)) {
            throw new CeremonyFailedException("the board already holds messages from trustee " + index + " for "
                    + "ceremony " + config.ceremonyId() + ": a ceremony cannot be resumed or repeated; agree on a "
                    + "new ceremony id");
        }
        if (view.hasLaterRounds()) {
            throw new CeremonyFailedException("ceremony " + config.ceremonyId() + " has already gone past round 1 "
                    + "without trustee " + index + ": it is too late to join; agree on a new ceremony id with everyone");
        }
        KeyCeremonyParticipant participant = new KeyCeremonyParticipant(params, index);
        try {
            post(Round.COMMITMENTS, 0, Wire.toBytes(participant.commitments()));
            List<Integer> p = roundOne(participant);
            roundTwo(participant, p);
            List<Complaint> complaints = roundThree(participant, p);
            return finish(participant, p, complaints);
        } catch (IOException | RuntimeException e) {
            abort();
            if (e instanceof KeyCeremonyException k) {
                throw new CeremonyFailedException(k.getMessage(), k);
            }
            throw e;
        } catch (InterruptedException e) {
            abort();
            throw e;
        }
    }

    private List<Integer> roundOne(KeyCeremonyParticipant participant) throws IOException, InterruptedException {
        Set<Integer> everyone = range(1, config.participants());
        listener.progress("round 1/4 (commitments): posted; waiting for trustees " + others(everyone));
        await(() -> view.commitmentSenders().containsAll(everyone), view::commitmentSenders);
        Set<DealerCommitments> own = view.commitments(index);
        if (!own.equals(Set.of(participant.commitments()))) {
            throw new CeremonyFailedException("this trustee's commitments are missing from the board or conflict "
                    + "with another message signed by its identity key (is the identity used twice?)");
        }
        List<Integer> p = new ArrayList<>();
        List<Integer> absent = new ArrayList<>();
        for (int k : everyone) {
            int messages = view.commitments(k).size();
            if (messages == 1) {
                p.add(k);
            } else if (messages > 1) {
                listener.warning("trustee " + k + " posted conflicting commitment messages: it is not a participant (check K.2)");
            } else {
                absent.add(k);
                listener.warning("trustee " + k + " posted no commitments within the round timeout: it takes no part "
                        + "and will hold no share");
            }
        }
        if (p.size() < params.threshold()) {
            throw new CeremonyFailedException("only " + p.size() + " trustee(s) " + p + " took part, fewer than the "
                    + "threshold t = " + params.threshold());
        }
        for (int k : p) {
            if (k != index) {
                VerificationResult r = participant.acceptCommitments(view.commitments(k).iterator().next());
                if (!r.valid()) {
                    listener.warning("trustee " + k + "'s commitments fail check " + r.check() + ": it will be "
                            + "excluded as a dealer");
                }
            }
        }
        listener.progress("round 1/4 complete: participants " + p + (absent.isEmpty() ? "" : ", absent " + absent));
        return p;
    }

    private void roundTwo(KeyCeremonyParticipant participant, List<Integer> p) throws IOException, InterruptedException {
        for (int j : p) {
            if (j != index) {
                post(Round.SHARE, j, Wire.toBytes(participant.shareFor(j)));
            }
        }
        listener.progress("round 2/4 (shares): posted " + (p.size() - 1) + " sealed share(s); waiting for the others'");
        Set<Integer> watch = Set.copyOf(p);
        await(() -> missingShares(p).isEmpty(), () -> watch);
        for (String missing : missingShares(p)) {
            listener.warning(missing + " within the round timeout (that dealer will be excluded, check K.4)");
        }
        listener.progress("round 2/4 complete");
    }

    private List<String> missingShares(List<Integer> p) {
        List<String> missing = new ArrayList<>();
        for (int i : p) {
            for (int j : p) {
                if (i != j && view.shares(i, j).isEmpty()) {
                    missing.add("trustee " + i + " posted no share for trustee " + j);
                }
            }
        }
        return missing;
    }

    private List<Complaint> roundThree(KeyCeremonyParticipant participant, List<Integer> p)
            throws IOException, InterruptedException {
        List<Complaint> mine = new ArrayList<>();
        for (int i : p) {
            if (i == index) {
                continue;
            }
            List<EncryptedShare> boxes = view.shares(i, index);
            if (boxes.size() == 1) {
                Optional<Complaint> c = participant.receive(boxes.get(0));
                if (c.isPresent()) {
                    mine.add(c.get());
                    listener.warning("the share from trustee " + i + " does not verify (check K.5): complaint posted");
                }
            }
        }
        post(Round.COMPLAINTS, 0, Payloads.encodeComplaints(mine));
        listener.progress("round 3/4 (complaints): posted " + mine.size() + " complaint(s); waiting for the others");
        Set<Integer> watch = Set.copyOf(p);
        await(() -> view.complaintPosters().containsAll(watch), () -> watch);
        List<Complaint> all = new ArrayList<>();
        for (int k : p) {
            if (!view.complaintPosters().contains(k)) {
                listener.warning("trustee " + k + " posted no complaints message within the round timeout");
            }
            all.addAll(view.complaintsBy(k));
        }
        listener.progress("round 3/4 complete: " + all.size() + " complaint(s) on the board");
        return all;
    }

    private CeremonyOutcome finish(KeyCeremonyParticipant participant, List<Integer> p, List<Complaint> complaints)
            throws IOException, InterruptedException {
        List<DealerCommitments> commitments = new ArrayList<>();
        for (int k : range(1, config.participants())) {
            commitments.addAll(view.commitments(k));
        }
        List<EncryptedShare> shares = new ArrayList<>();
        for (int i : p) {
            for (int j : p) {
                if (i != j) {
                    shares.addAll(view.shares(i, j));
                }
            }
        }
        PublicTranscript transcript = Payloads.canonical(params, commitments, shares, complaints);
        KeyCeremonyResult result = KeyCeremonyVerifier.evaluate(transcript);
        TrusteeKeyShare share = participant.finish(transcript);
        VerificationResult check = KeyCeremonyVerifier.verify(transcript, result);
        if (!check.valid() || !share.jointKey().equals(result.jointKey())) {
            throw new CeremonyFailedException("the ceremony's result does not verify (check " + check.check() + ")");
        }
        byte[] document = new PublishedCeremony(config, transcript, result, result.jointKey()).toJson();
        PublishedCeremony published = PublishedCeremony.parse(document);
        VerificationResult republished = published.verify();
        if (!republished.valid()) {
            throw new CeremonyFailedException("the ceremony result document does not verify: check "
                    + republished.check() + ": " + republished.reason());
        }
        report(result);

        byte[] content = published.contentDigest();
        String digest = HexFormat.of().formatHex(content);
        post(Round.CONFIRMATION, 0, content);
        listener.progress("round 4/4 (confirmation): result computed and verified; waiting for the others to "
                + "confirm the same result");
        Set<Integer> watch = Set.copyOf(p);
        await(() -> p.stream().allMatch(k -> !view.confirmations(k).isEmpty())
                || p.stream().anyMatch(k -> view.confirmations(k).stream().anyMatch(d -> !d.equals(digest))), () -> watch);
        for (int k : p) {
            if (view.confirmations(k).stream().anyMatch(d -> !d.equals(digest) && !d.equals(BoardView.ABORT))) {
                throw new CeremonyFailedException("trustee " + k + " computed a different ceremony result (the "
                        + "trustees saw different messages, e.g. one arrived at a round's deadline); nothing was "
                        + "written (run a new ceremony with a new id)");
            }
        }
        for (int k : p) {
            if (view.confirmations(k).contains(BoardView.ABORT)) {
                throw new CeremonyFailedException("trustee " + k + " aborted the ceremony (see its output); nothing "
                        + "was written");
            }
        }
        for (int k : p) {
            if (view.confirmations(k).isEmpty()) {
                throw new CeremonyFailedException("trustee " + k + " did not confirm the result within the round "
                        + "timeout; nothing was written (run a new ceremony with a new id)");
            }
        }
        List<Integer> absent = range(1, config.participants()).stream().filter(k -> !p.contains(k)).toList();
        listener.progress("round 4/4 complete: all " + p.size() + " participants confirmed the same result");
        return new CeremonyOutcome(index, share, published, document, absent);
    }

    private void report(KeyCeremonyResult result) {
        for (ComplaintVerdict v : result.verdicts()) {
            listener.progress("complaint by trustee " + v.complainerIndex() + " against trustee " + v.dealerIndex()
                    + ": " + (v.upheld() ? "upheld" : "rejected") + " (check " + v.check() + ")");
        }
        for (DealerFault f : result.faults()) {
            listener.warning("trustee " + f.dealerIndex() + " is excluded as a dealer: check " + f.check() + ": "
                    + f.reason());
        }
        listener.progress("qualified dealers " + result.qualified() + "; registry key fingerprint "
                + Fingerprints.of(result.jointKey().publicKey()));
    }

    /**
     * Polls the board until {@code done} holds or the round timeout passes. Fails at once if a trustee in
     * {@code watch} (those whose confirmation will be needed) posts an abort.
     */
    private void await(BooleanSupplier done, java.util.function.Supplier<Set<Integer>> watch)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + options.roundTimeout().toNanos();
        while (true) {
            view.refresh();
            if (done.getAsBoolean()) {
                return;
            }
            List<Integer> aborted = view.aborted(watch.get());
            if (!aborted.isEmpty()) {
                throw new CeremonyFailedException("trustee " + aborted.get(0) + " aborted the ceremony (see its "
                        + "output); nothing was written");
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            Thread.sleep(Math.max(1, Math.min(options.pollInterval().toMillis(), remaining / 1_000_000)));
        }
    }

    private void post(Round round, int recipient, byte[] payload) throws IOException {
        board.post(SignedMessage.sign(config, identity, round, index, recipient, payload));
    }

    /** Best effort: tells the others to stop waiting for this trustee. */
    private void abort() {
        if (aborted) {
            return;
        }
        aborted = true;
        try {
            post(Round.CONFIRMATION, 0, new byte[0]);
        } catch (IOException | RuntimeException e) {
            listener.warning("could not post the abort notice to the board: " + e.getMessage());
        }
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<Integer> others(Set<Integer> all) {
        Set<Integer> o = new TreeSet<>(all);
        o.remove(index);
        return o;
    }
}
