package dev.migrator.jdbc.internal.postgres;

import static dev.migrator.api.LintSeverity.ERROR;
import static dev.migrator.api.LintSeverity.INFO;
import static dev.migrator.api.LintSeverity.WARNING;

import dev.migrator.api.LintRule;
import dev.migrator.api.LintSeverity;
import dev.migrator.api.LintThreshold;
import dev.migrator.jdbc.internal.lint.DmlTarget;
import dev.migrator.jdbc.internal.lint.LintTables;
import dev.migrator.jdbc.internal.lint.LintTables.Size;
import dev.migrator.jdbc.internal.lint.SqlTokens;
import dev.migrator.jdbc.internal.lint.SqlTokens.QualifiedName;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptLinter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's migration linter: each statement classified from its tokens ({@link SqlTokens}; why not a grammar is
 * said there) and judged against the live catalog ({@link PostgresLintCatalog}). Not thread-safe; one per session.
 */
public final class PostgresLinter implements ScriptLinter {

    static final String CREATE_INDEX = "PG001";
    static final String NO_TRANSACTION = "PG002";
    static final String VOLATILE_DEFAULT = "PG003";
    static final String TYPE_REWRITE = "PG004";
    static final String SET_NOT_NULL = "PG005";
    static final String VALIDATING_CONSTRAINT = "PG006";
    static final String INDEX_CONSTRAINT = "PG007";
    static final String DROP = "PG008";
    static final String RENAME = "PG009";
    static final String TABLE_REWRITE = "PG010";
    static final String DDL_WITH_BULK_DML = "PG011";

    /** The rules, as the README documents them. */
    public static final List<LintRule> RULES = List.of(
            new LintRule(CREATE_INDEX, ERROR, "CREATE INDEX without CONCURRENTLY on an existing table",
                    "Takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits until the whole index is"
                            + " built. Write CREATE INDEX CONCURRENTLY (in a script of its own: it cannot run in a"
                            + " transaction, and the engine then runs the script without one)."),
            new LintRule(NO_TRANSACTION, ERROR, "Statement that cannot run in a transaction, in a transactional or mixed script",
                    "CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and VACUUM fail inside a transaction block:"
                            + " an error when the script is forced transactional. Beside other statements it makes the"
                            + " whole script run without a transaction (a warning): a failure part-way leaves the"
                            + " statements before it applied. Put it in a script of its own."),
            new LintRule(VOLATILE_DEFAULT, ERROR, "ADD COLUMN whose default rewrites the table",
                    "A volatile default (random(), clock_timestamp(), gen_random_uuid(), nextval() of a serial column),"
                            + " a stored generated column, or any default before PostgreSQL 11 rewrites every row under"
                            + " an ACCESS EXCLUSIVE lock. Add the column without the default (or with a constant), set"
                            + " the default with ALTER COLUMN ... SET DEFAULT, and backfill existing rows in batches."),
            new LintRule(TYPE_REWRITE, ERROR, "ALTER COLUMN TYPE that rewrites the table",
                    "A type change that is not binary-coercible (e.g. integer to bigint, or any USING) rewrites the"
                            + " table and its indexes under an ACCESS EXCLUSIVE lock; varchar(n) to varchar(m >= n) or"
                            + " text does not. Add a new column, backfill it in batches, and switch readers over."),
            new LintRule(SET_NOT_NULL, ERROR, "SET NOT NULL without a validated CHECK (col IS NOT NULL)",
                    "Scans the whole table under an ACCESS EXCLUSIVE lock. First ADD CONSTRAINT c CHECK (col IS NOT"
                            + " NULL) NOT VALID, then VALIDATE CONSTRAINT c (no write lock), then SET NOT NULL (PostgreSQL"
                            + " 12+ uses the constraint and skips the scan), then drop the constraint."),
            new LintRule(VALIDATING_CONSTRAINT, ERROR, "ADD FOREIGN KEY or CHECK without NOT VALID",
                    "Validates every row while holding a lock that blocks writes (a foreign key also locks the"
                            + " referenced table). Add it NOT VALID, then VALIDATE CONSTRAINT in a later statement: the"
                            + " validation then takes a SHARE UPDATE EXCLUSIVE lock that lets writes through."),
            new LintRule(INDEX_CONSTRAINT, ERROR, "ADD PRIMARY KEY or UNIQUE without USING INDEX",
                    "Builds the index under an ACCESS EXCLUSIVE lock. Build it first with CREATE UNIQUE INDEX"
                            + " CONCURRENTLY, then ADD CONSTRAINT c PRIMARY KEY USING INDEX idx (or UNIQUE USING INDEX)."),
            new LintRule(DROP, WARNING, "DROP TABLE, DROP COLUMN or TRUNCATE",
                    "Destroys data, and the version of the application still running during a rolling deploy may"
                            + " still read or write it. Stop using it in a release first, drop it in a later one, and take"
                            + " a backup."),
            new LintRule(RENAME, WARNING, "RENAME of a table or column",
                    "The version of the application still running uses the old name and fails until it is replaced."
                            + " Add the new name (a new column kept in sync, or a view), move readers and writers, then"
                            + " drop the old name in a later release."),
            new LintRule(TABLE_REWRITE, ERROR, "VACUUM FULL, CLUSTER or REINDEX without CONCURRENTLY",
                    "Rewrites the table (or rebuilds its indexes) under an ACCESS EXCLUSIVE lock: reads and writes"
                            + " wait. Use REINDEX CONCURRENTLY, or pg_repack, outside a migration."),
            new LintRule(DDL_WITH_BULK_DML, WARNING, "DDL on a big table and a bulk UPDATE/DELETE in one transaction",
                    "The DDL's lock is held until the transaction commits, so every query on the table waits for the"
                            + " whole UPDATE/DELETE. Move the data change to a script of its own and run it in batches."));

