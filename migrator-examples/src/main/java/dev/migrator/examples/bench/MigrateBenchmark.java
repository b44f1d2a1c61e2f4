package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.GeneratedScripts.assertTables;
import static dev.migrator.examples.bench.GeneratedScripts.generateScripts;
import static dev.migrator.examples.bench.GeneratedScripts.writeFloorFile;
import static dev.migrator.examples.bench.MigrateTable.markdown;
import dev.migrator.examples.bench.MigrateTable.Row;

import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.seconds;
import static dev.migrator.examples.bench.BenchSupport.millis;
import static dev.migrator.examples.bench.BenchSupport.firstLine;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;

import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Applies N generated scripts (one {@code CREATE TABLE} and one {@code CREATE INDEX} each) to freshly created
 * databases and measures, per backend:
 *
 * <ul>
 *   <li>{@code floor}: the same statements with the same transaction boundaries sent by {@code psql} / {@code mariadb}
 *       (PostgreSQL: one {@code BEGIN; ... COMMIT;} per script in one {@code psql -f} file; MariaDB: the statements,
 *       since DDL commits by itself);
 *   <li>{@code migrator}: a cold {@code migrate()} of all scripts from a {@code filesystem:} location, then no-op
 *       {@code migrate()} calls on the up-to-date database (warm, same manager; and a fresh manager's first call);
 *   <li>{@code migrator-single-tx}: PostgreSQL only, all pending scripts in one transaction;
 *   <li>{@code flyway}: Flyway's free edition on the same files, cold and no-op.
 * </ul>
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.scripts} (default 1000), {@code bench.backends} ({@code postgres,mariadb}), {@code bench.tools}
 * ({@code floor,migrator,migrator-single-tx,flyway}), {@code bench.rounds} (3; the table shows medians, the tool order
 * rotates each round), {@code bench.noopRuns} (20), {@code bench.warmup} (scripts each
 * tool applies to a throw-away database before it is measured, so that class loading and JIT are not what is timed;
 * default 20, 0 to measure a truly cold JVM), {@code bench.out} (the Markdown file written).
 *
 * <p>Servers: {@code MIGRATOR_TEST_POSTGRES_URL} / {@code MIGRATOR_TEST_MYSQL_URL} (with optional {@code _USER} and
 * {@code _PASSWORD}), else the local services at 127.0.0.1:5432 ({@code postgres}) and 127.0.0.1:3306 ({@code root},
 * empty password). Every measured run gets its own database, created here and dropped at the end.
 */
public final class MigrateBenchmark {

    private MigrateBenchmark() {}

    public static void main(String[] args) throws Exception {
        // Both tools log each applied script at INFO; the console would be what is measured. Set before any logger.
        BenchSupport.quietLogging();
        Result result = run(parseArgs(args, "--scripts=1000 --backends=postgres,mariadb"));
        BenchSupport.finish(result.out(), result.failed());
    }

