package dev.migrator.core.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.Script;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.Target;
import dev.migrator.api.ValidationProblem;
import dev.migrator.spi.HistoryRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryAnalysisTest {

    private static final Target T = Target.of("core", "public");

    private static LoadedScript script(String version, String sql) {
        return LoadedScript.of(Script.of(version, "s" + version.replace('.', '_'), sql, null), "core");
    }

    private static HistoryRow applied(int rank, LoadedScript s) {
        return new HistoryRow(rank, s.version().toString(), s.name(), "SQL", s.checksum(), Checksums.ALGORITHM, "me",
                Instant.now(), Duration.ofMillis(5), true, 1);
    }

    @Test
    void analyse_appliedAndNew_pendingOnlyNew() {
        var s1 = script("1", "SELECT 1;");
        var s2 = script("2", "SELECT 2;");
        var a = HistoryAnalysis.of(T, List.of(s1, s2), List.of(applied(1, s1)), false);
        assertThat(a.pending).containsExactly(s2);
        assertThat(a.problems).isEmpty();
        assertThat(a.statuses).extracting(ScriptStatus::state).containsExactly(ScriptState.APPLIED, ScriptState.PENDING);
        assertThat(a.nextRank).isEqualTo(2);
        assertThat(a.current()).hasValueSatisfying(v -> assertThat(v).hasToString("1"));
    }

    @Test
    void analyse_editedScript_checksumProblemWithBothValues() {
        var s1 = script("1", "SELECT 1;");
        var edited = script("1", "SELECT 11;");
        var a = HistoryAnalysis.of(T, List.of(edited), List.of(applied(1, s1)), false);
        assertThat(a.problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ValidationProblem.Kind.CHECKSUM_CHANGED);
            assertThat(p.message()).contains(s1.checksum()).contains(edited.checksum()).contains("run repair()");
        });
        assertThat(a.statuses).extracting(ScriptStatus::state).containsExactly(ScriptState.CHECKSUM_CHANGED);
    }

    @Test
    void analyse_checksumOfUnknownAlgorithm_neverAnEdit() {
        var s1 = script("1", "SELECT 1;");
        var row = new HistoryRow(1, "1", s1.name(), "SQL", "deadbeef", "md5-v0", "me", Instant.now(), Duration.ZERO, true, 1);
        assertThat(HistoryAnalysis.of(T, List.of(s1), List.of(row), false).problems).isEmpty();
    }

    @Test
    void analyse_olderPendingScript_outOfOrderProblemUnlessAllowed() {
        var s1 = script("1", "SELECT 1;");
        var s2 = script("2", "SELECT 2;");
        var s3 = script("3", "SELECT 3;");
        List<HistoryRow> rows = List.of(applied(1, s1), applied(2, s3));
        var strict = HistoryAnalysis.of(T, List.of(s1, s2, s3), rows, false);
        assertThat(strict.pending).isEmpty();
        assertThat(strict.problems).extracting(ValidationProblem::kind).containsExactly(ValidationProblem.Kind.OUT_OF_ORDER);
        var lenient = HistoryAnalysis.of(T, List.of(s1, s2, s3), rows, true);
        assertThat(lenient.pending).containsExactly(s2);
        assertThat(lenient.problems).isEmpty();
    }

    @Test
    void analyse_appliedScriptRemovedLocally_missingProblem_butNewerDeploymentsScriptsTolerated() {
        var s1 = script("1", "SELECT 1;");
        var s2 = script("2", "SELECT 2;");
        var s3 = script("3", "SELECT 3;");
        var a = HistoryAnalysis.of(T, List.of(s1, s3), List.of(applied(1, s1), applied(2, s2), applied(3, s3)), false);
        assertThat(a.problems).extracting(ValidationProblem::kind).containsExactly(ValidationProblem.Kind.MISSING);
        // An older application instance during a rolling upgrade sees version 3 applied but only knows 1 and 2.
        var old = HistoryAnalysis.of(T, List.of(s1, s2), List.of(applied(1, s1), applied(2, s2), applied(3, s3)), false);
        assertThat(old.problems).isEmpty();
        assertThat(old.statuses).extracting(ScriptStatus::state).contains(ScriptState.MISSING);
    }

    @Test
    void analyse_failedRow_reportedWithResumeHint() {
        var s1 = script("1", "SELECT 1;");
        var row = new HistoryRow(1, "1", s1.name(), "SQL", s1.checksum(), Checksums.ALGORITHM, "me", Instant.now(),
                Duration.ZERO, false, 2);
        var a = HistoryAnalysis.of(T, List.of(s1), List.of(row), false);
        assertThat(a.failed).isEqualTo(row);
        assertThat(a.failedScript).isEqualTo(s1);
        assertThat(a.blockingProblems()).isEmpty();
        assertThat(a.problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("after 2 completed statement(s)")
                .contains("resumeFailed(true) to continue from statement 3")
                .contains("repair()"));
    }

    @Test
    void analyse_baseline_olderScriptsCountAsBaseline() {
        var s1 = script("1", "SELECT 1;");
        var s5 = script("5", "SELECT 5;");
        var s6 = script("6", "SELECT 6;");
        var base = new HistoryRow(1, "5", "<< baseline >>", HistoryAnalysis.BASELINE_TYPE, null, null, "me", Instant.now(),
                Duration.ZERO, true, 0);
        var a = HistoryAnalysis.of(T, new ArrayList<>(List.of(s1, s5, s6)), List.of(base), false);
        assertThat(a.pending).containsExactly(s6);
        assertThat(a.statuses).extracting(ScriptStatus::state)
                .containsExactly(ScriptState.BASELINE, ScriptState.BASELINE, ScriptState.PENDING);
    }
}
