package dev.migrator.core.internal;

import dev.migrator.api.Script;
import dev.migrator.api.ScriptBody;
import dev.migrator.api.Target;
import dev.migrator.api.Version;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script with what the engine derived from it once at build time: its connection, its schema pattern, and its
 * checksum (computed on the text before placeholder substitution, so one script applied to many tenant schemas has
 * one checksum).
 */
record LoadedScript(Script script, String connection, String schemaPattern, Pattern schemaRegex, String checksum, String type) {

    static LoadedScript of(Script script, String defaultConnection) {
        String connection = script.connection().orElse(defaultConnection);
        String pattern = script.schema().orElse(null);
        Pattern regex = null;
        if (pattern != null) {
            String quoted = Pattern.quote(pattern).replace(Target.ENVIRONMENT_PLACEHOLDER, "\\E([A-Za-z0-9_]{1,40})\\Q");
            regex = Pattern.compile(quoted);
        }
        String checksum;
        String type;
        if (script.up() instanceof ScriptBody.Text text) {
            checksum = script.checksum().orElseGet(() -> Checksums.of(text.text()));
            String start = text.text().stripLeading();
            // MongoDB command scripts are JSON (a file's extension, or text that opens an array or a document).
            type = script.source().endsWith(".json") || start.startsWith("[") || start.startsWith("{") ? "JSON" : "SQL";
        } else {
            checksum = script.checksum().orElse(null);
            type = "JAVA";
        }
        return new LoadedScript(script, connection, pattern, regex, checksum, type);
    }

    Version version() {
        return script.version();
    }

    String name() {
        return script.name();
    }

    String source() {
        return script.source();
    }

    /** {@code V1__name (source)} for messages. */
    String label() {
        return "V" + script.version() + "__" + script.name() + " (" + script.source() + ")";
    }

    /** Whether this script's schema pattern names the schema. */
    boolean matchesSchema(String schema) {
        return schemaRegex != null && schemaRegex.matcher(schema).matches();
    }

    /** The environment id a pattern match binds, or {@code null}. */
    String environmentOf(String schema) {
        if (schemaRegex == null || !schemaPattern.contains(Target.ENVIRONMENT_PLACEHOLDER)) {
            return null;
        }
        Matcher m = schemaRegex.matcher(schema);
        return m.matches() ? m.group(1) : null;
    }
}
