package dev.migrator.core.internal.schema;

import dev.migrator.core.internal.FuzzStats;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.migrator.api.ScriptParseException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The placeholder expander on any script text (issue 16, item 5): it returns the text with placeholders substituted
 * or throws a {@link ScriptParseException} naming the script and line; nothing else. Whatever the reader is asked for
 * at a time, it gives the same text, takes the same checksum as {@link Checksums#of}, and never lets a NUL character
 * through; text without {@code ${} comes back unchanged; a value with a ';' never reaches the output through a plain
 * {@code ${name}}: a script with one is always refused. Inputs: {@code PlaceholdersFuzzTestInputs/substitute/}: the first byte picks the read size, the
 * rest is a UTF-8 script.
 */
class PlaceholdersFuzzTest {

    private static final String LABEL = "V1__fuzz (code)";
    private static final FuzzStats STATS = new FuzzStats("PlaceholdersFuzzTest.substitute");

    /** Plain values, hostile ones (quotes, separators, comment openers, NUL) and a long one. */
    private static final Map<String, String> VALUES = Map.of(
            "schema", "app",
            "owner", "x'); DELETE FROM victim; --",
            "quote", "it's",
            "comment", "a /* b",
            "nul", "a\0b",
            "name", "users",
            "bad-name", "a\"b; drop",
            "long", "v".repeat(5000),
            "semi", "1; 2");

    @FuzzTest
    void substitute(byte[] input) throws Exception {
        STATS.check(() -> {
            if (input.length == 0) {
                return;
            }
            int readSize = 1 + (input[0] & 0xff) * 37;
            String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
            String whole;
            try {
                whole = Placeholders.substitute(text, VALUES, PlaceholdersTest.SQL, LABEL);
            } catch (ScriptParseException e) {
                assertThat(e.getMessage()).startsWith("Script " + LABEL + " line ");
                return;
            }
            assertThat(whole).doesNotContain("\0");
            // ${semi} holds a ';': pasted raw, it is always refused.
            assertThat(text).doesNotContain("${semi}");
            if (!text.contains("${")) {
                assertThat(whole).isEqualTo(text);
            }
            assertThat(readInPieces(text, readSize)).isEqualTo(whole);
        });
    }

    /** Reads through the streaming reader, {@code size} characters at a time, checking the checksum at the end. */
    private static String readInPieces(String text, int size) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] chunk = new char[size];
        try (Reader in = Placeholders.reader(new StringReader(text), VALUES, PlaceholdersTest.SQL, LABEL, Checksums.of(text))) {
            for (int read; (read = in.read(chunk, 0, size)) >= 0; ) {
                out.append(chunk, 0, read);
            }
        }
        return out.toString();
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}
