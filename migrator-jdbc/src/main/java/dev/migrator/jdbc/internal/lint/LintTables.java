package dev.migrator.jdbc.internal.lint;

import dev.migrator.api.DatabaseException;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the linters know of tables: their size in the live database (read once per table and cached), and which
 * tables the scripts linted so far created, which count as new and empty whatever the database says. Not
 * thread-safe; one per linter.
 */
public final class LintTables {

    /** How a table stands for the rules that depend on size. */
    public enum Size {
        /** Created by a script linted before (or earlier in the same script). */
        NEW,
        /** Not in the database and not created here: the statement fails or targets something else. */
        MISSING,
        /** In the database, without a row. */
        EMPTY,
        /** In the database, with rows, below the threshold. */
        SMALL,
        /** In the database, at or over the threshold. */
        BIG
    }

    /**
     * A table's statistics.
     *
     * @param rows the database's row estimate; negative when the table was never analysed
     * @param bytes the total size (data, indexes, TOAST)
     * @param hasRows whether at least one row exists (read exactly, not estimated)
     */
    public record Stats(long rows, long bytes, boolean hasRows) {}

    /** Reads a table's statistics from the database; empty when the table does not exist. */
    @FunctionalInterface
    public interface StatsReader {
        Optional<Stats> read(String schema, String table) throws SQLException;
    }

    private final String defaultSchema;
    private final LintThreshold threshold;
    private final StatsReader reader;
    private final boolean foldCase;
    private final Map<String, Optional<Stats>> cache = new HashMap<>();
    private final Set<String> created = new HashSet<>();
    private final String where;

    /**
     * @param foldCase whether names compare case-insensitively (they were folded by the tokenizer already on
     *     PostgreSQL; MySQL table names may differ in case only on case-insensitive file systems, compared as written)
     */
    public LintTables(String defaultSchema, LintThreshold threshold, StatsReader reader, boolean foldCase, String where) {
        this.defaultSchema = defaultSchema;
        this.threshold = threshold;
        this.reader = reader;
        this.foldCase = foldCase;
        this.where = where;
    }

    private String key(SqlTokens.QualifiedName name) {
        String k = (name.schema() == null ? defaultSchema : name.schema()) + "." + name.name();
        return foldCase ? k.toLowerCase(Locale.ROOT) : k;
    }

    /** Remembers a table created by the scripts being linted. */
    public void created(SqlTokens.QualifiedName name) {
        created.add(key(name));
    }

    /** Forgets a table dropped or renamed away by the scripts being linted. */
    public void gone(SqlTokens.QualifiedName name) {
        created.remove(key(name));
    }

    /** How the table stands. */
    public Size size(SqlTokens.QualifiedName name) {
        if (created.contains(key(name))) {
            return Size.NEW;
        }
        Optional<Stats> stats = stats(name);
        if (stats.isEmpty()) {
            return Size.MISSING;
        }
        Stats s = stats.get();
        if (!s.hasRows()) {
            return Size.EMPTY;
        }
        return threshold.isBig(s.rows(), s.bytes()) ? Size.BIG : Size.SMALL;
    }

    /** The statistics of an existing table (empty for new or missing ones). */
    public Optional<Stats> stats(SqlTokens.QualifiedName name) {
        String schema = name.schema() == null ? defaultSchema : name.schema();
        return cache.computeIfAbsent(key(name), k -> {
            try {
                return reader.read(schema, name.name());
            } catch (SQLException e) {
                throw new DatabaseException("Cannot read the size of table " + schema + "." + name.name() + " on " + where
                        + " for the migration linter: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ").", e);
            }
        });
    }

    /**
     * The severity of a size-dependent rule: {@code onBig} on a big table, INFO on a smaller one with rows, none on an
     * empty, new or missing one.
     */
    public static Optional<LintSeverity> severity(Size size, LintSeverity onBig) {
        return switch (size) {
            case BIG -> Optional.of(onBig);
            case SMALL -> Optional.of(LintSeverity.INFO);
            default -> Optional.empty();
        };
    }

    /** {@code app.orders (about 5000 rows, 1 MB)} for messages. */
    public String describe(SqlTokens.QualifiedName name) {
        String schema = name.schema() == null ? defaultSchema : name.schema();
        String label = schema + "." + name.name();
        Optional<Stats> s = created.contains(key(name)) ? Optional.empty() : stats(name);
        if (s.isEmpty()) {
            return label;
        }
        String rows = s.get().rows() < 0 ? "never analysed" : "about " + s.get().rows() + " rows";
        return label + " (" + rows + ", " + (s.get().bytes() / 1024) + " KiB; big from " + threshold.rows() + " rows or "
                + threshold.bytes() / 1024 + " KiB)";
    }
}
