package org.rdregistry.demo.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rdregistry.crypto.elgamal.PublicKey;
import org.rdregistry.hospital.http.BatchRequest;
import org.rdregistry.registry.aggregate.CohortAggregate;
import org.rdregistry.registry.events.RecordSubmission;
import org.rdregistry.registry.events.RegistryJson;
import org.rdregistry.registry.schema.RegistrySchema;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * Plays intake and the aggregator for the load command's test, over real HTTP and a real broker: answers
 * {@code GET /api/v1/registry}, accepts {@code POST /api/v1/records/batch} with a bearer token, adds every
 * record to its cohort's aggregate and writes the aggregate to the topic. It can lose or double-count the
 * first record it receives, so that the benchmark's verdict is seen to fail.
 */
final class StandInPipeline implements AutoCloseable {

    enum Fault { NONE, LOSE_FIRST, COUNT_FIRST_TWICE }

    private final HttpServer server;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final PublicKey registryKey;
    private final Fault fault;
    private final RegistrySchema schema = RegistrySchema.current();
    private final Map<String, CohortAggregate> aggregates = new HashMap<>();
    private int received;
    final List<String> authorizations = new ArrayList<>();

    StandInPipeline(String bootstrap, String topic, PublicKey registryKey, Fault fault) throws IOException {
        this.topic = topic;
        this.registryKey = registryKey;
        this.fault = fault;
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/registry", this::registry);
        server.createContext("/api/v1/records/batch", this::batch);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void registry(HttpExchange ex) throws IOException {
        try (ex; InputStream in = RegistrySchema.class.getResourceAsStream("/registry-schema/v1.json")) {
            JsonNode schemaDoc = RegistryJson.mapper().readTree(in);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("schemaVersion", schema.version());
            body.put("schema", schemaDoc);
            body.put("registryKey", registryKey);
            send(ex, 200, RegistryJson.mapper().writeValueAsBytes(body));
        }
    }

    private synchronized void batch(HttpExchange ex) throws IOException {
        try (ex) {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            BatchRequest request = RegistryJson.mapper().readValue(ex.getRequestBody().readAllBytes(), BatchRequest.class);
            List<Map<String, String>> results = new ArrayList<>();
            for (RecordSubmission r : request.records()) {
                int times = received++ > 0 || fault == Fault.NONE ? 1 : fault == Fault.LOSE_FIRST ? 0 : 2;
                CohortAggregate agg = aggregates.getOrDefault(r.cohort(),
                        CohortAggregate.empty(schema, registryKey.group(), r.cohort()));
                for (int i = 0; i < times; i++) {
                    agg = agg.plus(schema, registryKey.group(), r);
                }
                aggregates.put(r.cohort(), agg);
                producer.send(new ProducerRecord<>(topic, r.cohort(), RegistryJson.mapper().writeValueAsBytes(agg))).get();
                results.add(Map.of("recordId", r.recordId(), "status", "accepted"));
            }
            send(ex, 202, RegistryJson.mapper().writeValueAsBytes(Map.of("results", results)));
        } catch (Exception e) {
            send(ex, 500, ("{\"status\":500,\"detail\":\"" + e.getClass().getSimpleName() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", status < 300 ? "application/json" : "application/problem+json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        producer.close();
    }
}
