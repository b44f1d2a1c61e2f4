package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.BenchSupport.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL or MySQL/MariaDB server the benchmarks reach by JDBC for administration (creating and dropping their
 * own databases) and by its command-line client ({@code psql}, {@code mariadb}) for the native figures. Found through
 * {@code MIGRATOR_TEST_POSTGRES_URL} / {@code MIGRATOR_TEST_MYSQL_URL} (with optional {@code _USER} and
 * {@code _PASSWORD}), else the local services at 127.0.0.1:5432 ({@code postgres}) and 127.0.0.1:3306 ({@code root},
 * empty password).
 */
final class BenchServer {

    enum Kind {
        POSTGRES,
        MARIADB
    }

    final Kind kind;
    final String label;
    final String adminUrl;
    final String user;
    final String password;
    final String host;
    final int port;
    final String cli;

    private BenchServer(Kind kind, String label, String adminUrl, String user, String password, String cli) {
        this.kind = kind;
        this.label = label;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.cli = cli;
        URI uri = URI.create(adminUrl.substring("jdbc:".length()));
        this.host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : (kind == Kind.POSTGRES ? 5432 : 3306);
    }

    static BenchServer postgres() {
        return new BenchServer(
                Kind.POSTGRES, "PostgreSQL",
                env("MIGRATOR_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                env("MIGRATOR_TEST_POSTGRES_USER", "postgres"),
                env("MIGRATOR_TEST_POSTGRES_PASSWORD", ""),
                "psql");
    }

    static BenchServer mariadb() {
        return new BenchServer(
                Kind.MARIADB, "MariaDB",
                env("MIGRATOR_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/"),
                env("MIGRATOR_TEST_MYSQL_USER", "root"),
                env("MIGRATOR_TEST_MYSQL_PASSWORD", ""),
                "mariadb");
    }

    /** The admin URL with its database replaced by {@code db}; query parameters are kept. */
    String urlFor(String db) {
        int hostStart = adminUrl.indexOf("//") + 2;
        int query = adminUrl.indexOf('?', hostStart);
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String params = query < 0 ? "" : adminUrl.substring(query);
        int slash = base.indexOf('/', hostStart);
        String hostPart = slash < 0 ? base : base.substring(0, slash);
        return hostPart + "/" + db + params;
    }

    Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(adminUrl, props);
    }

    /** A new connection to database {@code db} of this server; the caller closes it. */
    Connection connect(String db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(urlFor(db), props);
    }

    String version() {
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                kind == Kind.POSTGRES ? "SHOW server_version" : "SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(label + " at " + host + ":" + port + " cannot be reached as '" + user
                    + "': " + e.getMessage() + ". Start the server, or set "
                    + (kind == Kind.POSTGRES ? "MIGRATOR_TEST_POSTGRES_URL" : "MIGRATOR_TEST_MYSQL_URL") + ".", e);
        }
    }

    String createDatabase(String purpose) {
        String name = "mbench_" + purpose + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        execAdmin("CREATE DATABASE " + name);
        return name;
    }

    void dropDatabase(String name) {
        try {
            execAdmin(kind == Kind.POSTGRES
                    ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                    : "DROP DATABASE IF EXISTS " + name);
        } catch (RuntimeException e) {
            System.out.println("  warning: could not drop database " + name + ": " + e.getMessage());
        }
    }

    private void execAdmin(String sql) {
        execute(this::admin, label + ": " + sql + " failed", sql);
    }

    /** Runs {@code statements} in order on database {@code db}, in one session; a failure says what was {@code doing}. */
    void execute(String db, String doing, String... statements) {
        execute(() -> connect(db), doing, statements);
    }

    /** The first row of {@code sql} on database {@code db}, its columns as the driver returns them. */
    List<Object> firstRow(String db, String doing, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(doing + ": " + e.getMessage(), e);
        }
    }

    /**
     * The benchmarks' content check: {@code sql} returns a row count and an order-independent sum of per-row hashes,
     * shown as {@code count/sum}.
     */
    String countAndSum(String db, String doing, String sql) {
        List<Object> row = firstRow(db, doing, sql);
        Object sum = row.get(1);
        return ((Number) row.get(0)).longValue() + "/" + (sum instanceof BigDecimal d ? d.toPlainString() : sum);
    }

    private interface Session {
        Connection open() throws SQLException;
    }

    private static void execute(Session session, String doing, String... statements) {
        try (Connection c = session.open(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(doing + ": " + e.getMessage(), e);
        }
    }

    boolean cliAvailable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, cli)));
    }

    /** Runs {@code psql -f file} or {@code mariadb < file} against database {@code db}. */
    void runCli(String db, Path file) {
        List<String> command = kind == Kind.POSTGRES
                ? List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String.valueOf(port),
                        "-U", user, "-d", db, "-f", file.toString())
                : List.of("mariadb", "--batch", "--protocol=TCP", "-h", host, "-P", String.valueOf(port),
                        "-u", user, db);
        ProcessBuilder pb = new ProcessBuilder(command);
        if (kind == Kind.POSTGRES) {
            pb.environment().put("PGPASSWORD", password);
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        } else {
            pb.environment().put("MYSQL_PWD", password);
            pb.redirectInput(file.toFile());
        }
        try {
            run(pb, cli, 30);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a PostgreSQL client tool ({@code pg_dump}, {@code pg_restore}: {@code args} starts with its name) against
     * database {@code db}; fails with its output when it exits with an error.
     */
    void runPgTool(List<String> args, String db) {
        List<String> command = new ArrayList<>(args);
        command.addAll(1, List.of("-h", host, "-p", String.valueOf(port), "-U", user, "-d", db));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PGPASSWORD", password);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        try {
            run(pb, args.get(0), 60);
        } catch (IOException e) {
            throw new IllegalStateException(args.get(0) + " cannot be started (" + e.getMessage()
                    + "); install the PostgreSQL client tools or leave pg_dump out of bench.tools.", e);
        }
    }

    /** Runs a client process to its end, its output kept for the error when it fails. */
    private static void run(ProcessBuilder pb, String name, int minutes) throws IOException {
        pb.redirectErrorStream(true);
        try {
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + minutes + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        }
    }
}
