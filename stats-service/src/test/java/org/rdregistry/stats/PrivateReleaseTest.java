package org.rdregistry.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.dp.PrivacyAccountant;
import org.rdregistry.crypto.dp.PrivacyCost;
import org.rdregistry.crypto.dp.Rational;
import org.rdregistry.crypto.dp.TrusteeNoise;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.ReleaseRule;
import org.rdregistry.registry.release.Slot;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.registry.topics.Topics;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * Releases with discrete Gaussian noise: the noise parameters and the privacy cost recorded, and a
 * budget that runs out, persisted across a restart of the application. The application is started
 * by hand (real HTTP on a random port) so that it can be stopped and started again on the same topics.
 * Settings: rho 1 per release, budget rho 2 per cohort, so exactly two releases with t contributors.
 */
class PrivateReleaseTest {

    static final String PREFIX = KafkaTestBroker.uniqueName("stats-dp") + ".";
    static final String RESEARCHER = TestRegistry.token("researcher-2", "researcher");
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /**
     * Schema v1 has 52 slots in 17 queries (the count, 10 histograms, 3 sums, 3 sums of squares):
     * sigma2PerUnit = 17 / (2 · 1).
     */
    static final Rational SIGMA2_PER_UNIT = Rational.of(17, 2);

    static FakeTrustees trustees;
    static ConfigurableApplicationContext app;
    static WebTestClient client;

    @BeforeAll
    static void start() {
        TestRegistry.createTopics(PREFIX);
        trustees = FakeTrustees.start(PREFIX);
        startApp();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        trustees.close();
    }

    static void startApp() {
        Map<String, Object> p = TestRegistry.properties(PREFIX);
        p.put("server.port", "0");
        p.put("stats.privacy.mechanism", "discrete-gaussian");
        p.put("stats.privacy.rho-per-release", "1");
        p.put("stats.privacy.budget.rho", "2");
        app = new SpringApplicationBuilder(StatsApplication.class).run(TestRegistry.args(p));
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    static Release release(String cohort, long offset) {
        TestRegistry.publishAggregate(PREFIX, TestRegistry.aggregate(cohort, 11, Map.of(0, offset)));
        return await().atMost(PATIENCE).until(() -> TestRegistry.releasesOf(PREFIX, cohort).stream()
                .filter(r -> r.position().equals(Map.of(0, offset))).findFirst().orElse(null), r -> r != null);
    }

    static JsonNode stats(String cohort) {
        byte[] body = client.get().uri("/api/v1/cohorts/" + cohort + "/stats")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + RESEARCHER).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return RegistryJson.mapper().readTree(body);
    }

