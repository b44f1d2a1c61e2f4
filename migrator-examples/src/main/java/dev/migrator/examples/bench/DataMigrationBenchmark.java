package dev.migrator.examples.bench;

import dev.migrator.examples.bench.BenchResults.Row;
import dev.migrator.examples.bench.BenchResults.Sample;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;
import static dev.migrator.examples.bench.BenchSupport.env;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies one table of {@code bench.rows} rows (default 1,000,000; bigint key, text, varchar, numeric(12,2),
 * timestamptz, boolean, jsonb, uuid, a nullable text and a short status text, filled server-side with
 * {@code generate_series}) from one PostgreSQL database into another on the same server, in the same run, with:
 *
 * <ul>
 *   <li>{@code pipe}: the physical limit, {@code COPY (SELECT ...) TO STDOUT} streamed straight into
 *       {@code COPY ... FROM STDIN} through PgJDBC's {@code CopyManager} (a reader thread hands 64 KiB chunks to the
 *       writer), into an empty table with its primary key;
 *   <li>{@code jdbc-batch}: what a user would write by hand, a cursor ({@code fetchSize} 5,000) and a prepared
 *       {@code INSERT} with {@code addBatch}/{@code executeBatch} every 1,000 rows, a commit per batch, PgJDBC's
 *       defaults ({@code reWriteBatchedInserts=false});
 *   <li>{@code migrator-copy}: {@code migrateData} of the table into the empty target with {@code backup(false)}, without
 *       and with {@code verify} (the fast path: no lookups);
 *   <li>{@code migrator-transform-upsert}: the same source into a target that already holds every even key, with
 *       {@code mapValues} on the status, a constant {@code tenant} column, a rename of {@code note} to {@code remark}
 *       and {@code ConflictStrategy.overwrite()}: every batch looks up its keys and upserts.
 * </ul>
 *
 * <p>Beside them, smaller ({@code bench.smallRows}, default 200,000): MariaDB to MariaDB ({@code migrator-copy} against
 * a plain JDBC batch without {@code rewriteBatchedStatements}, and against {@code load-data}, MariaDB's limit: the rows
 * of a streaming SELECT written as one {@code LOAD DATA LOCAL INFILE} fed by a stream; and {@code migrator-restore}, a
 * restore of a backup of the source, taken once, into the target's empty table) and MongoDB collection to collection
 * ({@code migrator-copy} against a driver {@code find()} + {@code insertMany} loop). Every run is checked afterwards:
 * row count and an order-independent sum of a per-row hash over the compared columns, against the source's figure
 * (with the transform applied in SQL for the upsert). The JVM's heap is measured per run (the heap pools' peaks, reset
 * after a GC before it): run it with {@code -Xmx256m} to show that memory stays flat.
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.rows} (1000000), {@code bench.smallRows} (200000; 20000 on the in-process MongoDB server),
 * {@code bench.rounds} (3; medians, the tool order rotates each round), {@code bench.backends}
 * ({@code postgres,mariadb,mongo}), {@code bench.tools} ({@code pipe,load-data,jdbc-batch,migrator-copy,
 * migrator-transform-upsert,migrator-restore}; the pipe and the upsert are PostgreSQL only, load-data and
 * migrator-restore MariaDB only), {@code bench.verify} (1: also time
 * migrator-copy with {@code verify(true)}; 0 to leave it out), {@code bench.warmupRows} (rows migrator copies and
 * upserts once per backend before timing, so that JIT compilation is not what is measured; 50000, 0 for none),
 * {@code bench.mariadbInserts} (0; 1 keeps migrator's MariaDB target on multi-row inserts, the path before
 * {@code LOAD DATA LOCAL INFILE}, by the driver property {@code allowLoadLocalInfile=false}), {@code bench.out} (the
 * Markdown file written).
 *
 * <p>Servers: {@code MIGRATOR_TEST_POSTGRES_URL} / {@code MIGRATOR_TEST_MYSQL_URL} (with optional {@code _USER} and
 * {@code _PASSWORD}), else the local services at 127.0.0.1:5432 as {@code postgres} and 127.0.0.1:3306 as {@code root};
 * {@code MIGRATOR_TEST_MONGO_URI}, else an in-process {@code mongo-java-server} (its heap then counts in the figures).
 * The databases are created here and dropped at the end.
 */
