package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;
import static dev.migrator.examples.bench.BenchSupport.env;
import static dev.migrator.examples.bench.BenchSupport.firstLine;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.seconds;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transforms;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

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
 * a plain JDBC batch without {@code rewriteBatchedStatements}) and MongoDB collection to collection
 * ({@code migrator-copy} against a driver {@code find()} + {@code insertMany} loop). Every run is checked afterwards:
 * row count and an order-independent sum of a per-row hash over the compared columns, against the source's figure
 * (with the transform applied in SQL for the upsert). The JVM's heap is measured per run (the heap pools' peaks, reset
 * after a GC before it): run it with {@code -Xmx256m} to show that memory stays flat.
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.rows} (1000000), {@code bench.smallRows} (200000; 20000 on the in-process MongoDB server),
 * {@code bench.rounds} (3; medians, the tool order rotates each round), {@code bench.backends}
 * ({@code postgres,mariadb,mongo}), {@code bench.tools} ({@code pipe,jdbc-batch,migrator-copy,
 * migrator-transform-upsert}; the last and the pipe are PostgreSQL only), {@code bench.verify} (1: also time
 * migrator-copy with {@code verify(true)}; 0 to leave it out), {@code bench.warmupRows} (rows migrator copies and
 * upserts once per backend before timing, so that JIT compilation is not what is measured; 50000, 0 for none),
 * {@code bench.out} (the Markdown file written).
 *
 * <p>Servers: {@code MIGRATOR_TEST_POSTGRES_URL} / {@code MIGRATOR_TEST_MYSQL_URL} (with optional {@code _USER} and
 * {@code _PASSWORD}), else the local services at 127.0.0.1:5432 as {@code postgres} and 127.0.0.1:3306 as {@code root};
 * {@code MIGRATOR_TEST_MONGO_URI}, else an in-process {@code mongo-java-server} (its heap then counts in the figures).
 * The databases are created here and dropped at the end.
 */
public final class DataMigrationBenchmark {

    static final List<String> BACKENDS = List.of("postgres", "mariadb", "mongo");
    /** Records per migrator batch (one transaction with its checkpoint); {@code --batchSize}, the library's 1,000 by default. */
    private static int batchSize = 1000;

    static final List<String> TOOLS = List.of("pipe", "jdbc-batch", "migrator-copy", "migrator-transform-upsert");

    /** The transform of the upsert run, and its SQL twin for the expected checksum. */
    private static final Map<String, String> STATUS = Map.of("a", "active", "i", "inactive", "p", "pending");
    private static final String STATUS_SQL = "CASE status WHEN 'a' THEN 'active' WHEN 'i' THEN 'inactive' "
            + "WHEN 'p' THEN 'pending' ELSE status END";

    private DataMigrationBenchmark() {}

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
        List<String> backends = listOption(options, "backends", String.join(",", BACKENDS), BACKENDS);
        List<String> tools = listOption(options, "tools", String.join(",", TOOLS), TOOLS);
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
                Bench bench = switch (backend) {
                    case "postgres" -> new PgBench(Server.postgres(), rows, work);
                    case "mariadb" -> new MariaBench(Server.mariadb(), smallRows, work);
                    default -> new MongoBench(mongoUri, mongoRows, work);
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

    private static List<Row> measure(Bench bench, List<String> order, int rounds, boolean verify) {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            // Rotate the order each round so that no tool always runs right after another's load (autovacuum, WAL).
            for (int i = 0; i < order.size(); i++) {
                String tool = order.get((i + round) % order.size());
                System.out.printf(Locale.ROOT, "%s round %d/%d: %s%n", bench.label, round + 1, rounds, tool);
                List<Sample> taken = new ArrayList<>();
                try {
                    bench.run(tool, verify, taken, round);
                } catch (RuntimeException e) {
                    Sample failed = new Sample(bench.label, tool, tool);
                    failed.error = firstLine(e.toString());
                    taken.add(failed);
                    e.printStackTrace(System.out);
                }
                for (Sample s : taken) {
                    samples.computeIfAbsent(tool + "\u0000" + s.operation, k -> new ArrayList<>()).add(s);
                    System.out.printf(Locale.ROOT, "  %-44s %7.2f s  %,10.0f rows/s  cpu %6.2f s  heap %4.0f MiB%s%n",
                            s.operation, s.seconds, s.seconds > 0 ? bench.rows / s.seconds : 0, s.cpuSeconds,
                            s.heapBytes / 1048576.0,
                            s.error != null ? "  FAILED: " + s.error : s.correct ? "" : "  WRONG RESULT: " + s.problem);
                }
            }
        }
        List<Row> result = new ArrayList<>();
        for (String tool : order) {
            samples.forEach((key, list) -> {
                if (key.startsWith(tool + "\u0000")) {
                    result.add(Row.aggregate(list, bench.rows, bench.bytes));
                }
            });
        }
        return result;
    }

    // ---------------------------------------------------------------- the backends

