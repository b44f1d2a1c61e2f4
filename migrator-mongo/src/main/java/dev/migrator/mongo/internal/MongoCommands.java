package dev.migrator.mongo.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonParseException;

/**
 * MongoDB scripts: a JSON array of database command documents, run in order, e.g.
 *
 * <pre>{@code
 * [
 *   {"createCollection": "users", "validator": {"$jsonSchema": {"required": ["email"]}}},
 *   {"createIndexes": "users", "indexes": [{"key": {"email": 1}, "name": "users_email", "unique": true}]},
 *   {"update": "users", "updates": [{"q": {}, "u": [{"$set": {"active": true}}], "multi": true}]}
 * ]
 * }</pre>
 *
 * <p>Values may use MongoDB Extended JSON ({@code {"$date": "2025-01-01T00:00:00Z"}}, {@code {"$oid": "..."}}).
 * Collection names are those of the target database; {@code createCollection} and {@code dropCollection} are the
 * shell's names of {@code create} and {@code drop}.
 */
final class MongoCommands {

    /** Commands a script may hold. Others are refused before anything runs. */
    static final Set<String> KNOWN = Set.of("create", "createCollection", "drop", "dropCollection", "createIndexes",
            "dropIndexes", "collMod", "renameCollection", "insert", "update", "delete", "findAndModify", "aggregate");

    /** Commands MongoDB accepts inside a multi-document transaction; the rest run outside one. */
    static final Set<String> TRANSACTIONAL = Set.of("insert", "update", "delete", "findAndModify", "aggregate");

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private MongoCommands() {}

    /**
     * Reads a script and splits it. A MongoDB script is one JSON array, checked whole before any command runs, so it
     * is held in memory (unlike SQL scripts, which are split as they are read).
     *
     * @throws ScriptParseException as {@link #parse(String, String)}, or when the script cannot be read
     */
    static List<ParsedStatement> parse(Reader script, String source) {
        StringBuilder text = new StringBuilder();
        char[] chunk = new char[8192];
        try {
            for (int read; (read = script.read(chunk)) >= 0; ) {
                text.append(chunk, 0, read);
            }
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read " + source + ": " + e.getMessage() + ". Check that it is readable.", e);
        }
        return parse(text.toString(), source);
    }

