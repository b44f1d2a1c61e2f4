package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.seconds;

import java.util.Arrays;
import java.util.List;

/** What the data migration benchmark measures: one timed run, and the rounds of one operation aggregated. */
final class DataResults {

    private DataResults() {}

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
}