    /** One backend's source, targets and tools. */
    private abstract static class Bench implements AutoCloseable {
        final String label;
        final int rows;
        final Path work;
        long bytes;
        MigrationManager manager;

        Bench(String label, int rows, Path work) {
            this.label = label;
            this.rows = rows;
            this.work = work;
        }

        abstract List<String> tools();

        /** Creates the databases and fills the source. */
        abstract void setUp();

        /** A migrator copy and upsert of a {@code n}-row table, untimed. */
        abstract void warmUp(int n);

        /** Runs one tool once, adding its samples. */
        abstract void run(String tool, boolean verify, List<Sample> out, int round);

        /** The source's shape and size, for the footer. */
        abstract String describe();

        /** A migrator run from {@code src} to {@code dst}, timed, with the result's counts checked. */
        Sample migrate(String tool, String operation, DataMigration migration, boolean verify, long expectedWritten) {
            Sample s = new Sample(label, tool, operation);
            DataMigrationOptions options = DataMigrationOptions.builder().backup(false).verify(verify).batchSize(batchSize)
                    .build();
            Memory.reset();
            long c0 = Memory.cpu();
            long t0 = System.nanoTime();
            DataMigrationResult r = manager.migrateData(migration, options);
            s.seconds = seconds(System.nanoTime() - t0);
            s.cpuSeconds = seconds(Memory.cpu() - c0);
            s.heapBytes = Memory.peakHeap();
            String problem = null;
            if (r.read() != rows || r.written() != expectedWritten || r.failed() != 0) {
                problem = "read " + r.read() + ", written " + r.written() + ", failed " + r.failed() + "; expected " + rows
                        + " read, " + expectedWritten + " written";
            } else if (verify && (r.verification().isEmpty() || !r.verification().get().isValid())) {
                problem = "verification: " + r.verification().map(v -> v.problems().toString()).orElse("missing");
            }
            s.problem = problem;
            return s;
        }

        static String name(String purpose, int round) {
            return "bench_" + purpose + "_" + round + "_" + Long.toHexString(System.nanoTime());
        }

        @Override
        public void close() {
            if (manager != null) {
                manager.close();
            }
        }
    }

    /** PostgreSQL to PostgreSQL: two databases on one server. */
    private static final class PgBench extends Bench {
        private static final String COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, note, status";
        private static final String UPSERT_COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, remark, "
                + "status, tenant";
        private final Server server;
        private String src;
        private String dst;
        private String sourceChecksum;
        private String transformedChecksum;
        private long totalBytes;

        PgBench(Server server, int rows, Path work) {
            super("PostgreSQL", rows, work);
            this.server = server;
        }

        @Override
        List<String> tools() {
            return TOOLS;
        }

        @Override
        void setUp() {
            src = server.createDatabase("src");
            dst = server.createDatabase("dst");
            manager = MigrationManager.builder()
                    .connection("src", server.urlFor(src), server.user, server.password)
                    .connection("dst", server.urlFor(dst), server.user, server.password)
                    .backupDirectory(work.resolve("pg-backups"))
                    .build();
            fill("bench", rows);
            try (Connection c = server.connect(src); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_relation_size('bench'), pg_total_relation_size('bench')")) {
                rs.next();
                bytes = rs.getLong(1);
                totalBytes = rs.getLong(2);
            } catch (SQLException e) {
                throw new IllegalStateException("sizing the source: " + e.getMessage(), e);
            }
            sourceChecksum = checksum(src, "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) "
                    + "FROM bench t");
            transformedChecksum = checksum(src, "SELECT count(*), coalesce(sum(hashtextextended(ROW(id, name, email, "
                    + "amount, created_at, active, attrs, ref, note, " + STATUS_SQL + ", 't1'::text)::text, 0)::numeric), 0) "
                    + "FROM bench");
        }

        private void fill(String table, int count) {
            long t0 = System.nanoTime();
            try (Connection c = server.connect(src); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (" + ddl(false) + ")");
                s.execute("SELECT setseed(0.42)");
                s.execute("INSERT INTO " + table + " (" + COLUMNS + ") "
                        + "SELECT g, 'User ' || g || ' ' || substr(md5(g::text), 1, 12), "
                        + "'user' || g || '@example.com', "
                        + "round((random() * 100000)::numeric, 2), "
                        + "timestamptz '2020-01-01 00:00:00+00' + g * interval '17.123 seconds', "
                        + "g % 3 = 0, "
                        + "jsonb_build_object('plan', (ARRAY['free', 'pro', 'team'])[1 + g % 3], 'visits', g % 1000, "
                        + "'score', round((random() * 10)::numeric, 3), 'tags', jsonb_build_array('a' || g % 7, 'b' || g % 11)), "
                        + "md5('ref' || g)::uuid, "
                        + "CASE WHEN g % 5 = 0 THEN NULL ELSE 'Note ' || substr(md5(g::text || 'n'), 1, 16) END, "
                        + "(ARRAY['a', 'i', 'p'])[1 + g % 3] "
                        + "FROM generate_series(1, " + count + ") g");
                s.execute("VACUUM ANALYZE " + table);
            } catch (SQLException e) {
                throw new IllegalStateException("filling " + table + ": " + e.getMessage(), e);
            }
            System.out.printf(Locale.ROOT, "PostgreSQL: filled %s with %,d rows in %.1f s%n", table, count,
                    seconds(System.nanoTime() - t0));
        }

