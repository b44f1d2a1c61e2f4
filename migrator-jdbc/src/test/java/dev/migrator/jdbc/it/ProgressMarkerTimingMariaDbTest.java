package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.api.TransactionMode;
import dev.migrator.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A timing sanity check of issue 17, item 2 (not a benchmark): 45 small scripts of DDL and DML, 630 statements, on
 * MariaDB, applied three ways on fresh schemas: by one plain JDBC session (each statement in autocommit, no history),
 * by migrator as a {@link TransactionMode#NON_TRANSACTIONAL} script (each statement followed by its own progress
 * record: what every MariaDB script cost before), and by migrator in {@link TransactionMode#AUTO} (runs of DML commit
 * together with their record). Prints the times; asserts only that each way applied everything (times on a shared
 * server are for reading, not for failing a build).
 */
class ProgressMarkerTimingMariaDbTest extends ItSupport {

    private static final int FILES = 45;

    ProgressMarkerTimingMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    /** Script k: 4 DDL and 10 DML statements. */
    private static List<String> statements(int k) {
        String a = "ta_" + k;
        String b = "tb_" + k;
        List<String> s = new ArrayList<>();
        s.add("CREATE TABLE " + a + " (id int primary key, name varchar(40), score int)");
        for (int i = 1; i <= 5; i++) {
            s.add("INSERT INTO " + a + " VALUES (" + i + ", 'name " + i + "', " + i * 10 + ")");
        }
        s.add("CREATE INDEX " + a + "_name ON " + a + " (name)");
        s.add("UPDATE " + a + " SET score = score + 1 WHERE id <= 2");
        s.add("DELETE FROM " + a + " WHERE id = 5");
        s.add("CREATE TABLE " + b + " (id int primary key, a_id int)");
        s.add("INSERT INTO " + b + " SELECT id, id FROM " + a);
        s.add("INSERT INTO " + b + " VALUES (100, 1)");
        s.add("ALTER TABLE " + b + " ADD COLUMN note varchar(20)");
        s.add("UPDATE " + b + " SET note = 'x'");
        return s;
    }

    private List<Script> scripts(TransactionMode mode) {
        List<Script> scripts = new ArrayList<>();
        for (int k = 1; k <= FILES; k++) {
            scripts.add(Script.builder(String.valueOf(k), "file_" + k).up(String.join(";\n", statements(k)) + ";\n")
                    .transactionMode(mode).build());
        }
        return scripts;
    }

    private long migrateMillis(String schema, TransactionMode mode) {
        var m = track(builder().target(Target.of(CORE, schema)).scripts(scripts(mode)).build());
        m.status(); // connect and probe the server before the clock starts
        long t0 = System.nanoTime();
        m.migrate();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void migrate_45MixedScripts_printsTimesOfOneSessionRecordPerStatementAndGroupedDml() throws Exception {
        String nativeSchema = uniqueSchema("native");
        sql("CREATE DATABASE " + nativeSchema);
        long t0 = System.nanoTime();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("USE " + nativeSchema);
            for (int k = 1; k <= FILES; k++) {
                for (String statement : statements(k)) {
                    s.execute(statement);
                }
            }
        }
        long nativeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        String perStatement = uniqueSchema("per_statement");
        String grouped = uniqueSchema("grouped");
        long perStatementMs = migrateMillis(perStatement, TransactionMode.NON_TRANSACTIONAL);
        long groupedMs = migrateMillis(grouped, TransactionMode.AUTO);

        int statements = FILES * statements(1).size();
        System.out.println(String.format(Locale.ROOT, "progress marker timing MariaDB, %d scripts, %d statements: one plain "
                + "session %d ms; migrator with a record after every statement %d ms; migrator with grouped DML %d ms",
                FILES, statements, nativeMs, perStatementMs, groupedMs));
        assertThat(history(perStatement)).hasSize(FILES).allMatch(HistoryRow::success);
        assertThat(history(grouped)).hasSize(FILES).allMatch(HistoryRow::success);
        assertThat(queryLong("SELECT count(*) FROM " + grouped + ".tb_45")).isEqualTo(5);
    }
}
