package dev.migrator.etcd.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.migrator.api.ScriptParseException;
import dev.migrator.spi.ParsedStatement;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an etcd script, a JSON array of operation objects, into one statement per operation, and checks the whole
 * script before anything runs: every operation's fields and keys, and that the script with its history entry fits
 * in one etcd transaction.
 */
final class EtcdScripts {

    /** Operations of a transaction that are not the script's: the history entry. */
    static final int HISTORY_OPS = 1;

    private EtcdScripts() {}

    static List<ParsedStatement> parse(Reader script, String source, EtcdBackend.Limits limits) {
        List<ParsedStatement> statements = new ArrayList<>();
        long bytes = 0;
        String text;
        try {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n = script.read(buffer); n >= 0; n = script.read(buffer)) {
                all.append(buffer, 0, n);
                if (all.length() > limits.maxRequestBytes()) {
                    throw new ScriptParseException(source + " is longer than " + limits.maxRequestBytes() + " characters, "
                            + "over " + limits.describe() + ". A script commits in one transaction with its history "
                            + "entry: split it into smaller scripts.");
                }
            }
            text = all.toString();
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read " + source + ": " + e.getMessage(), e);
        }
        try (JsonParser parser = EtcdOperation.JSON.getFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return List.of();
            }
            if (first != JsonToken.START_ARRAY) {
                throw new ScriptParseException(where(source, parser.currentTokenLocation()) + ": an etcd script is a JSON "
                        + "array of operations, e.g. [{\"op\": \"put\", \"key\": \"config/a\", \"value\": {\"x\": 1}}].");
            }
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                index++;
                JsonLocation at = parser.currentTokenLocation();
                JsonNode node = parser.readValueAsTree();
                EtcdOperation operation;
                try {
                    operation = EtcdOperation.of(node);
                } catch (IllegalArgumentException e) {
                    throw new ScriptParseException(where(source, at) + ", operation " + index + ": " + e.getMessage() + ".");
                }
                bytes += operation.size();
                // The operation as written, so that a dry run shows the script's own text.
                long start = at.getCharOffset();
                long end = parser.currentLocation().getCharOffset();
                String written = start >= 0 && end > start && end <= text.length()
                        ? text.substring((int) start, (int) end) : node.toString();
                statements.add(new ParsedStatement(written, at.getLineNr(), false, true));
            }
            if (parser.nextToken() != null) {
                throw new ScriptParseException(where(source, parser.currentTokenLocation()) + ": text after the array of "
                        + "operations; a script is one JSON array.");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ScriptParseException((at == null ? source : where(source, at)) + ": not valid JSON ("
                    + e.getOriginalMessage() + ").", e);
        } catch (IOException e) {
            throw new ScriptParseException("Cannot read " + source + ": " + e.getMessage(), e);
        }
        int ops = statements.size() + HISTORY_OPS;
        if (ops > limits.maxTxnOps() || bytes > limits.maxRequestBytes()) {
            throw new ScriptParseException(source + " does not fit in one etcd transaction: its " + statements.size()
                    + " operations and its history entry are " + ops + " operations of about " + bytes + " bytes, over "
                    + limits.describe() + ". A script commits in one transaction with its history entry: split it into "
                    + "scripts of at most " + (limits.maxTxnOps() - HISTORY_OPS) + " operations each, or raise both limits on "
                    + "every etcd member and the connection's maxTxnOps and maxRequestBytes properties.");
        }
        return statements;
    }

    private static String where(String source, JsonLocation at) {
        return source + " line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
