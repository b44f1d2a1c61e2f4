package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.firstLine;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.seconds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the backup and data migration benchmarks measure: one timed run ({@link Sample}), the rounds of one operation
 * aggregated ({@link Row}), and the rounds themselves ({@link #rounds}).
 */
final class BenchResults {

    private BenchResults() {}

    /** One timed run. */
    static final class Sample {
        final String backend;
        final String tool;
        final String operation;
        double seconds;
        double cpuSeconds;
        /** What the run wrote to disk (a backup file), or 0. */
        long bytes;
        long heapBytes = -1;
        boolean correct;
        String problem;
        String error;

        Sample(String backend, String tool, String operation) {
            this.backend = backend;
            this.tool = tool;
            this.operation = operation;
        }

        /** A run that threw: its first line is the row's error; the stack trace goes to the console. */
        static Sample failed(String backend, String tool, String operation, RuntimeException e) {
            Sample failed = new Sample(backend, tool, operation);
            failed.error = firstLine(e.toString());
            e.printStackTrace(System.out);
            return failed;
        }

        /**
         * Runs {@code work} in this JVM, timed: wall and CPU time, and the peak heap from a GC'd start. What {@code work}
         * returns is the run's problem, or null.
         */
        Sample timed(Supplier<String> work) {
            BenchMemory.reset();
            long c0 = BenchMemory.cpu();
            long t0 = System.nanoTime();
            problem = work.get();
            seconds = seconds(System.nanoTime() - t0);
            cpuSeconds = seconds(BenchMemory.cpu() - c0);
            heapBytes = BenchMemory.peakHeap();
            return this;
        }

        /** Runs {@code work} that happens in another process (pg_dump): wall time only, no heap figure. */
        Sample timedElsewhere(Runnable work) {
            long t0 = System.nanoTime();
            work.run();
            seconds = seconds(System.nanoTime() - t0);
            return this;
        }

        /** Records the check's verdict: {@code problem}, or null for a correct run. */
        Sample check(String problem) {
            this.problem = problem;
            this.correct = problem == null && error == null;
            return this;
        }

        /** What the console line of this run ends with: nothing, or why it failed or is wrong. */
        String verdict() {
            return error != null ? "  FAILED: " + error : correct ? "" : "  WRONG RESULT: " + problem;
        }

        /**
         * Checks a copy that has no problem yet: {@code now} (the target's count/checksum, asked only then) must equal
         * {@code expected}.
         */
        Sample checkContent(Supplier<String> now, String expected) {
            return check(problem != null || error != null ? problem : mismatch(now.get(), expected));
        }
    }

    /** The problem of a content check, or null when the figures match. */
    static String mismatch(String now, String expected) {
        return now.equals(expected) ? null : "count/checksum " + now + ", expected " + expected;
    }

    /** Medians over rounds of one tool's operation; any failed or wrong round marks the row. */
    static final class Row {
        String backend;
        String tool;
        String operation;
        int rounds;
        /** The source's rows and bytes, for rows/s and MB/s. */
        int rows;
        long bytes;
        /** The largest file a round wrote, or 0. */
        long fileBytes;
        double seconds;
        double min;
        double max;
        double cpuSeconds;
        long heapBytes;
        boolean correct;
        String error;

        /** The rounds of one operation; the times of rounds that threw are left out of the medians. */
        static Row aggregate(List<Sample> samples, int rows, long bytes) {
            Row row = new Row();
            row.backend = samples.get(0).backend;
            row.tool = samples.get(0).tool;
            row.operation = samples.get(0).operation;
            row.rounds = samples.size();
            row.rows = rows;
            row.bytes = bytes;
            row.fileBytes = samples.stream().mapToLong(s -> s.bytes).max().orElse(0);
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

        double seconds() {
            return seconds;
        }
    }

    /**
     * Runs every tool of {@code order} once a round, {@code run(tool, round)} giving its samples, each printed as it
     * comes; returns the samples grouped by tool (as asked for, whatever the sample calls itself) and operation, in
     * {@code order}.
     *
     * @param heading what the round's console line starts with ({@code "MariaDB "}, or empty)
     */
    static List<List<Sample>> rounds(String heading, List<String> order, int rounds,
            BiFunction<String, Integer, List<Sample>> run, Consumer<Sample> print) {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            // Rotate the order each round so that no tool always runs right after another's load (autovacuum, WAL).
            for (int i = 0; i < order.size(); i++) {
                String tool = order.get((i + round) % order.size());
                System.out.printf(Locale.ROOT, "%sround %d/%d: %s%n", heading, round + 1, rounds, tool);
                for (Sample s : run.apply(tool, round)) {
                    samples.computeIfAbsent(tool + "\u0000" + s.operation, k -> new ArrayList<>()).add(s);
                    print.accept(s);
                }
            }
        }
        List<List<Sample>> grouped = new ArrayList<>();
        for (String tool : order) {
            samples.forEach((key, list) -> {
                if (key.startsWith(tool + "\u0000")) {
                    grouped.add(list);
                }
            });
        }
        return grouped;
    }
}
