package dev.migrator.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.EnvironmentValues;
import dev.migrator.api.Target;
import dev.migrator.spi.engine.MigrationSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
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

/**
 * Reads a JSON or YAML configuration file and merges it with settings given in code (code wins where it set a value
 * other than the default). Every string value may hold {@code ${ENV_VAR}} or {@code ${ENV_VAR:default}}, defaults
 * nesting up to {@value EnvironmentValues#MAX_DEPTH} levels ({@code ${DB_USER:${APP_USER:app}}}). A file larger
 * than {@link #MAX_BYTES} is refused before it is read. Both rules are {@link EnvironmentValues}'s, which tools that
 * read these files themselves (the CLI) use too.
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

    private static final Set<String> TOP_KEYS = Set.of("connections", "locations", "environments", "placeholders",
            "historyTable", "lockTimeout", "createSchemas", "outOfOrder", "validateOnMigrate", "installedBy", "targets",
            "backupDirectory");
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
        String text = boundedText();
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        try {
            checkExpressions(mapper, text);
            JsonNode root = mapper.readTree(text);
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

    /**
     * The file's text, at most {@link #MAX_BYTES} of it. The size is checked before reading: parsers read the whole
     * document into memory first (a 108 MB YAML file took 147 MB of heap before SnakeYAML refused it), and JSON had no
     * limit at all. The read itself is bounded too, for a file that grows after its size was checked.
     */
    private String boundedText() {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(Files.exists(file)
                    ? "Configuration file " + file.toAbsolutePath() + " is not a regular file (a folder, pipe or device). "
                            + "Give the path of a .yaml, .yml or .json file to configFile(...)."
                    : "Configuration file " + file.toAbsolutePath() + " does not exist. "
                            + "Create it or fix the path given to configFile(...).");
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(size);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                throw new ConfigurationException("Configuration file " + file + " grew past " + maxBytes + " bytes, the "
                        + "limit for a configuration file, while it was being read; it was not used. Check what writes it.");
            }
            return utf8(bytes);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Strict, as Files.readString was: a file that is not UTF-8 is refused rather than read with U+FFFD in it. */
    private String utf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            throw new ConfigurationException("Configuration file " + file + " is not UTF-8 text: byte " + in.position()
                    + " starts no UTF-8 character. Save the file as UTF-8.");
        }
        return out.flip().toString();
    }

    private ConfigurationException tooLarge(long size) {
        return new ConfigurationException("Configuration file " + file + " is " + size + " bytes; a configuration file "
                + "may hold at most " + maxBytes + " bytes" + (maxBytes == MAX_BYTES ? " (1 MiB)" : "") + ". Nothing was "
                + "read. Check that it is the file you meant: connections and settings belong there, data does not.");
    }

    /**
     * Checks every text value's {@code ${...}} expressions while the parser still knows where each value is, so that a
     * malformed one is reported with its line; expansion happens later, option by option.
     */
    private void checkExpressions(ObjectMapper mapper, String text) throws IOException {
        try (JsonParser parser = mapper.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    continue;
                }
                String value = parser.getText();
                if (value.indexOf("${") < 0) {
                    continue;
                }
                try {
                    EnvironmentValues.check(value);
                } catch (ConfigurationException e) {
                    JsonLocation at = parser.currentTokenLocation();
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    String option = pointer.isEmpty() ? "top level" : pointer.substring(1).replace('/', '.');
                    if (EnvironmentValues.isSecret(option)) {
                        // Neither the message nor a cause may carry the value.
                        throw new ConfigurationException("Configuration file " + file + ", line " + at.getLineNr()
                                + ", column " + at.getColumnNr() + " (" + option + "): " + EnvironmentValues.secretProblem());
                    }
                    throw new ConfigurationException("Configuration file " + file + ", line " + at.getLineNr()
                            + ", column " + at.getColumnNr() + " (" + option + "): " + e.getMessage(), e);
                }
            }
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
