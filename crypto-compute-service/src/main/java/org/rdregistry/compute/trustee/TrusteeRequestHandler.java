package org.rdregistry.compute.trustee;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rdregistry.compute.trustee.OwnAggregates.Lookup;
import org.rdregistry.compute.trustee.ReleaseChecks.NoisePolicy;
import org.rdregistry.compute.trustee.ReleaseChecks.Refused;
import org.rdregistry.compute.trustee.TrusteeLedger.NoiseEntry;
import org.rdregistry.compute.trustee.TrusteeLedger.ReleasedEntry;
import org.rdregistry.compute.trustee.TrusteeMetrics.Kind;
import org.rdregistry.compute.trustee.TrusteeMetrics.Outcome;
import org.rdregistry.crypto.decrypt.PartialDecryption;
import org.rdregistry.crypto.decrypt.ThresholdDecryption;
import org.rdregistry.crypto.elgamal.Ciphertext;
import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.release.ReleaseContexts;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.registry.release.ReleaseRequest;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.release.TrusteeMessage.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trustee's answer to a release request (docs/design/releases.md): a noise contribution, the
 * decryption shares, or a refusal with a reason code. Everything a trustee must remember is written to
 * its {@link TrusteeLedger} before the answer is returned for publication. Logs name the release id,
 * the cohort and the reason, never a value. Not thread-safe: one request at a time.
 */
