package org.rdregistry.testsupport.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Decides whether a Docker engine is reachable.
 *
 * <ol>
 *   <li>On Linux, if nothing points at a Docker engine (no {@code DOCKER_HOST}, no
 *       {@code TESTCONTAINERS_*} variable, no {@code ~/.testcontainers.properties}, no
 *       {@code ~/.docker}, no Docker socket in the usual places), the answer is "no" without asking
 *       Testcontainers, which would otherwise log an ERROR on every run of a Docker-less CI.</li>
 *   <li>Otherwise Testcontainers' {@code DockerClientFactory.isDockerAvailable()} is asked on a
 *       daemon thread with a time limit, so a missing or wedged engine yields "no" rather than an
 *       exception or a hang.</li>
 * </ol>
 */
final class DockerDetector {

    private static final Logger LOG = LoggerFactory.getLogger(DockerDetector.class);

    private static final long DEFAULT_TIMEOUT_SECONDS = 30;

    private DockerDetector() {
    }

    static boolean dockerAvailable() {
        if (!dockerMightBeConfigured()) {
            LOG.info("No Docker engine configured (no DOCKER_HOST, no Docker socket); using the embedded Kafka broker");
            return false;
        }
        long timeoutSeconds = BrokerSettings.setting(BrokerSettings.DOCKER_DETECT_TIMEOUT_PROPERTY)
                .map(Long::parseLong).orElse(DEFAULT_TIMEOUT_SECONDS);
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                probe.complete(DockerClientFactory.instance().isDockerAvailable());
            }
            catch (Throwable t) {
                probe.completeExceptionally(t);
            }
        }, "rd-kafka-docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            boolean available = probe.get(timeoutSeconds, TimeUnit.SECONDS);
            LOG.info("Docker {} for the Kafka test broker", available ? "is available" : "is not available");
            return available;
        }
        catch (TimeoutException e) {
            LOG.warn("No answer from Docker within {} s; using the embedded Kafka broker", timeoutSeconds);
            return false;
        }
        catch (ExecutionException e) {
            LOG.info("Docker check failed ({}); using the embedded Kafka broker", e.getCause().toString());
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** False only when, on Linux, there is no trace of a Docker engine Testcontainers could use. */
    static boolean dockerMightBeConfigured() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return true; // Docker Desktop, named pipes, ...: let Testcontainers decide
        }
        if (System.getenv().keySet().stream()
                .anyMatch(name -> name.equals("DOCKER_HOST") || name.startsWith("TESTCONTAINERS_"))) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
        List<Path> candidates = new ArrayList<>(List.of(
                home.resolve(".testcontainers.properties"),
                home.resolve(".docker"),
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
        }
        if (candidates.stream().anyMatch(Files::exists)) {
            return true;
        }
        try (var users = Files.newDirectoryStream(Path.of("/run/user"))) {
            for (Path user : users) {
                if (Files.exists(user.resolve("docker.sock"))) {
                    return true;
                }
            }
        }
        catch (java.io.IOException | SecurityException e) {
            // no per-user runtime directories
        }
        return false;
    }
}
