package dev.migrator.jdbc.it;

import static dev.migrator.jdbc.testing.CrashTrials.awaitReady;
import static dev.migrator.jdbc.testing.CrashTrials.read;
import static dev.migrator.jdbc.testing.CrashTrials.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.CrashTrials;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Shared plumbing of the JDBC crash tests (issue 8): a child JVM per trial running one operation against the test
 * database and killed with SIGKILL ({@link CrashTrials}), the database's end of the child's sessions awaited, and the
 * SQL that differs between PostgreSQL and MariaDB. Every scenario ends with one summary line on {@code System.out}.
 */
// The crash trials spend most of their time starting and killing child JVMs and waiting for their sessions to end: they
// run beside the module's other test classes (junit-platform.properties: classes stay in one thread unless marked), each
// in its own database, counting only its own children's sessions.
@Execution(ExecutionMode.CONCURRENT)
abstract class AbstractCrashTest extends ItSupport {

    /** PostgreSQL's application name of the child's sessions, to tell them apart in {@code pg_stat_activity}. */
    private static final String CHILD_APP = "migrator_crash_child";

    @TempDir
    Path dir;

    AbstractCrashTest(TestDatabase.Kind kind) {
        super(kind);
    }

    long seed(String scenario, int trials) {
        return CrashTrials.seed(label(scenario), trials);
    }

    /** The scenario's name in printed lines, e.g. {@code crash MariaDB migrate}. */
    String label(String scenario) {
        return "crash " + (postgres() ? "PostgreSQL" : "MariaDB") + " " + scenario;
    }

    // ---------------------------------------------------------------- the child

    /** The child's connection URL; on PostgreSQL tagged so that its sessions can be found. */
    String childUrl() {
        return postgres() ? db.url() + (db.url().contains("?") ? "&" : "?") + "ApplicationName=" + CHILD_APP : db.url();
    }

    /**
     * Waits until the database has ended every session of a killed child and returns how long that took. Until then
     * a statement the child had sent may still run and, on MariaDB, commit by itself; its locks are freed at the end.
     * On MariaDB the child's sessions are those on the test database other than this one, so the test's own managers
     * must be closed before.
     */
    long waitForChildSessions() throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(20);
        String sessions = postgres()
                ? "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + CHILD_APP + "' AND datname = '"
                        + db.database() + "'"
                : "SELECT count(*) FROM information_schema.processlist WHERE db = '" + db.database()
                        + "' AND id <> connection_id()";
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            while (count(s, sessions) > 0) {
                assertThat(System.nanoTime()).as("the killed child's sessions ended").isLessThan(deadline);
                Thread.sleep(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * The count a query returns, on a connection kept for polling (a new connection per poll would compete with the
     * child); 0 while its table does not exist yet.
     */
    static long count(Statement s, String query) {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Runs the child to the end once and returns how long it took after {@code ready}, in ms. */
    long calibrate(String scenario, Class<?> main, String... args) throws Exception {
        Path out = dir.resolve("calibration-" + scenario + ".log");
        Process child = start(out, main, args);
        awaitReady(child, out);
        long t0 = System.nanoTime();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(child.exitValue()).as("calibration run of %s\n%s", scenario, read(out)).isZero();
        System.out.println(label(scenario) + ": one uninterrupted run takes " + ms + " ms after ready");
        waitForChildSessions();
        return ms;
    }

    // ---------------------------------------------------------------- SQL that differs

    /** A FROM item giving the integers {@code from..to} as column {@code g}. */
    String series(long from, long to) {
        return postgres() ? "generate_series(" + from + ", " + to + ") AS s(g)"
                : "(SELECT seq AS g FROM seq_" + from + "_to_" + to + ") s";
    }

    /** A timestamp {@code seconds} after 2025-01-01 00:00 UTC. */
    String at(String seconds) {
        return postgres() ? "timestamptz '2025-01-01 00:00:00+00' + " + seconds + " * interval '1 second'"
                : "TIMESTAMP '2025-01-01 00:00:00' + INTERVAL " + seconds + " SECOND";
    }

    /** A JSON document {@code {"key": value}}. */
    String json(String key, String value) {
        return postgres() ? "jsonb_build_object('" + key + "', " + value + ")" : "json_object('" + key + "', " + value + ")";
    }

    /** Column types: a timestamp and a JSON document. */
    String timestampType() {
        return postgres() ? "timestamptz" : "datetime(6)";
    }

    String jsonType() {
        return postgres() ? "jsonb" : "json";
    }

    /** A JSON column as text in one canonical form, comparable between source and target. */
    String jsonText(String column) {
        return postgres() ? column + "::text" : "json_compact(" + column + ")";
    }

    /** {@code count:checksum} of a table's rows: the count and an order-independent sum of a hash of each row. */
    String countAndChecksum(String from, String... columns) {
        String row = "concat_ws('|', " + String.join(", ", columns) + ")";
        String hash = postgres() ? "hashtextextended(" + row + ", 0)" : "crc32(" + row + ")";
        return queryStrings("SELECT concat(count(*), ':', coalesce(sum(" + hash + "), 0)) FROM " + from).get(0);
    }
}
