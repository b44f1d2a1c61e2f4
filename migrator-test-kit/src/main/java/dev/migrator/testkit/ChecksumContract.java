package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RepairResult;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.ValidationException;
import dev.migrator.api.ValidationProblem;
import dev.migrator.spi.HistoryRow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checksums of script files: an edit is caught with a message that says what to do; line endings, trailing blanks and
 * a byte order mark are not edits; repair records the new checksum without running the script.
 */
public abstract class ChecksumContract extends KitSupport {

    @TempDir
    Path dir;

    /** Creates users and inserts one record, one statement per line. */
    private String original() {
        KitServer s = server();
        return s.script(s.createTable("users", "name"), s.insert("users", 1)) + "\n";
    }

    /** A real edit: a second record that a re-run would insert. */
    private String edited() {
        KitServer s = server();
        return s.script(s.createTable("users", "name"), s.insert("users", 1), s.insert("users", 2)) + "\n";
    }

    private String file(String versionAndName) {
        return versionAndName + server().scriptFileExtension();
    }

    private void writeOrders() {
        write(dir, file("V2__create_orders"), server().script(server().createTable("orders")) + "\n");
    }

    private MigrationManager fromDir() {
        return track(builder().locations("filesystem:" + dir).build());
    }

    /** Applies V1 with the original text, then rewrites the file; returns the recorded checksum. */
    private String applyThenRewrite(String newText) {
        write(dir, file("V1__create_users"), original());
        fromDir().migrate();
        String recorded = historyRow("1").checksum();
        write(dir, file("V1__create_users"), newText);
        return recorded;
    }

    @Test
    public void migrate_checksumChanged_throwsWithBothChecksumsAndRepairHint() {
        String recorded = applyThenRewrite(edited());
        writeOrders();
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
        assertThat(m.schema().validate().isValid()).isFalse();
    }

    private void assertNotAnEdit(String variant) {
        String recorded = applyThenRewrite(variant);
        MigrationManager m = fromDir();

        assertThat(m.schema().validate().problems()).isEmpty();
        assertThat(m.status().scripts()).singleElement().isInstanceOf(ScriptStatus.Applied.class);
        assertThat(m.migrate().applied()).isEmpty();
        assertThat(historyRow("1").checksum()).isEqualTo(recorded);
    }

    @Test
    public void migrate_lineEndingsChangedToCrlf_isNotAnEdit() {
        assertNotAnEdit(original().replace("\n", "\r\n"));
    }

    @Test
    public void migrate_trailingWhitespaceAdded_isNotAnEdit() {
        assertNotAnEdit(original().replace("\n", " \t  \n"));
    }

    @Test
    public void migrate_byteOrderMarkAdded_isNotAnEdit() {
        assertNotAnEdit("\uFEFF" + original());
    }

    @Test
    public void migrate_twoLinesJoined_isAnEdit() {
        String recorded = applyThenRewrite(original().replaceFirst("\n", " "));

        assertThatThrownBy(() -> fromDir().migrate())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(recorded)
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    }

    @Test
    public void migrate_lineSplit_isAnEdit() {
        String insert = server().insert("users", 1);
        applyThenRewrite(original().replace(insert, insert.replaceFirst(" ", "\n")));

        assertThatThrownBy(() -> fromDir().migrate())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
    }

    @Test
    public void repair_afterDeliberateEdit_recordsNewChecksumWithoutRerunningAndMigrateWorks() {
        String recorded = applyThenRewrite(edited());
        writeOrders();
        MigrationManager m = fromDir();

        RepairResult repair = m.schema().repair();

        assertThat(repair.actions()).singleElement().satisfies(a -> {
            assertThat(a.version().toString()).isEqualTo("1");
            assertThat(a.kind()).isEqualTo(RepairResult.Kind.REALIGNED_CHECKSUM);
            assertThat(a.target()).isEqualTo(defaultTarget());
        });
        String realigned = historyRow("1").checksum();
        assertThat(realigned).isNotEqualTo(recorded);
        assertThat(rowCount("users")).as("repair does not run the script: the edit's second record is not there")
                .isEqualTo(1);

        m.migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(m.status().scripts()).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(ScriptStatus.Applied.class));
        assertThat(m.schema().validate().isValid()).isTrue();
        assertThat(rowCount("users")).isEqualTo(1);
    }

    @Test
    public void migrate_validateOnMigrateOff_editedScriptDoesNotBlockNewOnes() {
        String recorded = applyThenRewrite(edited());
        writeOrders();

        track(builder().locations("filesystem:" + dir).validateOnMigrate(false).build()).migrate();

        assertThat(tableExists("orders")).isTrue();
        assertThat(historyRow("1").checksum()).as("the edit is not recorded without repair").isEqualTo(recorded);
    }
}