    private static final Pattern NOT_NULL_CHECK = Pattern.compile(
            "^CHECK\\s*\\(+\\s*\"?([^\"\\s()]+)\"?\\s+IS\\s+NOT\\s+NULL\\s*\\)+(\\s+NOT\\s+VALID)?$", Pattern.CASE_INSENSITIVE);

    private static final Set<String> SAFE_FIRST_WORDS = Set.of("INSERT", "SELECT", "WITH", "VALUES", "COMMENT", "GRANT",
            "REVOKE", "SET", "RESET", "ANALYZE", "SHOW", "MERGE");

    private static final Set<String> SAFE_ALTER_ACTIONS = Set.of("OWNER", "ENABLE", "DISABLE", "REPLICA", "RESET",
            "INHERIT", "NO", "FORCE", "OF", "NOT");

    private final String schema;
    private final PostgresLintCatalog catalog;
    private final LintTables tables;
    private int serverMajor = -1;
    /** CHECK (col IS NOT NULL) NOT VALID constraints added by the scripts, by name: the column they prove. */
    private final Map<String, String> pendingNotNullChecks = new HashMap<>();
    /** Table and column ({@code schema.table.col}) whose not-null check the scripts validated. */
    private final Set<String> provenNotNull = new HashSet<>();

    public PostgresLinter(Connection connection, String schema, LintThreshold threshold, String where) {
        this.schema = schema;
        this.catalog = new PostgresLintCatalog(connection, where);
        this.tables = new LintTables(schema, threshold, catalog::stats, false, where);
    }

    @Override
    public List<LintRule> rules() {
        return RULES;
    }

    /** What one script's statements showed, for the rules that look at the script as a whole. */
    private static final class ScriptState {
        final List<Integer> bulkDml = new ArrayList<>();
        final Set<String> bigDdlTables = new LinkedHashSet<>();
    }

    @Override
    public List<Finding> lint(Input script) {
        List<Finding> out = new ArrayList<>();
        ScriptState state = new ScriptState();
        List<ParsedStatement> statements = script.statements();
        for (int i = 0; i < statements.size(); i++) {
            ParsedStatement st = statements.get(i);
            SqlTokens t = SqlTokens.of(st.text(), false);
            if (t.size() > 0 && t.at(t.size() - 1).isSymbol(';')) {
                t = SqlTokens.of(st.text().substring(0, st.text().lastIndexOf(';')), false);
            }
            new Statement(i, st, t, script, state, out).classify();
        }
        if (script.transactional() && !state.bigDdlTables.isEmpty()) {
            for (int i : state.bulkDml) {
                out.add(new Finding(DDL_WITH_BULK_DML, WARNING, i, "Runs in one transaction with DDL on "
                                + String.join(", ", state.bigDdlTables) + ": the DDL's lock is held until this statement"
                                + " and the rest of the script commit.",
                        "Move the UPDATE/DELETE to a script of its own and run it in batches."));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Finding::statement));
        return out;
    }