    static String prometheus() {
        return client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /**
     * The cost recomputed independently: every scalar slot with its own variance, |S| contributors,
     * t = 2; each histogram once, as a vector of L2 sensitivity 1 with one honest trustee's noise.
     */
    static PrivacyCost expectedCost(int contributors) {
        PrivacyCost total = PrivacyCost.ZERO;
        java.util.Set<String> histograms = new java.util.HashSet<>();
        for (Slot slot : TestRegistry.LAYOUT.slots()) {
            Rational d2 = Rational.of(slot.sensitivity()).square();
            if (slot.kind() == Slot.Kind.CELL) {
                if (histograms.add(slot.field())) {
                    total = total.plus(PrivacyCost.discreteGaussian(1, SIGMA2_PER_UNIT));
                }
            } else {
                total = total.plus(TrusteeNoise.gaussianCost(slot.sensitivity(), SIGMA2_PER_UNIT.multiply(d2),
                        contributors, 2));
            }
        }
        return total;
    }

    static PrivacyAccountant persistedBudget(String cohort) {
        List<ConsumerRecord<String, String>> records = TestRegistry.readAll(PREFIX + Topics.PRIVACY_BUDGETS.name())
                .stream().filter(r -> cohort.equals(r.key())).toList();
        return RegistryJson.mapper().readValue(records.get(records.size() - 1).value(), PrivacyAccountant.class);
    }

    @Test
    void aNoisyReleaseRecordsItsNoiseParametersAndWhatItActuallyCost() {
        Release r = release("ORPHA:2001", 11);
        assertThat(r.noise()).isEqualTo(NoiseParameters.gaussian(SIGMA2_PER_UNIT));
        assertThat(r.noiseContributions()).extracting(TrusteeMessage.NoiseContribution::trustee).containsExactly(1, 2, 3);
        assertThat(r.noiseContributions()).allSatisfy(c -> assertThat(c.noise()).hasSize(TestRegistry.LAYOUT.size()));
        // three contributors, t = 2: the noise of two honest trustees counts, so it costs less than rho 1
        PrivacyCost cost = expectedCost(3);
        assertThat(r.cost()).isEqualTo(cost);
        assertThat(cost.totalRho()).isLessThan(Rational.ONE);
        assertThat(expectedCost(2).totalRho()).isEqualTo(Rational.ONE);
        assertThat(r.budgetAfter().spent()).isEqualTo(cost);
        assertThat(r.budgetAfter().releases()).isEqualTo(1);
        assertThat(persistedBudget("ORPHA:2001")).isEqualTo(r.budgetAfter());
        // the verification record fits a Kafka message of the broker's default limit (1 MB) with room to spare
        assertThat(RegistryJson.mapper().writeValueAsBytes(r).length).isLessThan(500_000);
        // noise moved the values, and what researchers see is the release rule applied to them
        assertThat(r.noisyValues()).isNotEqualTo(TestRegistry.truth(11));
        assertThat(r.statistics()).isEqualTo(ReleaseRule.apply(TestRegistry.LAYOUT, r.noisyValues(), 11));

        JsonNode privacy = stats("ORPHA:2001").get("privacy");
        assertThat(privacy.get("mechanism").asString()).isEqualTo("discrete-gaussian");
        assertThat(privacy.get("differentiallyPrivate").asBoolean()).isTrue();
        assertThat(privacy.get("sigma2PerUnit").asString()).isEqualTo("17/2");
        assertThat(privacy.get("contributors").asInt()).isEqualTo(3);
        assertThat(privacy.get("threshold").asInt()).isEqualTo(2);
        assertThat(privacy.get("cost").get("totalRho").asString()).isEqualTo(cost.totalRho().toString());
        assertThat(privacy.get("budget").get("kind").asString()).isEqualTo("ZCDP");
        assertThat(privacy.get("budget").get("limit").asString()).isEqualTo("2");
        assertThat(privacy.get("budget").get("spentRho").asString()).isEqualTo(cost.totalRho().toString());
    }

    @Test
    void aNoiseContributionWithABadProofIsDroppedAndCounted() {
        trustees.behave("ORPHA:2003", 1, FakeTrustees.Behaviour.BAD_NOISE_PROOF);
        Release r = release("ORPHA:2003", 11);
        assertThat(r.noiseContributions()).extracting(TrusteeMessage.NoiseContribution::trustee).containsExactly(2, 3);
        assertThat(r.cost()).isEqualTo(expectedCost(2));
        assertThat(prometheus()).containsPattern("stats_trustee_invalid_noise_total\\{trustee=\"1\"[^}]*} 1\\.0");
    }

    @Test
    void anExhaustedBudgetStopsReleasesAndSaysSoAlsoAfterARestart() {
        String cohort = "ORPHA:2002";
        trustees.behave(cohort, 3, FakeTrustees.Behaviour.DOWN);   // |S| = t: every release costs exactly rho 1
        Release first = release(cohort, 11);
        assertThat(first.cost().totalRho()).isEqualTo(Rational.ONE);
        Release second = release(cohort, 12);
        assertThat(second.budgetAfter().spent().totalRho()).isEqualTo(Rational.of(2));
        assertThat(persistedBudget(cohort).releases()).isEqualTo(2);

        JsonNode stats = stats(cohort);
        assertThat(stats.get("release").get("id").asString()).isEqualTo(second.releaseId());
        assertThat(stats.get("budgetExhausted").asBoolean()).isTrue();
        assertThat(stats.get("budgetDetail").asString()).contains("exhausted", cohort);

        TestRegistry.publishAggregate(PREFIX, TestRegistry.aggregate(cohort, 11, Map.of(0, 13L)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus())
                .containsPattern("stats_releases_blocked_total\\{reason=\"budget-exhausted\"[^}]*} 1\\.0"));
        assertThat(TestRegistry.releasesOf(PREFIX, cohort)).hasSize(2);

        // a new instance reads the budget back before releasing anything
        app.close();
        startApp();
        await().atMost(PATIENCE).untilAsserted(() -> client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk());
        JsonNode after = stats(cohort);
        assertThat(after.get("budgetExhausted").asBoolean()).isTrue();
        assertThat(after.get("release").get("id").asString()).isEqualTo(second.releaseId());
        assertThat(after.get("privacy").get("budget").get("releasesPaid").asLong()).isEqualTo(2);
        TestRegistry.publishAggregate(PREFIX, TestRegistry.aggregate(cohort, 11, Map.of(0, 14L)));
        // the state at 13 (read at start-up) and the one at 14 are both refused
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus())
                .containsPattern("stats_releases_blocked_total\\{reason=\"budget-exhausted\"[^}]*} 2\\.0"));
        assertThat(TestRegistry.releasesOf(PREFIX, cohort)).hasSize(2);
    }
}
