package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;
import static dev.migrator.examples.bench.BenchSupport.firstLine;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.millis;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.seconds;

import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an application start costs on an up-to-date database (issue 20): a no-op {@code migrate()} in a fresh JVM, the
 * whole process timed from here (process start to exit), beside the floor in the same run. Per backend (PostgreSQL,
 * MariaDB) it prepares a database with N generated scripts ({@link GeneratedScripts}) applied by migrator, and one with
 * the same scripts applied by Flyway, then runs each tool in N fresh JVMs, rotating the order each run:
 *
 * <ul>
 *   <li>{@code jvm}: an empty {@code main} ({@link StartupFloor} {@code --empty}): the JVM's own start and exit;
 *   <li>{@code floor}: {@link StartupFloor} — list and SHA-256-hash the same files, one {@code DriverManager}
 *       connection, read versions and checksums from migrator's history table; class path: that class and the driver;
 *   <li>{@code migrator}: {@link StartupMigrator} — the quick start's {@code build()}, {@code migrate()} (nothing
 *       applied, checked), {@code close()}; class path: migrator-api, -core, -jdbc and their dependencies,
 *       slf4j-simple, the driver;
 *   <li>{@code flyway}: {@link StartupFlyway} — Flyway's free edition, {@code migrate()} on its own database; class
 *       path: flyway-core, the database's Flyway module, slf4j-simple, the driver.
 * </ul>
 *
 * <p>Each child's class path is built here from exactly those jars, and holds its own main class alone (copied to a
 * folder of its own). Children run with no JVM options but {@code bench.jvmArgs}. Warm figures are measured in this
 * JVM afterwards and labelled warm: the same work called again after a first, untimed call.
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.runs} (fresh JVMs per tool, default 10; the table shows medians), {@code bench.scripts} (1000),
 * {@code bench.backends} ({@code postgres,mariadb}), {@code bench.tools} ({@code jvm,floor,migrator,flyway}),
 * {@code bench.warmRuns} (timed in-process calls per tool, default 10; 0 leaves the warm table out),
 * {@code bench.jvmArgs} (space-separated options for every child, e.g. {@code -XX:TieredStopAtLevel=1}),
 * {@code bench.compare} (a folder with another build's migrator-api, -core and -jdbc jars: adds a migrator row with
 * those, measured in the same run),
 * {@code bench.keep} ({@code true}: reuse and keep the prepared databases {@code mstartup_<backend>_<tool>_<scripts>},
 * since applying 1,000 scripts takes minutes), {@code bench.out} (default
 * {@code migrator-examples/target/startup-bench-results.md}).
 *
 * <p>Servers: {@code MIGRATOR_TEST_POSTGRES_URL} / {@code MIGRATOR_TEST_MYSQL_URL} (with optional {@code _USER} and
 * {@code _PASSWORD}), else the local services, as {@link BenchServer} finds them.
 */
public final class StartupBenchmark {