        /** The source's columns, or the upsert target's: {@code note} renamed, a {@code tenant} added. */
        private static String ddl(boolean upsertTarget) {
            return "id bigint PRIMARY KEY, name text NOT NULL, email varchar(120) NOT NULL, amount numeric(12,2) NOT NULL, "
                    + "created_at timestamptz NOT NULL, active boolean NOT NULL, attrs jsonb, ref uuid NOT NULL, "
                    + (upsertTarget ? "remark text, status text NOT NULL, tenant text NOT NULL" : "note text, status text NOT NULL");
        }

        /** An empty target with its primary key, or the upsert target holding every even key with stale values. */
        private void target(String table, boolean upsert) {
            try (Connection c = server.connect(dst); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (" + ddl(upsert) + ")");
                if (upsert) {
                    s.execute("INSERT INTO " + table + " (" + UPSERT_COLUMNS + ") SELECT g, 'old', 'old@example.com', 0, "
                            + "timestamptz '1999-01-01 00:00:00+00', false, '{}', md5('old' || g)::uuid, NULL, 'old', 'old' "
                            + "FROM generate_series(2, " + rows + ", 2) g");
                }
                s.execute("VACUUM ANALYZE " + table);
            } catch (SQLException e) {
                throw new IllegalStateException("preparing the target " + table + ": " + e.getMessage(), e);
            }
        }

