package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.defaultOut;
import static dev.migrator.examples.bench.BenchSupport.deleteTree;
import static dev.migrator.examples.bench.BenchSupport.firstLine;
import static dev.migrator.examples.bench.BenchSupport.intOption;
import static dev.migrator.examples.bench.BenchSupport.listOption;
import static dev.migrator.examples.bench.BenchSupport.loadAverage;
import static dev.migrator.examples.bench.BenchSupport.median;
import static dev.migrator.examples.bench.BenchSupport.option;
import static dev.migrator.examples.bench.BenchSupport.parseArgs;
import static dev.migrator.examples.bench.BenchSupport.seconds;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Applies a MySQL/MariaDB script corpus shaped like a real application's history ({@link ScriptCorpus}: 45 files,
 * about 640 statements, mixed DDL and DML) to fresh MariaDB databases, with migrator and, in the same run, with one
 * native session — issue 17's "within 1.3x of one native session, measured beside it":
 *
 * <ul>
 *   <li>{@code jdbc}: one JDBC connection (MySQL Connector/J, the driver migrator uses; autocommit on, as the
 *       {@code mariadb} client reads a file) executing every statement of the corpus in order; the connection is
 *       opened inside the timing;
 *   <li>{@code client}: {@code mariadb --batch < all.sql}, the files concatenated — a genuinely native session, but a
 *       fresh process, so its time includes the client's start-up and connection;
 *   <li>{@code migrator}: {@code migrate()} of the corpus folder in this JVM, the call alone ({@code build()} is not
 *       timed), after {@code bench.warmup} untimed runs on throw-away databases;
 *   <li>{@code migrator-jvm}: a child {@code java} process ({@link MigrateInFreshJvm}) that builds a manager and
 *       migrates: the whole process timed from here (JVM start, class loading, {@code build()}, {@code migrate()},
 *       exit), and its {@code migrate()} call alone as the child times it (a cold JVM's call).
 * </ul>
 *
 * <p>Every run gets its own database, created here and dropped afterwards, and is checked: the tables and row counts
 * the corpus leaves, and for migrator 45 successful history rows. The tool order rotates each round.
 *
 * <p>Options (system properties, or {@code --name=value} arguments without the {@code bench.} prefix):
 * {@code bench.rounds} (default 5; the table shows medians), {@code bench.warmup} (untimed runs of the in-process
 * tools before round 1, default 1; 0 measures round 1 cold), {@code bench.tools} ({@code jdbc,client,migrator,
 * migrator-jvm}), {@code bench.files} (the first N files of the corpus, default all 45), {@code bench.classpath} (for
 * the child JVM; default this JVM's class path), {@code bench.out} (the Markdown file written, default
 * {@code migrator-examples/target/corpus-bench-results.md}).
 *
 * <p>Server: {@code MIGRATOR_TEST_MYSQL_URL} (with optional {@code _USER} and {@code _PASSWORD}), else the local
 * MariaDB at 127.0.0.1:3306 as {@code root} with an empty password. MariaDB only: the corpus is MySQL syntax
 * ({@code ENGINE=}, {@code SET @var}, {@code RENAME TABLE}, {@code MODIFY COLUMN}); PostgreSQL would need a second
 * generator.
 */
public final class ScriptCorpusBenchmark {

    private static final List<String> TOOLS = List.of("jdbc", "client", "migrator", "migrator-jvm");
    static final String HISTORY_TABLE = "migrator_history";
    static final Pattern CHILD_OUTPUT = Pattern.compile("applied=(\\d+) migrate_ns=(\\d+)");

    private ScriptCorpusBenchmark() {}

    public static void main(String[] args) throws Exception {
        // migrator logs each applied script at INFO; the console would be what is measured. Set before any logger.
        BenchSupport.quietLogging();
        Result result = run(parseArgs(args, "--rounds=5 --warmup=1"));
        BenchSupport.finish(result.out(), result.failed());
    }

    /** What one measurement row is: its label in the table and what its time covers. */
    enum Measure {
        JDBC_SESSION("one native session: JDBC, autocommit", "connect + every statement, one connection"),
        CLIENT("one native session: `mariadb < all.sql`", "a fresh client process: start-up, connect, every statement"),
        MIGRATOR("migrator `migrate()`", "the call alone, in this JVM"),
        MIGRATOR_CHILD_CALL("migrator `migrate()`, fresh JVM", "the call alone, timed in a new JVM (cold JIT)"),
        MIGRATOR_CHILD_PROCESS("migrator, fresh JVM, whole process",
                "`java` start, class loading, `build()`, `migrate()`, exit");

        final String label;
        final String timed;

        Measure(String label, String timed) {
            this.label = label;
            this.timed = timed;
        }
    }

    /** What the check of one database found after a run: tables (no history table), their rows, history rows. */
    record Observed(String tool, int tables, long rows, int historyRows, int historySucceeded) {}

    /** One row of the table: medians over rounds, or the first failure. */
    record Row(Measure measure, double median, double min, double max, String error) {}

    /** The Markdown table, where it was written, the rows, what every run left behind, and whether any failed. */
    record Result(String table, Path out, List<Row> rows, List<Observed> observed, boolean failed) {}

    /** Runs the benchmark with options named as in the class comment, without the {@code bench.} prefix. */
    static Result run(Map<String, String> options) throws IOException {
        int rounds = intOption(options, "rounds", 5, 1, 100);
        int warmup = intOption(options, "warmup", 1, 0, 100);
        List<String> tools = listOption(options, "tools", String.join(",", TOOLS), TOOLS);
        int files = intOption(options, "files", 45, 1, 45);
        Path out = Path.of(option(options, "out", defaultOut("corpus-bench-results.md")));
        String classpath = option(options, "classpath", "").isBlank() ? classpath() : option(options, "classpath", "");

        BenchServer server = BenchServer.mariadb();
        String serverVersion = server.version();
        List<String> notes = new ArrayList<>();
        List<String> order = new ArrayList<>(tools);
        if (order.contains("client") && !server.cliAvailable()) {
            order.remove("client");
            notes.add("`mariadb` is not on the PATH: no client row");
        }

        ScriptCorpus corpus = ScriptCorpus.mariadb(files);
        Path work = Files.createTempDirectory("migrator-corpus-bench-");
        try {
            Path dir = work.resolve("scripts");
            corpus.write(dir);
            Path all = work.resolve("all.sql");
            corpus.writeConcatenated(all);
            CorpusRun run = new CorpusRun(server, corpus, dir, all, classpath);
            ScriptCorpus.Mix mix = corpus.mix();
            System.out.printf(Locale.ROOT, "Generated %d files, %d statements (%d DDL, %d DML, %d SET) in %s%n",
                    corpus.files().size(), mix.total(), mix.ddl(), mix.dml(), mix.set(), dir);

            String loadBefore = loadAverage();
            boolean inProcess = order.contains("jdbc") || order.contains("migrator");
            for (int i = 0; inProcess && i < warmup; i++) {
                // Class loading and JIT for the in-process tools; the child JVM and the client start cold by design.
                System.out.printf(Locale.ROOT, "warm-up %d of %d (untimed) ...%n", i + 1, warmup);
                if (order.contains("jdbc")) {
                    run.jdbc("warm");
                }
                if (order.contains("migrator")) {
                    run.migrator("warm");
                }
            }
            Map<Measure, List<Double>> samples = new EnumMap<>(Measure.class);
            Map<Measure, String> errors = new EnumMap<>(Measure.class);
            List<Observed> observed = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                // Rotate the order each round so that no tool always runs right after another's load.
                for (int i = 0; i < order.size(); i++) {
                    String tool = order.get((i + round) % order.size());
                    String purpose = tool.replace('-', '_') + "_r" + (round + 1);
                    System.out.printf(Locale.ROOT, "%s, round %d of %d ...%n", tool, round + 1, rounds);
                    try {
                        CorpusRun.Timed timed = switch (tool) {
                            case "jdbc" -> run.jdbc(purpose);
                            case "client" -> run.client(purpose);
                            case "migrator" -> run.migrator(purpose);
                            default -> run.migratorInFreshJvm(purpose);
                        };
                        observed.add(timed.observed());
                        timed.seconds().forEach((m, s) -> {
                            samples.computeIfAbsent(m, k -> new ArrayList<>()).add(s);
                            System.out.printf(Locale.ROOT, "  %s: %.3f s%n", m.label, s);
                        });
                    } catch (RuntimeException e) {
                        String error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                        System.out.println("  FAILED: " + error);
                        for (Measure m : measuresOf(tool)) {
                            errors.putIfAbsent(m, error);
                        }
                    }
                }
            }
            String load = loadBefore + " before, " + loadAverage() + " after";

            List<Row> rows = new ArrayList<>();
            for (String tool : order) {
                for (Measure m : measuresOf(tool)) {
                    List<Double> list = samples.getOrDefault(m, List.of());
                    if (errors.containsKey(m) || list.isEmpty()) {
                        rows.add(new Row(m, 0, 0, 0, errors.getOrDefault(m, "no sample")));
                    } else {
                        double[] values = list.stream().mapToDouble(Double::doubleValue).toArray();
                        rows.add(new Row(m, median(values), list.stream().mapToDouble(d -> d).min().orElseThrow(),
                                list.stream().mapToDouble(d -> d).max().orElseThrow(), null));
                    }
                }
            }
            rows.sort((a, b) -> a.measure().compareTo(b.measure()));
            String table = markdown(rows, corpus, rounds, warmup, load, server, serverVersion, notes);
            System.out.println();
            System.out.println(table);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            return new Result(table, out, List.copyOf(rows), List.copyOf(observed),
                    rows.stream().anyMatch(r -> r.error() != null));
        } finally {
            deleteTree(work);
        }
    }

    private static List<Measure> measuresOf(String tool) {
        return switch (tool) {
            case "jdbc" -> List.of(Measure.JDBC_SESSION);
            case "client" -> List.of(Measure.CLIENT);
            case "migrator" -> List.of(Measure.MIGRATOR);
            default -> List.of(Measure.MIGRATOR_CHILD_CALL, Measure.MIGRATOR_CHILD_PROCESS);
        };
    }

    /** One autocommit connection executing the statements in order, as {@code mariadb < file} does. */
    static void runStatements(BenchServer server, String db, List<String> statements) {
        int index = 0;
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String sql : statements) {
                s.execute(sql);
                index++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement " + (index + 1) + " of " + statements.size() + " failed: "
                    + e.getMessage() + " (" + shorten(statements.get(Math.min(index, statements.size() - 1))) + ")", e);
        }
    }

    /**
     * Fails unless database {@code db} holds exactly the corpus's tables with its row counts, and, when
     * {@code withHistory}, one successful history row per file; returns what it found.
     */
    static Observed check(BenchServer server, String db, ScriptCorpus corpus, String tool, boolean withHistory) {
        Map<String, Integer> expected = new TreeMap<>(corpus.expectedRows());
        try (Connection c = server.connect(db)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            boolean hasHistory = tables.remove(HISTORY_TABLE);
            tables.sort(null); // the server's collation may order "orders" before "order_items"
            if (!tables.equals(new ArrayList<>(expected.keySet()))) {
                throw new IllegalStateException(tool + " left tables " + tables + " in " + db + "; expected "
                        + expected.keySet());
            }
            Map<String, Integer> found = new TreeMap<>();
            long rows = 0;
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rs.next();
                        found.put(table, rs.getInt(1));
                        rows += rs.getInt(1);
                    }
                }
            }
            if (!found.equals(expected)) {
                throw new IllegalStateException(tool + " left row counts " + found + " in " + db + "; expected "
                        + expected);
            }
            int historyRows = 0;
            int succeeded = 0;
            if (withHistory) {
                if (!hasHistory) {
                    throw new IllegalStateException(tool + " left no " + HISTORY_TABLE + " table in " + db);
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*), COALESCE(SUM(success), 0) FROM " + HISTORY_TABLE)) {
                    rs.next();
                    historyRows = rs.getInt(1);
                    succeeded = rs.getInt(2);
                }
                if (historyRows != corpus.files().size() || succeeded != historyRows) {
                    throw new IllegalStateException(tool + " left " + historyRows + " history rows (" + succeeded
                            + " successful) in " + db + "; expected " + corpus.files().size() + ", all successful");
                }
            }
            return new Observed(tool, tables.size(), rows, historyRows, succeeded);
        } catch (SQLException e) {
            throw new IllegalStateException("checking database " + db + ": " + e.getMessage(), e);
        }
    }

    /** The class path for the child JVM: the class loader's (as under {@code exec:java}), else this JVM's. */
    private static String classpath() {
        ClassLoader loader = ScriptCorpusBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("cannot use class path entry " + url + " for the child JVM; "
                            + "pass --classpath=...", e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static String shorten(String sql) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    static String markdown(List<Row> rows, ScriptCorpus corpus, int rounds, int warmup, String load,
            BenchServer server, String serverVersion, List<String> notes) {
        Double jdbc = anchor(rows, Measure.JDBC_SESSION);
        Double client = anchor(rows, Measure.CLIENT);
        ScriptCorpus.Mix mix = corpus.mix();
        StringBuilder sb = new StringBuilder();
        sb.append("| tool | what is timed | median (s) | range (s) | statements/s | x JDBC session | x `mariadb` client |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            // Only the in-process tools are warmed up; the client and the child JVM start cold by design.
            boolean inProcess = r.measure() == Measure.MIGRATOR || r.measure() == Measure.JDBC_SESSION;
            String timed = inProcess
                    ? r.measure().timed + (warmup > 0 ? ", warm (after " + warmup + " untimed run"
                            + (warmup == 1 ? "" : "s") + ")" : ", cold in round 1")
                    : r.measure().timed;
            if (r.error() != null) {
                sb.append("| ").append(r.measure().label).append(" | ").append(timed).append(" | failed: ")
                        .append(r.error().replace('|', '/')).append(" | | | | |\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f–%.2f | %.0f | %s | %s |%n",
                    r.measure().label, timed, r.median(), r.min(), r.max(), mix.total() / r.median(),
                    ratio(r, Measure.JDBC_SESSION, jdbc), ratio(r, Measure.CLIENT, client)));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "%d files, %d statements (%d DDL, %d DML = %.0f %%, %d SET @var), each run on its own fresh database "
                        + "and checked afterwards (%d tables, %d rows; migrator: %d successful history rows); "
                        + "medians of %d rounds, tool order rotated each round; range = fastest–slowest; x = median "
                        + "over the anchor's median (issue 17's target: migrator within 1.3x of one native session). "
                        + "JDBC: MySQL Connector/J (migrator's driver), one connection, autocommit. Measured %s, Java "
                        + "%s, %d "
                        + "cores, load average %s. MariaDB %s at %s:%d.%s%n",
                corpus.files().size(), mix.total(), mix.ddl(), mix.dml(), 100.0 * mix.dml() / mix.total(), mix.set(),
                corpus.expectedRows().size(), corpus.expectedRows().values().stream().mapToLong(i -> i).sum(),
                corpus.files().size(), rounds, LocalDate.now(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), load, serverVersion, server.host, server.port,
                notes.isEmpty() ? "" : " " + String.join("; ", notes) + "."));
        return sb.toString();
    }

    private static Double anchor(List<Row> rows, Measure measure) {
        return rows.stream()
                .filter(r -> r.measure() == measure && r.error() == null)
                .map(Row::median)
                .findFirst()
                .orElse(null);
    }

    private static String ratio(Row row, Measure anchor, Double anchorSeconds) {
        if (row.measure() == anchor) {
            return "1.00";
        }
        return anchorSeconds == null ? "—" : String.format(Locale.ROOT, "%.2f", row.median() / anchorSeconds);
    }
}
