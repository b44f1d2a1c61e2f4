package dev.migrator.jdbc.internal;

import static dev.migrator.jdbc.internal.JdbcMetadataTable.NAMESPACE_MAX;
import static dev.migrator.jdbc.internal.JdbcMetadataTable.NAME_MAX;
import static dev.migrator.jdbc.internal.JdbcMetadataTable.TYPE_MAX;

import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataScope;
import dev.migrator.spi.StoredMetadata;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Items to and from the metadata table's rows: what makes an item writable (lengths the columns hold, a body that is
 * JSON) and a row readable (a known scope, a JSON object body), each failure as a {@link MetadataProblem}.
 *
 * @param loader the loader's name, for problems
 * @param display the schema and table, for problems
 * @param dialect reads and binds the timestamps
 */
record JdbcMetadataRows(String loader, String display, Dialect dialect) {

    /** An item ready to write: its JSON and checksum, or why it cannot be written. */
    record Prepared(MetadataItem item, String json, String checksum, MetadataProblem problem) {}

    /** A row read: an item, or why it cannot be read. */
    record Row(MetadataItem item, MetadataProblem problem) {}

    Prepared prepare(MetadataItem item) {
        String problem = tooLong("type", item.type(), TYPE_MAX);
        if (problem == null) {
            problem = tooLong("name", item.name(), NAME_MAX);
        }
        if (problem == null) {
            problem = tooLong("namespace", item.namespace(), NAMESPACE_MAX);
        }
        String json = null;
        if (problem == null) {
            try {
                json = JsonValues.write(item.body());
            } catch (IllegalArgumentException e) {
                problem = "its body cannot be stored as JSON: " + e.getMessage();
            }
        }
        if (problem != null) {
            return new Prepared(item, null, null, new MetadataProblem(loader, display, item.key(), problem));
        }
        return new Prepared(item, json, MetadataItem.checksumOf(item.body()), null);
    }

    private static String tooLong(String what, String value, int max) {
        if (value.isBlank()) {
            return "its " + what + " is empty; give one of 1 to " + max + " characters";
        }
        int length = value.codePointCount(0, value.length());
        return length > max ? "its " + what + " has " + length + " characters; the column holds at most " + max : null;
    }

    void bind(PreparedStatement ps, Prepared p, Instant now) throws SQLException {
        MetadataItem item = p.item();
        ps.setString(1, item.type());
        ps.setString(2, item.name());
        ps.setString(3, item.namespace());
        ps.setString(4, item.scope().name());
        ps.setString(5, p.json());
        ps.setString(6, p.checksum());
        dialect.setInstant(ps, 7, now);
        dialect.setInstant(ps, 8, now);
    }

    Row row(ResultSet rs) throws SQLException {
        String type = rs.getString(1);
        String name = rs.getString(2);
        String namespace = rs.getString(3);
        String key = MetadataItem.key(type, name, namespace);
        String scopeText = rs.getString(4);
        MetadataScope scope;
        try {
            scope = StoredMetadata.scope(scopeText); // the column is NOT NULL
        } catch (IllegalArgumentException e) {
            return bad(key, "its scope is '" + scopeText + "'; expected SYSTEM or USER");
        }
        Object body;
        try {
            body = JsonValues.read(rs.getString(5));
        } catch (IOException | RuntimeException e) {
            return bad(key, "its body is not valid JSON (" + e.getMessage() + ")");
        }
        if (!(body instanceof Map<?, ?> map)) {
            return bad(key, "its body is " + (body == null ? "null" : "a JSON " + (body instanceof List ? "array"
                    : "scalar")) + "; a body is a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        String checksum = StoredMetadata.checksum(rs.getString(6), values); // none: written before the column existed
        Instant updated = dialect.getInstant(rs, 7);
        return new Row(new MetadataItem(type, name, namespace, scope, values, checksum, Optional.ofNullable(updated)),
                null);
    }

    private Row bad(String key, String message) {
        return new Row(null, new MetadataProblem(loader, display, key, message + "; fix or delete the row"));
    }
}