    /** Whether a CHECK constraint's text is {@code CHECK ((col IS NOT NULL))} for {@code column}. */
    static boolean isNotNullCheck(String definition, String column) {
        Matcher m = NOT_NULL_CHECK.matcher(definition.strip());
        return m.matches() && m.group(1).equalsIgnoreCase(column);
    }

    private int serverMajor() {
        if (serverMajor < 0) {
            serverMajor = catalog.majorVersion();
        }
        return serverMajor;
    }

    /** One statement being classified. */
    private final class Statement {
        private final int index;
        private final ParsedStatement statement;
        private final SqlTokens t;
        private final Input script;
        private final ScriptState state;
        private final List<Finding> out;
        private boolean analysed = true;

        Statement(int index, ParsedStatement statement, SqlTokens t, Input script, ScriptState state, List<Finding> out) {
            this.index = index;
            this.statement = statement;
            this.t = t;
            this.script = script;
            this.state = state;
            this.out = out;
        }

        void classify() {
            if (statement.requiresNoTransaction()) {
                noTransaction();
            }
            String first = t.at(0).upper();
            switch (first) {
                case "CREATE" -> create();
                case "ALTER" -> {
                    if (t.at(1).is("TABLE")) {
                        alterTable();
                    } else {
                        analysed = !t.at(1).is("SYSTEM") && t.at(1).kind() == SqlTokens.Kind.WORD;
                    }
                }
                case "DROP" -> drop();
                case "TRUNCATE" -> truncate();
                case "VACUUM" -> vacuum();
                case "CLUSTER" -> rewriteOf(tableAfterOptions(1), "CLUSTER");
                case "REINDEX" -> reindex();
                case "UPDATE", "DELETE" -> dml();
                default -> analysed = SAFE_FIRST_WORDS.contains(first);
            }
            if (!analysed) {
                out.add(new Finding(NOT_ANALYSED, INFO, index, "The linter does not know this kind of statement, so no"
                        + " rule judged it.", "Review its locks by hand."));
            }
        }

        private void add(String rule, LintSeverity severity, String reason, String fix) {
            out.add(new Finding(rule, severity, index, reason, fix));
        }

        private void sized(String rule, QualifiedName table, String what, String fix) {
            Size size = tables.size(table);
            LintTables.severity(size, ERROR).ifPresent(sev -> add(rule, sev, what + " on " + tables.describe(table)
                    + (size == Size.BIG ? "." : "; the table is small now, so this is only a note."), fix));
        }

        private void noTransaction() {
            String what = t.text(0, Math.min(t.size(), 4));
            if (script.transactional()) {
                add(NO_TRANSACTION, ERROR, what + " cannot run inside a transaction block, and this script is set to run"
                        + " in one: it will fail.", "Move it to a script of its own, without TransactionMode.TRANSACTIONAL.");
            } else if (script.statements().size() > 1) {
                add(NO_TRANSACTION, WARNING, what + " makes the whole script of " + script.statements().size()
                        + " statements run without a transaction: if a later statement fails, the ones before it stay"
                        + " applied.", "Move it to a script of its own.");
            }
        }

        private void create() {
            int i = 1;
            if (t.words(i, "OR", "REPLACE")) {
                i += 2;
            }
            if (t.at(i).is("UNIQUE")) {
                i++;
            }
            if (t.at(i).is("INDEX")) {
                createIndex(i + 1);
                return;
            }
            while (t.at(i).is("UNLOGGED") || t.at(i).is("TEMP") || t.at(i).is("TEMPORARY") || t.at(i).is("GLOBAL")
                    || t.at(i).is("LOCAL")) {
                i++;
            }
            if (t.at(i).is("TABLE")) {
                i++;
                if (t.words(i, "IF", "NOT", "EXISTS")) {
                    i += 3;
                }
                QualifiedName name = t.name(i, true);
                if (name != null) {
                    tables.created(name);
                }
                return;
            }
            // Views, functions, sequences, types, schemas, extensions, triggers...: no table data is locked long.
            analysed = t.at(i).kind() == SqlTokens.Kind.WORD;
        }

