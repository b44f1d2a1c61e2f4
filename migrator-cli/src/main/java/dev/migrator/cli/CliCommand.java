package dev.migrator.cli;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationListener;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Target;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every leaf command shares: the merged options, the settings, the output and the manager. */
abstract class CliCommand implements Callable<Integer> {

    static final String NOTHING_CONFIGURED = "No database configured. Set DATABASE_URL (e.g. "
            + "postgres://user:password@localhost:5432/app or jdbc:mysql://localhost:3306/app), or DATABASE_HOST, "
            + "DATABASE_PORT, DATABASE_NAME, DATABASE_USER and DATABASE_PASSWORD (with DATABASE_TYPE=postgresql, mysql, "
            + "mariadb or mongodb; default postgresql); or pass --url URL [--user USER --password-env VAR]; or write a "
            + "connections section in migrator.yaml (or --config FILE). The command-line tool never starts an embedded "
            + "database.";

    /** How long the probe of {@link #requireReachable} waits for an answer before leaving it to the library. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions local;

    private CommonOptions options;
    private Settings settings;
    private Output output;

    @Override
    public final Integer call() throws Exception {
        MigratorCli.configureLogging(options());
        return run();
    }

    /** The command's work; returns the exit code. */
    abstract int run() throws Exception;

    MigratorCli cli() {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (MigratorCli) s.userObject();
    }

    String commandPath() {
        StringBuilder sb = new StringBuilder(spec.name());
        for (CommandSpec s = spec.parent(); s != null && s.parent() != null; s = s.parent()) {
            sb.insert(0, s.name() + " ");
        }
        return sb.toString();
    }

    CommonOptions options() {
        if (options == null) {
            options = CommonOptions.merge(local, cli().common);
        }
        return options;
    }

    Settings settings() {
        if (settings == null) {
            settings = Settings.resolve(options(), cli().env, cli().workDir);
        }
        return settings;
    }

    Settings settingsOrNull() {
        return settings;
    }

    boolean json() {
        return options().json;
    }

    Output out() {
        if (output == null) {
            output = new Output(cli().out, text -> settings == null ? Settings.maskOnly(text) : settings.scrub(text));
        }
        return output;
    }

    /**
     * The command's report on stdout: with {@code --json} one document ({@code command}, {@code ok}, then what
     * {@code fields} gives, built only then; a field named {@code ok} replaces the default {@code true}); else the text
     * {@code text} prints.
     */
    void report(String command, Supplier<Map<String, Object>> fields, Runnable text) {
        report(command, fields, text, null);
    }

    /**
     * As {@link #report(String, Supplier, Runnable)} for a result that is a failure when {@code failure} is not
     * {@code null} (validate found problems, a backup is damaged): the document then has {@code "ok": false} and the
     * {@code error} every failure has, and the command returns {@code failure.exitCode()}.
     */
    void report(String command, Supplier<Map<String, Object>> fields, Runnable text, Failure failure) {
        if (json()) {
            Map<String, Object> doc = Output.doc(command);
            doc.putAll(fields.get());
            if (failure != null) {
                doc.put("ok", false);
                doc.put("error", failure.json());
            }
            out().json(doc);
        } else {
            text.run();
        }
    }

    /**
     * The data migration file the command runs, as given on the command line, for advice that names it ("run
     * 'migrator data migrate FILE --restart'"); {@code null} for other commands.
     */
    String dataFile() {
        return null;
    }

    PrintWriter err() {
        return cli().err;
    }

    Progress progress() {
        return new Progress(err(), cli().terminal, cli().terminal || !json());
    }

    void requireConnection() {
        if (settings().connections.isEmpty()) {
            throw CliException.usage(NOTHING_CONFIGURED);
        }
    }

    void requireLocations() {
        requireConnection();
        if (settings().locations.isEmpty()) {
            throw CliException.usage("No script location configured. Pass --location DIR (a folder of V1__name.sql "
                    + "scripts), or add locations: [filesystem:db/migration] to migrator.yaml.");
        }
    }

