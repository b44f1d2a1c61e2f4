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
