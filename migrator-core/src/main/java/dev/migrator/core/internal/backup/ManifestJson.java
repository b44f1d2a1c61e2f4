package dev.migrator.core.internal.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import dev.migrator.api.ErrorCode;
import dev.migrator.spi.ValueKind;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** {@code manifest.json}: written and read field by field, so the format is explicit and versioned. */
final class ManifestJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@code FileBackupStore} writes: {@code 000_schema.table.jsonl.gz.enc}; no separators, no parent steps. */
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,250}");

    /** The kinds of a column's values, and of an array column's elements. */
    private static final List<String> KINDS = Arrays.stream(ValueKind.values())
            .filter(k -> k != ValueKind.ARRAY)
            .map(ValueKind::name)
            .toList();

    /** Ten times what backups are written with: more is an edit, and would keep restore busy for minutes. */
    static final int MAX_ITERATIONS = 10 * BackupCrypto.ITERATIONS;

    /**
     * The largest manifest read: about 200 bytes a column, so room for tens of thousands of tables. A manifest is read
     * whole; without a bound, a link to {@code /dev/zero} or a huge file would fill the heap.
     */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    /** A key check's nonce (12 bytes) and GCM tag (16) at least. */
    private static final int KEY_CHECK_MIN_BYTES = 28;

    private ManifestJson() {}

    /**
     * A manifest as read: what it says, and its MAC ({@code hmac-sha256:...}), or {@code null} when it has none. The MAC
     * is checked by whoever holds the key ({@code FileBackupStore}); nothing here trusts it.
     */
    record Stored(BackupManifest manifest, String mac) {}

    static byte[] write(BackupManifest m) throws IOException {
        return write(m, null);
    }

    /** The manifest's JSON, with its MAC when it has one (an encrypted backup of format 2). */
    static byte[] write(BackupManifest m, String mac) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", m.formatVersion());
        root.put("id", m.id());
        root.put("label", m.label());
        root.put("createdAt", m.createdAt().toString());
        ObjectNode source = root.putObject("source");
        source.put("connection", m.source().connection());
        source.put("product", m.source().product());
        source.put("serverVersion", m.source().serverVersion());
        source.put("url", m.source().url());
        root.put("consistency", m.consistency());
        root.put("compression", m.compression().name().toLowerCase(java.util.Locale.ROOT));
        if (m.encryption() == null) {
            root.putNull("encryption");
        } else {
            ObjectNode e = root.putObject("encryption");
            e.put("algorithm", m.encryption().algorithm());
            e.put("keyDerivation", m.encryption().keyDerivation());
            e.put("salt", m.encryption().salt());
            e.put("iterations", m.encryption().iterations());
            e.put("keyCheck", m.encryption().keyCheck());
        }
        root.put("durationMs", m.duration().toMillis());
        ArrayNode tables = root.putArray("tables");
        for (BackupManifest.Table t : m.tables()) {
            ObjectNode n = tables.addObject();
            n.put("name", t.name());
            n.put("file", t.file());
            n.put("rowCount", t.rowCount());
            n.put("bytes", t.bytes());
            n.put("sha256", t.sha256());
            n.put("contentChecksum", t.contentChecksum());
            ArrayNode cols = n.putArray("columns");
            for (BackupManifest.Column c : t.columns()) {
                cols.addObject().put("name", c.name()).put("type", c.type()).put("kind", c.kind());
            }
            ArrayNode pk = n.putArray("primaryKey");
            t.primaryKey().forEach(pk::add);
            if (!t.parts().isEmpty()) {
                ArrayNode parts = n.putArray("parts");
                for (BackupManifest.Part part : t.parts()) {
                    parts.addObject().put("file", part.file()).put("rowCount", part.rowCount()).put("bytes", part.bytes())
                            .put("sha256", part.sha256());
                }
            }
        }
        if (mac != null) {
            root.put("manifestMac", mac);
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /**
     * The bytes a manifest's MAC covers: every field of the manifest as read (all but the MAC), in a fixed order, each
     * length-prefixed. Built from the parsed manifest rather than the file's text, so that it is what restore acts on,
     * whatever the JSON's layout; a field that parses to a different value (an edited row count, a name) gives other
     * bytes.
     */
    static byte[] canonical(BackupManifest m) {
        Canonical c = new Canonical();
        c.text("migrator manifest mac v2").number(m.formatVersion()).text(m.id()).text(m.label())
                .number(m.createdAt().getEpochSecond()).number(m.createdAt().getNano());
        BackupManifest.Source s = m.source();
        c.text(s.connection()).text(s.product()).text(s.serverVersion()).text(s.url());
        c.text(m.consistency()).text(m.compression().name());
        BackupManifest.Encryption e = m.encryption();
        if (e == null) {
            c.text(null);
        } else {
            c.text(e.algorithm()).text(e.keyDerivation()).text(e.salt()).number(e.iterations()).text(e.keyCheck());
        }
        c.number(m.duration().toMillis()).number(m.tables().size());
        for (BackupManifest.Table t : m.tables()) {
            c.text(t.name()).text(t.file()).number(t.rowCount()).number(t.bytes()).text(t.sha256()).text(t.contentChecksum());
            c.number(t.columns().size());
            for (BackupManifest.Column col : t.columns()) {
                c.text(col.name()).text(col.type()).text(col.kind());
            }
            c.number(t.primaryKey().size());
            t.primaryKey().forEach(c::text);
            // Format 1 has no parts: its bytes stay what they were, so that the MACs of earlier backups still verify.
            if (m.formatVersion() >= 2) {
                c.number(t.parts().size());
                for (BackupManifest.Part part : t.parts()) {
                    c.text(part.file()).number(part.rowCount()).number(part.bytes()).text(part.sha256());
                }
            }
        }
        return c.out.toByteArray();
    }

    /** Length-prefixed fields: no two different manifests give the same bytes. */
    private static final class Canonical {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Canonical text(String value) {
            if (value == null) {
                out.write(0);
                return this;
            }
            byte[] b = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(1);
            out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Canonical number(long value) {
            out.write(2);
            out.writeBytes(java.nio.ByteBuffer.allocate(8).putLong(value).array());
            return this;
        }
    }

    static BackupManifest read(Path file, String id) {
        return readStored(file, id).manifest();
    }

    static Stored readStored(Path file, String id) {
        JsonNode root;
        try {
            root = MAPPER.readTree(readBounded(file, id));
        } catch (IOException e) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " (" + file
                    + ") cannot be read: " + e.getMessage() + ". The backup is damaged; use another one.", e);
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != BackupManifest.FORMAT_VERSION && version != BackupManifest.FORMAT_VERSION_SINGLE_FILES) {
            throw new BackupException(ErrorCode.BACKUP_FORMAT_UNSUPPORTED, "Backup " + id + " has format version "
                    + (version < 0 ? "(none)" : version) + "; this migrator reads versions "
                    + BackupManifest.FORMAT_VERSION_SINGLE_FILES + " and " + BackupManifest.FORMAT_VERSION
                    + ". Read it with the migrator version that wrote it.");
        }
        try {
            JsonNode s = root.get("source");
            BackupManifest.Source source = new BackupManifest.Source(text(s, "connection"), text(s, "product"),
                    text(s, "serverVersion"), text(s, "url"));
            JsonNode e = root.get("encryption");
            BackupManifest.Encryption encryption = e == null || e.isNull() ? null : encryption(e, id);
            List<BackupManifest.Table> tables = new ArrayList<>();
            for (JsonNode n : root.withArray("tables")) {
                String name = tableName(n, id);
                List<BackupManifest.Column> cols = new ArrayList<>();
                for (JsonNode c : n.withArray("columns")) {
                    cols.add(column(c, name, id));
                }
                List<String> pk = new ArrayList<>();
                n.withArray("primaryKey").forEach(k -> pk.add(k.asText()));
                BackupManifest.Table table = new BackupManifest.Table(name, fileName(n, id), n.path("rowCount").asLong(),
                        n.path("bytes").asLong(), text(n, "sha256"), text(n, "contentChecksum"), cols, pk,
                        version >= 2 ? parts(n, name, id) : List.of());
                requireConsistentParts(table, id);
                tables.add(table);
            }
            BackupManifest m = new BackupManifest(version, text(root, "id"), text(root, "label"),
                    Instant.parse(text(root, "createdAt")), source, text(root, "consistency"),
                    Compression.valueOf(text(root, "compression").toUpperCase(java.util.Locale.ROOT)), encryption, tables,
                    Duration.ofMillis(root.path("durationMs").asLong()));
            return new Stored(m, text(root, "manifestMac"));
        } catch (BackupException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " is incomplete or "
                    + "edited (" + ex + "). The backup cannot be trusted; use another one.", ex);
        }
    }

    /**
     * The manifest's bytes: a regular file (looked at and opened without following links) of at most {@link #MAX_BYTES}
     * bytes, of which no more are read even if it grows meanwhile.
     */
    private static byte[] readBounded(Path file, String id) throws IOException {
        String wrong = BackupFiles.notRegular(file);
        if (wrong != null) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " (" + file + ") " + wrong
                    + BackupFiles.NOT_A_BACKUP_FILE + ". Use another backup.");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > MAX_BYTES) {
                throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " (" + file + ") has "
                        + size + " bytes; a manifest has at most " + MAX_BYTES + ". The backup is damaged; use another one.");
            }
            return new BackupFiles.Bounded(Channels.newInputStream(channel), MAX_BYTES).readAllBytes();
        }
    }

    /**
     * Encryption as {@code FileBackupStore} writes it. Restore derives the key from these before it reads anything: an
     * edited iteration count of 2^31 would run PBKDF2 for hours, and a salt or key check that is not base64 would fail
     * with an IllegalArgumentException.
     */
    private static BackupManifest.Encryption encryption(JsonNode e, String id) {
        String algorithm = text(e, "algorithm");
        String derivation = text(e, "keyDerivation");
        String salt = text(e, "salt");
        int iterations = e.path("iterations").asInt();
        String keyCheck = text(e, "keyCheck");
        boolean passphrase = BackupCrypto.PBKDF2.equals(derivation);
        byte[] check = base64(keyCheck);
        boolean known = (BackupCrypto.ALGORITHM.equals(algorithm) || BackupCrypto.LEGACY_ALGORITHM.equals(algorithm))
                && (passphrase || BackupCrypto.RAW.equals(derivation))
                && (!passphrase || (iterations >= 1 && iterations <= MAX_ITERATIONS && base64(salt) != null))
                && check != null && check.length >= KEY_CHECK_MIN_BYTES;
        if (!known) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " has encryption "
                    + "settings this migrator does not write: algorithm '" + algorithm + "', key derivation '" + derivation
                    + "', " + iterations + " iterations, or a salt or key check that is not base64. Expected "
                    + BackupCrypto.ALGORITHM + " (or " + BackupCrypto.LEGACY_ALGORITHM + " of earlier backups) with " + BackupCrypto.PBKDF2 + " (1 to " + MAX_ITERATIONS
                    + " iterations) or " + BackupCrypto.RAW + ". The manifest was edited; the backup cannot be trusted, "
                    + "use another one.");
        }
        return new BackupManifest.Encryption(algorithm, derivation, salt, iterations, keyCheck);
    }

    private static byte[] base64(String text) {
        try {
            return text == null ? null : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A table's {@code schema.table} name: restore and verify find the live table by it. */
    private static String tableName(JsonNode table, String id) {
        String name = text(table, "name");
        int dot = name == null ? -1 : name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " names a table '"
                    + name + "'; a backup's tables are named schema.table (e.g. public.users). The manifest was edited;"
                    + " the backup cannot be trusted, use another one.");
        }
        return name;
    }

    /** A column with its name, type and a kind this migrator reads ({@code INTEGER}, {@code ARRAY<STRING>}...). */
    private static BackupManifest.Column column(JsonNode c, String table, String id) {
        String name = text(c, "name");
        String type = text(c, "type");
        String kind = text(c, "kind");
        if (name == null || type == null || !isKind(kind)) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " has a column of table "
                    + table + " with name '" + name + "', type '" + type + "' and kind '" + kind + "'; a column needs a "
                    + "name, a type and a kind of " + KINDS + " or ARRAY<kind>. The manifest was edited; the backup "
                    + "cannot be trusted, use another one.");
        }
        return new BackupManifest.Column(name, type, kind);
    }

    /** What {@code FileBackupStore.columnsOf} turns into a column: a kind, or an array of one (not of arrays). */
    private static boolean isKind(String kind) {
        if (kind == null) {
            return false;
        }
        String k = kind.startsWith("ARRAY<") && kind.endsWith(">") ? kind.substring(6, kind.length() - 1) : kind;
        return KINDS.contains(k);
    }

    /** A table's file name, refused when it could reach outside the backup's folder (an edited manifest). */
    private static String fileName(JsonNode table, String id) {
        return fileName(table, id, text(table, "name"));
    }

    private static String fileName(JsonNode table, String id, String tableName) {
        String file = text(table, "file");
        if (file == null || !SAFE_FILE.matcher(file).matches() || file.contains("..")) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " names the file '"
                    + file + "' for table " + tableName + "; a backup's files are plain names inside its "
                    + "folder. The manifest was edited; the backup cannot be trusted, use another one.");
        }
        return file;
    }

    /** A table's parts (format 2), each file name checked like the table's. */
    private static List<BackupManifest.Part> parts(JsonNode table, String name, String id) {
        JsonNode parts = table.get("parts");
        if (parts == null || parts.isNull()) {
            return List.of();
        }
        List<BackupManifest.Part> out = new ArrayList<>();
        for (JsonNode p : parts) {
            out.add(new BackupManifest.Part(fileName(p, id, name), p.path("rowCount").asLong(), p.path("bytes").asLong(),
                    text(p, "sha256")));
        }
        return out;
    }

    /**
     * A table in parts adds up: its first part is its file, and the parts' rows and bytes are the table's. Without a key
     * nothing authenticates a manifest, but an edit that makes it disagree with itself is found before any row is read.
     */
    private static void requireConsistentParts(BackupManifest.Table t, String id) {
        if (t.parts().isEmpty()) {
            return;
        }
        long rows = t.parts().stream().mapToLong(BackupManifest.Part::rowCount).sum();
        long bytes = t.parts().stream().mapToLong(BackupManifest.Part::bytes).sum();
        BackupManifest.Part first = t.parts().get(0);
        boolean distinct = t.parts().stream().map(BackupManifest.Part::file).distinct().count() == t.parts().size();
        if (rows != t.rowCount() || bytes != t.bytes() || !first.file().equals(t.file())
                || !java.util.Objects.equals(first.sha256(), t.sha256()) || !distinct) {
            throw new BackupException(ErrorCode.BACKUP_CORRUPT, "The manifest of backup " + id + " lists " + t.parts().size()
                    + " parts of table " + t.name() + " holding " + rows + " rows and " + bytes + " bytes, but says the "
                    + "table has " + t.rowCount() + " rows and " + t.bytes() + " bytes in " + t.file() + " (the first part "
                    + "is " + first.file() + "). The manifest was edited; the backup cannot be trusted, use another one.");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
