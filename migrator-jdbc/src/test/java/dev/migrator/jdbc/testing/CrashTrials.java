package dev.migrator.jdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** The scenario's seed ({@code migrator.crash.seed}, or a new one), printed with the scenario and trial count. */
    public static long seed(String scenario, int trials) {
        long seed = Long.getLong("migrator.crash.seed", System.nanoTime());
        System.out.println(scenario + ": " + trials + " trials, seed " + seed);
        return seed;
    }

    /** Starts {@code main} in a new JVM tuned to start fast, with this JVM's class path. */
    public static Process start(Path out, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Waits until the child prints {@code ready}: it has built its manager and is about to start the operation. */
    public static void awaitReady(Process child, Path out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && System.nanoTime() < deadline && !read(out).contains("ready")) {
            Thread.sleep(2);
        }
        assertThat(read(out)).as("the child started\n%s", read(out)).contains("ready");
    }

    /** SIGKILL, and waits until the process is gone. */
    public static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
    }

    /** The child's output so far. */
    public static String read(Path out) {
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
