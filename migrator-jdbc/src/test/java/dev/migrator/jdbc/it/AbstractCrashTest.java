package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared plumbing of the crash tests (issue 8): a child JVM per trial running one operation against the test
 * database, killed with SIGKILL ({@link Process#destroyForcibly()}: no shutdown hook, nothing closed or rolled back by
 * the client), the database's end of the child's sessions awaited, and the SQL that differs between PostgreSQL and
 * MariaDB.
 *
 * <p>Every scenario runs {@code -Dmigrator.crash.trials=N} trials (default 30; more for a soak) from a printed seed,
 * replayed with {@code -Dmigrator.crash.seed=S}, and ends with one summary line on {@code System.out}. Each trial's
 * child output is kept in a temporary file and shown when an assertion fails.
 */
abstract class AbstractCrashTest extends ItSupport {

    /** PostgreSQL's application name of the child's sessions, to tell them apart in {@code pg_stat_activity}. */
    private static final String CHILD_APP = "migrator_crash_child";

    @TempDir
    Path dir;

    AbstractCrashTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** Trials per scenario: {@code migrator.crash.trials}, 30 by default. */
    static int trials() {
        return Integer.getInteger("migrator.crash.trials", 30);
    }

    /** The scenario's seed ({@code migrator.crash.seed}, or a new one), printed with the backend and trial count. */
    long seed(String scenario, int trials) {
        long seed = Long.getLong("migrator.crash.seed", System.nanoTime());
        System.out.println(label(scenario) + ": " + trials + " trials, seed " + seed);
        return seed;
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

    /** Starts {@code main} in a new JVM tuned to start fast, its output (and errors) going to {@code out}. */
    Process start(Path out, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Waits until the child prints {@code ready}: it has built its manager and is about to start the operation. */
    static void awaitReady(Process child, Path out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && !read(out).contains("ready")) {
            Thread.sleep(2);
        }
        assertThat(read(out)).as("the child started\n%s", read(out)).contains("ready");
    }

    /** SIGKILL, and waits until the process is gone. */
    static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
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
                ? "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + CHILD_APP + "'"
                : "SELECT count(*) FROM information_schema.processlist WHERE db = '" + db.database()
                        + "' AND id <> connection_id()";
        while (queryLong(sessions) > 0) {
            assertThat(System.nanoTime()).as("the killed child's sessions ended").isLessThan(deadline);
            Thread.sleep(2);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
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

    static String read(Path out) {
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
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
