package org.rdregistry.compute.consult.trustee;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.rdregistry.registry.consult.ConsultTrusteeMessage.Reason;
import org.rdregistry.registry.consult.KeySwitchRequest.Purpose;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A trustee's consultation key-switch metrics (Prometheus names in brackets), present from the start:
 * <ul>
 *   <li>{@code consult.trustee.requests{purpose=patient|expert|unknown, outcome=accepted|refused|failed}}
 *       [consult_trustee_requests_total]: key-switch requests handled ({@code unknown} = unreadable
 *       request; {@code failed} = not answered because of an internal error);</li>
 *   <li>{@code consult.trustee.refusals{reason}} [consult_trustee_refusals_total]: refusals by reason code
 *       (lower case, e.g. {@code not_recomputable});</li>
 *   <li>{@code consult.trustee.handling{purpose}} [consult_trustee_handling_seconds]: handling of one
 *       request, waiting for the view included;</li>
 *   <li>{@code consult.trustee.cases} / {@code consult.trustee.purged} [gauges]: consultations held in
 *       memory, purged ids remembered.</li>
 * </ul>
 */
public final class ConsultTrusteeMetrics {

    public enum Outcome { ACCEPTED, REFUSED, FAILED }

    private final Map<String, Counter> requests = new HashMap<>();
    private final Map<Reason, Counter> refusals = new EnumMap<>(Reason.class);
    private final Map<String, Timer> handling = new HashMap<>();

    public ConsultTrusteeMetrics(MeterRegistry registry, CaseView view) {
        for (String purpose : new String[] {"patient", "expert", "unknown"}) {
            for (Outcome outcome : Outcome.values()) {
                requests.put(purpose + "/" + outcome, Counter.builder("consult.trustee.requests")
                        .tag("purpose", purpose).tag("outcome", tag(outcome))
                        .description("Consultation key-switch requests handled by this trustee").register(registry));
            }
            handling.put(purpose, Timer.builder("consult.trustee.handling").tag("purpose", purpose)
                    .description("Handling of one consultation key-switch request, waiting included").register(registry));
        }
        for (Reason reason : Reason.values()) {
            refusals.put(reason, Counter.builder("consult.trustee.refusals").tag("reason", tag(reason))
                    .description("Consultation key-switch requests refused, by reason").register(registry));
        }
        Gauge.builder("consult.trustee.cases", view, CaseView::caseCount)
                .description("Consultations in this trustee's in-memory view").register(registry);
        Gauge.builder("consult.trustee.purged", view, CaseView::purgedCount)
                .description("Purged consultation ids this trustee refuses").register(registry);
    }

    void handled(Purpose purpose, Outcome outcome, long nanos) {
        String p = purpose == null ? "unknown" : tag(purpose);
        requests.get(p + "/" + outcome).increment();
        handling.get(p).record(nanos, TimeUnit.NANOSECONDS);
    }

    void refused(Reason reason) {
        refusals.get(reason).increment();
    }

    static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
