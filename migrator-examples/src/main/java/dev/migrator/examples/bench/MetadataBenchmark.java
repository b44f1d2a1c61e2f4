package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.env;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;

import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Metadata at scale: {@code items} (default 10,000) generated object/view/flow definitions (~1 KB each) in a
 * PostgreSQL {@code _framework_metadata} table, measured per operation, median of {@code rounds}:
 * <ul>
 *   <li>{@code import}: an export file imported into the empty table (validation on, all-or-nothing, one transaction);
 *   <li>{@code cold load}: a new loader and manager listing every item from the table (no cache);
 *   <li>{@code export}: every item written to a pretty JSON file with statistics;
 *   <li>{@code cached get}: random {@code get(type, name)} on a warm manager (gets per second, over {@code gets} calls);
 *   <li>{@code uncached get}: the same with the cache off (one indexed query per get).
 * </ul>
 * Server: {@code MIGRATOR_TEST_POSTGRES_URL} (+ {@code _USER}, {@code _PASSWORD}) or 127.0.0.1:5432 as postgres; a
 * database is created and dropped. Options: {@code --items}, {@code --rounds}, {@code --gets}, {@code --out}.
 */
public final class MetadataBenchmark {

    private MetadataBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchSupport.quietLogging();
        Result r = run(parseArgs(args, "--items=10000 --rounds=3"));
        BenchSupport.finish(r.out(), false);
    }

    /** The Markdown table, where it was written, and the medians by operation (seconds, or gets/s for gets). */
    record Result(String table, Path out, Map<String, Double> figures) {}

    static Result run(Map<String, String> options) throws Exception {
        int items = intOption(options, "items", 10_000, 1, 1_000_000);
        int rounds = intOption(options, "rounds", 3, 1, 50);
        int gets = intOption(options, "gets", 200_000, 1, 100_000_000);
        Path out = Path.of(option(options, "out", defaultOut("metadata-bench-results.md")));
        String adminUrl = env("MIGRATOR_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("MIGRATOR_TEST_POSTGRES_USER", "postgres");
        String password = env("MIGRATOR_TEST_POSTGRES_PASSWORD", "");
        String db = "mbench_meta_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        admin(adminUrl, user, password, "CREATE DATABASE " + db);
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
        Path work = Files.createTempDirectory("migrator-meta-bench-");
        String loadBefore = loadAverage();
        Map<String, double[]> samples = new LinkedHashMap<>();
        try {
            Path export = work.resolve("items.json");
            writeExport(export, items);
            long bytes = Files.size(export);
            for (int round = 0; round < rounds; round++) {
                admin(url, user, password, "DROP TABLE IF EXISTS _framework_metadata");
                MetadataLoaderConfig cfg = MetadataLoaderConfig.database("db", url, user, password, "public");
                try (MetadataManager m = MetadataManager.builder().loader(MetadataLoaders.open(cfg)).build()) {
                    long t = System.nanoTime();
                    MetadataResults.Import r = m.importFrom(MetadataImport.of(export).into("db"));
                    sample(samples, "import", rounds, round, seconds(t));
                    check(r.created() == items, "import created " + r.created());
                }
                try (MetadataManager m = MetadataManager.builder().loader(MetadataLoaders.open(cfg)).cacheTtl(Duration.ZERO)
                        .build()) {
                    long t = System.nanoTime();
                    List<MetadataItem> all = m.list(MetadataQuery.all());
                    sample(samples, "cold load", rounds, round, seconds(t));
                    check(all.size() == items, "cold load found " + all.size());
                    t = System.nanoTime();
                    MetadataResults.Export e = m.export(work.resolve("out.json"), MetadataQuery.all(), null, true, true);
                    sample(samples, "export", rounds, round, seconds(t));
                    check(e.items() == items, "export wrote " + e.items());
                    sample(samples, "uncached get", rounds, round, getsPerSecond(m, items, Math.min(gets, 5_000)));
                }
                try (MetadataManager m = MetadataManager.builder().loader(MetadataLoaders.open(cfg)).prefetch(true)
                        .cacheTtl(Duration.ofHours(1)).build()) {
                    sample(samples, "cached get", rounds, round, getsPerSecond(m, items, gets));
                }
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            samples.forEach((k, v) -> figures.put(k, median(v)));
            StringBuilder sb = new StringBuilder();
            sb.append("| operation | median | per item / rate |\n|---|---:|---:|\n");
            for (Map.Entry<String, Double> e : figures.entrySet()) {
                if (e.getKey().endsWith("get")) {
                    sb.append(String.format(Locale.ROOT, "| %s | %,.0f gets/s | %.1f µs/get |%n", e.getKey(), e.getValue(),
                            1e6 / e.getValue()));
                } else {
                    sb.append(String.format(Locale.ROOT, "| %s | %.3f s | %,.0f items/s |%n", e.getKey(), e.getValue(),
                            items / e.getValue()));
                }
            }
            sb.append(String.format(Locale.ROOT, "%n%,d items (%,d bytes of export JSON, %d B/item); medians of %d rounds; "
                    + "load average %s before, %s after; Java %s, %d cores.%n", items, bytes, bytes / items, rounds, loadBefore,
                    loadAverage(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
            String table = sb.toString();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, figures);
        } finally {
            admin(adminUrl, user, password, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            BenchSupport.deleteTree(work);
        }
    }

    private static double getsPerSecond(MetadataManager m, int items, int gets) {
        String[] types = {"object", "view", "flow"};
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long t = System.nanoTime();
        for (int i = 0; i < gets; i++) {
            int n = rnd.nextInt(items);
            if (m.get(types[n % 3], "item_" + n).isEmpty()) {
                throw new IllegalStateException("item_" + n + " is missing");
            }
        }
        return gets / seconds(t);
    }

    private static void writeExport(Path file, int items) throws Exception {
        StringBuilder sb = new StringBuilder("{\"formatVersion\": 1, \"items\": [\n");
        String[] types = {"object", "view", "flow"};
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ",\n").append("{\"type\": \"").append(types[i % 3]).append("\", \"name\": \"item_")
                    .append(i).append("\", \"scope\": \"")
                    .append(i % 4 == 0 ? "user" : "system").append("\", \"body\": {\"label\": \"Item ").append(i)
                    .append("\", \"version\": ").append(i % 7).append(", \"fields\": [");
            for (int f = 0; f < 8; f++) {
                sb.append(f == 0 ? "" : ", ").append("{\"name\": \"field_").append(f).append("\", \"type\": \"text\", ")
                        .append("\"required\": ").append(f % 2 == 0).append(", \"max\": ").append(f * 10).append('}');
            }
            sb.append("], \"permissions\": {\"read\": [\"*\"], \"write\": [\"admin\", \"owner\"]}}}");
        }
        sb.append("\n]}\n");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void sample(Map<String, double[]> samples, String op, int rounds, int round, double value) {
        samples.computeIfAbsent(op, k -> new double[rounds])[round] = value;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong result: " + what);
        }
    }

    private static void admin(String url, String user, String password, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

}
