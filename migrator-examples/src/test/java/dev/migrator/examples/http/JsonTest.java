package dev.migrator.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Jackson reader's limits and refusals in the service's words, and the writer's output, without a server. */
class JsonTest {

    @Test
    void read_unexpectedCharacter_namesItWithLineColumnAndOffset() {
        assertThatThrownBy(() -> Json.read("{\"connection\": \"core\", \"schema\": }"))
                .isInstanceOf(Json.ParseException.class)
                .hasMessage("Malformed JSON at line 1, column 34 (offset 33): unexpected '}', expected a value");
        assertThatThrownBy(() -> Json.read("{\n  \"a\": 1,\n  b: 2}"))
                .hasMessage("Malformed JSON at line 3, column 3 (offset 14): unexpected 'b', expected a field name in "
                        + "double quotes");
        assertThatThrownBy(() -> Json.read("{\"a\": 1 \"b\": 2}"))
                .hasMessage("Malformed JSON at line 1, column 9 (offset 8): unexpected '\"', expected ',' or '}'");
        assertThatThrownBy(() -> Json.read("{\"a\": tru}"))
                .hasMessage("Malformed JSON at line 1, column 7 (offset 6): unexpected 'tru', expected a value");
    }

    @Test
    void read_duplicateKey_refusedNamingTheField() {
        assertThatThrownBy(() -> Json.read("{\"schema\": \"a\", \"schema\": \"b\"}"))
                .hasMessageStartingWith("Malformed JSON at line 1, column ")
                .hasMessageEndingWith(": field \"schema\" appears twice");
    }

    @Test
    void read_trailingText_refused() {
        assertThatThrownBy(() -> Json.read("{} {}"))
                .hasMessage("Malformed JSON at line 1, column 4 (offset 3): more JSON after the end of the value; "
                        + "send one object");
        assertThatThrownBy(() -> Json.read("{\"a\": 1} x"))
                .hasMessage("Malformed JSON at line 1, column 10 (offset 9): unexpected 'x', expected a value");
    }

    @Test
    void read_sixteenLevels_read_seventeen_refused() {
        assertThat(Json.read("[".repeat(16) + "1" + "]".repeat(16)).isArray()).isTrue();

        assertThatThrownBy(() -> Json.read("[".repeat(17) + "1" + "]".repeat(17)))
                .hasMessageEndingWith(": nested deeper than 16 levels; a request body is a flat object");
    }

    @Test
    void read_numbers_limitedTo100CharactersAndKeptAsWritten() {
        assertThat(Json.read("{\"v\": " + "9".repeat(100) + "}").get("v").bigIntegerValue().toString())
                .isEqualTo("9".repeat(100));
        assertThat(Json.read("{\"v\": 5.0}").get("v").numberValue().toString()).isEqualTo("5.0");
        assertThat(Json.read("{\"v\": 1e10000000}").get("v").numberValue().toString()).isEqualTo("1E+10000000");

        assertThatThrownBy(() -> Json.read("{\"v\": " + "9".repeat(101) + "}"))
                .hasMessageEndingWith(": number longer than 100 characters");
        assertThatThrownBy(() -> Json.read("{\"connection\": \"core\", \"targetVersion\": 1e9999999999}"))
                .hasMessage("Malformed JSON at line 1, column 41 (offset 40): number out of range");
        assertThatThrownBy(() -> Json.read("{\"v\": 01}")).hasMessageContaining("Leading zeroes not allowed");
        assertThatThrownBy(() -> Json.read("{\"v\": NaN}"))
                .hasMessageEndingWith(": unexpected 'NaN', expected a value");
    }

    @Test
    void read_unclosedStringOrObject_saysSo() {
        assertThatThrownBy(() -> Json.read("{\"a\": \"abc")).hasMessageEndingWith(": string not closed");
        assertThatThrownBy(() -> Json.read("{\"a\": 1"))
                .hasMessageEndingWith(": unexpected end of input, expected more of the value");
    }

    @Test
    void read_errors_neverNameJacksonOrItsSettings() {
        List<String> bad = List.of("{\"a\": \"\u0001\"}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12G4\"}", "{'a': 1}",
                "{\"a\": -}", "{\"a\": 1.}", "{\"a\": NaN}", "[1,]", "{\"a\" 1}", "\u0001");
        for (String text : bad) {
            assertThatThrownBy(() -> Json.read(text)).as(text).isInstanceOf(Json.ParseException.class)
                    .hasMessageStartingWith("Malformed JSON at line 1, column ")
                    .hasMessageNotContaining("`").hasMessageNotContaining("(code ").hasMessageNotContaining("Feature")
                    .hasMessageNotContaining("jackson");
        }
    }

    @Test
    void write_keepsKeyOrderAndNullsWithoutSpaces_escapesControlAndLineSeparators() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "X");
        body.put("message", "a\"b\\c\nd\u0001e\u2028f\u2029/é");
        body.put("none", null);
        body.put("list", new ArrayList<>(Arrays.asList(1, 2L, true, null)));
        body.put("nested", Json.object("z", 1, "a", 2));
        body.put("status", 400);

        String written = Json.write(body);

        assertThat(written.toLowerCase()).isEqualTo("{\"error\":\"x\",\"message\":\"a\\\"b\\\\c\\nd\\u0001e\\u2028f"
                + "\\u2029/é\",\"none\":null,\"list\":[1,2,true,null],\"nested\":{\"z\":1,\"a\":2},\"status\":400}");
        assertThat(Json.read(written).get("message").textValue()).isEqualTo(body.get("message"));
    }
}
