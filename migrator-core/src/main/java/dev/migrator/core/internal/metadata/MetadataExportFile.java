package dev.migrator.core.internal.metadata;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataResults;
import dev.migrator.api.MetadataScope;
import dev.migrator.spi.StoredMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metadata export file: {@code {formatVersion, exportedAt, count, stats?, items: [{type, name, namespace, scope,
 * checksum, body}]}}, written to a temporary file and moved into place, read item by item so that one bad item is a
 * problem rather than a failed import.
 */
final class MetadataExportFile {

    private static final int EXPORT_FORMAT = 1;

    /** Reads fractions as {@code BigDecimal}: a body's checksum reads the number's exact text. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private MetadataExportFile() {}

    /**
     * Writes the items (and the statistics, when given) to the file, all or nothing.
     *
     * @throws MetadataException {@code METADATA_IMPORT_FAILED} when the file cannot be written; no partial file is left
     */
    static void write(Path file, List<MetadataItem> all, MetadataResults.Stats stats, boolean pretty) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AtomicFiles.write(file, out -> writeItems(out, all, stats, pretty), "metadata export");
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "Cannot write the metadata export " + file
                    + ": " + e.getMessage() + ". Check the path and free space; no partial file was left.", List.of(), e);
        }
    }

    private static void writeItems(OutputStream out, List<MetadataItem> all, MetadataResults.Stats stats,
            boolean pretty) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.setCodec(JSON);
            g.writeStartObject();
            g.writeNumberField("formatVersion", EXPORT_FORMAT);
            g.writeStringField("exportedAt", Instant.now().toString());
            g.writeNumberField("count", all.size());
            if (stats != null) {
                g.writeObjectField("stats", statsJson(stats));
            }
            g.writeArrayFieldStart("items");
            for (MetadataItem i : all) {
                g.writeStartObject();
                g.writeStringField("type", i.type());
                g.writeStringField("name", i.name());
                g.writeStringField("namespace", i.namespace());
                g.writeStringField("scope", i.scope().name().toLowerCase(Locale.ROOT));
                g.writeStringField("checksum", i.checksum() != null ? i.checksum() : MetadataItem.checksumOf(i.body()));
                g.writeObjectField("body", i.body());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static Map<String, Object> statsJson(MetadataResults.Stats st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", st.total());
        m.put("byType", new TreeMap<>(st.byType()));
        m.put("byNamespace", new TreeMap<>(st.byNamespace()));
        Map<String, Long> scope = new TreeMap<>();
        st.byScope().forEach((k, v) -> scope.put(k.name().toLowerCase(Locale.ROOT), v));
        m.put("byScope", scope);
        m.put("byLoader", new TreeMap<>(st.byLoader()));
        return m;
    }

    /** Reads an export file's items, with a problem per unreadable item; malformed JSON stops with file and position. */
    static List<MetadataItem> read(Path file, List<MetadataProblem> problems) {
        List<MetadataItem> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, file + " is not a metadata export (it does "
                        + "not start with an object). Nothing was written.");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken t = p.nextToken();
                if ("formatVersion".equals(field) && p.getIntValue() != EXPORT_FORMAT) {
                    throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, file + " has export format version "
                            + p.getText() + "; this migrator reads version " + EXPORT_FORMAT + ". Nothing was written.");
                }
                if ("items".equals(field) && t == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String location = "line " + p.getCurrentLocation().getLineNr() + ", column "
                                + p.getCurrentLocation().getColumnNr();
                        @SuppressWarnings("unchecked")
                        Map<String, Object> n = p.readValueAs(LinkedHashMap.class);
                        try {
                            out.add(item(n));
                        } catch (RuntimeException e) {
                            problems.add(new MetadataProblem(file.toString(), location, "item " + index, e.getMessage()));
                        }
                        index++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? null
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, file + (where == null ? "" : " " + where)
                    + ": malformed JSON (" + e.getOriginalMessage() + "). Nothing was written; fix the file and import again.",
                    List.of(new MetadataProblem(file.toString(), where, null, e.getOriginalMessage())), e);
        } catch (IOException e) {
            throw new MetadataException(ErrorCode.METADATA_IMPORT_FAILED, "Cannot read " + file + ": " + e.getMessage()
                    + ". Nothing was written.", List.of(), e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static MetadataItem item(Map<String, Object> n) {
        Object type = n.get("type");
        Object name = n.get("name");
        if (!(type instanceof String) || !(name instanceof String)) {
            throw new IllegalArgumentException("an item needs a text 'type' and 'name'");
        }
        Object body = n.get("body");
        if (!(body instanceof Map)) {
            throw new IllegalArgumentException("the item " + type + "/" + name + " has no 'body' object");
        }
        Object scope = n.get("scope");
        MetadataScope sc;
        try {
            sc = StoredMetadata.scope(scope == null ? null : scope.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the item " + type + "/" + name + " has scope '" + scope
                    + "'; allowed: system, user");
        }
        return new MetadataItem((String) type, (String) name, (String) n.get("namespace"), sc, (Map<String, Object>) body,
                null, Optional.empty());
    }
}
