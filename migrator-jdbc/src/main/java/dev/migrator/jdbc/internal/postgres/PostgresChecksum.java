package dev.migrator.jdbc.internal.postgres;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableChecksums;
import dev.migrator.spi.TableInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A table's content checksum computed by PostgreSQL over its own rows (14 and later): nothing but three numbers crosses
 * the wire. Each row is fingerprinted as a whole with {@code hash_record_extended(ROW(...), 0)} (64 bits, each column
 * hashed by its type's own hash function), the fingerprint mixed again with {@code hashint8extended} and summed exactly
 * ({@code numeric}) over the table: independent of row order, duplicates counted, and — as the row is mixed before it
 * is summed — values moved between rows change it ({@code hash_record_extended} alone is a linear combination of the
 * columns' hashes, whose sum would not see two rows swap their names). A changed, missing or extra row goes unseen only
 * if the sums of 64-bit fingerprints happen to match (about 2^-64 for changes nobody crafted); like the record path's
 * checksum, it is no defence against crafted collisions.
 *
 * <p>A column is hashed by its type only where the type's equality is its content: integers, {@code numeric(p,s)} (a
 * fixed scale), booleans, {@code bytea}, dates, times and timestamps (their stored microseconds, whatever the session's
 * time zone), {@code uuid}, {@code jsonb} (equal as JSON, as jsonb compares), and {@code text}, {@code varchar} and
 * {@code char} under the "C" collation (byte for byte even where the column's collation compares case-insensitively).
 * Every other column — unconstrained {@code numeric} (1.5 and 1.50 are equal numbers but not the same text), floats,
 * {@code json}, enums (whose hash is their object id, which differs between databases), arrays, {@code citext},
 * intervals, domains and the rest — is hashed as its text output, in session settings fixed here so that two databases
 * with different defaults print equal values alike.
 */
final class PostgresChecksum {

    /** The function's name: the engine compares checksums of equal names only. */
    static final String FUNCTION = "postgresql-row-hash-v1";

    private PostgresChecksum() {}

    /** {@link #FUNCTION} on PostgreSQL 14 and later (which has {@code hash_record_extended}); {@code null} before. */
    static String function(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion() >= 14 ? FUNCTION : null;
    }

    /**
     * The checksum of a table over the columns. Runs in the connection's current transaction (the caller ends it), where
     * the settings that print values are set for the transaction only.
     */
    static TableChecksums.Checksum of(Connection c, String qualifiedTable, List<ColumnInfo> columns) throws SQLException {
        StringBuilder row = new StringBuilder();
        for (ColumnInfo col : columns) {
            row.append(row.length() == 0 ? "" : ", ").append(element(col));
        }
        // One use of h: the planner pulls the subquery up, and a second use would hash every row twice.
        String sql = "SELECT count(*), coalesce(sum(hashint8extended(h, 1)), 0) FROM (SELECT hash_record_extended(ROW("
                + row + "), 0) AS h FROM " + qualifiedTable + ") AS migrator_rows";
        try (Statement s = c.createStatement()) {
            // Text output that does not depend on the database's or the role's defaults.
            s.execute("SET LOCAL TimeZone = 'UTC'");
            s.execute("SET LOCAL DateStyle = 'ISO, YMD'");
            s.execute("SET LOCAL IntervalStyle = 'postgres'");
            s.execute("SET LOCAL extra_float_digits = 1");
            s.execute("SET LOCAL bytea_output = 'hex'");
            s.execute("SET LOCAL statement_timeout = 0");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return new TableChecksums.Checksum(rs.getLong(1), FUNCTION + ":" + rs.getString(2));
            }
        }
    }

    /** A column as it enters the row's fingerprint: the value itself where its type's hash is its content, else its text. */
    static String element(ColumnInfo col) {
        String q = PostgresDialect.quoteIdentifier(col.name());
        String type = col.type();
        boolean byType = switch (col.kind()) {
            case INTEGER, BOOLEAN, BINARY, DATE, TIMESTAMP, TIMESTAMP_TZ, UUID -> true;
            case TIME -> type.startsWith("time without") || type.equals("time");
            case DECIMAL -> type.startsWith("numeric(");
            case JSON -> type.equals("jsonb");
            case STRING -> type.equals("text") || type.startsWith("character varying") || type.startsWith("character(")
                    || type.equals("character");
            default -> false;
        };
        if (!byType) {
            return "hashtextextended(" + q + "::text, 0)";
        }
        return col.kind() == dev.migrator.spi.ValueKind.STRING ? q + " COLLATE \"C\"" : q;
    }
}
