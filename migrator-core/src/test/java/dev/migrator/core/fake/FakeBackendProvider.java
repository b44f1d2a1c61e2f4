package dev.migrator.core.fake;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;

/**
 * Serves {@code fake:mem:<name>} URLs (optionally {@code ?ddl=autocommit}) with an in-memory backend, registered for
 * migrator-core's tests in {@code META-INF/services}. Managers opened on the same name share one {@link FakeDatabase}.
 */
public final class FakeBackendProvider implements BackendProvider {

    static final String PREFIX = "fake:mem:";

    /** The URL of the database of that name, DDL transactional. */
    public static String url(String name) {
        return PREFIX + name;
    }

    /** The URL of the database of that name where each DDL statement commits by itself, as on MySQL. */
    public static String autocommitDdlUrl(String name) {
        return PREFIX + name + "?ddl=autocommit";
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean supports(ConnectionConfig config) {
        return config.url() != null && config.url().startsWith(PREFIX);
    }

    @Override
    public Backend open(ConnectionConfig config) {
        String rest = config.url().substring(PREFIX.length());
        int q = rest.indexOf('?');
        String name = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        if (name.isEmpty()) {
            throw new ConfigurationException("A fake URL names its database: fake:mem:<name>, not " + config.url() + ".");
        }
        FakeBackend.Ddl ddl = switch (query) {
            case "" -> FakeBackend.Ddl.TRANSACTIONAL;
            case "ddl=autocommit" -> FakeBackend.Ddl.AUTOCOMMIT;
            default -> throw new ConfigurationException("Unknown fake URL parameters '" + query + "' in " + config.url()
                    + "; the only one is ddl=autocommit.");
        };
        return new FakeBackend(FakeDatabase.named(name), ddl);
    }
}
