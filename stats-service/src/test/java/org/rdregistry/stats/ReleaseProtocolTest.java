package org.rdregistry.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rdregistry.crypto.decrypt.InvalidShare;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.release.NoiseParameters;
import org.rdregistry.registry.release.Release;
import org.rdregistry.registry.release.TrusteeMessage;
import org.rdregistry.testsupport.kafka.KafkaTestBroker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * The release protocol end to end without noise (so every released value must equal the plaintext
 * truth), against the real application context, the test broker, real crypto and the fake trustees
 * (n = 3, t = 2). Each test uses its own cohort, so test order does not matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class ReleaseProtocolTest {

    static final String PREFIX = KafkaTestBroker.uniqueName("stats") + ".";
    static final FakeTrustees TRUSTEES;
    static final String RESEARCHER = TestRegistry.token("researcher-1", "researcher");
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static {
        TestRegistry.createTopics(PREFIX);
        TRUSTEES = FakeTrustees.start(PREFIX);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestRegistry.properties(PREFIX).forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopTrustees() {
        TRUSTEES.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    WebTestClient.ResponseSpec get(String path) {
        return client.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + RESEARCHER).exchange();
    }

    JsonNode json(String path) {
        byte[] body = get(path).expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        return RegistryJson.mapper().readTree(body);
    }

    /** Publishes the aggregate of the first {@code size} patients as {@code cohort} and waits for its release. */
    Release release(String cohort, int size, long offset) {
        TestRegistry.publishAggregate(PREFIX, TestRegistry.aggregate(cohort, size, Map.of(0, offset)));
        return awaitRelease(cohort, offset);
    }

    Release awaitRelease(String cohort, long offset) {
        return await().atMost(PATIENCE).until(
                () -> TestRegistry.releasesOf(PREFIX, cohort).stream()
                        .filter(r -> r.position().equals(Map.of(0, offset))).findFirst().orElse(null),
                r -> r != null);
    }

    static void assertProblem(WebTestClient.ResponseSpec response, int status, String slug) {
        byte[] body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode p = RegistryJson.mapper().readTree(body);
        assertThat(p.get("type").asString()).isEqualTo("https://rdregistry.org/problems/" + slug);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asString()).isNotBlank();
    }

    @Test
    void withoutNoiseTheReleaseIsThePlaintextTruthAndTheApiAppliesTheKBoundary() {
        Release r = release("ORPHA:1001", 11, 11);
        assertThat(r.noisyValues()).isEqualTo(TestRegistry.truth(11));
        assertThat(r.noise().mechanism()).isEqualTo(NoiseParameters.Mechanism.NONE);
        assertThat(r.noiseContributions()).extracting(TrusteeMessage.NoiseContribution::trustee).containsExactly(1, 2, 3);
        assertThat(r.shares()).extracting(TrusteeMessage.DecryptionShares::trustee).containsExactly(1, 2);
        assertThat(r.invalidShares()).isEmpty();
        assertThat(r.cost()).isNull();

        JsonNode stats = json("/api/v1/cohorts/ORPHA:1001/stats");
        assertThat(stats.get("n").asLong()).isEqualTo(11);                      // n = k: shown
        assertThat(stats.get("countSuppressed").asBoolean()).isFalse();
        assertThat(stats.get("sizeClass").asString()).isEqualTo("11-49");
        assertThat(stats.get("histograms").get("sex").get("female").asLong()).isEqualTo(11);   // k: shown
        assertThat(stats.get("histograms").get("ageBand").get("18-29").isNull()).isTrue();  // k - 1: suppressed
        assertThat(stats.get("histograms").get("ageBand").get("30-44").isNull()).isTrue();
        assertThat(stats.get("suppressed").valueStream().map(JsonNode::asString).toList())
                .contains("ageBand[18-29]", "ageBand[30-44]", "sex[male]").doesNotContain("sex[female]", "count");
        double meanOnset = TestRegistry.PATIENTS.stream()
                .mapToLong(p -> ((Number) p.values().get("onsetMonths")).longValue()).average().orElseThrow();
        assertThat(stats.get("numeric").get("onsetMonths").get("mean").asDouble()).isCloseTo(meanOnset,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.get("release").get("id").asString()).isEqualTo(r.releaseId());
        assertThat(stats.get("release").get("position").get("0").asLong()).isEqualTo(11);
        assertThat(stats.get("privacy").get("mechanism").asString()).isEqualTo("none");
        assertThat(stats.get("privacy").get("differentiallyPrivate").asBoolean()).isFalse();
        assertThat(stats.get("budgetExhausted").asBoolean()).isFalse();

        // the verification record is the release exactly as published
        byte[] verification = get("/api/v1/releases/" + r.releaseId() + "/verification").expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(RegistryJson.mapper().readValue(verification, Release.class)).isEqualTo(r);
    }

    @Test
    void aCohortBelowKIsSuppressedEntirely() {
        Release r = release("ORPHA:1002", 10, 10);
        assertThat(r.noisyValues()).isEqualTo(TestRegistry.truth(10));
        JsonNode stats = json("/api/v1/cohorts/ORPHA:1002/stats");
        assertThat(stats.get("n").isNull()).isTrue();
        assertThat(stats.get("countSuppressed").asBoolean()).isTrue();
        assertThat(stats.get("sizeClass").asString()).isEqualTo("<11");
        assertThat(stats.get("histograms").get("sex").get("female").isNull()).isTrue();
        assertThat(stats.get("numeric").get("onsetMonths").get("mean").isNull()).isTrue();
        assertThat(stats.get("suppressed").size()).isEqualTo(TestRegistry.LAYOUT.size());

        JsonNode listing = json("/api/v1/cohorts");
        JsonNode entry = listing.get("cohorts").valueStream()
                .filter(c -> c.get("orphaCode").asString().equals("ORPHA:1002")).findFirst().orElseThrow();
        assertThat(entry.get("sizeClass").asString()).isEqualTo("<11");
        assertThat(entry.get("latestReleaseId").asString()).isEqualTo(r.releaseId());
        assertThat(entry.has("n")).isFalse();
    }

    @Test
    void withOneTrusteeDownTheOtherTwoRelease() {
        TRUSTEES.behave("ORPHA:1003", 3, FakeTrustees.Behaviour.DOWN);
        Release r = release("ORPHA:1003", 11, 11);
        assertThat(r.noiseContributions()).extracting(TrusteeMessage.NoiseContribution::trustee).containsExactly(1, 2);
        assertThat(r.shares()).extracting(TrusteeMessage.DecryptionShares::trustee).containsExactly(1, 2);
        assertThat(r.noisyValues()).isEqualTo(TestRegistry.truth(11));
    }

    @Test
    void aCorruptedShareIsIdentifiedAndExcludedAndTheReleaseSucceeds() {
        TRUSTEES.behave("ORPHA:1004", 2, FakeTrustees.Behaviour.CORRUPT_SHARE);
        Release r = release("ORPHA:1004", 11, 11);
        assertThat(r.noisyValues()).isEqualTo(TestRegistry.truth(11));
        assertThat(r.shares()).extracting(TrusteeMessage.DecryptionShares::trustee).containsExactly(1, 3);
        assertThat(r.invalidShares()).hasSize(TestRegistry.LAYOUT.size())
                .allSatisfy(i -> assertThat(i.trusteeIndex()).isEqualTo(2))
                .extracting(InvalidShare::check).containsOnly("T.3");
        JsonNode stats = json("/api/v1/cohorts/ORPHA:1004/stats");
        assertThat(stats.get("release").get("invalidShareTrustees").valueStream().map(JsonNode::asInt).toList())
                .containsExactly(2);
        assertThat(prometheus()).containsPattern("stats_trustee_invalid_shares_total\\{trustee=\"2\"[^}]*} [1-9]");
    }

    @Test
    void refusalsAreCountedAndTheOthersRelease() {
        TRUSTEES.behave("ORPHA:1005", 1, FakeTrustees.Behaviour.REFUSE_NOISE);
        Release r = release("ORPHA:1005", 11, 11);
        assertThat(r.noiseContributions()).extracting(TrusteeMessage.NoiseContribution::trustee).containsExactly(2, 3);
        assertThat(r.noisyValues()).isEqualTo(TestRegistry.truth(11));
        assertThat(prometheus()).containsPattern(
                "stats_trustee_refusals_total\\{reason=\"NOISE_TOO_LOW\",trustee=\"1\"[^}]*} [1-9]");
    }

    @Test
    void withTooFewTrusteesTheReleaseIsAbandoned() {
        TRUSTEES.behave("ORPHA:1006", 2, FakeTrustees.Behaviour.DOWN);
        TRUSTEES.behave("ORPHA:1006", 3, FakeTrustees.Behaviour.DOWN);
        TestRegistry.publishAggregate(PREFIX, TestRegistry.aggregate("ORPHA:1006", 11, Map.of(0, 11L)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus())
                .containsPattern("stats_releases_abandoned_total\\{reason=\"timeout\"[^}]*} [1-9]"));
        assertThat(TestRegistry.releasesOf(PREFIX, "ORPHA:1006")).isEmpty();
        assertProblem(get("/api/v1/cohorts/ORPHA:1006/stats"), 404, "not-found");
    }

    @Test
    void aSubscriberGetsTheLatestReleaseOnConnectThenEachNewOneInOrder() {
        Release first = release("ORPHA:1007", 10, 10);
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        Disposable subscription = client.get().uri("/api/v1/cohorts/ORPHA:1007/stats/stream")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + RESEARCHER)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .getResponseBody()
                .subscribe(events::add);
        try {
            await().atMost(PATIENCE).until(() -> releaseEvents(events).size() == 1);
            assertThat(releaseEvents(events).get(0).id()).isEqualTo(first.releaseId());

            Release second = release("ORPHA:1007", 11, 11);
            Release third = release("ORPHA:1007", 11, 12);
            await().atMost(PATIENCE).until(() -> releaseEvents(events).size() == 3);
            List<ServerSentEvent<String>> received = releaseEvents(events);
            assertThat(received).extracting(ServerSentEvent::id)
                    .containsExactly(first.releaseId(), second.releaseId(), third.releaseId());
            assertThat(received).extracting(ServerSentEvent::event).containsOnly("release");
            JsonNode last = RegistryJson.mapper().readTree(received.get(2).data());
            assertThat(last.get("release").get("position").get("0").asLong()).isEqualTo(12);
            assertThat(last.get("n").asLong()).isEqualTo(11);
            // an older release's verification record is read back from the topic
            byte[] old = get("/api/v1/releases/" + first.releaseId() + "/verification").expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(RegistryJson.mapper().readValue(old, Release.class)).isEqualTo(first);
            // idle streams get heartbeat comments
            await().atMost(PATIENCE).until(() -> events.stream().anyMatch(e -> "heartbeat".equals(e.comment())));
        } finally {
            subscription.dispose();
        }
    }

    static List<ServerSentEvent<String>> releaseEvents(List<ServerSentEvent<String>> events) {
        return events.stream().filter(e -> e.data() != null).toList();
    }

    @Test
    void tokensRolesAndBadRequestsGetProblems() {
        assertProblem(client.get().uri("/api/v1/cohorts").exchange(), 401, "unauthorized");
        String hospital = TestRegistry.token("hospital-a", "hospital");
        assertProblem(client.get().uri("/api/v1/cohorts").header(HttpHeaders.AUTHORIZATION, "Bearer " + hospital)
                .exchange(), 403, "forbidden");
        assertProblem(get("/api/v1/cohorts/ORPHA:999999/stats"), 404, "not-found");
        assertProblem(get("/api/v1/cohorts/ORPHA:999999/stats/stream"), 404, "not-found");
        assertProblem(get("/api/v1/releases/rel-unknown/verification"), 404, "not-found");
        assertProblem(get("/api/v1/cohorts/558/stats"), 400, "bad-request");
        assertProblem(get("/api/v1/cohorts/ORPHA:abc/stats/stream"), 400, "bad-request");
        assertProblem(get("/api/v1/releases/" + "x".repeat(101) + "/verification"), 400, "bad-request");
        assertProblem(get("/api/v1/releases/a.b/verification"), 400, "bad-request");
        // rejected by the security firewall (an encoded '%'): a problem as well
        assertProblem(get("/api/v1/releases/not%20an%20id/verification"), 400, "bad-request");
        assertProblem(get("/api/v1/nothing-here"), 404, "not-found");
    }

    /**
     * Requests used to hang for the client's whole timeout (seen in this class and in PrivateReleaseTest on a loaded
     * machine): a keep-alive request that arrives before the previous request's server-side operations have
     * terminated is queued, and when it was then answered synchronously, reactor-netty up to 1.3.7 stopped reading the
     * connection (reactor/reactor-netty#4361), so the next request on it was never read. Pipelining the two requests
     * makes the queueing certain; {@code DeferredDispatchFilter} keeps the answer out of the dispatch.
     */
    @Test
    void aKeepAliveConnectionIsStillReadAfterAQueuedRequestWasAnsweredAtOnce() throws IOException {
        await().atMost(PATIENCE).untilAsserted(() -> client.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk());
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);   // guards against the hang only
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // answered on boundedElastic, then one answered on the event loop, sent together
            out.write((request("/api/v1/releases/rel-unknown/verification")
                    + request("/api/v1/cohorts/558/stats")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404 ");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 ");
            // the next request on the same connection must be read and answered
            out.write(request("/api/v1/cohorts/ORPHA:abc/stats/stream").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 ").contains("https://rdregistry.org/problems/bad-request");
        }
    }

    static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + RESEARCHER + "\r\n\r\n";
    }

    /** One HTTP/1.1 response (status line, headers and a Content-Length body) as text. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.append((char) b);
        }
        String headers = head.toString();
        int length = headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst()
                .orElseThrow(() -> new AssertionError("no Content-Length in " + headers));
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void healthMetricsAndTheOpenApiDocumentArePublic() {
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        release("ORPHA:1008", 11, 11);
        assertThat(prometheus()).contains("stats_releases_published_total", "stats_release_latency_seconds_count",
                "stats_releases_in_flight")
                // the latency timer publishes histogram buckets, so p50 / p99 can be read from Prometheus
                .containsPattern("stats_release_latency_seconds_bucket\\{[^}]*le=\"\\+Inf\"[^}]*} [1-9]");
        String openapi = client.get().uri("/v3/api-docs.yaml").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(openapi).startsWith("openapi: 3").contains("/api/v1/cohorts/{orphaCode}/stats/stream");
    }

    String prometheus() {
        return client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
