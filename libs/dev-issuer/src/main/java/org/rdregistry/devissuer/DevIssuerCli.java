package org.rdregistry.devissuer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of the development issuer, used by the local stack:
 *
 * <pre>
 * init  --dir D [--force]                      key pair into D (kept if already there, unless --force)
 * token --dir D --sub S [--role R]... [--specialty S]... [--ttl T] [--claim name=value]...
 *                                              prints one token; T like PT8H, 3600s, 30m, 8h, 2d (default 1h)
 * </pre>
 *
 * Exit codes: 0 ok, 1 failure (e.g. no keys in D), 2 usage error; failures print one line to stderr.
 */
public final class DevIssuerCli {

    static final String USAGE = "usage: DevIssuerCli init --dir DIR [--force] | "
            + "token --dir DIR --sub SUBJECT [--role ROLE]... [--specialty S]... [--ttl DURATION] [--claim NAME=VALUE]...";

    private DevIssuerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("missing command");
            }
            Options o = Options.parse(args);
            switch (args[0]) {
                case "init" -> init(o, out);
                case "token" -> token(o, out);
                default -> throw new UsageException("unknown command " + args[0]);
            }
            return 0;
        } catch (UsageException e) {
            err.println("dev-issuer: " + e.getMessage() + "; " + USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("dev-issuer: " + e.getMessage());
            return 1;
        }
    }

    private static void init(Options o, PrintStream out) throws IOException {
        Path dir = o.dir();
        if (DevIssuer.exists(dir) && !o.force) {
            DevIssuer.load(dir);    // a broken pair should fail here, not when the first token is minted
            out.println("keys already in " + dir + " (kept; --force replaces them)");
            return;
        }
        if (o.force) {
            Files.deleteIfExists(dir.resolve(DevIssuer.PRIVATE_KEY_FILE));
            Files.deleteIfExists(dir.resolve(DevIssuer.PUBLIC_KEY_FILE));
        }
        DevIssuer issuer = DevIssuer.init(dir);
        out.println("public key:  " + dir.resolve(DevIssuer.PUBLIC_KEY_FILE));
        out.println("private key: " + dir.resolve(DevIssuer.PRIVATE_KEY_FILE) + " (owner-only)");
        out.println("kid:         " + issuer.keyId());
    }

    private static void token(Options o, PrintStream out) throws IOException {
        if (o.sub == null) {
            throw new UsageException("--sub is required");
        }
        Path dir = o.dir();
        if (!DevIssuer.exists(dir)) {
            throw new IOException("no keys in " + dir + " (run init first)");
        }
        out.println(DevIssuer.load(dir).mint(o.sub, o.roles, o.claims, o.ttl));
    }

    static Duration parseDuration(String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new UsageException("bad --ttl " + text + " (e.g. PT8H, 3600s, 30m, 8h, 2d)");
            };
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new UsageException("bad --ttl " + text + " (e.g. PT8H, 3600s, 30m, 8h, 2d)");
        }
    }

    private static final class Options {
        String dir;
        boolean force;
        String sub;
        final List<String> roles = new ArrayList<>();
        final List<String> specialties = new ArrayList<>();
        final Map<String, Object> claims = new LinkedHashMap<>();
        Duration ttl = Duration.ofHours(1);

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--force")) {
                    o.force = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(a.startsWith("--") ? a + " needs a value" : "unexpected argument " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--dir" -> o.dir = v;
                    case "--sub" -> o.sub = v;
                    case "--role" -> o.roles.add(v);
                    case "--specialty" -> o.specialties.add(v);
                    case "--ttl" -> o.ttl = parseDuration(v);
                    case "--claim" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("bad --claim " + v + " (NAME=VALUE)");
                        }
                        o.claims.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new UsageException("unknown option " + a);
                }
            }
            if (!o.specialties.isEmpty()) {
                if (o.claims.containsKey("specialties")) {
                    throw new UsageException("give specialties with --specialty or --claim, not both");
                }
                o.claims.put("specialties", List.copyOf(o.specialties)); // an expert's queues: a JSON array
            }
            return o;
        }

        Path dir() {
            if (dir == null) {
                throw new UsageException("--dir is required");
            }
            return Path.of(dir);
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
