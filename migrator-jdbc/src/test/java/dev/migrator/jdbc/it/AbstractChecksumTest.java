package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepairResult;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.ValidationException;
import dev.migrator.api.ValidationProblem;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checksums: an edit is caught with a message that says what to do; line endings and trailing blanks are not edits. */
abstract class AbstractChecksumTest extends ItSupport {

    private static final String ORIGINAL = "CREATE TABLE users (\n"
            + "  id int primary key,\n"
            + "  name varchar(50)\n"
            + ");\n"
            + "INSERT INTO users VALUES (1, 'a');\n";

    @TempDir
    Path dir;

    AbstractChecksumTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private MigrationManager fromDir() {
        return track(builder().locations("filesystem:" + dir).build());
    }

    /** Applies V1 with the original text, then rewrites the file; returns the recorded checksum. */
    private String applyThenRewrite(String newText) {
        write(dir, "V1__create_users.sql", ORIGINAL);
        fromDir().migrate();
        String recorded = historyRow("1").checksum();
        write(dir, "V1__create_users.sql", newText);
        return recorded;
    }

    @Test
    void migrate_checksumChanged_throwsWithBothChecksumsAndRepairHint() {
        String recorded = applyThenRewrite(ORIGINAL.replace("name varchar(50)", "name varchar(80)"));
        write(dir, "V2__create_orders.sql", "CREATE TABLE orders (id int primary key);\n");
        MigrationManager m = fromDir();
        ScriptStatus first = m.status().scripts().get(0);
        assertThat(first).as("status of the edited script").isInstanceOf(ScriptStatus.ChecksumChanged.class);
        ScriptStatus.ChecksumChanged changed = (ScriptStatus.ChecksumChanged) first;
        assertThat(changed.recordedChecksum()).isEqualTo(recorded);
        String local = changed.localChecksum();
        assertThat(local).isNotBlank().isNotEqualTo(recorded);

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("create_users")
                .hasMessageContaining(recorded)
                .hasMessageContaining(local)
                .hasMessageContaining("repair")
                .satisfies(e -> {
                    ValidationException v = (ValidationException) e;
                    assertThat(v.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
                    assertThat(v.problems()).singleElement()
                            .extracting(ValidationProblem::kind)
                            .isEqualTo(ValidationProblem.Kind.CHECKSUM_CHANGED);
                });
        assertThat(tableExists("orders")).as("nothing runs after a failed validation").isFalse();
        assertThat(history()).singleElement().extracting(HistoryRow::checksum).isEqualTo(recorded);
        assertThat(m.validate().isValid()).isFalse();
    }

    private void assertNotAnEdit(String variant) {
        String recorded = applyThenRewrite(variant);
        MigrationManager m = fromDir();

        assertThat(m.validate().problems()).isEmpty();
        assertThat(m.status().scripts()).singleElement().isInstanceOf(ScriptStatus.Applied.class);
        assertThat(m.migrate().applied()).isEmpty();
        assertThat(historyRow("1").checksum()).isEqualTo(recorded);
    }

    @Test
    void migrate_lineEndingsChangedToCrlf_isNotAnEdit() {
        assertNotAnEdit(ORIGINAL.replace("\n", "\r\n"));
    }

    @Test
    void migrate_trailingWhitespaceAdded_isNotAnEdit() {
        assertNotAnEdit(ORIGINAL.replace("\n", " \t  \n"));
    }

    @Test
    void migrate_byteOrderMarkAdded_isNotAnEdit() {
        assertNotAnEdit("\uFEFF" + ORIGINAL);
    }

    @Test
    void migrate_twoLinesJoined_isAnEdit() {
        String recorded = applyThenRewrite(ORIGINAL.replace("  id int primary key,\n  name", "  id int primary key, name"));

        assertThatThrownBy(() -> fromDir().migrate())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(recorded)
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    }

    @Test
    void migrate_lineSplit_isAnEdit() {
        applyThenRewrite(ORIGINAL.replace("INSERT INTO users VALUES", "INSERT INTO users\nVALUES"));

        assertThatThrownBy(() -> fromDir().migrate())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    }

    @Test
    void repair_afterDeliberateEdit_recordsNewChecksumWithoutRerunningAndMigrateWorks() {
        String recorded = applyThenRewrite(ORIGINAL.replace("name varchar(50)", "name varchar(50),\n  email varchar(80)"));
        write(dir, "V2__create_orders.sql", "CREATE TABLE orders (id int primary key);\n");
        MigrationManager m = fromDir();

        RepairResult repair = m.repair();

        assertThat(repair.actions()).singleElement().satisfies(a -> {
            assertThat(a.version().toString()).isEqualTo("1");
            assertThat(a.kind()).isEqualTo(RepairResult.Kind.REALIGNED_CHECKSUM);
            assertThat(a.target()).isEqualTo(defaultTarget());
        });
        String realigned = historyRow("1").checksum();
        assertThat(realigned).isNotEqualTo(recorded);
        assertThat(columns(defaultSchema(), "users")).as("repair does not run the script").doesNotContain("email");
        assertThat(rowCount("users")).isEqualTo(1);

        m.migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(m.status().scripts()).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(ScriptStatus.Applied.class));
        assertThat(m.validate().isValid()).isTrue();
    }

    @Test
    void migrate_validateOnMigrateOff_editedScriptDoesNotBlockNewOnes() {
        String recorded = applyThenRewrite(ORIGINAL.replace("name varchar(50)", "name varchar(80)"));
        write(dir, "V2__create_orders.sql", "CREATE TABLE orders (id int primary key);\n");

        track(builder().locations("filesystem:" + dir).validateOnMigrate(false).build()).migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(historyRow("1").checksum()).as("the edit is not recorded without repair").isEqualTo(recorded);
    }
}
