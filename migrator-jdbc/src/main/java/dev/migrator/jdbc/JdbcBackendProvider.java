package dev.migrator.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.jdbc.internal.JdbcBackend;
import dev.migrator.jdbc.internal.JdbcUrl;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
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
    /** A JDBC URL's {@code user} parameter, as pgjdbc and MariaDB Connector/J read it; compiled when first needed. */
    private static final class UrlUser {
        static final Pattern PARAMETER = Pattern.compile("[?&;]user=([^&;#]*)");
    }

    /** Used by {@link java.util.ServiceLoader}. */
    public JdbcBackendProvider() {}

    @Override
    public String name() {
        return "jdbc [postgresql, mysql, mariadb]";
    }

    /**
     * By URL scheme; for a data source, by the product name of one short-lived connection (closed at once). A data
     * source that cannot be reached is claimed only when its class names PostgreSQL, MySQL or MariaDB.
     */
    @Override
    public boolean supports(ConnectionConfig config) {
        if (config.url() != null) {
            return JdbcUrl.isSupported(config.url());
        }
        DataSource dataSource = config.dataSource();
        if (dataSource == null) {
            return false;
        }
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            return JdbcUrl.isSupported(hikari.getJdbcUrl()); // no connection needed
        }
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return JdbcBackend.productOf(meta.getDatabaseProductName(), meta.getDatabaseProductVersion()) != null;
        } catch (SQLException | RuntimeException e) {
            // Unreachable now: claim it when its class says it is ours, so that the user sees the connection
            // failure at first use rather than "no backend found".
            String type = dataSource.getClass().getName().toLowerCase(Locale.ROOT);
            boolean ours = type.contains("postgres") || type.contains(".pg") || type.contains("mysql")
                    || type.contains("mariadb");
            LOG.warn("[{}] cannot probe the data source {} ({}); {}.", config.name(), dataSource.getClass().getName(),
                    e.getMessage(), ours ? "claiming it by its class name" : "migrator-jdbc does not claim it");
            return ours;
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

    /** The URL's user-info part, else its {@code user=} parameter. */
    @Override
    public Optional<String> urlUser(String url) {
        return BackendProvider.super.urlUser(url).or(() -> {
            Matcher query = UrlUser.PARAMETER.matcher(url == null ? "" : url);
            return query.find() && !query.group(1).isEmpty()
                    ? Optional.of(URLDecoder.decode(query.group(1), StandardCharsets.UTF_8))
                    : Optional.empty();
        });
    }
}
