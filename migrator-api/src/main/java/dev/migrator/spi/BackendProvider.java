package dev.migrator.spi;

import dev.migrator.api.ConnectionConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A backend's entry point, registered in {@code META-INF/services/dev.migrator.spi.BackendProvider}. The engine
 * asks each provider whether it supports a connection and opens the first that does.
 */
public interface BackendProvider {

    /**
     * Short names of the databases supported, for messages, e.g. {@code [postgresql, mysql, mariadb]}.
     *
     * @return the names, e.g. {@code [postgresql, mysql, mariadb]}
     */
    String name();

    /**
     * {@return whether this backend serves the connection (by URL scheme, or by probing a data source's product name)}
     *
     * @param config the connection's settings
     */
    boolean supports(ConnectionConfig config);

    /**
     * Opens the backend for a connection. Implementations connect lazily or eagerly; either way a failure to connect
     * is a {@link dev.migrator.api.ConnectionFailedException} naming host and port, never the password.
     *
     * @param config the connection's settings
     * @return the backend; closing it closes what it built, never a borrowed data source
     */
    Backend open(ConnectionConfig config);

    /**
     * The user a connection URL of this backend names, for "installed by" when the configuration gives no user; never
     * the password. The default reads the URL's user-info part ({@code scheme://user:password@host/...}, percent-decoded);
     * a backend whose URLs name the user elsewhere too (JDBC's {@code user=} parameter) adds that.
     *
     * @param url a URL this provider {@link #supports}, or {@code null}
     * @return the user; empty when the URL names none
     */
    default Optional<String> urlUser(String url) {
        if (url == null) {
            return Optional.empty();
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return Optional.empty();
        }
        int hostStart = scheme + 3;
        int pathStart = url.indexOf('/', hostStart);
        int at = url.lastIndexOf('@', pathStart < 0 ? url.length() - 1 : pathStart);
        if (at < hostStart) {
            return Optional.empty();
        }
        String info = url.substring(hostStart, at);
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        return user.isEmpty() ? Optional.empty() : Optional.of(URLDecoder.decode(user, StandardCharsets.UTF_8));
    }
}
