package dev.migrator.examples.http;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MigrationService#main}: the configuration from a file or the environment, then serving until stopped. */
final class ServiceLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

    private ServiceLauncher() {}

    static void run(String[] args) throws Exception {
        Function<String, String> env = ServiceLauncher::env;
        String file = args.length > 0 ? args[0] : env.apply("MIGRATOR_HTTP_CONFIG");
        EmbeddedPostgres embedded = null;
        ServiceConfig config;
        try {
            if (file != null) {
                config = ServiceConfig.fromFile(Path.of(file), env);
            } else {
                if (env.apply(ServiceConfig.DEFAULT_TOKEN_ENV) == null) {
                    System.err.println("Set " + ServiceConfig.DEFAULT_TOKEN_ENV + " to the bearer token clients will "
                            + "send (at least " + ServiceConfig.MIN_TOKEN_LENGTH + " characters), e.g.\n  export "
                            + ServiceConfig.DEFAULT_TOKEN_ENV + "=$(openssl rand -hex 24)");
                    System.exit(2);
                }
                Properties p = new Properties();
                p.setProperty("host", envOr(env, "MIGRATOR_HTTP_HOST", "127.0.0.1"));
                p.setProperty("port", envOr(env, "MIGRATOR_HTTP_PORT", "8080"));
                p.setProperty("backupDirectory", envOr(env, "MIGRATOR_HTTP_BACKUP_DIR", "backups"));
                p.setProperty("connection.core.locations", "classpath:db/migration");
                if (env.apply("MIGRATOR_URL") != null) {
                    p.setProperty("connection.core.urlEnv", "MIGRATOR_URL");
                    if (env.apply("MIGRATOR_USER") != null) {
                        p.setProperty("connection.core.userEnv", "MIGRATOR_USER");
                    }
                    if (env.apply("MIGRATOR_PASSWORD") != null) {
                        p.setProperty("connection.core.passwordEnv", "MIGRATOR_PASSWORD");
                    }
                } else {
                    System.out.println("No MIGRATOR_HTTP_CONFIG or MIGRATOR_URL set: starting an embedded PostgreSQL ...");
                    embedded = EmbeddedPostgres.builder().start();
                    p.setProperty("connection.core.url", embedded.getJdbcUrl("postgres", "postgres"));
                    p.setProperty("connection.core.user", "postgres");
                }
                config = ServiceConfig.fromProperties(p, env);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            if (embedded != null) {
                embedded.close();
            }
            System.exit(2);
            return;
        }
        MigrationService service;
        try {
            service = MigrationService.start(config);
        } catch (IOException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        EmbeddedPostgres database = embedded;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.stop(Duration.ofSeconds(30));
                if (database != null) {
                    database.close();
                }
            } catch (IOException e) {
                LOG.warn("Could not stop the embedded PostgreSQL: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }, "migrator-http-shutdown"));
        System.out.println("Migration service: " + service.uri() + " (connections " + config.connections().keySet()
                + "; Ctrl-C stops it)");
        System.out.println("  curl " + service.uri() + "/health");
        System.out.println("  curl -H \"Authorization: Bearer $" + ServiceConfig.DEFAULT_TOKEN_ENV + "\" '"
                + service.uri() + "/status?connection=core'");
        System.out.println("  curl -H \"Authorization: Bearer $" + ServiceConfig.DEFAULT_TOKEN_ENV + "\" -H "
                + "'Content-Type: application/json' -d '{\"connection\": \"core\", \"schema\": \"tenant_1\"}' "
                + service.uri() + "/migrate");
        // Serve until the JVM is told to stop; a main that returned would end the program under mvn exec:java.
        stopped.await();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String envOr(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null ? fallback : value;
    }
}
