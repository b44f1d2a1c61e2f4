package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepairResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.ValidationException;
import dev.migrator.api.ValidationProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's history rules: checksum drift, out-of-order and missing scripts, repair — in memory. */
class FakeHistoryRulesTest extends FakeEngineSupport {

    private static final Script USERS = Script.of("1", "create_users", "create users id:integer name:string\n"
            + "insert users {\"id\": 1, \"name\": \"a\"}", "drop users");
    private static final Script USERS_EDITED = Script.of("1", "create_users", "create users id:integer name:string email\n"
            + "insert users {\"id\": 1, \"name\": \"a\"}", "drop users");

    @Test
    void migrate_checksumChanged_throwsWithBothChecksumsAndRepairHint() {
        manager(USERS).migrate();
        String recorded = historyRow("1").checksum();
        MigrationManager m = manager(USERS_EDITED, createTable("2", "orders"));
        ScriptStatus.ChecksumChanged changed = (ScriptStatus.ChecksumChanged) m.status().scripts().get(0);
        assertThat(changed.recordedChecksum()).isEqualTo(recorded);
        String local = changed.localChecksum();
        assertThat(local).isNotBlank().isNotEqualTo(recorded);

        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
                    assertThat(e.problems()).singleElement().extracting(ValidationProblem::kind)
                            .isEqualTo(ValidationProblem.Kind.CHECKSUM_CHANGED);
                })
                .hasMessageContaining("V1__create_users (code) on core/main was edited after it was applied: recorded checksum "
                        + recorded + ", local checksum " + local + ". Revert the edit, or run repair() to record the new checksum.");
        assertThat(tableExists("orders")).as("nothing runs after a failed validation").isFalse();
        assertThat(history()).singleElement().extracting(r -> r.checksum()).isEqualTo(recorded);
        assertThat(m.validate().isValid()).isFalse();
    }

    @Test
    void repair_afterDeliberateEdit_recordsNewChecksumWithoutRerunningAndMigrateGoesOn() {
        manager(USERS).migrate();
        String recorded = historyRow("1").checksum();
        MigrationManager m = manager(USERS_EDITED, createTable("2", "orders"));

        RepairResult repair = m.repair();

        assertThat(repair.actions()).singleElement().satisfies(a -> {
            assertThat(a.version().toString()).isEqualTo("1");
            assertThat(a.kind()).isEqualTo(RepairResult.Kind.REALIGNED_CHECKSUM);
            assertThat(a.target()).isEqualTo(defaultTarget());
        });
        assertThat(historyRow("1").checksum()).isNotEqualTo(recorded);
        assertThat(db.rows(SCHEMA, "users")).as("repair does not run the script").singleElement()
                .satisfies(r -> assertThat(r).doesNotContainKey("email"));

        m.migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(m.status().scripts()).extracting(ScriptStatus::state).containsOnly(ScriptState.APPLIED);
        assertThat(m.validate().isValid()).isTrue();
    }

    @Test
    void migrate_validateOnMigrateOff_editedScriptDoesNotBlockNewOnes() {
        manager(USERS).migrate();
        String recorded = historyRow("1").checksum();

        track(builder().validateOnMigrate(false).scripts(List.of(USERS_EDITED, createTable("2", "orders"))).build()).migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(historyRow("1").checksum()).as("the edit is not recorded without repair").isEqualTo(recorded);
    }

    @Test
    void migrate_olderScriptAddedAfterNewerApplied_isRefusedAsOutOfOrder() {
        manager(createTable("1", "a"), createTable("3", "c")).migrate();
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"), createTable("3", "c"));

        assertThat(m.status().scripts()).extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:APPLIED", "2:OUT_OF_ORDER", "3:APPLIED");
        assertThatThrownBy(m::migrate)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(ValidationProblem::kind).containsExactly(ValidationProblem.Kind.OUT_OF_ORDER))
                .hasMessageContaining("V2__create_b (code) on core/main is pending but older than the applied version 3. "
                        + "Give it a version newer than 3, or allow it with outOfOrder(true).");
        assertThat(tableExists("b")).isFalse();
    }

    @Test
    void migrate_outOfOrderAllowedInOptions_appliesTheOlderScriptAfterTheNewer() {
        manager(createTable("1", "a"), createTable("3", "c")).migrate();
        MigrationManager m = manager(createTable("1", "a"), createTable("2", "b"), createTable("3", "c"));

        m.migrate(MigrateOptions.builder().outOfOrder(true).build());

        assertThat(tableExists("b")).isTrue();
        assertThat(historyVersions()).containsExactly("1", "3", "2");
        assertThat(m.status().scripts()).extracting(ScriptStatus::state).containsOnly(ScriptState.APPLIED);
    }

    @Test
    void migrate_outOfOrderAllowedInBuilder_appliesTheOlderScript() {
        manager(createTable("1", "a"), createTable("3", "c")).migrate();

        track(builder().outOfOrder(true)
                .scripts(List.of(createTable("1", "a"), createTable("2", "b"), createTable("3", "c"))).build()).migrate();

        assertThat(historyVersions()).containsExactly("1", "3", "2");
    }

    @Test
    void migrate_appliedScriptRemovedLocally_isMissingAndRefused() {
        manager(createTable("1", "a"), createTable("2", "b")).migrate();
        MigrationManager withoutB = manager(createTable("1", "a"), createTable("3", "c"));

        assertThat(withoutB.status().scripts()).extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:APPLIED", "2:MISSING", "3:PENDING");
        assertThatThrownBy(withoutB::migrate)
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.problems()).extracting(ValidationProblem::kind).containsExactly(ValidationProblem.Kind.MISSING);
                })
                .hasMessageContaining("Script version 2 (create_b) is recorded as applied on core/main but no longer found locally. "
                        + "Restore the script file, or check the locations.");
        assertThat(tableExists("c")).isFalse();
    }

    @Test
    void migrate_appliedVersionsNewerThanEveryLocalScript_areANewerDeploymentsWorkNotAFailure() {
        manager(createTable("1", "a"), createTable("2", "b")).migrate();
        MigrationManager older = manager(createTable("1", "a"));

        assertThat(older.migrate().applied()).isEmpty();
        assertThat(older.validate().isValid()).isTrue();
        assertThat(older.status().scripts()).extracting(s -> s.version() + ":" + s.state())
                .containsExactly("1:APPLIED", "2:MISSING");
    }

    @Test
    void migrate_placeholderValueChangedLater_isNotAnEdit() {
        Script settings = Script.of("1", "create_settings", "create settings k v\ninsert settings {\"k\": \"owner\", \"v\": ${literal:owner}}", null);
        track(builder().placeholder("owner", "alice").script(settings).build()).migrate();
        String recorded = historyRow("1").checksum();
        MigrationManager bob = track(builder().placeholder("owner", "bob").script(settings).build());

        assertThat(bob.validate().problems()).isEmpty();
        assertThat(bob.migrate().applied()).isEmpty();
        assertThat(historyRow("1").checksum()).isEqualTo(recorded);
        assertThat(db.rows(SCHEMA, "settings")).singleElement().satisfies(r -> assertThat(r.get("v")).isEqualTo("alice"));
    }
}
