package dev.migrator.jdbc.internal.mysql;

import static dev.migrator.api.LintSeverity.ERROR;
import static dev.migrator.api.LintSeverity.INFO;
import static dev.migrator.api.LintSeverity.WARNING;

import dev.migrator.api.LintRule;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import dev.migrator.jdbc.internal.lint.LintTables;
import dev.migrator.jdbc.internal.lint.LintTables.Size;
import dev.migrator.jdbc.internal.lint.SqlTokens;
import dev.migrator.jdbc.internal.lint.SqlTokens.QualifiedName;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptLinter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * MySQL's and MariaDB's migration linter: each {@code ALTER TABLE} broken into its operations, each operation given the
 * cheapest algorithm the server's version allows ({@code INSTANT}, {@code INPLACE}, {@code COPY}), and the statement
 * judged by the most expensive one, against the table's live size and any {@code ALGORITHM}/{@code LOCK} it asks for.
 * Not thread-safe; one per session.
 */
public final class MysqlLinter implements ScriptLinter {

    static final String TABLE_COPY = "MY001";
    static final String TYPE_CHANGE = "MY002";
    static final String IMPOSSIBLE_ALGORITHM = "MY003";
    static final String DROP = "MY004";
    static final String RENAME = "MY005";

    /** The rules, as the README documents them. */
    public static final List<LintRule> RULES = List.of(
            new LintRule(TABLE_COPY, ERROR, "ALTER TABLE that copies or rebuilds a big table",
                    "ALGORITHM=COPY (a foreign key or CHECK added, ENGINE=, CONVERT TO CHARACTER SET, DROP PRIMARY KEY,"
                            + " ORDER BY) blocks writes for the whole copy: an error. An in-place rebuild (FORCE, ADD"
                            + " PRIMARY KEY, a column added or dropped where the server cannot do it instantly) lets"
                            + " writes through but takes long and lags replicas: a warning. Use an online schema change"
                            + " tool (pt-online-schema-change, gh-ost), or an operation the server does instantly."),
            new LintRule(TYPE_CHANGE, ERROR, "Column type change (MODIFY/CHANGE) that copies the table",
                    "Changing a column's type copies the whole table with writes blocked; only widening a VARCHAR within"
                            + " the same length-byte size (up to 255 bytes, or beyond) is in place. Add a new column,"
                            + " fill it in batches, switch the application, drop the old one later."),
            new LintRule(IMPOSSIBLE_ALGORITHM, ERROR, "ALGORITHM or LOCK the server cannot honour",
                    "ALGORITHM=INSTANT/INPLACE or LOCK=NONE asked for an operation that needs more on this server"
                            + " version: the statement fails. Check the operation against the server's online DDL"
                            + " table, or split it into operations that are instant."),
            new LintRule(DROP, WARNING, "DROP TABLE, DROP COLUMN or TRUNCATE",
                    "Destroys data, and the version of the application still running during a rolling deploy may"
                            + " still read or write it. Stop using it in a release first, drop it in a later one, and take"
                            + " a backup."),
            new LintRule(RENAME, WARNING, "RENAME of a table or column (RENAME, CHANGE old new)",
                    "The version of the application still running uses the old name and fails until it is replaced."
                            + " Add the new name, move the application over, then drop the old name in a later"
                            + " release."));

    private static final Set<String> SAFE_FIRST_WORDS = Set.of("INSERT", "SELECT", "WITH", "VALUES", "SET", "UPDATE",
            "DELETE", "REPLACE", "GRANT", "REVOKE", "ANALYZE", "SHOW", "DO", "USE");

    /** The algorithms of online DDL, cheapest first. */
    enum Algorithm {
        INSTANT,
        INPLACE,
        INPLACE_REBUILD,
        COPY;

        String word() {
            return this == INPLACE_REBUILD ? "INPLACE (rebuilding the table)" : name();
        }
    }

    private final MysqlLintCatalog catalog;
    private final LintTables tables;
    private final String schema;
    private MysqlServer server;

    public MysqlLinter(Connection connection, String schema, LintThreshold threshold, String where) {
        this.schema = schema;
        this.catalog = new MysqlLintCatalog(connection, where);
        this.tables = new LintTables(schema, threshold, catalog::stats, false, where);
    }

