package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.DataMigrationBenchmark.batchSize;
import dev.migrator.examples.bench.BenchResults.Sample;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.MigrationManager;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** One backend's source, targets and tools. */
abstract class DataBench implements AutoCloseable {
    final String label;
    private final List<String> tools;
    final int rows;
    final Path work;
    long bytes;
    /** The source's row count and content checksum, which every copy's target must match. */
    String sourceChecksum;
    MigrationManager manager;

    DataBench(String label, List<String> tools, int rows, Path work) {
        this.label = label;
        this.tools = tools;
        this.rows = rows;
        this.work = work;
    }

    /** The tools this backend has, in the benchmark's order. */
    List<String> tools() {
        return tools;
    }

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
        DataMigrationOptions options = DataMigrationOptions.builder().backup(false).verify(verify).batchSize(batchSize)
                .build();
        return new Sample(label, tool, operation).timed(() -> {
            DataMigrationResult r = manager.data().migrate(migration, options);
            if (r.read() != rows || r.written() != expectedWritten || r.failed() != 0) {
                return "read " + r.read() + ", written " + r.written() + ", failed " + r.failed() + "; expected " + rows
                        + " read, " + expectedWritten + " written";
            } else if (verify && (r.verification().isEmpty() || !r.verification().get().isValid())) {
                return "verification: " + r.verification().map(v -> v.problems().toString()).orElse("missing");
            }
            return null;
        });
    }

    /** Checks a copy: {@code target} (the target's count/checksum, asked only when the run has no problem) must match. */
    Sample checkCopy(Sample s, Supplier<String> target) {
        return s.checkContent(target, sourceChecksum);
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
