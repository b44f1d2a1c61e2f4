package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.DryRunResult;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions on a replica set or sharded cluster: a script and its history entry commit together, a failure rolls
 * both back and fails the run loudly.
 *
 * <p>The in-process test server has no transactions, so these tests run only against a real server: set
 * {@code MIGRATOR_TEST_MONGO_URI} to a replica set (a single node started with {@code --replSet rs0} will do), or run
 * where Docker is available (Testcontainers starts one). Elsewhere they are reported as skipped with this reason.
 */
class MongoTransactionsTest extends MongoItSupport {

    @BeforeEach
    void requireTransactions() {
        assumeTrue(db.transactions(), "MongoDB server (" + db.origin() + ") has no transactions: the in-process server "
                + "lacks them. Set MIGRATOR_TEST_MONGO_URI to a replica set to run these tests.");
    }

    private void createAccounts() {
        // DDL first, in a script of its own: collection creation runs outside transactions.
        write("V1__create_accounts.json", "[{\"createCollection\": \"accounts\"},"
                + "{\"createIndexes\": \"accounts\", \"indexes\": [{\"key\": {\"email\": 1}, \"name\": \"accounts_email\", \"unique\": true}]}]");
    }

    @Test
    void dataScript_commitsWithItsHistoryEntry() {
        createAccounts();
        write("V2__seed.json", "[{\"insert\": \"accounts\", \"documents\": [{\"_id\": 1, \"email\": \"a@x\"}]},"
                + "{\"update\": \"accounts\", \"updates\": [{\"q\": {\"_id\": 1}, \"u\": {\"$set\": {\"active\": true}}}]}]");

        manager().migrate();

        assertThat(db.database().getCollection("accounts").find().first()).containsEntry("active", true);
        assertThat(history()).extracting(d -> d.getString("version") + ":" + d.getBoolean("success")).containsExactly("1:true", "2:true");
    }

    @Test
    void failingDataScript_rollsBackEveryCommandAndWritesNoHistory_andFailsTheRunLoudly() {
        createAccounts();
        manager().migrate();
        write("V2__seed.json", "[{\"insert\": \"accounts\", \"documents\": [{\"_id\": 1, \"email\": \"a@x\"}]},"
                + "{\"insert\": \"accounts\", \"documents\": [{\"_id\": 2, \"email\": \"a@x\"}]}]");
        write("V3__later.json", "[{\"insert\": \"later\", \"documents\": [{\"_id\": 1}]}]");
        MigrationManager m = manager();

        assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ScriptFailedException.class, e -> {
            assertThat(e.rolledBack()).isTrue();
            assertThat(e.statementIndex()).isEqualTo(2);
        });

        assertThat(db.database().getCollection("accounts").countDocuments()).as("the first insert was rolled back").isZero();
        assertThat(history()).extracting(d -> d.getString("version")).containsExactly("1");
        assertThat(collections()).doesNotContain("later");
    }

    @Test
    void javaMigration_getsTheTransactionsSession_andItsWritesRollBackWithTheScript() {
        createAccounts();
        manager().migrate();
        MigrationManager m = track(builder().script(Script.builder("2", "java_tx").up(ctx -> {
            ClientSession session = ctx.unwrap(ClientSession.class);
            assertThat(session.hasActiveTransaction()).isTrue();
            ctx.unwrap(MongoDatabase.class).getCollection("accounts").insertOne(session, new Document("_id", 7).append("email", "j@x"));
            throw new IllegalStateException("fail after the write");
        }).build()).build());

        assertThatThrownBy(m::migrate).isInstanceOf(ScriptFailedException.class).hasMessageContaining("fail after the write");

        assertThat(db.database().getCollection("accounts").countDocuments()).isZero();
    }

    @Test
    void dryRun_executesDataScriptsInATransactionThatIsRolledBack() {
        createAccounts();
        manager().migrate();
        write("V2__seed.json", "[{\"insert\": \"accounts\", \"documents\": [{\"_id\": 1, \"email\": \"a@x\"}]}]");

        DryRunResult result = manager().dryRun(MigrateOptions.defaults());

        assertThat(result.executedAndRolledBack()).hasSize(1);
        assertThat(db.database().getCollection("accounts").countDocuments()).isZero();
        assertThat(history()).hasSize(1);
    }
}
