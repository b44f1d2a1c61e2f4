package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.ValidationException;
import dev.migrator.api.ValidationProblem;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** status(): every state a script can be in, with the data each state carries. */
public abstract class StatusContract extends KitSupport {

    @Test
    public void status_freshDatabase_allPendingAndCreatesNothing() {
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"));

        assertThat(m.status().scripts())
                .extracting(ScriptStatus::state)
                .containsExactly(ScriptState.PENDING, ScriptState.PENDING);
        assertThat(m.status().scripts()).allSatisfy(s -> assertThat(s.target()).isEqualTo(defaultTarget()));
        assertThat(tableExists(HISTORY)).as("status creates nothing").isFalse();
    }

    @Test
    public void status_afterPartialMigrate_showsAppliedWithTimeDurationAndUserThenPending() {
        Instant before = Instant.now().minusSeconds(120);
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"));
        m.migrateTo("1");

        assertThat(m.status().scripts()).hasSize(2);
        assertThat(m.status().scripts().get(0)).isInstanceOfSatisfying(ScriptStatus.Applied.class, a -> {
            assertThat(a.version().toString()).isEqualTo("1");
            assertThat(a.name()).isEqualTo("create_a");
            assertThat(a.appliedAt()).isNotNull().isAfter(before).isBefore(Instant.now().plusSeconds(120));
            assertThat(a.duration()).isNotNull();
            assertThat(a.duration().compareTo(Duration.ZERO)).isGreaterThanOrEqualTo(0);
            assertThat(a.installedBy()).isEqualTo(database().installedBy());
        });
        assertThat(m.status().scripts().get(1)).isInstanceOfSatisfying(ScriptStatus.Pending.class,
                p -> assertThat(p.name()).isEqualTo("create_b"));
    }

    @Test
    public void status_appliedScriptRemovedLocally_isMissingAndMigrateRefuses() {
        manager(createTable("1", "a"), createTable("2", "b")).migrate();
        MigrationManager withoutB = manager(createTable("1", "a"), createTable("3", "c"));

        assertThat(withoutB.status().scripts())
                .extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:APPLIED", "2:MISSING", "3:PENDING");
        assertThat(withoutB.status().inState(ScriptState.MISSING)).singleElement()
                .isInstanceOfSatisfying(ScriptStatus.Missing.class, s -> {
                    assertThat(s.name()).isEqualTo("create_b");
                    assertThat(s.appliedAt()).isNotNull();
                });
        assertThatThrownBy(withoutB::migrate)
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("create_b")
                .satisfies(e -> {
                    assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(((ValidationException) e).problems())
                            .extracting(ValidationProblem::kind)
                            .contains(ValidationProblem.Kind.MISSING);
                });
        assertThat(tableExists("c")).isFalse();
    }

    @Test
    public void status_appliedScriptEdited_isChecksumChangedWithBothChecksums() {
        manager(createTable("1", "a")).migrate();
        String recorded = historyRow("1").checksum();
        KitServer s = server();
        MigrationManager edited = manager(Script.of("1", "create_a", s.script(s.createTable("a"), s.insert("a", 1)), null));

        assertThat(edited.status().scripts()).singleElement()
                .isInstanceOfSatisfying(ScriptStatus.ChecksumChanged.class, c -> {
                    assertThat(c.recordedChecksum()).isEqualTo(recorded);
                    assertThat(c.localChecksum()).isNotBlank().isNotEqualTo(recorded);
                    assertThat(c.appliedAt()).isNotNull();
                });
    }

    @Test
    public void status_olderScriptAddedAfterNewerApplied_isOutOfOrderAndRunsOnlyWhenAllowed() {
        manager(createTable("1", "a"), createTable("3", "c")).migrate();
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"), createTable("3", "c"));

        assertThat(m.status().scripts())
                .extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:APPLIED", "2:OUT_OF_ORDER", "3:APPLIED");
        assertThat(m.status().inState(ScriptState.OUT_OF_ORDER)).singleElement()
                .isInstanceOf(ScriptStatus.OutOfOrder.class);
        assertThat(tableExists("b")).isFalse();

        m.migrate(MigrateOptions.builder().outOfOrder(true).build());

        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "3", "2");
        assertThat(m.status().scripts()).extracting(ScriptStatus::state).containsOnly(ScriptState.APPLIED);
    }

    @Test
    public void status_outOfOrderAllowedInBuilder_migrateAppliesOlderScript() {
        manager(createTable("1", "a"), createTable("3", "c")).migrate();
        MigrationManager m = track(builder().outOfOrder(true)
                .scripts(java.util.List.of(createTable("1", "a"), createTable("2", "b"), createTable("3", "c")))
                .build());

        m.migrate();

        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "3", "2");
    }
}
