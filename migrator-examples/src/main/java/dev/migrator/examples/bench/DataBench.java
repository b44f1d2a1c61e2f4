package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.DataMigrationBenchmark.batchSize;
import dev.migrator.examples.bench.DataResults.Sample;

import static dev.migrator.examples.bench.BenchSupport.seconds;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.MigrationManager;
import java.nio.file.Path;
import java.util.List;

/** One backend's source, targets and tools. */
abstract class DataBench implements AutoCloseable {
    final String label;
    final int rows;
    final Path work;
    long bytes;
    MigrationManager manager;

    DataBench(String label, int rows, Path work) {
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
        BenchMemory.reset();
        long c0 = BenchMemory.cpu();
        long t0 = System.nanoTime();
        DataMigrationResult r = manager.migrateData(migration, options);
        s.seconds = seconds(System.nanoTime() - t0);
        s.cpuSeconds = seconds(BenchMemory.cpu() - c0);
        s.heapBytes = BenchMemory.peakHeap();
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
