package dev.migrator.etcd.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataCapabilities;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MigratorException;
import dev.migrator.spi.StoredMetadata;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Metadata items in etcd: one key per item, {@code /{prefix}/{schema}/{table}/{namespace}/{type}/{name}} (each segment
 * percent-encoded, so a {@code /} in a name stays inside its segment), whose value is a JSON object {@code {"scope",
 * "body", "checksum", "updatedAt"}}. The schema is the config's ({@code default} when none), the table {@code
 * _framework_metadata} unless given. Reads are linearizable; each save is one put. The loader builds its own client
 * and closes it.
 */
final class EtcdMetadataLoader implements MetadataLoader {

    /** Bodies keep their numbers exactly: decimals as {@code BigDecimal}, as they were given. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final String name;
    private final EtcdBackend backend;
    private final String root;
    private final String where;

    private EtcdMetadataLoader(String name, EtcdBackend backend, String root) {
        this.name = name;
        this.backend = backend;
        this.root = root;
        this.where = root + " of etcd '" + backend.name() + "'";
    }

    static EtcdMetadataLoader open(MetadataLoaderConfig config) {
        EtcdBackend backend = EtcdBackend.open(config.connection());
        String schema = config.schema() == null ? EtcdBackend.DEFAULT_SCHEMA : config.schema();
        try {
            EtcdKeys.checkRelative(schema + "/" + config.table(), "the metadata loader's schema and table");
        } catch (IllegalArgumentException e) {
            backend.close();
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata loader '" + config.name() + "': " + e.getMessage()
                    + ". Give a schema and a table of letters, digits, '_', '.' or '-'.");
        }
        return new EtcdMetadataLoader(config.name(), backend, backend.schemaRoot(schema) + config.table() + "/");
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String namespaceOf(String namespace) {
        return namespace == null || namespace.isEmpty() ? MetadataItem.DEFAULT_NAMESPACE : namespace;
    }

    private String key(String type, String itemName, String namespace) {
        return root + segment(namespaceOf(namespace)) + "/" + segment(type) + "/" + segment(itemName);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return "etcd:";
    }

    /** Read, write and list; no watch. */
    @Override
    public MetadataCapabilities capabilities() {
        return new MetadataCapabilities(true, true, false, true);
    }

    @Override
    public Optional<MetadataItem> get(String type, String itemName, String namespace) {
        GetResponse response = call(backend.client().getKVClient().get(EtcdKeys.bytes(key(type, itemName, namespace))),
                "read " + MetadataItem.key(type, itemName, namespaceOf(namespace)));
        return response.getKvs().isEmpty() ? Optional.empty() : Optional.of(item(response.getKvs().get(0)));
    }

    @Override
    public List<MetadataItem> list(MetadataQuery query) {
        String prefix = query.namespace() == null ? root : root + segment(query.namespace()) + "/";
        if (query.namespace() != null && query.type() != null) {
            prefix += segment(query.type()) + "/";
        }
        List<MetadataItem> items = new ArrayList<>();
        for (MetadataItem item : readUnder(prefix)) {
            if (query.matches(item)) {
                items.add(item);
            }
        }
        return items;
    }

    /** Items whose stored value cannot be read, instead of failing a list. */
    @Override
    public List<MetadataProblem> problems() {
        return List.of();
    }

    private List<MetadataItem> readUnder(String prefix) {
        List<MetadataItem> items = new ArrayList<>();
        io.etcd.jetcd.ByteSequence from = EtcdKeys.bytes(prefix);
        while (true) {
            GetResponse page = call(backend.client().getKVClient().get(from, GetOption.builder()
                    .withRange(EtcdKeys.rangeEnd(prefix)).withLimit(EtcdPrefixes.PAGE).build()), "list the items under " + prefix);
            for (KeyValue kv : page.getKvs()) {
                items.add(item(kv));
            }
            if (!page.isMore() || page.getKvs().isEmpty()) {
                return items;
            }
            byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
            from = io.etcd.jetcd.ByteSequence.from(java.util.Arrays.copyOf(last, last.length + 1));
        }
    }

    private MetadataItem item(KeyValue kv) {
        String key = EtcdKeys.text(kv.getKey());
        String[] parts = key.substring(root.length()).split("/", -1);
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("the key is not {namespace}/{type}/{name}");
            }
            ObjectNode stored = (ObjectNode) JSON.readTree(kv.getValue().getBytes());
            Map<String, Object> body = JSON.convertValue(stored.get("body"), new TypeReference<Map<String, Object>>() {});
            String storedChecksum = stored.hasNonNull("checksum") ? stored.get("checksum").asText() : null;
            return new MetadataItem(decode(parts[1]), decode(parts[2]), decode(parts[0]),
                    StoredMetadata.scope(stored.hasNonNull("scope") ? stored.get("scope").asText() : null), body,
                    StoredMetadata.checksum(storedChecksum, body),
                    stored.hasNonNull("updatedAt") ? Optional.of(Instant.parse(stored.get("updatedAt").asText())) : Optional.empty());
        } catch (IOException | RuntimeException e) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata loader '" + name + "': the key " + key + " in "
                    + where + " is not an item (" + e.getMessage() + "). Delete it or write it again with save().", List.of(), e);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    /**
     * Puts the item's key: its scope, body, checksum and the time saved.
     *
     * @return the item as it reads back, with its checksum and the time saved
     */
    @Override
    public MetadataItem save(MetadataItem item) {
        Map<String, Object> body;
        try {
            // The body as it reads back: JSON values only, numbers exact.
            body = JSON.readValue(JSON.writeValueAsBytes(item.body()), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_INVALID, "Metadata loader '" + name + "': the body of " + item.key()
                    + " is not JSON (" + e.getMessage() + "). Give JSON values: maps, lists, strings, numbers, booleans.",
                    List.of(), e);
        }
        String checksum = MetadataItem.checksumOf(body);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode stored = JSON.createObjectNode();
        stored.put("scope", item.scope().name().toLowerCase(Locale.ROOT));
        stored.set("body", JSON.valueToTree(body));
        stored.put("checksum", checksum);
        stored.put("updatedAt", now.toString());
        call(backend.client().getKVClient().put(EtcdKeys.bytes(key(item.type(), item.name(), item.namespace())),
                EtcdKeys.bytes(stored.toString())), "save " + item.key());
        return new MetadataItem(item.type(), item.name(), item.namespace(), item.scope(), body, checksum, Optional.of(now));
    }

    @Override
    public boolean delete(String type, String itemName, String namespace) {
        return call(backend.client().getKVClient().delete(EtcdKeys.bytes(key(type, itemName, namespace))),
                "delete " + MetadataItem.key(type, itemName, namespaceOf(namespace))).getDeleted() > 0;
    }

    private <T> T call(java.util.concurrent.CompletableFuture<T> future, String action) {
        try {
            return backend.call(future, action + " in " + where);
        } catch (MetadataException e) {
            throw e;
        } catch (MigratorException e) {
            throw new MetadataException(ErrorCode.DATABASE_ERROR, "Metadata loader '" + name + "': " + e.getMessage(), List.of(), e);
        }
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "etcd: loader '" + name + "' at " + where;
    }
}
