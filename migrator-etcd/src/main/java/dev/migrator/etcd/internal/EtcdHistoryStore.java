package dev.migrator.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.DatabaseException;
import dev.migrator.spi.HistoryRow;
import dev.migrator.spi.HistoryStore;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target's history in etcd: one key per entry, {@code /{prefix}/{schema}/__migrator/history/{table}/{rank}} (the rank
 * zero-padded to ten digits, so keys sort by rank), whose value is a JSON object with the history's columns, and a
 * marker key {@code .../__migrator/history/{table}} that says the history exists. Writes go through the session: in
 * its transaction when one is open, so an entry commits with its script.
 */
final class EtcdHistoryStore implements HistoryStore {

    private final EtcdTargetSession session;
    private final String marker;
    private final String rows;

    EtcdHistoryStore(EtcdTargetSession session, String root, String table) {
        this.session = session;
        this.marker = root + EtcdKeys.RESERVED + "/history/" + table;
        this.rows = marker + "/";
    }

    /** The key of a rank's entry. */
    String key(int rank) {
        return rows + String.format("%010d", rank);
    }

    @Override
    public boolean exists() {
        return session.get(marker, GetOption.DEFAULT, "read the history").getCount() > 0;
    }

    /** Creates the marker only if missing (a transaction comparing its creation revision with 0): safe concurrently. */
    @Override
    public void createIfMissing() {
        session.createIfAbsent(marker, "{\"created_at\": \"" + Instant.now() + "\"}");
    }

    @Override
    public List<HistoryRow> read() {
        GetResponse response = session.get(rows, GetOption.builder().withRange(EtcdKeys.rangeEnd(rows)).build(),
                "read the history");
        Map<String, byte[]> stored = new LinkedHashMap<>();
        for (KeyValue kv : response.getKvs()) {
            stored.put(EtcdKeys.text(kv.getKey()), kv.getValue().getBytes());
        }
        // Inside a transaction the session reads its own writes, as on a database.
        Map<String, byte[]> seen = session.seen(rows, stored);
        List<HistoryRow> result = new ArrayList<>();
        seen.forEach((key, value) -> result.add(row(key, value)));
        return result;
    }

    /** A row from its stored JSON. */
    static HistoryRow row(String key, byte[] value) {
        try {
            JsonNode n = EtcdOperation.JSON.readTree(value);
            return new HistoryRow(
                    n.get("installed_rank").asInt(),
                    text(n, "version"),
                    text(n, "name"),
                    text(n, "type"),
                    text(n, "checksum"),
                    text(n, "checksum_algorithm"),
                    text(n, "installed_by"),
                    n.hasNonNull("installed_at") ? Instant.parse(n.get("installed_at").asText()) : null,
                    Duration.ofMillis(n.get("execution_time_ms").asLong()),
                    n.get("success").asBoolean(),
                    n.get("statements_completed").asInt());
        } catch (IOException | RuntimeException e) {
            throw new DatabaseException("The history entry " + key + " is not one migrator wrote ("
                    + new String(value, StandardCharsets.UTF_8) + "): " + e.getMessage() + ". Restore it or delete it "
                    + "and run repair().", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A row as stored JSON. */
    static byte[] json(HistoryRow row) {
        ObjectNode n = EtcdOperation.JSON.createObjectNode();
        n.put("installed_rank", row.rank());
        n.put("version", row.version());
        n.put("name", row.name());
        n.put("type", row.type());
        n.put("checksum", row.checksum());
        n.put("checksum_algorithm", row.checksumAlgorithm());
        n.put("installed_by", row.installedBy());
        n.put("installed_at", row.installedAt() == null ? null : row.installedAt().toString());
        n.put("execution_time_ms", row.executionTime().toMillis());
        n.put("success", row.success());
        n.put("statements_completed", row.statementsCompleted());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void insert(HistoryRow row) {
        session.write(key(row.rank()), json(row));
    }

    @Override
    public void update(HistoryRow row) {
        session.write(key(row.rank()), json(row));
    }

    @Override
    public void delete(int rank) {
        session.remove(key(rank));
    }
}