    /** The Markdown table, where it was written, and whether any measurement failed. */
    record Result(String table, Path out, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int scripts = intOption(options, "scripts", 1000, 1, 100_000);
        int noopRuns = intOption(options, "noopRuns", 20, 1, 10_000);
        int warmup = intOption(options, "warmup", 20, 0, 10_000);
        int rounds = intOption(options, "rounds", 3, 1, 100);
        List<String> backends = listOption(options, "backends", "postgres,mariadb", List.of("postgres", "mariadb"));
        List<String> tools = listOption(
                options, "tools", "floor,migrator,migrator-single-tx,flyway",
                List.of("floor", "migrator", "migrator-single-tx", "flyway"));
        Path out = Path.of(option(options, "out", defaultOut("bench-results.md")));

        Path work = Files.createTempDirectory("migrator-bench-");
        try {
            Path dir = work.resolve("scripts");
            generateScripts(dir, scripts);
            Path warmDir = work.resolve("warmup");
            generateScripts(warmDir, Math.max(warmup, 1));
            System.out.printf(Locale.ROOT, "Generated %d scripts in %s%n", scripts, dir);

            List<Row> rows = new ArrayList<>();
            List<String> servers = new ArrayList<>();
            String loadBefore = loadAverage();
            for (String backend : backends) {
                BenchServer server = backend.equals("postgres") ? BenchServer.postgres() : BenchServer.mariadb();
                servers.add(server.label + ": " + server.version() + " at " + server.host + ":" + server.port);
                Bench bench = new Bench(server, dir, warmDir, scripts, noopRuns, warmup, work);
                rows.addAll(bench.run(tools, rounds));
            }
            // Other work on the machine shows up in every figure; say how busy it was.
            String load = loadBefore + " before, " + loadAverage() + " after";
            String table = markdown(rows, scripts, rounds, noopRuns, warmup, servers, load);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, rows.stream().anyMatch(r -> r.error != null));
        } finally {
            deleteTree(work);
        }
    }

    // ---------------------------------------------------------------- one backend

    private static final class Bench {
        private final BenchServer server;
        private final Path dir;
        private final Path warmDir;
        private final int scripts;
        private final int noopRuns;
        private final int warmup;
        private final Path work;

        Bench(BenchServer server, Path dir, Path warmDir, int scripts, int noopRuns, int warmup, Path work) {
            this.server = server;
            this.dir = dir;
            this.warmDir = warmDir;
            this.scripts = scripts;
            this.noopRuns = noopRuns;
            this.warmup = warmup;
            this.work = work;
        }

        List<Row> run(List<String> tools, int rounds) {
            List<String> order = new ArrayList<>();
            for (String tool : List.of("floor", "migrator", "migrator-single-tx", "flyway")) {
                if (tools.contains(tool) && (!tool.equals("migrator-single-tx") || server.kind == BenchServer.Kind.POSTGRES)) {
                    order.add(tool);
                }
            }
            Map<String, List<Row>> samples = new LinkedHashMap<>();
            order.forEach(t -> samples.put(t, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                // Rotate the order each round so that no tool always runs right after another's load.
                for (int i = 0; i < order.size(); i++) {
                    String tool = order.get((i + round) % order.size());
                    boolean warm = round == 0 && warmup > 0;
                    samples.get(tool).add(measure(label(tool), round, rounds, () -> switch (tool) {
                        case "floor" -> floor(warm);
                        case "migrator" -> migrator(false, warm);
                        case "migrator-single-tx" -> migrator(true, warm);
                        default -> flyway(warm);
                    }));
                }
            }
            List<Row> rows = new ArrayList<>();
            samples.forEach((tool, list) -> rows.add(Row.aggregate(server.label, label(tool), list)));
            Double floor = samples.containsKey("floor") ? rows.get(0).coldSeconds : null;
            for (Row row : rows) {
                row.floorSeconds = row.error == null && rows.get(0).error == null ? floor : null;
            }
            return rows;
        }

        private String label(String tool) {
            return switch (tool) {
                case "floor" -> "floor (" + server.cli + ")";
                case "migrator" -> "migrator";
                case "migrator-single-tx" -> "migrator, singleTransaction";
                default -> "Flyway " + flywayVersion();
            };
        }

        private Row measure(String tool, int round, int rounds, Supplier<Row> body) {
            System.out.printf(Locale.ROOT, "%s / %s: %d scripts, round %d of %d ...%n", server.label, tool, scripts,
                    round + 1, rounds);
            Row row;
            try {
                row = body.get();
            } catch (RuntimeException | LinkageError e) {
                row = new Row();
                row.error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                System.out.println("  FAILED: " + row.error);
            }
            if (row.error == null) {
                System.out.printf(
                        Locale.ROOT, "  cold %.2f s%s%n", row.coldSeconds,
                        row.noopMedianMs == null ? "" : String.format(Locale.ROOT,
                                ", no-op median %.1f ms, p95 %.1f ms, fresh instance %.1f ms",
                                row.noopMedianMs, row.noopP95Ms, row.noopFirstMs));
            }
            return row;
        }

        // The same statements, the same transaction boundaries, sent by the database's own command-line client.
        private Row floor(boolean warm) {
            if (!server.cliAvailable()) {
                throw new IllegalStateException(server.cli + " is not on the PATH; install the client to measure the floor");
            }
            Path file = work.resolve("floor-" + server.kind.name().toLowerCase(Locale.ROOT) + ".sql");
            writeFloorFile(dir, file, server.kind == BenchServer.Kind.POSTGRES);
            if (warm) {
                Path warmFile = work.resolve("floor-warmup.sql");
                writeFloorFile(warmDir, warmFile, server.kind == BenchServer.Kind.POSTGRES);
                String db = server.createDatabase("floor_warm");
                try {
                    server.runCli(db, warmFile);
                } finally {
                    server.dropDatabase(db);
                }
            }
            String db = server.createDatabase("floor");
            try {
                long start = System.nanoTime();
                server.runCli(db, file);
                Row row = new Row();
                row.coldSeconds = seconds(System.nanoTime() - start);
                assertTables(server, db, scripts);
                return row;
            } finally {
                server.dropDatabase(db);
            }
        }

        private Row migrator(boolean singleTransaction, boolean warm) {
            MigrateOptions options = MigrateOptions.builder().singleTransaction(singleTransaction).build();
            if (warm) {
                String db = server.createDatabase("migrator_warm");
                try (MigrationManager manager = manager(db, warmDir)) {
                    manager.migrate(options);
                    manager.migrate(options);
                } finally {
                    server.dropDatabase(db);
                }
            }
            String db = server.createDatabase(singleTransaction ? "migrator_1tx" : "migrator");
            try {
                Row row = new Row();
                try (MigrationManager manager = manager(db, dir)) {
                    long start = System.nanoTime();
                    MigrateResult result = manager.migrate(options);
                    row.coldSeconds = seconds(System.nanoTime() - start);
                    if (result.applied().size() != scripts) {
                        throw new IllegalStateException("migrator applied " + result.applied().size()
                                + " scripts; expected " + scripts);
                    }
                    assertTables(server, db, scripts);
                    long[] noop = new long[noopRuns];
                    for (int i = 0; i < noopRuns; i++) {
                        long t = System.nanoTime();
                        MigrateResult again = manager.migrate(options);
                        noop[i] = System.nanoTime() - t;
                        if (!again.applied().isEmpty()) {
                            throw new IllegalStateException("a no-op migrate() applied " + again.applied().size()
                                    + " scripts");
                        }
                    }
                    row.setNoop(noop);
                }
                // What an application start pays: build a manager and call migrate() on an up-to-date database.
                long t = System.nanoTime();
                try (MigrationManager fresh = manager(db, dir)) {
                    MigrateResult again = fresh.migrate(options);
                    row.noopFirstMs = millis(System.nanoTime() - t);
                    if (!again.applied().isEmpty()) {
                        throw new IllegalStateException("a fresh manager's migrate() applied " + again.applied().size()
                                + " scripts on an up-to-date database");
                    }
                }
                return row;
            } finally {
                server.dropDatabase(db);
            }
        }

        private MigrationManager manager(String db, Path scriptsDir) {
            return MigrationManager.builder()
                    .connection("bench", server.urlFor(db), server.user, server.password)
                    .locations("filesystem:" + scriptsDir.toAbsolutePath())
                    .build();
        }

        private Row flyway(boolean warm) {
            if (warm) {
                String db = server.createDatabase("flyway_warm");
                try {
                    flyway(db, warmDir).migrate();
                    flyway(db, warmDir).migrate();
                } finally {
                    server.dropDatabase(db);
                }
            }
            String db = server.createDatabase("flyway");
            try {
                Row row = new Row();
                org.flywaydb.core.Flyway flyway = flyway(db, dir);
                long start = System.nanoTime();
                org.flywaydb.core.api.output.MigrateResult result = flyway.migrate();
                row.coldSeconds = seconds(System.nanoTime() - start);
                if (result.migrationsExecuted != scripts) {
                    throw new IllegalStateException("Flyway applied " + result.migrationsExecuted
                            + " scripts; expected " + scripts);
                }
                assertTables(server, db, scripts);
                long[] noop = new long[noopRuns];
                for (int i = 0; i < noopRuns; i++) {
                    long t = System.nanoTime();
                    int executed = flyway.migrate().migrationsExecuted;
                    noop[i] = System.nanoTime() - t;
                    if (executed != 0) {
                        throw new IllegalStateException("a no-op Flyway migrate() applied " + executed + " scripts");
                    }
                }
                row.setNoop(noop);
                long t = System.nanoTime();
                int executed = flyway(db, dir).migrate().migrationsExecuted;
                row.noopFirstMs = millis(System.nanoTime() - t);
                if (executed != 0) {
                    throw new IllegalStateException("a fresh Flyway's migrate() applied " + executed + " scripts");
                }
                return row;
            } finally {
                server.dropDatabase(db);
            }
        }

        private org.flywaydb.core.Flyway flyway(String db, Path scriptsDir) {
            return org.flywaydb.core.Flyway.configure()
                    .dataSource(server.urlFor(db), server.user, server.password)
                    .locations("filesystem:" + scriptsDir.toAbsolutePath())
                    .load();
        }
    }

    static String flywayVersion() {
        String version = org.flywaydb.core.Flyway.class.getPackage().getImplementationVersion();
        if (version == null) {
            try (var in = org.flywaydb.core.Flyway.class.getResourceAsStream(
                    "/META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
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
