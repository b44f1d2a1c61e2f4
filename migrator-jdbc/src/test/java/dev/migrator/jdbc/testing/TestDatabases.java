package dev.migrator.jdbc.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh, uniquely named databases on a real PostgreSQL or MariaDB/MySQL server, for tests.
 *
 * <p>Each backend's server is resolved once per JVM, in order:
 *
 * <ol>
 *   <li>the environment: {@code MIGRATOR_TEST_POSTGRES_URL} / {@code MIGRATOR_TEST_MYSQL_URL}, with optional
 *       {@code _USER} and {@code _PASSWORD} variables (the URL's database is used for administration);
 *   <li>the local service: PostgreSQL at 127.0.0.1:5432 as {@code postgres} without password, MariaDB at
 *       127.0.0.1:3306 as {@code root} with an empty password (probed with a 2 s connect timeout);
 *   <li>Testcontainers ({@code postgres:15}, {@code mariadb:10.11}) when Docker is available;
 *   <li>an embedded PostgreSQL (zonky) for PostgreSQL; MariaDB has no embedded fallback.
 * </ol>
 *
 * <p>When no server can be had, the call fails with an {@link AssertionError} when the environment variable
 * {@code CI} is {@code true}, and otherwise aborts the test ({@link TestAbortedException}, reported as skipped); both
 * name what was tried. Call it from {@code @BeforeEach} or {@code @BeforeAll}, not from a parameter resolver (a skip
 * thrown there is reported as an error).
 *
 * <p>Every returned {@link TestDatabase} is owned by the caller, who closes it to drop the database.
 */
public final class TestDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);

    private static final Object LOCK = new Object();
    private static Resolution postgres;
    private static Resolution mariadb;

    private TestDatabases() {}

    /**
     * Creates a fresh database on the resolved PostgreSQL server.
     *
     * @throws AssertionError when no server can be had and CI is on ({@link Ci#isOn()})
     * @throws TestAbortedException when no server can be had otherwise
     */
    public static TestDatabase postgres() {
        Resolution resolution;
        synchronized (LOCK) {
            if (postgres == null) {
                postgres = resolvePostgres();
            }
            resolution = postgres;
        }
        return resolution.server().createDatabase();
    }

    /**
     * Creates a fresh database on the resolved MariaDB (or MySQL) server.
     *
     * @throws AssertionError when no server can be had and CI is on ({@link Ci#isOn()})
     * @throws TestAbortedException when no server can be had otherwise
     */
    public static TestDatabase mariadb() {
        Resolution resolution;
        synchronized (LOCK) {
            if (mariadb == null) {
                mariadb = resolveMariaDb();
            }
            resolution = mariadb;
        }
        return resolution.server().createDatabase();
    }

    private static Resolution resolvePostgres() {
        List<String> tried = new ArrayList<>();
        String envUrl = System.getenv("MIGRATOR_TEST_POSTGRES_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            Server server = Server.fromUrl(
                    TestDatabase.Kind.POSTGRESQL,
                    envUrl.trim(),
                    envOr("MIGRATOR_TEST_POSTGRES_USER", "postgres"),
                    envOr("MIGRATOR_TEST_POSTGRES_PASSWORD", ""),
                    "MIGRATOR_TEST_POSTGRES_URL");
            String problem = server.probe();
            if (problem == null) {
                return Resolution.of(server);
            }
            // An explicit URL that does not work is a configuration error, not a reason to fall back quietly.
            return Resolution.failed("PostgreSQL", List.of("MIGRATOR_TEST_POSTGRES_URL " + server.host() + ":"
                    + server.port() + " (" + problem + ")"));
        }
        tried.add("MIGRATOR_TEST_POSTGRES_URL (not set)");
        Server local = new Server(
                TestDatabase.Kind.POSTGRESQL,
                "jdbc:postgresql://127.0.0.1:5432/",
                "",
                "127.0.0.1",
                5432,
                "postgres",
                "",
                "postgres",
                "local service");
        String problem = local.probe();
        if (problem == null) {
            return Resolution.of(local);
        }
        tried.add("local service 127.0.0.1:5432 (" + problem + ")");
        Resolution docker = fromContainers(TestDatabase.Kind.POSTGRESQL, tried);
        if (docker != null) {
            return docker;
        }
        try {
            Server embedded = EmbeddedServers.postgres();
            String embeddedProblem = embedded.probe();
            if (embeddedProblem == null) {
                return Resolution.of(embedded);
            }
            tried.add("embedded PostgreSQL (" + embeddedProblem + ")");
        } catch (Exception | LinkageError e) {
            tried.add("embedded PostgreSQL (" + e + ")");
        }
        return Resolution.failed("PostgreSQL", tried);
    }

    private static Resolution resolveMariaDb() {
        List<String> tried = new ArrayList<>();
        String envUrl = System.getenv("MIGRATOR_TEST_MYSQL_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            Server server = Server.fromUrl(
                    TestDatabase.Kind.MARIADB,
                    envUrl.trim(),
                    envOr("MIGRATOR_TEST_MYSQL_USER", "root"),
                    envOr("MIGRATOR_TEST_MYSQL_PASSWORD", ""),
                    "MIGRATOR_TEST_MYSQL_URL");
            String problem = server.probe();
            if (problem == null) {
                return Resolution.of(server);
            }
            return Resolution.failed("MariaDB/MySQL", List.of("MIGRATOR_TEST_MYSQL_URL " + server.host() + ":"
                    + server.port() + " (" + problem + ")"));
        }
        tried.add("MIGRATOR_TEST_MYSQL_URL (not set)");
        Server local = new Server(
                TestDatabase.Kind.MARIADB,
                "jdbc:mysql://127.0.0.1:3306/",
                "",
                "127.0.0.1",
                3306,
                "root",
                "",
                "",
                "local service");
        String problem = local.probe();
        if (problem == null) {
            return Resolution.of(local);
        }
        tried.add("local service 127.0.0.1:3306 (" + problem + ")");
        Resolution docker = fromContainers(TestDatabase.Kind.MARIADB, tried);
        if (docker != null) {
            return docker;
        }
        tried.add("embedded (none exists for MariaDB)");
        return Resolution.failed("MariaDB/MySQL", tried);
    }

    /** Testcontainers stays behind its own class so that it is never loaded when an earlier option works. */
    private static Resolution fromContainers(TestDatabase.Kind kind, List<String> tried) {
        try {
            if (!ContainerServers.dockerAvailable()) {
                tried.add("Testcontainers (Docker is not available)");
                return null;
            }
            Server server = kind == TestDatabase.Kind.POSTGRESQL ? ContainerServers.postgres() : ContainerServers.mariadb();
            String problem = server.probe();
            if (problem == null) {
                return Resolution.of(server);
            }
            tried.add("Testcontainers (" + problem + ")");
        } catch (Exception | LinkageError e) {
            tried.add("Testcontainers (" + e + ")");
        }
        return null;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** The outcome of resolving one backend's server: a server, or the reason there is none. */
    private record Resolution(Server server, String failure) {

        static Resolution of(Server server) {
            LOG.info("Test {} server: {} at {}:{}", server.kind(), server.source(), server.host(), server.port());
            return new Resolution(server, null);
        }

        static Resolution failed(String product, List<String> tried) {
            String message = "No " + product + " server for tests. Tried: " + String.join("; ", tried)
                    + ". Start the local service, set " + (product.startsWith("Postgre")
                            ? "MIGRATOR_TEST_POSTGRES_URL" : "MIGRATOR_TEST_MYSQL_URL")
                    + " (with _USER and _PASSWORD), or make Docker available.";
            LOG.warn(message);
            return new Resolution(null, message);
        }

        @Override
        public Server server() {
            if (server == null) {
                if (Ci.isOn()) {
                    throw new AssertionError(failure);
                }
                throw new TestAbortedException(failure);
            }
            return server;
        }
    }

    /**
     * A reachable server: an administration connection and a way to build the URL of one of its databases.
     *
     * @param kind the product family
     * @param urlPrefix the URL up to and including the slash before the database name
     * @param urlSuffix what follows the database name (e.g. {@code ?ssl=false}), possibly empty
     * @param host the host
     * @param port the port
     * @param user the user
     * @param password the password, possibly empty
     * @param adminDatabase the database to connect to for administration (may be empty on MySQL)
     * @param source where the server came from, for messages
     */
    record Server(
            TestDatabase.Kind kind,
            String urlPrefix,
            String urlSuffix,
            String host,
            int port,
            String user,
            String password,
            String adminDatabase,
            String source) {

        /** Parses {@code jdbc:postgresql://host:port/db?params} (also {@code jdbc:mysql:}, {@code jdbc:mariadb:}). */
        static Server fromUrl(TestDatabase.Kind kind, String url, String user, String password, String source) {
            String normalised = url.startsWith("jdbc:mariadb:") ? "jdbc:mysql:" + url.substring("jdbc:mariadb:".length()) : url;
            int scheme = normalised.indexOf("://");
            if (scheme < 0) {
                throw new IllegalArgumentException(source + " must look like jdbc:postgresql://host:port/database, got "
                        + normalised.replaceAll("(?i)(password=)[^&;]*", "$1****"));
            }
            int hostStart = scheme + 3;
            int slash = normalised.indexOf('/', hostStart);
            int question = normalised.indexOf('?', hostStart);
            int hostEnd = slash >= 0 ? slash : (question >= 0 ? question : normalised.length());
            String hostPort = normalised.substring(hostStart, hostEnd);
            int at = hostPort.lastIndexOf('@');
            if (at >= 0) {
                hostPort = hostPort.substring(at + 1);
            }
            int defaultPort = kind == TestDatabase.Kind.POSTGRESQL ? 5432 : 3306;
            String host = hostPort;
            int port = defaultPort;
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0 && !hostPort.endsWith("]")) {
                host = hostPort.substring(0, colon);
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
            String database = "";
            String suffix = "";
            if (slash >= 0) {
                int dbEnd = question > slash ? question : normalised.length();
                database = normalised.substring(slash + 1, dbEnd);
                suffix = question > slash ? normalised.substring(question) : "";
            } else if (question >= 0) {
                suffix = normalised.substring(question);
            }
            if (database.isEmpty() && kind == TestDatabase.Kind.POSTGRESQL) {
                database = "postgres";
            }
            String prefix = normalised.substring(0, hostEnd) + "/";
            return new Server(kind, prefix, suffix, host, port, user, password, database, source);
        }

        String urlOf(String database) {
            return urlPrefix + database + urlSuffix;
        }

        Connection connectAdmin(int timeoutSeconds) throws SQLException {
            Properties props = new Properties();
            if (user != null && !user.isEmpty()) {
                props.setProperty("user", user);
            }
            props.setProperty("password", password == null ? "" : password);
            if (kind == TestDatabase.Kind.POSTGRESQL) {
                props.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
                props.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
            } else {
                props.setProperty("connectTimeout", Integer.toString(timeoutSeconds * 1000));
            }
            return DriverManager.getConnection(urlOf(adminDatabase), props);
        }

        /** Returns {@code null} when the server answers, otherwise what went wrong. */
        String probe() {
            try (Connection c = connectAdmin(2);
                    Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return null;
            } catch (SQLException | RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        TestDatabase createDatabase() {
            String name = "mt_" + System.currentTimeMillis() + "_"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)).toLowerCase(Locale.ROOT);
            try (Connection c = connectAdmin(10);
                    Statement s = c.createStatement()) {
                if (kind == TestDatabase.Kind.POSTGRESQL) {
                    s.execute("CREATE DATABASE \"" + name + "\"");
                } else {
                    s.execute("CREATE DATABASE `" + name + "`");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create test database " + name + " on " + source + " " + host
                        + ":" + port + ": " + e.getMessage(), e);
            }
            return new TestDatabase(this, name);
        }

        void dropDatabase(String name) throws SQLException {
            try (Connection c = connectAdmin(10);
                    Statement s = c.createStatement()) {
                if (kind == TestDatabase.Kind.POSTGRESQL) {
                    if (c.getMetaData().getDatabaseMajorVersion() >= 13) {
                        s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
                    } else {
                        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                                + "' AND pid <> pg_backend_pid()");
                        s.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
                    }
                } else {
                    s.execute("DROP DATABASE IF EXISTS `" + name + "`");
                }
            }
        }
    }
}
