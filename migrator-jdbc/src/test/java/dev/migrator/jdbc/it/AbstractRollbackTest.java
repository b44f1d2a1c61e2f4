package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MissingDownScriptException;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** rollback(steps) and rollbackTo(version): downs newest first, all or nothing. */
abstract class AbstractRollbackTest extends ItSupport {

    // c references b, so dropping b before c fails: the database itself proves the order.
    private static final Script A = createTable("1", "a");
    private static final Script B = createTable("2", "b");
    private static final Script C = Script.of("3", "create_c",
            "CREATE TABLE c (id int primary key, b_id int, FOREIGN KEY (b_id) REFERENCES b (id))", "DROP TABLE c");

    AbstractRollbackTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private MigrationManager migrated(Script... scripts) {
        MigrationManager m = manager(scripts);
        m.migrate();
        return m;
    }

    @Test
    void rollbackOne_undoesNewestScriptAndRemovesItsHistoryRow() {
        MigrationManager m = migrated(A, B, C);

        RollbackResult result = m.rollback(1);

        assertThat(result.rolledBack()).singleElement().satisfies(e -> {
            assertThat(e.version().toString()).isEqualTo("3");
            assertThat(e.name()).isEqualTo("create_c");
            assertThat(e.target()).isEqualTo(defaultTarget());
        });
        assertThat(tableExists("c")).isFalse();
        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2");

        m.migrate();

        assertThat(tableExists("c")).as("a rolled back script is pending again").isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }

    @Test
    void rollbackSteps_runsDownsNewestFirst() {
        MigrationManager m = migrated(A, B, C);

        RollbackResult result = m.rollback(2);

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("3", "2");
        assertThat(tableExists("c")).isFalse();
        assertThat(tableExists("b")).isFalse();
        assertThat(tableExists("a")).isTrue();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    void rollbackTo_undoesEverythingNewerAndKeepsThatVersion() {
        MigrationManager m = migrated(A, B, C);

        RollbackResult result = m.rollbackTo("1");

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("3", "2");
        assertThat(tableExists("a")).isTrue();
        assertThat(tableExists("b")).isFalse();
        assertThat(tableExists("c")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    void rollback_missingDownAmongNeeded_throwsNamingItAndRollsBackNothing() {
        Script bWithoutDown = Script.of("2", "create_b", "CREATE TABLE b (id int primary key)", null);
        Script cIndependent = createTable("3", "c");
        MigrationManager m = migrated(A, bWithoutDown, cIndependent);

        assertThatThrownBy(() -> m.rollback(2))
                .isInstanceOf(MissingDownScriptException.class)
                .hasMessageContaining("create_b")
                .satisfies(e -> assertThat(((MissingDownScriptException) e).code()).isEqualTo(ErrorCode.MISSING_DOWN_SCRIPT));

        assertThat(tableExists("c")).as("the down of 3 must not run when 2 has none").isTrue();
        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }

    @Test
    void rollbackTo_missingDownAmongNeeded_throwsAndRollsBackNothing() {
        Script bWithoutDown = Script.of("2", "create_b", "CREATE TABLE b (id int primary key)", null);
        MigrationManager m = migrated(A, bWithoutDown, createTable("3", "c"));

        assertThatThrownBy(() -> m.rollbackTo("1"))
                .isInstanceOf(MissingDownScriptException.class)
                .hasMessageContaining("create_b");

        assertThat(tableExists("c")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }
}
