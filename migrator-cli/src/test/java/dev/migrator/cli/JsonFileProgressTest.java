package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A long import shows a bar with percent and ETA: for a JSON file the library's progress events carry a total estimated
 * from the bytes read (core's {@code JsonRecordReaderTest} and {@code FakeDataMigrationTest}); where a source has none,
 * a count given to the bar (a dry run's) stands in.
 */
class JsonFileProgressTest {

    @Test
    void bar_withoutATotal_getsPercentAndEtaOnceTheCountIsKnown() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), true, true);

        progress.onProgress(new DataProgress("import", DataProgress.Stage.MIGRATE, 1_000, -1, 500));
        String before = text.toString();
        progress.expect(4_000);
        progress.onProgress(new DataProgress("import", DataProgress.Stage.MIGRATE, 2_000, -1, 500));
        String after = text.toString().substring(before.length());

        assertThat(before).doesNotContain("%").doesNotContain("ETA");
        assertThat(after).contains(" 50.0%").contains("2,000/4,000").contains("ETA 0:04");
    }
}
