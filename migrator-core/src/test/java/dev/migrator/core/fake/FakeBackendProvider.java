package dev.migrator.core.fake;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;

/**
 * Serves {@code fake:mem:<name>} URLs (optionally {@code ?ddl=autocommit}, {@code product=<name>} for the product it
 * says it is, {@code restores=<product>} for another product whose backups it takes; joined with {@code &}) with an
 * in-memory backend, registered for
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
        FakeBackend.Ddl ddl = FakeBackend.Ddl.TRANSACTIONAL;
        String product = "fake";
        String restores = null;
        for (String param : query.isEmpty() ? new String[0] : query.split("&")) {
            if (param.equals("ddl=autocommit")) {
                ddl = FakeBackend.Ddl.AUTOCOMMIT;
            } else if (param.startsWith("product=")) {
                product = param.substring("product=".length());
            } else if (param.startsWith("restores=")) {
                restores = param.substring("restores=".length());
            } else {
                throw new ConfigurationException("Unknown fake URL parameters '" + query + "' in " + config.url()
                        + "; the only ones are ddl=autocommit, product=<name> and restores=<product>.");
            }
        }
        return new FakeBackend(FakeDatabase.named(name), ddl, product, restores);
    }
}
