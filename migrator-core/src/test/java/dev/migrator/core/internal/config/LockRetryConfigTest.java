package dev.migrator.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock retry settings in a configuration file, merged with the code's, and their range checks. */
class LockRetryConfigTest {

    @TempDir
    Path dir;

    private static MigrationSettings code(Duration statementLockTimeout, int attempts, Duration maxBackoff) {
        return new MigrationSettings(List.of(), List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(),
                MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null, null,
                LockRetryConfigTest.class.getClassLoader(), null,
                new MigrationSettings.Lint(dev.migrator.api.LintMode.OFF, dev.migrator.api.LintThreshold.DEFAULT),
                statementLockTimeout, attempts, maxBackoff, List.of(), List.of());
    }

    private static MigrationSettings codeDefaults() {
        return code(MigrationSettings.DEFAULT_STATEMENT_LOCK_TIMEOUT, MigrationSettings.DEFAULT_LOCK_RETRY_ATTEMPTS,
                MigrationSettings.DEFAULT_LOCK_RETRY_MAX_BACKOFF);
    }

    private MigrationSettings read(String yaml, MigrationSettings code) throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, yaml);
        return new ConfigFile(file, k -> null).mergeInto(code);
    }

    @Test
    void defaults_areFiveSecondsFiveAttemptsTenSecondsApart() {
        MigrationSettings s = new MigrationSettings(List.of(), List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE,
                List.of(), MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null,
                null, getClass().getClassLoader(), null);

        assertThat(s.statementLockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.lockRetryAttempts()).isEqualTo(5);
        assertThat(s.lockRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void file_setsStatementLockTimeoutAndLockRetries_whenTheCodeLeftTheDefaults() throws Exception {
        MigrationSettings merged = read("statementLockTimeout: 2s\nlockRetries: { attempts: 8, maxBackoff: 30s }\n",
                codeDefaults());

        assertThat(merged.statementLockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(merged.lockRetryAttempts()).isEqualTo(8);
        assertThat(merged.lockRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void file_attemptsWithoutMaxBackoff_keepsTheDefaultBackoff() throws Exception {
        MigrationSettings merged = read("lockRetries: { attempts: 1 }\nstatementLockTimeout: 0\n", codeDefaults());

        assertThat(merged.statementLockTimeout()).isZero();
        assertThat(merged.lockRetryAttempts()).isEqualTo(1);
        assertThat(merged.lockRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void code_winsOverTheFile_whereItSetAValue() throws Exception {
        MigrationSettings merged = read("statementLockTimeout: 2s\nlockRetries: { attempts: 8, maxBackoff: 30s }\n",
                code(Duration.ofMillis(300), 3, Duration.ofSeconds(1)));

        assertThat(merged.statementLockTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(merged.lockRetryAttempts()).isEqualTo(3);
        assertThat(merged.lockRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void file_lockRetriesWithoutAttemptsOrWithUnknownKey_isRefusedNamingTheKey() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        assertThatThrownBy(() -> read("lockRetries: { maxBackoff: 30s }\n", codeDefaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": lockRetries needs attempts (1 to 100), e.g. lockRetries:"
                        + " { attempts: 5, maxBackoff: 10s }.");
        assertThatThrownBy(() -> read("lockRetries: { attempts: 3, backoff: 30s }\n", codeDefaults()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key 'backoff'");
    }

    @Test
    void outOfRangeValues_areRefusedWithOptionValueAndRange() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        assertThatThrownBy(() -> read("statementLockTimeout: 2h\n", codeDefaults()))
                .hasMessage("Configuration file " + file + ": statementLockTimeout is PT2H; allowed: PT0S (off: the"
                        + " session's own setting applies) or PT0.001S to PT1H.");
        assertThatThrownBy(() -> read("lockRetries: { attempts: 0 }\n", codeDefaults()))
                .hasMessage("Configuration file " + file + ": lockRetries attempts is 0; allowed: 1 (no retry) to 100.");
        assertThatThrownBy(() -> read("lockRetries: { attempts: 3, maxBackoff: 11m }\n", codeDefaults()))
                .hasMessage("Configuration file " + file + ": lockRetries maxBackoff is PT11M; allowed: PT0S to PT10M.");
        assertThatThrownBy(() -> code(Duration.ofNanos(1000), 5, Duration.ZERO))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("statementLockTimeout is PT0.000001S; allowed: PT0S (off: the session's own setting applies) or"
                        + " PT0.001S to PT1H.");
    }
}
