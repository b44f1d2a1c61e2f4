package dev.migrator.examples.http;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.Identifier;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings of a {@link MigrationService}: where it listens, the bearer token, the backup directory and the named
 * connections it may migrate. Secrets are read from environment variables named in the configuration, never written
 * in it, and {@link #toString()} shows no secret.
 *
 * <p>The properties form ({@link #fromProperties}); a properties file has no comments at the end of a line (a
 * {@code #} there is part of the value), so they stand on lines of their own:
 *
 * <pre>
 * host=0.0.0.0
 * # 0: any free port
 * port=8080
 * # requests handled at once
 * threads=4
 * backupDirectory=/var/backups/migrator
 * # how long a run waits for the database lock
 * lockTimeout=PT30S
 * # how long a client may take to send a request or to take an answer
 * clientTimeout=PT10S
 * maxBodyBytes=65536
 * # the environment variable holding the bearer token
 * tokenEnv=MIGRATOR_HTTP_TOKEN
 *
 * # or connection.core.urlEnv=DATABASE_URL
 * connection.core.url=jdbc:postgresql://db:5432/app
 * # or connection.core.user=app
 * connection.core.userEnv=CORE_DB_USER
 * connection.core.passwordEnv=CORE_DB_PASSWORD
 * connection.core.locations=classpath:db/migration
 * connection.cli.url=jdbc:postgresql://db:5432/cli
 * connection.cli.locations=filesystem:/srv/db/cli
 * # {"environment": "staging"} → schema cli_staging
 * connection.cli.schemaPattern=cli_{environment}
 * # optional: the only environments accepted
 * connection.cli.environments=dev,staging,prod
 * </pre>
 *
 * @param host the address to bind
 * @param port the port; 0 for any free port
 * @param threads handler threads (1 to 64)
 * @param backupDirectory where backups are written
 * @param lockTimeout how long a run waits for the library's database lock
 * @param clientTimeout how long a client may take to send a request's headers and body, and may leave a connection
 *     idle or an answer untaken; past it the service answers 408 or closes the connection
 * @param maxBodyBytes the largest request body accepted
 * @param token the bearer token clients must send
 * @param connections the connections by name, in declaration order
 */
public record ServiceConfig(
        String host,
        int port,
        int threads,
        Path backupDirectory,
        Duration lockTimeout,
        Duration clientTimeout,
        int maxBodyBytes,
        String token,
        Map<String, Connection> connections) {

    /** The environment variable that holds the bearer token unless {@code tokenEnv} names another. */
    public static final String DEFAULT_TOKEN_ENV = "MIGRATOR_HTTP_TOKEN";

    /** Bearer tokens shorter than this are refused: they can be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern CONNECTION_KEY = Pattern.compile("connection\\.([A-Za-z0-9_-]{1,64})\\.([A-Za-z]+)");
    private static final Set<String> TOP_KEYS =
            Set.of("host", "port", "threads", "backupDirectory", "lockTimeout", "clientTimeout", "maxBodyBytes",
                    "tokenEnv");
    private static final Set<String> CONNECTION_FIELDS = Set.of(
            "url", "urlEnv", "user", "userEnv", "passwordEnv", "locations", "schemaPattern", "environments");

    /** Validates every setting, naming it, its value and what is allowed. */
    public ServiceConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw invalid("port is " + port + "; allowed: 0 (any free port) to 65535.");
        }
        if (threads < 1 || threads > 64) {
            throw invalid("threads is " + threads + "; allowed: 1 to 64.");
        }
        Objects.requireNonNull(backupDirectory, "backupDirectory");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.isNegative() || lockTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw invalid("lockTimeout is " + lockTimeout + "; allowed: PT0S to PT1H.");
        }
        Objects.requireNonNull(clientTimeout, "clientTimeout");
        if (clientTimeout.compareTo(Duration.ofMillis(100)) < 0
                || clientTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw invalid("clientTimeout is " + clientTimeout + "; allowed: PT0.1S to PT10M.");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw invalid("maxBodyBytes is " + maxBodyBytes + "; allowed: 1024 to 16777216.");
        }
        if (token == null || token.isBlank()) {
            throw invalid("no bearer token: set the environment variable " + DEFAULT_TOKEN_ENV
                    + " (or the one tokenEnv names) to a secret of at least " + MIN_TOKEN_LENGTH
                    + " characters, e.g. export " + DEFAULT_TOKEN_ENV + "=$(openssl rand -hex 24).");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            // The length is no secret worth keeping; the token itself is never shown.
            throw invalid("the bearer token has " + token.length() + " characters; use at least " + MIN_TOKEN_LENGTH
                    + ", e.g. $(openssl rand -hex 24).");
        }
        Objects.requireNonNull(connections, "connections");
        if (connections.isEmpty()) {
            throw invalid("no connections: add connection.<name>.url=jdbc:postgresql://host:5432/db.");
        }
        connections = orderedCopy(connections);
    }

    private static Map<String, Connection> orderedCopy(Map<String, Connection> in) {
        Map<String, Connection> sorted = new LinkedHashMap<>();
        new TreeSet<>(in.keySet()).forEach(k -> sorted.put(k, in.get(k)));
        return java.util.Collections.unmodifiableMap(sorted);
    }

    /**
     * One named connection the service may migrate.
     *
     * @param name the name clients use in {@code "connection"}
     * @param url the JDBC URL or MongoDB URI (may hold credentials; shown only masked)
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}; never shown
     * @param locations script locations, e.g. {@code classpath:db/migration}
     * @param schemaPattern a schema pattern with {@code {environment}}, or {@code null}
     * @param environments the environments accepted; empty for any environment id ({@link Identifier#isEnvironment})
     */
    public record Connection(
            String name,
            String url,
            String user,
            String password,
            List<String> locations,
            String schemaPattern,
            List<String> environments) {

        /** Validates and copies. */
        public Connection {
            Objects.requireNonNull(name, "name");
            if (url == null || url.isBlank()) {
                throw invalid("connection." + name + ".url is missing; e.g. jdbc:postgresql://host:5432/db.");
            }
            locations = List.copyOf(locations);
            if (locations.isEmpty()) {
                throw invalid("connection." + name + ".locations is missing; e.g. classpath:db/migration.");
            }
            if (schemaPattern != null && !schemaPattern.contains("{environment}")) {
                throw invalid("connection." + name + ".schemaPattern is '" + schemaPattern
                        + "'; it must contain {environment}, e.g. cli_{environment}.");
            }
            environments = List.copyOf(environments);
            for (String env : environments) {
                if (!Identifier.isEnvironment(env)) {
                    throw invalid("connection." + name + ".environments holds '" + env
                            + "'; use 1 to 40 letters, digits or '_'.");
                }
            }
        }

        /**
         * The backend the URL selects, as clients name it in {@code "backend"}: {@code postgresql}, {@code mysql}
         * (MySQL and MariaDB) or {@code mongodb}; {@code null} when the URL is of another kind.
         */
        public String backend() {
            String u = url.toLowerCase(java.util.Locale.ROOT);
            if (u.startsWith("jdbc:postgresql:")) {
                return "postgresql";
            }
            if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
                return "mysql";
            }
            if (u.startsWith("mongodb:") || u.startsWith("mongodb+srv:")) {
                return "mongodb";
            }
            return null;
        }

        /** The URL with any password replaced by {@code ****}. */
        public String maskedUrl() {
            return ConnectionConfig.mask(url);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Connection[name=" + name + ", url=" + maskedUrl() + ", user=" + user + ", password="
                    + (password == null ? "none" : "****") + ", locations=" + locations + ", schemaPattern="
                    + schemaPattern + ", environments=" + environments + "]";
        }
    }

    /** The token is never shown. */
    @Override
    public String toString() {
        return "ServiceConfig[host=" + host + ", port=" + port + ", threads=" + threads + ", backupDirectory="
                + backupDirectory + ", lockTimeout=" + lockTimeout + ", clientTimeout=" + clientTimeout
                + ", maxBodyBytes=" + maxBodyBytes
                + ", token=****, connections=" + connections.values() + "]";
    }

    /** Reads a properties file (UTF-8); see {@link #fromProperties}. */
    public static ServiceConfig fromFile(Path file, Function<String, String> env) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw invalid("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return fromProperties(properties, env);
    }

    /**
     * Reads the properties form shown in the class comment. Secrets come from {@code env} (normally
     * {@link System#getenv(String)}) under the names the properties give.
     *
     * @throws IllegalArgumentException naming the key, its value and what is allowed; unknown keys are refused
     */
    public static ServiceConfig fromProperties(Properties p, Function<String, String> env) {
        Map<String, Map<String, String>> byConnection = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).strip();
            if (TOP_KEYS.contains(key)) {
                continue;
            }
            var m = CONNECTION_KEY.matcher(key);
            if (!m.matches() || !CONNECTION_FIELDS.contains(m.group(2))) {
                throw invalid("unknown key '" + key + "'. Known: " + new TreeSet<>(TOP_KEYS)
                        + " and connection.<name>." + new TreeSet<>(CONNECTION_FIELDS) + ".");
            }
            byConnection.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), value);
        }
        Map<String, Connection> connections = new LinkedHashMap<>();
        byConnection.forEach((name, fields) -> {
            String url = fields.containsKey("url") ? fields.get("url") : envValue(env, fields.get("urlEnv"),
                    "connection." + name + ".urlEnv");
            String user = fields.containsKey("user") ? fields.get("user") : envValue(env, fields.get("userEnv"),
                    "connection." + name + ".userEnv");
            String password = envValue(env, fields.get("passwordEnv"), "connection." + name + ".passwordEnv");
            connections.put(name, new Connection(name, url, user, password, split(fields.get("locations")),
                    blankToNull(fields.get("schemaPattern")), split(fields.get("environments"))));
        });
        String tokenEnv = p.getProperty("tokenEnv", DEFAULT_TOKEN_ENV).strip();
        return new ServiceConfig(
                p.getProperty("host", "127.0.0.1").strip(),
                intValue(p, "port", 8080),
                intValue(p, "threads", 4),
                Path.of(p.getProperty("backupDirectory", "backups").strip()),
                duration(p, "lockTimeout", Duration.ofSeconds(30)),
                duration(p, "clientTimeout", Duration.ofSeconds(10)),
                intValue(p, "maxBodyBytes", 64 * 1024),
                env.apply(tokenEnv),
                connections);
    }

    /** Whether an environment id is acceptable in a request: the library's rule, {@link Identifier#isEnvironment}. */
    static boolean isEnvironmentId(String value) {
        return Identifier.isEnvironment(value);
    }

    private static String envValue(Function<String, String> env, String variable, String key) {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String value = env.apply(variable.strip());
        if (value == null) {
            throw invalid(key + " names the environment variable " + variable.strip() + ", which is not set.");
        }
        return value;
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int intValue(Properties p, String key, int fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(key + " is '" + value.strip() + "'; expected a whole number.");
        }
    }

    private static Duration duration(Properties p, String key, Duration fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid(key + " is '" + value.strip() + "'; expected an ISO-8601 duration such as PT30S.");
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("HTTP service configuration: " + problem);
    }
}
