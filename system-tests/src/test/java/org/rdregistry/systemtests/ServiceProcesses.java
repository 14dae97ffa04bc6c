package org.rdregistry.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The platform's services as separate JVMs started from their packaged jars (what the local stack and
 * production run), each with its own log file; stopped (SIGKILL) on close.
 */
final class ServiceProcesses implements AutoCloseable {

    /** A started service: its process, HTTP port and log. */
    record Service(String name, Process process, int port, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path work;
    private final List<Service> services = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ServiceProcesses(Path work) {
        this.work = work;
    }

    static Path jar(String module, String prefix) {
        Path dir = Path.of("..", module, "target").toAbsolutePath().normalize();
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jar")
                            && !p.getFileName().toString().contains("plain"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no packaged " + module + " jar in " + dir
                            + " (system-tests run after the services are packaged)"));
        } catch (IOException e) {
            throw new AssertionError("no " + dir + " (build the services first)", e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code java -jar jar args --server.port=<free>} and returns without waiting. */
    Service start(String name, Path jar, List<String> args) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1");   // five JVMs on two cores: start fast rather than peak
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        command.add("--server.port=" + port);
        Path log = work.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Service s = new Service(name, p, port, log);
        services.add(s);
        return s;
    }

    /** Waits until every started service reports readiness UP (or fails fast if one dies). */
    void awaitReady() {
        for (Service s : services) {
            Awaitility.await(s.name() + " ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .failFast(s.name() + " exited; see " + s.log(), () -> !s.process().isAlive())
                    .until(() -> ready(s));
        }
    }

    private boolean ready(Service s) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void kill(Service s) throws InterruptedException {
        s.process().destroyForcibly();
        assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() {
        services.forEach(s -> s.process().destroyForcibly());
        for (Service s : services) {
            try {
                s.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
