package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --json} every failure is one JSON document on stdout of one shape: {@code ok: false} and
 * {@code error: {code, exitCode, message}}, the exit code the process returns; usage errors included.
 */
class JsonErrorsCliTest {

    @TempDir
    Path dir;

    private static void assertFailure(CliRun run, int exit, String code) {
        assertThat(run.exit()).as(run.all()).isEqualTo(exit);
        JsonNode doc = run.json();
        assertThat(doc.path("ok").isBoolean()).as(run.out()).isTrue();
        assertThat(doc.path("ok").asBoolean()).isFalse();
        assertThat(doc.path("error").path("code").asText()).as(run.out()).isEqualTo(code);
        assertThat(doc.path("error").path("exitCode").asInt()).isEqualTo(exit);
        assertThat(doc.path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void usageErrors_withJson_printOneJsonDocument() {
        assertFailure(CliRun.of(Map.of(), dir, "status", "--json", "--no-such-flag"), ExitCodes.USAGE, "USAGE");
        assertFailure(CliRun.of(Map.of(), dir, "--json", "frobnicate"), ExitCodes.USAGE, "USAGE");
        assertFailure(CliRun.of(Map.of(), dir, "rollback", "--steps", "many", "--json"), ExitCodes.USAGE, "USAGE");
        assertFailure(CliRun.of(Map.of(), dir, "backup", "--json"), ExitCodes.USAGE, "USAGE");
        CliRun unknown = CliRun.of(Map.of(), dir, "status", "--json", "--no-such-flag");
        assertThat(unknown.json().path("error").path("message").asText()).contains("--no-such-flag");
        assertThat(unknown.json().path("command").asText()).isEqualTo("status");
    }

    @Test
    void usageErrors_withoutJson_stayText() {
        CliRun run = CliRun.of(Map.of(), dir, "status", "--no-such-flag");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--no-such-flag");
    }

    @Test
    void validateAndBackupVerify_failures_carryTheErrorObject() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("db"));
        Files.writeString(scripts.resolve("V1__notes.sql"), "CREATE TABLE notes (id int PRIMARY KEY, body text);");
        try (TestDatabase db = TestDatabases.postgres()) {
            Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", db.url()));
            if (db.user() != null) {
                env.put("DATABASE_USER", db.user());
            }
            if (db.password() != null && !db.password().isEmpty()) {
                env.put("DATABASE_PASSWORD", db.password());
            }
            assertThat(CliRun.of(env, dir, "migrate", "--location", "db").exit()).isZero();
            CliRun backup = CliRun.of(env, dir, "backup", "create", "--tables", "public.notes", "--compression", "none",
                    "--json");
            assertThat(backup.exit()).as(backup.all()).isZero();
            JsonNode manifest = backup.json().path("backup");
            Files.writeString(scripts.resolve("V1__notes.sql"), "CREATE TABLE notes (id bigint PRIMARY KEY, body text);");

            assertFailure(CliRun.of(env, dir, "validate", "--location", "db", "--json"), ExitCodes.VALIDATION,
                    "VALIDATION_FAILED");

            Path file = dir.resolve("backups").resolve(manifest.path("id").asText()).resolve(fileOf(dir, manifest));
            Files.writeString(file, "{\"damaged\":true}\n", StandardOpenOption.APPEND);
            assertFailure(CliRun.of(env, dir, "backup", "verify", manifest.path("id").asText(), "--json"),
                    ExitCodes.VALIDATION, "BACKUP_CORRUPT");
        }
    }

    /** The name of the backup's one table file. */
    private static String fileOf(Path dir, JsonNode manifest) throws Exception {
        try (var files = Files.list(dir.resolve("backups").resolve(manifest.path("id").asText()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("manifest.json")).findFirst()
                    .orElseThrow();
        }
    }
}
