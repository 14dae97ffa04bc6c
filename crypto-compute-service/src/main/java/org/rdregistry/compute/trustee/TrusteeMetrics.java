package org.rdregistry.compute.trustee;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.rdregistry.registry.release.TrusteeMessage.Reason;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The trustee's own metrics (Prometheus names in brackets), all present from the start at 0:
 * <ul>
 *   <li>{@code trustee.requests{kind=noise|decrypt, outcome=accepted|refused|failed}}
 *       [trustee_requests_total]: release requests handled; {@code failed} = not answered because of an
 *       internal error;</li>
 *   <li>{@code trustee.refusals{reason}} [trustee_refusals_total]: refusals by reason code
 *       (lower-case, e.g. {@code aggregate_mismatch});</li>
 *   <li>{@code trustee.request.handling{kind}} [trustee_request_handling_seconds]: time to handle one
 *       request, waiting for the position included.</li>
 * </ul>
 */
public final class TrusteeMetrics {

    public enum Kind { NOISE, DECRYPT }

    public enum Outcome { ACCEPTED, REFUSED, FAILED }

    private final Map<String, Counter> requests = new HashMap<>();
    private final Map<Reason, Counter> refusals = new EnumMap<>(Reason.class);
    private final Map<Kind, Timer> handling = new EnumMap<>(Kind.class);

    public TrusteeMetrics(MeterRegistry registry) {
        for (Kind kind : Kind.values()) {
            for (Outcome outcome : Outcome.values()) {
                requests.put(key(kind, outcome), Counter.builder("trustee.requests")
                        .tag("kind", tag(kind)).tag("outcome", tag(outcome))
                        .description("Release requests handled by this trustee").register(registry));
            }
            handling.put(kind, Timer.builder("trustee.request.handling").tag("kind", tag(kind))
                    .description("Handling of one release request, waiting for the position included")
                    .register(registry));
        }
        for (Reason reason : Reason.values()) {
            refusals.put(reason, Counter.builder("trustee.refusals").tag("reason", tag(reason))
                    .description("Release requests refused, by reason").register(registry));
        }
    }

    void handled(Kind kind, Outcome outcome, long nanos) {
        requests.get(key(kind, outcome)).increment();
        handling.get(kind).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void refused(Reason reason) {
        refusals.get(reason).increment();
    }

    private static String key(Kind kind, Outcome outcome) {
        return kind + "/" + outcome;
    }

    static String tag(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