        private void createIndex(int i) {
            boolean concurrently = t.at(i).is("CONCURRENTLY");
            int on = t.find(i, t.size(), "ON");
            if (on < 0) {
                analysed = false;
                return;
            }
            QualifiedName table = t.name(t.at(on + 1).is("ONLY") ? on + 2 : on + 1, true);
            if (table == null) {
                analysed = false;
                return;
            }
            if (concurrently) {
                return;
            }
            if (tables.size(table) == Size.BIG) {
                state.bigDdlTables.add(table.name());
            }
            sized(CREATE_INDEX, table, "CREATE INDEX without CONCURRENTLY blocks every write to the table until the"
                    + " index is built", "CREATE INDEX CONCURRENTLY ... in a script of its own.");
        }

        private void alterTable() {
            int i = 2;
            if (t.words(i, "IF", "EXISTS")) {
                i += 2;
            }
            if (t.at(i).is("ONLY")) {
                i++;
            }
            QualifiedName table = t.name(i, true);
            if (table == null) {
                analysed = false; // ALTER TABLE ALL IN TABLESPACE ...
                return;
            }
            i = table.end();
            if (t.at(i).isSymbol('*')) {
                i++;
            }
            Size size = tables.size(table);
            if (size == Size.BIG) {
                state.bigDdlTables.add(table.name());
            }
            if (t.at(i).is("RENAME")) {
                rename(table, size, i + 1);
                return;
            }
            if (t.words(i, "SET", "SCHEMA")) {
                renamed(table, size, "Moving table " + table.name() + " to another schema");
                return;
            }
            for (SqlTokens.Range action : t.splitCommas(i, t.size())) {
                action(table, action.from(), action.to());
            }
        }

        private void rename(QualifiedName table, Size size, int i) {
            if (t.at(i).is("TO")) {
                renamed(table, size, "Renaming table " + table.name());
                tables.gone(table);
                QualifiedName to = t.name(i + 1, true);
                if (size == Size.NEW && to != null) {
                    tables.created(new QualifiedName(table.schema(), to.name(), 0));
                }
            } else if (t.at(i).is("CONSTRAINT")) {
                return; // names of constraints are the database's business
            } else {
                int col = t.at(i).is("COLUMN") ? i + 1 : i;
                renamed(table, size, "Renaming column " + t.at(col).text() + " of " + table.name());
            }
        }

        private void renamed(QualifiedName table, Size size, String what) {
            if (size != Size.NEW) {
                add(RENAME, WARNING, what + " breaks the version of the application still running, which uses the old"
                        + " name.", "Add the new name alongside the old (a new column kept in sync, or a view), move the"
                        + " application over, and drop the old name in a later release.");
            }
        }

        private void action(QualifiedName table, int from, int to) {
            SqlTokens.Token first = t.at(from);
            if (first.is("ADD")) {
                int i = from + 1;
                if (t.at(i).is("CONSTRAINT")) {
                    constraint(table, t.at(i + 1).text().toLowerCase(Locale.ROOT), i + 2, to);
                } else if (t.at(i).is("PRIMARY") || t.at(i).is("UNIQUE") || t.at(i).is("FOREIGN") || t.at(i).is("CHECK")
                        || t.at(i).is("EXCLUDE")) {
                    constraint(table, "", i, to);
                } else {
                    addColumn(table, i, to);
                }
            } else if (first.is("DROP")) {
                if (t.at(from + 1).is("CONSTRAINT")) {
                    return;
                }
                int i = t.at(from + 1).is("COLUMN") ? from + 2 : from + 1;
                if (t.words(i, "IF", "EXISTS")) {
                    i += 2;
                }
                if (tables.size(table) != Size.NEW) {
                    add(DROP, WARNING, "Dropping column " + t.at(i).text() + " of " + tables.describe(table)
                                    + " destroys its data, and the version of the application still running may use it.",
                            "Stop using the column in one release and drop it in a later one; take a backup first.");
                }
            } else if (first.is("ALTER")) {
                int i = t.at(from + 1).is("COLUMN") ? from + 2 : from + 1;
                alterColumn(table, t.name(i, true), i + 1, to);
            } else if (first.is("VALIDATE") && t.at(from + 1).is("CONSTRAINT")) {
                String column = pendingNotNullChecks.get(t.at(from + 2).text().toLowerCase(Locale.ROOT));
                if (column != null) {
                    provenNotNull.add(column);
                }
            } else if (first.is("SET") && (t.at(from + 1).isSymbol('(') || t.at(from + 1).is("WITHOUT"))) {
                return; // storage parameters, SET WITHOUT CLUSTER/OIDS: catalog only
            } else if (!SAFE_ALTER_ACTIONS.contains(first.upper())) {
                analysed = false;
            }
        }

