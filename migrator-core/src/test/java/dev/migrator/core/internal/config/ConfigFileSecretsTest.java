package dev.migrator.core.internal.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.migrator.spi.engine.MigrationSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileSecretsTest {

    @TempDir
    Path dir;

    @Test
    void malformedExpressionInAPassword_neitherMessageNorCauseShowsIt() throws Exception {
        Path file = Files.writeString(dir.resolve("migrator.yaml"), "connections:\n  core:\n"
                + "    url: jdbc:postgresql://localhost/app\n    password: 'hunter2${oops-Tail-S3cret'\n");

        MigrationSettings code = new MigrationSettings(List.of(), List.of(), List.of(),
                MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(), MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(),
                List.of(), List.of(), true, false, true, null, null, getClass().getClassLoader(), null);

        assertThatThrownBy(() -> new ConfigFile(file, Map.<String, String>of()::get).mergeInto(code))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    org.assertj.core.api.Assertions.assertThat(trace.toString())
                            .contains("line 4").contains("(connections.core.password): a ${...} expression in this "
                                    + "secret value is malformed (the value is not shown)")
                            .doesNotContain("hunter2").doesNotContain("Tail-S3cret");
                });
    }
}