    /** For tests of the version rules: a linter that believes the server is {@code server}. */
    MysqlLinter withServer(MysqlServer server) {
        this.server = server;
        return this;
    }

    @Override
    public List<LintRule> rules() {
        return RULES;
    }

    private MysqlServer server() {
        if (server == null) {
            server = catalog.server();
        }
        return server;
    }

    @Override
    public List<Finding> lint(Input script) {
        List<Finding> out = new ArrayList<>();
        List<ParsedStatement> statements = script.statements();
        for (int i = 0; i < statements.size(); i++) {
            new Statement(i, SqlTokens.of(statements.get(i).text(), true), out).classify();
        }
        return out;
    }

    /** One statement being classified. */
    private final class Statement {
        private final int index;
        private final SqlTokens t;
        private final List<Finding> out;
        private boolean analysed = true;
        private Algorithm needed = Algorithm.INSTANT;
        private String neededBy = "";
        private boolean lockNoneImpossible;
        private boolean typeChange;
        private String requestedAlgorithm;
        private String requestedLock;

        Statement(int index, SqlTokens t, List<Finding> out) {
            this.index = index;
            this.t = t;
            this.out = out;
        }

        void classify() {
            String first = t.at(0).upper();
            switch (first) {
                case "CREATE" -> create();
                case "ALTER" -> {
                    if (t.at(1).is("TABLE") || t.words(1, "ONLINE", "TABLE") || t.words(1, "IGNORE", "TABLE")) {
                        alterTable(t.at(1).is("TABLE") ? 2 : 3);
                    } else {
                        analysed = t.at(1).kind() == SqlTokens.Kind.WORD;
                    }
                }
                case "DROP" -> drop();
                case "TRUNCATE" -> {
                    QualifiedName table = t.name(t.at(1).is("TABLE") ? 2 : 1, false);
                    if (table != null && tables.size(table) != Size.NEW) {
                        add(DROP, WARNING, "TRUNCATE destroys every row of " + tables.describe(table) + ".",
                                "Take a backup first, and make sure no running version of the application still needs"
                                        + " the rows.");
                    }
                }
                case "RENAME" -> renameTables();
                case "OPTIMIZE" -> {
                    QualifiedName table = t.name(t.at(1).is("TABLE") ? 2 : 1, false);
                    if (table != null) {
                        sized(TABLE_COPY, table, WARNING, "OPTIMIZE TABLE rebuilds the table",
                                "Run it outside migrations, when the load is low.");
                    }
                }
                default -> analysed = SAFE_FIRST_WORDS.contains(first);
            }
            if (!analysed) {
                add(NOT_ANALYSED, INFO, "The linter does not know this kind of statement, so no rule judged it.",
                        "Review its locks by hand.");
            }
        }

        private void add(String rule, LintSeverity severity, String reason, String fix) {
            out.add(new Finding(rule, severity, index, reason, fix));
        }

        private void sized(String rule, QualifiedName table, LintSeverity onBig, String what, String fix) {
            Size size = tables.size(table);
            LintTables.severity(size, onBig).ifPresent(sev -> add(rule, sev, what + " on " + tables.describe(table)
                    + (size == Size.BIG ? "." : "; the table is small now, so this is only a note."), fix));
        }

        private void need(Algorithm algorithm, String operation) {
            if (algorithm.compareTo(needed) > 0) {
                needed = algorithm;
                neededBy = operation;
            }
        }

        private void create() {
            int i = 1;
            if (t.words(i, "OR", "REPLACE")) {
                i += 2;
            }
            while (t.at(i).is("TEMPORARY")) {
                i++;
            }
            if (t.at(i).is("TABLE")) {
                i++;
                if (t.words(i, "IF", "NOT", "EXISTS")) {
                    i += 3;
                }
                QualifiedName name = t.name(i, false);
                if (name != null) {
                    tables.created(name);
                }
                return;
            }
            boolean special = t.at(i).is("FULLTEXT") || t.at(i).is("SPATIAL");
            if (t.at(i).is("UNIQUE") || special) {
                i++;
            }
            if (t.at(i).is("INDEX")) {
                int on = t.find(i, t.size(), "ON");
                QualifiedName table = on < 0 ? null : t.name(on + 1, false);
                if (table == null) {
                    analysed = false;
                    return;
                }
                need(Algorithm.INPLACE, "adding an index");
                lockNoneImpossible = special;
                options(table.end());
                judge(table);
                return;
            }
            // Views, procedures, functions, triggers, events, databases, users: no table data.
            analysed = t.at(i).kind() == SqlTokens.Kind.WORD;
        }

