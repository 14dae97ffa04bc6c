package org.rdregistry.hospital.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.rdregistry.hospital.consult.ConsultationClient;
import org.rdregistry.hospital.http.RegistryClient;
import org.rdregistry.hospital.http.RetryPolicy;

import picocli.CommandLine.Option;

/** How to reach intake or consultation-service: base URL, bearer token file, retries. */
public final class ConnectionOptions {

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "Base URL of the service (intake for records, consultation-service for second opinions), "
                    + "e.g. https://registry.example.org")
    URI url;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "File holding your bearer token (JWT); re-read for every request")
    Path tokenFile;

    @Option(names = "--allow-http",
            description = "Allow plain http:// to a host other than localhost (the token would travel in clear)")
    boolean allowHttp;

    @Option(names = "--max-attempts", defaultValue = "5", paramLabel = "N",
            description = "Attempts per request on 503 or connection errors (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--retry-backoff-ms", defaultValue = "500", paramLabel = "MS",
            description = "First wait before a retry, doubled each time up to 10 s (default: ${DEFAULT-VALUE})")
    long retryBackoffMs;

    RegistryClient client() {
        check();
        return new RegistryClient(url, tokenSupplier(), retryPolicy());
    }

    /** A client of consultation-service at --url. */
    public ConsultationClient consultationClient() {
        check();
        return new ConsultationClient(url, tokenSupplier(), retryPolicy());
    }

    private void check() {
        checkUrl(url, allowHttp);
        if (!Files.isReadable(tokenFile)) {
            throw new CliException("cannot read the token file " + tokenFile);
        }
        if (maxAttempts < 1 || retryBackoffMs < 0) {
            throw new CliException("--max-attempts must be at least 1 and --retry-backoff-ms at least 0");
        }
    }

    private RetryPolicy retryPolicy() {
        Duration initial = Duration.ofMillis(retryBackoffMs);
        Duration max = initial.compareTo(Duration.ofSeconds(10)) > 0 ? initial : Duration.ofSeconds(10);
        return new RetryPolicy(maxAttempts, initial, max);
    }

    private java.util.function.Supplier<String> tokenSupplier() {
        Path file = tokenFile;
        return () -> {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new CliException("cannot read the token file " + file);
            }
        };
    }

    static void checkUrl(URI url, boolean allowHttp) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !scheme.equals("https") && !scheme.equals("http")) {
            throw new CliException("--url must be https://host[:port][/path]");
        }
        if (scheme.equals("http") && !allowHttp && !loopback(url.getHost())) {
            throw new CliException("refusing plain http:// to " + url.getHost()
                    + " (the token would travel in clear); use https:// or --allow-http");
        }
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
