package dev.migrator.etcd.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.HistoryRow;
import dev.migrator.testkit.KitDatabase;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A fresh key prefix {@code /migrator-test/{name}} on the test etcd, seen through jetcd directly. */
public final class EtcdKitDatabase implements KitDatabase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Client shared;

    private final String endpoint;
    private final String name;
    private final String prefix;

    EtcdKitDatabase(String endpoint) {
        this.endpoint = endpoint;
        this.name = "db_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.prefix = "/migrator-test/" + name;
    }

    /** A client for assertions, shared by the tests of this JVM. */
    public static synchronized Client client() {
        if (shared == null) {
            shared = Client.builder().endpoints("http://" + EtcdServers.endpoint()).build();
        }
        return shared;
    }

    /** The URL of this database's prefix. */
    public String url() {
        return "etcd://" + endpoint + prefix;
    }

    /** The absolute key of a schema's relative key. */
    public String key(String schema, String relative) {
        return prefix + "/" + schema + "/" + relative;
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static ByteSequence end(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        b[b.length - 1]++;
        return ByteSequence.from(b);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key under a prefix with its value, in key order. */
    public Map<String, String> under(String absolutePrefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : await(client().getKVClient().get(bytes(absolutePrefix),
                GetOption.builder().withRange(end(absolutePrefix)).build())).getKvs()) {
            out.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A key's value, or {@code null}. */
    public String get(String absoluteKey) {
        List<KeyValue> kvs = await(client().getKVClient().get(bytes(absoluteKey))).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    }

    /** Puts a key. */
    public void put(String absoluteKey, String value) {
        await(client().getKVClient().put(bytes(absoluteKey), bytes(value)));
    }

    // tag::kit-database[]
    @Override
    public ConnectionConfig config(String connection) {
        return ConnectionConfig.of(connection, url(), null, null);
    }

    @Override
    public String defaultSchema() {
        return "default";
    }

    @Override
    public String installedBy() {
        return System.getProperty("user.name", "unknown");
    }
    // end::kit-database[]

    @Override
    public String schemaName(String suffix) {
        return name + "_" + suffix;
    }

    /** A schema exists once a key is under its prefix: a key in migrator's area, as the backend's createSchema makes. */
    @Override
    public void createSchema(String schema) {
        put(key(schema, "__migrator/created"), "{}");
    }

    /** Runs the two operations the kit's statements use on a live database: put and delete (of a key or prefix). */
    @Override
    public void execute(String schema, String statement) {
        JsonNode op;
        try {
            op = JSON.readTree(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (op.get("op").asText()) {
            case "put", "compareAndPut" -> put(key(schema, op.get("key").asText()),
                    op.get("value").isTextual() ? op.get("value").asText() : op.get("value").toString());
            case "delete" -> {
                if (op.has("prefix")) {
                    String p = key(schema, op.get("prefix").asText());
                    await(client().getKVClient().delete(bytes(p), DeleteOption.builder().withRange(end(p)).build()));
                } else {
                    await(client().getKVClient().delete(bytes(key(schema, op.get("key").asText()))));
                }
            }
            default -> throw new UnsupportedOperationException("the etcd kit database runs put, compareAndPut and delete only: " + statement);
        }
    }

    @Override
    public List<String> tables(String schema) {
        String root = key(schema, "");
        TreeSet<String> names = new TreeSet<>();
        for (String k : under(root).keySet()) {
            String rel = k.substring(root.length());
            int slash = rel.indexOf('/');
            if (slash == rel.length() - 1 && !rel.startsWith("__migrator")) {
                names.add(rel.substring(0, slash));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public boolean schemaExists(String schema) {
        return !under(key(schema, "")).isEmpty();
    }

    @Override
    public boolean tableExists(String schema, String table) {
        return get(key(schema, table + "/")) != null || get(key(schema, "__migrator/history/" + table)) != null;
    }

    /** A table's records; a history "table" is its entries. */
    private Map<String, String> records(String schema, String table) {
        if (get(key(schema, "__migrator/history/" + table)) != null) {
            return under(key(schema, "__migrator/history/" + table + "/"));
        }
        Map<String, String> all = under(key(schema, table + "/"));
        all.remove(key(schema, table + "/"));
        return all;
    }

    @Override
    public long count(String schema, String table) {
        return records(schema, table).size();
    }

    @Override
    public List<Map<String, Object>> read(String schema, String table) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String value : records(schema, table).values()) {
            try {
                out.add(JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() {}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(Comparator.comparing(r -> String.format("%20s", r.get("id"))));
        return out;
    }

    @Override
    public void insert(String schema, String table, List<Map<String, Object>> records) {
        for (Map<String, Object> r : records) {
            try {
                put(key(schema, table + "/" + r.get("id")), JSON.writeValueAsString(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void update(String schema, String table, Object id, Map<String, Object> fields) {
        String k = key(schema, table + "/" + id);
        String value = get(k);
        if (value == null) {
            throw new IllegalStateException("No key " + k + " to update");
        }
        try {
            Map<String, Object> r = JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() {});
            r.putAll(fields);
            put(k, JSON.writeValueAsString(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String schema, String table, Object id) {
        await(client().getKVClient().delete(bytes(key(schema, table + "/" + id))));
    }

    private List<JsonNode> historyNodes(String schema, String table) {
        List<JsonNode> rows = new ArrayList<>();
        for (String value : under(key(schema, "__migrator/history/" + table + "/")).values()) {
            try {
                rows.add(JSON.readTree(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    @Override
    public List<String> historyFields(String schema, String table) {
        List<JsonNode> rows = historyNodes(schema, table);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = rows.get(0).fieldNames(); it.hasNext(); ) {
            fields.add(it.next().toLowerCase(Locale.ROOT));
        }
        return fields;
    }

    @Override
    public List<HistoryRow> history(String schema, String table) {
        List<HistoryRow> rows = new ArrayList<>();
        for (JsonNode n : historyNodes(schema, table)) {
            rows.add(new HistoryRow(n.get("installed_rank").asInt(), text(n, "version"), text(n, "name"), text(n, "type"),
                    text(n, "checksum"), text(n, "checksum_algorithm"), text(n, "installed_by"),
                    n.hasNonNull("installed_at") ? Instant.parse(n.get("installed_at").asText()) : null,
                    Duration.ofMillis(n.get("execution_time_ms").asLong()), n.get("success").asBoolean(),
                    n.get("statements_completed").asInt()));
        }
        return rows;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    @Override
    public MetadataLoaderConfig metadataLoader(String loader) {
        // tag::metadata-loader[]
        return new MetadataLoaderConfig(loader, "etcd:", null, ConnectionConfig.of(loader, url(), null, null), null, null, true,
                dev.migrator.api.MetadataScope.USER, Map.of());
        // end::metadata-loader[]
    }

    @Override
    public List<String> checkpointStates(String schema, String migration) {
        throw new UnsupportedOperationException("the kit's typed-record data suites do not run on etcd (an etcd prefix holds key + value records; EtcdDataMigrationTest covers etcd's data migrations)");
    }

    /** Deletes every key of this database's prefix. */
    @Override
    public void close() {
        String p = prefix + "/";
        await(client().getKVClient().delete(bytes(p), DeleteOption.builder().withRange(end(p)).build()));
    }
}
