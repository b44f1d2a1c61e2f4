package dev.migrator.core.internal.schema;

import dev.migrator.api.Callback;
import dev.migrator.api.CallbackEvent;
import dev.migrator.api.JavaMigration;
import dev.migrator.api.RepeatableScript;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptBody;
import dev.migrator.api.Target;
import dev.migrator.api.TransactionMode;
import dev.migrator.api.Version;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script with what the engine derived from it once at build time: its connection, its schema pattern, and its
 * checksum (computed on the text before placeholder substitution, so one script applied to many tenant schemas has
 * one checksum). A script from a file keeps only where its text is; the text is read again when it runs.
 *
 * @param transactionMode as given in code, or a file's up marker; {@code AUTO} defers to each body's own marker
 * @param down the down, or {@code null}
 * @param explicitChecksum whether the checksum was given in code rather than computed from the text
 * @param version the version, or {@code null} for a repeatable script or a callback (see {@code kind})
 * @param kind a versioned script, a repeatable one, or a callback
 */
public record LoadedScript(
        Version version,
        String name,
        String source,
        TransactionMode transactionMode,
        Body up,
        Body down,
        boolean explicitChecksum,
        String connection,
        String schemaPattern,
        Pattern schemaRegex,
        String checksum,
        String type,
        Kind kind) {

    /** What a loaded script is: the engine runs all three through the same executor. */
    enum Kind {
        /** Has a version; applied once. */
        VERSIONED,
        /** Has no version; applied again whenever its checksum changes. */
        REPEATABLE,
        /** Has no version and no history: a callback file or code, run at its event. */
        CALLBACK
    }

    /** An up or a down: text in the backend's language, or Java code. */
    sealed interface Body permits Text, Code {}

    /**
     * Text, with its {@code -- migrator:no-transaction} marker read once.
     *
     * @param checksum the checksum the text must still have when it runs (a file edited since the manager was built is
     *     refused), or {@code null} when nothing can change it (text in code, downs)
     */
    record Text(ScriptText text, TransactionMode marker, String checksum) implements Body {}

    /** Java code. */
    record Code(JavaMigration code) implements Body {}

    /**
     * A script discovered in a location.
     *
     * @param target the location's target, or {@code null} for the default
     * @param type {@code SQL} or {@code JSON}
     */
    public record FromFile(Version version, String name, String source, Target target, ScriptText up, TransactionMode upMarker,
            String checksum, String type, ScriptText down, TransactionMode downMarker, Kind kind) {}

    static LoadedScript of(Script script, String defaultConnection) {
        String label = ScriptNames.display(script.version(), script.name(), script.source()) + " ("
                + ScriptNames.escape(script.source()) + ")";
        ScriptNames.requireVisible(script.name(), "Script " + label, "Give it a name of visible characters only.");
        String checksum;
        String type;
        Body up;
        if (script.up() instanceof ScriptBody.Text text) {
            checksum = script.checksum().orElseGet(() -> Checksums.of(text.text()));
            String start = text.text().stripLeading();
            // MongoDB command scripts are JSON (a file's extension, or text that opens an array or a document).
            type = script.source().endsWith(".json") || start.startsWith("[") || start.startsWith("{") ? "JSON" : "SQL";
            up = inMemory(text);
        } else {
            checksum = script.checksum().orElse(null);
            type = "JAVA";
            up = new Code(((ScriptBody.Code) script.up()).code());
        }
        Body down = script.down().map(d -> d instanceof ScriptBody.Text t ? inMemory(t) : new Code(((ScriptBody.Code) d).code()))
                .orElse(null);
        String connection = script.connection().orElse(defaultConnection);
        String pattern = script.schema().orElse(null);
        return new LoadedScript(script.version(), script.name(), script.source(), script.transactionMode(), up, down,
                script.checksum().isPresent(), connection, pattern, regexOf(pattern), checksum, type, Kind.VERSIONED);
    }

    static LoadedScript of(RepeatableScript script, String defaultConnection) {
        String label = "R__" + ScriptNames.escape(script.name()) + " (" + ScriptNames.escape(script.source()) + ")";
        ScriptNames.requireVisible(script.name(), "Repeatable script " + label, "Give it a name of visible characters only.");
        String checksum;
        String type;
        Body up;
        if (script.up() instanceof ScriptBody.Text text) {
            checksum = script.checksum().orElseGet(() -> Checksums.of(text.text()));
            String start = text.text().stripLeading();
            type = script.source().endsWith(".json") || start.startsWith("[") || start.startsWith("{") ? "JSON" : "SQL";
            up = inMemory(text);
        } else {
            checksum = script.checksum().orElse(null);
            type = "JAVA";
            up = new Code(((ScriptBody.Code) script.up()).code());
        }
        String connection = script.connection().orElse(defaultConnection);
        String pattern = script.schema().orElse(null);
        return new LoadedScript(null, script.name(), script.source(), script.transactionMode(), up, null,
                script.checksum().isPresent(), connection, pattern, regexOf(pattern), checksum, type, Kind.REPEATABLE);
    }

    /** A callback registered in code, as a script without version run for {@code event}. */
    static LoadedScript callback(CallbackEvent event, Callback callback, String connection) {
        JavaMigration code = context -> callback.handle(event, context);
        return new LoadedScript(null, event.fileName(), "code: " + callback.getClass().getName(), TransactionMode.AUTO,
                new Code(code), null, false, connection, null, null, null, "JAVA", Kind.CALLBACK);
    }

    /** A versioned script's version; throws for the others, which have none. */
    Version requireVersion() {
        if (version == null) {
            throw new IllegalStateException(label() + " has no version");
        }
        return version;
    }

    static LoadedScript of(FromFile file, String defaultConnection) {
        Target target = file.target();
        String connection = target == null ? defaultConnection : target.connection();
        String pattern = target == null ? null : target.schema();
        Body down = file.down() == null ? null : new Text(file.down(), file.downMarker(), null);
        return new LoadedScript(file.version(), file.name(), file.source(), file.upMarker(),
                new Text(file.up(), file.upMarker(), file.checksum()), down, false, connection, pattern, regexOf(pattern),
                file.checksum(), file.type(), file.kind());
    }

    private static Text inMemory(ScriptBody.Text text) {
        // The marker counts wherever the text came from: a file, or a script registered in code.
        return new Text(new ScriptText.InMemory(text.text()), TransactionMarkers.modeOf(text.text()), null);
    }

    private static Pattern regexOf(String pattern) {
        if (pattern == null) {
            return null;
        }
        return Pattern.compile(Pattern.quote(pattern).replace(Target.ENVIRONMENT_PLACEHOLDER, "\\E([A-Za-z0-9_]{1,40})\\Q"));
    }

    /**
     * {@code V1__name (source)} or {@code 000013_name (source)} — the script as its file is named — for messages,
     * invisible characters of the source escaped.
     */
    String label() {
        String shown = switch (kind) {
            case VERSIONED -> ScriptNames.display(version, name, source);
            case REPEATABLE -> "R__" + ScriptNames.escape(name);
            case CALLBACK -> "Callback " + ScriptNames.escape(name);
        };
        return shown + " (" + ScriptNames.escape(source) + ")";
    }

    /** Whether this is a repeatable script. */
    boolean repeatable() {
        return kind == Kind.REPEATABLE;
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