        private void constraint(QualifiedName table, String name, int i, int to) {
            boolean notValid = false;
            for (int k = i; k < to - 1; k++) {
                if (t.at(k).is("NOT") && t.at(k + 1).is("VALID")) {
                    notValid = true;
                }
            }
            boolean usingIndex = false;
            for (int k = i; k < to - 1; k++) {
                if (t.at(k).is("USING") && t.at(k + 1).is("INDEX")) {
                    usingIndex = true;
                }
            }
            if (t.at(i).is("FOREIGN") || t.at(i).is("CHECK")) {
                if (t.at(i).is("CHECK") && notValid) {
                    String def = "CHECK " + t.text(i + 1, t.skipGroup(i + 1)) + " NOT VALID";
                    Matcher m = NOT_NULL_CHECK.matcher(def);
                    if (m.matches() && !name.isEmpty()) {
                        pendingNotNullChecks.put(name, key(table, m.group(1)));
                    }
                }
                if (!notValid) {
                    sized(VALIDATING_CONSTRAINT, table, "Adding a " + (t.at(i).is("CHECK") ? "CHECK" : "FOREIGN KEY")
                                    + " constraint without NOT VALID checks every row while writes wait",
                            "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT ... in a later"
                                    + " statement.");
                }
            } else if (!usingIndex) {
                sized(INDEX_CONSTRAINT, table, "Adding a " + (t.at(i).is("PRIMARY") ? "PRIMARY KEY" : t.at(i).upper())
                                + " constraint builds its index under an ACCESS EXCLUSIVE lock",
                        "CREATE UNIQUE INDEX CONCURRENTLY idx ON ...; then ADD CONSTRAINT name "
                                + (t.at(i).is("PRIMARY") ? "PRIMARY KEY" : "UNIQUE") + " USING INDEX idx.");
            }
        }

