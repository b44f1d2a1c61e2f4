package dev.migrator.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a configuration file says, read by the same reader as {@link MigrationManager.Builder#configFile(Path)} (the
 * same keys, expressions, size limit and messages) but from an environment the caller gives. For tools that wrap
 * migrator and need the file's contents before building a manager (the {@code migrator} command shows the
 * connections, lets flags override them and has sections of its own), so that one file means the same to both.
 *
 * <p>Values are as written, after {@code ${NAME:default}} expansion: locations and URLs are not rewritten, and a
 * setting the file leaves out is empty. {@code toolSections} holds the top-level sections the caller asked to keep,
 * as nested {@code Map<String, Object>}, {@code List<Object>} and {@code String} values (numbers and booleans as their
 * text), every text expanded.
 *
 * @param file the file read
 * @param connections the connections, in the file's order
 * @param locations script locations with the target they apply to (none for the default connection and schema)
 * @param environments environment ids
 * @param targets extra targets
 * @param placeholders placeholders
 * @param historyTable the history table, if set
 * @param lockTimeout the lock timeout, if set
 * @param createSchemas whether missing schemas are created, if set
 * @param outOfOrder whether older pending scripts may run, if set
 * @param validateOnMigrate whether migrate validates first, if set
 * @param installedBy the "installed by" value, if set
 * @param backupDirectory the backup folder, resolved against the file's folder, if set
 * @param toolSections the caller's own top-level sections, by name
 * @param statementLockTimeout each statement's lock wait ({@code statementLockTimeout}), if set
 * @param lockRetryAttempts the attempts of a statement that timed out waiting for a lock ({@code lockRetries.attempts}),
 *     if set
 * @param lockRetryMaxBackoff the longest pause between them ({@code lockRetries.maxBackoff}), if set
 * @param lintBeforeMigrate whether migrate lints the pending scripts first ({@code lintBeforeMigrate}), if set
 * @param lintThreshold when the linter calls a table big ({@code lintThreshold: { rows, bytes }}, a part left out
 *     being {@link LintThreshold#DEFAULT}'s), if set
 */
public record MigratorConfig(
        Path file,
        List<ConnectionConfig> connections,
        List<Location> locations,
        List<String> environments,
        List<Target> targets,
        Map<String, String> placeholders,
        Optional<String> historyTable,
        Optional<Duration> lockTimeout,
        Optional<Boolean> createSchemas,
        Optional<Boolean> outOfOrder,
        Optional<Boolean> validateOnMigrate,
        Optional<String> installedBy,
        Optional<Path> backupDirectory,
        Map<String, Object> toolSections,
        Optional<Duration> statementLockTimeout,
        Optional<Integer> lockRetryAttempts,
        Optional<Duration> lockRetryMaxBackoff,
        Optional<LintMode> lintBeforeMigrate,
        Optional<LintThreshold> lintThreshold) {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    /**
     * Copies.
     *
     * @param file the file read
     * @param connections the connections, in the file's order
     * @param locations script locations with the target they apply to (none for the default connection and schema)
     * @param environments environment ids
     * @param targets extra targets
     * @param placeholders placeholders
     * @param historyTable the history table, if set
     * @param lockTimeout the lock timeout, if set
     * @param createSchemas whether missing schemas are created, if set
     * @param outOfOrder whether older pending scripts may run, if set
     * @param validateOnMigrate whether migrate validates first, if set
     * @param installedBy the "installed by" value, if set
     * @param backupDirectory the backup folder, resolved against the file's folder, if set
     * @param toolSections the caller's own top-level sections, by name
     * @param statementLockTimeout each statement's lock wait ({@code statementLockTimeout}), if set
     * @param lockRetryAttempts the attempts of a statement that timed out waiting for a lock ({@code
     *     lockRetries.attempts}), if set
     * @param lockRetryMaxBackoff the longest pause between them ({@code lockRetries.maxBackoff}), if set
     * @param lintBeforeMigrate whether migrate lints the pending scripts first ({@code lintBeforeMigrate}), if set
     * @param lintThreshold when the linter calls a table big ({@code lintThreshold}), if set
     */
    public MigratorConfig {
        connections = List.copyOf(connections);
        locations = List.copyOf(locations);
        environments = List.copyOf(environments);
        targets = List.copyOf(targets);
        placeholders = Map.copyOf(placeholders);
        toolSections = Map.copyOf(toolSections);
    }

    /**
     * What a file says without the lint settings.
     *
     * @param file the file read
     * @param connections the connections, in the file's order
     * @param locations script locations with the target they apply to (none for the default connection and schema)
     * @param environments environment ids
     * @param targets extra targets
     * @param placeholders placeholders
     * @param historyTable the history table, if set
     * @param lockTimeout the lock timeout, if set
     * @param createSchemas whether missing schemas are created, if set
     * @param outOfOrder whether older pending scripts may run, if set
     * @param validateOnMigrate whether migrate validates first, if set
     * @param installedBy the "installed by" value, if set
     * @param backupDirectory the backup folder, resolved against the file's folder, if set
     * @param toolSections the caller's own top-level sections, by name
     * @param statementLockTimeout each statement's lock wait ({@code statementLockTimeout}), if set
     * @param lockRetryAttempts the attempts of a statement that timed out waiting for a lock ({@code
     *     lockRetries.attempts}), if set
     * @param lockRetryMaxBackoff the longest pause between them ({@code lockRetries.maxBackoff}), if set
     */
    public MigratorConfig(
            Path file,
            List<ConnectionConfig> connections,
            List<Location> locations,
            List<String> environments,
            List<Target> targets,
            Map<String, String> placeholders,
            Optional<String> historyTable,
            Optional<Duration> lockTimeout,
            Optional<Boolean> createSchemas,
            Optional<Boolean> outOfOrder,
            Optional<Boolean> validateOnMigrate,
            Optional<String> installedBy,
            Optional<Path> backupDirectory,
            Map<String, Object> toolSections,
            Optional<Duration> statementLockTimeout,
            Optional<Integer> lockRetryAttempts,
            Optional<Duration> lockRetryMaxBackoff) {
        this(file, connections, locations, environments, targets, placeholders, historyTable, lockTimeout, createSchemas,
                outOfOrder, validateOnMigrate, installedBy, backupDirectory, toolSections, statementLockTimeout,
                lockRetryAttempts, lockRetryMaxBackoff, Optional.empty(), Optional.empty());
    }

    /**
     * What a file says without the lock retry settings.
     *
     * @param file the file read
     * @param connections the connections, in the file's order
     * @param locations script locations with the target they apply to (none for the default connection and schema)
     * @param environments environment ids
     * @param targets extra targets
     * @param placeholders placeholders
     * @param historyTable the history table, if set
     * @param lockTimeout the lock timeout, if set
     * @param createSchemas whether missing schemas are created, if set
     * @param outOfOrder whether older pending scripts may run, if set
     * @param validateOnMigrate whether migrate validates first, if set
     * @param installedBy the "installed by" value, if set
     * @param backupDirectory the backup folder, resolved against the file's folder, if set
     * @param toolSections the caller's own top-level sections, by name
     */
    public MigratorConfig(
            Path file,
            List<ConnectionConfig> connections,
            List<Location> locations,
            List<String> environments,
            List<Target> targets,
            Map<String, String> placeholders,
            Optional<String> historyTable,
            Optional<Duration> lockTimeout,
            Optional<Boolean> createSchemas,
            Optional<Boolean> outOfOrder,
            Optional<Boolean> validateOnMigrate,
            Optional<String> installedBy,
            Optional<Path> backupDirectory,
            Map<String, Object> toolSections) {
        this(file, connections, locations, environments, targets, placeholders, historyTable, lockTimeout, createSchemas,
                outOfOrder, validateOnMigrate, installedBy, backupDirectory, toolSections, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A script location as written in the file.
     *
     * @param target the target (its schema may be a pattern), or empty for the default connection and schema
     * @param location {@code classpath:path}, {@code filesystem:path} or a bare path, as written
     */
    public record Location(Optional<Target> target, String location) {}

    /**
     * Reads a JSON or YAML file ({@code .json} is JSON; any other name is YAML, of which JSON is a subset). An empty
     * file says nothing. Unknown top-level keys are refused, except those in {@code toolSections}.
     *
     * @param file the file
     * @param environment the variables {@code ${NAME}} expands from, e.g. {@code System::getenv} or {@code map::get};
     *     {@code null} means unset
     * @param toolSections top-level sections the caller reads itself, e.g. {@code Set.of("metadata")}
     * @return the configuration as read, {@code ${NAME}} expanded
     * @throws ConfigurationException naming the file, the option (with line and column where known) and what is wrong
     * @throws EngineNotFoundException when {@code migrator-core} is not on the class path
     */
    public static MigratorConfig read(Path file, Function<String, String> environment, Set<String> toolSections) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(toolSections, "toolSections");
        return Engines.engine(null).readConfig(file, environment, Set.copyOf(toolSections));
    }

    /**
     * Reads a duration as a configuration file writes one ({@code lockTimeout}, {@code connectTimeout}...), for tools
     * that take the same values elsewhere (the {@code migrator} command's {@code --timeout}), so that one text means
     * one duration everywhere: whole seconds ({@code 30}), a whole number with a unit {@code ms}, {@code s}, {@code m},
     * {@code h}, {@code d} or {@code w} ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 12h}, {@code 7d}, {@code 2w}),
     * or ISO-8601 ({@code PT30S}, {@code P1DT2H}). Case and surrounding blanks are ignored.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException when the text is none of these, or too long a duration; the message shows the
     *     text and the forms accepted (a caller names its option in its own message)
     * @throws NullPointerException when {@code text} is {@code null}
     */
    public static Duration parseDuration(String text) {
        String raw = Objects.requireNonNull(text, "text").strip();
        try {
            if (raw.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(raw));
            }
            Matcher m = SHORT_DURATION.matcher(raw.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(7, n));
                };
            }
            return Duration.parse(raw.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a duration; expected seconds (30), a number with ms,"
                    + " s, m, h, d or w (30s, 5m) or an ISO-8601 duration (PT30S, PT5M).", e);
        }
    }
}
