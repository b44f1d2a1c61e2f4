package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import dev.migrator.core.internal.FuzzStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any JSON file as a data migration's source, in each layout: reading gives records or a {@link
 * DataMigrationException} (DATA_SOURCE_INVALID) naming the file; skipping records then reading gives the records a
 * full read gave after them (how a resumed migration continues). Inputs: {@code JsonRecordReaderFuzzTestInputs/next/}.
 */
class JsonRecordReaderFuzzTest {

    private static final FuzzStats STATS = new FuzzStats("JsonRecordReaderFuzzTest.next");

    @TempDir
    static Path dir;

    @FuzzTest
    void next(byte[] input) throws Exception {
        STATS.check(() -> {
            for (String name : List.of("export.json", "events.ndjson")) {
                Path file = dir.resolve(name);
                Files.write(file, input);
                checkRead(file, null);
                checkRead(file, "items");
            }
        });
    }

    private static void checkRead(Path file, String type) {
        List<DataRecord> all;
        try {
            all = readAll(file, type, 0);
        } catch (DataMigrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID);
            assertThat(e.getMessage()).contains(file.getFileName().toString());
            return;
        }
        int skip = all.size() / 2;
        assertThat(readAll(file, type, skip)).as("records after skipping %d", skip).isEqualTo(all.subList(skip, all.size()));
    }

    private static List<DataRecord> readAll(Path file, String type, int skip) {
        try (JsonRecordReader reader = JsonRecordReader.open(file, type)) {
            reader.skip(skip);
            List<DataRecord> records = new ArrayList<>();
            DataRecord r;
            while ((r = reader.next()) != null) {
                records.add(r);
                assertThat(reader.position()).isEqualTo(skip + records.size());
            }
            return records;
        }
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}
