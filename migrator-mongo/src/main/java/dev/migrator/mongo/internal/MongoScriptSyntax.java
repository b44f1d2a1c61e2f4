package dev.migrator.mongo.internal;

import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.spi.ScriptSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Placeholder values in MongoDB scripts (JSON command lists): a literal is a JSON string (quotes included), an
 * identifier a collection name checked and written as a JSON string, so both are written without quotes around the
 * placeholder: {@code {"insert": ${identifier:coll}, "documents": [{"owner": ${literal:owner}}]}}.
 */
final class MongoScriptSyntax implements ScriptSyntax {

    static final MongoScriptSyntax INSTANCE = new MongoScriptSyntax();

    private MongoScriptSyntax() {}

    @Override
    public String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String identifier(String value) {
        boolean ok = !value.isEmpty() && value.indexOf('$') < 0 && value.indexOf('\0') < 0 && !value.startsWith("system.")
                && value.getBytes(StandardCharsets.UTF_8).length <= 120;
        if (!ok) {
            throw new InvalidIdentifierException("Invalid collection name '" + value + "': give a name without '$' or NUL"
                    + " that does not start with 'system.', of at most 120 bytes, e.g. users.");
        }
        return literal(value);
    }

    /** What could close a JSON string or add members, elements or commands around the value. */
    @Override
    public Optional<String> rawHazard(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '"' || c == '\\') {
                return Optional.of("'" + c + "' (it can end a JSON string)");
            }
            if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',') {
                return Optional.of("'" + c + "' (it can add JSON members or commands)");
            }
        }
        return Optional.empty();
    }
}
