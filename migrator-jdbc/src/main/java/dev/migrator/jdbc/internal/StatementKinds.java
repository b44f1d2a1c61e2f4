package dev.migrator.jdbc.internal;

import dev.migrator.spi.ParsedStatement;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Tells which statements of a script may run together in one transaction with the history update that counts them
 * ({@link ParsedStatement#groupable()}), by their leading keywords. An allow-list: whatever is not known to stay inside
 * a transaction and roll back with it is not groupable, and runs on its own with its own progress record. Pure and
 * thread-safe.
 *
 * <p>MySQL/MariaDB: DML only ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code REPLACE}, {@code SELECT},
 * {@code WITH}, {@code VALUES}, {@code TABLE}, {@code DO}) and {@code SET} of session and user variables. DDL,
 * {@code GRANT}, {@code LOCK TABLES}, transaction control, {@code LOAD DATA}, {@code OPTIMIZE}/{@code ANALYZE} and the
 * like commit implicitly; {@code CALL} and {@code PREPARE}/{@code EXECUTE} may run anything. A {@code SET} naming
 * autocommit, transactions, passwords, roles or the completion type is not groupable either (they commit, or change how
 * the group's transaction behaves). What this cannot see: DML on a non-transactional table (MyISAM, Aria, MEMORY) is
 * not rolled back with the group.
 *
 * <p>PostgreSQL (non-transactional scripts only; transactional ones run whole in one transaction anyway): DML and the
 * transactional DDL ({@code CREATE}, {@code ALTER}, {@code DROP}, {@code COMMENT}, {@code GRANT}, {@code REVOKE},
 * {@code TRUNCATE}), except what {@link #requiresNoTransaction} refuses, {@code CREATE}/{@code ALTER}/{@code
 * DROP} of databases, tablespaces and subscriptions, and {@code ALTER TYPE} (an enum value added in a transaction
 * cannot be used before it commits). {@code SET} ({@code SET LOCAL} would outlive its statement), {@code CALL} and
 * {@code DO} (they may commit) and transaction control are not groupable.
 */
final class StatementKinds {

    private static final int WORDS = 4;

    private static final Set<String> MYSQL_DML = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH", "VALUES",
            "TABLE", "DO");

    /** Words that make a MySQL {@code SET} commit, or change the transaction it would run in. */
    private static final String[] MYSQL_SET_HAZARDS = {"AUTOCOMMIT", "TRANSACTION", "PASSWORD", "ROLE", "COMPLETION_TYPE"};

    private static final Set<String> POSTGRES_DML = Set.of("INSERT", "UPDATE", "DELETE", "SELECT", "WITH", "VALUES", "TABLE",
            "MERGE");

    private static final Set<String> POSTGRES_DDL = Set.of("CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE");

    /** Objects whose DDL may not run inside a transaction block (or misbehaves there). */
    private static final Set<String> POSTGRES_DDL_OUTSIDE = Set.of("DATABASE", "TABLESPACE", "SUBSCRIPTION", "SYSTEM");

    private StatementKinds() {}

    /** The statements of {@code statements}, each classified for {@code syntax}. */
    static Iterator<ParsedStatement> classified(Iterator<ParsedStatement> statements, SqlSplitter.Syntax syntax) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return statements.hasNext();
            }

            @Override
            public ParsedStatement next() {
                ParsedStatement s = statements.next();
                return s.withGroupable(groupable(syntax, s));
            }
        };
    }

    /** Whether a statement may run in one transaction with its neighbours and their progress record. */
    static boolean groupable(SqlSplitter.Syntax syntax, ParsedStatement statement) {
        if (statement.requiresNoTransaction()) {
            return false;
        }
        String[] words = SqlSplitter.leadingWords(statement.text(), WORDS);
        if (words[0] == null) {
            return false; // a MySQL executable comment /*! ... */, or something unknown
        }
        return syntax == SqlSplitter.Syntax.POSTGRESQL ? postgres(words) : mysql(words, statement.text());
    }

    private static boolean mysql(String[] words, String text) {
        if (MYSQL_DML.contains(words[0])) {
            return true;
        }
        if (!words[0].equals("SET")) {
            return false;
        }
        // leadingWords stops at '@', so SET @@autocommit = 0 shows as SET alone: look at the whole text instead, and
        // refuse anything that names a hazard anywhere, even inside a value (safe, only slower).
        String upper = text.toUpperCase(Locale.ROOT);
        for (String hazard : MYSQL_SET_HAZARDS) {
            if (upper.contains(hazard)) {
                return false;
            }
        }
        return true;
    }

    private static boolean postgres(String[] words) {
        if (POSTGRES_DML.contains(words[0])) {
            return true;
        }
        if (!POSTGRES_DDL.contains(words[0])) {
            return false;
        }
        if (words[0].equals("ALTER") && "TYPE".equals(words[1])) {
            return false;
        }
        for (int i = 1; i < words.length && words[i] != null; i++) {
            if (POSTGRES_DDL_OUTSIDE.contains(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether a PostgreSQL statement cannot run inside a transaction block. */
    static boolean requiresNoTransaction(String statement) {
        String[] words = SqlSplitter.leadingWords(statement, 6);
        if (words[0] == null) {
            return false;
        }
        switch (words[0]) {
            case "VACUUM":
                return true;
            case "CREATE":
                if ("UNIQUE".equals(words[1])) {
                    return "INDEX".equals(words[2]) && "CONCURRENTLY".equals(words[3]);
                }
                return ("INDEX".equals(words[1]) && "CONCURRENTLY".equals(words[2]))
                        || "DATABASE".equals(words[1])
                        || "TABLESPACE".equals(words[1]);
            case "DROP":
                return ("INDEX".equals(words[1]) && "CONCURRENTLY".equals(words[2]))
                        || "DATABASE".equals(words[1])
                        || "TABLESPACE".equals(words[1]);
            case "ALTER":
                return "SYSTEM".equals(words[1]);
            case "REINDEX":
                for (int i = 1; i < words.length && words[i] != null; i++) {
                    if ("CONCURRENTLY".equals(words[i]) || "DATABASE".equals(words[i]) || "SYSTEM".equals(words[i])) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}
