package dev.migrator.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.EnvironmentValues;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigratorConfig;
import dev.migrator.api.Target;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON or YAML configuration file and merges it with settings given in code (code wins where it set a value
 * other than the default). Every string value may hold {@code ${ENV_VAR}} or {@code ${ENV_VAR:default}}, defaults
 * nesting up to {@value EnvironmentValues#MAX_DEPTH} levels ({@code ${DB_USER:${APP_USER:app}}}). A file larger
 * than {@link #MAX_BYTES} is refused before it is read. Both rules are {@link EnvironmentValues}'s. Tools that need
 * the file's contents (the CLI) read it here too, through {@link MigratorConfig#read}, with the environment they were
 * given and top-level sections of their own.
 *
 * <pre>
 * connections:
 *   core:
 *     url: jdbc:postgresql://${DATABASE_HOST:localhost}:${DATABASE_PORT:5432}/${DATABASE_NAME:app}
 *     user: ${DATABASE_USER:postgres}
 *     password: ${DATABASE_PASSWORD:}
 *     pool: { min: 1, max: 8 }
 *     connectTimeout: PT10S
 * locations:
 *   - classpath:db/migration
 *   - { connection: core, schema: "cli_{environment}", location: "filesystem:db/cli" }
 * environments: [dev, prod]
 * placeholders: { owner: app }
 * historyTable: migrator_history
 * lockTimeout: PT5M
 * statementLockTimeout: 5s
 * lockRetries: { attempts: 5, maxBackoff: 10s }
 * lintBeforeMigrate: fail
 * lintThreshold: { rows: 100000, bytes: 100MB }
 * createSchemas: true
 * outOfOrder: false
 * validateOnMigrate: true
 * installedBy: deploy
 * </pre>
 */
public final class ConfigFile {

    private static final Set<String> TOP_KEYS = Set.of("connections", "locations", "environments", "placeholders",
            "historyTable", "lockTimeout", "createSchemas", "outOfOrder", "validateOnMigrate", "installedBy", "targets",
            "backupDirectory", "statementLockTimeout", "lockRetries", "lintBeforeMigrate", "lintThreshold");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");
    private static final Set<String> CONNECTION_KEYS = Set.of("url", "user", "password", "pool", "connectTimeout", "properties");


    /** The largest configuration file read; see {@link EnvironmentValues#MAX_CONFIG_FILE_BYTES}. */
    static final long MAX_BYTES = EnvironmentValues.MAX_CONFIG_FILE_BYTES;

    private final Path file;
    private final Function<String, String> environment;
    private final long maxBytes;

    public ConfigFile(Path file, Function<String, String> environment) {
        this(file, environment, MAX_BYTES);
    }

    /** With another size limit; for the fuzz test, which reaches the limit with small inputs. */
    ConfigFile(Path file, Function<String, String> environment, long maxBytes) {
        this.file = file;
        this.environment = environment;
        this.maxBytes = maxBytes;
    }

    /**
     * Reads the file as it is, for a tool that wraps migrator ({@link MigratorConfig#read}); an empty file says nothing.
     *
     * @param toolSections top-level sections kept as plain values rather than refused as unknown keys
     * @throws ConfigurationException naming the file, the option and what is wrong with it
     */
    public MigratorConfig contents(Set<String> toolSections) {
        return namingTheFile(() -> {
            JsonNode root = new ConfigDocument(file, maxBytes).root();
            return interpret(root == null ? JsonNodeFactory.instance.objectNode() : root, toolSections);
        });
    }

    /**
     * Reads the file and merges the settings given in code into it.
     *
     * @throws ConfigurationException naming the file, the option and what is wrong with it
     */
    public MigrationSettings mergeInto(MigrationSettings code) {
        return namingTheFile(() -> {
            JsonNode root = new ConfigDocument(file, maxBytes).root();
            if (root == null) {
                throw new ConfigurationException("Configuration file " + file + " must hold an object with keys such as "
                        + "connections and locations; it holds nothing.");
            }
            return merge(interpret(root, Set.of()), code);
        });
    }

    private <T> T namingTheFile(Supplier<T> work) {
        try {
            return work.get();
        } catch (ConfigurationException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                throw e;
            }
            // The settings' own checks (a connection's name, lockTimeout's range...) cannot name the file.
            throw new ConfigurationException("Configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private MigratorConfig interpret(JsonNode root, Set<String> toolSections) {
        Set<String> topKeys = new HashSet<>(TOP_KEYS);
        topKeys.addAll(toolSections);
        requireKnown(root, topKeys, "top level");
        List<ConnectionConfig> connections = new ArrayList<>();
        JsonNode conns = root.path("connections");
        if (!conns.isMissingNode()) {
            requireObject(conns, "connections");
            for (Iterator<Map.Entry<String, JsonNode>> it = conns.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                connections.add(connection(e.getKey(), e.getValue()));
            }
        }
        List<MigratorConfig.Location> locations = new ArrayList<>();
        for (JsonNode loc : array(root.path("locations"), "locations")) {
            if (loc.isTextual()) {
                locations.add(new MigratorConfig.Location(Optional.empty(), text(loc, "locations[]")));
            } else {
                requireKnown(loc, Set.of("connection", "schema", "location"), "locations[]");
                String connection = text(loc.path("connection"), "locations[].connection");
                String schema = loc.hasNonNull("schema") ? text(loc.get("schema"), "locations[].schema") : null;
                locations.add(new MigratorConfig.Location(Optional.of(Target.of(connection, schema)),
                        text(loc.path("location"), "locations[].location")));
            }
        }
        List<String> environments = new ArrayList<>();
        for (JsonNode env : array(root.path("environments"), "environments")) {
            environments.add(text(env, "environments[]"));
        }
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : array(root.path("targets"), "targets")) {
            requireKnown(t, Set.of("connection", "schema"), "targets[]");
            targets.add(Target.of(text(t.path("connection"), "targets[].connection"),
                    t.hasNonNull("schema") ? text(t.get("schema"), "targets[].schema") : null));
        }
        Map<String, String> placeholders = new LinkedHashMap<>();
        JsonNode ph = root.path("placeholders");
        if (!ph.isMissingNode()) {
            requireObject(ph, "placeholders");
            ph.fields().forEachRemaining(e -> placeholders.put(e.getKey(), text(e.getValue(), "placeholders." + e.getKey())));
        }
        Map<String, Object> sections = new LinkedHashMap<>();
        for (String section : toolSections) {
            if (root.hasNonNull(section)) { // an empty section says nothing, as an absent one
                sections.put(section, plain(root.get(section), section));
            }
        }
        return new MigratorConfig(file, connections, locations, environments, targets, placeholders,
                optional(root, "historyTable", this::text), optional(root, "lockTimeout", this::duration),
                optional(root, "createSchemas", this::bool), optional(root, "outOfOrder", this::bool),
                optional(root, "validateOnMigrate", this::bool), optional(root, "installedBy", this::text),
                optional(root, "backupDirectory", this::folder), sections,
                optional(root, "statementLockTimeout", this::duration), lockRetries(root, "attempts", this::wholeNumber),
                lockRetries(root, "maxBackoff", this::duration), optional(root, "lintBeforeMigrate", this::lintMode),
                optional(root, "lintThreshold", this::lintThreshold));
    }

    /** {@code off}, {@code warn} or {@code fail}, in any case; YAML reads an unquoted {@code off} as {@code false}. */
    private LintMode lintMode(JsonNode node, String where) {
        if (node.isBoolean() && !node.booleanValue()) {
            return LintMode.OFF;
        }
        String raw = text(node, where).strip();
        for (LintMode mode : LintMode.values()) {
            if (mode.name().equalsIgnoreCase(raw)) {
                return mode;
            }
        }
        throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw
                + "'; expected off, warn or fail.");
    }

    /** {@code { rows: 100000, bytes: 100MB }}; a part left out is {@link LintThreshold#DEFAULT}'s. */
    private LintThreshold lintThreshold(JsonNode node, String where) {
        requireObject(node, where);
        requireKnown(node, Set.of("rows", "bytes"), where);
        long rows = node.has("rows") ? count(node.get("rows"), where + ".rows") : LintThreshold.DEFAULT.rows();
        long bytes = node.has("bytes") ? size(node.get("bytes"), where + ".bytes") : LintThreshold.DEFAULT.bytes();
        if (rows < 1 || bytes < 1) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " is rows=" + rows + ", bytes="
                    + bytes + "; allowed: both 1 or more, e.g. lintThreshold: { rows: 100000, bytes: 100MB } (the default).");
        }
        return new LintThreshold(rows, bytes);
    }

    private long count(JsonNode node, String where) {
        String raw = text(node, where).strip();
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw
                    + "'; expected a whole number.");
        }
    }

    /** Bytes, or a whole number with B, KB, MB, GB or TB (1024-based, as Spring's DataSize), in any case. */
    private long size(JsonNode node, String where) {
        String raw = text(node, where).strip();
        Matcher m = SIZE.matcher(raw.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                int shift = switch (m.group(2) == null ? "b" : m.group(2)) {
                    case "kb" -> 10;
                    case "mb" -> 20;
                    case "gb" -> 30;
                    case "tb" -> 40;
                    default -> 0;
                };
                if (n > (Long.MAX_VALUE >> shift)) {
                    throw new NumberFormatException(raw);
                }
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw
                + "'; expected bytes (104857600) or a whole number with B, KB, MB, GB or TB (100MB, 1GB; 1KB = 1024 bytes).");
    }

    /** A key of the {@code lockRetries} object: {@code attempts} (required) and {@code maxBackoff}. */
    private <T> Optional<T> lockRetries(JsonNode root, String key, BiFunction<JsonNode, String, T> read) {
        JsonNode node = root.path("lockRetries");
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        requireObject(node, "lockRetries");
        requireKnown(node, Set.of("attempts", "maxBackoff"), "lockRetries");
        if (!node.has("attempts")) {
            throw new ConfigurationException("Configuration file " + file + ": lockRetries needs attempts (1 to 100), e.g."
                    + " lockRetries: { attempts: 5, maxBackoff: 10s }.");
        }
        return node.has(key) ? Optional.of(read.apply(node.get(key), "lockRetries." + key)) : Optional.empty();
    }

    private int wholeNumber(JsonNode node, String where) {
        return integer(node, where, 0);
    }

    private static <T> Optional<T> optional(JsonNode root, String key, BiFunction<JsonNode, String, T> read) {
        return root.has(key) ? Optional.of(read.apply(root.get(key), key)) : Optional.empty();
    }

    /** Code wins where it set a value other than the default; lists and maps are the file's plus the code's. */
    private static MigrationSettings merge(MigratorConfig file, MigrationSettings code) {
        List<ConnectionConfig> connections = new ArrayList<>(file.connections());
        for (ConnectionConfig c : code.connections()) {
            connections.removeIf(existing -> existing.name().equals(c.name()));
            connections.add(c);
        }
        List<MigrationSettings.Location> locations = new ArrayList<>();
        file.locations().forEach(l -> locations.add(new MigrationSettings.Location(l.target().orElse(null), l.location())));
        locations.addAll(code.locations());
        List<String> environments = new ArrayList<>(file.environments());
        for (String env : code.environments()) {
            if (!environments.contains(env)) {
                environments.add(env);
            }
        }
        List<Target> targets = new ArrayList<>(file.targets());
        targets.addAll(code.targets());
        Map<String, String> placeholders = new LinkedHashMap<>(file.placeholders());
        placeholders.putAll(code.placeholders());
        String historyTable = code.historyTable().equals(MigrationSettings.DEFAULT_HISTORY_TABLE)
                ? file.historyTable().orElse(code.historyTable())
                : code.historyTable();
        Duration lockTimeout = code.lockTimeout().equals(MigrationSettings.DEFAULT_LOCK_TIMEOUT)
                ? file.lockTimeout().orElse(code.lockTimeout())
                : code.lockTimeout();
        boolean createSchemas = code.createSchemas() && file.createSchemas().orElse(true);
        boolean outOfOrder = code.outOfOrder() || file.outOfOrder().orElse(false);
        boolean validateOnMigrate = code.validateOnMigrate() && file.validateOnMigrate().orElse(true);
        String installedBy = code.installedBy() != null ? code.installedBy() : file.installedBy().orElse(null);
        Path backupDirectory = code.backupDirectory() != null ? code.backupDirectory() : file.backupDirectory().orElse(null);
        Duration statementLockTimeout = code.statementLockTimeout().equals(MigrationSettings.DEFAULT_STATEMENT_LOCK_TIMEOUT)
                ? file.statementLockTimeout().orElse(code.statementLockTimeout())
                : code.statementLockTimeout();
        // lockRetries(attempts, maxBackoff) is one call in code: when it left both at their defaults, the file's apply.
        boolean retriesInCode = code.lockRetryAttempts() != MigrationSettings.DEFAULT_LOCK_RETRY_ATTEMPTS
                || !code.lockRetryMaxBackoff().equals(MigrationSettings.DEFAULT_LOCK_RETRY_MAX_BACKOFF);
        int attempts = retriesInCode ? code.lockRetryAttempts() : file.lockRetryAttempts().orElse(code.lockRetryAttempts());
        Duration maxBackoff = retriesInCode ? code.lockRetryMaxBackoff()
                : file.lockRetryMaxBackoff().orElse(code.lockRetryMaxBackoff());
        // lintBeforeMigrate and lintThreshold: the code's win where they are not the defaults (OFF, LintThreshold.DEFAULT).
        LintMode lintMode = code.lint().beforeMigrate() != LintMode.OFF ? code.lint().beforeMigrate()
                : file.lintBeforeMigrate().orElse(LintMode.OFF);
        LintThreshold lintThreshold = !code.lint().threshold().equals(LintThreshold.DEFAULT) ? code.lint().threshold()
                : file.lintThreshold().orElse(LintThreshold.DEFAULT);
        return new MigrationSettings(connections, locations, code.scripts(), historyTable, code.listeners(), lockTimeout,
                placeholders, environments, targets, createSchemas, outOfOrder, validateOnMigrate, installedBy, null,
                code.classLoader(), backupDirectory, new MigrationSettings.Lint(lintMode, lintThreshold), statementLockTimeout, attempts, maxBackoff,
                code.repeatables(), code.callbacks());
    }

    private ConnectionConfig connection(String name, JsonNode node) {
        String where = "connections." + name;
        requireObject(node, where);
        requireKnown(node, CONNECTION_KEYS, where);
        String url = text(node.path("url"), where + ".url");
        String user = node.hasNonNull("user") ? text(node.get("user"), where + ".user") : null;
        String password = node.hasNonNull("password") ? text(node.get("password"), where + ".password") : null;
        if (password != null && password.isEmpty()) {
            password = null;
        }
        ConnectionConfig config = ConnectionConfig.of(name, url, user, password);
        JsonNode pool = node.path("pool");
        if (!pool.isMissingNode()) {
            requireKnown(pool, Set.of("min", "max"), where + ".pool");
            config = config.withPool(integer(pool.path("min"), where + ".pool.min", 0),
                    integer(pool.path("max"), where + ".pool.max", ConnectionConfig.DEFAULT_POOL_MAX));
        }
        if (node.has("connectTimeout")) {
            config = config.withConnectTimeout(duration(node.get("connectTimeout"), where + ".connectTimeout"));
        }
        JsonNode props = node.path("properties");
        if (!props.isMissingNode()) {
            Map<String, String> map = new LinkedHashMap<>();
            props.fields().forEachRemaining(e -> map.put(e.getKey(), text(e.getValue(), where + ".properties." + e.getKey())));
            config = config.withProperties(map);
        }
        return config;
    }

    /** Expands {@code ${VAR}}, {@code ${VAR:default}} and nested defaults; see {@link EnvironmentValues}. */
    String expand(String value, String where) {
        try {
            return EnvironmentValues.expand(value, environment);
        } catch (ConfigurationException e) {
            throw new ConfigurationException("Configuration file " + file + ", " + where + ": " + e.getMessage(), e);
        }
    }

    private String text(JsonNode node, String where) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " must be a text value.");
        }
        return expand(node.asText(), where);
    }

    private int integer(JsonNode node, String where, int fallback) {
        if (node.isMissingNode()) {
            return fallback;
        }
        String raw = text(node, where);
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw + "'; expected a whole number.");
        }
    }

    private boolean bool(JsonNode node, String key) {
        String raw = text(node, key).strip().toLowerCase(Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new ConfigurationException("Configuration file " + file + ": " + key + " is '" + raw + "'; expected true or false.");
        }
        return Boolean.parseBoolean(raw);
    }

    /** As {@link MigratorConfig#parseDuration}: seconds, ISO-8601 ({@code PT30S}) or a short form ({@code 30s}, {@code 5m}). */
    private Duration duration(JsonNode node, String where) {
        String raw = text(node, where).strip();
        try {
            return MigratorConfig.parseDuration(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw
                    + "'; expected seconds (30), a number with ms, s, m, h, d or w (30s, 5m) or an ISO-8601 duration"
                    + " (PT30S, PT5M).");
        }
    }

    /** A folder, relative to the file's own. */
    private Path folder(JsonNode node, String where) {
        String raw = text(node, where);
        try {
            return file.toAbsolutePath().getParent().resolve(raw);
        } catch (InvalidPathException e) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw
                    + "', which is not a path here (" + e.getReason() + "); give a folder such as backups or "
                    + "/var/backups/app.");
        }
    }

    /** A tool's own section as plain values, every text expanded; {@code where} names the option in messages. */
    private Object plain(JsonNode node, String where) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue(), where + "." + e.getKey())));
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item, where + "[]")));
            return Collections.unmodifiableList(list);
        }
        return node.isNull() ? null : expand(node.asText(), where);
    }

    private List<JsonNode> array(JsonNode node, String where) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return list;
        }
        if (!node.isArray()) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " must be a list.");
        }
        node.forEach(list::add);
        return list;
    }

    private void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " must be an object.");
        }
    }

    private void requireKnown(JsonNode node, Set<String> known, String where) {
        if (!node.isObject()) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " must be an object.");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw new ConfigurationException("Configuration file " + file + ": unknown key '" + key + "' at " + where
                        + ". Allowed: " + known.stream().sorted().toList() + ".");
            }
        });
    }
}
