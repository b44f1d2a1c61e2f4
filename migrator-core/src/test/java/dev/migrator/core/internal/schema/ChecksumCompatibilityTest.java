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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * History rows whose checksum was computed by another algorithm version than this library's
 * ({@link Checksums#ALGORITHM}), as docs/upgrading.md describes them: never reported as edited and left as they are by
 * repair, unless the script's checksum is given in code, which no algorithm computes.
 */
class ChecksumCompatibilityTest {

    private static final Target T = Target.of("core", "public");

    private static HistoryRow row(LoadedScript s, String checksum, String algorithm) {
        return new HistoryRow(1, "1", s.name(), "SQL", checksum, algorithm, "me", Instant.now(), Duration.ZERO, true, 1);
    }

    @Test
    void unknownAlgorithm_textScript_appliedAndNothingForRepairToRealign() {
        LoadedScript s = LoadedScript.of(Script.of("1", "s1", "SELECT 1;", null), "core");

        HistoryAnalysis a = HistoryAnalysis.of(T, List.of(s), List.of(row(s, "0123abcd", "sha256-normalised-v2")), false);

        assertThat(a.problems).isEmpty();
        assertThat(a.checksumChanges).isEmpty();
        assertThat(a.statuses).extracting(ScriptStatus::state).containsExactly(ScriptState.APPLIED);
    }

    @Test
    void unknownAlgorithm_explicitChecksum_isStillCompared() {
        LoadedScript s = LoadedScript.of(Script.builder("1", "s1").up(ctx -> { }).checksum("code-2").build(), "core");

        HistoryAnalysis a = HistoryAnalysis.of(T, List.of(s), List.of(row(s, "code-1", "sha256-normalised-v2")), false);

        assertThat(a.problems).extracting(ValidationProblem::kind).containsExactly(ValidationProblem.Kind.CHECKSUM_CHANGED);
    }

    @Test
    void currentAlgorithm_editedText_isAChecksumChange() {
        LoadedScript applied = LoadedScript.of(Script.of("1", "s1", "SELECT 1;", null), "core");
        LoadedScript edited = LoadedScript.of(Script.of("1", "s1", "SELECT 2;", null), "core");

        HistoryAnalysis a = HistoryAnalysis.of(T, List.of(edited), List.of(row(applied, applied.checksum(), Checksums.ALGORITHM)),
                false);

        assertThat(a.checksumChanges).hasSize(1);
        assertThat(a.problems).extracting(ValidationProblem::kind).containsExactly(ValidationProblem.Kind.CHECKSUM_CHANGED);
    }
}
