package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.FailedMigrationPendingException;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.jdbc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 2: a script run outside a transaction pays for its progress record once per group of statements that
 * never commit by themselves (DML), not once per statement; the group and its record commit together or not at all.
 * On MariaDB every script runs that way; on PostgreSQL a script with a statement that cannot run in a transaction
 * ({@code CREATE INDEX CONCURRENTLY}) does. Each test prepares table {@code g} and uses {@link #selfCommitting(int)}
 * for a statement that commits by itself.
 */
abstract class AbstractProgressMarkerTest extends ItSupport {

    AbstractProgressMarkerTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** A statement that commits by itself and fails if run twice (it creates object {@code d_n}). */
    abstract String selfCommitting(int n);

    /** Whether object {@code d_n} of {@link #selfCommitting(int)} exists. */
    abstract boolean selfCommitted(int n);

    /** A statement that sleeps {@code seconds}. */
    abstract String sleep(int seconds);

    /** Ends the session running a statement that starts with {@code prefix}, from outside; true once it did. */
    abstract boolean killSessionRunning(String prefix);

    /** Adds triggers counting the committed inserts and updates of the history table into {@code history_writes}. */
    abstract void countHistoryWrites();

    @BeforeEach
    void createTableG() {
        sql("CREATE TABLE g (id int primary key)");
    }

    private static String insert(int id) {
        return "INSERT INTO g VALUES (" + id + ")";
    }

    private static String script(String... statements) {
        return String.join(";\n", statements) + ";\n";
    }

    private List<String> ids() {
        return queryStrings("SELECT id FROM g ORDER BY id");
    }

    private long historyWrites() {
        return queryLong("SELECT n FROM history_writes");
    }

    @Test
    void migrate_dmlBetweenSelfCommittingStatements_writesTheHistoryOncePerGroupAndPerSelfCommittingStatement() {
        manager(createTable("1", "users")).migrate(); // the history table exists: the counting triggers can go on it
        countHistoryWrites();
        List<String> statements = new ArrayList<>();
        statements.add(selfCommitting(1));
        IntStream.rangeClosed(1, 10).forEach(i -> statements.add(insert(i)));
        statements.add(selfCommitting(2));
        IntStream.rangeClosed(11, 20).forEach(i -> statements.add(insert(i)));
        Script mixed = Script.of("2", "mixed", script(statements.toArray(String[]::new)), null);

        manager(createTable("1", "users"), mixed).migrate();

        // The entry before statement 1, the count after each of the 2 self-committing statements but the last
        // statement, the first group's count with its commit, the success with the last group's commit: 2 + 2 + 1.
        // Before issue 17 it was the entry, one count per statement but the last, and the success: 1 + 21 + 1 = 23.
        long mixedWrites = historyWrites();
        assertThat(mixedWrites).as("history writes of 10 DML + 1 self-committing + 10 DML + 1 self-committing").isEqualTo(5);
        assertThat(historyRow("2").statementsCompleted()).isEqualTo(22);
        assertThat(historyRow("2").success()).isTrue();
        assertThat(ids()).hasSize(20);

        String dml = script(IntStream.rangeClosed(21, 30).mapToObj(AbstractProgressMarkerTest::insert).toArray(String[]::new));
        // A PostgreSQL script of DML alone runs in a transaction anyway; add what makes it run outside one (and costs
        // the entry before it and the count after it).
        Script dmlOnly = Script.of("3", "dml_only", postgres() ? "CREATE INDEX CONCURRENTLY g_idx ON g (id);\n" + dml : dml, null);
        manager(createTable("1", "users"), mixed, dmlOnly).migrate();

        long dmlOnlyWrites = historyWrites() - mixedWrites;
        System.out.println("progress marker " + kind + ": history writes, 10+1+10+1 mixed script " + mixedWrites
                + " (23 before), DML-only script " + dmlOnlyWrites);
        assertThat(dmlOnlyWrites).as("history writes of a script of 10 DML").isEqualTo(postgres() ? 3 : 1);
        assertThat(historyRow("3").success()).isTrue();
        assertThat(ids()).hasSize(30);
    }

    @Test
    void migrate_statementFailsInsideDmlGroup_rollsTheGroupBackAndTheHistoryCountsTheStatementsBeforeIt() {
        String broken = script(selfCommitting(1), insert(1), insert(2), insert(1), selfCommitting(2));
        String fixed = script(selfCommitting(1), insert(1), insert(2), insert(3), selfCommitting(2));

        assertThatThrownBy(manager(Script.of("1", "grouped", broken, null))::migrate)
                .isInstanceOfSatisfying(ScriptFailedException.class, e -> {
                    assertThat(e.statementIndex()).isEqualTo(4);
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.statementsCompleted()).isEqualTo(1);
                    assertThat(e.rolledBack()).isFalse();
                })
                .hasMessageContaining("at statement 4 of 5 (line 4): INSERT INTO g VALUES (1)")
                .hasMessageContaining("1 statement(s) completed and stay applied")
                .hasMessageContaining("statement(s) 2 to 3 ran in one transaction with the failing statement and were rolled "
                        + "back with it. The history records the script as failed after 1 statement(s).")
                .hasMessageContaining("continue from statement 2");

        assertThat(ids()).as("the group's inserts were rolled back with the failing one").isEmpty();
        assertThat(selfCommitted(1)).isTrue();
        assertThat(selfCommitted(2)).isFalse();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:false:1");

        assertThatThrownBy(manager(Script.of("1", "grouped", fixed, null))::migrate)
                .isInstanceOf(FailedMigrationPendingException.class)
                .hasMessageContaining("V1__grouped")
                .hasMessageContaining("after 1 completed statement(s)");

        // Statement 1 would fail if run again: success proves the resume started at statement 2.
        manager(Script.of("1", "grouped", fixed, null)).migrate(MigrateOptions.builder().resumeFailed(true).build());

        assertThat(ids()).containsExactly("1", "2", "3");
        assertThat(selfCommitted(2)).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:true:5");
    }

    @Test
    void migrate_connectionLostInsideDmlGroup_theHistoryDoesNotCountTheGroup() throws Exception {
        String text = script(selfCommitting(1), insert(1), sleep(30), insert(2), selfCommitting(2));
        MigrationManager m = manager(Script.of("1", "lost", text, null));

        CompletableFuture<Void> run = CompletableFuture.runAsync(m::migrate);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!killSessionRunning(sleep(30))) {
            assertThat(System.nanoTime()).as("the sleeping statement started").isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ScriptFailedException.class);
        assertThat(ids()).as("the group's insert went with the connection").isEmpty();
        assertThat(selfCommitted(1)).isTrue();
        assertThat(history()).extracting(r -> r.version() + ":" + r.success() + ":" + r.statementsCompleted())
                .containsExactly("1:false:1");
    }

    @Test
    void migrate_largeDmlRun_commitsInGroupsOfAtMostOneThousand() {
        manager(createTable("1", "users")).migrate();
        countHistoryWrites();
        String text = selfCommitting(1) + ";\n" + IntStream.rangeClosed(1, 2_500).mapToObj(AbstractProgressMarkerTest::insert)
                .collect(Collectors.joining(";\n")) + ";\n";

        manager(createTable("1", "users"), Script.of("2", "large", text, null)).migrate();

        // Entry, count after statement 1, groups 2..1001 and 1002..2001 (or more when one ran a second), the success.
        assertThat(historyWrites()).isBetween(5L, 10L);
        assertThat(ids()).hasSize(2_500);
        assertThat(historyRow("2").statementsCompleted()).isEqualTo(2_501);
    }
}