    static final List<String> TOOLS = List.of("jvm", "floor", "migrator", "flyway");
    private static final String HISTORY_QUERY = "SELECT version, checksum FROM migrator_history";
    private static final Pattern FLOOR_OUTPUT = Pattern.compile("files=(\\d+) rows=(\\d+)");
    private static final String QUIET = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchSupport.quietLogging();
        Result result = run(parseArgs(args, "--runs=10 --scripts=1000 --backends=postgres,mariadb"));
        BenchSupport.finish(result.out(), result.failed());
    }

    /**
     * One row of the fresh-JVM table: medians over runs of the whole child process.
     *
     * @param cpu the median CPU time of the child (user + system), or -1 where it cannot be read
     */
    record Row(String backend, String tool, int runs, double median, double min, double max, double cpu, String error) {}

    /** One row of the warm table, in milliseconds. */
    record WarmRow(String backend, String tool, String what, double median, double min, double max, String error) {}

    /** The Markdown, where it was written, both tables' rows, and whether any measurement failed. */
    record Result(String table, Path out, List<Row> rows, List<WarmRow> warm, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int runs = intOption(options, "runs", 10, 1, 1000);
        int scripts = intOption(options, "scripts", 1000, 1, 100_000);
        int warmRuns = intOption(options, "warmRuns", 10, 0, 10_000);
        List<String> backends = listOption(options, "backends", "postgres,mariadb", List.of("postgres", "mariadb"));
        List<String> tools = listOption(options, "tools", String.join(",", TOOLS), TOOLS);
        boolean keep = Boolean.parseBoolean(option(options, "keep", "false"));
        List<String> jvmArgs = Arrays.stream(option(options, "jvmArgs", "").split(" "))
                .filter(s -> !s.isBlank()).toList();
        Path out = Path.of(option(options, "out", defaultOut("startup-bench-results.md")));
        String compare = option(options, "compare", "");
        if (!compare.isBlank() && tools.contains("migrator")) {
            tools = new ArrayList<>(tools);
            tools.add(tools.indexOf("migrator") + 1, "migrator@" + Path.of(compare).toAbsolutePath());
        }

        Path work = Files.createTempDirectory("migrator-startup-bench-");
        try {
            Path dir = work.resolve("scripts");
            GeneratedScripts.generateScripts(dir, scripts);
            System.out.printf(Locale.ROOT, "Generated %d scripts in %s%n", scripts, dir);
            String loadBefore = loadAverage();
            List<Row> rows = new ArrayList<>();
            List<WarmRow> warm = new ArrayList<>();
            List<String> servers = new ArrayList<>();
            for (String backend : backends) {
                BenchServer server = backend.equals("postgres") ? BenchServer.postgres() : BenchServer.mariadb();
                servers.add(server.label + " " + server.version());
                Backend b = new Backend(server, dir, scripts, work, keep, jvmArgs);
                try {
                    b.prepare(tools);
                    rows.addAll(b.fresh(tools, runs));
                    if (warmRuns > 0) {
                        warm.addAll(b.warm(tools, warmRuns));
                    }
                } finally {
                    b.cleanUp();
                }
            }
            String load = loadBefore + " before, " + loadAverage() + " after";
            String table = markdown(rows, warm, scripts, runs, warmRuns, servers, load, jvmArgs);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            boolean failed = rows.stream().anyMatch(r -> r.error() != null)
                    || warm.stream().anyMatch(r -> r.error() != null);
            return new Result(table, out, rows, warm, failed);
        } finally {
            deleteTree(work);
        }
    }

    /** One backend: its prepared databases, the children's class paths, the runs. */
    private static final class Backend {
        private final BenchServer server;
        private final Path dir;
        private final int scripts;
        private final Path work;
        private final boolean keep;
        private final List<String> jvmArgs;
        private final List<String> created = new ArrayList<>();
        private String migratorDb;
        private String flywayDb;

        Backend(BenchServer server, Path dir, int scripts, Path work, boolean keep, List<String> jvmArgs) {
            this.server = server;
            this.dir = dir;
            this.scripts = scripts;
            this.work = work;
            this.keep = keep;
            this.jvmArgs = jvmArgs;
        }

        private boolean postgres() {
            return server.kind == BenchServer.Kind.POSTGRES;
        }

        /** Applies the scripts with migrator (the floor reads its history too) and, when measured, with Flyway. */
        void prepare(List<String> tools) {
            if (tools.contains("floor") || tools.contains("migrator")) {
                migratorDb = database("migrator");
                System.out.printf(Locale.ROOT, "%s: applying %d scripts with migrator to %s ...%n", server.label,
                        scripts, migratorDb);
                try (MigrationManager manager = MigrationManager.builder()
                        .connection("bench", server.urlFor(migratorDb), server.user, server.password)
                        .locations("filesystem:" + dir.toAbsolutePath())
                        .build()) {
                    // One transaction on PostgreSQL only to prepare faster; the no-op start is what is measured.
                    manager.migrate(MigrateOptions.builder().singleTransaction(postgres()).build());
                }
                GeneratedScripts.assertTables(server, migratorDb, scripts);
            }
            if (tools.contains("flyway")) {
                flywayDb = database("flyway");
                System.out.printf(Locale.ROOT, "%s: applying %d scripts with Flyway to %s ...%n", server.label, scripts,
                        flywayDb);
                StartupFlyway.migrate(server.urlFor(flywayDb), server.user, server.password, dir.toAbsolutePath().toString());
                GeneratedScripts.assertTables(server, flywayDb, scripts);
            }
        }

        /** A fresh database, or with {@code keep} the one of earlier runs (created when missing). */
        private String database(String tool) {
            if (!keep) {
                String db = server.createDatabase("startup_" + tool);
                created.add(db);
                return db;
            }
            String db = "mstartup_" + server.kind.name().toLowerCase(Locale.ROOT) + "_" + tool + "_" + scripts;
            try (Connection c = server.admin()) {
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement(postgres()
                        ? "SELECT 1 FROM pg_database WHERE datname = ?"
                        : "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        exists = rs.next();
                    }
                }
                if (!exists) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + db);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(server.label + ": cannot create database " + db + ": " + e.getMessage(), e);
            }
            return db;
        }

        void cleanUp() {
            created.forEach(server::dropDatabase);
        }

        /** Every tool in {@code runs} fresh JVMs, the order rotated each run. */
        List<Row> fresh(List<String> tools, int runs) {
            Map<String, List<String>> commands = new LinkedHashMap<>();
            for (String tool : tools) {
                commands.put(tool, command(tool));
            }
            List<String> order = new ArrayList<>(commands.keySet());
            Map<String, List<double[]>> samples = new LinkedHashMap<>();
            Map<String, String> errors = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < order.size(); i++) {
                    String tool = order.get((i + run) % order.size());
                    try {
                        double[] timed = child(commands.get(tool), tool);
                        samples.computeIfAbsent(tool, k -> new ArrayList<>()).add(timed);
                        System.out.printf(Locale.ROOT, "%s / %s, run %d of %d: %.3f s (CPU %s)%n", server.label, tool,
                                run + 1, runs, timed[0], timed[1] < 0 ? "?" : String.format(Locale.ROOT, "%.2f s", timed[1]));
                    } catch (RuntimeException e) {
                        String error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                        System.out.printf(Locale.ROOT, "%s / %s, run %d of %d: FAILED: %s%n", server.label, tool, run + 1,
                                runs, error);
                        errors.putIfAbsent(tool, error);
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            for (String tool : order) {
                List<double[]> list = samples.getOrDefault(tool, List.of());
                double[] wall = list.stream().mapToDouble(t -> t[0]).toArray();
                double[] cpu = list.stream().mapToDouble(t -> t[1]).toArray();
                boolean cpuKnown = cpu.length > 0 && Arrays.stream(cpu).allMatch(c -> c >= 0);
                rows.add(wall.length == 0
                        ? new Row(server.label, tool, 0, 0, 0, 0, -1, errors.get(tool))
                        : new Row(server.label, tool, wall.length, median(wall), Arrays.stream(wall).min().orElseThrow(),
                                Arrays.stream(wall).max().orElseThrow(), cpuKnown ? median(cpu) : -1, errors.get(tool)));
            }
            return rows;
        }

        /** The warm figures: each tool's work called in this JVM, once untimed, then {@code runs} times timed. */
        List<WarmRow> warm(List<String> tools, int runs) {
            List<WarmRow> rows = new ArrayList<>();
            String d = dir.toAbsolutePath().toString();
            if (tools.contains("floor")) {
                rows.add(warmRow("floor", "list + hash + connect + read history", runs, () -> {
                    long[] counts = StartupFloor.run(server.urlFor(migratorDb), server.user, server.password, dir,
                            HISTORY_QUERY);
                    expectFloor(counts[0], counts[1]);
                }));
            }
            if (tools.contains("migrator")) {
                rows.add(warmRow("migrator", "build() + migrate() + close()", runs, () ->
                        expectNothing(StartupMigrator.migrate(server.urlFor(migratorDb), server.user, server.password, d))));
                try (MigrationManager manager = MigrationManager.builder()
                        .connection("app", server.urlFor(migratorDb), server.user, server.password)
                        .locations("filesystem:" + d)
                        .build()) {
                    rows.add(warmRow("migrator", "migrate() on the same manager", runs, () -> {
                        MigrateResult result = manager.migrate();
                        expectNothing(result.applied().size());
                    }));
                }
            }
            if (tools.contains("flyway")) {
                rows.add(warmRow("flyway", "configure()...load() + migrate()", runs, () ->
                        expectNothing(StartupFlyway.migrate(server.urlFor(flywayDb), server.user, server.password, d))));
            }
            return rows;
        }

        private interface Work {
            void run() throws Exception;
        }

        private WarmRow warmRow(String tool, String what, int runs, Work work) {
            System.out.printf(Locale.ROOT, "%s / %s, warm: %s ...%n", server.label, tool, what);
            try {
                work.run(); // the first call: class loading, JIT, caches; not timed
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    work.run();
                    ms[i] = millis(System.nanoTime() - t);
                }
                return new WarmRow(server.label, tool, what, median(ms), Arrays.stream(ms).min().orElseThrow(),
                        Arrays.stream(ms).max().orElseThrow(), null);
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                System.out.println("  FAILED: " + error);
                return new WarmRow(server.label, tool, what, 0, 0, 0, error);
            }
        }

        private void expectFloor(long files, long rows) {
            if (files != scripts || rows != scripts) {
                throw new IllegalStateException("the floor hashed " + files + " files and read " + rows
                        + " history rows; expected " + scripts + " of each");
            }
        }

        private static void expectNothing(int applied) {
            if (applied != 0) {
                throw new IllegalStateException("a no-op start applied " + applied + " scripts");
            }
        }

        /** The child's command line: {@code java}, the extra options, its own class path, its main and arguments. */
        private List<String> command(String tool) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            String d = dir.toAbsolutePath().toString();
            String driver = postgres() ? jarOf("org.postgresql.Driver") : jarOf("com.mysql.cj.jdbc.Driver");
            switch (tool) {
                case "jvm" -> {
                    command.addAll(List.of("-cp", mainFolder(StartupFloor.class).toString(),
                            StartupFloor.class.getName(), "--empty"));
                }
                case "floor" -> {
                    command.addAll(List.of("-cp", classPath(mainFolder(StartupFloor.class).toString(), driver),
                            StartupFloor.class.getName(), server.urlFor(migratorDb), server.user, d, HISTORY_QUERY));
                }
                case "migrator" -> {
                    command.addAll(migratorArguments(null, driver, d));
                }
                default -> {
                    if (tool.startsWith("migrator@")) {
                        command.addAll(migratorArguments(Path.of(tool.substring("migrator@".length())), driver, d));
                        return command;
                    }
                    List<String> entries = new ArrayList<>();
                    entries.add(mainFolder(StartupFlyway.class).toString());
                    entries.add(jarOf("org.flywaydb.core.Flyway"));
                    if (postgres()) {
                        entries.add(jarOf("org.flywaydb.database.postgresql.PostgreSQLDatabaseType"));
                        entries.add(jarOf("org.flywaydb.database.cockroachdb.CockroachDBSchema"));
                    } else {
                        entries.add(jarOf("org.flywaydb.database.mysql.MySQLDatabaseType"));
                    }
                    entries.add(jarOf("org.slf4j.Logger"));
                    entries.add(jarOf("org.slf4j.simple.SimpleLogger"));
                    entries.add(driver);
                    command.addAll(List.of("-cp", classPath(entries.toArray(String[]::new)), QUIET,
                            StartupFlyway.class.getName(), server.urlFor(flywayDb), server.user, d));
                }
            }
            return command;
        }

        /**
         * The migrator child's class path, options, main and arguments; with {@code compare}, the migrator-api, -core
         * and -jdbc jars come from that folder instead (another build, measured in the same run).
         */
        private List<String> migratorArguments(Path compare, String driver, String d) {
            List<String> entries = new ArrayList<>();
            entries.add(mainFolder(StartupMigrator.class).toString());
            for (String marker : List.of(
                    "dev.migrator.api.MigrationManager",
                    "dev.migrator.core.CoreEngineProvider",
                    "dev.migrator.jdbc.JdbcBackendProvider",
                    "org.slf4j.Logger",
                    "org.slf4j.simple.SimpleLogger",
                    "com.zaxxer.hikari.HikariDataSource",
                    "com.fasterxml.jackson.core.JsonFactory",
                    "com.fasterxml.jackson.databind.ObjectMapper",
                    "com.fasterxml.jackson.annotation.JsonProperty",
                    "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
                    "org.yaml.snakeyaml.Yaml",
                    "com.networknt.schema.AbsoluteIri",
                    "com.ethlo.time.DateTime")) {
                entries.add(compare != null && marker.startsWith("dev.migrator.")
                        ? compareJar(compare, "migrator-" + marker.split("\\.")[2])
                        : jarOf(marker));
            }
            entries.add(driver);
            return List.of("-cp", classPath(entries.toArray(String[]::new)), QUIET,
                    StartupMigrator.class.getName(), server.urlFor(migratorDb), server.user, d);
        }

        /** The jar of an artifact ({@code migrator-core}) in the folder {@code compare}, or a failure. */
        private static String compareJar(Path compare, String artifact) {
            try (var files = Files.list(compare)) {
                return files.filter(f -> f.getFileName().toString().startsWith(artifact + "-")
                                && f.getFileName().toString().endsWith(".jar"))
                        .map(Path::toString).findFirst().orElseThrow(() -> new IllegalStateException(
                                "bench.compare folder " + compare + " holds no " + artifact + " jar"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A folder holding {@code main}'s class file alone, so that a child's class path has no other class of ours. */
        private Path mainFolder(Class<?> main) {
            Path folder = work.resolve("main-" + main.getSimpleName());
            Path file = folder.resolve(main.getName().replace('.', '/') + ".class");
            if (!Files.exists(file)) {
                try (InputStream in = main.getResourceAsStream(main.getSimpleName() + ".class")) {
                    if (in == null) {
                        throw new IllegalStateException("cannot read the class file of " + main.getName());
                    }
                    Files.createDirectories(file.getParent());
                    Files.write(file, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return folder;
        }

        /**
         * Runs one child to its end: its wall time from process start to exit, and its CPU time (user + system, from this
         * process's children counters), or -1. Fails when it exits with an error or its output is not what the tool
         * prints on success.
         */
        private double[] child(List<String> command, String tool) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put(MigrateInFreshJvm.PASSWORD_VARIABLE, server.password);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            try {
                long cpu0 = childrenCpuTicks();
                long start = System.nanoTime();
                Process process = pb.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not finish within 10 minutes");
                }
                double wall = seconds(System.nanoTime() - start);
                long cpu1 = childrenCpuTicks();
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(tool + " exited with " + process.exitValue() + ": " + output.strip());
                }
                checkOutput(tool, output);
                return new double[] {wall, cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 100.0};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + tool + " ran", e);
            }
        }

        private void checkOutput(String tool, String output) {
            switch (tool) {
                case "jvm" -> { }
                case "floor" -> {
                    Matcher m = FLOOR_OUTPUT.matcher(output);
                    if (!m.find()) {
                        throw new IllegalStateException("the floor printed no files=... rows=...: " + output.strip());
                    }
                    expectFloor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                }
                case "migrator" -> {
                    if (!output.contains("applied=0")) {
                        throw new IllegalStateException("migrator did not report applied=0: " + output.strip());
                    }
                }
                default -> {
                    if (tool.startsWith("migrator@")) {
                        if (!output.contains("applied=0")) {
                            throw new IllegalStateException("migrator did not report applied=0: " + output.strip());
                        }
                        return;
                    }
                    if (!output.contains("executed=0")) {
                        throw new IllegalStateException("Flyway did not report executed=0: " + output.strip());
                    }
                }
            }
        }
    }

    /** The jar (or folder) a class is loaded from in this JVM. */
    static String jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, StartupBenchmark.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on this JVM's class path; the child needs it", e);
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where " + className + " is loaded from: " + e.getMessage(), e);
        }
    }

    private static String classPath(String... entries) {
        return String.join(File.pathSeparator, new LinkedHashSet<>(List.of(entries)));
    }

    /**
     * The user + system CPU time of this process's waited-for children, in clock ticks (1/100 s on Linux), from
     * {@code /proc/self/stat}; -1 elsewhere.
     */
    private static long childrenCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3; cutime and cstime are fields 16 and 17.
            return Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String markdown(List<Row> rows, List<WarmRow> warm, int scripts, int runs, int warmRuns, List<String> servers,
            String load, List<String> jvmArgs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| backend | tool | fresh JVM, whole process: median (s) | range (s) | x floor | child CPU, median (s) |\n");
        sb.append("|---|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            if (r.runs() == 0) {
                sb.append("| ").append(r.backend()).append(" | ").append(label(r.tool())).append(" | failed: ")
                        .append(String.valueOf(r.error()).replace('|', '/')).append(" | | | |\n");
                continue;
            }
            Double floor = rows.stream()
                    .filter(f -> f.backend().equals(r.backend()) && f.tool().equals("floor") && f.runs() > 0)
                    .map(Row::median).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f–%.3f | %s | %s |%s%n", r.backend(),
                    label(r.tool()), r.median(), r.min(), r.max(),
                    floor == null ? "—" : String.format(Locale.ROOT, "%.2f", r.median() / floor),
                    r.cpu() < 0 ? "—" : String.format(Locale.ROOT, "%.2f", r.cpu()),
                    r.error() == null ? "" : " (some runs failed: " + r.error().replace('|', '/') + ")"));
        }
        if (!warm.isEmpty()) {
            sb.append('\n');
            sb.append("| backend | tool | warm, in one JVM after a first call: what is timed | median (ms) | range (ms) | x floor, warm |\n");
            sb.append("|---|---|---|---:|---:|---:|\n");
            for (WarmRow r : warm) {
                if (r.error() != null) {
                    sb.append("| ").append(r.backend()).append(" | ").append(label(r.tool())).append(" | ").append(r.what())
                            .append(" | failed: ").append(r.error().replace('|', '/')).append(" | | |\n");
                    continue;
                }
                Double floor = warm.stream()
                        .filter(f -> f.backend().equals(r.backend()) && f.tool().equals("floor") && f.error() == null)
                        .map(WarmRow::median).findFirst().orElse(null);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f–%.1f | %s |%n", r.backend(),
                        label(r.tool()), r.what(), r.median(), r.min(), r.max(),
                        floor == null ? "—" : String.format(Locale.ROOT, "%.2f", r.median() / floor)));
            }
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "A no-op start on a database with %d applied scripts (one CREATE TABLE and one CREATE INDEX each): %d fresh "
                        + "JVMs per tool, order rotated each run, timed from process start to exit (range = fastest–slowest; "
                        + "x floor = median over the floor's median; child CPU = user + system). Warm: %d timed calls "
                        + "in the benchmark's JVM after one untimed call. Child JVM options: %s. Measured %s, Java %s, "
                        + "%d cores, load average %s. %s.%n",
                scripts, runs, warmRuns, jvmArgs.isEmpty() ? "none" : "`" + String.join(" ", jvmArgs) + "`",
                LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load,
                String.join("; ", servers)));
        return sb.toString();
    }

    private static String label(String tool) {
        if (tool.startsWith("migrator@")) {
            return "migrator, jars of " + Path.of(tool.substring("migrator@".length())).getFileName();
        }
        return switch (tool) {
            case "jvm" -> "JVM alone (empty main)";
            case "floor" -> "floor (list + SHA-256 + one JDBC connection + history query)";
            case "migrator" -> "migrator";
            default -> "Flyway " + flywayVersion();
        };
    }

    private static String flywayVersion() {
        String version = org.flywaydb.core.Flyway.class.getPackage().getImplementationVersion();
        if (version == null) {
            try (InputStream in = org.flywaydb.core.Flyway.class.getResourceAsStream(
                    "/META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    version = p.getProperty("version");
                }
            } catch (IOException e) {
                // fall through: the version is only a label
            }
        }
        return version == null ? "(version unknown)" : version;
    }
}
