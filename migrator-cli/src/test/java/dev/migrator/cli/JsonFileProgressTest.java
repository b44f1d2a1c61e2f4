package dev.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.DataProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON file cannot tell the library how many records it holds (its progress events have no total): the tool counts
 * them beside the import, so that a long import shows a bar with percent and ETA.
 */
class JsonFileProgressTest {

    @TempDir
    Path dir;

    @Test
    void count_ndjsonArrayAndLocalStorageLayouts() throws Exception {
        Path lines = Files.writeString(dir.resolve("a.ndjson"), "{\"id\":1}\n\n{\"id\":2}\n{\"id\":3}");
        Path array = Files.writeString(dir.resolve("b.json"), "[{\"id\":1,\"tags\":[1,2]},{\"id\":2}]");
        Path keys = Files.writeString(dir.resolve("c.json"), """
                {"tasks": [{"id": 1}, {"id": 2}], "settings": {"theme": "dark"}, "recent": "[{\\"a\\":1},{\\"a\\":2}]",
                 "empty": null, "flag": "dark"}
                """);
        Path untyped = Files.writeString(dir.resolve("d.json"), "{\"id\":1}\n{\"id\":2}\n");

        assertThat(JsonRecordCount.of(lines, null)).hasValue(3);
        assertThat(JsonRecordCount.of(array, null)).hasValue(2);
        assertThat(JsonRecordCount.of(keys, null)).hasValue(2 + 1 + 2 + 1);
        assertThat(JsonRecordCount.of(untyped, "tasks")).hasValue(2);
        assertThat(JsonRecordCount.of(dir.resolve("missing.json"), null)).isEmpty();
    }

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
