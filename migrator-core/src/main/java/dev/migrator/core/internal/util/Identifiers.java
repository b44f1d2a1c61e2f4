package dev.migrator.core.internal.util;

import dev.migrator.api.Identifier;
import dev.migrator.api.InvalidIdentifierException;
import java.util.Locale;
import java.util.Set;

/**
 * Validates names that come from outside before any backend sees them; backends quote them as well. The rules
 * themselves are {@link Identifier}'s; this adds the engine's messages and the system schemas.
 */
public final class Identifiers {

    /**
     * The databases' own schemas, besides PostgreSQL's {@code pg_} prefix (pg_catalog, pg_toast, pg_temp_N...). Refused
     * by name on every backend, in any case: the database's permissions are no guard (root on MariaDB may write into
     * mysql, a PostgreSQL superuser into information_schema), and MySQL compares schema names ignoring case on some
     * systems.
     */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "mysql", "sys", "performance_schema");

    private Identifiers() {}

    /**
     * Returns the name when it is a plain identifier.
     *
     * @param what what the name is, for the message, e.g. {@code "Schema name for connection 'core'"}
     * @throws InvalidIdentifierException naming the value and the rule otherwise
     */
    public static String requirePlain(String name, String what) {
        if (!Identifier.isPlain(name)) {
            throw new InvalidIdentifierException(what + " '" + name + "' is not a plain identifier: use a letter or '_' "
                    + "followed by up to 62 letters, digits or '_' (e.g. cli_dev). It is never concatenated into SQL; "
                    + "nothing was created.");
        }
        return name;
    }

    /**
     * Returns the schema name when it is a plain identifier and not a system schema.
     *
     * @param what what the name is, for the message, e.g. {@code "Schema name for connection 'core'"}
     * @throws InvalidIdentifierException naming the value and the rule otherwise
     */
    public static String requireSchema(String name, String what) {
        requirePlain(name, what);
        refuseSystemSchema(name, what + " '" + name + "'");
        return name;
    }

    /**
     * Refuses the schema of a {@code schema.table} name when it is a system schema; a name without a schema passes (its
     * schema is the connection's default, checked where targets resolve). Whether the name is plain is left to where
     * it is quoted.
     *
     * @param what the name in full, for the message, e.g. {@code "Backup table mysql.user"}
     * @throws InvalidIdentifierException when the schema is a system schema
     */
    public static void refuseSystemSchemaOf(String qualified, String what) {
        int dot = qualified == null ? -1 : qualified.indexOf('.');
        if (dot > 0) {
            String schema = qualified.substring(0, dot);
            refuseSystemSchema(schema, what + ": schema '" + schema + "'");
        }
    }

    private static void refuseSystemSchema(String schema, String subject) {
        String lower = schema.toLowerCase(Locale.ROOT);
        if (SYSTEM_SCHEMAS.contains(lower) || lower.startsWith("pg_")) {
            throw new InvalidIdentifierException(subject + " is a system schema of the database (information_schema,"
                    + " mysql, sys, performance_schema, or a name starting with pg_): migrator never creates or changes"
                    + " anything there. Choose another schema, e.g. app or cli_dev. Nothing was created.");
        }
    }
}
