package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code validate} agree on whether there is a problem: status counts the problems validate finds,
 * exits as validate does, and says "Up to date." only when validate finds nothing and nothing is pending.
 */
class StatusValidateAgreeTest {

    @TempDir
    Path dir;

    private static Map<String, String> env(TestDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.putAll(CliRun.environment(db));
        return env;
    }

    @Test
    void newestAppliedScriptDeleted_validateValid_statusReportsNoProblem() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__one.sql"), "CREATE TABLE one (id int);");
        Files.writeString(scripts.resolve("V2__two.sql"), "CREATE TABLE two (id int);");
        try (TestDatabase db = TestDatabases.postgres()) {
            Map<String, String> env = env(db);
            assertThat(CliRun.of(env, dir, "migrate", "--location", "db").exit()).isZero();
            // A newer deployment's script, unknown to this (older) checkout: shown as missing, not a problem.
            Files.delete(scripts.resolve("V2__two.sql"));

            CliRun validate = CliRun.of(env, dir, "validate", "--location", "db");
            CliRun status = CliRun.of(env, dir, "status", "--location", "db");
            JsonNode json = CliRun.of(env, dir, "status", "--location", "db", "--json").json();

            assertThat(validate.exit()).as(validate.all()).isZero();
            assertThat(status.exit()).as(status.all()).isZero();
            assertThat(status.out()).contains("missing").doesNotContain("problem");
            assertThat(json.path("ok").asBoolean()).isTrue();
            assertThat(json.path("problems").asInt()).isZero();
        }
    }

    @Test
    void failedScriptDeletedLocally_statusIsNotUpToDateAndExitsAsValidate() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__one.sql"), "CREATE TABLE one (id int);");
        Files.writeString(scripts.resolve("V2__bad.sql"), "CREATE TABLE two (id int);\nINSERT INTO nowhere VALUES (1);");
        try (TestDatabase db = TestDatabases.mariadb()) {
            Map<String, String> env = env(db);
            assertThat(CliRun.of(env, dir, "migrate", "--location", "db").exit()).isNotZero();
            // On MariaDB the failed script stays in the history as failed; its file is then removed.
            Files.delete(scripts.resolve("V2__bad.sql"));

            CliRun validate = CliRun.of(env, dir, "validate", "--location", "db");
            CliRun status = CliRun.of(env, dir, "status", "--location", "db");
            CliRun json = CliRun.of(env, dir, "status", "--location", "db", "--json");

            assertThat(validate.exit()).as(validate.all()).isEqualTo(ExitCodes.VALIDATION);
            assertThat(status.exit()).as(status.all()).isEqualTo(ExitCodes.VALIDATION);
            assertThat(status.out()).doesNotContain("Up to date.").contains("1 problem(s)");
            assertThat(json.exit()).isEqualTo(ExitCodes.VALIDATION);
            assertThat(json.json().path("ok").asBoolean()).isFalse();
            assertThat(json.json().path("problems").asInt()).isEqualTo(1);
            assertThat(json.json().path("error").path("exitCode").asInt()).isEqualTo(ExitCodes.VALIDATION);
        }
    }
}
