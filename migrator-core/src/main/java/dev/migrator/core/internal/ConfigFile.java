package dev.migrator.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.Target;
import dev.migrator.spi.MigrationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON or YAML configuration file and merges it with settings given in code (code wins where it set a value
 * other than the default). Every string value may hold {@code ${ENV_VAR}} or {@code ${ENV_VAR:default}}.
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
 * createSchemas: true
 * outOfOrder: false
 * validateOnMigrate: true
 * installedBy: deploy
 * </pre>
 */
public final class ConfigFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Set<String> TOP_KEYS = Set.of("connections", "locations", "environments", "placeholders",
            "historyTable", "lockTimeout", "createSchemas", "outOfOrder", "validateOnMigrate", "installedBy", "targets",
            "backupDirectory");
    private static final Set<String> CONNECTION_KEYS = Set.of("url", "user", "password", "pool", "connectTimeout", "properties");

    private final Path file;
    private final Function<String, String> environment;

    public ConfigFile(Path file, Function<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /**
     * Reads the file and merges the settings given in code into it.
     *
     * @throws ConfigurationException naming the file, the option and what is wrong with it
     */
    public MigrationSettings mergeInto(MigrationSettings code) {
        try {
            return merge(code);
        } catch (ConfigurationException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                throw e;
            }
            // The settings' own checks (a connection's name, lockTimeout's range...) cannot name the file.
            throw new ConfigurationException("Configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private MigrationSettings merge(MigrationSettings code) {
        JsonNode root = read();
        requireKnown(root, TOP_KEYS, "top level");
        List<ConnectionConfig> connections = new ArrayList<>();
        JsonNode conns = root.path("connections");
        if (!conns.isMissingNode()) {
            requireObject(conns, "connections");
            for (Iterator<Map.Entry<String, JsonNode>> it = conns.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                connections.add(connection(e.getKey(), e.getValue()));
            }
        }
        for (ConnectionConfig c : code.connections()) {
            connections.removeIf(existing -> existing.name().equals(c.name()));
            connections.add(c);
        }
        List<MigrationSettings.Location> locations = new ArrayList<>();
        for (JsonNode loc : array(root.path("locations"), "locations")) {
            if (loc.isTextual()) {
                locations.add(new MigrationSettings.Location(null, text(loc, "locations[]")));
            } else {
                requireKnown(loc, Set.of("connection", "schema", "location"), "locations[]");
                String connection = text(loc.path("connection"), "locations[].connection");
                String schema = loc.hasNonNull("schema") ? text(loc.get("schema"), "locations[].schema") : null;
                locations.add(new MigrationSettings.Location(Target.of(connection, schema),
                        text(loc.path("location"), "locations[].location")));
            }
        }
        locations.addAll(code.locations());
        List<String> environments = new ArrayList<>();
        for (JsonNode env : array(root.path("environments"), "environments")) {
            environments.add(text(env, "environments[]"));
        }
        for (String env : code.environments()) {
            if (!environments.contains(env)) {
                environments.add(env);
            }
        }
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : array(root.path("targets"), "targets")) {
            requireKnown(t, Set.of("connection", "schema"), "targets[]");
            targets.add(Target.of(text(t.path("connection"), "targets[].connection"),
                    t.hasNonNull("schema") ? text(t.get("schema"), "targets[].schema") : null));
        }
        targets.addAll(code.targets());
        Map<String, String> placeholders = new LinkedHashMap<>();
        JsonNode ph = root.path("placeholders");
        if (!ph.isMissingNode()) {
            requireObject(ph, "placeholders");
            ph.fields().forEachRemaining(e -> placeholders.put(e.getKey(), text(e.getValue(), "placeholders." + e.getKey())));
        }
        placeholders.putAll(code.placeholders());

        String historyTable = !code.historyTable().equals(MigrationSettings.DEFAULT_HISTORY_TABLE) || !root.has("historyTable")
                ? code.historyTable()
                : text(root.get("historyTable"), "historyTable");
        Duration lockTimeout = !code.lockTimeout().equals(MigrationSettings.DEFAULT_LOCK_TIMEOUT) || !root.has("lockTimeout")
                ? code.lockTimeout()
                : duration(root.get("lockTimeout"), "lockTimeout");
        boolean createSchemas = code.createSchemas() && bool(root, "createSchemas", true);
        boolean outOfOrder = code.outOfOrder() || bool(root, "outOfOrder", false);
        boolean validateOnMigrate = code.validateOnMigrate() && bool(root, "validateOnMigrate", true);
        String installedBy = code.installedBy() != null || !root.has("installedBy")
                ? code.installedBy()
                : text(root.get("installedBy"), "installedBy");
        return new MigrationSettings(connections, locations, code.scripts(), historyTable, code.listeners(), lockTimeout,
                placeholders, environments, targets, createSchemas, outOfOrder, validateOnMigrate, installedBy, null,
                code.classLoader(), code.backupDirectory() != null || !root.has("backupDirectory")
                        ? code.backupDirectory()
                        : folder(root.get("backupDirectory"), "backupDirectory"));
    }

    private JsonNode read() {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("Configuration file " + file.toAbsolutePath() + " does not exist. "
                    + "Create it or fix the path given to configFile(...).");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        try {
            JsonNode root = mapper.readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new ConfigurationException("Configuration file " + file + " must hold an object with keys such as "
                        + "connections and locations; it holds " + (root == null ? "nothing" : root.getNodeType()) + ".");
            }
            return root;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigurationException("Configuration file " + file + " is malformed at line "
                    + (loc == null ? "?" : loc.getLineNr()) + ", column " + (loc == null ? "?" : loc.getColumnNr())
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
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

    /** Expands {@code ${VAR}} and {@code ${VAR:default}}; an unset variable without a default is an error. */
    String expand(String value, String where) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = environment.apply(m.group(1));
            if (resolved == null) {
                resolved = m.group(2);
            }
            if (resolved == null) {
                throw new ConfigurationException("Configuration file " + file + ", " + where + ": environment variable "
                        + m.group(1) + " is not set and has no default. Set it, or write ${" + m.group(1) + ":default}.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
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

    private boolean bool(JsonNode root, String key, boolean fallback) {
        if (!root.has(key)) {
            return fallback;
        }
        String raw = text(root.get(key), key).strip().toLowerCase(java.util.Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new ConfigurationException("Configuration file " + file + ": " + key + " is '" + raw + "'; expected true or false.");
        }
        return Boolean.parseBoolean(raw);
    }

    private Duration duration(JsonNode node, String where) {
        String raw = text(node, where).strip();
        try {
            return raw.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(raw)) : Duration.parse(raw);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigurationException("Configuration file " + file + ": " + where + " is '" + raw
                    + "'; expected seconds (30) or an ISO-8601 duration (PT30S, PT5M).");
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
