package dev.migrator.cli;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigratorConfig;
import dev.migrator.api.Target;
import dev.migrator.cli.MetadataSection.LoaderSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective configuration of one run: the config file, then the {@code DATABASE_*} environment variables, then
 * the flags, each overriding the one before for the primary connection (the file's first, else {@code default}).
 *
 * <p>The file has the format of {@code MigrationManager.Builder.configFile(...)} plus a section of the tool's own,
 * {@code metadata}. The library reads it ({@link MigratorConfig#read}) with the environment the tool was given (tests
 * inject one), so that one file means the same to both: the same keys, expressions, size limit and messages. The tool
 * then does what only it does: it accepts {@code postgres://user:password@host/db} URLs, resolves relative locations
 * and folders against the file's folder, and remembers every password to scrub it from its output.
 */
final class Settings {

    static final String DEFAULT_CONNECTION = "default";
    static final List<String> DEFAULT_FILES = List.of("migrator.yaml", "migrator.yml", "migrator.json");

    /** The top-level sections of the file that are the tool's own, not the library's. */
    private static final Set<String> TOOL_SECTIONS = Set.of("metadata");

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
    Duration statementLockTimeout;
    Integer lockRetryAttempts;
    Duration lockRetryMaxBackoff;
    LintMode lintBeforeMigrate;
    LintThreshold lintThreshold;
    Boolean createSchemas;
    Boolean outOfOrder;
    Boolean validateOnMigrate;
    String installedBy;
    Path backupDirectory;
    MetadataSection metadata = new MetadataSection(List.of(), null, List.of());
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
        DatabaseUrl parsed = null;
        if (url != null) {
            parsed = DatabaseUrl.parse(url, "DATABASE_URL", secrets::add);
        } else if (env("DATABASE_HOST") != null || env("DATABASE_PORT") != null || env("DATABASE_NAME") != null
                || env("DATABASE_TYPE") != null) {
            parsed = DatabaseUrl.fromParts(this::env);
        }
        String user = env("DATABASE_USER");
        String password = env("DATABASE_PASSWORD");
        if (parsed == null && user == null && password == null) {
            return;
        }
        String source = url != null ? "DATABASE_URL" : "DATABASE_HOST/PORT/NAME";
        // Credentials written in DATABASE_URL are the whole story; DATABASE_USER/PASSWORD fill what it leaves out.
        override(parsed == null ? null : parsed.url(),
                parsed != null && parsed.user() != null ? parsed.user() : user,
                parsed != null && parsed.password() != null ? parsed.password() : password,
                parsed == null ? null : source);
    }

    private void applyFlags(CommonOptions flags) {
        DatabaseUrl parsed = flags.url == null ? null : DatabaseUrl.parse(flags.url, "--url", secrets::add);
        String password = flags.passwordEnv == null ? null : secretFromEnv(flags.passwordEnv, "--password-env");
        String user = flags.user != null ? flags.user : parsed == null ? null : parsed.user();
        if (password == null && parsed != null) {
            password = parsed.password();
        }
        if (parsed != null || user != null || password != null) {
            override(parsed == null ? null : parsed.url(), user, password, parsed == null ? null : "--url");
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

    /** {@code filesystem:} with an absolute path for a bare or relative folder; other locations unchanged. */
    static String location(String raw, Path base) {
        if (raw.startsWith("classpath:")) {
            return raw;
        }
        String path = raw.startsWith("filesystem:") ? raw.substring("filesystem:".length()) : raw;
        return "filesystem:" + base.resolve(path).toAbsolutePath().normalize();
    }

    // ---------------------------------------------------------------- the file

    /** The library reads the file; the tool adds its URL forms, its folders and its secrets. */
    private void readFile(Path file) {
        MigratorConfig config;
        try {
            config = MigratorConfig.read(file, env::get, TOOL_SECTIONS);
        } catch (ConfigurationException e) {
            throw CliException.usage(e.getMessage());
        }
        Path base = file.getParent();
        for (ConnectionConfig c : config.connections()) {
            connections.put(c.name(), new Connection(connection(c), "config file"));
        }
        config.locations().forEach(l -> locations.add(new Location(l.target().orElse(null), location(l.location(), base))));
        environments.addAll(config.environments());
        targets.addAll(config.targets());
        placeholders.putAll(config.placeholders());
        historyTable = config.historyTable().orElse(null);
        lockTimeout = config.lockTimeout().orElse(null);
        statementLockTimeout = config.statementLockTimeout().orElse(null);
        lockRetryAttempts = config.lockRetryAttempts().orElse(null);
        lockRetryMaxBackoff = config.lockRetryMaxBackoff().orElse(null);
        lintBeforeMigrate = config.lintBeforeMigrate().orElse(null);
        lintThreshold = config.lintThreshold().orElse(null);
        createSchemas = config.createSchemas().orElse(null);
        outOfOrder = config.outOfOrder().orElse(null);
        validateOnMigrate = config.validateOnMigrate().orElse(null);
        installedBy = config.installedBy().orElse(null);
        backupDirectory = config.backupDirectory().map(Path::normalize).orElse(null);
        Object section = config.toolSections().get("metadata");
        if (section != null) {
            metadata = MetadataSection.read(section, base, file, secrets::add);
        }
    }

    /** A file's connection with a {@code postgres://user:password@...} URL in the library's form. */
    private ConnectionConfig connection(ConnectionConfig c) {
        DatabaseUrl parsed = DatabaseUrl.parse(c.url(), "connections." + c.name() + ".url", secrets::add);
        String user = c.user() != null ? c.user() : parsed.user();
        String password = c.password() != null ? c.password() : parsed.password();
        if (password != null) {
            secrets.add(password);
        }
        return new ConnectionConfig(c.name(), parsed.url(), user, password, null, c.poolMin(), c.poolMax(),
                c.connectTimeout(), c.properties());
    }

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
            DatabaseUrl parsed = DatabaseUrl.parse(spec.url(), "metadata.loaders." + spec.name() + ".url", secrets::add);
            config = MetadataLoaderConfig.database(spec.name(), parsed.url(),
                    spec.user() != null ? spec.user() : parsed.user(),
                    spec.password() != null ? spec.password() : parsed.password(), spec.schema());
        }
        if (spec.table() != null) {
            config = config.withTable(spec.table());
        }
        if (spec.autoMigrate() != null) {
            config = config.withAutoMigrate(spec.autoMigrate());
        }
        return config;
    }

    /**
     * A duration flag: seconds, ISO-8601 ({@code PT30S}) or a short form ({@code 30s}, {@code 5m}, {@code 12h},
     * {@code 7d}), read as a configuration file reads one ({@link MigratorConfig#parseDuration}).
     */
    static Duration duration(String raw, String where) {
        try {
            return MigratorConfig.parseDuration(raw);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(where + " is '" + raw + "'; expected a duration such as 30s, 5m, 12h, 7d or PT30S.");
        }
    }
}