public final class DataMigrationBenchmark {

    static final List<String> BACKENDS = List.of("postgres", "mariadb", "mongo");
    /** Records per migrator batch (one transaction with its checkpoint); {@code --batchSize}, the library's 1,000 by default. */
    static int batchSize = 1000;

    static final List<String> TOOLS = List.of("pipe", "jdbc-batch", "migrator-copy", "migrator-transform-upsert");
    /** The tools of MariaDB and MongoDB (where jdbc-batch is the driver's own find() + insertMany loop). */
    static final List<String> COPY_TOOLS = List.of("jdbc-batch", "migrator-copy");
    /** MariaDB's: beside them, its limit, one streamed {@code LOAD DATA LOCAL INFILE} (the role of PostgreSQL's pipe). */
    static final List<String> MARIADB_TOOLS = List.of("load-data", "jdbc-batch", "migrator-copy", "migrator-restore");
    /** Every tool of every backend, the {@code --tools} default. */
    static final List<String> ALL_TOOLS = List.of("pipe", "load-data", "jdbc-batch", "migrator-copy", "migrator-transform-upsert",
            "migrator-restore");

    /** The transform of the upsert run, and its SQL twin for the expected checksum. */
    static final Map<String, String> STATUS = Map.of("a", "active", "i", "inactive", "p", "pending");
    static final String STATUS_SQL = "CASE status WHEN 'a' THEN 'active' WHEN 'i' THEN 'inactive' "
            + "WHEN 'p' THEN 'pending' ELSE status END";

