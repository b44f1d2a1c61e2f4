package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataRecord;
import dev.migrator.api.ErrorCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRecordReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static List<DataRecord> readAll(Path file, String type) {
        try (JsonRecordReader reader = JsonRecordReader.open(file, type)) {
            List<DataRecord> records = new ArrayList<>();
            DataRecord r;
            while ((r = reader.next()) != null) {
                records.add(r);
            }
            return records;
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // --- layouts

    @Test
    void array_givesOneRecordPerObjectOfTheGivenType() throws IOException {
        Path file = write("export.json", "[{\"id\":1,\"title\":\"a\"},\n {\"id\":2,\"title\":\"b\"}]");

        assertThat(readAll(file, "tasks"))
                .containsExactly(
                        DataRecord.of("tasks", map("id", 1L, "title", "a")),
                        DataRecord.of("tasks", map("id", 2L, "title", "b")));
    }

    @Test
    void array_withoutType_usesFileNameWithoutExtension() throws IOException {
        Path file = write("tasks.json", "[{\"id\":1}]");

        assertThat(readAll(file, null)).containsExactly(DataRecord.of("tasks", map("id", 1L)));
    }

    @Test
    void ndjson_givesOneRecordPerLineAndIgnoresBlankLines() throws IOException {
        Path file = write("events.ndjson", "{\"n\":1}\n\n   \n{\"n\":2}\r\n{\"n\":3}\n\n");

        assertThat(readAll(file, null))
                .containsExactly(
                        DataRecord.of("events", map("n", 1L)),
                        DataRecord.of("events", map("n", 2L)),
                        DataRecord.of("events", map("n", 3L)));
    }

    @Test
    void jsonl_isReadAsLinesWithTheGivenType() throws IOException {
        Path file = write("dump.jsonl", "{\"n\":1}\n{\"n\":2}\n");

        assertThat(readAll(file, "rows")).extracting(DataRecord::type).containsExactly("rows", "rows");
    }

    @Test
    void jsonFileWithTypeAndSeveralObjects_isReadAsLines() throws IOException {
        Path file = write("events.json", "{\"n\":1}\n{\"n\":2}\n");

        assertThat(readAll(file, "events"))
                .containsExactly(DataRecord.of("events", map("n", 1L)), DataRecord.of("events", map("n", 2L)));
    }

    @Test
    void localStorageExport_eachKeyIsARecordType() throws IOException {
        Path file = write(
                "export.json",
                "{\"tasks\": [{\"id\":1,\"status\":\"pending\"}, {\"id\":2,\"status\":\"completed\"}],\n"
                        + " \"environments\": [{\"name\":\"prod\"}]}");

        assertThat(readAll(file, null))
                .containsExactly(
                        DataRecord.of("tasks", map("id", 1L, "status", "pending")),
                        DataRecord.of("tasks", map("id", 2L, "status", "completed")),
                        DataRecord.of("environments", map("name", "prod")));
    }

    @Test
    void localStorageExport_objectValueIsOneRecord() throws IOException {
        Path file = write(
                "export.json", "{\"userPreferences\": {\"theme\":\"dark\",\"lang\":\"en\"}, \"tasks\": [{\"id\":1}]}");

        assertThat(readAll(file, null))
                .containsExactly(
                        DataRecord.of("userPreferences", map("theme", "dark", "lang", "en")),
                        DataRecord.of("tasks", map("id", 1L)));
    }

    @Test
    void localStorageExport_stringsHoldingJsonAreParsedLikeTheirJson() throws IOException {
        // What JSON.stringify(localStorage) gives: every value is a string.
        Path file = write(
                "export.json",
                "{\"tasks\": \"[{\\\"id\\\":1,\\\"tags\\\":[\\\"a\\\"]},{\\\"id\\\":2,\\\"tags\\\":[]}]\","
                        + " \"userPreferences\": \" {\\\"theme\\\":\\\"dark\\\"}\","
                        + " \"emptyList\": \"[]\"}");

        assertThat(readAll(file, null))
                .containsExactly(
                        DataRecord.of("tasks", map("id", 1L, "tags", List.of("a"))),
                        DataRecord.of("tasks", map("id", 2L, "tags", List.of())),
                        DataRecord.of("userPreferences", map("theme", "dark")));
    }

    @Test
    void localStorageExport_plainValuesBecomeOneRecordWithAValueField_nullsGiveNone() throws IOException {
        Path file = write("export.json", "{\"theme\": \"dark\", \"visits\": 42, \"draft\": null, \"on\": true}");

        assertThat(readAll(file, null))
                .containsExactly(
                        DataRecord.of("theme", map("value", "dark")),
                        DataRecord.of("visits", map("value", 42L)),
                        DataRecord.of("on", map("value", true)));
    }

    @Test
    void singleObjectWithType_isReadAsLocalStorageExport() throws IOException {
        Path file = write("export.json", "{\"tasks\": [{\"id\":1}]}");

        assertThat(readAll(file, "ignored")).containsExactly(DataRecord.of("tasks", map("id", 1L)));
    }

    // --- values

    @Test
    void values_keepTheirJavaTypesFieldOrderAndNesting() throws IOException {
        Path file = write(
                "t.json",
                "[{\"z\":\"s\",\"a\":7,\"t\":true,\"f\":false,\"n\":null,"
                        + "\"o\":{\"y\":1,\"b\":[1,\"x\",{\"k\":null}]}}]");

        DataRecord r = readAll(file, null).get(0);

        assertThat(r.fields().keySet()).containsExactly("z", "a", "t", "f", "n", "o");
        assertThat(r.get("a")).isInstanceOf(Long.class).isEqualTo(7L);
        assertThat(r.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(r.get("f")).isEqualTo(Boolean.FALSE);
        assertThat(r.has("n")).isTrue();
        assertThat(r.get("n")).isNull();
        assertThat(r.get("o")).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) r.get("o");
        assertThat(o.keySet()).containsExactly("y", "b");
        assertThat(o.get("b")).isInstanceOf(ArrayList.class).isEqualTo(List.of(1L, "x", map("k", null)));
    }

    @Test
    void numbers_bigIntegersAndDecimalsAreExact() throws IOException {
        Path file = write(
                "t.json",
                "[{\"max\":9223372036854775807,\"big\":123456789012345678901234567890,"
                        + "\"neg\":-9223372036854775809,\"price\":1.50,\"tiny\":0.1,\"exp\":1e400,"
                        + "\"long\":3.141592653589793238462643383279}]");

        DataRecord r = readAll(file, null).get(0);

        assertThat(r.get("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(r.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(r.get("neg")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(r.get("price")).isInstanceOf(BigDecimal.class).hasToString("1.50");
        assertThat(r.get("tiny")).isEqualTo(new BigDecimal("0.1"));
        assertThat(r.get("exp")).isEqualTo(new BigDecimal("1e400"));
        assertThat(r.get("long")).isEqualTo(new BigDecimal("3.141592653589793238462643383279"));
    }

    // --- positions and resuming

    @Test
    void position_countsRecordsReturned_andSkipResumesAtTheNextOne() throws IOException {
        Path file = write("t.json", "[{\"n\":0},{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4}]");

        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            assertThat(reader.position()).isZero();
            assertThat(reader.next().get("n")).isEqualTo(0L);
            assertThat(reader.position()).isEqualTo(1);
            reader.skip(2);
            assertThat(reader.position()).isEqualTo(3);
            assertThat(reader.next().get("n")).isEqualTo(3L);
            assertThat(reader.position()).isEqualTo(4);
        }
    }

    @Test
    void skip_acrossLocalStorageKeysAndEmbeddedStrings_resumesAtTheSameRecordAsReading() throws IOException {
        Path file = write(
                "export.json",
                "{\"a\":[{\"n\":0},{\"n\":1}],\"b\":\"[{\\\"n\\\":2},{\\\"n\\\":3}]\",\"c\":{\"n\":4},"
                        + "\"d\":\"{\\\"n\\\":5}\",\"e\":[{\"n\":6}]}");
        List<DataRecord> all = readAll(file, null);
        assertThat(all).extracting(r -> r.get("n")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);

        for (int skipped = 0; skipped <= all.size(); skipped++) {
            try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
                reader.skip(skipped);
                assertThat(reader.position()).isEqualTo(skipped);
                List<DataRecord> rest = new ArrayList<>();
                DataRecord r;
                while ((r = reader.next()) != null) {
                    rest.add(r);
                }
                assertThat(rest).isEqualTo(all.subList(skipped, all.size()));
            }
        }
    }

    @Test
    void skip_pastTheEnd_stopsAtTheEnd() throws IOException {
        Path file = write("t.ndjson", "{\"n\":0}\n{\"n\":1}\n");

        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            reader.skip(10);
            assertThat(reader.position()).isEqualTo(2);
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void skip_negative_throws() throws IOException {
        Path file = write("t.json", "[]");

        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            assertThatThrownBy(() -> reader.skip(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("skip count must be 0 or more, got -1");
        }
    }

    // --- empty input

    @Test
    void emptyOrBlankFiles_haveNoRecords() throws IOException {
        assertThat(readAll(write("a.json", ""), null)).isEmpty();
        assertThat(readAll(write("b.json", " \n\t\n"), "x")).isEmpty();
        assertThat(readAll(write("c.ndjson", ""), null)).isEmpty();
    }

    @Test
    void emptyArraysAndObjects_haveNoRecords() throws IOException {
        assertThat(readAll(write("a.json", "[]"), null)).isEmpty();
        assertThat(readAll(write("b.json", "{}"), null)).isEmpty();
        assertThat(readAll(write("c.json", "{\"tasks\": [], \"envs\": \"[]\", \"more\": []}"), null))
                .isEmpty();
    }

    // --- errors

    @Test
    void malformedJson_namesFileLineAndColumnAndWhatWasExpected() throws IOException {
        // Line 3: the comma after "a" is missing; the parser stops at the quote of "status", column 17.
        Path file = write("export.json", "[\n  {\"id\": 1},\n  {\"title\": \"a\" \"status\": \"x\"}\n]");

        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            assertThat(reader.next()).isEqualTo(DataRecord.of("export", map("id", 1L)));
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(
                            DataMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID))
                    .hasMessageStartingWith("export.json line 3, column 17: malformed JSON: Unexpected character")
                    .hasMessageContaining("was expecting comma to separate Object entries")
                    .hasMessageEndingWith("Fix the file and run again.");
        }
    }

    // Found by JsonRecordReaderFuzzTest: a NumberFormatException escaped, with neither file nor place.
    @Test
    void malformedJson_decimalBeyondRange_namesItsPlace() throws IOException {
        Path file = write("prices.json", "[{\"id\": 1},\n {\"price\": 1e100000067891}]");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOfSatisfying(DataMigrationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID))
                .hasMessage("prices.json line 2, column 26: malformed JSON: the number 1e100000067891 is out of range: its"
                        + " exponent is beyond what a decimal holds. Fix the file and run again.");
    }

    // Found while writing the test above: a limit's exception has no location, and naming the place threw a
    // NullPointerException.
    @Test
    void malformedJson_nestedDeeperThanTheLimit_namesItsPlace() throws IOException {
        Path file = write("deep.json", "[{\"a\": " + "[".repeat(2100) + "]".repeat(2100) + "}]");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessageStartingWith("deep.json line 1, column ")
                .hasMessageContaining("malformed JSON: Document nesting depth (2001) exceeds the maximum allowed (2000");
    }

    @Test
    void malformedJson_truncatedFile_saysWhatIsMissing() throws IOException {
        Path file = write("t.json", "[{\"id\": 1},\n{\"id\": 2");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessageStartingWith("t.json line 2, column 9: malformed JSON: Unexpected end-of-input")
                .hasMessageContaining("expected close marker for Object (start marker at line 2, column 1)")
                .hasMessageNotContaining("Source:");
    }

    @Test
    void malformedJsonInsideALocalStorageString_namesTheKeyAndBothPlaces() throws IOException {
        Path file = write("export.json", "{\"ok\": [{\"n\":1}],\n \"tasks\": \"[{\\\"id\\\":1,}]\"}");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessageStartingWith("export.json line 2, column 11 (the JSON text in the string of key 'tasks',"
                        + " line 1, column 10): malformed JSON: Unexpected character ('}'");
    }

    @Test
    void arrayElementNotAnObject_namesFileLineColumnAndType() throws IOException {
        Path file = write("t.json", "[{\"n\":1},\n  42]");

        try (JsonRecordReader reader = JsonRecordReader.open(file, "tasks")) {
            reader.next();
            assertThatThrownBy(reader::next)
                    .isInstanceOfSatisfying(
                            DataMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID))
                    .hasMessage("t.json line 2, column 3: expected an object (a record of type 'tasks') in an array of"
                            + " objects, found the number 42. Fix the file and run again.");
        }
    }

    @Test
    void localStorageArrayElementNotAnObject_namesTheKeyAsType() throws IOException {
        Path file = write("export.json", "{\"tags\": [\"a\", \"b\"]}");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessage("export.json line 1, column 11: expected an object (a record of type 'tags') in an array of"
                        + " objects, found the string \"a\". Fix the file and run again.");
    }

    @Test
    void ndjsonLineNotAnObject_throws() throws IOException {
        Path file = write("t.ndjson", "{\"n\":1}\n[1]\n");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessage("t.ndjson line 2, column 1: expected an object (a record of type 't') in one object per"
                        + " line, found an array. Fix the file and run again.");
    }

    @Test
    void topLevelScalar_throws() throws IOException {
        Path file = write("t.json", "\n  \"hello\"");

        assertThatThrownBy(() -> JsonRecordReader.open(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessageStartingWith("t.json line 2, column 3: expected '[' (an array of records), '{'")
                .hasMessageContaining("found the string \"hello\"");
    }

    @Test
    void secondValueAfterLocalStorageObjectWithoutType_throwsWithHint() throws IOException {
        Path file = write("t.json", "{\"a\":[]}\n{\"b\":[]}");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessage("t.json line 2, column 1: expected the end of the file after the top-level object's"
                        + " closing '}', found an object. For one object per line, name the file .ndjson or .jsonl,"
                        + " or give the records' type. Fix the file and run again.");
    }

    @Test
    void trailingContentAfterArray_throws() throws IOException {
        Path file = write("t.json", "[{\"n\":1}] x");

        assertThatThrownBy(() -> readAll(file, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessageStartingWith("t.json line 1, column 11: malformed JSON: Unrecognized token 'x'");
    }

    @Test
    void missingFile_namesThePath() {
        Path file = dir.resolve("nope.json");

        assertThatThrownBy(() -> JsonRecordReader.open(file, null))
                .isInstanceOfSatisfying(
                        DataMigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID))
                .hasMessage("The JSON file " + file.toAbsolutePath()
                        + " does not exist. Check the path given to RecordSource.jsonFile(...).");
    }

    @Test
    void directory_isRefusedNamingThePath() {
        assertThatThrownBy(() -> JsonRecordReader.open(dir, null))
                .isInstanceOf(DataMigrationException.class)
                .hasMessage("The JSON file " + dir.toAbsolutePath()
                        + " is not a file. Check the path given to RecordSource.jsonFile(...).");
    }

    // --- size

    @Test
    void largeFile_200kRecords_isStreamedWithoutHoldingRecords() throws IOException {
        int count = 200_000;
        Path file = dir.resolve("big.json");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("{\"tasks\": [\n");
            for (int i = 0; i < count; i++) {
                w.write((i == 0 ? "" : ",\n") + "{\"id\":" + i
                        + ",\"title\":\"task number " + i + "\",\"price\":" + i + ".25,\"done\":" + (i % 2 == 0)
                        + ",\"tags\":[\"a\",\"b\"]}");
            }
            w.write("\n], \"userPreferences\": {\"theme\":\"dark\"}}");
        }

        long seen = 0;
        DataRecord last = null;
        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            assertNoCollectionFields(reader);
            DataRecord r;
            while ((r = reader.next()) != null) {
                if (r.type().equals("tasks")) {
                    assertThat(r.get("id")).isEqualTo(seen);
                    seen++;
                }
                last = r;
            }
            assertThat(reader.position()).isEqualTo(count + 1L);
            assertNoCollectionFields(reader);
        }
        assertThat(seen).isEqualTo(count);
        assertThat(last).isEqualTo(DataRecord.of("userPreferences", map("theme", "dark")));
    }

    /** The reader keeps no list, map or array of records: memory is one record whatever the file's size. */
    private static void assertNoCollectionFields(JsonRecordReader reader) {
        for (Field f : JsonRecordReader.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            assertThat(Collection.class.isAssignableFrom(f.getType())
                            || Map.class.isAssignableFrom(f.getType())
                            || f.getType().isArray())
                    .as("field %s of type %s", f.getName(), f.getType().getName())
                    .isFalse();
        }
    }

    @Test
    void estimatedTotal_followsTheBytesRead_andIsExactAtTheEnd() throws IOException {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            text.append(i == 0 ? "" : ",\n").append("{\"id\":").append(i).append(",\"title\":\"task ").append(i % 97)
                    .append("\"}");
        }
        Path file = write("tasks.json", text.append("]").toString());
        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            assertThat(reader.estimatedTotal()).as("before the first record").isEqualTo(-1);
            for (int i = 0; i < 2_048; i++) {
                reader.next();
            }
            assertThat(reader.estimatedTotal()).as("after a fifth of the file").isBetween(9_000L, 11_000L);
            while (reader.next() != null) {
                // to the end
            }
            assertThat(reader.estimatedTotal()).as("at the end").isEqualTo(10_000);
        }
    }

    /**
     * A browser {@code localStorage} export keeps each key's records as one string of JSON: the file's bytes are read
     * in one step, so the estimate follows how far into that string the records reach, not the file's offset (which
     * made progress show "500 of 256").
     */
    @Test
    void estimatedTotal_ofRecordsInAStringOfJson_followsTheStringAndNeverTrailsTheRecordsRead() throws IOException {
        StringBuilder tasks = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"title\":\"task ").append(i % 97)
                    .append("\"}");
        }
        String quoted = tasks.append("]").toString().replace("\"", "\\\"");
        Path file = write("localStorage.json", "{\"theme\": \"dark\", \"tasks\": \"" + quoted + "\"}");
        try (JsonRecordReader reader = JsonRecordReader.open(file, null)) {
            for (int read = 1; read <= 2_049; read++) {
                reader.next();
                assertThat(reader.estimatedTotal()).as("after %d records", read).isGreaterThanOrEqualTo(read);
            }
            assertThat(reader.estimatedTotal()).as("after a fifth of the string").isBetween(9_000L, 11_500L);
            while (reader.next() != null) {
                // to the end
            }
            assertThat(reader.estimatedTotal()).as("at the end").isEqualTo(10_001);
        }
    }
}
