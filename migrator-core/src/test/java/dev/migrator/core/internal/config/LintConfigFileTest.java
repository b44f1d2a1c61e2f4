package dev.migrator.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.LintMode;
import dev.migrator.api.LintThreshold;
import dev.migrator.api.MigratorConfig;
import dev.migrator.spi.engine.MigrationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lintBeforeMigrate} and {@code lintThreshold} in a configuration file, merged with the code's. */
class LintConfigFileTest {

    @TempDir
    Path dir;

    private static MigrationSettings code(LintMode mode, LintThreshold threshold) {
        return new MigrationSettings(List.of(), List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(),
                MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null, null,
                LintConfigFileTest.class.getClassLoader(), null, new MigrationSettings.Lint(mode, threshold),
                MigrationSettings.DEFAULT_STATEMENT_LOCK_TIMEOUT, MigrationSettings.DEFAULT_LOCK_RETRY_ATTEMPTS,
                MigrationSettings.DEFAULT_LOCK_RETRY_MAX_BACKOFF, List.of(), List.of());
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("migrator.yaml"), yaml);
    }

    private MigrationSettings.Lint merged(String yaml, MigrationSettings code) throws Exception {
        return new ConfigFile(write(yaml), k -> null).mergeInto(code).lint();
    }

    @Test
    void file_setsTheModeAndTheThreshold_whenTheCodeLeftTheDefaults() throws Exception {
        MigrationSettings.Lint lint = merged("lintBeforeMigrate: fail\nlintThreshold: { rows: 5000, bytes: 8MB }\n",
                code(LintMode.OFF, LintThreshold.DEFAULT));

        assertThat(lint.beforeMigrate()).isEqualTo(LintMode.FAIL);
        assertThat(lint.threshold()).isEqualTo(new LintThreshold(5000, 8L * 1024 * 1024));
    }

    @Test
    void file_modeInAnyCase_andAThresholdPartLeftOut_isTheDefaultsPart() throws Exception {
        MigrationSettings.Lint lint = merged("lintBeforeMigrate: WARN\nlintThreshold: { rows: 1000 }\n",
                code(LintMode.OFF, LintThreshold.DEFAULT));

        assertThat(lint.beforeMigrate()).isEqualTo(LintMode.WARN);
        assertThat(lint.threshold()).isEqualTo(new LintThreshold(1000, LintThreshold.DEFAULT.bytes()));
        assertThat(merged("lintThreshold: { bytes: 1gb }\n", code(LintMode.OFF, LintThreshold.DEFAULT)).threshold())
                .isEqualTo(new LintThreshold(LintThreshold.DEFAULT.rows(), 1L << 30));
        assertThat(merged("lintThreshold: { bytes: 4096 }\n", code(LintMode.OFF, LintThreshold.DEFAULT)).threshold()
                .bytes()).isEqualTo(4096);
    }

    @Test
    void file_off_unquotedInYaml_isOff() throws Exception {
        MigrationSettings.Lint lint = merged("lintBeforeMigrate: off\n", code(LintMode.OFF, LintThreshold.DEFAULT));

        assertThat(lint.beforeMigrate()).isEqualTo(LintMode.OFF);
        assertThat(new ConfigFile(write("lintBeforeMigrate: off\n"), k -> null).contents(Set.of()).lintBeforeMigrate())
                .contains(LintMode.OFF);
    }

    @Test
    void nothingInTheFile_keepsOffAndTheDefaultThreshold() throws Exception {
        MigrationSettings.Lint lint = merged("historyTable: h\n", code(LintMode.OFF, LintThreshold.DEFAULT));

        assertThat(lint).isEqualTo(new MigrationSettings.Lint(LintMode.OFF, LintThreshold.DEFAULT));
    }

    @Test
    void code_winsOverTheFile_whereItSetAValueOtherThanTheDefault() throws Exception {
        MigrationSettings.Lint lint = merged("lintBeforeMigrate: fail\nlintThreshold: { rows: 5000 }\n",
                code(LintMode.WARN, new LintThreshold(10, 20)));

        assertThat(lint.beforeMigrate()).isEqualTo(LintMode.WARN);
        assertThat(lint.threshold()).isEqualTo(new LintThreshold(10, 20));
    }

    @Test
    void contents_holdsTheValuesAsRead_andTheOlderConstructorsLeaveThemEmpty() throws Exception {
        MigratorConfig config = new ConfigFile(write("lintBeforeMigrate: warn\nlintThreshold: { rows: 7, bytes: 2KB }\n"),
                k -> null).contents(Set.of());

        assertThat(config.lintBeforeMigrate()).contains(LintMode.WARN);
        assertThat(config.lintThreshold()).contains(new LintThreshold(7, 2048));
        MigratorConfig older = new MigratorConfig(dir, List.of(), List.of(), List.of(), List.of(), Map.of(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), Map.of());
        assertThat(older.lintBeforeMigrate()).isEmpty();
        assertThat(older.lintThreshold()).isEmpty();
    }

    @Test
    void unknownValues_areRefusedNamingTheKeyTheValueAndWhatIsAccepted() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        MigrationSettings defaults = code(LintMode.OFF, LintThreshold.DEFAULT);

        assertThatThrownBy(() -> merged("lintBeforeMigrate: strict\n", defaults))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": lintBeforeMigrate is 'strict'; expected off, warn or fail.");
        assertThatThrownBy(() -> merged("lintThreshold: { rows: many }\n", defaults))
                .hasMessage("Configuration file " + file + ": lintThreshold.rows is 'many'; expected a whole number.");
        assertThatThrownBy(() -> merged("lintThreshold: { bytes: 100 megabytes }\n", defaults))
                .hasMessage("Configuration file " + file + ": lintThreshold.bytes is '100 megabytes'; expected bytes"
                        + " (104857600) or a whole number with B, KB, MB, GB or TB (100MB, 1GB; 1KB = 1024 bytes).");
        assertThatThrownBy(() -> merged("lintThreshold: { rows: 0 }\n", defaults))
                .hasMessage("Configuration file " + file + ": lintThreshold is rows=0, bytes=104857600; allowed: both 1 or"
                        + " more, e.g. lintThreshold: { rows: 100000, bytes: 100MB } (the default).");
        assertThatThrownBy(() -> merged("lintThreshold: { row: 10 }\n", defaults))
                .hasMessage("Configuration file " + file + ": unknown key 'row' at lintThreshold. Allowed: [bytes, rows].");
        assertThatThrownBy(() -> merged("lintThreshold: 100\n", defaults))
                .hasMessage("Configuration file " + file + ": lintThreshold must be an object.");
    }
}
