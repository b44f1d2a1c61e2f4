package dev.migrator.examples.http;

import static dev.migrator.examples.http.HttpError.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.Identifier;
import dev.migrator.api.Target;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what a client sent — a JSON body, a query string — into a checked request, or an {@link HttpError} (400, 404)
 * that says what is wrong and shows a good example. Nothing here touches a database: a bad name never gets that far.
 * Every value echoed back is clipped ({@link #clip}), so that an answer or a log line stays short whatever was sent.
 */
final class RequestParser {

    /** The most characters of a client's value that an answer or a log line repeats. */
    static final int ECHO_LIMIT = 200;
    /** Longer than any real version ({@code 20250101120000}, {@code 1.2.3}), short enough to echo. */
    static final int MAX_VERSION_LENGTH = 100;

    private static final Set<String> BACKENDS = Set.of("postgresql", "mysql", "mariadb", "mongodb");
    private static final int MAX_TABLES = 1000;
    /** A table name, optionally schema-qualified: two identifiers of at most 64 characters and a dot. */
    private static final int MAX_TABLE_NAME = 129;
    private static final Set<String> MIGRATE_FIELDS =
            Set.of("backend", "connection", "schema", "environment", "dryRun", "targetVersion");
    private static final Set<String> BACKUP_FIELDS =
            Set.of("backend", "connection", "schema", "environment", "tables", "label");
    private static final Set<String> STATUS_PARAMETERS = Set.of("backend", "connection", "schema", "environment");

    private final ServiceConfig config;

    RequestParser(ServiceConfig config) {
        this.config = config;
    }

    /** A checked migrate or dry-run request. {@code targetVersion} is {@code null} for "every pending script". */
    record MigrateCall(Target target, String environment, boolean dryRun, String targetVersion) {}

    /** A checked backup request; {@code tables} empty for every table of the schema. */
    record BackupCall(Target target, List<String> tables, String label) {}

    /** The body of {@code POST /migrate}. */
    MigrateCall migrate(byte[] body) throws HttpError {
        Fields f = new Fields(jsonObject(body), MIGRATE_FIELDS, "body");
        String environment = f.string("environment");
        Target target = resolve(f.string("backend"), f.string("connection"), f.string("schema"), environment);
        return new MigrateCall(target, environment, f.bool("dryRun", false), f.version("targetVersion"));
    }

    /** The body of {@code POST /backup}. */
    BackupCall backup(byte[] body) throws HttpError {
        Fields f = new Fields(jsonObject(body), BACKUP_FIELDS, "body");
        Target target = resolve(f.string("backend"), f.string("connection"), f.string("schema"),
                f.string("environment"));
        List<String> tables = f.strings("tables");
        if (tables.size() > MAX_TABLES) {
            throw badRequest("INVALID_FIELD", "\"tables\" names " + tables.size() + " tables; at most " + MAX_TABLES
                    + " per request (or none for every table of the schema).");
        }
        for (String table : tables) {
            // Checked here as well as by BackupRequest, whose message would repeat the whole name.
            if (table.length() > MAX_TABLE_NAME) {
                throw badRequest("INVALID_FIELD", "\"tables\" holds '" + clip(table) + "' (" + table.length()
                        + " characters); a table name has at most " + MAX_TABLE_NAME + ", e.g. users or app.users.");
            }
        }
        String label = f.string("label");
        if (label == null) {
            label = "http";
        } else if (!Identifier.isLabel(label)) {
            throw badRequest("INVALID_FIELD", "\"label\" is '" + clip(label) + "'; use 1 to 40 letters, digits or '_', "
                    + "e.g. before_v42.");
        }
        return new BackupCall(target, tables, label);
    }

    /** The query string of {@code GET /status} (raw, still %-encoded; {@code null} when there is none). */
    Target status(String rawQuery) throws HttpError {
        Map<String, String> query = query(rawQuery);
        for (String name : query.keySet()) {
            if (!STATUS_PARAMETERS.contains(name)) {
                throw badRequest("UNKNOWN_PARAMETER", "Unknown query parameter '" + clip(name) + "'. Known: "
                        + sorted(STATUS_PARAMETERS) + ".");
            }
        }
        return resolve(query.get("backend"), query.get("connection"), query.get("schema"), query.get("environment"));
    }

    /** Echoes at most {@value #ECHO_LIMIT} characters of a client's value, marking a cut with "…". */
    static String clip(String value) {
        if (value == null || value.length() <= ECHO_LIMIT) {
            return value;
        }
        // Never split a surrogate pair: half a character would be written as '?'.
        int end = Character.isHighSurrogate(value.charAt(ECHO_LIMIT - 1)) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
        return value.substring(0, end) + "…";
    }

    // ---------------------------------------------------------------- body and query

    private static ObjectNode jsonObject(byte[] bytes) throws HttpError {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw badRequest("MALFORMED_JSON", "The request body is not UTF-8 text.");
        }
        if (text.isBlank()) {
            throw badRequest("MALFORMED_JSON", "The request body is empty; send a JSON object, e.g. "
                    + "{\"connection\": \"core\", \"schema\": \"tenant_1\"}.");
        }
        JsonNode value;
        try {
            value = Json.read(text);
        } catch (Json.ParseException e) {
            throw new HttpError(ApiResponse.error(400, "MALFORMED_JSON", e.getMessage(),
                    Json.object("line", e.line(), "column", e.column(), "offset", e.offset())));
        }
        if (!(value instanceof ObjectNode object)) {
            throw badRequest("MALFORMED_JSON", "The request body must be a JSON object, e.g. "
                    + "{\"connection\": \"core\", \"schema\": \"tenant_1\"}.");
        }
        return object;
    }

    private static Map<String, String> query(String raw) throws HttpError {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw badRequest("INVALID_PARAMETER", "The query string has a malformed %-escape.");
            }
            if (out.put(name, value.isEmpty() ? null : value) != null) {
                throw badRequest("INVALID_PARAMETER", "Query parameter '" + clip(name) + "' is given twice.");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- targets

    /**
     * The target a request names: a known connection, the backend it expects (optional), and a schema given directly
     * or through the connection's {@code {environment}} pattern. Everything is checked here, so that a bad name is a
     * 400 and never reaches the database.
     */
    private Target resolve(String backend, String connectionName, String schema, String environment) throws HttpError {
        if (connectionName == null) {
            throw badRequest("MISSING_FIELD", "\"connection\" is missing. Known connections: "
                    + config.connections().keySet() + ".");
        }
        ServiceConfig.Connection c = config.connections().get(connectionName);
        if (c == null) {
            throw new HttpError(ApiResponse.error(404, "UNKNOWN_CONNECTION", "Unknown connection '"
                    + clip(connectionName) + "'. Known connections: " + config.connections().keySet() + ".",
                    "knownConnections", List.copyOf(config.connections().keySet())));
        }
        if (backend != null) {
            String wanted = backend.toLowerCase(Locale.ROOT);
            if (!BACKENDS.contains(wanted)) {
                throw badRequest("UNSUPPORTED_BACKEND", "Backend '" + clip(backend) + "' is not supported; use one of "
                        + sorted(BACKENDS) + ".");
            }
            String actual = c.backend();
            if (wanted.equals("mariadb")) {
                wanted = "mysql";
            }
            if (!wanted.equals(actual)) {
                throw badRequest("UNSUPPORTED_BACKEND", "Connection '" + c.name() + "' is "
                        + (actual == null ? "of another kind" : actual) + ", not " + backend.toLowerCase(Locale.ROOT)
                        + ". Leave \"backend\" out or send \"" + actual + "\".");
            }
        }
        String pattern = c.schemaPattern();
        if (environment != null) {
            if (!ServiceConfig.isEnvironmentId(environment)) {
                throw badRequest("INVALID_ENVIRONMENT", "Environment '" + clip(environment)
                        + "' is invalid: use 1 to 40 letters, digits or '_', e.g. staging.");
            }
            // Without a pattern the environment would be dropped and the default schema migrated instead.
            if (pattern == null) {
                throw badRequest("INVALID_ENVIRONMENT", "Connection '" + c.name() + "' takes no environments (it has "
                        + "no {environment} schema pattern), but the request names environment '" + environment
                        + "'. Send \"schema\" instead, e.g. {\"connection\": \"" + c.name()
                        + "\", \"schema\": \"tenant_1\"}.");
            }
            if (!c.environments().isEmpty() && !c.environments().contains(environment)) {
                throw badRequest("INVALID_ENVIRONMENT", "Environment '" + environment + "' is not one of connection '"
                        + c.name() + "': " + c.environments() + ".");
            }
        }
        if (schema != null && !Identifier.isPlain(schema)) {
            throw badRequest("INVALID_SCHEMA", "Schema '" + clip(schema) + "' is not a plain name: use letters, "
                    + "digits and '_' (not starting with a digit, at most 63), e.g. tenant_1.");
        }
        if (pattern != null) {
            if (environment != null) {
                String derived = pattern.replace(Target.ENVIRONMENT_PLACEHOLDER, environment);
                if (schema != null && !schema.equals(derived)) {
                    throw badRequest("INVALID_SCHEMA", "Connection '" + c.name() + "' maps environment '" + environment
                            + "' to schema " + derived + ", not " + schema + ". Send either \"environment\" or a "
                            + "matching \"schema\".");
                }
                if (!Identifier.isPlain(derived)) {
                    throw badRequest("INVALID_SCHEMA", "Environment '" + environment + "' makes schema '"
                            + clip(derived) + "' from pattern " + pattern + ", which is not a plain name of at most "
                            + "63 characters.");
                }
                schema = derived;
            } else if (schema == null || !patternRegex(pattern).matcher(schema).matches()) {
                throw badRequest("MISSING_FIELD", "Connection '" + c.name() + "' has schema pattern " + pattern
                        + ": send \"environment\" (e.g. \"staging\"), or a \"schema\" matching the pattern.");
            }
        }
        return Target.of(c.name(), schema);
    }

    private static Pattern patternRegex(String pattern) {
        String[] parts = pattern.split(Pattern.quote(Target.ENVIRONMENT_PLACEHOLDER), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[a-z0-9_]{1,30}");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** Typed access to a request's fields; unknown fields and wrong types are a 400 naming the field. */
    private static final class Fields {
        private final ObjectNode values;

        Fields(ObjectNode values, Set<String> known, String where) throws HttpError {
            this.values = values;
            Set<String> unknown = new HashSet<>();
            values.fieldNames().forEachRemaining(unknown::add);
            unknown.removeAll(known);
            if (!unknown.isEmpty()) {
                String first = unknown.stream().sorted().findFirst().orElseThrow();
                throw badRequest("UNKNOWN_FIELD", "Unknown field \"" + clip(first) + "\" in the " + where + ". Known: "
                        + sorted(known) + ".");
            }
        }

        /** The field's value; {@code null} when absent or JSON {@code null}. */
        private JsonNode get(String name) {
            JsonNode v = values.get(name);
            return v == null || v.isNull() ? null : v;
        }

        String string(String name) throws HttpError {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw badRequest("INVALID_FIELD", "\"" + name + "\" must be a string.");
            }
            String s = v.textValue();
            return s.isEmpty() ? null : s;
        }

        boolean bool(String name, boolean fallback) throws HttpError {
            JsonNode v = get(name);
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw badRequest("INVALID_FIELD", "\"" + name + "\" must be true or false.");
            }
            return v.booleanValue();
        }

        /**
         * A version as a string ("1.2") or a whole number written plainly (5); {@code null} when absent. A number is
         * taken as written, never expanded: {@code 1e10000000} would be ten million digits.
         */
        String version(String name) throws HttpError {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (v.isTextual()) {
                String s = v.textValue();
                if (s.length() > MAX_VERSION_LENGTH) {
                    throw badRequest("INVALID_FIELD", "\"" + name + "\" is '" + clip(s) + "' (" + s.length()
                            + " characters); a version has at most " + MAX_VERSION_LENGTH + " characters, e.g. "
                            + "\"20250101120000\" or \"1.2\".");
                }
                return s.isBlank() ? null : s;
            }
            // An integral node is exactly a plain integer literal (of at most Json.MAX_NUMBER_LENGTH characters):
            // with an exponent ("1e3") or a fraction ("5.0") Jackson reads a BigDecimal, kept as written.
            if (v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0) {
                return v.bigIntegerValue().toString();
            }
            // numberValue().toString() is BigDecimal's own form: 1E+10000000, never its ten million digits.
            String got = v.isNumber() ? clip(v.numberValue().toString()) : v.isBoolean() ? v.toString()
                    : v.isArray() ? "an array" : "an object";
            throw badRequest("INVALID_FIELD", "\"" + name + "\" must be a version string such as \"1.2\" or a whole "
                    + "number such as 5 (no exponent, fraction or sign); got " + got + ".");
        }

        List<String> strings(String name) throws HttpError {
            JsonNode v = get(name);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                throw badRequest("INVALID_FIELD", "\"" + name + "\" must be an array of strings.");
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw badRequest("INVALID_FIELD", "\"" + name + "\" must be an array of strings.");
                }
                out.add(item.textValue());
            }
            return out;
        }
    }
}
