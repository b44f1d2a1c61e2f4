package dev.migrator.cli;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.api.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code test-connection} and {@code info}. */
final class InfoCommands {

    private InfoCommands() {}

    static String hostAndPort(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("://(?:[^@/]*@)?([^/?;,]+)").matcher(url);
        return m.find() ? m.group(1) : url;
    }

    /** What to check when the server could not be reached; {@code %s} is its host and port. */
    static final String SERVER = "Check that the server is running and accepts connections at %s";
    private static final String CREDENTIALS = "Check the user and password (--user, --password-env NAME, or "
            + "DATABASE_USER and DATABASE_PASSWORD) and that this user may connect from here (server %s)";
    private static final String DATABASE = "Check the database name in the URL (server %s)";
    private static final String ANYTHING = "Check the URL, the user and password, and that the server is running and "
            + "accepts connections at %s";

    /**
     * What most likely caused a failed connection, from the driver's error: a server that is down is only one cause, and
     * telling a user whose password is wrong to check that the server runs sends them the wrong way.
     */
    static String likelyCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = t instanceof java.sql.SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (state.startsWith("28") || message.contains("access denied") || message.contains("password authentication")
                    || message.contains("authentication failed") || t.getClass().getSimpleName().equals(
                            "MongoSecurityException")) {
                return CREDENTIALS;
            }
            if (state.equals("3D000") || message.contains("unknown database")
                    || message.matches("(?s).*database \"[^\"]*\" does not exist.*")) {
                return DATABASE;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.NoRouteToHostException
                    || message.contains("connection refused") || message.contains("timed out")) {
                return SERVER;
            }
        }
        return ANYTHING;
    }

    @Command(name = "test-connection", description = "Connects to each configured database and reports how long it took. "
            + "Exit 5 when one cannot be reached.")
    static final class TestConnection extends CliCommand {

        @Option(names = "--connection", paramLabel = "NAME", description = "Only this connection; default: all.")
        String connection;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Connect timeout (default 5s).")
        String timeout = "5s";

        @Override
        int run() {
            requireConnection();
            Duration limit = Settings.duration(timeout, "--timeout");
            List<Settings.Connection> chosen = new ArrayList<>();
            for (Settings.Connection c : settings().connections.values()) {
                if (connection == null || connection.equals(c.config().name())) {
                    chosen.add(c);
                }
            }
            if (chosen.isEmpty()) {
                throw CliException.usage("--connection " + connection + " is not configured; configured: "
                        + settings().connections.keySet() + ".");
            }
            List<Object> results = Output.list();
            List<List<String>> rows = new ArrayList<>();
            String firstFailure = null;
            for (Settings.Connection c : chosen) {
                ConnectionConfig config = c.config().withConnectTimeout(limit).withPool(0, 1);
                long start = System.nanoTime();
                String problem = null;
                String check;
                Optional<ServerProbe.Refusal> refused = ServerProbe.check(config.url(), limit);
                if (refused.isPresent()) {
                    problem = refused.get().problem() + ".";
                    check = SERVER;
                } else {
                    check = null;
                    try (MigrationManager m = MigrationManager.builder().classLoader(MigratorCli.class.getClassLoader())
                            .connection(config).build()) {
                        m.status(Target.of(config.name()));
                    } catch (MigratorException e) {
                        problem = CliWords.of(e.getMessage());
                        check = likelyCause(e);
                    }
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                String where = config.maskedUrl() + (config.user() == null ? "" : " as " + config.user());
                if (problem != null) {
                    String hint = "Connection '" + config.name() + "' (" + where + ") failed: " + problem + " "
                            + String.format(java.util.Locale.ROOT, check, hostAndPort(config.url()))
                            + "; the URL came from " + c.source() + " (flags --url, --user, --password-env override "
                            + "DATABASE_URL or DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD, "
                            + "which override the config file).";
                    if (firstFailure == null) {
                        firstFailure = hint;
                    }
                }
                results.add(Output.map("connection", config.name(), "url", config.maskedUrl(), "user", config.user(), "ok",
                        problem == null, "durationMs", took, "error", problem));
                rows.add(List.of(config.name(), where, problem == null ? "ok" : "FAILED", Output.millis(took)));
            }
            String failure = firstFailure;
            report("test-connection", () -> {
                Map<String, Object> fields = Output.map("ok", failure == null, "connections", results);
                if (failure != null) {
                    fields.put("error", Output.map("code", "CONNECTION_FAILED", "exitCode", ExitCodes.CONNECTION, "message",
                            failure));
                }
                return fields;
            }, () -> out().table(List.of("CONNECTION", "URL", "RESULT", "TIME"), rows));
            if (firstFailure != null) {
                err().println(settings().scrub("Error: " + firstFailure));
                return ExitCodes.CONNECTION;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "info", description = "Versions, configuration sources, connections (passwords masked), backends and "
            + "loaders found on the class path, targets.")
    static final class Info extends CliCommand {

        @Override
        boolean needsServer() {
            return false; // reports what is configured; a target it cannot list is shown as a problem
        }

        @Override
        int run() {
            Settings s = settings();
            List<Object> connections = Output.list();
            s.connections.values().forEach(c -> connections.add(Output.map("name", c.config().name(), "url",
                    c.config().maskedUrl(), "user", c.config().user(), "password", c.config().password() == null ? "none"
                            : "****", "source", c.source())));
            List<String> targets = new ArrayList<>();
            String targetsProblem = null;
            if (!s.connections.isEmpty()) {
                try (MigrationManager m = manager()) {
                    m.targets().forEach(t -> targets.add(t.toString()));
                } catch (MigratorException | CliException e) {
                    targetsProblem = e.getMessage();
                }
            }
            Map<String, Object> doc = Output.doc("info");
            doc.put("version", MigratorCli.version());
            doc.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
            doc.put("configFile", s.configFile == null ? null : s.configFile.toString());
            doc.put("connections", connections);
            doc.put("locations", s.locations.stream().map(l -> (l.target() == null ? "" : l.target() + " ") + l.location())
                    .toList());
            doc.put("targets", targets);
            if (targetsProblem != null) {
                doc.put("targetsProblem", targetsProblem);
            }
            doc.put("backupDirectory", (s.backupDirectory != null ? s.backupDirectory : cli().workDir.resolve("backups"))
                    .toString());
            doc.put("engines", providers("dev.migrator.spi.engine.EngineProvider"));
            doc.put("backends", providers("dev.migrator.spi.BackendProvider"));
            doc.put("metadataLoaderProviders", providers("dev.migrator.spi.MetadataLoaderProvider"));
            List<Object> loaders = Output.list();
            s.metadata.loaders().forEach(l -> loaders.add(Output.map("name", l.name(), "kind", l.directory() != null ? "file"
                    : l.uri() != null ? "mongodb" : "database", "where", l.directory() != null ? l.directory().toString()
                    : l.connection() != null ? "connection " + l.connection() : ConnectionConfig.mask(l.uri() != null ? l.uri()
                            : l.url()))));
            doc.put("metadataLoaders", loaders);
            if (json()) {
                out().json(doc);
                return ExitCodes.OK;
            }
            out().line("migrator " + doc.get("version") + " on Java " + doc.get("java"));
            out().line("Config file:      " + (s.configFile == null ? "none (looked for " + Settings.DEFAULT_FILES + " in "
                    + cli().workDir + ")" : s.configFile));
            if (s.connections.isEmpty()) {
                out().line("Connections:      none. " + NOTHING_CONFIGURED);
            } else {
                out().line("Connections:");
                s.connections.values().forEach(c -> out().line("  " + c.config().name() + "  " + c.config().maskedUrl()
                        + (c.config().user() == null ? "" : " as " + c.config().user()) + "  (from " + c.source() + ")"));
            }
            out().line("Locations:        " + (s.locations.isEmpty() ? "none" : doc.get("locations")));
            out().line("Targets:          " + (targetsProblem != null ? targetsProblem : targets.isEmpty() ? "none" : targets));
            out().line("Backup directory: " + doc.get("backupDirectory"));
            out().line("Engines:          " + doc.get("engines"));
            out().line("Backends:         " + doc.get("backends"));
            out().line("Metadata loaders: " + (loaders.isEmpty() ? "none configured" : loaders) + "; providers "
                    + doc.get("metadataLoaderProviders"));
            return ExitCodes.OK;
        }

        /** The provider classes named in META-INF/services files: what a shaded jar must merge. */
        static List<String> providers(String service) {
            Set<String> names = new LinkedHashSet<>();
            try {
                Enumeration<URL> files = MigratorCli.class.getClassLoader().getResources("META-INF/services/" + service);
                while (files.hasMoreElements()) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(files.nextElement().openStream(),
                            StandardCharsets.UTF_8))) {
                        r.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).forEach(names::add);
                    }
                }
            } catch (IOException e) {
                names.add("(cannot read: " + e.getMessage() + ")");
            }
            return List.copyOf(names);
        }
    }
}
