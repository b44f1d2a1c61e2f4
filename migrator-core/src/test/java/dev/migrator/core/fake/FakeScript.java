package dev.migrator.core.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.ScriptSyntax;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.ValueKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fake backend's script language: one statement per line, {@code --} starts a comment line.
 *
 * <pre>
 * create t [column:kind ...]    a table; the first column is the key; default one column id:integer
 * drop t                        removes a table
 * insert t {"id": 1, "a": "x"}  one row, as a JSON object (unknown columns and duplicate keys are refused)
 * fail [message]                the database rejects the statement, with the message
 * sleep millis                  waits (to hold a lock while a test watches)
 * concurrently &lt;statement&gt;     the statement, refusing to run inside a transaction
 * </pre>
 *
 * <p>A table may be written {@code schema.table}; otherwise it is the session's schema. An unknown command is a parse
 * error, so that tests can show a script that does not parse runs nothing.
 */
final class FakeScript {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final List<String> COMMANDS = List.of("create", "drop", "insert", "fail", "sleep");

    private FakeScript() {}

    /** Splits a script as it is read, one line a statement. */
    static Iterator<ParsedStatement> parse(Reader script, String source, FakeBackend.Ddl ddlMode) {
        BufferedReader lines = new BufferedReader(script);
        return new Iterator<>() {
            private int line;
            private ParsedStatement next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    String text;
                    try {
                        text = lines.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (text == null) {
                        return false;
                    }
                    line++;
                    String statement = text.strip();
                    if (statement.isEmpty() || statement.startsWith("--")) {
                        continue;
                    }
                    next = classify(statement, line, source, ddlMode);
                }
                return true;
            }

            @Override
            public ParsedStatement next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ParsedStatement s = next;
                next = null;
                return s;
            }
        };
    }

    private static ParsedStatement classify(String statement, int line, String source, FakeBackend.Ddl ddlMode) {
        boolean noTransaction = false;
        String body = statement;
        if (command(body).equals("concurrently")) {
            noTransaction = true;
            body = body.substring("concurrently".length()).strip();
        }
        String command = command(body);
        if (!COMMANDS.contains(command)) {
            throw new ScriptParseException("Cannot split " + source + " at line " + line + ", column 1: unknown statement '"
                    + command + "'; the fake language knows " + COMMANDS + ".");
        }
        boolean ddl = command.equals("create") || command.equals("drop");
        // DDL that commits by itself may not share a transaction with its neighbours' progress record.
        return new ParsedStatement(statement, line, noTransaction, !noTransaction && (!ddl || ddlMode == FakeBackend.Ddl.TRANSACTIONAL));
    }

    private static String command(String statement) {
        int space = statement.indexOf(' ');
        return (space < 0 ? statement : statement.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    /** Runs one statement on the connection, in its transaction if one is open. */
    static void execute(FakeConnection c, String schema, ParsedStatement statement, FakeBackend.Ddl ddlMode) {
        String text = statement.text().strip();
        if (command(text).equals("concurrently")) {
            if (c.inTransaction()) {
                throw new StatementException("concurrently cannot run inside a transaction block", "25001", null);
            }
            text = text.substring("concurrently".length()).strip();
        }
        String[] words = text.split("\\s+", 3);
        switch (command(text)) {
            case "create" -> {
                Name t = name(words, schema);
                List<ColumnInfo> columns = columns(text);
                ddl(c, ddlMode, s -> {
                    if (s.schema(t.schema).tables.containsKey(t.table)) {
                        throw new StatementException("relation \"" + t.table + "\" already exists", "42P07", null);
                    }
                    s.schema(t.schema).tables.put(t.table, new FakeTable(t.schema, t.table, columns));
                });
            }
            case "drop" -> {
                Name t = name(words, schema);
                ddl(c, ddlMode, s -> {
                    s.table(t.schema, t.table);
                    s.schema(t.schema).tables.remove(t.table);
                });
            }
            case "insert" -> {
                Name t = name(words, schema);
                Map<String, Object> values = json(words.length > 2 ? words[2] : "");
                c.write(s -> {
                    FakeTable table = s.table(t.schema, t.table);
                    table.insert(table.rowOf(values));
                });
            }
            case "fail" -> throw new StatementException(words.length > 1 ? text.substring(5).strip() : "failed on purpose",
                    "FAKE1", null);
            case "sleep" -> {
                try {
                    Thread.sleep(Long.parseLong(words[1]));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationInterruptedException("sleep interrupted", e);
                }
            }
            default -> throw new StatementException("syntax error at \"" + words[0] + "\"", "42601", null);
        }
    }

    /**
     * DDL: part of the transaction where DDL is transactional; elsewhere it commits the open transaction first and
     * itself at once, then a new transaction goes on (MySQL's implicit commit).
     */
    private static void ddl(FakeConnection c, FakeBackend.Ddl ddlMode, java.util.function.Consumer<FakeState> change) {
        if (ddlMode == FakeBackend.Ddl.TRANSACTIONAL || !c.inTransaction()) {
            c.write(change);
            return;
        }
        c.commit();
        c.write(change);
        c.begin();
    }

    private record Name(String schema, String table) {}

    private static Name name(String[] words, String schema) {
        if (words.length < 2) {
            throw new StatementException("a table name is missing", "42601", null);
        }
        String n = words[1];
        int dot = n.indexOf('.');
        return dot < 0 ? new Name(schema, n) : new Name(n.substring(0, dot), n.substring(dot + 1));
    }

    private static List<ColumnInfo> columns(String text) {
        String[] words = text.split("\\s+");
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 2; i < words.length; i++) {
            String[] nameKind = words[i].split(":", 2);
            ValueKind kind;
            try {
                kind = nameKind.length < 2 ? ValueKind.STRING : ValueKind.valueOf(nameKind[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new StatementException("type \"" + nameKind[1] + "\" does not exist", "42704", null);
            }
            columns.add(ColumnInfo.of(nameKind[0], kind.name().toLowerCase(Locale.ROOT), kind));
        }
        if (columns.isEmpty()) {
            columns.add(ColumnInfo.of("id", "integer", ValueKind.INTEGER));
        }
        return columns;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        try {
            Object value = JSON.readValue(text, Object.class);
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (JsonProcessingException e) {
            // refused below, as a server refuses a malformed value
        }
        throw new StatementException("invalid input syntax for a row: " + text + " (a JSON object is expected)", "22P02", null);
    }

    /** Placeholder values: JSON string literals, plain identifiers, and raw text checked for line breaks and comments. */
    static final ScriptSyntax SYNTAX = new ScriptSyntax() {
        @Override
        public String literal(String value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String identifier(String value) {
            if (!IDENTIFIER.matcher(value).matches()) {
                throw new InvalidIdentifierException("'" + value + "' is not a valid fake identifier: use a letter or '_' "
                        + "then up to 62 letters, digits or '_'.");
            }
            return value;
        }

        @Override
        public Optional<String> rawHazard(String value) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                return Optional.of("a line break (a statement separator)");
            }
            if (value.contains("--")) {
                return Optional.of("'--' (a comment)");
            }
            return Optional.empty();
        }
    };
}
