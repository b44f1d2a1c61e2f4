package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MissingDownScriptException;
import dev.migrator.api.RollbackResult;
import dev.migrator.api.Script;
import org.junit.jupiter.api.Test;

/** rollback(steps) and rollbackTo(version): downs newest first, all or nothing. */
public abstract class RollbackContract extends KitSupport {

    private Script a() {
        return createTable("1", "a");
    }

    private Script b() {
        return createTable("2", "b");
    }

    // c references b, so where the database enforces references, dropping b before c fails: the database itself
    // proves the order (MongoDB enforces none; there the results' order proves it).
    private Script c() {
        KitServer s = server();
        return Script.of("3", "create_c", s.script(s.createTableReferencing("c", "b")), s.script(s.dropTable("c")));
    }

    /** Version 2 creating b, with no down script. */
    private Script bWithoutDown() {
        return Script.of("2", "create_b", server().script(server().createTable("b")), null);
    }

    private MigrationManager migrated(Script... scripts) {
        MigrationManager m = manager(scripts);
        m.migrate();
        return m;
    }

    @Test
    public void rollbackOne_undoesNewestScriptAndRemovesItsHistoryRow() {
        MigrationManager m = migrated(a(), b(), c());

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
    public void rollbackSteps_runsDownsNewestFirst() {
        MigrationManager m = migrated(a(), b(), c());

        RollbackResult result = m.rollback(2);

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("3", "2");
        assertThat(tableExists("c")).isFalse();
        assertThat(tableExists("b")).isFalse();
        assertThat(tableExists("a")).isTrue();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    public void rollbackTo_undoesEverythingNewerAndKeepsThatVersion() {
        MigrationManager m = migrated(a(), b(), c());

        RollbackResult result = m.rollbackTo("1");

        assertThat(result.rolledBack()).extracting(e -> e.version().toString()).containsExactly("3", "2");
        assertThat(tableExists("a")).isTrue();
        assertThat(tableExists("b")).isFalse();
        assertThat(tableExists("c")).isFalse();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    public void rollback_missingDownAmongNeeded_throwsNamingItAndRollsBackNothing() {
        Script cIndependent = createTable("3", "c");
        MigrationManager m = migrated(a(), bWithoutDown(), cIndependent);

        assertThatThrownBy(() -> m.rollback(2))
                .isInstanceOf(MissingDownScriptException.class)
                .hasMessageContaining("create_b")
                .satisfies(e -> assertThat(((MissingDownScriptException) e).code()).isEqualTo(ErrorCode.MISSING_DOWN_SCRIPT));

        assertThat(tableExists("c")).as("the down of 3 must not run when 2 has none").isTrue();
        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }

    @Test
    public void rollbackTo_missingDownAmongNeeded_throwsAndRollsBackNothing() {
        MigrationManager m = migrated(a(), bWithoutDown(), createTable("3", "c"));

        assertThatThrownBy(() -> m.rollbackTo("1"))
                .isInstanceOf(MissingDownScriptException.class)
                .hasMessageContaining("create_b");

        assertThat(tableExists("c")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "2", "3");
    }
}
