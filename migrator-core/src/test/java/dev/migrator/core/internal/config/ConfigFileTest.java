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

class ConfigFileTest {

    @TempDir
    Path dir;

    private static MigrationSettings codeDefaults(List<ConnectionConfig> connections) {
        return new MigrationSettings(connections, List.of(), List.of(), MigrationSettings.DEFAULT_HISTORY_TABLE, List.of(),
                MigrationSettings.DEFAULT_LOCK_TIMEOUT, Map.of(), List.of(), List.of(), true, false, true, null, null,
                ConfigFileTest.class.getClassLoader(), null);
    }

    @Test
    void yaml_withEnvironmentExpansionAndDefaults_merged() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, String.join("\n",
                "connections:",
                "  core:",
                "    url: jdbc:postgresql://${DATABASE_HOST:localhost}:${DATABASE_PORT:5432}/${DATABASE_NAME}",
                "    user: ${DATABASE_USER:postgres}",
                "    password: ${DATABASE_PASSWORD:}",
                "    pool: { min: 1, max: 8 }",
                "    connectTimeout: PT3S",
                "locations:",
                "  - classpath:db/migration",
                "  - { connection: core, schema: \"cli_{environment}\", location: \"filesystem:db/cli\" }",
                "environments: [dev, prod]",
                "placeholders: { owner: app }",
                "lockTimeout: 30",
                ""));
        Map<String, String> env = Map.of("DATABASE_HOST", "db.internal", "DATABASE_NAME", "app");
        MigrationSettings merged = new ConfigFile(file, env::get).mergeInto(codeDefaults(List.of()));

        ConnectionConfig core = merged.connections().get(0);
        assertThat(core.url()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
        assertThat(core.user()).isEqualTo("postgres");
        assertThat(core.password()).isNull();
        assertThat(core.poolMin()).isEqualTo(1);
        assertThat(core.poolMax()).isEqualTo(8);
        assertThat(core.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(merged.locations()).hasSize(2);
        assertThat(merged.locations().get(1).target().schema()).isEqualTo("cli_{environment}");
        assertThat(merged.environments()).containsExactly("dev", "prod");
        assertThat(merged.placeholders()).containsEntry("owner", "app");
        assertThat(merged.lockTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backupDirectory_inTheFile_isAcceptedAndResolvedFromTheFilesFolder() throws Exception {
        Path file = dir.resolve("migrator.json");
        Files.writeString(file, "{\"connections\": {\"core\": {\"url\": \"jdbc:postgresql://h/app\"}}, "
                + "\"backupDirectory\": \"backups\"}");
        MigrationSettings merged = new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of()));
        assertThat(merged.backupDirectory()).isEqualTo(dir.toAbsolutePath().resolve("backups"));
    }

    @Test
    void json_unsetVariableWithoutDefault_throwsNamingIt() throws Exception {
        Path file = dir.resolve("migrator.json");
        Files.writeString(file, "{\"connections\": {\"core\": {\"url\": \"jdbc:postgresql://${NO_SUCH_HOST_VAR}/app\"}}}");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("NO_SUCH_HOST_VAR is not set and has no default");
    }

    // Found by ConfigFileFuzzTest: the settings' own checks said what was wrong but not in which file.
    @Test
    void valueRefusedBySettingsChecks_messageNamesTheFile() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "connections:\n  \"co'''re\":\n    url: jdbc:postgresql://h/app\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": Connection name 'co'''re' is invalid: use 1 to 64 letters,"
                        + " digits, '_', '-' or '.', e.g. 'core'.");

        Files.writeString(file, "lockTimeout: P2D\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .hasMessage("Configuration file " + file + ": lockTimeout is PT48H; allowed: PT0S (do not wait) to P1D.");
    }

    // A duplicate key was read as "the last one wins", silently: the first value, perhaps the one meant, was ignored.
    @Test
    void yaml_duplicateKey_isRefusedNamingTheKeyAndBothLines() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, String.join("\n",
                "lockTimeout: 30",
                "connections:",
                "  core:",
                "    url: jdbc:postgresql://db/app",
                "    user: app",
                "    url: jdbc:postgresql://db/other",
                ""));
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": connections.core.url is set twice, on line 4 and on line 6;"
                        + " only one value can hold. Keep the one you mean and delete the other.");

        Files.writeString(file, "lockTimeout: 30\nhistoryTable: h\nlockTimeout: 60\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": lockTimeout is set twice, on line 1 and on line 3;"
                        + " only one value can hold. Keep the one you mean and delete the other.");
    }

    @Test
    void yaml_sameKeyInDifferentObjects_isRead() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, String.join("\n",
                "connections:",
                "  core:",
                "    url: jdbc:postgresql://db/app",
                "  other:",
                "    url: jdbc:postgresql://db/other",
                ""));
        MigrationSettings merged = new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of()));

        assertThat(merged.connections()).extracting(ConnectionConfig::url)
                .containsExactly("jdbc:postgresql://db/app", "jdbc:postgresql://db/other");
    }

    // Found trying the CLI from outside: the message named only seconds and ISO-8601 while "30s" was accepted too.
    @Test
    void duration_unknownUnit_messageNamesEveryAcceptedForm() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "lockTimeout: 9x\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": lockTimeout is '9x'; expected seconds (30), a number with ms,"
                        + " s, m, h, d or w (30s, 5m) or an ISO-8601 duration (PT30S, PT5M).");
    }

    // Seeded into ConfigFileFuzzTest's inputs: a NumberFormatException and an InvalidPathException escaped.
    @Test
    void durationOrFolderThatCannotBeRead_throwsNamingTheOption() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "lockTimeout: 99999999999999999999\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": lockTimeout is '99999999999999999999'; expected seconds (30),"
                        + " a number with ms, s, m, h, d or w (30s, 5m) or an ISO-8601 duration (PT30S, PT5M).");

        Files.writeString(file, "backupDirectory: \"bad\\0dir\"\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": backupDirectory is 'bad\0dir', which is not a path here"
                        + " (Nul character not allowed); give a folder such as backups or /var/backups/app.");
    }

    @Test
    void unknownKey_throwsListingAllowedKeys() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "historyTabel: x\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key 'historyTabel'")
                .hasMessageContaining("historyTable");
    }

    @Test
    void malformedYaml_throwsWithLine() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "connections:\n  core: {url: [unclosed\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is malformed at line");
    }

    @Test
    void codeConnection_overridesFileConnectionOfSameName() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "connections:\n  core:\n    url: jdbc:postgresql://file/app\n");
        MigrationSettings merged = new ConfigFile(file, k -> null)
                .mergeInto(codeDefaults(List.of(ConnectionConfig.of("core", "jdbc:postgresql://code/app", "u", null))));
        assertThat(merged.connections()).singleElement().satisfies(c -> assertThat(c.url()).contains("//code/"));
    }

    // Issue 16 item 10: ${A:${B:x}} became the literal text ${B:x} (it showed up as a user name in migrator info).
    @Test
    void nestedDefault_expandsTheInnerExpressionOnlyWhenTheOuterVariableIsUnset() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "connections:\n  core:\n    url: jdbc:postgresql://${DB_HOST:${FALLBACK_HOST:localhost}}/app\n"
                + "    user: ${DB_USER:${APP_USER}}\n");

        assertThat(new ConfigFile(file, Map.of("APP_USER", "app")::get).mergeInto(codeDefaults(List.of())).connections())
                .singleElement().satisfies(c -> {
                    assertThat(c.url()).isEqualTo("jdbc:postgresql://localhost/app");
                    assertThat(c.user()).isEqualTo("app");
                });
        assertThat(new ConfigFile(file, Map.of("FALLBACK_HOST", "db2", "APP_USER", "app")::get)
                        .mergeInto(codeDefaults(List.of())).connections())
                .singleElement().satisfies(c -> assertThat(c.url()).isEqualTo("jdbc:postgresql://db2/app"));
        // The inner variable is only needed when the outer one is unset.
        assertThat(new ConfigFile(file, Map.of("DB_HOST", "db1", "DB_USER", "deploy")::get)
                        .mergeInto(codeDefaults(List.of())).connections())
                .singleElement().satisfies(c -> {
                    assertThat(c.url()).isEqualTo("jdbc:postgresql://db1/app");
                    assertThat(c.user()).isEqualTo("deploy");
                });
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ", connections.core.user: environment variable APP_USER is"
                        + " not set and has no default. Set it, or write ${APP_USER:default}.");
    }

    @Test
    void environmentValue_isTakenAsItIsNeverExpandedAgain() throws Exception {
        Path file = dir.resolve("migrator.json");
        Files.writeString(file, "{\"connections\": {\"core\": {\"url\": \"jdbc:postgresql://h/app\", "
                + "\"password\": \"${DB_PASSWORD}\"}}}");
        MigrationSettings merged = new ConfigFile(file, Map.of("DB_PASSWORD", "p${ss:x}")::get)
                .mergeInto(codeDefaults(List.of()));
        assertThat(merged.connections().get(0).password()).isEqualTo("p${ss:x}");
    }

    @Test
    void nestingDeeperThanFourLevels_throwsNamingFileLineAndExpression() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "installedBy: ${A:${B:${C:${D:x}}}}\nhistoryTable: ${A:${B:${C:${D:${E:x}}}}}\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ", line 2, column 15 (historyTable): '${A:${B:${C:${D:${E:x}}}}}'"
                        + " nests defaults more than 4 deep. Use at most 4 levels, e.g. ${A:${B:${C:${D:x}}}}.");
    }

    @Test
    void unterminatedExpression_throwsNamingFileLineAndExpression() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "connections:\n  core:\n    url: jdbc:postgresql://h/app\n    user: ${DB_USER:${APP_USER}\n");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ", line 4, column 11 (connections.core.user): "
                        + "'${DB_USER:${APP_USER}' has no closing '}'. Close it; to use the text '${' itself, put the"
                        + " value in an environment variable and write ${NAME}: values from the environment are taken"
                        + " as they are.");

        Path json = dir.resolve("migrator.json");
        Files.writeString(json, "{\n  \"connections\": {\"core\": {\"url\": \"jdbc:postgresql://${DB_HOST/app\"}}\n}\n");
        assertThatThrownBy(() -> new ConfigFile(json, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Configuration file " + json + ", line 2, column 35 (connections.core.url): "
                        + "'${DB_HOST/' is not ${NAME} or ${NAME:default}");
    }

    @Test
    void emptyVariableName_throwsNamingFileLineAndExpression() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        for (String expression : List.of("${}", "${:x}")) {
            Files.writeString(file, "# a comment\ninstalledBy: \"deploy-" + expression + "\"\n");
            assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Configuration file " + file + ", line 2, column 14 (installedBy): '" + expression
                            + "' has no variable name. Write ${NAME} or ${NAME:default}, NAME being letters, digits"
                            + " or '_', not starting with a digit.");
        }
    }

    // A hostile value cannot exhaust the stack: the depth limit is checked before each level is parsed.
    @Test
    void hundredThousandNestedDefaults_throwTheDepthErrorNotStackOverflow() throws Exception {
        Path file = dir.resolve("migrator.json");
        Files.writeString(file, "{\"installedBy\": \"" + "${A:".repeat(100_000) + "x" + "}".repeat(100_000) + "\"}");
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ", line 1, column 17 (installedBy): '${A:${A:${A:${A:${A:${A:"
                        + "${A:${A:${A:${A:${A:${A:${A:${A:${A:${A:${A:${A:${A:${A:...' nests defaults more than 4 deep."
                        + " Use at most 4 levels, e.g. ${A:${B:${C:${D:x}}}}.");
    }

    @Test
    void fileThatIsNotUtf8_throwsNamingFileAndByte() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + " is not UTF-8 text: byte 3 starts no UTF-8 character. Save"
                        + " the file as UTF-8.");
    }

    @Test
    void folderGivenAsConfigurationFile_throwsSayingItIsNotARegularFile() {
        assertThatThrownBy(() -> new ConfigFile(dir, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + dir.toAbsolutePath() + " is not a regular file (a folder, pipe or"
                        + " device). Give the path of a .yaml, .yml or .json file to configFile(...).");
    }

    // Issue 18: the CLI reads the file through MigratorConfig.read with its own environment and its own sections.
    @Test
    void contents_withToolSection_keepsItExpandedAndLeavesUnsetSettingsEmpty() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, String.join("\n",
                "connections:",
                "  core: { url: \"postgres://u:p@h/app\", user: \"${DB_USER:app}\" }",
                "locations: [db, { connection: core, schema: s1, location: classpath:x }]",
                "lockTimeout: 5m",
                "metadata:",
                "  default: files",
                "  loaders: { files: { directory: \"${META_DIR:meta}\" } }",
                "  types: [object, 3]",
                ""));

        var config = new ConfigFile(file, Map.of("META_DIR", "m")::get).contents(java.util.Set.of("metadata"));

        assertThat(config.connections().get(0).url()).isEqualTo("postgres://u:p@h/app");
        assertThat(config.connections().get(0).user()).isEqualTo("app");
        assertThat(config.locations()).extracting(l -> l.location()).containsExactly("db", "classpath:x");
        assertThat(config.locations().get(1).target()).contains(dev.migrator.api.Target.of("core", "s1"));
        assertThat(config.lockTimeout()).contains(Duration.ofMinutes(5));
        assertThat(config.historyTable()).isEmpty();
        assertThat(config.createSchemas()).isEmpty();
        assertThat(config.toolSections()).containsEntry("metadata", Map.of("default", "files",
                "loaders", Map.of("files", Map.of("directory", "m")), "types", List.of("object", "3")));
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + ": unknown key 'metadata' at top level. Allowed: [backupDirectory,"
                        + " connections, createSchemas, environments, historyTable, installedBy, lintBeforeMigrate,"
                        + " lintThreshold, locations, lockRetries, lockTimeout, outOfOrder, placeholders,"
                        + " statementLockTimeout, targets, validateOnMigrate].");
    }

    @Test
    void contents_emptyFile_saysNothing_mergeInto_refusesIt() throws Exception {
        Path file = dir.resolve("migrator.yaml");
        Files.writeString(file, "");

        var config = new ConfigFile(file, k -> null).contents(java.util.Set.of());

        assertThat(config.connections()).isEmpty();
        assertThat(config.toolSections()).isEmpty();
        assertThatThrownBy(() -> new ConfigFile(file, k -> null).mergeInto(codeDefaults(List.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Configuration file " + file + " must hold an object with keys such as connections and"
                        + " locations; it holds nothing.");
    }
}