        /** ALGORITHM= and LOCK= anywhere at top level from {@code from}. */
        private void options(int from) {
            for (int k = from; k < t.size(); k++) {
                if (t.at(k).is("ALGORITHM") || t.at(k).is("LOCK")) {
                    int v = t.at(k + 1).isSymbol('=') ? k + 2 : k + 1;
                    if (t.at(k).is("ALGORITHM")) {
                        requestedAlgorithm = t.at(v).upper();
                    } else {
                        requestedLock = t.at(v).upper();
                    }
                }
            }
        }

        private void alterTable(int i) {
            QualifiedName table = t.name(i, false);
            if (table == null) {
                analysed = false;
                return;
            }
            for (SqlTokens.Range action : t.splitCommas(table.end(), t.size())) {
                action(table, action.from(), action.to());
            }
            if (analysed) {
                judge(table);
            }
        }

        private void judge(QualifiedName table) {
            Size size = tables.size(table);
            String on = " on " + server();
            if (requestedAlgorithm != null && !requestedAlgorithm.equals("DEFAULT")) {
                Algorithm asked = requestedAlgorithm.equals("INSTANT") ? Algorithm.INSTANT
                        : requestedAlgorithm.equals("INPLACE") || requestedAlgorithm.equals("NOCOPY")
                                ? Algorithm.INPLACE_REBUILD : Algorithm.COPY;
                if (needed.compareTo(asked) > 0) {
                    add(IMPOSSIBLE_ALGORITHM, ERROR, "ALGORITHM=" + requestedAlgorithm + " is impossible" + on + ": "
                                    + neededBy + " needs " + needed.word() + ", so the statement fails.",
                            "Split the statement so that the instant operations run alone, or drop the ALGORITHM clause"
                                    + " and accept the cost (see " + TABLE_COPY + ").");
                    return;
                }
            }
            if ("NONE".equals(requestedLock) && (needed == Algorithm.COPY || lockNoneImpossible)) {
                add(IMPOSSIBLE_ALGORITHM, ERROR, "LOCK=NONE is impossible" + on + ": " + neededBy + " blocks writes"
                        + (needed == Algorithm.COPY ? " (ALGORITHM=COPY)" : "") + ", so the statement fails.",
                        "Use an online schema change tool (pt-online-schema-change, gh-ost) for this change.");
                return;
            }
            if (("SHARED".equals(requestedLock) || "EXCLUSIVE".equals(requestedLock)) && size == Size.BIG) {
                add(TABLE_COPY, ERROR, "LOCK=" + requestedLock + " blocks " + ("SHARED".equals(requestedLock)
                                ? "writes to" : "reads and writes of") + " " + tables.describe(table)
                                + " for the whole statement.",
                        "Drop the LOCK clause, or ask for LOCK=NONE when the operation allows it.");
                return;
            }
            if (needed == Algorithm.COPY) {
                sized(typeChange ? TYPE_CHANGE : TABLE_COPY, table, ERROR, neededBy + " needs ALGORITHM=COPY" + on
                                + ": the table is copied while writes wait",
                        typeChange ? "Add a new column of the new type, fill it in batches, switch the application,"
                                + " and drop the old column in a later release."
                                : "Use an online schema change tool (pt-online-schema-change, gh-ost).");
            } else if (needed == Algorithm.INPLACE_REBUILD) {
                sized(TABLE_COPY, table, WARNING, neededBy + " rebuilds the table in place" + on
                                + ": writes go on, but it takes long and replicas lag",
                        "Run it when the load is low, or with an online schema change tool; on a newer server the"
                                + " operation may be instant.");
            }
        }

