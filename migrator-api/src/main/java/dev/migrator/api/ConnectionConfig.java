package dev.migrator.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A named data source: a URL with credentials (the manager builds and closes its own pool), or a caller's
 * {@link DataSource} (borrowed, never closed by the manager). The password never appears in {@link #toString()}.
 *
 * @param name the connection's name, unique in one manager
 * @param url a JDBC URL or MongoDB URI; {@code null} when a data source is given
 * @param user the user, or {@code null}
 * @param password the password, or {@code null}
 * @param dataSource a borrowed data source, or {@code null}
 * @param poolMin idle connections the manager's own pool keeps (0 or more)
 * @param poolMax connections the manager's own pool opens at most (1 or more)
 * @param connectTimeout how long to wait for a connection before failing
 * @param properties driver properties added to the URL's
 */
public record ConnectionConfig(
        String name,
        String url,
        String user,
        String password,
        DataSource dataSource,
        int poolMin,
        int poolMax,
        Duration connectTimeout,
        Map<String, String> properties) {

    /** Default for {@link #poolMax()}. */
    public static final int DEFAULT_POOL_MAX = 4;

    /** Default for {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Validates every field, naming the option and the allowed range.
     *
     * @param name the connection's name, unique in one manager
     * @param url a JDBC URL or MongoDB URI; {@code null} when a data source is given
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}
     * @param dataSource a borrowed data source, or {@code null}
     * @param poolMin idle connections the manager's own pool keeps (0 or more)
     * @param poolMax connections the manager's own pool opens at most (1 or more)
     * @param connectTimeout how long to wait for a connection before failing
     * @param properties driver properties added to the URL's
     */
    public ConnectionConfig {
        Objects.requireNonNull(name, "name");
        if (!Identifier.isName(name, 64)) {
            throw new ConfigurationException("Connection name '" + name
                    + "' is invalid: use 1 to 64 letters, digits, '_', '-' or '.', e.g. 'core'.");
        }
        if ((url == null) == (dataSource == null)) {
            throw new ConfigurationException("Connection '" + name + "' needs exactly one of a URL or a DataSource.");
        }
        if (poolMin < 0) {
            throw new ConfigurationException("Connection '" + name + "': poolMin is " + poolMin + "; allowed: 0 or more.");
        }
        if (poolMax < 1 || poolMax < poolMin) {
            throw new ConfigurationException("Connection '" + name + "': poolMax is " + poolMax
                    + "; allowed: at least 1 and at least poolMin (" + poolMin + ").");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigurationException("Connection '" + name + "': connectTimeout is " + connectTimeout
                    + "; allowed: more than 0 and at most PT1H.");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /**
     * A URL connection with default pool settings.
     *
     * @param name the connection's name, 1 to 64 letters, digits, {@code _ - .}
     * @param url a JDBC URL or MongoDB URI
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}; never shown
     * @return the configuration, with a pool of 0 to {@value #DEFAULT_POOL_MAX} connections
     */
    public static ConnectionConfig of(String name, String url, String user, String password) {
        return new ConnectionConfig(name, url, user, password, null, 0, DEFAULT_POOL_MAX, DEFAULT_CONNECT_TIMEOUT, Map.of());
    }

    /**
     * A borrowed data source.
     *
     * @param name the connection's name, 1 to 64 letters, digits, {@code _ - .}
     * @param dataSource the caller's data source; borrowed, never closed by the manager
     * @return the configuration
     */
    public static ConnectionConfig of(String name, DataSource dataSource) {
        return new ConnectionConfig(name, null, null, null, dataSource, 0, DEFAULT_POOL_MAX, DEFAULT_CONNECT_TIMEOUT, Map.of());
    }

    /**
     * This configuration with other pool bounds.
     *
     * @param min idle connections the pool keeps, 0 or more
     * @param max connections the pool opens at most, at least 1 and at least {@code min}
     * @return a copy with the new bounds
     */
    public ConnectionConfig withPool(int min, int max) {
        return new ConnectionConfig(name, url, user, password, dataSource, min, max, connectTimeout, properties);
    }

    /**
     * This configuration with another connect timeout.
     *
     * @param timeout how long to wait for a connection, more than 0 and at most one hour
     * @return a copy with the new timeout
     */
    public ConnectionConfig withConnectTimeout(Duration timeout) {
        return new ConnectionConfig(name, url, user, password, dataSource, poolMin, poolMax, timeout, properties);
    }

    /**
     * This configuration with added driver properties.
     *
     * @param extra driver properties to add; they replace properties of the same name
     * @return a copy with the properties added
     */
    public ConnectionConfig withProperties(Map<String, String> extra) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        all.putAll(extra);
        return new ConnectionConfig(name, url, user, password, dataSource, poolMin, poolMax, connectTimeout, all);
    }

    /** {@return the URL, when the connection has one} */
    public Optional<String> urlValue() {
        return Optional.ofNullable(url);
    }

    /** {@return the URL with any password in it replaced by {@code ****}} */
    public String maskedUrl() {
        return url == null ? "DataSource " + dataSource.getClass().getName() : mask(url);
    }

    /**
     * Replaces passwords in a URL ({@code user:secret@host}, {@code password=secret}) with {@code ****}.
     *
     * @param url a URL, or {@code null}
     * @return the URL with its passwords masked, or {@code null} when {@code url} is {@code null}
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)(://[^:/@?]*:)[^@/]*@", "$1****@")
                .replaceAll("(?i)((?:password|pwd|secret)=)[^&;]*", "$1****");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ConnectionConfig[name=" + name + ", url=" + maskedUrl() + ", user=" + user
                + ", password=" + (password == null ? "none" : "****") + ", pool=" + poolMin + ".." + poolMax
                + ", connectTimeout=" + connectTimeout + ", properties=" + properties.keySet() + "]";
    }
}
