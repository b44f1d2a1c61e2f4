package dev.migrator.core.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ValueKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streamed JSON path gives the bytes the tree path gave, so checksums of older backups still match. */
class RowCodecTest {

    private static final ObjectMapper TREE = new ObjectMapper(RowCodec.JSON)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private static final List<String> VALUES = List.of(
            "{\"k\": \"v\", \"n\": 1.50, \"big\": 123456789012345678901234567890}",
            "{\"a\":[1,2,{\"b\":null}],\"s\":\"x\\ny\"}",
            "[]", "{}", "5", "\"text\"", "null", "true", "-0", "-0.0", "1e5", "1E-7", "0.000001000", "-12345678901234567890.5",
            "{\"\\u00e9\": \"\\u4e2d \\ud83d\\ude00 tab\\t quote\\\" slash\\/ ctrl\\u0001\"}",
            " { \"spaced\" : [ 1 , 2 ] } ",
            "{\"dup\": 1, \"other\": [1], \"dup\": 2}",
            "{\"nested\": {\"dup\": 1, \"dup\": {\"x\": 1}}, \"after\": true}",
            "{\"plan\": \"pro\", \"tags\": [\"a1\", \"b2\"], \"score\": 4.250, \"visits\": 17}");

    @Test
    void write_json_givesTheTreePathsBytes() throws Exception {
        RowCodec codec = new RowCodec(List.of(ColumnInfo.of("j", "jsonb", ValueKind.JSON),
                new ColumnInfo("a", "jsonb[]", ValueKind.ARRAY, ValueKind.JSON)));
        for (String v : VALUES) {
            assertThat(encode(codec, new Object[] {v, List.of(v, v)}))
                    .as(v)
                    .isEqualTo("[" + tree(v) + ",[" + tree(v) + "," + tree(v) + "]]");
        }
    }

    @Test
    void compactJson_givesJacksonsBytesOrLeavesTheTextToJackson() throws Exception {
        List<String> cases = new java.util.ArrayList<>(VALUES);
        cases.addAll(List.of("0", "-1", "0.5", "-0.5", "0.000001", "0.0000001", "0.00001", "0.000000", "0.0000000", "-0.000",
                "10.000", "1.0", "123456789012345678901234567890.000000001", "01", "1.", ".5", "-", "+1", "1e", "NaN",
                "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{a:1}", "tru", "nulls", "\"\u007f\"", "\"é 中 😀\"",
                "\"\u2028\"", "{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2}}", "{\"ab\":1,\"a\":2,\"b\":3}",
                "[[[[[[]]]]]]", "\t[ 1 ,\r\n 2 ]\n", "{\"x\":\"unterminated}", "[1] [2]", ""));
        java.util.Random random = new java.util.Random(7);
        String[] pieces = {"{", "}", "[", "]", ",", ":", " ", "\"k\"", "\"v w\"", "\"\\n\"", "1", "-0", "0.0", "2.50",
                "1e3", "true", "null", "0.0000001", "-", "\"k\":", "\"k\":1"};
        for (int i = 0; i < 30_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(12); j >= 0; j--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            cases.add(b.toString());
        }
        int fast = 0;
        for (String v : cases) {
            StringBuilder out = new StringBuilder();
            if (CompactJson.compact(v, out)) {
                fast++;
                assertThat(out.toString()).as(v).isEqualTo(tree(v));
            }
        }
        assertThat(fast).isGreaterThan(1000);
        assertThat(CompactJson.compact("{\"plan\": \"pro\", \"tags\": [\"a1\", \"b2\"], \"score\": 4.250, \"visits\": 17}",
                new StringBuilder())).isTrue();
    }

    @Test
    void read_json_givesTheCompactText() throws Exception {
        RowCodec codec = new RowCodec(List.of(ColumnInfo.of("j", "jsonb", ValueKind.JSON), ColumnInfo.of("s", "text", ValueKind.STRING)));
        // A JSON null reads back as SQL NULL (the format writes both as null), as before.
        for (String v : VALUES.stream().filter(v -> !v.equals("null")).toList()) {
            String line = encode(codec, new Object[] {v, "after"});
            try (var p = RowCodec.JSON.createParser(line)) {
                Object[] row = codec.read(p);
                assertThat(row[0]).as(v).isEqualTo(TREE.writeValueAsString(TREE.readTree(tree(v))));
                assertThat(row[1]).isEqualTo("after");
            }
        }
    }

    @Test
    void read_timestampTz_equalsTheFormattersValueAndRefusesWhatItRefuses() {
        java.util.Random random = new java.util.Random(20);
        for (int i = 0; i < 20_000; i++) {
            java.time.OffsetDateTime t = java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(
                    random.nextLong() % 400_000_000_000L, switch (i % 5) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    }), java.time.ZoneOffset.UTC);
            if (i % 7 == 0) {
                t = t.withSecond(0).withNano(0); // "HH:mm" with neither seconds nor a fraction
            }
            String text = t.toString();
            assertThat(RowCodec.timestampTz(text)).as(text).isEqualTo(java.time.OffsetDateTime.parse(text));
        }
        for (String other : List.of("2026-12-07T10:02:30.1Z", "2026-12-07T10:02:30.12345Z", "2026-12-07T10:02:30+02:00", "+12026-12-07T10:02:30Z",
                "-0001-01-01T00:00Z")) {
            assertThat(RowCodec.timestampTz(other)).as(other).isEqualTo(java.time.OffsetDateTime.parse(other));
        }
        for (String bad : List.of("2026-13-07T10:02:30Z", "2026-02-30T10:02Z", "2026-12-07T24:00:00Z", "2026-12-07T10:02:60Z",
                "2026-12-0xT10:02:30Z", "2026-12-07T10:02:30.-12Z", "2026-12-07 10:02:30Z")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RowCodec.timestampTz(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    private static String tree(String json) throws Exception {
        return TREE.writeValueAsString(TREE.readTree(json));
    }

    private static String encode(RowCodec codec, Object[] row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = RowCodec.JSON.createGenerator(out)) {
            codec.write(g, row);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
