package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.env;
import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.seconds;
import static dev.migrator.examples.bench.BenchSupport.millis;
import static dev.migrator.examples.bench.BenchSupport.firstLine;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.Compression;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Backs up and restores one PostgreSQL table of {@code bench.rows} rows (default 1,000,000, about 200 bytes each:
 * bigint identity key, text, varchar, numeric(12,2), timestamptz, boolean, jsonb, uuid, a nullable text and a short
 * bytea, filled server-side with {@code generate_series}) with migrator and, in the same run and on the same table,
 * with {@code pg_dump -Fc} and {@code pg_restore}:
 *
 * <ul>
 *   <li>{@code migrator}: {@code backup()} with gzip (the default), then {@code restore()} without and with the live
 *       comparison ({@code RestoreRequest.verify}, on by default: the restored table is read back and its content
 *       checksum compared with the backup's);
 *   <li>{@code migrator-none}: the same with {@code Compression.NONE}, restore without the comparison;
 *   <li>{@code pg_dump}: {@code pg_dump -Fc -t table} (zlib at its default level, 6), then {@code TRUNCATE} and
 *       {@code pg_restore --data-only --single-transaction};
 *   <li>{@code pg_dump-z1}, {@code pg_dump-z0}: the same with {@code -Z1} (zlib level 1, the level migrator uses) and
 *       {@code -Z0} (uncompressed, to compare with {@code migrator-none}).
 * </ul>
 *
 * <p>Every restore empties the same table and loads it again, as a user restoring over a damaged table would; each is
 * checked afterwards (row count and an order-independent sum of each row's 64-bit text hash, against the figures
 * taken after filling). The JVM's heap is measured per operation (peak of the heap pools, reset before each) to show
 * that memory stays flat: run it with {@code -Xmx256m} (see the README for the command; {@code exec:java} would run in
 * Maven's own JVM).
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.rows} (1000000), {@code bench.rounds} (3; medians, the tool order rotates each round),
 * {@code bench.tools} ({@code migrator,migrator-none,pg_dump,pg_dump-z1,pg_dump-z0}), {@code bench.warmupRows}
 * (rows of a throw-away table migrator backs up and restores once first, so that JIT compilation is not what is
 * timed; 100000, 0 for none), {@code bench.dir} (where backups are written; default a temporary directory),
 * {@code bench.out} (the Markdown file written).
 *
 * <p>Server: {@code MIGRATOR_TEST_POSTGRES_URL} (with optional {@code _USER} and {@code _PASSWORD}), else the local
 * service at 127.0.0.1:5432 as {@code postgres}. The database is created here and dropped at the end.
 */
public final class BackupBenchmark {

    static final String TABLE = "bench_rows";
    private static final String WARM_TABLE = "bench_warm";
    static final List<String> TOOLS = List.of("migrator", "migrator-none", "pg_dump", "pg_dump-z1", "pg_dump-z0");

    private BackupBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Result result = run(parseArgs(args, "--rows=1000000 --rounds=3"));
        System.out.println("Written to " + result.out().toAbsolutePath());
        if (result.failed()) {
            System.exit(1);
        }
    }

    /** The Markdown table, where it was written, the aggregated rows, and whether any operation failed or was wrong. */
    record Result(String table, Path out, List<Row> rows, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int rows = intOption(options, "rows", 1_000_000, 1, 100_000_000);
        int rounds = intOption(options, "rounds", 3, 1, 100);
        int warmupRows = intOption(options, "warmupRows", 100_000, 0, 10_000_000);
        List<String> tools = listOption(options, "tools", String.join(",", TOOLS), TOOLS);
        Path out = Path.of(option(options, "out", defaultOut("backup-bench-results.md")));
        String dirOption = option(options, "dir", "");
        Path work = dirOption.isEmpty() ? Files.createTempDirectory("migrator-backup-bench-")
                : Files.createDirectories(Path.of(dirOption)).resolve("run-" + Long.toHexString(System.nanoTime()));
        Files.createDirectories(work);

        Server server = Server.postgres();
        String db = server.createDatabase();
        try {
            String loadBefore = loadAverage();
            Bench bench = new Bench(server, db, work, rows);
            bench.fill(TABLE, rows);
            if (warmupRows > 0 && tools.stream().anyMatch(t -> t.startsWith("migrator"))) {
                bench.fill(WARM_TABLE, warmupRows);
                bench.warmUp();
            }
            List<Row> result = bench.run(tools, rounds);
            String load = loadBefore + " before, " + loadAverage() + " after";
            String table = markdown(result, bench, rounds, warmupRows, server.version(), load);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, result, result.stream().anyMatch(r -> r.error != null || !r.correct));
        } finally {
            server.dropDatabase(db);
            deleteTree(work);
        }
    }

    // ---------------------------------------------------------------- the benchmark

    private static final class Bench {
        private final Server server;
        private final String db;
        private final Path work;
        private final int rows;
        private final MigrationManager manager;
        long relationBytes;
        long totalBytes;
        String expectedChecksum;

        Bench(Server server, String db, Path work, int rows) {
            this.server = server;
            this.db = db;
            this.work = work;
            this.rows = rows;
            // One manager for the whole run, as an application would hold it.
            this.manager = MigrationManager.builder()
                    .connection("bench", server.urlFor(db), server.user, server.password)
                    .backupDirectory(work.resolve("migrator"))
                    .build();
        }

        void fill(String table, int count) {
            long t0 = System.nanoTime();
            try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " ("
                        + "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                        + "name text NOT NULL, "
                        + "email varchar(120) NOT NULL, "
                        + "amount numeric(12,2) NOT NULL, "
                        + "created_at timestamptz NOT NULL, "
                        + "active boolean NOT NULL, "
                        + "attrs jsonb, "
                        + "ref uuid NOT NULL, "
                        + "note text, "
                        + "payload bytea)");
                s.execute("SELECT setseed(0.42)");
                s.execute("INSERT INTO " + table + " (name, email, amount, created_at, active, attrs, ref, note, payload) "
                        + "SELECT 'User ' || g || ' ' || substr(md5(g::text), 1, 12), "
                        + "'user' || g || '@example.com', "
                        + "round((random() * 100000)::numeric, 2), "
                        + "timestamptz '2020-01-01 00:00:00+00' + g * interval '17.123 seconds', "
                        + "g % 3 = 0, "
                        + "jsonb_build_object('plan', (ARRAY['free', 'pro', 'team'])[1 + g % 3], 'visits', g % 1000, "
                        + "'score', round((random() * 10)::numeric, 3), 'tags', jsonb_build_array('a' || g % 7, 'b' || g % 11)), "
                        + "md5('ref' || g)::uuid, "
                        + "CASE WHEN g % 5 = 0 THEN NULL ELSE 'Note ' || substr(md5(g::text || 'n'), 1, 16) END, "
                        + "decode(substr(md5(g::text || 'p'), 1, 24), 'hex') "
                        + "FROM generate_series(1, " + count + ") g");
                s.execute("VACUUM ANALYZE " + table);
                if (table.equals(TABLE)) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_relation_size('" + table + "'), pg_total_relation_size('"
                            + table + "')")) {
                        rs.next();
                        relationBytes = rs.getLong(1);
                        totalBytes = rs.getLong(2);
                    }
                    expectedChecksum = checksum(table);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("filling " + table + ": " + e.getMessage(), e);
            }
            System.out.printf(Locale.ROOT, "Filled %s with %,d rows in %.1f s%s%n", table, count, seconds(System.nanoTime() - t0),
                    table.equals(TABLE) ? String.format(Locale.ROOT, " (table %s, with index %s)", mb(relationBytes),
                            mb(totalBytes)) : "");
        }

        /** Row count and an order-independent sum of each row's 64-bit hash of its text form. */
        String checksum(String table) {
            try (Connection c = server.connect(db); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) "
                            + "FROM " + table + " t")) {
                rs.next();
                return rs.getLong(1) + "/" + rs.getBigDecimal(2).toPlainString();
            } catch (SQLException e) {
                throw new IllegalStateException("checksum of " + table + ": " + e.getMessage(), e);
            }
        }

        /** One backup and restore of the warm-up table, untimed: class loading and JIT compilation. */
        void warmUp() {
            long t0 = System.nanoTime();
            for (Compression compression : List.of(Compression.GZIP, Compression.NONE)) {
                BackupManifest m = manager.backup(BackupRequest.builder().tables(WARM_TABLE).label("warmup")
                        .compression(compression).build());
                manager.restore(m.id(), RestoreRequest.builder().tables(m.tables().get(0).name()).verify(true).build());
                manager.backups().delete(m.id());
            }
            System.out.printf(Locale.ROOT, "Warm-up in %.1f s%n", seconds(System.nanoTime() - t0));
        }

        List<Row> run(List<String> tools, int rounds) {
            List<String> order = TOOLS.stream().filter(tools::contains).toList();
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                // Rotate the order each round so that no tool always runs right after another's load.
                for (int i = 0; i < order.size(); i++) {
                    String tool = order.get((i + round) % order.size());
                    System.out.printf(Locale.ROOT, "round %d/%d: %s%n", round + 1, rounds, tool);
                    for (Sample s : measure(tool)) {
                        samples.computeIfAbsent(s.tool + "\u0000" + s.operation, k -> new ArrayList<>()).add(s);
                        System.out.printf(Locale.ROOT, "  %-34s %7.2f s  %s%s%n", s.operation, s.seconds,
                                s.bytes > 0 ? mb(s.bytes) : "", s.error != null ? "  FAILED: " + s.error
                                        : s.correct ? "" : "  WRONG RESULT: " + s.problem);
                    }
                }
            }
            List<Row> result = new ArrayList<>();
            for (String tool : order) {
                samples.forEach((key, list) -> {
                    if (key.startsWith(tool + "\u0000")) {
                        result.add(Row.aggregate(list));
                    }
                });
            }
            return result;
        }

        private List<Sample> measure(String tool) {
            List<Sample> out = new ArrayList<>();
            try {
                switch (tool) {
                    case "migrator" -> migrator(out, tool, Compression.GZIP, true);
                    case "migrator-none" -> migrator(out, tool, Compression.NONE, false);
                    case "pg_dump" -> pgDump(out, tool, null);
                    case "pg_dump-z1" -> pgDump(out, tool, 1);
                    case "pg_dump-z0" -> pgDump(out, tool, 0);
                    default -> throw new IllegalArgumentException(tool);
                }
            } catch (RuntimeException e) {
                Sample failed = new Sample(tool, out.isEmpty() ? "backup" : "restore");
                failed.error = firstLine(e.toString());
                out.add(failed);
                e.printStackTrace(System.out);
            }
            return out;
        }

        private void migrator(List<Sample> out, String tool, Compression compression, boolean alsoVerified) {
            String label = compression == Compression.GZIP ? "gzip" : "none";
            Sample backup = new Sample(tool, "backup (" + label + ")");
            Memory.reset();
            long t0 = System.nanoTime();
            BackupManifest m = manager.backup(BackupRequest.builder().tables(TABLE).label("bench")
                    .compression(compression).build());
            backup.seconds = seconds(System.nanoTime() - t0);
            backup.heapBytes = Memory.peakHeap();
            backup.bytes = m.byteSize();
            backup.check(m.rowCount() == rows ? null : "the manifest has " + m.rowCount() + " rows");
            out.add(backup);
            try {
                String name = m.tables().get(0).name();
                out.add(migratorRestore(tool, m.id(), name, false));
                if (alsoVerified) {
                    out.add(migratorRestore(tool, m.id(), name, true));
                }
            } finally {
                manager.backups().delete(m.id());
            }
        }

        private Sample migratorRestore(String tool, String id, String table, boolean verify) {
            Sample s = new Sample(tool, verify ? "restore + verify (default)" : "restore, verify(false)");
            Memory.reset();
            long t0 = System.nanoTime();
            RestoreResult r = manager.restore(id, RestoreRequest.builder().tables(table).verify(verify).build());
            s.seconds = seconds(System.nanoTime() - t0);
            s.heapBytes = Memory.peakHeap();
            String problem = r.rowCount() != rows ? "restored " + r.rowCount() + " rows" : null;
            if (verify && (r.verification() == null || !r.verification().isValid())) {
                problem = "verification: " + (r.verification() == null ? "missing" : r.verification().problems());
            }
            s.check(problem != null ? problem : contentProblem());
            return s;
        }

        private void pgDump(List<Sample> out, String tool, Integer level) {
            Path file = work.resolve(tool + ".dump");
            Sample backup = new Sample(tool, "pg_dump -Fc" + (level == null ? "" : " -Z" + level));
            List<String> dump = new ArrayList<>(List.of("pg_dump", "-Fc"));
            if (level != null) {
                dump.add("-Z" + level);
            }
            dump.addAll(List.of("-t", "public." + TABLE, "-f", file.toString()));
            long t0 = System.nanoTime();
            server.runCli(dump, db);
            backup.seconds = seconds(System.nanoTime() - t0);
            try {
                backup.bytes = Files.size(file);
                backup.check(null);
                out.add(backup);
                Sample restore = new Sample(tool, "TRUNCATE + pg_restore --data-only --single-transaction");
                t0 = System.nanoTime();
                try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                    s.execute("TRUNCATE TABLE " + TABLE);
                } catch (SQLException e) {
                    throw new IllegalStateException("TRUNCATE: " + e.getMessage(), e);
                }
                server.runCli(List.of("pg_restore", "--data-only", "--single-transaction", "--exit-on-error", file.toString()),
                        db);
                restore.seconds = seconds(System.nanoTime() - t0);
                restore.check(contentProblem());
                out.add(restore);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    System.out.println("  warning: could not delete " + file + ": " + e.getMessage());
                }
            }
        }

        private String contentProblem() {
            String now = checksum(TABLE);
            return now.equals(expectedChecksum) ? null : "count/checksum " + now + ", expected " + expectedChecksum;
        }
    }

    // ---------------------------------------------------------------- memory

    /** Heap of this JVM: the sum of the heap pools' peaks since the last reset (an upper bound of the peak used). */
    private static final class Memory {
        static void reset() {
            System.gc(); // start each operation from the live set, not from the garbage of the one before
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
        }

        static long peakHeap() {
            long sum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    sum += pool.getPeakUsage().getUsed();
                }
            }
            return sum;
        }

        /** The peak resident set of this process (VmHWM), or -1. */
        static long peakRss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: no figure
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- results

    /** One timed operation. */
    static final class Sample {
        final String tool;
        final String operation;
        double seconds;
        long bytes;
        long heapBytes = -1;
        boolean correct;
        String problem;
        String error;

        Sample(String tool, String operation) {
            this.tool = tool;
            this.operation = operation;
        }

        void check(String problem) {
            this.problem = problem;
            this.correct = problem == null;
        }
    }

    /** Medians over rounds of one tool's operation; any failed or wrong round marks the row. */
    static final class Row {
        String tool;
        String operation;
        int rounds;
        double seconds;
        double min;
        double max;
        long bytes;
        long heapBytes = -1;
        boolean correct;
        String error;

        static Row aggregate(List<Sample> samples) {
            Row row = new Row();
            row.tool = samples.get(0).tool;
            row.operation = samples.get(0).operation;
            row.rounds = samples.size();
            row.correct = samples.stream().allMatch(s -> s.correct);
            row.error = samples.stream().map(s -> s.error != null ? s.error : s.problem).filter(e -> e != null)
                    .findFirst().orElse(null);
            double[] secs = samples.stream().mapToDouble(s -> s.seconds).toArray();
            row.seconds = median(secs);
            row.min = Arrays.stream(secs).min().orElseThrow();
            row.max = Arrays.stream(secs).max().orElseThrow();
            row.bytes = samples.stream().mapToLong(s -> s.bytes).max().orElse(0);
            row.heapBytes = samples.stream().mapToLong(s -> s.heapBytes).max().orElse(-1);
            return row;
        }

        String tool() {
            return tool;
        }

        String operation() {
            return operation;
        }

        boolean correct() {
            return correct;
        }

        double seconds() {
            return seconds;
        }
    }


    private static String markdown(List<Row> rows, Bench bench, int rounds, int warmupRows, String version, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("| tool | operation | time (s), median | range (s) | rows/s | MB/s | file (MB) | peak heap (MiB) | correct |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            if (r.error != null && !r.correct && r.seconds == 0) {
                sb.append("| ").append(r.tool).append(" | ").append(r.operation).append(" | failed: ")
                        .append(r.error.replace('|', '/')).append(" | | | | | | no |\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f–%.2f | %,.0f | %.1f | %s | %s | %s |%n",
                    r.tool, r.operation, r.seconds, r.min, r.max, bench.rows / r.seconds, bench.relationBytes / 1e6 / r.seconds,
                    r.bytes > 0 ? String.format(Locale.ROOT, "%.1f", r.bytes / 1e6) : "—",
                    r.heapBytes >= 0 ? String.format(Locale.ROOT, "%.0f", r.heapBytes / 1048576.0) : "n/a (own process)",
                    r.correct ? "yes" : "NO: " + String.valueOf(r.error).replace('|', '/')));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "%,d rows of 10 columns (bigint identity key, text, varchar, numeric(12,2), timestamptz, boolean, jsonb, "
                        + "uuid, nullable text, bytea); table %s (`pg_relation_size`, %.0f B/row; %s with its primary key "
                        + "index, `pg_total_relation_size`). MB/s = `pg_relation_size` / time, MB = 10^6 bytes. Medians "
                        + "of %d rounds (tool order rotated each round), range = fastest–slowest. Every restore empties "
                        + "the table and loads it again (primary key in place) and is checked afterwards: row count and "
                        + "the sum of each row's `hashtextextended(row::text)`. migrator restore times include its check "
                        + "of the files' SHA-256 against the manifest; \"+ verify\" also reads the table back and "
                        + "compares its content checksum. pg_dump/pg_restore times are the processes' wall clock "
                        + "(pg_dump -Fc defaults to zlib level 6; migrator's gzip uses level 1). Peak heap = sum of the "
                        + "heap pools' peaks during the operation (reset after a GC before it), of a JVM with max heap "
                        + "%.0f MiB; peak RSS of the whole run %s. Warm-up: migrator backed up and restored a %,d-row "
                        + "table first. Measured %s, Java %s, %d cores, load average %s. PostgreSQL %s on the same "
                        + "machine.%n",
                bench.rows, mb(bench.relationBytes), bench.relationBytes / (double) bench.rows, mb(bench.totalBytes), rounds,
                Runtime.getRuntime().maxMemory() / 1048576.0, Memory.peakRss() < 0 ? "unknown" : mb(Memory.peakRss()), warmupRows,
                LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load,
                version));
        return sb.toString();
    }

    // ---------------------------------------------------------------- server

    /** The PostgreSQL server, reached by JDBC and by its command-line tools. */
    private static final class Server {
        final String adminUrl;
        final String user;
        final String password;
        final String host;
        final int port;

        private Server(String adminUrl, String user, String password) {
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
            URI uri = URI.create(adminUrl.substring("jdbc:".length()));
            this.host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
            this.port = uri.getPort() > 0 ? uri.getPort() : 5432;
        }

        static Server postgres() {
            return new Server(env("MIGRATOR_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                    env("MIGRATOR_TEST_POSTGRES_USER", "postgres"), env("MIGRATOR_TEST_POSTGRES_PASSWORD", ""));
        }

        String urlFor(String db) {
            int hostStart = adminUrl.indexOf("//") + 2;
            int query = adminUrl.indexOf('?', hostStart);
            String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
            String params = query < 0 ? "" : adminUrl.substring(query);
            int slash = base.indexOf('/', hostStart);
            return (slash < 0 ? base : base.substring(0, slash)) + "/" + db + params;
        }

        Connection connect(String db) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            return DriverManager.getConnection(db == null ? adminUrl : urlFor(db), props);
        }

        String version() {
            try (Connection c = connect(null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " cannot be reached as '" + user + "': "
                        + e.getMessage() + ". Start the server, or set MIGRATOR_TEST_POSTGRES_URL.", e);
            }
        }

        String createDatabase() {
            String name = "mbench_backup_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            execAdmin("CREATE DATABASE " + name);
            return name;
        }

        void dropDatabase(String name) {
            try {
                execAdmin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                System.out.println("  warning: could not drop database " + name + ": " + e.getMessage());
            }
        }

        private void execAdmin(String sql) {
            try (Connection c = connect(null); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
            }
        }

        /** Runs pg_dump or pg_restore against the database; fails with its output when it exits with an error. */
        void runCli(List<String> args, String db) {
            List<String> command = new ArrayList<>(args);
            command.addAll(1, List.of("-h", host, "-p", String.valueOf(port), "-U", user, "-d", db));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", password);
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            try {
                Process process = pb.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(args.get(0) + " did not finish within 60 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(args.get(0) + " exited with " + process.exitValue() + ": " + output.strip());
                }
            } catch (IOException e) {
                throw new IllegalStateException(args.get(0) + " cannot be started (" + e.getMessage()
                        + "); install the PostgreSQL client tools or leave pg_dump out of bench.tools.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + args.get(0) + " ran", e);
            }
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }










}
