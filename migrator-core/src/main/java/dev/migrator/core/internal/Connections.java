package dev.migrator.core.internal;

import dev.migrator.api.BackendNotFoundException;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's named connections: who each one connects as, and opening each one's backend through the providers
 * {@link ServiceLoader} finds with the builder's class loader. The engine owns (and closes) the backends it opens.
 */
final class Connections {

    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    private final List<ConnectionConfig> list;
    private final Map<String, ConnectionConfig> byName;
    /** Iterated lazily and cached by the loader: providers after the one a connection needs are never instantiated. */
    private final ServiceLoader<BackendProvider> providers;

    Connections(List<ConnectionConfig> list, ClassLoader classLoader) {
        if (list.isEmpty()) {
            throw new ConfigurationException("No connection configured. Add one with connection(\"core\", "
                    + "\"jdbc:postgresql://localhost:5432/app\", user, password), or in the configuration file.");
        }
        Map<String, ConnectionConfig> conns = new LinkedHashMap<>();
        for (ConnectionConfig c : list) {
            conns.put(c.name(), c);
        }
        this.list = List.copyOf(list);
        this.byName = Map.copyOf(conns);
        this.providers = ServiceLoader.load(BackendProvider.class, classLoader);
    }

    Map<String, ConnectionConfig> byName() {
        return byName;
    }

    /** Every connection's name, in the order configured; the first is the default. */
    List<String> names() {
        List<String> names = new ArrayList<>(list.size());
        for (ConnectionConfig c : list) {
            names.add(c.name());
        }
        return List.copyOf(names);
    }

    /** Who each connection connects as, where known: its user, else the user its backend finds in its URL. */
    Map<String, String> users() {
        Map<String, String> users = new HashMap<>();
        for (ConnectionConfig c : list) {
            // The backend knows where its URLs name a user; a data source is never probed for it here.
            BackendProvider provider = c.user() != null || c.url() == null ? null : providerFor(c);
            String user = c.user() != null ? c.user() : provider == null ? null : provider.urlUser(c.url()).orElse(null);
            if (user != null) {
                users.put(c.name(), user);
            }
        }
        return Map.copyOf(users);
    }

    /** Opens every connection's backend; on any failure closes those already opened and throws. */
    Map<String, Backend> open() {
        Map<String, Backend> opened = new LinkedHashMap<>();
        try {
            for (ConnectionConfig c : list) {
                BackendProvider provider = providerFor(c);
                if (provider == null) {
                    List<String> found = new ArrayList<>();
                    providers.forEach(p -> found.add(p.name()));
                    throw new BackendNotFoundException("No backend supports " + c.maskedUrl() + " (connection '" + c.name()
                            + "'). Found: " + found
                            + ". Add dev.migrator:migrator-jdbc for PostgreSQL, MySQL and MariaDB (jdbc:postgresql:, "
                            + "jdbc:mysql:, jdbc:mariadb:) or dev.migrator:migrator-mongo for MongoDB (mongodb://); "
                            + "in a shaded jar, merge META-INF/services files.");
                }
                opened.put(c.name(), provider.open(c));
                LOG.debug("Connection {}: {}", c.name(), c);
            }
        } catch (RuntimeException e) {
            opened.values().forEach(Connections::closeQuietly);
            throw e;
        }
        return Map.copyOf(opened);
    }

    /** The first provider that supports the connection, or {@code null}. */
    private BackendProvider providerFor(ConnectionConfig c) {
        for (BackendProvider p : providers) {
            if (p.supports(c)) {
                return p;
            }
        }
        return null;
    }

    static void closeQuietly(Backend backend) {
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing backend {} failed: {}", backend.product(), e.toString());
        }
    }

    /** The masked URLs, for {@code toString()}. */
    List<String> maskedUrls() {
        return byName.values().stream().map(ConnectionConfig::maskedUrl).toList();
    }
}