    /**
     * Whether the command talks to the databases (most do). Those that only read or write the backup folder or files
     * ({@code backup list}, {@code info}...) say no, so that they work while a server is down.
     */
    boolean needsServer() {
        return true;
    }

    /**
     * A refused connection or an unknown host, found by one TCP connect before the library's pool would retry until its
     * connect timeout: fails the command at once, naming the server and where its URL came from.
     */
    private void requireReachable(Settings s) {
        for (Settings.Connection c : s.connections.values()) {
            Optional<ServerProbe.Refusal> refused = ServerProbe.check(c.config().url(), PROBE_TIMEOUT);
            if (refused.isPresent()) {
                throw new CliException(ExitCodes.CONNECTION, ErrorCode.CONNECTION_FAILED.name(), "Cannot connect to '"
                        + c.config().name() + "' (" + c.config().maskedUrl() + "): " + refused.get().problem() + ". "
                        + String.format(Locale.ROOT, InfoCommands.SERVER, refused.get().hostAndPort()) + "; the URL came "
                        + "from " + c.source() + ".");
            }
        }
    }

    /** A manager over the configured connections; the caller closes it. */
    MigrationManager manager(MigrationListener... listeners) {
        requireConnection();
        Settings s = settings();
        if (needsServer()) {
            requireReachable(s);
        }
        MigrationManager.Builder b = MigrationManager.builder().classLoader(MigratorCli.class.getClassLoader());
        s.connections.values().forEach(c -> b.connection(c.config()));
        for (Settings.Location l : s.locations) {
            if (l.target() == null) {
                b.locations(l.location());
            } else {
                b.locations(l.target(), l.location());
            }
        }
        s.targets.forEach(b::target);
        if (!s.environments.isEmpty()) {
            b.environments(s.environments.toArray(String[]::new));
        }
        s.placeholders.forEach(b::placeholder);
        given(s.historyTable, b::historyTable);
        given(s.lockTimeout, b::lockTimeout);
        given(s.statementLockTimeout, b::statementLockTimeout);
        given(s.lockRetryAttempts, b::lockRetries);
        if (s.lockRetryAttempts != null && s.lockRetryMaxBackoff != null) {
            b.lockRetries(s.lockRetryAttempts, s.lockRetryMaxBackoff);
        }
        given(s.lintBeforeMigrate, b::lintBeforeMigrate);
        given(s.lintThreshold, b::lintThreshold);
        given(s.createSchemas, b::createSchemas);
        given(s.outOfOrder, b::outOfOrder);
        given(s.validateOnMigrate, b::validateOnMigrate);
        given(s.installedBy, b::installedBy);
        b.backupDirectory(s.backupDirectory != null ? s.backupDirectory : cli().workDir.resolve("backups"));
        for (MigrationListener l : listeners) {
            b.listener(l);
        }
        configure(b);
        return b.build();
    }

    /** A command's own settings of the manager it builds; none by default. */
    void configure(MigrationManager.Builder builder) {}

    /** Hands an option's value to a builder's {@code setter} when it was given, so that the builder keeps its default. */
    static <T> void given(T value, Consumer<? super T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** {@code connection[:schema]}; the connection must be configured. */
    Target target(String raw, String option) {
        String[] parts = raw.split(":", 2);
        String connection = parts[0].isBlank() ? settings().primaryConnection() : parts[0];
        if (!settings().connections.containsKey(connection)) {
            throw CliException.usage(option + " " + raw + " names connection '" + connection + "', which is not "
                    + "configured; configured: " + settings().connections.keySet() + ". Write connection[:schema], e.g. "
                    + settings().primaryConnection() + ":tenant_1.");
        }
        return Target.of(connection, parts.length > 1 ? parts[1] : null);
    }

    List<Target> targets(List<String> raw, String option) {
        return raw.stream().map(r -> target(r, option)).toList();
    }

    static Map<String, Object> targetJson(Target t) {
        return Output.map("connection", t.connection(), "schema", t.schema());
    }
}