    private DataMigrationBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchSupport.quietLogging();
        Result result = run(parseArgs(args, "--rows=1000000 --rounds=3"));
        BenchSupport.finish(result.out(), result.failed());
    }

    /** The Markdown table, where it was written, the aggregated rows, the targets' verdicts, and whether any run failed. */
    record Result(String table, Path out, List<Row> rows, List<String> targets, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int rows = intOption(options, "rows", 1_000_000, 1, 100_000_000);
        String mongoUri = env("MIGRATOR_TEST_MONGO_URI", "");
        boolean smallGiven = options.containsKey("smallRows") || System.getProperty("bench.smallRows") != null;
        int smallRows = intOption(options, "smallRows", 200_000, 1, 100_000_000);
        // The in-process server keeps its documents in this JVM's heap: fewer of them by default, to fit -Xmx256m.
        int mongoRows = smallGiven || !mongoUri.isEmpty() ? smallRows : Math.min(smallRows, 20_000);
        int rounds = intOption(options, "rounds", 3, 1, 100);
        int warmupRows = intOption(options, "warmupRows", 50_000, 0, 10_000_000);
        boolean verify = intOption(options, "verify", 1, 0, 1) == 1;
        batchSize = intOption(options, "batchSize", 1000, 1, 100_000);
        boolean mariadbInserts = intOption(options, "mariadbInserts", 0, 0, 1) == 1;
        List<String> backends = listOption(options, "backends", String.join(",", BACKENDS), BACKENDS);
        List<String> tools = listOption(options, "tools", String.join(",", ALL_TOOLS), ALL_TOOLS);
        Path out = Path.of(option(options, "out", defaultOut("data-bench-results.md")));
        Path work = Files.createTempDirectory("migrator-data-bench-");

        String loadBefore = loadAverage();
        List<Row> all = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (String backend : BACKENDS) {
                if (!backends.contains(backend)) {
                    continue;
                }
                DataBench bench = switch (backend) {
                    case "postgres" -> new PgDataBench(BenchServer.postgres(), rows, work);
                    case "mariadb" -> new MariaDataBench(BenchServer.mariadb(), smallRows, work, mariadbInserts);
                    default -> new MongoDataBench(mongoUri, mongoRows, work);
                };
                try (bench) {
                    bench.setUp();
                    List<String> order = bench.tools().stream().filter(tools::contains).toList();
                    if (warmupRows > 0 && order.stream().anyMatch(t -> t.startsWith("migrator"))) {
                        bench.warmUp(Math.min(warmupRows, backend.equals("mongo") ? Math.max(1, bench.rows / 4) : bench.rows));
                    }
                    all.addAll(measure(bench, order, rounds, verify));
                    notes.add(bench.describe());
                }
            }
            String load = loadBefore + " before, " + loadAverage() + " after";
            List<String> targets = targets(all, rows);
            String table = markdown(all, notes, targets, rounds, warmupRows, load);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, all, targets, all.stream().anyMatch(r -> !r.correct));
        } finally {
            deleteTree(work);
        }
    }

    private static List<Row> measure(DataBench bench, List<String> order, int rounds, boolean verify) {
        return BenchResults.rounds(bench.label + " ", order, rounds, (tool, round) -> {
            List<Sample> taken = new ArrayList<>();
            try {
                bench.run(tool, verify, taken, round);
            } catch (RuntimeException e) {
                taken.add(Sample.failed(bench.label, tool, tool, e));
            }
            return taken;
        }, s -> System.out.printf(Locale.ROOT, "  %-44s %7.2f s  %,10.0f rows/s  cpu %6.2f s  heap %4.0f MiB%s%n",
                s.operation, s.seconds, s.seconds > 0 ? bench.rows / s.seconds : 0, s.cpuSeconds, s.heapBytes / 1048576.0,
                s.verdict())).stream().map(samples -> Row.aggregate(samples, bench.rows, bench.bytes)).toList();
    }

    private static Row find(List<Row> rows, String backend, String tool, String operationStart) {
        return rows.stream().filter(r -> r.backend.equals(backend) && r.tool.equals(tool) && r.seconds > 0
                && (operationStart == null || r.operation.startsWith(operationStart))).findFirst().orElse(null);
    }

    /** The targets, each met, missed, or not measured by this run. */
    private static List<String> targets(List<Row> rows, int pgRows) {
        List<String> out = new ArrayList<>();
        Row pipe = find(rows, "PostgreSQL", "pipe", null);
        Row jdbc = find(rows, "PostgreSQL", "jdbc-batch", null);
        Row copy = find(rows, "PostgreSQL", "migrator-copy", "migrateData, verify(false)");
        Row upsert = find(rows, "PostgreSQL", "migrator-transform-upsert", null);
        out.add(ratioTarget("migrator-copy ≥ 80 % of the pipe's rows/s", copy, pipe, 0.8, "%"));
        out.add(ratioTarget("migrator-copy ≥ 2x jdbc-batch's rows/s", copy, jdbc, 2.0, "x"));
        out.add(ratioTarget("migrator-transform-upsert ≥ 50 % of the pipe's rows/s", upsert, pipe, 0.5, "%"));
        Row mariaLimit = find(rows, "MariaDB", "load-data", null);
        Row mariaCopy = find(rows, "MariaDB", "migrator-copy", null);
        if (mariaLimit != null || mariaCopy != null) {
            out.add(ratioTarget("MariaDB migrator-copy ≥ 80 % of load-data's rows/s", mariaCopy, mariaLimit, 0.8, "%"));
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        long peak = rows.stream().filter(r -> r.backend.equals("PostgreSQL") && r.tool.startsWith("migrator"))
                .mapToLong(r -> r.heapBytes).max().orElse(-1);
        boolean allCorrect = rows.stream().filter(r -> r.backend.equals("PostgreSQL") && r.tool.startsWith("migrator"))
                .allMatch(r -> r.correct);
        String memory = "memory flat with -Xmx256m at 5,000,000 rows: ";
        if (peak < 0) {
            memory += "NOT MEASURED (no migrator run on PostgreSQL)";
        } else {
            String figures = String.format(Locale.ROOT, "peak heap %.0f MiB of max %.0f MiB at %,d rows", peak / 1048576.0,
                    maxHeap / 1048576.0, pgRows);
            if (pgRows >= 5_000_000 && maxHeap <= 260L << 20) {
                memory += (allCorrect ? "MET" : "MISSED") + " (" + figures + ")";
            } else {
                memory += "NOT MEASURED at that size (" + figures + "; run with -Xmx256m and --rows=5000000)";
            }
        }
        out.add(memory);
        return out;
    }

    private static String ratioTarget(String label, Row measured, Row base, double needed, String unit) {
        if (measured == null || base == null) {
            return label + ": NOT MEASURED";
        }
        double ratio = measured.rowsPerSecond() / base.rowsPerSecond();
        String shown = unit.equals("%") ? String.format(Locale.ROOT, "%.0f %%", ratio * 100)
                : String.format(Locale.ROOT, "%.2fx", ratio);
        return label + ": " + (ratio >= needed && measured.correct ? "MET" : "MISSED") + " (" + shown + ")";
    }

    private static String markdown(List<Row> rows, List<String> notes, List<String> targets, int rounds, int warmupRows,
            String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("| backend | tool | operation | time (s), median | range (s) | rows/s | MB/s | % of pipe | x jdbc "
                + "| client CPU (s) | peak heap (MiB) | correct |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            if (r.seconds == 0) {
                sb.append("| ").append(r.backend).append(" | ").append(r.tool).append(" | ").append(r.operation)
                        .append(" | failed: ").append(String.valueOf(r.error).replace('|', '/')).append(" | | | | | | | | no |\n");
                continue;
            }
            Row pipe = find(rows, r.backend, "pipe", null);
            pipe = pipe != null ? pipe : find(rows, r.backend, "load-data", null);
            Row jdbc = rows.stream().filter(x -> x.backend.equals(r.backend) && x.seconds > 0
                    && (x.tool.equals("jdbc-batch") || x.tool.equals("driver-loop"))).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f–%.2f | %,.0f | %.1f | %s | %s | %.1f | %.0f | %s |%n",
                    r.backend, r.tool, r.operation, r.seconds, r.min, r.max, r.rowsPerSecond(), r.bytes / 1e6 / r.seconds,
                    pipe == null ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * r.rowsPerSecond() / pipe.rowsPerSecond()),
                    jdbc == null ? "—" : String.format(Locale.ROOT, "%.2f", r.rowsPerSecond() / jdbc.rowsPerSecond()),
                    r.cpuSeconds, r.heapBytes / 1048576.0, r.correct ? "yes" : "NO: " + String.valueOf(r.error).replace('|', '/')));
        }
        sb.append('\n');
        sb.append("Targets: ").append(String.join("; ", targets)).append(".\n\n");
        for (String note : notes) {
            sb.append("- ").append(note).append(".\n");
        }
        sb.append(String.format(Locale.ROOT, "%nMedians of %d rounds (tool order rotated each round), range = fastest–"
                + "slowest. migrator runs with backup(false) and batches of " + String.format(Locale.ROOT, "%,d", batchSize)
                + " records (one transaction with the checkpoint per batch; the library's default is 1,000); verify(true) also re-reads both tables and compares counts and checksums. Every "
                + "run is checked afterwards (row count and an order-independent sum of per-row hashes against the "
                + "source). Client CPU = CPU time of this JVM (all threads, GC included) during the run: what the client "
                + "costs, less sensitive to the machine's load than the wall time. Peak heap = sum of the heap pools' peaks "
                + "during the run (reset after a GC before it; an upper bound, so it may exceed the max heap), of a JVM "
                + "with max heap %.0f MiB. Warm-up: migrator copied (and on PostgreSQL upserted) a %,d-row table first. "
                + "Measured %s, Java %s, %d cores, load average %s; the servers on the same machine.%n",
                rounds, Runtime.getRuntime().maxMemory() / 1048576.0, warmupRows, LocalDate.now(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load));
        return sb.toString();
    }


}
