package dev.migrator.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The properties file {@code docs/http-service.md} shows ({@code src/test/resources/docs/http-service/
 * migration-service.properties}, included in the guide as it is), read as the service reads it.
 */
class ServiceConfigGuideTest {

    private static final Path GUIDE_FILE =
            Path.of("src", "test", "resources", "docs", "http-service", "migration-service.properties");
    private static final Map<String, String> ENV = Map.of("MIGRATOR_HTTP_TOKEN", "a-token-of-24-characters",
            "CORE_DB_USER", "app", "CORE_DB_PASSWORD", "core-password");

    @Test
    void guideFile_readsEveryValue_secretsFromTheNamedVariables() {
        ServiceConfig config = ServiceConfig.fromFile(GUIDE_FILE, ENV::get);

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.threads()).isEqualTo(4);
        assertThat(config.backupDirectory()).isEqualTo(Path.of("/var/backups/migrator"));
        assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.clientTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxBodyBytes()).isEqualTo(65536);
        assertThat(config.token()).isEqualTo("a-token-of-24-characters");
        assertThat(config.connections()).containsOnlyKeys("core", "cli");
        ServiceConfig.Connection core = config.connections().get("core");
        assertThat(core.url()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(core.user()).isEqualTo("app");
        assertThat(core.password()).isEqualTo("core-password");
        assertThat(core.locations()).containsExactly("classpath:db/migration");
        assertThat(core.schemaPattern()).isNull();
        ServiceConfig.Connection cli = config.connections().get("cli");
        assertThat(cli.url()).isEqualTo("jdbc:postgresql://db:5432/cli");
        assertThat(cli.locations()).containsExactly("filesystem:/srv/db/cli");
        assertThat(cli.schemaPattern()).isEqualTo("cli_{environment}");
        assertThat(cli.environments()).containsExactly("dev", "staging", "prod");
        assertThat(config.toString()).doesNotContain("core-password").doesNotContain("a-token-of-24-characters");
    }

    /** Why the guide's comments stand on lines of their own: a properties file has no end-of-line comments. */
    @Test
    void commentAtTheEndOfALine_isPartOfTheValue_andRefused() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader("lockTimeout=PT30S   # how long a run waits for the database lock\n"));

        assertThatThrownBy(() -> ServiceConfig.fromProperties(p, ENV::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lockTimeout is 'PT30S   # how long a run waits for the database lock'");
    }

    @Test
    void unknownKey_isRefused() {
        Properties p = new Properties();
        p.setProperty("connection.core.pasword", "x");

        assertThatThrownBy(() -> ServiceConfig.fromProperties(p, ENV::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'connection.core.pasword'");
    }

    @Test
    void onlyAConnection_listensOnLocalhost8080_withTheDefaults() {
        Properties p = new Properties();
        p.setProperty("connection.core.url", "jdbc:postgresql://db:5432/app");
        p.setProperty("connection.core.locations", "classpath:db/migration");
        ServiceConfig config = ServiceConfig.fromProperties(p, ENV::get);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.threads()).isEqualTo(4);
        assertThat(config.backupDirectory()).isEqualTo(Path.of("backups"));
        assertThat(config.clientTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(config.connections()).containsOnlyKeys("core");
    }
}