        @Override
        void warmUp(int n) {
            long t0 = System.nanoTime();
            fill("warm", n);
            target("warm", false);
            manager.migrateData(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.table("src", "public.warm"))
                    .target(DataTarget.of("dst", "public.warm", "id")).build(),
                    DataMigrationOptions.builder().backup(false).verify(true).build());
            target("warm_up", true);
            manager.migrateData(upsertMigration("warm", "warm_up", 0), DataMigrationOptions.builder().backup(false).verify(false).build());
            try (Connection c = server.connect(dst); Statement s = c.createStatement()) {
                s.execute("DROP TABLE warm, warm_up");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            try (Connection c = server.connect(src); Statement s = c.createStatement()) {
                s.execute("DROP TABLE warm");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            System.out.printf(Locale.ROOT, "PostgreSQL: warm-up (%,d rows) in %.1f s%n", n, seconds(System.nanoTime() - t0));
        }

        private DataMigration upsertMigration(String source, String table, int round) {
            return DataMigration.builder(name("upsert", round))
                    .source(RecordSource.table("src", "public." + source))
                    .transform(Transforms.mapValues("status", STATUS))
                    .transform(Transforms.constant("tenant", "t1"))
                    .transform(Transforms.rename("note", "remark"))
                    .target(DataTarget.of("dst", "public." + table, "id"))
                    .conflict(ConflictStrategy.overwrite())
                    .build();
        }

        @Override
        void run(String tool, boolean verify, List<Sample> out, int round) {
            switch (tool) {
                case "pipe" -> {
                    target("bench", false);
                    out.add(check(pipe()));
                }
                case "jdbc-batch" -> {
                    target("bench", false);
                    out.add(check(jdbcBatch()));
                }
                case "migrator-copy" -> {
                    target("bench", false);
                    DataMigration copy = DataMigration.builder(name("copy", round))
                            .source(RecordSource.table("src", "public.bench"))
                            .target(DataTarget.of("dst", "public.bench", "id")).build();
                    out.add(check(migrate(tool, "migrateData, verify(false)", copy, false, rows)));
                    if (verify) {
                        target("bench", false);
                        DataMigration again = DataMigration.builder(name("copy_verified", round))
                                .source(RecordSource.table("src", "public.bench"))
                                .target(DataTarget.of("dst", "public.bench", "id")).build();
                        out.add(check(migrate(tool, "migrateData, verify(true)", again, true, rows)));
                    }
                }
                case "migrator-transform-upsert" -> {
                    target("bench_up", true);
                    Sample s = migrate(tool, "3 transforms + overwrite, half the keys exist", upsertMigration("bench", "bench_up", round),
                            false, rows);
                    if (s.problem == null) {
                        String now = checksum(dst, "SELECT count(*), coalesce(sum(hashtextextended(ROW(" + UPSERT_COLUMNS
                                + ")::text, 0)::numeric), 0) FROM bench_up");
                        s.problem = now.equals(transformedChecksum) ? null : "count/checksum " + now + ", expected "
                                + transformedChecksum;
                    }
                    s.correct = s.problem == null && s.error == null;
                    out.add(s);
                }
                default -> throw new IllegalArgumentException(tool);
            }
        }

        /** Checks a copy: the target's count and checksum equal the source's. */
        private Sample check(Sample s) {
            if (s.problem == null && s.error == null) {
                String now = checksum(dst, "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) "
                        + "FROM bench t");
                s.problem = now.equals(sourceChecksum) ? null : "count/checksum " + now + ", expected " + sourceChecksum;
            }
            s.correct = s.problem == null && s.error == null;
            return s;
        }

        /** COPY TO STDOUT on the source, its bytes handed in 64 KiB chunks to COPY FROM STDIN on the target. */
        private Sample pipe() {
            Sample s = new Sample(label, "pipe", "COPY TO STDOUT → COPY FROM STDIN");
            byte[] end = new byte[0];
            BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Memory.reset();
            long c0 = Memory.cpu();
            long t0 = System.nanoTime();
            try (Connection in = server.connect(src); Connection outConn = server.connect(dst)) {
                Thread reader = new Thread(() -> {
                    try {
                        CopyOut copy = in.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + COLUMNS
                                + " FROM bench) TO STDOUT");
                        byte[] chunk = new byte[1 << 16];
                        int filled = 0;
                        byte[] row;
                        while ((row = copy.readFromCopy()) != null) {
                            if (filled + row.length > chunk.length) {
                                queue.put(Arrays.copyOf(chunk, filled));
                                filled = 0;
                            }
                            if (row.length > chunk.length) {
                                queue.put(row);
                            } else {
                                System.arraycopy(row, 0, chunk, filled, row.length);
                                filled += row.length;
                            }
                        }
                        if (filled > 0) {
                            queue.put(Arrays.copyOf(chunk, filled));
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    } finally {
                        try {
                            queue.put(end);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }, "bench-pipe-reader");
                reader.start();
                outConn.setAutoCommit(false);
                CopyIn copy = outConn.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench (" + COLUMNS
                        + ") FROM STDIN");
                byte[] chunk;
                while ((chunk = queue.take()) != end) {
                    copy.writeToCopy(chunk, 0, chunk.length);
                }
                reader.join();
                if (failure.get() != null) {
                    copy.cancelCopy();
                    throw new IllegalStateException("COPY TO STDOUT failed: " + failure.get(), failure.get());
                }
                long copied = copy.endCopy();
                outConn.commit();
                s.problem = copied == rows ? null : "COPY FROM STDIN reported " + copied + " rows";
            } catch (SQLException e) {
                throw new IllegalStateException("pipe: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            s.seconds = seconds(System.nanoTime() - t0);
            s.cpuSeconds = seconds(Memory.cpu() - c0);
            s.heapBytes = Memory.peakHeap();
            return s;
        }

        private Sample jdbcBatch() {
            Sample s = new Sample(label, "jdbc-batch", "cursor 5,000 + executeBatch 1,000 + commit");
            Memory.reset();
            long c0 = Memory.cpu();
            long t0 = System.nanoTime();
            s.problem = JdbcCopy.copy(server.connect(src), server.connect(dst), COLUMNS, 10, 5_000, rows);
            s.seconds = seconds(System.nanoTime() - t0);
            s.cpuSeconds = seconds(Memory.cpu() - c0);
            s.heapBytes = Memory.peakHeap();
            return s;
        }

        private String checksum(String db, String sql) {
            try (Connection c = server.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1) + "/" + rs.getBigDecimal(2).toPlainString();
            } catch (SQLException e) {
                throw new IllegalStateException("checksum: " + e.getMessage(), e);
            }
        }

        @Override
        String describe() {
            return String.format(Locale.ROOT, "PostgreSQL %s: %,d rows of 10 columns (bigint key, text, varchar, "
                    + "numeric(12,2), timestamptz, boolean, jsonb, uuid, nullable text, status text); source table %.1f MB "
                    + "(`pg_relation_size`, %.0f B/row; %.1f MB with its primary key), MB/s = that / time; the pipe copies "
                    + "into an empty table with its primary key, as do jdbc-batch and migrator-copy; the upsert target "
                    + "holds every even key (stale values) and has the renamed and the constant column",
                    server.version(), rows, bytes / 1e6, bytes / (double) rows, totalBytes / 1e6);
        }

        @Override
        public void close() {
            super.close();
            if (src != null) {
                server.dropDatabase(src);
            }
            if (dst != null) {
                server.dropDatabase(dst);
            }
        }
    }

    /** MariaDB (or MySQL) to MariaDB: two databases on one server. */
    private static final class MariaBench extends Bench {
        private static final String COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, note, status";
        private static final String CHECKSUM = "SELECT count(*), coalesce(sum(crc32(concat_ws('|', id, name, email, amount, "
                + "created_at, active, attrs, ref, coalesce(note, '~null~'), status))), 0) FROM bench";
        private final Server server;
        private String src;
        private String dst;
        private String sourceChecksum;

        MariaBench(Server server, int rows, Path work) {
            super("MariaDB", rows, work);
            this.server = server;
        }

        @Override
        List<String> tools() {
            return List.of("jdbc-batch", "migrator-copy");
        }

        @Override
        void setUp() {
            src = server.createDatabase("src");
            dst = server.createDatabase("dst");
            manager = MigrationManager.builder()
                    .connection("src", server.urlFor(src), server.user, server.password)
                    .connection("dst", server.urlFor(dst), server.user, server.password)
                    .backupDirectory(work.resolve("maria-backups"))
                    .build();
            fill("bench", rows);
            try (Connection c = server.connect(src); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT data_length FROM information_schema.tables WHERE table_schema = "
                            + "DATABASE() AND table_name = 'bench'")) {
                rs.next();
                bytes = rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException("sizing the source: " + e.getMessage(), e);
            }
            sourceChecksum = checksum(src);
        }

        private static String ddl() {
            return "id bigint PRIMARY KEY, name varchar(100) NOT NULL, email varchar(120) NOT NULL, amount decimal(12,2) "
                    + "NOT NULL, created_at datetime(3) NOT NULL, active boolean NOT NULL, attrs json, ref char(36) NOT NULL, "
                    + "note text, status varchar(10) NOT NULL";
        }

        private void fill(String table, int count) {
            long t0 = System.nanoTime();
            try (Connection c = server.connect(src); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (" + ddl() + ") ENGINE=InnoDB");
                s.execute("CREATE TABLE IF NOT EXISTS digits (d int PRIMARY KEY)");
                s.execute("INSERT IGNORE INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
                // Portable to MySQL: a cross join of digits rather than MariaDB's seq_1_to_n.
                int places = Math.max(1, (int) Math.ceil(Math.log10(count + 1.0)));
                StringBuilder g = new StringBuilder("1");
                StringBuilder from = new StringBuilder();
                for (int i = 0; i < places; i++) {
                    g.append(" + d").append(i).append(".d * ").append((long) Math.pow(10, i));
                    from.append(i == 0 ? "" : ", ").append("digits d").append(i);
                }
                s.execute("INSERT INTO " + table + " (" + COLUMNS + ") SELECT g, concat('User ', g, ' ', substr(md5(g), 1, 12)), "
                        + "concat('user', g, '@example.com'), round(rand(42) * 100000, 2), "
                        + "timestamp '2020-01-01 00:00:00' + interval (g * 17123000) microsecond, g % 3 = 0, "
                        + "json_object('plan', elt(1 + g % 3, 'free', 'pro', 'team'), 'visits', g % 1000, "
                        + "'tags', json_array(concat('a', g % 7), concat('b', g % 11))), "
                        + "concat_ws('-', substr(md5(g), 1, 8), substr(md5(g), 9, 4), substr(md5(g), 13, 4), "
                        + "substr(md5(g), 17, 4), substr(md5(g), 21, 12)), "
                        + "if(g % 5 = 0, NULL, concat('Note ', substr(md5(concat(g, 'n')), 1, 16))), elt(1 + g % 3, 'a', 'i', 'p') "
                        + "FROM (SELECT " + g + " AS g FROM " + from + ") s WHERE g <= " + count);
                s.execute("ANALYZE TABLE " + table);
            } catch (SQLException e) {
                throw new IllegalStateException("filling " + table + ": " + e.getMessage(), e);
            }
            System.out.printf(Locale.ROOT, "MariaDB: filled %s with %,d rows in %.1f s%n", table, count,
                    seconds(System.nanoTime() - t0));
        }

        private void target(String table) {
            try (Connection c = server.connect(dst); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (" + ddl() + ") ENGINE=InnoDB");
            } catch (SQLException e) {
                throw new IllegalStateException("preparing the target " + table + ": " + e.getMessage(), e);
            }
        }

        @Override
        void warmUp(int n) {
            long t0 = System.nanoTime();
            fill("warm", n);
            target("warm");
            manager.migrateData(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.table("src", "warm"))
                    .target(DataTarget.of("dst", "warm", "id")).build(),
                    DataMigrationOptions.builder().backup(false).verify(false).build());
            try (Connection c = server.connect(dst); Statement s = c.createStatement()) {
                s.execute("DROP TABLE warm");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            System.out.printf(Locale.ROOT, "MariaDB: warm-up (%,d rows) in %.1f s%n", n, seconds(System.nanoTime() - t0));
        }

        @Override
        void run(String tool, boolean verify, List<Sample> out, int round) {
            target("bench");
            Sample s;
            if (tool.equals("jdbc-batch")) {
                s = new Sample(label, tool, "streaming read + executeBatch 1,000 + commit");
                Memory.reset();
                long c0 = Memory.cpu();
                long t0 = System.nanoTime();
                s.problem = JdbcCopy.copy(server.connect(src), server.connect(dst), COLUMNS, 10, Integer.MIN_VALUE, rows);
                s.seconds = seconds(System.nanoTime() - t0);
                s.cpuSeconds = seconds(Memory.cpu() - c0);
                s.heapBytes = Memory.peakHeap();
            } else {
                s = migrate(tool, "migrateData, verify(false)", DataMigration.builder(name("copy", round))
                        .source(RecordSource.table("src", "bench")).target(DataTarget.of("dst", "bench", "id")).build(),
                        false, rows);
            }
            if (s.problem == null) {
                String now = checksum(dst);
                s.problem = now.equals(sourceChecksum) ? null : "count/checksum " + now + ", expected " + sourceChecksum;
            }
            s.correct = s.problem == null;
            out.add(s);
        }

        private String checksum(String db) {
            try (Connection c = server.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKSUM)) {
                rs.next();
                return rs.getLong(1) + "/" + rs.getString(2);
            } catch (SQLException e) {
                throw new IllegalStateException("checksum: " + e.getMessage(), e);
            }
        }

        @Override
        String describe() {
            return String.format(Locale.ROOT, "MariaDB %s: %,d rows of the same 10 columns (decimal, datetime(3), json, "
                    + "char(36) for the uuid); source %.1f MB (InnoDB `data_length`), checked by count and "
                    + "sum(crc32(concat_ws(...)))", server.version(), rows, bytes / 1e6);
        }

        @Override
        public void close() {
            super.close();
            if (src != null) {
                server.dropDatabase(src);
            }
            if (dst != null) {
                server.dropDatabase(dst);
            }
        }
    }

    /** MongoDB collection to collection, in two databases of one server. */
    private static final class MongoBench extends Bench {
        private final String configuredUri;
        private MongoServer embedded;
        private String base;
        private MongoClient client;
        private String src;
        private String dst;
        private String sourceChecksum;

        MongoBench(String uri, int rows, Path work) {
            super("MongoDB", rows, work);
            this.configuredUri = uri;
        }

        @Override
        List<String> tools() {
            return List.of("jdbc-batch", "migrator-copy");
        }

        @Override
        void setUp() {
            if (configuredUri.isEmpty()) {
                embedded = new MongoServer(new MemoryBackend());
                InetSocketAddress address = embedded.bind();
                base = "mongodb://127.0.0.1:" + address.getPort();
            } else {
                String u = configuredUri;
                int slash = u.indexOf('/', u.indexOf("//") + 2);
                base = slash < 0 ? u : u.substring(0, slash);
            }
            client = MongoClients.create(base);
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            src = "mbench_src_" + suffix;
            dst = "mbench_dst_" + suffix;
            manager = MigrationManager.builder()
                    .connection("src", base + "/" + src, null, null)
                    .connection("dst", base + "/" + dst, null, null)
                    .backupDirectory(work.resolve("mongo-backups"))
                    .build();
            bytes = fill("bench", rows);
            sourceChecksum = checksum(client.getDatabase(src).getCollection("bench"));
        }

        private long fill(String collection, int count) {
            long t0 = System.nanoTime();
            MongoCollection<Document> c = client.getDatabase(src).getCollection(collection);
            Codec<Document> codec = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
            long size = 0;
            List<Document> batch = new ArrayList<>(1000);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String[] plans = {"free", "pro", "team"};
            String[] status = {"a", "i", "p"};
            for (long g = 1; g <= count; g++) {
                Document d = new Document("_id", g)
                        .append("name", "User " + g + " " + Long.toHexString(g * 0x9E3779B97F4A7C15L).substring(0, 8))
                        .append("email", "user" + g + "@example.com")
                        .append("amount", Math.round(random.nextDouble() * 10_000_000) / 100.0)
                        .append("created_at", new Date(1_577_836_800_000L + g * 17_123))
                        .append("active", g % 3 == 0)
                        .append("attrs", new Document("plan", plans[(int) (g % 3)]).append("visits", (int) (g % 1000))
                                .append("tags", List.of("a" + g % 7, "b" + g % 11)))
                        .append("ref", new java.util.UUID(g * 31, g * 17).toString())
                        .append("note", g % 5 == 0 ? null : "Note " + Long.toHexString(g * 0xC2B2AE3D27D4EB4FL))
                        .append("status", status[(int) (g % 3)]);
                size += new RawBsonDocument(d, codec).getByteBuffer().remaining();
                batch.add(d);
                if (batch.size() == 1000) {
                    c.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                c.insertMany(batch);
            }
            System.out.printf(Locale.ROOT, "MongoDB: filled %s with %,d documents in %.1f s%n", collection, count,
                    seconds(System.nanoTime() - t0));
            return size;
        }

        @Override
        void warmUp(int n) {
            long t0 = System.nanoTime();
            fill("warm", n);
            client.getDatabase(dst).createCollection("warm");
            manager.migrateData(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.collection("src", "warm"))
                    .target(DataTarget.of("dst", "warm", "_id")).build(),
                    DataMigrationOptions.builder().backup(false).verify(false).build());
            client.getDatabase(src).getCollection("warm").drop();
            client.getDatabase(dst).getCollection("warm").drop();
            System.out.printf(Locale.ROOT, "MongoDB: warm-up (%,d documents) in %.1f s%n", n, seconds(System.nanoTime() - t0));
        }

        @Override
        void run(String tool, boolean verify, List<Sample> out, int round) {
            MongoCollection<Document> target = client.getDatabase(dst).getCollection("bench");
            target.drop();
            client.getDatabase(dst).createCollection("bench");
            Sample s;
            if (tool.equals("jdbc-batch")) {
                s = new Sample(label, "driver-loop", "find() + insertMany 1,000");
                Memory.reset();
                long c0 = Memory.cpu();
                long t0 = System.nanoTime();
                List<Document> batch = new ArrayList<>(1000);
                try (MongoCursor<Document> it = client.getDatabase(src).getCollection("bench").find().batchSize(1000).iterator()) {
                    while (it.hasNext()) {
                        batch.add(it.next());
                        if (batch.size() == 1000) {
                            target.insertMany(batch);
                            batch.clear();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    target.insertMany(batch);
                }
                s.seconds = seconds(System.nanoTime() - t0);
                s.cpuSeconds = seconds(Memory.cpu() - c0);
                s.heapBytes = Memory.peakHeap();
            } else {
                s = migrate(tool, "migrateData, verify(false)", DataMigration.builder(name("copy", round))
                        .source(RecordSource.collection("src", "bench")).target(DataTarget.of("dst", "bench", "_id")).build(),
                        false, rows);
            }
            if (s.problem == null) {
                String now = checksum(target);
                s.problem = now.equals(sourceChecksum) ? null : "count/checksum " + now + ", expected " + sourceChecksum;
            }
            s.correct = s.problem == null;
            out.add(s);
        }

        /** Count and the sum of a 64-bit hash of each document's JSON with its fields sorted (order-independent). */
        private static String checksum(MongoCollection<Document> c) {
            long count = 0;
            long sum = 0;
            CRC32 crc = new CRC32();
            for (Document d : c.find().batchSize(1000)) {
                String json = new Document(new TreeMap<>(d)).toJson();
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                crc.reset();
                crc.update(b);
                sum += (crc.getValue() << 32) ^ json.hashCode();
                count++;
            }
            return count + "/" + sum;
        }

        @Override
        String describe() {
            return String.format(Locale.ROOT, "MongoDB (%s): %,d documents of the same 10 fields (long _id, double amount, "
                    + "date, nested attrs with an array); %.1f MB of BSON; checked by count and the sum of a hash of each "
                    + "document's JSON with sorted fields; the baseline is a driver find() + insertMany loop",
                    embedded != null ? "in-process mongo-java-server: its storage is in this JVM's heap" : "MIGRATOR_TEST_MONGO_URI",
                    rows, bytes / 1e6);
        }

        @Override
        public void close() {
            super.close();
            if (client != null) {
                try {
                    client.getDatabase(src).drop();
                    client.getDatabase(dst).drop();
                } catch (RuntimeException e) {
                    System.out.println("  warning: could not drop the MongoDB databases: " + e.getMessage());
                }
                client.close();
            }
            if (embedded != null) {
                embedded.shutdownNow();
            }
        }
    }

    /** The hand-written JDBC copy: a streaming SELECT, a batched INSERT, a commit per batch of 1,000. */
    private static final class JdbcCopy {
        static String copy(Connection in, Connection out, String columns, int count, int fetchSize, int expected) {
            try (in; out) {
                in.setAutoCommit(fetchSize == Integer.MIN_VALUE); // PgJDBC's cursor needs a transaction
                out.setAutoCommit(false);
                long copied = 0;
                try (Statement select = in.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                        PreparedStatement insert = out.prepareStatement("INSERT INTO bench (" + columns + ") VALUES ("
                                + "?, ".repeat(count - 1) + "?)")) {
                    select.setFetchSize(fetchSize);
                    try (ResultSet rs = select.executeQuery("SELECT " + columns + " FROM bench")) {
                        int inBatch = 0;
                        while (rs.next()) {
                            for (int i = 1; i <= count; i++) {
                                Object v = rs.getObject(i);
                                if (v instanceof java.time.LocalDateTime t) {
                                    // Connector/J takes MariaDB 10 for MySQL 5.5 and would drop the milliseconds.
                                    insert.setString(i, t.toString());
                                } else {
                                    insert.setObject(i, v);
                                }
                            }
                            insert.addBatch();
                            copied++;
                            if (++inBatch == 1000) {
                                insert.executeBatch();
                                out.commit();
                                inBatch = 0;
                            }
                        }
                        if (inBatch > 0) {
                            insert.executeBatch();
                            out.commit();
                        }
                    }
                }
                return copied == expected ? null : "copied " + copied + " rows";
            } catch (SQLException e) {
                throw new IllegalStateException("jdbc-batch: " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- memory

    /** Heap of this JVM: the sum of the heap pools' peaks since the last reset (an upper bound of the peak used). */
    private static final class Memory {
        static void reset() {
            System.gc(); // start each run from the live set, not from the garbage of the one before
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
        }

        /** CPU time of this whole process (every thread, GC included), in nanoseconds; less noisy than wall time. */
        static long cpu() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : 0;
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
    }

    // ---------------------------------------------------------------- results

    /** One timed run. */
    static final class Sample {
        final String backend;
        final String tool;
        final String operation;
        double seconds;
        double cpuSeconds;
        long heapBytes = -1;
        boolean correct;
        String problem;
        String error;

        Sample(String backend, String tool, String operation) {
            this.backend = backend;
            this.tool = tool;
            this.operation = operation;
        }
    }

    /** Medians over rounds of one tool's operation; any failed or wrong round marks the row. */
    static final class Row {
        String backend;
        String tool;
        String operation;
        int rows;
        long bytes;
        double seconds;
        double min;
        double max;
        double cpuSeconds;
        long heapBytes;
        boolean correct;
        String error;

        static Row aggregate(List<Sample> samples, int rows, long bytes) {
            Row row = new Row();
            row.backend = samples.get(0).backend;
            row.tool = samples.get(0).tool;
            row.operation = samples.get(0).operation;
            row.rows = rows;
            row.bytes = bytes;
            row.correct = samples.stream().allMatch(s -> s.correct && s.error == null);
            row.error = samples.stream().map(s -> s.error != null ? s.error : s.problem).filter(e -> e != null)
                    .findFirst().orElse(null);
            double[] secs = samples.stream().filter(s -> s.error == null).mapToDouble(s -> s.seconds).toArray();
            if (secs.length > 0) {
                row.seconds = median(secs);
                row.min = Arrays.stream(secs).min().orElseThrow();
                row.max = Arrays.stream(secs).max().orElseThrow();
            }
            row.heapBytes = samples.stream().mapToLong(s -> s.heapBytes).max().orElse(-1);
            double[] cpu = samples.stream().filter(s -> s.error == null).mapToDouble(s -> s.cpuSeconds).toArray();
            row.cpuSeconds = cpu.length == 0 ? 0 : median(cpu);
            return row;
        }

        double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }

        String backend() {
            return backend;
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

    // ---------------------------------------------------------------- servers

    /** A PostgreSQL or MariaDB server reached by JDBC. */
    private static final class Server {
        final boolean postgres;
        final String adminUrl;
        final String user;
        final String password;

        private Server(boolean postgres, String adminUrl, String user, String password) {
            this.postgres = postgres;
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
        }

        static Server postgres() {
            return new Server(true, env("MIGRATOR_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                    env("MIGRATOR_TEST_POSTGRES_USER", "postgres"), env("MIGRATOR_TEST_POSTGRES_PASSWORD", ""));
        }

        static Server mariadb() {
            return new Server(false, env("MIGRATOR_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/"),
                    env("MIGRATOR_TEST_MYSQL_USER", "root"), env("MIGRATOR_TEST_MYSQL_PASSWORD", ""));
        }

        /** The admin URL with its database replaced by {@code db}; query parameters are kept. */
        String urlFor(String db) {
            int hostStart = adminUrl.indexOf("//") + 2;
            int query = adminUrl.indexOf('?', hostStart);
            String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
            String params = query < 0 ? "" : adminUrl.substring(query);
            int slash = base.indexOf('/', hostStart);
            return (slash < 0 ? base : base.substring(0, slash)) + "/" + db + params;
        }

        Connection connect(String db) {
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            try {
                return DriverManager.getConnection(db == null ? adminUrl : urlFor(db), props);
            } catch (SQLException e) {
                throw new IllegalStateException((postgres ? "PostgreSQL" : "MariaDB") + " cannot be reached as '" + user
                        + "': " + e.getMessage() + ". Start the server, or set "
                        + (postgres ? "MIGRATOR_TEST_POSTGRES_URL" : "MIGRATOR_TEST_MYSQL_URL") + ".", e);
            }
        }

        String version() {
            try (Connection c = connect(null); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(postgres ? "SHOW server_version" : "SELECT VERSION()")) {
                rs.next();
                return rs.getString(1);
            } catch (SQLException e) {
                return "(unknown version)";
            }
        }

        String createDatabase(String purpose) {
            String name = "mbench_data_" + purpose + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            execAdmin("CREATE DATABASE " + name);
            return name;
        }

        void dropDatabase(String name) {
            try {
                execAdmin(postgres ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
            } catch (RuntimeException e) {
                System.out.println("  warning: could not drop database " + name + ": " + e.getMessage());
            }
        }

        private void execAdmin(String sql) {
            try (Connection c = connect(null); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
            }
        }
    }
}
