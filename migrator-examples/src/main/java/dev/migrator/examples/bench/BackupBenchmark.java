package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.finish;
import static dev.migrator.examples.bench.BenchSupport.quietLogging;
import dev.migrator.examples.bench.BenchResults.Row;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 *   <li>{@code migrator-zstd}: the same with {@code Compression.ZSTD} (level 1), restore without the comparison;
 *   <li>{@code migrator-zstd-parallel}: zstd with {@code BackupRequest.parallelism(bench.parallelism)}: readers share
 *       one exported snapshot, read tables side by side and split a large table into primary-key ranges (each a file);
 *       restore is the same single-transaction restore;
 *   <li>{@code migrator-none}: the same with {@code Compression.NONE}, restore without the comparison;
 *   <li>{@code pg_dump}: {@code pg_dump -Fc -t table} (zlib at its default level, 6), then {@code TRUNCATE} and
 *       {@code pg_restore --data-only --single-transaction};
 *   <li>{@code pg_dump-z1}, {@code pg_dump-z0}: the same with {@code -Z1} (zlib level 1, the level migrator uses) and
 *       {@code -Z0} (uncompressed, to compare with {@code migrator-none});
 *   <li>{@code pg_dump-dir-j}: {@code pg_dump -Fd -j bench.parallelism -Z1} (the directory format, one job per
 *       table), then {@code TRUNCATE} and {@code pg_restore --data-only -j bench.parallelism} (several connections,
 *       so not one transaction).
 * </ul>
 *
 * <p>Every restore empties the same table and loads it again, as a user restoring over a damaged table would; each is
 * checked afterwards (row count and an order-independent sum of each row's 64-bit text hash, against the figures
 * taken after filling). The JVM's heap is measured per operation (peak of the heap pools, reset before each) to show
 * that memory stays flat: run it with {@code -Xmx256m} (see the README for the command; {@code exec:java} would run in
 * Maven's own JVM).
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.rows} (1000000), {@code bench.tables} (1; above 1 the rows are shared between tables
 * {@code bench_rows_1..n}, a database of several tables), {@code bench.parallelism} (2, the parallel tools' readers),
 * {@code bench.rounds} (3; medians, the tool order rotates each round),
 * {@code bench.tools} ({@code migrator,migrator-zstd,migrator-zstd-parallel,migrator-none,pg_dump,pg_dump-z1,pg_dump-z0,
 * pg_dump-dir-j}), {@code bench.warmupRows}
 * (rows of a throw-away table migrator backs up and restores once first, so that JIT compilation is not what is
 * timed; 100000, 0 for none), {@code bench.dir} (where backups are written; default a temporary directory),
 * {@code bench.out} (the Markdown file written).
 *
 * <p>Server: {@code MIGRATOR_TEST_POSTGRES_URL} (with optional {@code _USER} and {@code _PASSWORD}), else the local
 * service at 127.0.0.1:5432 as {@code postgres}. The database is created here and dropped at the end.
 */
public final class BackupBenchmark {

    static final String BACKEND = "PostgreSQL";
    static final String TABLE = "bench_rows";
    static final String WARM_TABLE = "bench_warm";
    static final List<String> TOOLS = List.of("migrator", "migrator-zstd", "migrator-zstd-parallel", "migrator-none",
            "pg_dump", "pg_dump-z1", "pg_dump-z0", "pg_dump-dir-j");

    private BackupBenchmark() {}

    public static void main(String[] args) throws Exception {
        quietLogging();
        Result result = run(parseArgs(args, "--rows=1000000 --rounds=3"));
        finish(result.out(), result.failed());
    }

    /** The Markdown table, where it was written, the aggregated rows, and whether any operation failed or was wrong. */
    record Result(String table, Path out, List<Row> rows, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int rows = intOption(options, "rows", 1_000_000, 1, 100_000_000);
        int rounds = intOption(options, "rounds", 3, 1, 100);
        int warmupRows = intOption(options, "warmupRows", 100_000, 0, 10_000_000);
        int tableCount = intOption(options, "tables", 1, 1, 64);
        int parallelism = intOption(options, "parallelism", 2, 2, 16);
        List<String> tools = listOption(options, "tools", String.join(",", TOOLS), TOOLS);
        Path out = Path.of(option(options, "out", defaultOut("backup-bench-results.md")));
        String dirOption = option(options, "dir", "");
        Path work = dirOption.isEmpty() ? Files.createTempDirectory("migrator-backup-bench-")
                : Files.createDirectories(Path.of(dirOption)).resolve("run-" + Long.toHexString(System.nanoTime()));
        Files.createDirectories(work);

        BenchServer server = BenchServer.postgres();
        String db = server.createDatabase("backup");
        try {
            String loadBefore = loadAverage();
            BackupBench bench = new BackupBench(server, db, work, rows, tableCount, parallelism);
            bench.fillTables();
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

    private static String markdown(List<Row> rows, BackupBench bench, int rounds, int warmupRows, String version, String load) {
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
                    r.fileBytes > 0 ? String.format(Locale.ROOT, "%.1f", r.fileBytes / 1e6) : "—",
                    r.heapBytes >= 0 ? String.format(Locale.ROOT, "%.0f", r.heapBytes / 1048576.0) : "n/a (own process)",
                    r.correct ? "yes" : "NO: " + String.valueOf(r.error).replace('|', '/')));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "%,d rows in %s of 10 columns (bigint identity key, text, varchar, numeric(12,2), timestamptz, "
                        + "boolean, jsonb, uuid, nullable text, bytea); parallel tools with %d readers; tables %s (`pg_relation_size`, %.0f B/row; %s with its primary key "
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
                bench.rows, bench.tables.size() == 1 ? "one table" : bench.tables.size() + " tables of equal size",
                bench.parallelism, mb(bench.relationBytes), bench.relationBytes / (double) bench.rows, mb(bench.totalBytes), rounds,
                Runtime.getRuntime().maxMemory() / 1048576.0, BenchMemory.peakRss() < 0 ? "unknown" : mb(BenchMemory.peakRss()), warmupRows,
                LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load,
                version));
        return sb.toString();
    }

    // ---------------------------------------------------------------- small helpers

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
