package dev.migrator.core.internal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.ConfigurationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A data migration's progress as stored in the target with every batch: where the source stands (records consumed and,
 * for keyed sources, the last key), the counts so far, the latest run's backup, and which target tables were empty when
 * the migration first started. Mutable; the writer thread owns it.
 */
public final class Checkpoint {

    /**
     * How a source's backend rebuilds key values of types of its own ({@link dev.migrator.spi.Backend#keyValue}); the
     * JDK types are rebuilt here, and any other type in a checkpoint is refused.
     */
    @FunctionalInterface
    interface KeyTypes {
        /** No types beyond the JDK's: sources without keys of their own. */
        KeyTypes NONE = (type, text) -> Optional.empty();

        Optional<Object> value(String type, String text);
    }

    private KeyTypes keyTypes = KeyTypes.NONE;

    long position;
    Object[] after;
    long read;
    long written;
    long skipped;
    long failed;
    final Map<String, Long> conflicts = new TreeMap<>();
    final Map<String, Long> writtenByTable = new TreeMap<>();
    final Map<String, Boolean> emptyAtStart = new LinkedHashMap<>();
    final Map<String, Long> rowsAtStart = new LinkedHashMap<>();
    String backupId;
    Instant firstStartedAt;
    Instant updatedAt;
    boolean completed;
    /** The migration's definition when the checkpoint was first written ({@link Definition}); null from older versions. */
    Map<String, String> definition;
    /**
     * The {@link RecordHash} of the records before {@link #position}, for sources read by position (files, queries,
     * backups, records); null for sources read by key and in checkpoints of older versions.
     */
    Long sourceHash;
    /** A file source's size and modification time when the run that wrote this checkpoint started (for messages). */
    Long fileSize;
    String fileModified;

    String toJson() {
        ObjectNode n = Coercion.JSON.createObjectNode();
        n.put("version", 2);
        n.put("position", position);
        if (after != null) {
            ArrayNode a = n.putArray("after");
            for (Object v : after) {
                ObjectNode k = a.addObject();
                if (v != null) {
                    k.put("class", v.getClass().getName());
                    k.put("value", v.toString());
                }
            }
        }
        n.put("read", read);
        n.put("written", written);
        n.put("skipped", skipped);
        n.put("failed", failed);
        ObjectNode c = n.putObject("conflicts");
        conflicts.forEach(c::put);
        ObjectNode w = n.putObject("writtenByTable");
        writtenByTable.forEach(w::put);
        ObjectNode e = n.putObject("emptyAtStart");
        emptyAtStart.forEach(e::put);
        ObjectNode ras = n.putObject("rowsAtStart");
        rowsAtStart.forEach(ras::put);
        n.put("backupId", backupId);
        n.put("firstStartedAt", firstStartedAt == null ? null : firstStartedAt.toString());
        n.put("updatedAt", Instant.now().toString());
        n.put("completed", completed);
        if (definition != null) {
            ObjectNode d = n.putObject("definition");
            definition.forEach(d::put);
        }
        if (sourceHash != null) {
            n.put("sourceHash", Long.toHexString(sourceHash));
        }
        if (fileSize != null) {
            n.put("fileSize", fileSize);
            n.put("fileModified", fileModified);
        }
        return n.toString();
    }

    static Checkpoint fromJson(String json, String migration) {
        return fromJson(json, migration, KeyTypes.NONE);
    }

