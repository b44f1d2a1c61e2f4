package dev.migrator.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.engine.MigrationSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file docs/schema-migrations.md shows for the lock retry settings, read as a user's file is. */
class LockRetryConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void documentedFile_setsStatementLockTimeoutAndLockRetries() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        try (InputStream in = getClass().getResourceAsStream("/config/lock-retries.yaml")) {
            Files.copy(in, file);
        }
        MigrationSettings code = new MigrationSettings(List.of(), List.of(), List.of(),
                MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(), MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(),
                List.of(), List.of(), true, false, true, null, null, getClass().getClassLoader(), null);

        MigrationSettings merged = new ConfigFile(file, k -> null).mergeInto(code);

        assertThat(merged.statementLockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(merged.lockRetryAttempts()).isEqualTo(8);
        assertThat(merged.lockRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
    }
}
