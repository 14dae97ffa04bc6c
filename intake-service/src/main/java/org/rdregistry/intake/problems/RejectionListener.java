package org.rdregistry.intake.problems;

import org.springframework.web.server.ServerWebExchange;

/** Told about every problem answered, e.g. to count rejected submissions by reason. */
@FunctionalInterface
public interface RejectionListener {
    void rejected(ServerWebExchange exchange, ProblemType type);
}
