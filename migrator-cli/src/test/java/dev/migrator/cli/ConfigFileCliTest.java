package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.EnvironmentValues;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool's own reading of {@code migrator.yaml}/{@code --config} (issue 16 items 9 and 10): the same expressions and
 * the same size limit as {@code MigrationManager.Builder.configFile(...)}, run in-process with an injected environment.
 */
class ConfigFileCliTest {

    @TempDir
    Path dir;

    private TestDatabase db;

    @BeforeEach
    void setUp() {
        db = TestDatabases.postgres();
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private CliRun cli(Map<String, String> environment, String... args) {
        return CliRun.of(environment, dir, args);
    }

    private Path config(String userLine) throws IOException {
        return Files.writeString(dir.resolve("migrator.yaml"),
                "connections:\n  core:\n    url: " + db.url() + "\n    user: " + userLine + "\n");
    }

    // Issue 16 item 10: the CLI had its own regex, which stopped at the first '}' and showed "${APP_USER:postgres}"
    // as the user.
    @Test
    void info_nestedDefault_showsTheValueOfTheInnerVariable() throws Exception {
        config("${DB_USER:${APP_USER:postgres}}");

        CliRun inner = cli(Map.of("APP_USER", "app_owner"), "info", "--json");
        CliRun outer = cli(Map.of("DB_USER", "deploy", "APP_USER", "app_owner"), "info", "--json");
        CliRun neither = cli(Map.of(), "info", "--json");

        assertThat(inner.exit()).as(inner.all()).isZero();
        assertThat(inner.json().path("connections").get(0).path("user").asText()).isEqualTo("app_owner");
        assertThat(outer.json().path("connections").get(0).path("user").asText()).isEqualTo("deploy");
        assertThat(neither.json().path("connections").get(0).path("user").asText()).isEqualTo("postgres");
    }

    @Test
    void info_unterminatedExpression_exitsTwoNamingFileLineAndExpression() throws Exception {
        Path file = config("${DB_USER:${APP_USER}");

        CliRun run = cli(Map.of("APP_USER", "app_owner"), "info");

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("Error: Configuration file " + file + ", line 4, column 11 (connections.core.user):"
                + " '${DB_USER:${APP_USER}' has no closing '}'. Close it; to use the text '${' itself, put the value in an"
                + " environment variable and write ${NAME}: values from the environment are taken as they are.\n");
    }

    @Test
    void info_unsetVariableWithoutDefault_exitsTwoNamingFileAndOption() throws Exception {
        Path file = config("${DB_USER:${APP_USER}}");

        CliRun run = cli(Map.of(), "info");

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        // Issue 18: the library's reader now reads the CLI's file too, so this message is the library's (", option:").
        assertThat(run.err()).isEqualTo("Error: Configuration file " + file + ", connections.core.user: environment"
                + " variable APP_USER is not set and has no default. Set it, or write ${APP_USER:default}.\n");
    }

    @Test
    void info_malformedExpressionInAPassword_neverShowsThePassword() throws Exception {
        Files.writeString(dir.resolve("migrator.yaml"), "connections:\n  core:\n    url: " + db.url()
                + "\n    user: postgres\n    password: 'hunter2${oops-Tail-S3cret'\n");

        CliRun run = cli(Map.of(), "info", "--verbose");

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("(connections.core.password): a ${...} expression in this secret value is "
                + "malformed (the value is not shown)").doesNotContain("hunter2").doesNotContain("Tail-S3cret");
    }

    // Issue 16 item 9: the CLI read the whole file with Files.readString, whatever its size.
    @Test
    void info_twoMebibyteConfigFile_exitsTwoNamingSizeAndLimitWithoutReadingIt() throws Exception {
        Path file = config("postgres");
        String head = Files.readString(file) + "# ";
        Files.writeString(file, head + "x".repeat(2 * 1024 * 1024 - head.length()) + "\n");
        long size = Files.size(file);

        long start = System.nanoTime();
        CliRun run = cli(Map.of(), "info", "--json");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("Error: Configuration file " + file + " is " + size + " bytes; a configuration"
                + " file may hold at most 1048576 bytes (1 MiB). Nothing was read. Check that it is the file you meant:"
                + " connections and settings belong there, data does not.\n");
        assertThat(run.json().path("error").path("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);
        assertThat(millis).as("refused before reading").isLessThan(5_000);
    }

    @Test
    void info_configFileOfExactlyTheLimit_isRead_oneByteMore_isRefused() throws Exception {
        Path file = config("${DB_USER:${APP_USER:postgres}}");
        String head = Files.readString(file) + "# ";
        int limit = Math.toIntExact(EnvironmentValues.MAX_CONFIG_FILE_BYTES);
        Files.writeString(file, head + "x".repeat(limit - head.length() - 1) + "\n");
        assertThat(Files.size(file)).isEqualTo(limit);

        CliRun atLimit = cli(Map.of("APP_USER", "app_owner"), "info", "--json", "--config", "migrator.yaml");
        Files.writeString(file, " ", java.nio.file.StandardOpenOption.APPEND);
        CliRun over = cli(Map.of("APP_USER", "app_owner"), "info", "--config", "migrator.yaml");

        assertThat(atLimit.exit()).as(atLimit.all()).isZero();
        assertThat(atLimit.json().path("connections").get(0).path("user").asText()).isEqualTo("app_owner");
        assertThat(over.exit()).as(over.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(over.err()).startsWith("Error: Configuration file " + file + " is " + (limit + 1) + " bytes; a"
                + " configuration file may hold at most " + limit + " bytes (1 MiB).");
    }

    @Test
    void info_configFileThatIsNotUtf8_exitsTwoNamingFileAndByte() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        CliRun run = cli(Map.of(), "info");

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("Error: Configuration file " + file + " is not UTF-8 text: byte 3 starts no"
                + " UTF-8 character. Save the file as UTF-8.\n");
    }
}