    /** Reads a stored checkpoint; {@code keyTypes} rebuilds the source's own key types. */
    static Checkpoint fromJson(String json, String migration, KeyTypes keyTypes) {
        Checkpoint cp = new Checkpoint();
        cp.keyTypes = keyTypes;
        if (json == null) {
            return cp;
        }
        try {
            JsonNode n = Coercion.JSON.readTree(json);
            if (n.path("reset").asBoolean(false)) {
                return cp;
            }
            cp.position = n.path("position").asLong();
            if (n.has("after")) {
                JsonNode a = n.get("after");
                cp.after = new Object[a.size()];
                for (int i = 0; i < a.size(); i++) {
                    JsonNode k = a.get(i);
                    cp.after[i] = k.has("class") ? key(k.get("class").asText(), k.get("value").asText(), keyTypes) : null;
                }
            }
            cp.read = n.path("read").asLong();
            cp.written = n.path("written").asLong();
            cp.skipped = n.path("skipped").asLong();
            cp.failed = n.path("failed").asLong();
            n.path("conflicts").fields().forEachRemaining(f -> cp.conflicts.put(f.getKey(), f.getValue().asLong()));
            n.path("writtenByTable").fields().forEachRemaining(f -> cp.writtenByTable.put(f.getKey(), f.getValue().asLong()));
            n.path("rowsAtStart").fields().forEachRemaining(f -> cp.rowsAtStart.put(f.getKey(), f.getValue().asLong()));
            n.path("emptyAtStart").fields().forEachRemaining(f -> cp.emptyAtStart.put(f.getKey(), f.getValue().asBoolean()));
            cp.backupId = n.hasNonNull("backupId") ? n.get("backupId").asText() : null;
            cp.firstStartedAt = n.hasNonNull("firstStartedAt") ? Instant.parse(n.get("firstStartedAt").asText()) : null;
            cp.updatedAt = n.hasNonNull("updatedAt") ? Instant.parse(n.get("updatedAt").asText()) : null;
            cp.completed = n.path("completed").asBoolean();
            if (n.has("definition")) {
                cp.definition = new LinkedHashMap<>();
                n.get("definition").fields().forEachRemaining(f -> cp.definition.put(f.getKey(), f.getValue().asText()));
            }
            cp.sourceHash = n.hasNonNull("sourceHash") ? Long.parseUnsignedLong(n.get("sourceHash").asText(), 16) : null;
            cp.fileSize = n.hasNonNull("fileSize") ? n.get("fileSize").asLong() : null;
            cp.fileModified = n.hasNonNull("fileModified") ? n.get("fileModified").asText() : null;
            return cp;
        } catch (Exception e) {
            throw new ConfigurationException("The checkpoint of data migration " + migration + " cannot be read (" + e.getMessage()
                    + "). Run it with DataMigrationOptions.restart(true) to start over, or delete its row in "
                    + "migrator_data_checkpoints.", e);
        }
    }

    /** A copy through the stored form, as the next batch's checkpoint starts from this one. */
    Checkpoint copy(String migration) {
        return fromJson(toJson(), migration, keyTypes);
    }

    /** {@code {"reset": true}}: the checkpoint of a migration whose first run was undone, so the next run starts afresh. */
    public static String reset() {
        return "{\"reset\":true,\"updatedAt\":\"" + Instant.now() + "\"}";
    }

    private static Object key(String cls, String value, KeyTypes keyTypes) {
        return switch (cls) {
            case "java.lang.String" -> value;
            case "java.lang.Long" -> Long.valueOf(value);
            case "java.lang.Integer" -> Integer.valueOf(value);
            case "java.lang.Short" -> Short.valueOf(value);
            case "java.lang.Boolean" -> Boolean.valueOf(value);
            case "java.lang.Double" -> Double.valueOf(value);
            case "java.math.BigDecimal" -> new BigDecimal(value);
            case "java.math.BigInteger" -> new BigInteger(value);
            case "java.util.UUID" -> UUID.fromString(value);
            case "java.time.LocalDate" -> LocalDate.parse(value);
            case "java.time.LocalDateTime" -> LocalDateTime.parse(value);
            case "java.time.LocalTime" -> LocalTime.parse(value);
            case "java.time.OffsetDateTime" -> OffsetDateTime.parse(value);
            case "java.time.Instant" -> Instant.parse(value);
            default -> keyTypes.value(cls, value).orElseThrow(() -> new IllegalArgumentException("a key of type " + cls
                    + " is not allowed in a checkpoint"));
        };
    }
}
