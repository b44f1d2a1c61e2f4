package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.GeneratedScripts.generateScripts;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import dev.migrator.examples.bench.BenchResults.Row;
import dev.migrator.examples.bench.BenchResults.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Many tenants: the same N generated scripts ({@link GeneratedScripts}: one {@code CREATE TABLE} and one
 * {@code CREATE INDEX} each) applied to S tenant schemas (PostgreSQL schemas of one database; MariaDB databases), then
 * applied again on the up-to-date tenants (the no-op every application start pays). Per backend:
 *
 * <ul>
 *   <li>{@code migrator}: one manager, {@code schema().migrateAll(targets, P, false)} over {@code Target.of("bench",
 *       tenant)}, its connection's pool sized to P ({@code ConnectionConfig.withPool(0, P)}: each running target holds one
 *       pooled connection, and the manager warns and runs fewer targets at once with a smaller pool);
 *   <li>{@code flyway}: the loop a Flyway user writes, one {@code Flyway.configure().dataSource(...).schemas(tenant)
 *       .locations(...).load().migrate()} per tenant, one after the other;
 *   <li>{@code flyway-threads}: the same per-tenant Flyway calls on P threads of the caller's own (Flyway has no
 *       multi-tenant call; this is what a user would have to write to run tenants at once).
 * </ul>
 *
 * <p>Each timed run is what an application start does, whole: migrator builds a manager, calls {@code migrateAll} and
 * closes it; Flyway configures and loads one instance per tenant. Tenants are created (empty) before the clock starts,
 * so no tool is timed creating them. After each run every tenant is checked: all N tables, and a history of exactly N
 * successful rows; the tools' own results must say N scripts applied per tenant cold and none on the re-run.
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.schemas} (200), {@code bench.scripts} (20), {@code bench.parallelism} (8), {@code bench.backends}
 * ({@code postgres,mariadb}), {@code bench.tools} ({@code migrator,flyway,flyway-threads}), {@code bench.rounds} (1;
 * the table shows medians, the tool order rotates each round), {@code bench.warmup} (4: tenants each tool first migrates,
 * untimed, so that class loading and JIT are not what is timed; 0 for a cold JVM), {@code bench.out} (the Markdown file written, by
 * default {@code migrator-examples/target/tenants-bench-results.md}). Servers as {@link MigrateBenchmark}: every round
 * of every tool gets tenants of its own, created here and dropped at the end.
 */
public final class TenantsBenchmark {

    private static final List<String> TOOLS = List.of("migrator", "flyway", "flyway-threads");