        private void action(QualifiedName table, int from, int to) {
            SqlTokens.Token first = t.at(from);
            String word = first.upper();
            switch (word) {
                case "ADD" -> add(from + 1, to);
                case "DROP" -> drop(table, from + 1);
                case "MODIFY" -> modify(table, t.at(from + 1).is("COLUMN") ? from + 2 : from + 1, false);
                case "CHANGE" -> modify(table, t.at(from + 1).is("COLUMN") ? from + 2 : from + 1, true);
                case "RENAME" -> {
                    if (t.at(from + 1).is("INDEX") || t.at(from + 1).is("KEY")) {
                        need(Algorithm.INPLACE, "renaming an index");
                    } else if (t.at(from + 1).is("COLUMN")) {
                        renamed(table, "Renaming column " + t.at(from + 2).text() + " of " + table.name());
                    } else {
                        renamed(table, "Renaming table " + table.name());
                    }
                }
                case "ALTER" -> need(Algorithm.INSTANT, "changing a default");
                case "ALGORITHM", "LOCK" -> options(from);
                case "ENGINE", "ORDER" -> need(Algorithm.COPY, word.equals("ENGINE") ? "ENGINE=" : "ORDER BY");
                case "CONVERT" -> need(Algorithm.COPY, "CONVERT TO CHARACTER SET");
                case "FORCE", "ROW_FORMAT", "KEY_BLOCK_SIZE" -> need(Algorithm.INPLACE_REBUILD, word);
                case "DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "COMMENT" -> need(Algorithm.INSTANT, word);
                case "AUTO_INCREMENT" -> need(Algorithm.INPLACE, word);
                default -> analysed = false;
            }
        }

        private void add(int i, int to) {
            if (t.at(i).is("CONSTRAINT")) {
                i += t.at(i + 1).isName() && !t.at(i + 1).is("PRIMARY") && !t.at(i + 1).is("UNIQUE")
                        && !t.at(i + 1).is("FOREIGN") && !t.at(i + 1).is("CHECK") ? 2 : 1;
            }
            SqlTokens.Token w = t.at(i);
            if (w.is("PRIMARY")) {
                need(Algorithm.INPLACE_REBUILD, "adding a primary key");
            } else if (w.is("FOREIGN")) {
                need(Algorithm.COPY, "adding a foreign key (with foreign_key_checks on)");
            } else if (w.is("CHECK")) {
                need(Algorithm.COPY, "adding a CHECK constraint");
            } else if (w.is("UNIQUE") || w.is("INDEX") || w.is("KEY")) {
                need(Algorithm.INPLACE, "adding an index");
            } else if (w.is("FULLTEXT") || w.is("SPATIAL")) {
                need(Algorithm.INPLACE, "adding a " + w.upper() + " index");
                lockNoneImpossible = true;
            } else {
                int c = w.is("COLUMN") ? i + 1 : i;
                if (t.words(c, "IF", "NOT", "EXISTS")) {
                    c += 3;
                }
                boolean positioned = t.find(c, to, "FIRST") >= 0 || t.find(c, to, "AFTER") >= 0;
                boolean instant = positioned ? server().instantAddAnywhere() : server().instantAddLast();
                if (t.find(c, to, "AUTO_INCREMENT") >= 0) {
                    need(Algorithm.INPLACE_REBUILD, "adding an AUTO_INCREMENT column");
                    lockNoneImpossible = true;
                } else {
                    need(instant ? Algorithm.INSTANT : Algorithm.INPLACE_REBUILD,
                            "adding column " + t.at(c).text() + (positioned ? " (FIRST/AFTER)" : ""));
                }
            }
        }

        private void drop(QualifiedName table, int i) {
            SqlTokens.Token w = t.at(i);
            if (w.is("PRIMARY")) {
                need(Algorithm.COPY, "dropping the primary key");
            } else if (w.is("INDEX") || w.is("KEY") || w.is("FOREIGN") || w.is("CONSTRAINT") || w.is("CHECK")) {
                need(Algorithm.INPLACE, "dropping " + w.upper().toLowerCase(Locale.ROOT));
            } else {
                int c = w.is("COLUMN") ? i + 1 : i;
                if (t.words(c, "IF", "EXISTS")) {
                    c += 2;
                }
                String column = t.at(c).text();
                need(server().instantDrop() ? Algorithm.INSTANT : Algorithm.INPLACE_REBUILD, "dropping column " + column);
                if (tables.size(table) != Size.NEW) {
                    add(DROP, WARNING, "Dropping column " + column + " of " + tables.describe(table)
                                    + " destroys its data, and the version of the application still running may use it.",
                            "Stop using the column in one release and drop it in a later one; take a backup first.");
                }
            }
        }

