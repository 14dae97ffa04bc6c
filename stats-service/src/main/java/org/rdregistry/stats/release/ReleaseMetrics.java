package org.rdregistry.stats.release;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The release metrics on {@code /actuator/prometheus}: {@code stats_releases_published_total},
 * {@code stats_releases_abandoned_total{reason}}, {@code stats_releases_blocked_total{reason}},
 * {@code stats_trustee_refusals_total{trustee,reason}}, {@code stats_trustee_invalid_shares_total{trustee}}
 * (one per failed partial decryption), {@code stats_trustee_invalid_noise_total{trustee}},
 * {@code stats_release_latency_seconds} (noise request to publication) and
 * {@code stats_releases_in_flight}.
 */
@Component
public class ReleaseMetrics {

    private final MeterRegistry registry;
    private final Counter published;
    private final Timer latency;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ReleaseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder("stats.releases.published").description("releases published")
                .register(registry);
        // a percentile histogram (buckets on /actuator/prometheus), so p50 and p99 can be read with
        // histogram_quantile instead of only a mean
        this.latency = Timer.builder("stats.release.latency")
                .description("time from the noise request to the publication of a release")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        registry.gauge("stats.releases.in.flight", inFlight);
    }

    void published(Duration sinceRequest) {
        published.increment();
        latency.record(sinceRequest);
    }

    void abandoned(String reason) {
        Counter.builder("stats.releases.abandoned").description("releases abandoned before publication")
                .tag("reason", reason).register(registry).increment();
    }

    void blocked(String reason) {
        Counter.builder("stats.releases.blocked").description("aggregate states not released by policy")
                .tag("reason", reason).register(registry).increment();
    }

    void refusal(int trustee, String reason) {
        Counter.builder("stats.trustee.refusals").description("refusals received from trustees")
                .tag("trustee", Integer.toString(trustee)).tag("reason", reason).register(registry).increment();
    }

    void invalidShares(int trustee, int count) {
        Counter.builder("stats.trustee.invalid.shares").description("partial decryptions that failed verification")
                .tag("trustee", Integer.toString(trustee)).register(registry).increment(count);
    }

    void invalidNoise(int trustee) {
        Counter.builder("stats.trustee.invalid.noise").description("noise contributions that failed verification")
                .tag("trustee", Integer.toString(trustee)).register(registry).increment();
    }

    void inFlight(int n) {
        inFlight.set(n);
    }
}
