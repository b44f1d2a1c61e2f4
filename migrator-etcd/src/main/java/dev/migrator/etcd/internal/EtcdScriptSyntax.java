package dev.migrator.etcd.internal;

import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.spi.ScriptSyntax;
import java.util.Optional;

/**
 * Placeholder values in etcd scripts (JSON arrays of operations): a literal is a JSON string (quotes included), an
 * identifier a key segment checked and written as a JSON string, so both are written without quotes around the
 * placeholder: {@code {"op": "put", "key": ${literal:key}, "value": ${literal:owner}}}. A plain {@code ${name}} inside
 * a JSON string ({@code "config/${environment}/url"}) is pasted when it cannot end that string.
 */
final class EtcdScriptSyntax implements ScriptSyntax {

    static final EtcdScriptSyntax INSTANCE = new EtcdScriptSyntax();

    private EtcdScriptSyntax() {}

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

    /** One key segment: letters, digits, {@code _ . -}, not {@code .} or {@code ..}, at most 255 characters. */
    @Override
    public String identifier(String value) {
        boolean ok = value.matches("[A-Za-z0-9_.\\-]{1,255}") && !value.equals(".") && !value.equals("..")
                && !value.equals(EtcdKeys.RESERVED);
        if (!ok) {
            throw new InvalidIdentifierException("Invalid key segment '" + value + "': give 1 to 255 letters, digits, '_', "
                    + "'.' or '-', not '.', '..' or '" + EtcdKeys.RESERVED + "', e.g. production.");
        }
        return literal(value);
    }

    /** What could close a JSON string, add members or operations around the value, or leave the key's prefix. */
    @Override
    public Optional<String> rawHazard(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '"' || c == '\\') {
                return Optional.of("'" + c + "' (it can end a JSON string)");
            }
            if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',') {
                return Optional.of("'" + c + "' (it can add JSON members or operations)");
            }
            if (c == '/') {
                return Optional.of("'/' (it can change which key an operation names)");
            }
        }
        if (value.contains("..")) {
            return Optional.of("'..' (it can leave the schema's prefix)");
        }
        return Optional.empty();
    }
}
