package dev.migrator.examples.cli;

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
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective configuration of one run: the config file, then the {@code DATABASE_*} environment variables, then
 * the flags, each overriding the one before for the primary connection (the file's first, else {@code default}).
 *
 * <p>The file has the format of {@code MigrationManager.Builder.configFile(...)} plus two sections of the tool's own,
 * {@code backupDirectory} and {@code metadata}. The tool reads it itself rather than handing it to
 * {@code configFile(...)}: the engine expands {@code ${VAR}} from the process environment only and refuses keys it does
 * not know, and the tool expands from the environment it was given (tests inject one) and has keys of its own. The
 * rules are the engine's all the same, from {@link EnvironmentValues}: nested defaults, malformed expressions refused
 * with their line, and the size limit checked before the file is read.
 */
final class Settings {

    static final String DEFAULT_CONNECTION = "default";
    static final List<String> DEFAULT_FILES = List.of("migrator.yaml", "migrator.yml", "migrator.json");

    private static final Set<String> TOP_KEYS = Set.of("connections", "locations", "environments", "placeholders",
            "historyTable", "lockTimeout", "createSchemas", "outOfOrder", "validateOnMigrate", "installedBy", "targets",
            "backupDirectory", "metadata");
    private static final Set<String> CONNECTION_KEYS =
            Set.of("url", "user", "password", "pool", "connectTimeout", "properties");

    /** A script location, for every target or for one. */
    record Location(Target target, String location) {}

    /** A connection and where its URL came from ("config file", "DATABASE_URL", "--url"). */
    record Connection(ConnectionConfig config, String source) {}

    final Path configFile;
    final Map<String, Connection> connections = new LinkedHashMap<>();
    final List<Location> locations = new ArrayList<>();
    final List<String> environments = new ArrayList<>();
    final Map<String, String> placeholders = new LinkedHashMap<>();
    final List<Target> targets = new ArrayList<>();
    String historyTable;
    Duration lockTimeout;
    Boolean createSchemas;
    Boolean outOfOrder;
    Boolean validateOnMigrate;
    String installedBy;
    Path backupDirectory;
    final List<LoaderSpec> metadataLoaders = new ArrayList<>();
    String metadataDefault;
    final List<String> metadataTypes = new ArrayList<>();
    /** Every password and passphrase seen, scrubbed from all output. */
    final Set<String> secrets = new LinkedHashSet<>();

    private final Map<String, String> env;
    private final Path workDir;

    private Settings(Path configFile, Map<String, String> env, Path workDir) {
        this.configFile = configFile;
        this.env = env;
        this.workDir = workDir;
    }

    /** Reads the file (if any), the environment and the flags. */
    static Settings resolve(CommonOptions flags, Map<String, String> env, Path workDir) {
        Path file = null;
        if (flags.config != null) {
            file = workDir.resolve(flags.config).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("Configuration file " + file + " (--config) does not exist. Fix the path, or "
                        + "leave --config out to use migrator.yaml in the working directory or the DATABASE_* variables.");
            }
        } else {
            for (String name : DEFAULT_FILES) {
                Path candidate = workDir.resolve(name).toAbsolutePath().normalize();
                if (Files.isRegularFile(candidate)) {
                    file = candidate;
                    break;
                }
            }
        }
        Settings s = new Settings(file, env, workDir);
        if (file != null) {
            s.readFile(file);
        }
        s.applyEnvironment();
        s.applyFlags(flags);
        return s;
    }

    /** The connection the environment and the flags apply to. */
    String primaryConnection() {
        return connections.isEmpty() ? DEFAULT_CONNECTION : connections.keySet().iterator().next();
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    Path resolvePath(String path) {
        return workDir.resolve(path).toAbsolutePath().normalize();
    }

    /** A secret read from the environment variable named by a {@code --...-env} option. */
    String secretFromEnv(String variable, String option) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            throw CliException.usage("Environment variable " + variable + " (named by " + option + ") is not set. "
                    + "Export it, e.g. read -rs " + variable + " && export " + variable + ".");
        }
        secrets.add(value);
        return value;
    }

    /** Replaces every known secret in {@code text} with {@code ****}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret.length() >= 2) {
                out = out.replace(secret, "****");
            }
        }
        return ConnectionConfig.mask(out);
    }

    /** Masks credentials in URLs only; for errors before the settings were read. */
    static String maskOnly(String text) {
        return ConnectionConfig.mask(text);
    }

    // ---------------------------------------------------------------- environment and flags

    private void applyEnvironment() {
        String url = env("DATABASE_URL");
        String[] parsed = null;
        if (url != null) {
            parsed = fromUrl(url, "DATABASE_URL");
        } else if (env("DATABASE_HOST") != null || env("DATABASE_PORT") != null || env("DATABASE_NAME") != null
                || env("DATABASE_TYPE") != null) {
            parsed = new String[] {fromParts(), null, null};
        }
        String user = env("DATABASE_USER");
        String password = env("DATABASE_PASSWORD");
        if (parsed == null && user == null && password == null) {
            return;
        }
        String source = url != null ? "DATABASE_URL" : "DATABASE_HOST/PORT/NAME";
        // Credentials written in DATABASE_URL are the whole story; DATABASE_USER/PASSWORD fill what it leaves out.
        override(parsed == null ? null : parsed[0],
                parsed != null && parsed[1] != null ? parsed[1] : user,
                parsed != null && parsed[2] != null ? parsed[2] : password,
                parsed == null ? null : source);
    }

    private void applyFlags(CommonOptions flags) {
        String[] parsed = flags.url == null ? null : fromUrl(flags.url, "--url");
        String password = flags.passwordEnv == null ? null : secretFromEnv(flags.passwordEnv, "--password-env");
        String user = flags.user != null ? flags.user : parsed == null ? null : parsed[1];
        if (password == null && parsed != null) {
            password = parsed[2];
        }
        if (parsed != null || user != null || password != null) {
            override(parsed == null ? null : parsed[0], user, password, parsed == null ? null : "--url");
        }
        if (flags.backupDir != null) {
            backupDirectory = resolvePath(flags.backupDir);
        }
        for (String location : flags.locations) {
            locations.add(new Location(null, location(location, workDir)));
        }
    }

    private void override(String url, String user, String password, String source) {
        String name = primaryConnection();
        Connection existing = connections.get(name);
        if (password != null) {
            secrets.add(password);
        }
        if (existing == null) {
            if (url == null) {
                return; // a user or password alone configures nothing; the "nothing configured" hint says what to add
            }
            connections.put(name, new Connection(ConnectionConfig.of(name, url, user, password), source));
            return;
        }
        ConnectionConfig c = existing.config();
        connections.put(name, new Connection(new ConnectionConfig(name, url != null ? url : c.url(),
                user != null ? user : c.user(), password != null ? password : c.password(), null, c.poolMin(), c.poolMax(),
                c.connectTimeout(), c.properties()), url != null ? source : existing.source()));
    }

    /** {@code [jdbcUrl, user, password]} from a JDBC URL, {@code postgres://}, {@code mysql://} or {@code mongodb://}. */
    private String[] fromUrl(String url, String where) {
        if (url.startsWith("jdbc:") || url.startsWith("mongodb://") || url.startsWith("mongodb+srv://")) {
            Matcher m = Pattern.compile("://[^:/@?]*:([^@/]*)@").matcher(url);
            if (m.find()) {
                secrets.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
                secrets.add(m.group(1));
            }
            return new String[] {url, null, null};
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(where + " is not a valid URL (" + ConnectionConfig.mask(url) + "). Expected a JDBC URL "
                    + "(jdbc:postgresql://host:5432/db), postgres://user:password@host:5432/db, mysql://... or mongodb://...");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String jdbcScheme = switch (scheme) {
            case "postgres", "postgresql" -> "postgresql";
            case "mysql", "mariadb" -> "mysql";
            default -> throw CliException.usage(where + " has scheme '" + scheme + "' (" + ConnectionConfig.mask(url)
                    + "); expected jdbc:..., postgres://, postgresql://, mysql://, mariadb:// or mongodb://.");
        };
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length > 1) {
                password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                secrets.add(parts[1]);
            }
        }
        String jdbc = "jdbc:" + jdbcScheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new String[] {jdbc, user, password};
    }

    private String fromParts() {
        String type = env("DATABASE_TYPE") == null ? "postgresql" : env("DATABASE_TYPE").toLowerCase(Locale.ROOT);
        String host = env("DATABASE_HOST") == null ? "localhost" : env("DATABASE_HOST");
        String port = env("DATABASE_PORT");
        if (port != null && !port.matches("\\d{1,5}")) {
            throw CliException.usage("DATABASE_PORT is '" + port + "'; expected a port number such as 5432.");
        }
        String name = env("DATABASE_NAME");
        return switch (type) {
            case "postgresql", "postgres" -> "jdbc:postgresql://" + host + ":" + (port == null ? "5432" : port) + "/"
                    + (name == null ? "postgres" : name);
            case "mysql", "mariadb" -> "jdbc:mysql://" + host + ":" + (port == null ? "3306" : port) + "/"
                    + required(name, type);
            case "mongodb", "mongo" -> "mongodb://" + host + ":" + (port == null ? "27017" : port) + "/"
                    + required(name, type);
            default -> throw CliException.usage("DATABASE_TYPE is '" + env("DATABASE_TYPE")
                    + "'; expected postgresql (the default), mysql, mariadb or mongodb.");
        };
    }

    private static String required(String name, String type) {
        if (name == null) {
            throw CliException.usage("DATABASE_NAME is not set; a " + type + " connection needs the database's name. "
                    + "Set DATABASE_NAME, or give the whole DATABASE_URL.");
        }
        return name;
    }

    /** {@code filesystem:} with an absolute path for a bare or relative folder; other locations unchanged. */
    static String location(String raw, Path base) {
        if (raw.startsWith("classpath:")) {
            return raw;
        }
        String path = raw.startsWith("filesystem:") ? raw.substring("filesystem:".length()) : raw;
        return "filesystem:" + base.resolve(path).toAbsolutePath().normalize();
    }

    // ---------------------------------------------------------------- the file

    private void readFile(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            String text = boundedText(file);
            checkExpressions(mapper, text);
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw CliException.usage("Configuration file " + file + " is malformed at line "
                    + (loc == null ? "?" : loc.getLineNr()) + ", column " + (loc == null ? "?" : loc.getColumnNr()) + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw CliException.usage("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw bad("must hold an object with keys such as connections and locations");
        }
        known(root, TOP_KEYS, "the top level");
        Path base = file.getParent();
        JsonNode conns = root.path("connections");
        if (!conns.isMissingNode()) {
            conns.fields().forEachRemaining(e -> connections.put(e.getKey(),
                    new Connection(connection(e.getKey(), e.getValue()), "config file")));
        }
        for (JsonNode loc : array(root.path("locations"), "locations")) {
            if (loc.isTextual()) {
                locations.add(new Location(null, location(text(loc, "locations[]"), base)));
            } else {
                known(loc, Set.of("connection", "schema", "location"), "locations[]");
                locations.add(new Location(
                        Target.of(text(loc.path("connection"), "locations[].connection"),
                                loc.hasNonNull("schema") ? text(loc.get("schema"), "locations[].schema") : null),
                        location(text(loc.path("location"), "locations[].location"), base)));
            }
        }
        for (JsonNode e : array(root.path("environments"), "environments")) {
            environments.add(text(e, "environments[]"));
        }
        for (JsonNode t : array(root.path("targets"), "targets")) {
            known(t, Set.of("connection", "schema"), "targets[]");
            targets.add(Target.of(text(t.path("connection"), "targets[].connection"),
                    t.hasNonNull("schema") ? text(t.get("schema"), "targets[].schema") : null));
        }
        root.path("placeholders").fields().forEachRemaining(
                e -> placeholders.put(e.getKey(), text(e.getValue(), "placeholders." + e.getKey())));
        if (root.has("historyTable")) {
            historyTable = text(root.get("historyTable"), "historyTable");
        }
        if (root.has("lockTimeout")) {
            lockTimeout = duration(text(root.get("lockTimeout"), "lockTimeout"), "lockTimeout");
        }
        createSchemas = bool(root, "createSchemas");
        outOfOrder = bool(root, "outOfOrder");
        validateOnMigrate = bool(root, "validateOnMigrate");
        if (root.has("installedBy")) {
            installedBy = text(root.get("installedBy"), "installedBy");
        }
        if (root.has("backupDirectory")) {
            backupDirectory = base.resolve(text(root.get("backupDirectory"), "backupDirectory")).normalize();
        }
        JsonNode metadata = root.path("metadata");
        if (!metadata.isMissingNode()) {
            metadata(metadata, base);
        }
    }

    /**
     * The file's text. Its size is checked before reading, since the parsers hold the whole document in memory; the
     * read is bounded too, for a file that grows after its size was checked.
     */
    private static String boundedText(Path file) throws IOException {
        long limit = EnvironmentValues.MAX_CONFIG_FILE_BYTES;
        long size = Files.size(file);
        if (size > limit) {
            throw CliException.usage("Configuration file " + file + " is " + size + " bytes; a configuration file may"
                    + " hold at most " + limit + " bytes (1 MiB). Nothing was read. Check that it is the file you meant:"
                    + " connections and settings belong there, data does not.");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(Math.toIntExact(limit + 1));
        }
        if (bytes.length > limit) {
            throw CliException.usage("Configuration file " + file + " grew past " + limit + " bytes, the limit for a"
                    + " configuration file, while it was being read; it was not used. Check what writes it.");
        }
        // Strict, as Files.readString was: a file that is not UTF-8 is refused rather than read with U+FFFD in it.
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            throw CliException.usage("Configuration file " + file + " is not UTF-8 text: byte " + in.position()
                    + " starts no UTF-8 character. Save the file as UTF-8.");
        }
        return out.flip().toString();
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
                try {
                    EnvironmentValues.check(parser.getText());
                } catch (ConfigurationException e) {
                    JsonLocation at = parser.currentTokenLocation();
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    String option = pointer.isEmpty() ? "top level" : pointer.substring(1).replace('/', '.');
                    throw CliException.usage("Configuration file " + configFile + ", line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + " (" + option + "): " + (EnvironmentValues.isSecret(option)
                                    ? EnvironmentValues.secretProblem() : e.getMessage()));
                }
            }
        }
    }

    private void metadata(JsonNode node, Path base) {
        known(node, Set.of("loaders", "default", "types"), "metadata");
        for (JsonNode t : array(node.path("types"), "metadata.types")) {
            metadataTypes.add(text(t, "metadata.types[]"));
        }
        if (node.has("default")) {
            metadataDefault = text(node.get("default"), "metadata.default");
        }
        node.path("loaders").fields().forEachRemaining(e -> {
            String where = "metadata.loaders." + e.getKey();
            JsonNode l = e.getValue();
            known(l, Set.of("directory", "connection", "url", "user", "password", "schema", "table", "autoMigrate", "uri"),
                    where);
            String password = l.hasNonNull("password") ? text(l.get("password"), where + ".password") : null;
            if (password != null) {
                secrets.add(password);
            }
            LoaderSpec spec = new LoaderSpec(e.getKey(),
                    l.has("directory") ? base.resolve(text(l.get("directory"), where + ".directory")).normalize() : null,
                    l.has("connection") ? text(l.get("connection"), where + ".connection") : null,
                    l.has("url") ? text(l.get("url"), where + ".url") : null,
                    l.hasNonNull("user") ? text(l.get("user"), where + ".user") : null, password,
                    l.hasNonNull("schema") ? text(l.get("schema"), where + ".schema") : null,
                    l.has("table") ? text(l.get("table"), where + ".table") : null, bool(l, "autoMigrate"),
                    l.has("uri") ? text(l.get("uri"), where + ".uri") : null);
            if (spec.directory() == null && spec.connection() == null && spec.url() == null && spec.uri() == null) {
                throw bad(where + " needs directory (a folder of files), connection or url (a database table), or "
                        + "uri (a MongoDB collection)");
            }
            metadataLoaders.add(spec);
        });
    }

    /** A metadata loader as written in the file; a {@code connection} is looked up when the loader is opened. */
    record LoaderSpec(String name, Path directory, String connection, String url, String user, String password,
            String schema, String table, Boolean autoMigrate, String uri) {}

    /** The loader's configuration, with a named connection's URL and credentials after the environment and flags. */
    MetadataLoaderConfig loaderConfig(LoaderSpec spec) {
        MetadataLoaderConfig config;
        if (spec.directory() != null) {
            config = MetadataLoaderConfig.file(spec.name(), spec.directory());
        } else if (spec.uri() != null) {
            config = MetadataLoaderConfig.mongodb(spec.name(), spec.uri());
        } else if (spec.connection() != null) {
            Connection c = connections.get(spec.connection());
            if (c == null) {
                throw CliException.usage("Metadata loader '" + spec.name() + "' names connection '" + spec.connection()
                        + "', which is not configured; configured: " + connections.keySet() + ".");
            }
            if (c.config().url().startsWith("mongodb")) {
                config = MetadataLoaderConfig.mongodb(spec.name(), c.config().url());
            } else {
                config = MetadataLoaderConfig.database(spec.name(), c.config().url(), c.config().user(),
                        c.config().password(), spec.schema());
            }
        } else {
            String[] parsed = fromUrl(spec.url(), "metadata.loaders." + spec.name() + ".url");
            config = MetadataLoaderConfig.database(spec.name(), parsed[0], spec.user() != null ? spec.user() : parsed[1],
                    spec.password() != null ? spec.password() : parsed[2], spec.schema());
        }
        if (spec.table() != null) {
            config = config.withTable(spec.table());
        }
        if (spec.autoMigrate() != null) {
            config = config.withAutoMigrate(spec.autoMigrate());
        }
        return config;
    }

    private ConnectionConfig connection(String name, JsonNode node) {
        String where = "connections." + name;
        if (!node.isObject()) {
            throw bad(where + " must be an object with url, user, password");
        }
        known(node, CONNECTION_KEYS, where);
        String url = text(node.path("url"), where + ".url");
        String[] parsed = fromUrl(url, where + ".url");
        String user = node.hasNonNull("user") ? text(node.get("user"), where + ".user") : parsed[1];
        String password = node.hasNonNull("password") ? text(node.get("password"), where + ".password") : parsed[2];
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (password != null) {
            secrets.add(password);
        }
        ConnectionConfig config = ConnectionConfig.of(name, parsed[0], user, password);
        JsonNode pool = node.path("pool");
        if (!pool.isMissingNode()) {
            known(pool, Set.of("min", "max"), where + ".pool");
            config = config.withPool(integer(pool.path("min"), where + ".pool.min", 0),
                    integer(pool.path("max"), where + ".pool.max", ConnectionConfig.DEFAULT_POOL_MAX));
        }
        if (node.has("connectTimeout")) {
            config = config.withConnectTimeout(duration(text(node.get("connectTimeout"), where + ".connectTimeout"),
                    where + ".connectTimeout"));
        }
        JsonNode props = node.path("properties");
        if (!props.isMissingNode()) {
            Map<String, String> map = new LinkedHashMap<>();
            props.fields().forEachRemaining(e -> map.put(e.getKey(), text(e.getValue(), where + ".properties." + e.getKey())));
            config = config.withProperties(map);
        }
        return config;
    }

    /** Expands {@code ${VAR}}, {@code ${VAR:default}} and nested defaults from the environment the tool was given. */
    private String expand(String value, String where) {
        try {
            return EnvironmentValues.expand(value, env::get);
        } catch (ConfigurationException e) {
            throw CliException.usage("Configuration file " + configFile + ": " + where + ": " + e.getMessage());
        }
    }

    private String text(JsonNode node, String where) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            throw bad(where + " must be a text value");
        }
        return expand(node.asText(), where);
    }

    private List<JsonNode> array(JsonNode node, String where) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw bad(where + " must be a list");
        }
        node.forEach(out::add);
        return out;
    }

    private int integer(JsonNode node, String where, int fallback) {
        if (node.isMissingNode()) {
            return fallback;
        }
        String raw = text(node, where).strip();
        if (!raw.matches("\\d{1,9}")) {
            throw bad(where + " is '" + raw + "'; expected a whole number");
        }
        return Integer.parseInt(raw);
    }

    private Boolean bool(JsonNode node, String key) {
        if (!node.has(key)) {
            return null;
        }
        String raw = text(node.get(key), key).strip().toLowerCase(Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            throw bad(key + " is '" + raw + "'; expected true or false");
        }
        return Boolean.parseBoolean(raw);
    }

    private void known(JsonNode node, Set<String> keys, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw bad("unknown key '" + k + "' in " + where + "; known keys: " + new java.util.TreeSet<>(keys));
            }
        });
    }

    private CliException bad(String what) {
        return CliException.usage("Configuration file " + configFile + ": " + what + ".");
    }

    /** Seconds, ISO-8601 ({@code PT30S}) or a short form ({@code 30s}, {@code 5m}, {@code 12h}, {@code 7d}). */
    static Duration duration(String raw, String where) {
        String v = raw.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            }
            return Duration.parse(raw.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw CliException.usage(where + " is '" + raw + "'; expected a duration such as 30s, 5m, 12h, 7d or PT30S.");
        }
    }
}
