package org.rdregistry.consult.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.rdregistry.crypto.keyswitch.KeySwitchShare;
import org.rdregistry.registry.consult.KeySwitchRequest;

/**
 * A key-switch request waiting for shares: the request as published, when it was last published, and the valid
 * shares so far, per item and trustee. Invalid shares are never kept.
 */
public record PendingSwitch(KeySwitchRequest request, Instant publishedAt,
                            Map<String, Map<Integer, KeySwitchShare>> valid) {

    public PendingSwitch {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Map<String, Map<Integer, KeySwitchShare>> copy = new TreeMap<>();
        if (valid != null) {
            valid.forEach((item, byTrustee) -> copy.put(item, Map.copyOf(new TreeMap<>(byTrustee))));
        }
        valid = java.util.Collections.unmodifiableMap(copy);
    }

    static PendingSwitch of(KeySwitchRequest request, Instant now) {
        return new PendingSwitch(request, now, Map.of());
    }

    String requestId() {
        return request.requestId();
    }

    /** Whether every item has at least {@code threshold} valid shares from distinct trustees. */
    boolean complete(int threshold) {
        return request.items().stream()
                .allMatch(item -> valid.getOrDefault(item.name(), Map.of()).size() >= threshold);
    }

    PendingSwitch republished(Instant now) {
        return new PendingSwitch(request, now, valid);
    }
}
