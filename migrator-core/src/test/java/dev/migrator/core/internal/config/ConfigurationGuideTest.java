package dev.migrator.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration file {@code docs/configuration.md} shows ({@code src/test/resources/docs/configuration/migrator.yaml},
 * included in the guide as it is) read as {@code configFile(path)} reads it, and the guide's examples of expressions.
 */
class ConfigurationGuideTest {

    private static final Path GUIDE_FILE = Path.of("src", "test", "resources", "docs", "configuration", "migrator.yaml");

    @TempDir
    Path dir;

    private static MigrationSettings codeDefaults() {
        return new MigrationSettings(List.of(), List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(),
                MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null, null,
                ConfigurationGuideTest.class.getClassLoader(), null);
    }

    private static MigrationSettings read(Path file, Map<String, String> env) {
        return new ConfigFile(file, env::get).mergeInto(codeDefaults());
    }

    @Test
    void guideFile_noVariablesSet_readsEveryValueWithTheDefaults() {
        MigrationSettings settings = read(GUIDE_FILE, Map.of());

        assertThat(settings.connections()).hasSize(1);
        ConnectionConfig core = settings.connections().get(0);
        assertThat(core.name()).isEqualTo("core");
        assertThat(core.url()).isEqualTo("jdbc:postgresql://localhost:5432/app");
        assertThat(core.user()).isEqualTo("postgres");
        assertThat(core.password()).as("${DATABASE_PASSWORD:} with the variable unset").isNull();
        assertThat(core.poolMin()).isEqualTo(1);
        assertThat(core.poolMax()).isEqualTo(8);
        assertThat(core.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.locations()).hasSize(2);
        assertThat(settings.locations().get(0).location()).isEqualTo("classpath:db/migration");
        assertThat(settings.locations().get(1).location()).isEqualTo("filesystem:db/cli");
        assertThat(settings.locations().get(1).target().connection()).isEqualTo("core");
        assertThat(settings.locations().get(1).target().schema()).isEqualTo("cli_{environment}");
        assertThat(settings.environments()).containsExactly("dev", "prod");
        assertThat(settings.placeholders()).containsExactly(Map.entry("owner", "app"));
        assertThat(settings.historyTable()).isEqualTo("migrator_history");
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void guideFile_variablesSet_areUsedInsteadOfTheDefaults() {
        MigrationSettings settings = read(GUIDE_FILE, Map.of("DATABASE_HOST", "db.internal", "DATABASE_PORT", "6432",
                "DATABASE_NAME", "shop", "DATABASE_USER", "shop_owner", "DATABASE_PASSWORD", "pw"));

        ConnectionConfig core = settings.connections().get(0);
        assertThat(core.url()).isEqualTo("jdbc:postgresql://db.internal:6432/shop");
        assertThat(core.user()).isEqualTo("shop_owner");
        assertThat(core.password()).isEqualTo("pw");
    }

    @Test
    void nestedDefault_asTheGuideWritesIt_takesTheFirstVariableSetElseTheDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("migrator.yaml"), "connections:\n  core:\n"
                + "    url: jdbc:postgresql://localhost:5432/app\n    user: ${DB_USER:${APP_USER:app}}\n");

        assertThat(read(file, Map.of("DB_USER", "db", "APP_USER", "application")).connections().get(0).user())
                .isEqualTo("db");
        assertThat(read(file, Map.of("APP_USER", "application")).connections().get(0).user()).isEqualTo("application");
        assertThat(read(file, Map.of()).connections().get(0).user()).isEqualTo("app");
    }

    @Test
    void literalDollarBrace_fromAnEnvironmentVariable_isKeptAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("migrator.yaml"), "connections:\n  core:\n"
                + "    url: jdbc:postgresql://localhost:5432/app\n    password: ${DATABASE_PASSWORD}\n");

        assertThat(read(file, Map.of("DATABASE_PASSWORD", "a${b}c")).connections().get(0).password()).isEqualTo("a${b}c");
    }

    @Test
    void shortDuration_asTheGuideWritesIt_isFiveMinutes() throws Exception {
        Path file = Files.writeString(dir.resolve("migrator.yaml"), "connections:\n  core:\n"
                + "    url: jdbc:postgresql://localhost:5432/app\nlockTimeout: 5m\n");

        assertThat(read(file, Map.of()).lockTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unsetVariableWithoutDefault_isAnErrorNamingTheFileAndTheOption() throws Exception {
        Path file = Files.writeString(dir.resolve("migrator.yaml"), "connections:\n  core:\n"
                + "    url: jdbc:postgresql://localhost:5432/app\n    user: ${APP_DB_USER}\n");

        assertThatThrownBy(() -> read(file, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining("connections.core.user")
                .hasMessageContaining("APP_DB_USER");
    }
}
