package dev.migrator.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class run in a JVM of its own, on the test's class path, its stdout and stderr in a log file. For
 * tests that need a second process: many managers starting at once, or one killed with SIGKILL
 * ({@link #kill()}: {@link Process#destroyForcibly()} is SIGKILL on Linux, so no shutdown hook, {@code finally} or
 * rollback runs in the child). {@link #close()} kills a child that is still alive.
 */
public final class ChildJvm implements AutoCloseable {

    /**
     * Options of a small, quickly started child: sixteen of them fit beside the test on a 2-core machine. C1 only
     * (the child runs for seconds, C2 would only compete for the cores), the CDS archive, the serial collector.
     */
    public static List<String> options(String maxHeap) {
        return List.of("-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-XX:-UsePerfData");
    }

    private final Process process;
    private final Path log;
    private final String name;

    private ChildJvm(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** Starts {@code main} with a 64 MB heap. */
    public static ChildJvm start(Path log, Class<?> main, List<String> args) {
        return start(log, options("64m"), main, args);
    }

    /** Starts {@code main} with these JVM options, its output going to {@code log}. */
    public static ChildJvm start(Path log, List<String> jvmOptions, Class<?> main, List<String> args) {
        try {
            Process p = process(log, jvmOptions, main, args);
            return new ChildJvm(p, log, main.getSimpleName() + " pid " + p.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + main.getName() + " in a child JVM", e);
        }
    }

    /** The bare process of {@link #start(Path, List, Class, List)}, for callers that talk to its standard input. */
    public static Process process(Path log, List<String> jvmOptions, Class<?> main, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child has printed so far (also after it ended). */
    public String output() {
        return read(log);
    }

    /** A child's log so far. */
    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Waits until the child has printed {@code text}.
     *
     * @throws AssertionError naming the child and its output when it ended or the time ran out first
     */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive() && !output().contains(text)) {
                throw new AssertionError(this + " ended (exit " + process.exitValue() + ") before printing '" + text + "':\n"
                        + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(this + " did not print '" + text + "' within " + timeout + ":\n" + output());
            }
            Thread.sleep(2);
        }
    }

    /** Waits for the child to end and returns its exit value; kills it and returns -1 when it outlives the timeout. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    /**
     * SIGKILL, then waits until the child is gone (its sockets are then closed by the kernel).
     *
     * @throws AssertionError when it is still there after 30 s
     */
    public void kill() throws InterruptedException {
        kill(process, toString());
    }

    /**
     * SIGKILL of a bare {@link #process}, then waits until it is gone.
     *
     * @throws AssertionError naming it ({@code name}) when it is still there after 30 s
     */
    public static void kill(Process process, String name) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "child JVM " + name;
    }
}
