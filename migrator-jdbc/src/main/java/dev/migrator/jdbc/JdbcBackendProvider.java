package dev.migrator.jdbc;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.jdbc.internal.JdbcBackend;
import dev.migrator.jdbc.internal.JdbcUrl;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL and MySQL/MariaDB backend, found by {@link java.util.ServiceLoader}. It serves {@code
 * jdbc:postgresql:}, {@code jdbc:mysql:} and {@code jdbc:mariadb:} URLs (the last through MySQL Connector/J), and data
 * sources whose database reports itself as PostgreSQL, MySQL or MariaDB.
 *
 * <p>With a URL the backend builds its own HikariCP pool, which connects lazily and which it closes; a data source is
 * borrowed and never closed.
 */
public final class JdbcBackendProvider implements BackendProvider {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBackendProvider.class);

    /** Used by {@link java.util.ServiceLoader}. */
    public JdbcBackendProvider() {}

    @Override
    public String name() {
        return "jdbc [postgresql, mysql, mariadb]";
    }

    /**
     * By URL scheme; for a data source, by the product name of one short-lived connection (closed at once). A data
     * source that cannot be reached is not claimed.
     */
    @Override
    public boolean supports(ConnectionConfig config) {
        if (config.url() != null) {
            return JdbcUrl.isSupported(config.url());
        }
        if (config.dataSource() == null) {
            return false;
        }
        try (Connection c = config.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return JdbcBackend.productOf(meta.getDatabaseProductName(), meta.getDatabaseProductVersion()) != null;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("[{}] cannot probe the data source {} ({}); migrator-jdbc does not claim it. Check that the"
                    + " database runs.", config.name(), config.dataSource().getClass().getName(), e.getMessage());
            return false;
        }
    }

    /**
     * Opens the backend. With a URL no connection is made yet; the first use fails with a {@link
     * dev.migrator.api.ConnectionFailedException} naming host, port and timeout when the server cannot be reached.
     */
    @Override
    public Backend open(ConnectionConfig config) {
        return JdbcBackend.open(config);
    }
}
