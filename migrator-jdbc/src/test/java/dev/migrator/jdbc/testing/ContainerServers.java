package dev.migrator.jdbc.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers fallback, kept in its own class so that Testcontainers is not loaded at all when an environment
 * URL or the local service works. Containers live until the JVM exits (Testcontainers' reaper removes them).
 */
final class ContainerServers {

    private ContainerServers() {}

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // lives for the JVM
    static TestDatabases.Server postgres() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:15");
        pg.start();
        return TestDatabases.Server.fromUrl(
                TestDatabase.Kind.POSTGRESQL, pg.getJdbcUrl(), pg.getUsername(), pg.getPassword(), "Testcontainers postgres:15");
    }

    @SuppressWarnings("resource") // lives for the JVM
    static TestDatabases.Server mariadb() {
        // The root user may create databases; MariaDBContainer gives root the same password as its user.
        MariaDBContainer maria = new MariaDBContainer("mariadb:10.11");
        maria.start();
        return TestDatabases.Server.fromUrl(
                TestDatabase.Kind.MARIADB, maria.getJdbcUrl(), "root", maria.getPassword(), "Testcontainers mariadb:10.11");
    }
}
