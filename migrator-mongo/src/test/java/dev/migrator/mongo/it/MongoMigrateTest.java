package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Version;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * migrate() of JSON command scripts on MongoDB, through the official driver: what only MongoDB shows (indexes, the lease
 * lock document, a failure outside a transaction, the JSON script parser). The engine behaviour every backend shares is
 * the test kit's {@code MigrateContract}.
 */
class MongoMigrateTest extends MongoItSupport {

    private void usersScripts() {
        write("V1__create_users.json", """
                [
                  {"createCollection": "users"},
                  {"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "users_email", "unique": true}]}
                ]
                """);
        write("V2__seed_users.json", """
                [
                  {"insert": "users", "documents": [
                    {"_id": 1, "email": "a@example.com", "created": {"$date": "2025-01-01T00:00:00Z"}},
                    {"_id": 2, "email": "b@example.com"}
                  ]},
                  {"update": "users", "updates": [{"q": {}, "u": {"$set": {"active": true}}, "multi": true}]}
                ]
                """);
    }

    @Test
    void migrate_runsEveryCommandInOrderAndRecordsHistory() {
        usersScripts();

        MigrateResult result = manager().migrate();

        assertThat(result.applied()).extracting(e -> e.version().toString()).containsExactly("1", "2");
        assertThat(collections()).contains("users", HISTORY);
        assertThat(indexNames("users")).contains("users_email");
        assertThat(db.database().getCollection("users").find(new Document("active", true)).into(new java.util.ArrayList<>()))
                .hasSize(2);
        List<Document> rows = history();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("_id", 1).containsEntry("installed_rank", 1).containsEntry("version", "1")
                .containsEntry("name", "create_users").containsEntry("type", "JSON").containsEntry("success", true)
                .containsEntry("statements_completed", 2).containsKeys("checksum", "checksum_algorithm", "installed_by",
                        "installed_at", "execution_time_ms");
        assertThat(rows.get(1)).containsEntry("version", "2").containsEntry("statements_completed", 2);
    }

    @Test
    void migrate_isIdempotent_secondRunAppliesNothingAndTakesNoLock() {
        usersScripts();
        manager().migrate();

        MigrateResult again = manager().migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(again.targets()).singleElement().satisfies(t -> assertThat(t.currentVersion()).contains(Version.parse("2")));
        assertThat(count("users")).isEqualTo(2);
        assertThat(count(HISTORY + "_lock")).isZero();
    }

    @Test
    void uniqueIndexViolation_onStandalone_isRecordedAsFailedWithCommandIndex_andBlocksUntilRepair() {
        usersScripts();
        write("V3__bad_seed.json", """
                [
                  {"insert": "users", "documents": [{"_id": 3, "email": "c@example.com"}]},
                  {"insert": "users", "documents": [{"_id": 4, "email": "a@example.com"}]},
                  {"insert": "users", "documents": [{"_id": 5, "email": "e@example.com"}]}
                ]
                """);
        MigrationManager m = manager();

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("V3__bad_seed").contains("2");
                    assertThat(e.statementIndex()).isEqualTo(2);
                    assertThat(e.line()).isEqualTo(3);
                })
                .hasMessageContaining("E11000");

        List<Document> rows = history();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2)).containsEntry("version", "3").containsEntry("success", false)
                .containsEntry("statements_completed", 1);
        assertThat(count("users")).isEqualTo(3); // the first command's document stays: no transactions here
        assertThatThrownBy(() -> manager().migrate()).isInstanceOf(FailedMigrationPendingException.class)
                .hasMessageContaining("repair");

        db.database().getCollection("users").deleteOne(new Document("_id", 3));
        write("V3__bad_seed.json", """
                [
                  {"insert": "users", "documents": [{"_id": 3, "email": "c@example.com"}]},
                  {"insert": "users", "documents": [{"_id": 4, "email": "d@example.com"}]}
                ]
                """);
        manager().repair();
        MigrateResult fixed = manager().migrate();

        assertThat(fixed.applied()).extracting(e -> e.version().toString()).containsExactly("3");
        assertThat(count("users")).isEqualTo(4);
        assertThat(history()).extracting(d -> d.getBoolean("success")).containsOnly(true);
    }

    @Test
    void malformedJson_namesFileLineAndColumn_andChangesNothing() {
        usersScripts();
        manager().migrate();
        write("V3__broken.json", """
                [
                  {"insert": "users", "documents": [{"_id": 9}]},
                  {"insert": "users" "documents": []}
                ]
                """);

        assertThatThrownBy(() -> manager().migrate())
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("V3__broken.json")
                .hasMessageContaining("line 3")
                .hasMessageContaining("column");

        assertThat(count("users")).isEqualTo(2);
        assertThat(history()).hasSize(2);
    }

    @Test
    void unknownCommand_namesScriptAndCommandIndex_beforeAnythingRuns() {
        write("V1__weird.json", """
                [
                  {"insert": "things", "documents": [{"_id": 1}]},
                  {"frobnicate": "things"}
                ]
                """);

        assertThatThrownBy(() -> manager().migrate())
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("V1__weird.json")
                .hasMessageContaining("command #2")
                .hasMessageContaining("frobnicate");

        assertThat(collections()).doesNotContain("things");
    }
}
