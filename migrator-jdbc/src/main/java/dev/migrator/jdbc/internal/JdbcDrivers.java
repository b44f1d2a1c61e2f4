package dev.migrator.jdbc.internal;

import dev.migrator.api.BackendNotFoundException;
import dev.migrator.api.ConnectionConfig;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Enumeration;

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
     * Checks that a driver accepts the URL's driver form ({@code jdbc:mariadb:} is served through Connector/J).
     *
     * @throws BackendNotFoundException naming the connection, the driver and the Maven coordinates to add
     */
    static void require(ConnectionConfig config, JdbcUrl url) {
        Needed needed = url.family().equals(JdbcUrl.POSTGRESQL) ? POSTGRESQL : MYSQL;
        if (registered(url.driverUrl()) || loadable(needed.driverClass())) {
            return;
        }
        String scheme = url.mariadbScheme() ? "jdbc:mariadb: URLs are served through it; " : "";
        throw new BackendNotFoundException("Connection '" + config.name() + "' (" + config.maskedUrl() + ") needs "
                + needed.what() + " (" + needed.driverClass() + "), which is not on the class path (" + scheme
                + "migrator-jdbc declares its drivers optional, so that an application brings only the one it uses)."
                + " Add " + needed.coordinates() + " to the application's dependencies.");
    }

    /** Whether a driver the driver manager knows (and lets this class see) accepts the URL. */
    private static boolean registered(String driverUrl) {
        Enumeration<Driver> drivers = DriverManager.getDrivers();
        while (drivers.hasMoreElements()) {
            try {
                if (drivers.nextElement().acceptsURL(driverUrl)) {
                    return true;
                }
            } catch (SQLException e) {
                // a driver that cannot tell: it is not the one
            }
        }
        return false;
    }

    /**
     * Whether the driver class loads from this backend's class loader: a jar without a {@code java.sql.Driver} service
     * file registers itself only when its class is initialised, which this does.
     */
    private static boolean loadable(String driverClass) {
        try {
            Class.forName(driverClass, true, JdbcDrivers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
