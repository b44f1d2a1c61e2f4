package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data migrate --help} explains every key a data migration file may hold, and its percent signs render. */
class DataMigrationHelpTest {

    @TempDir
    Path dir;

    private CliRun cli(String... args) {
        return CliRun.of(Map.of(), dir, args);
    }

    @Test
    void help_documentsEveryKeyOfTheFile_andRendersPercentSigns() {
        CliRun help = cli("data", "migrate", "--help");

        assertThat(help.exit()).isZero();
        for (String key : DataMigrationFile.KEYS) {
            assertThat(help.out()).as(key).contains(key + ":");
        }
        assertThat(help.out()).contains("includeTypes").contains("excludeTypes").contains("maxErrorRate")
                .contains("10%").doesNotContain("%%").doesNotContain("%n");
        assertThat(help.err()).isEmpty();
    }
}
