package dev.migrator.jdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.BackendProvider;
import dev.migrator.spi.engine.EngineProvider;
import dev.migrator.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * What every crash test (issue 8) shares, on any backend: the trial count and seed of a scenario, and a child JVM
 * running one operation, killed with SIGKILL ({@link Process#destroyForcibly()}: no shutdown hook, nothing closed or
 * rolled back by the client).
 *
 * <p>Every scenario runs {@code -Dmigrator.crash.trials=N} trials (default 30; more for a soak) from a printed seed,
 * replayed with {@code -Dmigrator.crash.seed=S}. A child's output (and errors) go to a file, shown when an assertion
 * fails; it prints {@code ready} just before the operation starts.
 */
public final class CrashTrials {

    private CrashTrials() {}

    /** Trials per scenario: {@code migrator.crash.trials}, 30 by default. */
    public static int trials() {
        return Integer.getInteger("migrator.crash.trials", 30);
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime()}), e.g. {@code 41.2 s}, for the summary lines. */
    public static String elapsed(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** The scenario's seed ({@code migrator.crash.seed}, or a new one), printed with the scenario and trial count. */
    public static long seed(String scenario, int trials) {
        long seed = Long.getLong("migrator.crash.seed", System.nanoTime());
        System.out.println(scenario + ": " + trials + " trials, seed " + seed);
        return seed;
    }

    /** Starts {@code main} in a new JVM and lets it go at once (see {@link Launcher} for a child started ahead). */
    public static Process start(Path out, Class<?> main, String... args) throws IOException {
        return go(launch(out, main, args));
    }

    /**
     * Starts {@code main} in a new JVM tuned to start fast, with this JVM's class path. The child calls
     * {@link #awaitGo(String...)} first, so it loads its classes and then waits, without touching the database, until
     * {@link #go(Process)}.
     */
    private static Process launch(Path out, Class<?> main, String... args) throws IOException {
        return ChildJvm.process(out, ChildJvm.options("256m"), main, List.of(args));
    }

    private static Process go(Process child) throws IOException {
        child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        child.getOutputStream().flush();
        return child;
    }

    /**
     * In a child, first thing: loads what a manager needs (providers, drivers, the pool: the slow part of a JVM's
     * start), then waits for the test's go on standard input; exits when the test has gone away.
     */
    public static void awaitGo() {
        ServiceLoader.load(EngineProvider.class).forEach(p -> {});
        ServiceLoader.load(BackendProvider.class).forEach(p -> {});
        for (String name : List.of("org.postgresql.Driver", "com.mysql.cj.jdbc.Driver", "com.zaxxer.hikari.HikariDataSource",
                "com.mongodb.client.MongoClients", "com.fasterxml.jackson.databind.ObjectMapper")) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                // not on this class path: nothing to load ahead
            }
        }
        try {
            if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
                System.exit(2);
            }
        } catch (IOException e) {
            System.exit(2);
        }
    }

    /** Waits until the child prints {@code ready}: it has built its manager and is about to start the operation. */
    public static void awaitReady(Process child, Path out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && !read(out).contains("ready")) {
            Thread.sleep(2);
        }
        assertThat(read(out)).as("the child started\n%s", read(out)).contains("ready");
    }

    /**
     * Waits until {@code progress} reaches {@code mark} (or the child ends, or a minute passes), then {@code jitterMs}
     * more, and kills the child.
     *
     * @return whether the child was still running when it was killed
     */
    public static boolean killAt(Process child, LongSupplier progress, long mark, int jitterMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && progress.getAsLong() < mark && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(jitterMs);
        boolean alive = child.isAlive();
        kill(child);
        return alive;
    }

    /** SIGKILL, and waits until the process is gone. */
    public static void kill(Process child) throws InterruptedException {
        ChildJvm.kill(child, "child JVM pid " + child.pid());
    }

    /** The child's output so far. */
    public static String read(Path out) {
        return ChildJvm.read(out);
    }

    /**
     * Starts each trial's child while the trial before runs and is checked, so that a JVM's start costs a trial
     * nothing; the child waits (without a database session) until its trial lets it go. Closing it kills a child
     * started ahead and never let go.
     */
    public static final class Launcher implements AutoCloseable {

        private final int trials;
        private final IntFunction<Path> out;
        private final Class<?> main;
        private final IntFunction<String[]> args;
        private Process next;
        private int nextTrial;

        /** Trial {@code n}'s child is {@code main} with {@code args.apply(n)}, its output in {@code out.apply(n)}. */
        public Launcher(int trials, IntFunction<Path> out, Class<?> main, IntFunction<String[]> args) {
            this.trials = trials;
            this.out = out;
            this.main = main;
            this.args = args;
        }

        /** Lets trial {@code n}'s child go (starting it if it was not started ahead) and starts trial n + 1's. */
        public Process go(int trial) throws IOException {
            Process child = CrashTrials.go(next != null && nextTrial == trial ? next : launch(out.apply(trial), main, args.apply(trial)));
            next = trial < trials ? launch(out.apply(trial + 1), main, args.apply(trial + 1)) : null;
            nextTrial = trial + 1;
            return child;
        }

        @Override
        public void close() {
            if (next != null) {
                next.destroyForcibly();
            }
        }
    }
}
