package dev.migrator.jdbc.internal;

import dev.migrator.api.BackendNotFoundException;
import dev.migrator.api.ConnectionConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Enumeration;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The JDBC driver a URL needs. migrator-jdbc declares both drivers optional, so that an application brings only the
 * one it uses; this finds out, before a pool is built, whether the application brought it, and names the artifact to
 * add when it did not (rather than HikariCP's "Failed to get driver instance" or the driver manager's "No suitable
 * driver", which name neither the driver nor its coordinates).
 */
final class JdbcDrivers {

    /** What a family's URLs need: the driver's name for people, its class, its Maven coordinates. */
    private record Needed(String what, String driverClass, String coordinates) {}

    private static final Needed POSTGRESQL =
            new Needed("the PostgreSQL JDBC driver (pgjdbc)", "org.postgresql.Driver", "org.postgresql:postgresql");
    private static final Needed MYSQL =
            new Needed("MySQL Connector/J", "com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j");

    private JdbcDrivers() {}

    /**
     * The driver for the URL's driver form ({@code jdbc:mariadb:} is served through Connector/J): the family's driver
     * class loaded from this backend's class loader alone, so that a start never initialises the driver manager, which
     * would load every driver on the class path (Connector/J and protobuf on a PostgreSQL start); else a driver the
     * driver manager already knows (one registered from another class loader).
     *
     * @throws BackendNotFoundException naming the connection, the driver and the Maven coordinates to add
     */
    static Driver find(ConnectionConfig config, JdbcUrl url) {
        Needed needed = url.family().equals(JdbcUrl.POSTGRESQL) ? POSTGRESQL : MYSQL;
        Driver driver = instance(needed.driverClass(), url.driverUrl());
        if (driver == null) {
            driver = registered(url.driverUrl());
        }
        if (driver != null) {
            return driver;
        }
        String scheme = url.mariadbScheme() ? "jdbc:mariadb: URLs are served through it; " : "";
        throw new BackendNotFoundException("Connection '" + config.name() + "' (" + config.maskedUrl() + ") needs "
                + needed.what() + " (" + needed.driverClass() + "), which is not on the class path (" + scheme
                + "migrator-jdbc declares its drivers optional, so that an application brings only the one it uses)."
                + " Add " + needed.coordinates() + " to the application's dependencies.");
    }

    /** A driver the driver manager knows (and lets this class see) that accepts the URL, or {@code null}. */
    private static Driver registered(String driverUrl) {
        Enumeration<Driver> drivers = DriverManager.getDrivers();
        while (drivers.hasMoreElements()) {
            Driver driver = drivers.nextElement();
            try {
                if (driver.acceptsURL(driverUrl)) {
                    return driver;
                }
            } catch (SQLException e) {
                // a driver that cannot tell: it is not the one
            }
        }
        return null;
    }

    /**
     * The driver class from this backend's class loader, initialised (it registers itself with the driver manager, as
     * a jar without a {@code java.sql.Driver} service file needs) and instantiated, when it accepts the URL; else
     * {@code null}.
     */
    private static Driver instance(String driverClass, String driverUrl) {
        try {
            Class<?> type = Class.forName(driverClass, true, JdbcDrivers.class.getClassLoader());
            Driver driver = (Driver) type.getDeclaredConstructor().newInstance();
            return driver.acceptsURL(driverUrl) ? driver : null;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException | SQLException e) {
            return null;
        }
    }

    /**
     * Connections straight from one driver with fixed properties (user and password among them): what the backend's
     * pool and its lock connections open, without the driver manager. The login timeout is the driver's property.
     */
    static final class Direct implements DataSource {
        private final Driver driver;
        private final String url;
        private final Properties properties;
        private volatile int loginTimeout;

        Direct(Driver driver, String url, Properties properties) {
            this.driver = driver;
            this.url = url;
            this.properties = properties;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = driver.connect(url, properties);
            if (c == null) {
                throw new SQLException("The driver " + driver.getClass().getName() + " refused the URL");
            }
            return c;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties withUser = new Properties();
            withUser.putAll(properties);
            withUser.setProperty("user", user);
            withUser.setProperty("password", password);
            Connection c = driver.connect(url, withUser);
            if (c == null) {
                throw new SQLException("The driver " + driver.getClass().getName() + " refused the URL");
            }
            return c;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no log writer: the driver logs as it is configured to
        }

        /**
         * Kept for the pool, which waits this long for its connection threads on shutdown; the driver's own connect and
         * login timeouts are properties, set from the connection's {@code connectTimeout}.
         */
        @Override
        public void setLoginTimeout(int seconds) {
            loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("Not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        @Override
        public String toString() {
            return "JdbcDrivers.Direct[" + driver.getClass().getName() + "]"; // never the URL or the properties
        }
    }
}