        private void addColumn(QualifiedName table, int i, int to) {
            if (t.at(i).is("COLUMN")) {
                i++;
            }
            if (t.words(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            String column = t.at(i).text();
            int typeAt = i + 1;
            boolean serial = t.at(typeAt).upper().endsWith("SERIAL");
            int generated = t.find(typeAt, to, "GENERATED");
            boolean storedGenerated = generated >= 0 && !t.at(generated + 1).is("BY") && !t.words(generated + 1, "ALWAYS", "AS", "IDENTITY");
            if (generated >= 0 && (t.words(generated + 1, "BY", "DEFAULT", "AS", "IDENTITY")
                    || t.words(generated + 1, "ALWAYS", "AS", "IDENTITY"))) {
                serial = true; // an identity column fills every existing row from its sequence
            }
            int def = t.find(typeAt, to, "DEFAULT");
            List<String> volatileCalls = List.of();
            boolean anyDefault = false;
            if (def >= 0) {
                // The expression runs to the next column constraint; its first token always belongs to it (NULL).
                int end = t.at(def + 1).isSymbol('(') ? t.skipGroup(def + 1) : def + 2;
                while (end < to && !endsDefault(t.at(end))) {
                    end = t.at(end).isSymbol('(') ? t.skipGroup(end) : end + 1;
                }
                anyDefault = !(end == def + 2 && t.at(def + 1).is("NULL"));
                Set<String> calls = new LinkedHashSet<>();
                for (int k = def + 1; k < end; k++) {
                    if (t.at(k).kind() == SqlTokens.Kind.WORD && t.at(k + 1).isSymbol('(')) {
                        calls.add(t.at(k).text());
                    }
                }
                volatileCalls = catalog.volatileFunctions(calls);
            }
            String why = null;
            if (!volatileCalls.isEmpty()) {
                why = "The default calls " + String.join(", ", volatileCalls) + "(), which is volatile: every existing row"
                        + " gets its own value, so the table is rewritten under an ACCESS EXCLUSIVE lock";
            } else if (serial) {
                why = "A serial or identity column fills every existing row from its sequence, so the table is rewritten"
                        + " under an ACCESS EXCLUSIVE lock";
            } else if (storedGenerated) {
                why = "A stored generated column is computed for every existing row: the table is rewritten under an"
                        + " ACCESS EXCLUSIVE lock";
            } else if (anyDefault && serverMajor() < 11) {
                why = "Before PostgreSQL 11 any default rewrites the table under an ACCESS EXCLUSIVE lock";
            }
            if (why != null) {
                sized(VOLATILE_DEFAULT, table, why + " (column " + column + ")",
                        "ADD COLUMN " + column + " without the default; ALTER COLUMN " + column + " SET DEFAULT ...;"
                                + " then fill existing rows in batches.");
            }
            if (t.find(typeAt, to, "PRIMARY") >= 0 || t.find(typeAt, to, "UNIQUE") >= 0) {
                sized(INDEX_CONSTRAINT, table, "An inline PRIMARY KEY/UNIQUE on the new column " + column
                        + " builds its index under an ACCESS EXCLUSIVE lock", "Add the column, CREATE UNIQUE INDEX"
                        + " CONCURRENTLY on it, then ADD CONSTRAINT ... USING INDEX.");
            }
        }

        private boolean endsDefault(SqlTokens.Token token) {
            return token.is("NOT") || token.is("NULL") || token.is("CONSTRAINT") || token.is("CHECK")
                    || token.is("REFERENCES") || token.is("PRIMARY") || token.is("UNIQUE") || token.is("COLLATE")
                    || token.is("GENERATED");
        }

        private void alterColumn(QualifiedName table, QualifiedName columnName, int i, int to) {
            if (columnName == null) {
                analysed = false;
                return;
            }
            String column = columnName.name();
            if (t.at(i).is("TYPE") || t.words(i, "SET", "DATA", "TYPE")) {
                int typeAt = t.at(i).is("TYPE") ? i + 1 : i + 3;
                int using = t.find(typeAt, to, "USING");
                int collate = t.find(typeAt, to, "COLLATE");
                int typeEnd = using >= 0 ? using : collate >= 0 ? collate : to;
                String newType = t.text(typeAt, typeEnd);
                Optional<String> oldType = tables.size(table) == Size.NEW ? Optional.empty()
                        : catalog.columnType(table.schema() == null ? schema : table.schema(), table.name(), column);
                if (oldType.isEmpty()) {
                    return;
                }
                if (using < 0 && PostgresTypes.binaryCoercible(oldType.get(), newType)) {
                    return;
                }
                sized(TYPE_REWRITE, table, "Changing column " + column + " from " + oldType.get() + " to " + newType
                                + (using >= 0 ? " with USING" : "") + " rewrites the table and its indexes under an ACCESS"
                                + " EXCLUSIVE lock",
                        "Add a new column of the new type, fill it in batches (and keep it in sync with a trigger),"
                                + " then switch the application over and drop the old column later.");
            } else if (t.words(i, "SET", "NOT", "NULL")) {
                Size size = tables.size(table);
                if (size == Size.NEW || size == Size.MISSING || size == Size.EMPTY) {
                    return;
                }
                String s = table.schema() == null ? schema : table.schema();
                if (provenNotNull.contains(key(table, column)) || catalog.hasValidatedNotNullCheck(s, table.name(), column)) {
                    return;
                }
                sized(SET_NOT_NULL, table, "SET NOT NULL on column " + column + " scans every row under an ACCESS"
                                + " EXCLUSIVE lock, as no validated CHECK (" + column + " IS NOT NULL) proves it first",
                        "ADD CONSTRAINT " + column + "_not_null CHECK (" + column + " IS NOT NULL) NOT VALID; VALIDATE"
                                + " CONSTRAINT " + column + "_not_null; then SET NOT NULL (PostgreSQL 12+ skips the scan)"
                                + " and drop the check.");
            }
            // DROP NOT NULL, SET/DROP DEFAULT, SET STATISTICS, SET STORAGE...: catalog only.
        }

        private String key(QualifiedName table, String column) {
            return (table.schema() == null ? schema : table.schema()) + "." + table.name() + "."
                    + column.toLowerCase(Locale.ROOT);
        }

        private void drop() {
            if (t.at(1).is("TABLE")) {
                int i = 2;
                if (t.words(i, "IF", "EXISTS")) {
                    i += 2;
                }
                for (SqlTokens.Range part : t.splitCommas(i, t.size())) {
                    QualifiedName table = t.name(part.from(), true);
                    if (table == null) {
                        continue;
                    }
                    if (tables.size(table) != Size.NEW) {
                        add(DROP, WARNING, "Dropping table " + tables.describe(table) + " destroys its data, and the"
                                        + " version of the application still running may use it.",
                                "Stop using the table in one release and drop it in a later one; take a backup first.");
                    }
                    tables.gone(table);
                }
            } else if (t.at(1).is("SCHEMA")) {
                add(DROP, WARNING, "Dropping a schema destroys every table in it.",
                        "Drop what is no longer used table by table, in a later release than the one that stopped using"
                                + " it; take a backup first.");
            }
            // Indexes, views, functions, sequences, types, constraints: no table data.
        }

        private void truncate() {
            int i = t.at(1).is("TABLE") ? 2 : 1;
            if (t.at(i).is("ONLY")) {
                i++;
            }
            QualifiedName table = t.name(i, true);
            if (table != null && tables.size(table) != Size.NEW) {
                add(DROP, WARNING, "TRUNCATE destroys every row of " + tables.describe(table) + ".",
                        "Take a backup first, and make sure no running version of the application still needs the rows.");
            }
        }

        private void vacuum() {
            int i = 1;
            boolean full = false;
            if (t.at(i).isSymbol('(')) {
                int end = t.skipGroup(i);
                full = t.find(i + 1, end - 1, "FULL") >= 0;
                i = end;
            }
            while (t.at(i).is("FULL") || t.at(i).is("FREEZE") || t.at(i).is("VERBOSE") || t.at(i).is("ANALYZE")) {
                full |= t.at(i).is("FULL");
                i++;
            }
            if (full) {
                rewriteOf(t.name(i, true), "VACUUM FULL");
            }
        }

        private void reindex() {
            int i = 1;
            if (t.at(i).isSymbol('(')) {
                i = t.skipGroup(i);
            }
            String kind = t.at(i).upper();
            if (t.at(i + 1).is("CONCURRENTLY")) {
                return;
            }
            if (kind.equals("TABLE")) {
                rewriteOf(t.name(i + 1, true), "REINDEX TABLE");
            } else {
                add(TABLE_REWRITE, ERROR, "REINDEX " + kind + " without CONCURRENTLY blocks writes to the tables whose"
                        + " indexes it rebuilds.", "REINDEX " + kind + " CONCURRENTLY ... in a script of its own.");
            }
        }

        private QualifiedName tableAfterOptions(int i) {
            if (t.at(i).isSymbol('(')) {
                i = t.skipGroup(i);
            }
            if (t.at(i).is("VERBOSE")) {
                i++;
            }
            return t.name(i, true);
        }

        private void rewriteOf(QualifiedName table, String what) {
            String fix = "Run it outside migrations, in a maintenance window, or use pg_repack; for indexes REINDEX"
                    + " CONCURRENTLY.";
            if (table == null) {
                add(TABLE_REWRITE, ERROR, what + " without a table rewrites every table of the database under an ACCESS"
                        + " EXCLUSIVE lock.", fix);
            } else {
                sized(TABLE_REWRITE, table, what + " rewrites the table under an ACCESS EXCLUSIVE lock", fix);
            }
        }

        private void dml() {
            Optional<DmlTarget> target = DmlTarget.of(statement.text(), t, true);
            if (target.isEmpty()) {
                analysed = false;
                return;
            }
            Size size = tables.size(target.get().table());
            if (size == Size.BIG || size == Size.SMALL && !target.get().narrowed()) {
                state.bulkDml.add(index);
            }
        }
    }
}
