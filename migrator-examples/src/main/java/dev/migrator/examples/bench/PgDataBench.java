package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.DataMigrationBenchmark.STATUS;
import static dev.migrator.examples.bench.DataMigrationBenchmark.STATUS_SQL;
import static dev.migrator.examples.bench.DataMigrationBenchmark.TOOLS;
import dev.migrator.examples.bench.BenchResults.Sample;

import static dev.migrator.examples.bench.BenchSupport.seconds;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transforms;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/** PostgreSQL to PostgreSQL: two databases on one server. */
final class PgDataBench extends DataBench {
    private static final String COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, note, status";
    private static final String UPSERT_COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, remark, "
            + "status, tenant";
    private static final String CHECKSUM = "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) "
            + "FROM bench t";
    private final BenchServer server;
    private TwoDatabases dbs;
    private String transformedChecksum;
    private long totalBytes;

    PgDataBench(BenchServer server, int rows, Path work) {
        super("PostgreSQL", TOOLS, rows, work);
        this.server = server;
    }

    @Override
    void setUp() {
        dbs = new TwoDatabases(server);
        manager = dbs.manager(work.resolve("pg-backups"));
        fill("bench", rows);
        List<Object> sizes = server.firstRow(dbs.src, "sizing the source",
                "SELECT pg_relation_size('bench'), pg_total_relation_size('bench')");
        bytes = ((Number) sizes.get(0)).longValue();
        totalBytes = ((Number) sizes.get(1)).longValue();
        sourceChecksum = server.countAndSum(dbs.src, "checksum", CHECKSUM);
        transformedChecksum = server.countAndSum(dbs.src, "checksum", "SELECT count(*), coalesce(sum(hashtextextended(ROW(id, name, email, "
                + "amount, created_at, active, attrs, ref, note, " + STATUS_SQL + ", 't1'::text)::text, 0)::numeric), 0) "
                + "FROM bench");
    }

    private void fill(String table, int count) {
        long t0 = System.nanoTime();
        server.execute(dbs.src, "filling " + table,
                "CREATE TABLE " + table + " (" + ddl(false) + ")",
                GeneratedRows.SEED,
                "INSERT INTO " + table + " (" + COLUMNS + ") SELECT g, " + GeneratedRows.VALUES
                        + ", (ARRAY['a', 'i', 'p'])[1 + g % 3] FROM generate_series(1, " + count + ") g",
                "VACUUM ANALYZE " + table);
        System.out.printf(Locale.ROOT, "PostgreSQL: filled %s with %,d rows in %.1f s%n", table, count,
                seconds(System.nanoTime() - t0));
    }

    /** The source's columns, or the upsert target's: {@code note} renamed, a {@code tenant} added. */
    private static String ddl(boolean upsertTarget) {
        return "id bigint PRIMARY KEY, " + GeneratedRows.DDL + ", "
                + (upsertTarget ? "remark text, status text NOT NULL, tenant text NOT NULL" : "note text, status text NOT NULL");
    }

    /** An empty target with its primary key, or the upsert target holding every even key with stale values. */
    private void target(String table, boolean upsert) {
        List<String> statements = new ArrayList<>(List.of("DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (" + ddl(upsert) + ")"));
        if (upsert) {
            statements.add("INSERT INTO " + table + " (" + UPSERT_COLUMNS + ") SELECT g, 'old', 'old@example.com', 0, "
                    + "timestamptz '1999-01-01 00:00:00+00', false, '{}', md5('old' || g)::uuid, NULL, 'old', 'old' "
                    + "FROM generate_series(2, " + rows + ", 2) g");
        }
        statements.add("VACUUM ANALYZE " + table);
        server.execute(dbs.dst, "preparing the target " + table, statements.toArray(String[]::new));
    }

    @Override
    void warmUp(int n) {
        long t0 = System.nanoTime();
        fill("warm", n);
        target("warm", false);
        manager.data().migrate(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.table("src", "public.warm"))
                .target(DataTarget.of("dst", "public.warm", "id")).build(),
                DataMigrationOptions.builder().backup(false).verify(true).build());
        target("warm_up", true);
        manager.data().migrate(upsertMigration("warm", "warm_up", 0), DataMigrationOptions.builder().backup(false).verify(false).build());
        server.execute(dbs.dst, "dropping the warm-up tables", "DROP TABLE warm, warm_up");
        server.execute(dbs.src, "dropping the warm-up table", "DROP TABLE warm");
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
                out.add(s.checkContent(() -> server.countAndSum(dbs.dst, "checksum", "SELECT count(*), "
                        + "coalesce(sum(hashtextextended(ROW(" + UPSERT_COLUMNS + ")::text, 0)::numeric), 0) "
                        + "FROM bench_up"), transformedChecksum));
            }
            default -> throw new IllegalArgumentException(tool);
        }
    }

    /** Checks a copy: the target's count and checksum equal the source's. */
    private Sample check(Sample s) {
        return checkCopy(s, () -> server.countAndSum(dbs.dst, "checksum", CHECKSUM));
    }

    /** COPY TO STDOUT on the source, its bytes handed in 64 KiB chunks to COPY FROM STDIN on the target. */
    private Sample pipe() {
        return new Sample(label, "pipe", "COPY TO STDOUT → COPY FROM STDIN").timed(this::copyThroughPipe);
    }

    /** The pipe's work; returns its problem, or null. */
    private String copyThroughPipe() {
        byte[] end = new byte[0];
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Connection in = server.connect(dbs.src); Connection outConn = server.connect(dbs.dst)) {
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
            return copied == rows ? null : "COPY FROM STDIN reported " + copied + " rows";
        } catch (SQLException e) {
            throw new IllegalStateException("pipe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Sample jdbcBatch() {
        return new Sample(label, "jdbc-batch", "cursor 5,000 + executeBatch 1,000 + commit")
                .timed(() -> JdbcCopy.copy(server, dbs.src, dbs.dst, COLUMNS, 10, 5_000, rows));
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
        if (dbs != null) {
            dbs.close();
        }
    }
}
