package org.rdregistry.stats.privacy;

import org.rdregistry.crypto.dp.PrivacyBudget;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.keyceremony.JointKey;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.ReleaseLayout;
import org.rdregistry.stats.config.StartupException;
import org.rdregistry.stats.config.StatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The noise plan and the per-cohort budget from {@code stats.privacy.*}, checked at start-up. */
@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PrivacyConfiguration.class);

    @Bean
    NoisePlan noisePlan(StatsProperties properties, ReleaseLayout layout, JointKey jointKey) {
        StatsProperties.Privacy privacy = properties.privacy();
        if (privacy.mechanism() == NoiseParameters.Mechanism.NONE) {
            log.warn("stats.privacy.mechanism=none: releases are EXACT and NOT differentially private "
                    + "(tests and development only); every release says so");
            return NoisePlan.none(layout, jointKey.threshold());
        }
        Rational rho = rational("stats.privacy.rho-per-release", privacy.rhoPerRelease());
        try {
            NoisePlan plan = NoisePlan.gaussian(rho, layout, jointKey.threshold());
            log.info("discrete Gaussian noise: sigma2PerUnit {} per trustee, rho {} per release over {} slots",
                    plan.parameters().sigma2PerUnit(), rho, layout.size());
            return plan;
        } catch (IllegalArgumentException e) {
            throw new StartupException("stats.privacy.rho-per-release " + privacy.rhoPerRelease() + ": " + e.getMessage());
        }
    }

    @Bean
    PrivacyBudget cohortBudget(StatsProperties properties, NoisePlan plan) {
        StatsProperties.Budget b = properties.privacy().budget();
        boolean rho = present(b.rho());
        boolean epsilon = present(b.epsilon());
        if (rho == epsilon) {
            throw new StartupException("stats.privacy.budget: set exactly one of rho (zCDP) or epsilon "
                    + "(with delta for (epsilon, delta)-DP)");
        }
        PrivacyBudget budget;
        try {
            if (rho) {
                if (present(b.delta())) {
                    throw new StartupException("stats.privacy.budget.delta applies to an epsilon budget only");
                }
                budget = PrivacyBudget.zcdp(rational("stats.privacy.budget.rho", b.rho()));
            } else if (present(b.delta())) {
                budget = PrivacyBudget.approximate(rational("stats.privacy.budget.epsilon", b.epsilon()),
                        rational("stats.privacy.budget.delta", b.delta()));
            } else {
                budget = PrivacyBudget.pure(rational("stats.privacy.budget.epsilon", b.epsilon()));
            }
        } catch (IllegalArgumentException e) {
            throw new StartupException("stats.privacy.budget: " + e.getMessage());
        }
        if (plan.isPrivate() && budget.kind() == PrivacyBudget.Kind.PURE) {
            log.warn("a pure epsilon budget cannot pay for discrete Gaussian noise: no cohort will ever be released");
        }
        return budget;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static Rational rational(String key, String text) {
        if (!present(text)) {
            throw new StartupException(key + " is not set");
        }
        try {
            return Rational.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StartupException(key + " is not a number: " + text);
        }
    }
}