    private TenantsBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchSupport.quietLogging();
        Result result = run(parseArgs(args, "--schemas=200 --scripts=20 --parallelism=8"));
        BenchSupport.finish(result.out(), result.failed());
    }

    /** The Markdown table, where it was written, and whether any measurement failed or was wrong. */
    record Result(String table, Path out, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int schemas = intOption(options, "schemas", 200, 1, 5_000);
        int scripts = intOption(options, "scripts", 20, 1, 10_000);
        int parallelism = intOption(options, "parallelism", 8, 1, 256);
        int rounds = intOption(options, "rounds", 1, 1, 100);
        int warmup = intOption(options, "warmup", 4, 0, 1_000);
        List<String> backends = listOption(options, "backends", "postgres,mariadb", List.of("postgres", "mariadb"));
        List<String> tools = listOption(options, "tools", String.join(",", TOOLS), TOOLS);
        Path out = Path.of(option(options, "out", defaultOut("tenants-bench-results.md")));

        Path work = Files.createTempDirectory("migrator-tenants-");
        try {
            Path dir = work.resolve("scripts");
            generateScripts(dir, scripts);
            System.out.printf(Locale.ROOT, "Generated %d scripts in %s; %d tenants, parallelism %d%n", scripts, dir,
                    schemas, parallelism);
            List<Row> rows = new ArrayList<>();
            List<String> servers = new ArrayList<>();
            String loadBefore = loadAverage();
            for (String backend : backends) {
                BenchServer server = backend.equals("postgres") ? BenchServer.postgres() : BenchServer.mariadb();
                servers.add(server.label + ": " + server.version() + " at " + server.host + ":" + server.port);
                Bench bench = new Bench(server, dir, schemas, scripts, parallelism, warmup);
                List<String> order = TOOLS.stream().filter(tools::contains).toList();
                for (List<Sample> samples : BenchResults.rounds(server.label + " ", order, rounds, bench::run,
                        s -> System.out.printf(Locale.ROOT, "  %s / %s: %.2f s%s%n", s.tool, s.operation, s.seconds,
                                s.verdict()))) {
                    rows.add(Row.aggregate(samples, schemas, 0));
                }
            }
            String load = loadBefore + " before, " + loadAverage() + " after";
            String table = markdown(rows, schemas, scripts, parallelism, rounds, servers, load);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, rows.stream().anyMatch(r -> !r.correct));
        } finally {
            deleteTree(work);
        }
    }

    /** The label a tool's rows carry. */
    static String label(String tool, int parallelism) {
        return switch (tool) {
            case "migrator" -> "migrator, migrateAll, parallelism " + parallelism;
            case "flyway" -> "Flyway " + MigrateBenchmark.flywayVersion() + ", one per tenant, sequential";
            default -> "Flyway " + MigrateBenchmark.flywayVersion() + ", one per tenant, " + parallelism + " caller threads";
        };
    }

    private static String markdown(List<Row> rows, int schemas, int scripts, int parallelism, int rounds,
            List<String> servers, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d tenants x %d scripts (one CREATE TABLE and one CREATE INDEX each), "
                + "parallelism %d, median of %d round(s)%n%n", schemas, scripts, parallelism, rounds));
        sb.append("| backend | tool | operation | time (s) | range (s) | tenants/s | Flyway loop / this | correct |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            Row flyway = rows.stream()
                    .filter(f -> f.backend.equals(r.backend) && f.operation.equals(r.operation)
                            && f.tool.equals(label("flyway", parallelism)))
                    .findFirst().orElse(null);
            String ratio = flyway == null || flyway.seconds <= 0 || r.seconds <= 0 || !flyway.correct
                    ? "—" : String.format(Locale.ROOT, "%.1fx", flyway.seconds / r.seconds);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f–%.2f | %.1f | %s | %s |%n", r.backend,
                    r.tool, r.operation, r.seconds, r.min, r.max, r.rowsPerSecond(), ratio,
                    r.correct ? "yes" : "NO: " + r.error));
        }
        sb.append('\n');
        servers.forEach(s -> sb.append("- ").append(s).append('\n'));
        sb.append("- ").append(Runtime.getRuntime().availableProcessors()).append(" processors, Java ")
                .append(System.getProperty("java.version")).append(", load average ").append(load).append('\n');
        return sb.toString();
    }

    private static final class Bench {
        private final BenchServer server;
        private final Path dir;
        private final int schemas;
        private final int scripts;
        private final int parallelism;
        private final int warmup;

        Bench(BenchServer server, Path dir, int schemas, int scripts, int parallelism, int warmup) {
            this.server = server;
            this.dir = dir;
            this.schemas = schemas;
            this.scripts = scripts;
            this.parallelism = parallelism;
            this.warmup = warmup;
        }

        /** One round of one tool: the cold run over fresh tenants, then the no-op run on them. */
        List<Sample> run(String tool, int round) {
            String label = label(tool, parallelism);
            String history = tool.equals("migrator") ? "migrator_history" : "flyway_schema_history";
            if (round == 0 && warmup > 0) {
                // Untimed, on throw-away tenants: class loading and the first JIT are not what is measured.
                BenchTenants warm = BenchTenants.create(server, warmup);
                try {
                    body(tool, warm).accept(scripts);
                    body(tool, warm).accept(0);
                } catch (RuntimeException e) {
                    return List.of(Sample.failed(server.label, label, "cold", e));
                } finally {
                    warm.drop(server);
                }
            }
            BenchTenants tenants;
            try {
                tenants = BenchTenants.create(server, schemas);
            } catch (RuntimeException e) {
                return List.of(Sample.failed(server.label, label, "cold", e));
            }
            try {
                IntConsumer body = body(tool, tenants);
                List<Sample> samples = new ArrayList<>();
                for (String operation : List.of("cold", "no-op")) {
                    int applied = operation.equals("cold") ? scripts : 0;
                    try {
                        Sample sample = new Sample(server.label, label, operation).timed(() -> {
                            body.accept(applied);
                            return null;
                        });
                        samples.add(sample.check(tenants.check(server, history, scripts)));
                    } catch (RuntimeException e) {
                        samples.add(Sample.failed(server.label, label, operation, e));
                        break;
                    }
                }
                return samples;
            } finally {
                tenants.drop(server);
            }
        }

        /** A tool's run over {@code tenants}; its argument is how many scripts each tenant must get (all cold, none again). */
        private IntConsumer body(String tool, BenchTenants tenants) {
            return switch (tool) {
                case "migrator" -> applied -> migrator(tenants, applied);
                case "flyway" -> applied -> flywayLoop(tenants, 1, applied);
                default -> applied -> flywayLoop(tenants, parallelism, applied);
            };
        }

        /**
         * What an application serving many tenants does at start: build a manager, {@code migrateAll} over every tenant,
         * close it. Fails unless every tenant got {@code applied} scripts.
         */
        private void migrator(BenchTenants tenants, int applied) {
            ConnectionConfig connection = ConnectionConfig.of("bench", tenants.url(server), server.user, server.password)
                    .withPool(0, parallelism);
            List<Target> targets = tenants.names().stream().map(s -> Target.of("bench", s)).toList();
            try (MigrationManager manager = MigrationManager.builder()
                    .connection(connection)
                    .locations("filesystem:" + dir.toAbsolutePath())
                    .build()) {
                MultiTargetResult result = manager.schema().migrateAll(targets, parallelism, false);
                for (TargetOutcome o : result.outcomes()) {
                    if (!(o instanceof TargetOutcome.Migrated m)) {
                        throw new IllegalStateException("migrateAll: " + o);
                    }
                    if (m.result().applied().size() != applied) {
                        throw new IllegalStateException("migrateAll applied " + m.result().applied().size()
                                + " scripts to " + o.target() + "; expected " + applied);
                    }
                }
                if (result.outcomes().size() != targets.size()) {
                    throw new IllegalStateException("migrateAll reported " + result.outcomes().size() + " targets; expected "
                            + targets.size());
                }
            }
        }

        /** The loop a Flyway user writes: a new Flyway per tenant, on {@code threads} threads (1: in this one). */
        private void flywayLoop(BenchTenants tenants, int threads, int applied) {
            if (threads == 1) {
                for (String tenant : tenants.names()) {
                    flyway(tenants, tenant, applied);
                }
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (String tenant : tenants.names()) {
                    futures.add(pool.submit(() -> flyway(tenants, tenant, applied)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Flyway failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private void flyway(BenchTenants tenants, String tenant, int applied) {
            int executed = org.flywaydb.core.Flyway.configure()
                    .dataSource(tenants.flywayUrl(server, tenant), server.user, server.password)
                    .schemas(tenant)
                    .locations("filesystem:" + dir.toAbsolutePath())
                    .load()
                    .migrate()
                    .migrationsExecuted;
            if (executed != applied) {
                throw new IllegalStateException("Flyway applied " + executed + " scripts to " + tenant + "; expected "
                        + applied);
            }
        }
    }
}
