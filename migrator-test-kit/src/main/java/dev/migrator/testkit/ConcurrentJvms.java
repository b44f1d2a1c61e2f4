package dev.migrator.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many {@link MigrateMain} JVMs started together, held at a {@link StartBarrier} until all of them have built their
 * managers, then released at once to call {@code migrate()} on the same database; and what they reported.
 */
public final class ConcurrentJvms {

    private ConcurrentJvms() {}

    /**
     * What a run of many JVMs did.
     *
     * @param jvms how many ran
     * @param startUp from the first launch until every JVM waited at the barrier
     * @param wall from the release until the last JVM ended
     * @param startSpread between the first and the last JVM calling {@code migrate()}
     * @param applied scripts applied, summed over the JVMs
     * @param lockWaits JVMs that found the lock taken and waited for it
     * @param failures per JVM that failed: its exit value, any error or warning line, and its output
     */
    public record Outcome(int jvms, Duration startUp, Duration wall, Duration startSpread, int applied, int lockWaits,
            List<String> failures) {

        /** One line of figures, e.g. for the README. */
        public String figures(String test, int scripts) {
            return String.format(Locale.ROOT, "%s: %d JVMs, start-up %d ms, released within %d ms, migrate wall time %d ms,"
                    + " %d scripts, applied %d in total, %d JVMs found the lock taken and retried until"
                    + " they had it, %d failed", test, jvms,
                    startUp.toMillis(), startSpread.toMillis(), wall.toMillis(), scripts, applied, lockWaits, failures.size());
        }
    }

    /**
     * Starts {@code jvms} children of {@link MigrateMain} with {@code args} and {@code --start}, releases them at once
     * and waits for all of them; a child still running after {@code timeout} is killed and reported as failed.
     */
    public static Outcome migrateAtOnce(Path logs, int jvms, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<ChildJvm> children = new ArrayList<>();
        try (StartBarrier barrier = StartBarrier.open()) {
            List<String> childArgs = new ArrayList<>(args);
            childArgs.add("--start=" + barrier.port());
            // migrator's INFO lines tell the lock waits apart, whatever a module's simplelogger.properties says.
            List<String> options = new ArrayList<>(ChildJvm.options("64m"));
            options.add("-Dorg.slf4j.simpleLogger.log.dev.migrator=info");
            long t0 = System.nanoTime();
            for (int i = 0; i < jvms; i++) {
                children.add(ChildJvm.start(logs.resolve("jvm-" + i + ".log"), options, MigrateMain.class, childArgs));
            }
            barrier.awaitArrivals(children, timeout);
            long released = System.nanoTime();
            barrier.release();
            List<String> failures = new ArrayList<>();
            int applied = 0;
            int lockWaits = 0;
            long firstStart = Long.MAX_VALUE;
            long lastStart = Long.MIN_VALUE;
            for (ChildJvm child : children) {
                int exit = child.waitFor(timeout);
                String output = child.output();
                List<String> bad = output.lines().filter(ConcurrentJvms::isProblem).toList();
                if (exit != 0 || !bad.isEmpty()) {
                    failures.add(child + " exit " + exit + ", problems " + bad + "\n" + output);
                }
                for (String line : output.lines().toList()) {
                    if (line.startsWith("applied=")) {
                        applied += Integer.parseInt(line.substring("applied=".length()).trim());
                    } else if (line.startsWith("started=")) {
                        long at = Long.parseLong(line.substring("started=".length()).trim());
                        firstStart = Math.min(firstStart, at);
                        lastStart = Math.max(lastStart, at);
                    } else if (line.contains("another run holds the lock")) {
                        lockWaits++;
                    }
                }
            }
            long end = System.nanoTime();
            return new Outcome(jvms, Duration.ofNanos(released - t0), Duration.ofNanos(end - released),
                    Duration.ofMillis(lastStart < firstStart ? 0 : lastStart - firstStart), applied, lockWaits, failures);
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    /** An error or warning in a child's output: none may reach a caller. */
    private static boolean isProblem(String line) {
        return line.contains(" ERROR ") || line.contains(" WARN ") || line.contains("Exception") || line.startsWith("\tat ");
    }
}
