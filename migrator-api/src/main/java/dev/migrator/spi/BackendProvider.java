package dev.migrator.spi;

import dev.migrator.api.ConnectionConfig;

/**
 * A backend's entry point, registered in {@code META-INF/services/dev.migrator.spi.BackendProvider}. The engine
 * asks each provider whether it supports a connection and opens the first that does.
 */
public interface BackendProvider {

    /** Short names of the databases supported, for messages, e.g. {@code [postgresql, mysql, mariadb]}. */
    String name();

    /** Whether this backend serves the connection (by URL scheme, or by probing a data source's product name). */
    boolean supports(ConnectionConfig config);

    /**
     * Opens the backend for a connection. Implementations connect lazily or eagerly; either way a failure to connect
     * is a {@link dev.migrator.api.ConnectionFailedException} naming host and port, never the password.
     */
    Backend open(ConnectionConfig config);
}