    /**
     * Splits a script into its commands, each with the line it starts on. Everything is checked here, before any
     * command runs: the JSON, Extended JSON values, and the command names.
     *
     * @throws ScriptParseException naming the source, line and column, or the command's index
     */
    static List<ParsedStatement> parse(String text, String source) {
        List<ParsedStatement> commands = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return commands; // an empty file is an empty script
            }
            if (first == JsonToken.START_OBJECT) {
                commands.add(command(parser, text, source, 1));
                requireEnd(parser, source);
                return commands;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new ScriptParseException(source + " " + at(parser.currentTokenLocation())
                        + ": a MongoDB script is a JSON array of command documents, e.g. [{\"createCollection\": \"users\"}]; "
                        + "found " + parser.getText() + ".");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw new ScriptParseException(source + " " + at(parser.currentTokenLocation()) + ": command #"
                            + (commands.size() + 1) + " is " + parser.getText() + ", not a command document such as "
                            + "{\"insert\": \"users\", \"documents\": [...]}.");
                }
                commands.add(command(parser, text, source, commands.size() + 1));
            }
            requireEnd(parser, source);
            return commands;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new ScriptParseException(source + " is not valid JSON" + (where == null ? "" : " " + at(where)) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ". Fix the JSON; a MongoDB script is an "
                    + "array of command documents.", e);
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static void requireEnd(JsonParser parser, String source) throws IOException {
        if (parser.nextToken() != null) {
            throw new ScriptParseException(source + " " + at(parser.currentTokenLocation())
                    + ": text after the end of the script's array; put every command inside the one array.");
        }
    }

    private static ParsedStatement command(JsonParser parser, String text, String source, int index) throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        parser.skipChildren();
        int from = (int) start.getCharOffset();
        int to = (int) parser.currentLocation().getCharOffset();
        String json = text.substring(from, to);
        BsonDocument document = document(json, source, index, start.getLineNr());
        String name = nameOf(document, source, index, start.getLineNr());
        return new ParsedStatement(json, start.getLineNr(), !allowedInTransaction(name, document));
    }

    private static BsonDocument document(String json, String source, int index, int line) {
        try {
            return BsonDocument.parse(json);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new ScriptParseException(source + ", command #" + index + " (line " + line + "): invalid Extended JSON: "
                    + e.getMessage() + ". See https://www.mongodb.com/docs/manual/reference/mongodb-extended-json/.", e);
        }
    }

    private static String nameOf(BsonDocument document, String source, int index, int line) {
        if (document.isEmpty()) {
            throw new ScriptParseException(source + ", command #" + index + " (line " + line + ") is an empty document; "
                    + "a command starts with its name, e.g. {\"insert\": \"users\", \"documents\": [...]}.");
        }
        String name = document.getFirstKey();
        if (!KNOWN.contains(name)) {
            throw new ScriptParseException(source + ", command #" + index + " (line " + line + "): unknown command '" + name
                    + "'. A script may use " + new TreeSet<>(KNOWN) + "; for anything else write a Java migration.");
        }
        return name;
    }

    /** Whether MongoDB accepts the command inside a multi-document transaction. */
    static boolean allowedInTransaction(String name, BsonDocument document) {
        if (!TRANSACTIONAL.contains(name)) {
            return false;
        }
        if (name.equals("aggregate") && document.get("pipeline") instanceof BsonArray pipeline) {
            for (BsonValue stage : pipeline) {
                if (stage.isDocument() && (stage.asDocument().containsKey("$out") || stage.asDocument().containsKey("$merge"))) {
                    return false; // MongoDB refuses $out and $merge in transactions
                }
            }
        }
        return true;
    }

    /**
     * One command ready to send.
     *
     * @param database where it runs ({@code admin} for renameCollection)
     * @param name the command's name as written
     * @param command the command with aliases replaced by the server's names, the collection names of
     *     {@code renameCollection} made full, and a cursor asked of {@code aggregate}
     * @param transactional whether MongoDB accepts it inside a transaction
     */
    record Prepared(String database, String name, BsonDocument command, boolean transactional) {}

    /**
     * Prepares one command to send.
     *
     * @throws StatementException when the text is not a known command (a Java migration's {@code execute})
     */
    static Prepared prepare(String json, String database) {
        BsonDocument parsed;
        try {
            parsed = BsonDocument.parse(json);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new StatementException("Not a JSON command document: " + e.getMessage(), null, e);
        }
        if (parsed.isEmpty() || !KNOWN.contains(parsed.getFirstKey())) {
            throw new StatementException("Unknown command '" + (parsed.isEmpty() ? "" : parsed.getFirstKey()) + "'; known: "
                    + new TreeSet<>(KNOWN) + ".", null, null);
        }
        String name = parsed.getFirstKey();
        BsonDocument command = new BsonDocument();
        for (Map.Entry<String, BsonValue> e : parsed.entrySet()) {
            String key = e.getKey();
            if (key.equals(name)) {
                key = switch (name) {
                    case "createCollection" -> "create";
                    case "dropCollection" -> "drop";
                    default -> name;
                };
            }
            command.put(key, e.getValue());
        }
        if (name.equals("renameCollection")) {
            command.put("renameCollection", qualified(command.get("renameCollection"), database));
            command.put("to", qualified(command.get("to"), database));
            return new Prepared("admin", name, command, false);
        }
        if (name.equals("aggregate") && !command.containsKey("cursor") && !command.containsKey("explain")) {
            command.put("cursor", new BsonDocument());
        }
        return new Prepared(database, name, command, allowedInTransaction(name, parsed));
    }

    private static BsonValue qualified(BsonValue value, String database) {
        if (value == null || !value.isString()) {
            return value; // the server names what is wrong
        }
        String name = value.asString().getValue();
        return name.startsWith(database + ".") ? value : new BsonString(database + "." + name);
    }

    private static String at(JsonLocation location) {
        return "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