public final class TrusteeRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TrusteeRequestHandler.class);

    /** The trustee's rules. */
    public record Settings(Duration positionWait, int minCohortRecords, NoisePolicy noisePolicy, int recordPartitions) {
    }

    private final TrusteeKeyShare share;
    private final ReleaseLayout layout;
    private final OwnAggregates own;
    private final TrusteeLedger ledger;
    private final Settings settings;
    private final TrusteeMetrics metrics;
    private final NoiseMaker noiseMaker;

    public TrusteeRequestHandler(TrusteeKeyShare share, ReleaseLayout layout, OwnAggregates own, TrusteeLedger ledger,
                                 Settings settings, TrusteeMetrics metrics) {
        this.share = share;
        this.layout = layout;
        this.own = own;
        this.ledger = ledger;
        this.settings = settings;
        this.metrics = metrics;
        this.noiseMaker = new NoiseMaker(share.publicKey(), layout, share.index());
    }

    public int trustee() {
        return share.index();
    }

    /**
     * The answer to {@code request}.
     *
     * @throws IOException if the ledger cannot be written: nothing may be published then, and the
     *     trustee should stop rather than answer without remembering
     */
    public TrusteeMessage handle(ReleaseRequest request) throws IOException, InterruptedException {
        Kind kind = request instanceof ReleaseRequest.Noise ? Kind.NOISE : Kind.DECRYPT;
        long start = System.nanoTime();
        TrusteeMessage answer;
        try {
            answer = request instanceof ReleaseRequest.Noise noise ? noise(noise) : decrypt((ReleaseRequest.Decrypt) request);
        } catch (IOException | InterruptedException | Error e) {
            metrics.handled(kind, Outcome.FAILED, System.nanoTime() - start);
            throw e;
        } catch (RuntimeException e) {
            // a request that trips the code up is refused, not retried forever; the stack names no value
            LOG.error("Release {} cohort {}: {} request could not be processed", request.releaseId(), request.cohort(),
                    TrusteeMetrics.tag(kind), e);
            answer = refusal(request, new Refused(Reason.MALFORMED, "request could not be processed"));
        }
        if (answer instanceof TrusteeMessage.Refusal r) {
            metrics.refused(r.reason());
            metrics.handled(kind, Outcome.REFUSED, System.nanoTime() - start);
            LOG.warn("Release {} cohort {}: {} refused, {} ({})", request.releaseId(), request.cohort(),
                    TrusteeMetrics.tag(kind), r.reason(), r.detail());
        } else {
            metrics.handled(kind, Outcome.ACCEPTED, System.nanoTime() - start);
            LOG.info("Release {} cohort {}: {} answered", request.releaseId(), request.cohort(),
                    answer instanceof TrusteeMessage.NoiseContribution ? "noise" : "decryption shares");
        }
        return answer;
    }

    private TrusteeMessage noise(ReleaseRequest.Noise request) throws IOException, InterruptedException {
        Optional<Refused> refused = ReleaseChecks.form(request, request.position(), settings.recordPartitions())
                .or(() -> ReleaseChecks.noiseRequest(request, layout, settings.noisePolicy()));
        if (refused.isPresent()) {
            return refusal(request, refused.get());
        }
        Lookup lookup = own.find(request.cohort(), request.position(), settings.positionWait());
        if (!(lookup instanceof Lookup.Found found)) {
            return refusal(request, unknownPosition(lookup));
        }
        refused = ReleaseChecks.aggregate(request, found.aggregate(), layout, settings.minCohortRecords());
        if (refused.isPresent()) {
            return refusal(request, refused.get());
        }
        Optional<NoiseEntry> repeat = ledger.noiseFor(request.releaseId());
        if (repeat.isPresent() && !sameNoiseRequest(repeat.get(), request)) {
            return refusal(request, new Refused(Reason.MALFORMED, "release id already used for another noise request"));
        }
        if (repeat.isEmpty() && (ledger.releasedAt(request.cohort(), request.position()).isPresent()
                || ledger.noiseAt(request.cohort(), request.position()).isPresent())) {
            return refusal(request, new Refused(Reason.ALREADY_RELEASED,
                    "this trustee already added noise to this cohort state for another release"));
        }
        if (repeat.isPresent()) {
            return repeat.get().contribution(share.index());   // the same request again: the same answer
        }
        TrusteeMessage.NoiseContribution contribution = noiseMaker.contribute(request.releaseId(), request.cohort(),
                request.noise());
        ledger.recordNoise(new NoiseEntry(request.releaseId(), request.cohort(), request.position(), request.noise(),
                contribution.noise(), contribution.proofs()));
        return contribution;
    }

    private TrusteeMessage decrypt(ReleaseRequest.Decrypt request) throws IOException, InterruptedException {
        Optional<Refused> refused = ReleaseChecks.form(request, request.position(), settings.recordPartitions());
        if (refused.isPresent()) {
            return refusal(request, refused.get());
        }
        Optional<NoiseEntry> mine = ledger.noiseFor(request.releaseId());
        if (mine.isEmpty()) {
            return refusal(request, new Refused(Reason.BAD_NOISE_SET, "this trustee added no noise to this release"));
        }
        if (!mine.get().cohort().equals(request.cohort()) || !mine.get().position().equals(request.position())) {
            return refusal(request, new Refused(Reason.BAD_NOISE_SET, "cohort or position differ from the noise round"));
        }
        refused = ReleaseChecks.noiseSet(request, mine.get().contribution(share.index()), share.jointKey(), layout);
        if (refused.isPresent()) {
            return refusal(request, refused.get());
        }
        String digest = TrusteeLedger.digest(request.contributions());
        Optional<ReleasedEntry> released = ledger.releasedAt(request.cohort(), request.position());
        boolean repeat = released.isPresent() && released.get().releaseId().equals(request.releaseId())
                && released.get().noiseSetDigest().equals(digest);
        if (released.isPresent() && !repeat) {
            return refusal(request, new Refused(Reason.ALREADY_RELEASED, "this cohort state was already decrypted"));
        }
        Lookup lookup = own.find(request.cohort(), request.position(), settings.positionWait());
        if (!(lookup instanceof Lookup.Found found)) {
            return refusal(request, unknownPosition(lookup));
        }
        List<PartialDecryption> shares = shares(request, found.aggregate());
        if (!repeat) {
            ledger.recordReleased(new ReleasedEntry(request.cohort(), request.position(), request.releaseId(), digest));
        }
        return new TrusteeMessage.DecryptionShares(request.releaseId(), share.index(), shares);
    }

    /** D_ij for C'_j = A_j + sum over the set of N_kj, for every slot j. */
    private List<PartialDecryption> shares(ReleaseRequest.Decrypt request, CohortAggregate aggregate) {
        List<Ciphertext> a = layout.ciphertexts(aggregate);
        List<PartialDecryption> shares = new ArrayList<>(a.size());
        for (int j = 0; j < a.size(); j++) {
            Ciphertext c = a.get(j);
            for (TrusteeMessage.NoiseContribution n : request.contributions()) {
                if (!n.noise().isEmpty()) {
                    c = c.add(n.noise().get(j));
                }
            }
            shares.add(ThresholdDecryption.partialDecrypt(share, c.normalize(),
                    ReleaseContexts.decryption(request.releaseId(), request.cohort(), layout.slots().get(j).name())));
        }
        return shares;
    }

    private static boolean sameNoiseRequest(NoiseEntry entry, ReleaseRequest.Noise request) {
        return entry.cohort().equals(request.cohort()) && entry.position().equals(request.position())
                && entry.parameters().equals(request.noise());
    }

    private static Refused unknownPosition(Lookup lookup) {
        return new Refused(Reason.UNKNOWN_POSITION, lookup instanceof Lookup.Passed
                ? "no own aggregate state at exactly that position"
                : "own recomputation did not reach the position in time");
    }

    private TrusteeMessage.Refusal refusal(ReleaseRequest request, Refused refused) {
        return new TrusteeMessage.Refusal(request.releaseId(), share.index(), refused.reason(), refused.detail());
    }
}
