package dev.migrator.examples.junit;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a freshly migrated PostgreSQL schema: before each test it creates a
 * schema with a unique name, applies the application's scripts to it with {@link MigrationManager#migrate(Target)},
 * and hands it to the test as a {@link MigratedSchema} parameter; after the test it drops the schema. Tests never see
 * each other's rows, and they may run in parallel, since each has its own schema, history table and lock.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MigratedDatabaseExtension DATABASE = MigratedDatabaseExtension
 *         .on(() -> new MigratedDatabaseExtension.Server(url, user, password))
 *         .locations("classpath:db/migration");
 *
 * @Test
 * void savesAUser(MigratedSchema schema) throws SQLException {
 *     try (Connection c = schema.connect()) { ... }   // search_path is the test's schema
 * }
 * }</pre>
 *
 * <p>The server is asked for in {@code beforeAll}, so a supplier that throws JUnit's {@code TestAbortedException}
 * (no database here) marks the class as skipped. One manager serves the whole class and is closed after it, with the
 * server ({@link Server#close()}).
 */
public final class MigratedDatabaseExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MigratedDatabaseExtension.class);
    private static final String CONNECTION = "test";

    /**
     * The PostgreSQL database the schemas are created in; closed after the test class.
     *
     * @param url a JDBC URL
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}
     * @param onClose what to do after the class (e.g. drop a database made for it), or {@code null}
     */
    public record Server(String url, String user, String password, AutoCloseable onClose) implements AutoCloseable {

        /** A server that is left as it is afterwards. */
        public Server(String url, String user, String password) {
            this(url, user, password, null);
        }

        @Override
        public void close() throws Exception {
            if (onClose != null) {
                onClose.close();
            }
        }

        @Override
        public String toString() {
            return "Server[" + ConnectionConfig.mask(url) + (user == null ? "" : " as " + user) + "]";
        }
    }

    /**
     * The schema of one test, migrated.
     *
     * @param name the schema's name, e.g. {@code it_3f9c1a2b7d4e}
     * @param migration what {@code migrate} applied to it
     */
    public record MigratedSchema(String name, MigrateResult migration, Server server) {

        /** A new connection whose search path is this schema; the caller closes it. */
        public Connection connect() throws SQLException {
            Connection c = DriverManager.getConnection(server.url(), properties(server));
            c.setSchema(name);
            return c;
        }

        @Override
        public String toString() {
            return "MigratedSchema[" + name + "]";
        }
    }

    private final Supplier<Server> servers;
    private final List<String> locations = new ArrayList<>();
    private Server server;
    private MigrationManager manager;

    private MigratedDatabaseExtension(Supplier<Server> servers) {
        this.servers = servers;
    }

    /** An extension whose schemas live on the server the supplier gives, asked for once per test class. */
    public static MigratedDatabaseExtension on(Supplier<Server> server) {
        return new MigratedDatabaseExtension(server);
    }

    /** Where the scripts are, as for {@link MigrationManager.Builder#locations(String...)}. */
    public MigratedDatabaseExtension locations(String... more) {
        locations.addAll(List.of(more));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = servers.get();
        // Scripts without a schema apply to whichever schema they are migrated into: here, each test's own.
        manager = MigrationManager.builder()
                .connection(CONNECTION, server.url(), server.user(), server.password())
                .locations(locations.toArray(String[]::new))
                .build();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        MigrateResult result = manager.migrate(Target.of(CONNECTION, schema));
        context.getStore(NAMESPACE).put(MigratedSchema.class, new MigratedSchema(schema, result, server));
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        MigratedSchema schema = context.getStore(NAMESPACE).remove(MigratedSchema.class, MigratedSchema.class);
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(server.url(), properties(server));
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA \"" + schema.name() + "\" CASCADE");
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (manager != null) {
                manager.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MigratedSchema.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(MigratedSchema.class, MigratedSchema.class);
    }

    private static Properties properties(Server server) {
        Properties props = new Properties();
        if (server.user() != null) {
            props.setProperty("user", server.user());
        }
        if (server.password() != null) {
            props.setProperty("password", server.password());
        }
        return props;
    }
}
