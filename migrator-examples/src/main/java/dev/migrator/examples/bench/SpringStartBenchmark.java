package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.seconds;
import static dev.migrator.examples.bench.GeneratedScripts.assertTables;
import static dev.migrator.examples.bench.GeneratedScripts.generateScripts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spring Boot application's start with migrator-spring-boot against the same application with Flyway
 * ({@link SpringStartApp}), each in a fresh JVM, on a PostgreSQL database that already holds N applied scripts (the
 * generated ones of {@link GeneratedScripts}): the start every deployment pays. Each tool first starts once on an empty
 * database of its own (applying all N, timed and shown apart), then R more times on it, the tools alternating. Measured:
 * the whole process (from launching {@code java} to its exit) and what Boot logs as "Started … in X seconds (process
 * running for Y)". After every start the database must still hold exactly N tables.
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.scripts} (1000), {@code bench.runs} (5), {@code bench.tools} ({@code migrator,flyway}), {@code bench.out}
 * (default {@code migrator-examples/target/spring-start-results.md}). The child JVMs get this JVM's class path (so run
 * it with the test class path, where Spring is: {@code -Dexec.classpathScope=test}) and {@code -Xmx256m}. Server: as
 * {@link MigrateBenchmark} (PostgreSQL only).
 */
public final class SpringStartBenchmark {

    private static final Pattern STARTED = Pattern.compile(
            "Started SpringStartApp in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

    private SpringStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchSupport.quietLogging();
        Result result = run(parseArgs(args, "--scripts=1000 --runs=5"));
        BenchSupport.finish(result.out(), result.failed());
    }

    /** The Markdown table, where it was written, and whether any start failed. */
    record Result(String table, Path out, boolean failed) {}

    /** One start of the application: whole process, Boot's "Started … in", and its "process running for". */
    record Start(double process, double started, double running) {}

    static Result run(Map<String, String> options) throws IOException {
        int scripts = intOption(options, "scripts", 1000, 1, 100_000);
        int runs = intOption(options, "runs", 5, 1, 100);
        List<String> tools = listOption(options, "tools", "migrator,flyway", List.of("migrator", "flyway"));
        Path out = Path.of(option(options, "out", defaultOut("spring-start-results.md")));
        BenchServer server = BenchServer.postgres();
        String serverLine = server.label + ": " + server.version() + " at " + server.host + ":" + server.port;
        Path work = Files.createTempDirectory("migrator-spring-start-");
        Map<String, String> databases = new LinkedHashMap<>();
        try {
            Path dir = work.resolve("scripts");
            generateScripts(dir, scripts);
            String loadBefore = loadAverage();
            Map<String, Start> first = new LinkedHashMap<>();
            Map<String, List<Start>> starts = new LinkedHashMap<>();
            String failure = null;
            try {
                for (String tool : tools) {
                    String db = server.createDatabase("spring_" + tool);
                    databases.put(tool, db);
                    System.out.printf(Locale.ROOT, "%s: first start, applying %d scripts ...%n", tool, scripts);
                    first.put(tool, start(server, db, tool, dir));
                    assertTables(server, db, scripts);
                    starts.put(tool, new ArrayList<>());
                }
                for (int run = 0; run < runs; run++) {
                    for (int i = 0; i < tools.size(); i++) {
                        String tool = tools.get((i + run) % tools.size());
                        Start s = start(server, databases.get(tool), tool, dir);
                        assertTables(server, databases.get(tool), scripts);
                        System.out.printf(Locale.ROOT, "%s: start %d/%d: process %.2f s, Boot started in %.2f s%n", tool,
                                run + 1, runs, s.process(), s.started());
                        starts.get(tool).add(s);
                    }
                }
            } catch (RuntimeException e) {
                e.printStackTrace(System.out);
                failure = BenchSupport.firstLine(e.toString());
            }
            String load = loadBefore + " before, " + loadAverage() + " after";
            String table = markdown(tools, scripts, runs, first, starts, failure, serverLine, load);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, failure != null);
        } finally {
            databases.values().forEach(server::dropDatabase);
            deleteTree(work);
        }
    }

    /** Starts {@link SpringStartApp} in a new JVM and waits for it to exit; fails with its output unless it started. */
    private static Start start(BenchServer server, String db, String tool, Path dir) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // Boot's "Started ... in" line is logged by the application class's logger.
                "-Dorg.slf4j.simpleLogger.log." + SpringStartApp.class.getName() + "=info",
                "-cp", classPath(), SpringStartApp.class.getName(), tool,
                "--spring.datasource.url=" + server.urlFor(db),
                "--spring.datasource.username=" + server.user,
                "--bench.locations=filesystem:" + dir.toAbsolutePath()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // The password goes through the environment (Boot's relaxed binding), never the command line.
        pb.environment().put("SPRING_DATASOURCE_PASSWORD", server.password);
        try {
            long t0 = System.nanoTime();
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(tool + ": the application did not exit within 10 minutes");
            }
            double whole = seconds(System.nanoTime() - t0);
            Matcher m = STARTED.matcher(output);
            if (process.exitValue() != 0 || !m.find()) {
                throw new IllegalStateException(tool + ": the application exited with " + process.exitValue()
                        + " without Boot's \"Started\" line:\n" + output.strip());
            }
            return new Start(whole, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        } catch (IOException e) {
            throw new IllegalStateException(tool + ": cannot start java: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the application started", e);
        }
    }

    /** This JVM's class path, and its module path when it runs on one (a test run). */
    private static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        return mp.isEmpty() ? cp : cp.isEmpty() ? mp : cp + File.pathSeparator + mp;
    }

    private static String markdown(List<String> tools, int scripts, int runs, Map<String, Start> first,
            Map<String, List<Start>> starts, String failure, String server, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Spring Boot start on PostgreSQL with %d applied scripts, fresh JVM per start,"
                + " median of %d starts%n%n", scripts, runs));
        sb.append("| integration | whole process (s) | range (s) | Boot \"Started … in\" (s) | range (s) | process running"
                + " for (s) | first start, applying all: process / Started in (s) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String tool : tools) {
            List<Start> list = starts.getOrDefault(tool, List.of());
            Start f = first.get(tool);
            String name = tool.equals("migrator") ? "migrator-spring-boot"
                    : "Flyway " + MigrateBenchmark.flywayVersion() + " (Boot's FlywayMigrationInitializer)";
            if (list.isEmpty()) {
                sb.append("| ").append(name).append(" | — | — | — | — | — | ")
                        .append(f == null ? "—" : String.format(Locale.ROOT, "%.2f / %.2f", f.process(), f.started()))
                        .append(" |\n");
                continue;
            }
            double[] process = list.stream().mapToDouble(Start::process).toArray();
            double[] started = list.stream().mapToDouble(Start::started).toArray();
            double[] running = list.stream().mapToDouble(Start::running).toArray();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %.2f | %s | %.2f | %.2f / %.2f |%n", name,
                    median(process), range(process), median(started), range(started), median(running), f.process(),
                    f.started()));
        }
        sb.append('\n');
        if (failure != null) {
            sb.append("- failed: ").append(failure).append('\n');
        }
        sb.append("- ").append(server).append('\n');
        sb.append("- ").append(Runtime.getRuntime().availableProcessors()).append(" processors, Java ")
                .append(System.getProperty("java.version")).append(", Spring Boot 3.5.7, load average ").append(load)
                .append('\n');
        return sb.toString();
    }

    private static String range(double[] values) {
        return String.format(Locale.ROOT, "%.2f–%.2f", Arrays.stream(values).min().orElse(0),
                Arrays.stream(values).max().orElse(0));
    }
}