        private void modify(QualifiedName table, int i, boolean change) {
            String column = t.at(i).text();
            int def = change ? i + 2 : i + 1;
            if (change && !t.at(i + 1).text().equalsIgnoreCase(column)) {
                renamed(table, "Renaming column " + column + " of " + table.name() + " to " + t.at(i + 1).text());
            }
            Optional<MysqlLintCatalog.Column> old = tables.size(table) == Size.NEW ? Optional.empty()
                    : catalog.column(table.schema() == null ? schema : table.schema(), table.name(), column);
            if (old.isEmpty()) {
                need(Algorithm.INPLACE, "changing column " + column);
                return;
            }
            int typeEnd = def + 1;
            if (t.at(typeEnd).isSymbol('(')) {
                typeEnd = t.skipGroup(typeEnd);
            }
            while (t.at(typeEnd).is("UNSIGNED") || t.at(typeEnd).is("ZEROFILL")) {
                typeEnd++;
            }
            String newType = MysqlTypes.normalize(t.text(def, typeEnd));
            String oldType = MysqlTypes.normalize(old.get().type());
            boolean notNull = false;
            for (int k = typeEnd; k < t.size() - 1; k++) {
                notNull |= t.at(k).is("NOT") && t.at(k + 1).is("NULL");
            }
            if (oldType.equals(newType)) {
                if (old.get().nullable() == notNull) {
                    need(Algorithm.INPLACE_REBUILD, "changing whether column " + column + " accepts NULL");
                } else {
                    need(Algorithm.INSTANT, "changing column " + column + "'s attributes");
                }
            } else if (MysqlTypes.inPlaceWidening(old.get(), newType)) {
                need(Algorithm.INPLACE, "widening column " + column);
            } else {
                typeChange = true;
                need(Algorithm.COPY, "changing column " + column + " from " + oldType + " to " + newType);
            }
        }

        private void renamed(QualifiedName table, String what) {
            if (tables.size(table) != Size.NEW) {
                add(RENAME, WARNING, what + " breaks the version of the application still running, which uses the old"
                        + " name.", "Add the new name alongside the old, move the application over, and drop the old"
                        + " name in a later release.");
            }
        }

        private void drop() {
            if (!t.at(1).is("TABLE") && !t.words(1, "TEMPORARY", "TABLE")) {
                return; // indexes, views, procedures...: no table data
            }
            int i = t.at(1).is("TABLE") ? 2 : 3;
            if (t.words(i, "IF", "EXISTS")) {
                i += 2;
            }
            for (SqlTokens.Range part : t.splitCommas(i, t.size())) {
                QualifiedName table = t.name(part.from(), false);
                if (table == null) {
                    continue;
                }
                if (tables.size(table) != Size.NEW) {
                    add(DROP, WARNING, "Dropping table " + tables.describe(table) + " destroys its data, and the version"
                                    + " of the application still running may use it.",
                            "Stop using the table in one release and drop it in a later one; take a backup first.");
                }
                tables.gone(table);
            }
        }

        private void renameTables() {
            int i = t.at(1).is("TABLE") ? 2 : 1;
            for (SqlTokens.Range part : t.splitCommas(i, t.size())) {
                QualifiedName from = t.name(part.from(), false);
                if (from != null) {
                    renamed(from, "Renaming table " + from.name());
                    boolean wasNew = tables.size(from) == Size.NEW;
                    tables.gone(from);
                    QualifiedName to = from.end() < part.to() && t.at(from.end()).is("TO") ? t.name(from.end() + 1, false)
                            : null;
                    if (wasNew && to != null) {
                        tables.created(to);
                    }
                }
            }
        }
    }
}
