package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.TransactionMode;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL only: DDL is transactional, so a failing script leaves nothing; scripts that cannot run in a
 * transaction run outside one while the lock is still held, without deadlocking.
 */
class PostgresTransactionsTest extends ItSupport {

    private static final String BROKEN_ORDERS = "-- orders\n"
            + "CREATE TABLE orders (id int primary key);\n"
            + "INSERT INTO no_such_table VALUES (1);\n"
            + "CREATE TABLE never_created (id int);\n";

    PostgresTransactionsTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Test
    void migrate_statementFailsMidScript_throwsWithIndexLineAndNameAndLeavesNothing() {
        MigrationManager m = manager(createTable("1", "users"), Script.of("2", "create_orders", BROKEN_ORDERS, null));

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCRIPT_FAILED);
                    assertThat(e.version().toString()).isEqualTo("2");
                    assertThat(e.scriptName()).isEqualTo("create_orders");
                    assertThat(e.statementIndex()).isEqualTo(2);
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.rolledBack()).isTrue();
                    assertThat(e.statementsCompleted()).isZero();
                    assertThat(e.sqlState()).contains("42P01");
                    assertThat(e.target()).isEqualTo(defaultTarget());
                })
                .hasMessageContaining("create_orders")
                .hasMessageContaining("no_such_table")
                .hasMessageContaining("line 3");

        assertThat(tableExists("users")).isTrue();
        assertThat(tableExists("orders")).as("the first statement of the failed script is rolled back").isFalse();
        assertThat(tableExists("never_created")).isFalse();
        assertThat(historyVersions()).as("no history row for the failed script").containsExactly("1");
    }

    @Test
    void migrate_afterFixingFailedScript_appliesIt() {
        assertThatThrownBy(() -> manager(createTable("1", "users"), Script.of("2", "create_orders", BROKEN_ORDERS, null))
                .migrate()).isInstanceOf(ScriptFailedException.class);
        String fixed = BROKEN_ORDERS.replace("INSERT INTO no_such_table VALUES (1);", "INSERT INTO orders VALUES (1);");

        manager(createTable("1", "users"), Script.of("2", "create_orders", fixed, null)).migrate();

        assertThat(rowCount("orders")).isEqualTo(1);
        assertThat(tableExists("never_created")).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success()).containsExactly("1:true", "2:true");
        assertThat(historyRow("2").statementsCompleted()).isEqualTo(3);
    }

    @Test
    void migrate_singleTransactionThirdScriptFails_leavesNothingOfAnyScript() {
        MigrationManager m = manager(
                createTable("1", "a"),
                createTable("2", "b"),
                Script.of("3", "broken", "CREATE TABLE c (id int);\nSELECT * FROM no_such_table;", null));

        assertThatThrownBy(() -> m.migrate(MigrateOptions.builder().singleTransaction(true).build()))
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.scriptName()).isEqualTo("broken");
                    assertThat(e.rolledBack()).isTrue();
                })
                .hasMessageContaining("broken");

        assertThat(tableExists("a")).isFalse();
        assertThat(tableExists("b")).isFalse();
        assertThat(tableExists("c")).isFalse();
        assertThat(history()).isEmpty();
    }

    @Test
    void migrate_singleTransactionAllSucceed_appliesAll() {
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"), createTable("3", "c"));

        m.migrate(MigrateOptions.builder().singleTransaction(true).build());

        assertThat(historyVersions()).containsExactly("1", "2", "3");
        assertThat(tableExists("c")).isTrue();
    }

    private static List<Script> indexScripts() {
        return List.of(
                Script.of("1", "create_items", "CREATE TABLE items (id int primary key, name text, code text);\n"
                        + "INSERT INTO items SELECT g, 'n' || g, 'c' || g FROM generate_series(1, 2000) g;", null),
                // Detected: CREATE INDEX CONCURRENTLY cannot run in a transaction.
                Script.of("2", "index_items_name", "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);", null),
                // Marked.
                Script.of("3", "index_items_code", "-- migrator:no-transaction\n"
                        + "CREATE INDEX CONCURRENTLY items_code_idx ON items (code);", null),
                Script.of("4", "create_after", "CREATE TABLE after_indexes (id int);", null));
    }

    private boolean indexValid(String index) {
        return Boolean.parseBoolean(queryStrings(
                "SELECT CASE WHEN i.indisvalid THEN 'true' ELSE 'false' END FROM pg_index i "
                        + "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ?", index).get(0));
    }

    @Test
    @Timeout(60)
    void migrate_createIndexConcurrently_runsOutsideTransactionAndIndexIsValid() {
        MigrationManager m = track(builder().scripts(indexScripts()).build());

        m.migrate();

        assertThat(indexValid("items_name_idx")).isTrue();
        assertThat(indexValid("items_code_idx")).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success())
                .containsExactly("1:true", "2:true", "3:true", "4:true");
    }

    @Test
    @Timeout(60)
    void migrate_createIndexConcurrentlyWhileOtherManagersWaitOnLock_completesWithoutDeadlock() throws Exception {
        int managers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(managers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < managers; i++) {
            MigrationManager m = track(builder().scripts(indexScripts()).build());
            futures.add(pool.submit(() -> {
                start.await();
                return m.migrate().applied().size();
            }));
        }
        start.countDown();
        int applied = 0;
        for (Future<Integer> f : futures) {
            applied += f.get(50, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        assertThat(applied).as("each script applied by exactly one manager").isEqualTo(4);
        assertThat(historyVersions()).containsExactly("1", "2", "3", "4");
        assertThat(indexValid("items_name_idx")).isTrue();
        assertThat(indexValid("items_code_idx")).isTrue();
    }

    @Test
    void migrate_markedNoTransaction_statementsCommitOneByOne() {
        MigrationManager m = manager(Script.of("1", "marked", "-- migrator:no-transaction\n"
                + "CREATE TABLE m1 (id int);\n"
                + "INSERT INTO no_such_table VALUES (1);\n", null));

        assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ScriptFailedException.class, e -> {
            assertThat(e.statementIndex()).isEqualTo(2);
            assertThat(e.rolledBack()).isFalse();
            assertThat(e.statementsCompleted()).isEqualTo(1);
        });

        assertThat(tableExists("m1")).as("outside a transaction the first statement stays").isTrue();
    }

    @Test
    void migrate_markedNoTransactionInFile_statementsCommitOneByOne(@TempDir Path dir) {
        write(dir, "V1__marked.sql", "-- migrator:no-transaction\n"
                + "CREATE TABLE m3 (id int);\n"
                + "INSERT INTO no_such_table VALUES (1);\n");
        MigrationManager m = track(builder().locations("filesystem:" + dir).build());

        assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ScriptFailedException.class, e -> {
            assertThat(e.statementIndex()).isEqualTo(2);
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.rolledBack()).isFalse();
            assertThat(e.statementsCompleted()).isEqualTo(1);
        });

        assertThat(tableExists("m3")).isTrue();
    }

    @Test
    void migrate_transactionModeNonTransactional_statementsCommitOneByOne() {
        MigrationManager m = manager(Script.builder("1", "non_tx")
                .up("CREATE TABLE m2 (id int);\nINSERT INTO no_such_table VALUES (1);")
                .transactionMode(TransactionMode.NON_TRANSACTIONAL)
                .build());

        assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ScriptFailedException.class,
                e -> assertThat(e.rolledBack()).isFalse());

        assertThat(tableExists("m2")).isTrue();
    }

    @Test
    void migrate_dollarQuotedFunctionBody_isOneStatement() {
        MigrationManager m = manager(Script.of("1", "create_function",
                "CREATE FUNCTION add_one(i int) RETURNS int AS $$\n"
                        + "BEGIN\n  RETURN i + 1; -- a ; inside\nEND;\n$$ LANGUAGE plpgsql;\n"
                        + "CREATE TABLE after_function (v int);\n"
                        + "INSERT INTO after_function VALUES (add_one(41));", null));

        m.migrate();

        assertThat(queryStrings("SELECT v FROM after_function")).containsExactly("42");
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3);
    }
}
