package dev.migrator.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.TargetSession;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL and MySQL/MariaDB backend of one connection. With a URL it builds (and on {@link #close()} closes) a
 * HikariCP pool that connects lazily; with a {@link DataSource} it only borrows it. Locks use connections of their
 * own: opened directly from the driver with a URL (so a small pool never starves the lock), or from the data source.
 * Thread-safe.
 */
public final class JdbcBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBackend.class);

    private final ConnectionConfig config;
    private final JdbcUrl url;
    private final HikariDataSource pool;
    private final DataSource work;
    /** With a URL: connections straight from the driver, for the lock; else {@code null}. */
    private final DataSource direct;
    private volatile Dialect dialect;
    private volatile ServerInfo server;

    /** What is learnt from the server once: product, database and default schema. */
    private record ServerInfo(String product, String database, String defaultSchema) {}

    private JdbcBackend(ConnectionConfig config, JdbcUrl url, HikariDataSource pool, DataSource direct) {
        this.config = config;
        this.url = url;
        this.pool = pool;
        this.work = pool != null ? pool : config.dataSource();
        this.direct = direct;
        this.dialect = url == null ? null : Dialect.of(url.family());
    }

    /** Opens the backend for a URL (building a lazy pool) or a borrowed data source. */
    public static JdbcBackend open(ConnectionConfig config) {
        if (config.dataSource() != null) {
            return new JdbcBackend(config, null, null, null);
        }
        JdbcUrl url = JdbcUrl.parse(config.url());
        // Before the pool: without its driver, HikariCP would fail naming neither the driver nor the jar to add.
        Driver driver = JdbcDrivers.find(config, url);
        Map<String, String> props = new LinkedHashMap<>();
        long timeoutMs = config.connectTimeout().toMillis();
        if (url.family().equals(JdbcUrl.POSTGRESQL)) {
            String seconds = Long.toString(Math.max(1, (timeoutMs + 999) / 1000));
            props.put("reWriteBatchedInserts", "true");
            props.put("connectTimeout", seconds);
            props.put("loginTimeout", seconds);
        } else {
            props.put("useServerPrepStmts", "false");
            props.put("rewriteBatchedStatements", "true");
            props.put("allowMultiQueries", "false");
            props.put("connectTimeout", Long.toString(timeoutMs));
        }
        props.putAll(config.properties()); // the user's driver properties win
        String user = config.user() != null ? config.user() : url.userInfoUser();
        String password = config.password() != null ? config.password() : url.userInfoPassword();
        Properties pooled = new Properties();
        pooled.putAll(props);
        if (user != null) {
            pooled.setProperty("user", user);
        }
        if (password != null) {
            pooled.setProperty("password", password);
        }
        Properties direct = new Properties();
        direct.putAll(pooled);
        if (url.family().equals(JdbcUrl.MYSQL)) {
            // The sessions' own connections (never the pool's) stream bulk loads through LOAD DATA LOCAL INFILE
            // (MysqlLoadData); a user's allowLoadLocalInfile=false keeps them on multi-row inserts.
            direct.putIfAbsent("allowLoadLocalInfile", "true");
        }

        HikariConfig hikari = new HikariConfig();
        // The pool opens its connections from the driver found above, never through the driver manager.
        hikari.setDataSource(new JdbcDrivers.Direct(driver, url.driverUrl(), pooled));
        hikari.setPoolName("migrator-" + config.name()); // the name only: never the URL, user or password
        hikari.setMinimumIdle(config.poolMin());
        hikari.setMaximumPoolSize(config.poolMax());
        hikari.setConnectionTimeout(Math.max(250, timeoutMs));
        hikari.setInitializationFailTimeout(-1); // connect lazily: building a manager never fails on the network
        hikari.setAutoCommit(true);
        LOG.debug("[{}] pool for {} ({}), size {}..{}, connect timeout {}", config.name(), url.hostAndPort(),
                url.family(), config.poolMin(), config.poolMax(), config.connectTimeout());
        return new JdbcBackend(config, url, new HikariDataSource(hikari), new JdbcDrivers.Direct(driver, url.driverUrl(), direct));
    }

    @Override
    public Optional<String> serverVersion() {
        try (Connection c = workConnection()) {
            return Optional.ofNullable(c.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<dev.migrator.spi.SnapshotSession> openSnapshot() {
        return Optional.of(JdbcSnapshotSession.open(this, tableData()));
    }

    @Override
    public Optional<dev.migrator.spi.LoadSession> openLoad() {
        return Optional.of(new JdbcLoadSession(this, tableData()));
    }

    @Override
    public Optional<dev.migrator.spi.DataReadSession> openDataReader() {
        return Optional.of(JdbcDataReadSession.open(this, tableData()));
    }

    @Override
    public Optional<dev.migrator.spi.DataWriteSession> openDataWriter() {
        return Optional.of(JdbcDataWriteSession.open(this, tableData()));
    }

    private TableData tableData() {
        return dialect().newTableData();
    }

    /** The connection's name. */
    public String name() {
        return config.name();
    }

    @Override
    public String product() {
        return server().product();
    }

    /** MySQL and MariaDB take each other's backups (one family of tables and types); PostgreSQL only its own. */
    @Override
    public boolean restoresBackupsOf(String sourceProduct) {
        String p = sourceProduct.toLowerCase(Locale.ROOT);
        String from = p.equals("mariadb") || p.equals(JdbcUrl.MYSQL) ? JdbcUrl.MYSQL : p;
        return from.equals(dialect().family());
    }

    @Override
    public boolean transactionalDdl() {
        return dialect().transactionalDdl();
    }

    @Override
    public String defaultSchema() {
        ServerInfo info = server();
        if (info.defaultSchema() == null || info.defaultSchema().isEmpty()) {
            if (dialect().family().equals(JdbcUrl.MYSQL)) {
                throw new ConfigurationException("Connection '" + config.name() + "' (" + config.maskedUrl()
                        + ") names no database, so there is no default schema. Put a database in the URL, e.g."
                        + " jdbc:mysql://" + (url == null ? "host:3306" : url.hostAndPort()) + "/app, or give every"
                        + " target a schema.");
            }
            return "public";
        }
        return info.defaultSchema();
    }

    @Override
    public Iterator<ParsedStatement> parse(Reader script, String source) {
        SqlSplitter.Syntax syntax = dialect().syntax();
        return StatementKinds.classified(new SqlSplitter(syntax).statements(script, source), syntax);
    }

    @Override
    public ScriptSyntax scriptSyntax() {
        return new JdbcScriptSyntax(dialect());
    }

    @Override
    public TargetSession openSession(String schema, String historyTable) {
        Identifiers.require("schema", schema);
        Identifiers.require("history table", historyTable);
        Dialect d = dialect();
        String database = server().database();
        return JdbcTargetSession.open(this, d, schema, historyTable, database);
    }

    /** The dialect, probing a data source's product on first use. */
    public Dialect dialect() {
        Dialect d = dialect;
        if (d == null) {
            server();
            d = dialect;
        }
        return d;
    }

    private ServerInfo server() {
        ServerInfo info = server;
        if (info == null) {
            synchronized (this) {
                info = server;
                if (info == null) {
                    info = probe();
                    server = info;
                }
            }
        }
        return info;
    }

    private ServerInfo probe() {
        try (Connection c = workConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = productOf(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
            if (product == null) {
                throw new ConfigurationException("Connection '" + config.name() + "' is a "
                        + meta.getDatabaseProductName() + " database; migrator-jdbc serves PostgreSQL, MySQL and"
                        + " MariaDB.");
            }
            if (dialect == null) {
                dialect = Dialect.of(product.equals("postgresql") ? JdbcUrl.POSTGRESQL : JdbcUrl.MYSQL);
            }
            Dialect d = dialect;
            ServerInfo info = new ServerInfo(product, d.currentDatabase(c), d.currentSchema(c));
            LOG.debug("[{}] {} {}, database {}, default schema {}", config.name(), product,
                    meta.getDatabaseProductVersion(), info.database(), info.defaultSchema());
            return info;
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the server version of connection '" + config.name() + "': "
                    + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ").", e);
        }
    }

    /** {@code postgresql}, {@code mysql}, {@code mariadb} from metadata, or {@code null} for anything else. */
    public static String productOf(String productName, String productVersion) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        String version = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return "postgresql";
        }
        if (name.contains("mariadb") || version.contains("mariadb")) {
            return "mariadb";
        }
        if (name.contains("mysql")) {
            return "mysql";
        }
        return null;
    }

    /**
     * Borrows a connection from the pool or data source (the caller closes it).
     *
     * @throws ConnectionFailedException naming host, port and timeout, never the password
     */
    Connection workConnection() {
        try {
            return work.getConnection();
        } catch (SQLException e) {
            throw connectFailed(e);
        }
    }

    /** Opens the lock's own connection: directly from the driver with a URL, from the data source otherwise. */
    Connection lockConnection() {
        if (direct == null) {
            return workConnection();
        }
        try {
            return direct.getConnection();
        } catch (SQLException e) {
            throw connectFailed(e);
        }
    }

    ConnectionFailedException connectFailed(SQLException e) {
        String reason = mask(rootMessage(e));
        if (url == null) {
            return new ConnectionFailedException("Cannot get a connection for '" + config.name() + "' from "
                    + config.maskedUrl() + ": " + reason + ". Check the data source's settings and that the server"
                    + " runs.", e);
        }
        return new ConnectionFailedException("Cannot connect to '" + config.name() + "' at " + url.hostAndPort() + " ("
                + (url.mariadbScheme() ? "mariadb" : url.family()) + ") within " + config.connectTimeout() + ": " + reason
                + ". Check that the server runs and the host, port and credentials are right.", e);
    }

    private String mask(String message) {
        String masked = ConnectionConfig.mask(message);
        String password = config.password() != null ? config.password() : url == null ? null : url.userInfoPassword();
        if (password != null && password.length() >= 3 && masked != null) {
            masked = masked.replace(password, "****");
        }
        return masked;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        message = message == null ? e.getClass().getSimpleName() : message.strip();
        while (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        return message;
    }

    /** The connect timeout, for messages. */
    Duration connectTimeout() {
        return config.connectTimeout();
    }

    /** Closes the pool this backend built; a borrowed data source is left open. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcBackend[" + config.name() + ", " + config.maskedUrl() + "]";
    }
}
