package dev.migrator.core.internal;

import dev.migrator.api.ScriptParseException;
import java.util.Map;

/** Substitutes {@code ${name}} in script text. An unknown placeholder is an error, never left in silently. */
public final class Placeholders {

    private Placeholders() {}

    /**
     * Replaces every {@code ${name}} with its value.
     *
     * @param source the script's name, for messages
     * @throws ScriptParseException naming the script, line and placeholder when a value is missing
     */
    public static String substitute(String text, Map<String, String> values, String source) {
        int at = text.indexOf("${");
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int from = 0;
        while (at >= 0) {
            int end = text.indexOf('}', at + 2);
            String key = end < 0 ? null : text.substring(at + 2, end);
            if (key == null || !isKey(key)) {
                // Not a placeholder (e.g. "${" inside a string): keep the two characters and move on.
                out.append(text, from, at + 2);
                from = at + 2;
                at = text.indexOf("${", from);
                continue;
            }
            String value = values.get(key);
            if (value == null) {
                throw new ScriptParseException("Script " + source + " line " + lineOf(text, at) + ": no value for placeholder ${"
                        + key + "}. Known: " + values.keySet().stream().sorted().toList()
                        + ". Define it with placeholder(\"" + key + "\", value) or under 'placeholders' in the configuration file.");
            }
            out.append(text, from, at).append(value);
            from = end + 1;
            at = text.indexOf("${", from);
        }
        out.append(text, from, text.length());
        return out.toString();
    }

    private static boolean isKey(String key) {
        if (key.isEmpty() || key.length() > 100) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
