package dev.migrator.examples.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP example's JSON through Jackson: a strict reader for request bodies and the writer of answers.
 *
 * <p>Reading refuses what a careless parser lets through: trailing text, duplicate keys, control characters in
 * strings, leading zeros, numbers longer than {@value #MAX_NUMBER_LENGTH} characters and nesting deeper than
 * {@value #MAX_DEPTH}. Numbers with a fraction or an exponent are kept as written ({@code BigDecimal}, trailing zeros
 * kept), never expanded. Every error is a {@link ParseException} in the service's words, naming line, column and offset:
 * Jackson's own text names its classes and settings, which a client has no use for.
 */
final class Json {

    /** Request bodies are flat; anything deeper is refused rather than recursed into. */
    static final int MAX_DEPTH = 16;
    /** Longer than any real version, short enough that no number costs anything to read. */
    static final int MAX_NUMBER_LENGTH = 100;
    /**
     * ServiceConfig's largest {@code maxBodyBytes}: no string or field name can be longer, so the body limit is the
     * one that counts (Jackson's defaults, 20 M characters and 50,000 for a name, would refuse less than it allows).
     */
    private static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    // Configured once here and never changed: both are safe to share between threads.
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNameLength(MAX_STRING_LENGTH)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A version number is checked as written: 5.0 stays 5.0 (a fraction), 1e3 is not turned into 1000.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writer().with(new LineSeparatorEscapes());

    private Json() {}

    /** A JSON text that could not be read; the message names the position. */
    static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long offset;
        private final int line;
        private final int column;

        ParseException(String problem, long offset, int line, int column) {
            super("Malformed JSON at line " + line + ", column " + column + " (offset " + offset + "): " + problem);
            this.offset = offset;
            this.line = line;
            this.column = column;
        }

        long offset() {
            return offset;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    /**
     * Reads one JSON value that makes up the whole text (whitespace around it allowed).
     *
     * @throws ParseException when the text is not one JSON value within the limits
     */
    static JsonNode read(String text) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            try {
                // readTree(JsonParser) honours FAIL_ON_TRAILING_TOKENS (JsonTest checks it).
                return MAPPER.readTree(parser);
            } catch (StreamConstraintsException e) {
                // Thrown without a location: the parser is where the limit was passed.
                throw error(limit(e.getOriginalMessage()), parser.currentLocation());
            } catch (NumberFormatException e) {
                // An exponent beyond an int (1e9999999999): Jackson's BigDecimal parsing throws this unwrapped.
                throw error("number out of range", parser.currentTokenLocation());
            } catch (JsonProcessingException e) {
                throw error(problem(e, parser), e.getLocation() == null ? parser.currentLocation() : e.getLocation());
            }
        } catch (IOException e) {
            // A parser over a String reads no I/O: only creating or closing it declares this.
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("(?:Unrecognized|Non-standard) token '(.*?)'", Pattern.DOTALL);

    /** Jackson's problem in the service's words: what was found, and what was expected instead. */
    private static String problem(JsonProcessingException e, JsonParser parser) {
        String text = e.getOriginalMessage();
        if (e instanceof MismatchedInputException && text.startsWith("Trailing token")) {
            return "more JSON after the end of the value; send one object";
        }
        if (text.startsWith("Duplicate field") || text.startsWith("Duplicate Object property")) {
            return "field \"" + RequestParser.clip(parser.getParsingContext().getCurrentName()) + "\" appears twice";
        }
        if (e instanceof JsonEOFException) {
            return text.contains("closing quote") ? "string not closed" : "unexpected end of input, expected "
                    + (parser.getParsingContext().inRoot() ? "a value" : "more of the value");
        }
        Matcher token = TOKEN.matcher(text);
        if (token.lookingAt()) {
            return "unexpected '" + RequestParser.clip(token.group(1)) + "', expected a value";
        }
        Matcher unexpected = UNEXPECTED.matcher(text);
        if (unexpected.lookingAt()) {
            String c = unexpected.group(1);
            String found = c.length() == 1 && (c.charAt(0) < 0x20 || c.charAt(0) > 0x7e)
                    ? "character U+" + String.format("%04X", (int) c.charAt(0)) : "'" + c + "'";
            return "unexpected " + found + expected(text.substring(unexpected.end()));
        }
        // Anything else (an invalid escape, a control character, a leading zero): Jackson's sentence, without the
        // character codes and the names of its own settings.
        String plain = text.replaceAll(",? \\(?code \\d+\\)?", "").replaceAll("(?s):? *(?:enable|\\(from) `.*", "");
        return RequestParser.clip(plain.isBlank() ? "not valid JSON" : plain);
    }

    private static String expected(String rest) {
        if (rest.contains("expected a valid value")) {
            return ", expected a value";
        }
        if (rest.contains("double-quote to start field name")) {
            return ", expected a field name in double quotes";
        }
        if (rest.contains("comma to separate Object entries")) {
            return ", expected ',' or '}'";
        }
        if (rest.contains("comma to separate Array entries")) {
            return ", expected ',' or ']'";
        }
        if (rest.contains("colon to separate field name and value")) {
            return ", expected ':'";
        }
        String plain = rest.replaceFirst("^:? *", "").replaceAll("(?s):? *(?:enable|\\(from) `.*", "");
        return plain.isBlank() ? "" : ", " + RequestParser.clip(plain);
    }

    private static String limit(String jacksonText) {
        if (jacksonText.startsWith("Document nesting depth")) {
            return "nested deeper than " + MAX_DEPTH + " levels; a request body is a flat object";
        }
        if (jacksonText.startsWith("Number value length")) {
            return "number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        return "string longer than " + MAX_STRING_LENGTH + " characters";
    }

    private static ParseException error(String problem, JsonLocation at) {
        return new ParseException(problem, Math.max(0, at.getCharOffset()), Math.max(1, at.getLineNr()),
                Math.max(1, at.getColumnNr()));
    }

    /**
     * Writes maps (keys in their iteration order), iterables, strings, numbers, booleans and {@code null}, with no
     * whitespace between tokens.
     */
    static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Answers hold only plain values: nothing here has a serializer that can fail.
            throw new IllegalStateException("Cannot write an answer as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An insertion-ordered map built from key/value pairs, {@code null} values kept. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Jackson's escapes plus the two line separators that break JavaScript string literals (U+2028, U+2029). */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializableString LINE = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LINE : ch == 0x2029 ? PARAGRAPH : null;
        }
    }
}
