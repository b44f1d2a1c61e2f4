package dev.migrator.jdbc.testing;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Edits an unencrypted backup the way someone who knows its format would: a value in a table file changed, then the
 * file's SHA-256 and size written into the manifest to match, its content checksum left as it was. Nothing in the files
 * can tell (only a key authenticates them); what catches it is the comparison of the loaded rows with the content
 * checksum.
 *
 * <p>The kit's suites use {@code dev.migrator.testkit.BackupTampering}, the same class; this copy stays only for
 * migrator-examples' {@code BackupVerifyCliTest}, whose class path has the JDBC tests but not the test kit.
 */
public final class BackupTampering {

    private BackupTampering() {}

    /**
     * Replaces {@code from} by {@code to} in the decoded (decompressed) rows of {@code table}'s file in {@code folder}
     * (the backup's folder) and updates the manifest's SHA-256 and byte size of that file.
     *
     * @throws IllegalStateException when the file does not contain {@code from} or the manifest does not name the file
     */
    public static void editConsistently(Path folder, BackupManifest backup, String table, String from, String to)
            throws IOException {
        if (backup.encryption() != null) {
            throw new IllegalArgumentException("an encrypted backup cannot be edited consistently without its key");
        }
        BackupManifest.Table t = backup.table(table).orElseThrow();
        Path file = folder.resolve(t.file());
        boolean gzip = backup.compression() == Compression.GZIP;
        String rows;
        try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!rows.contains(from)) {
            throw new IllegalStateException(t.file() + " does not contain " + from + ": " + rows);
        }
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(edited) : edited) {
            out.write(rows.replace(from, to).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = edited.toByteArray();
        Files.write(file, bytes);

        Path manifest = folder.resolve("manifest.json");
        String json = Files.readString(manifest);
        Matcher size = Pattern.compile("(\"file\"\\s*:\\s*\"" + Pattern.quote(t.file()) + "\"[^}]*?\"bytes\"\\s*:\\s*)"
                + t.bytes() + "\\b").matcher(json);
        if (!json.contains(t.sha256()) || !size.find()) {
            throw new IllegalStateException("manifest.json does not hold the SHA-256 and size of " + t.file() + ": " + json);
        }
        json = size.replaceFirst(Matcher.quoteReplacement(size.group(1)) + bytes.length).replace(t.sha256(), sha256(bytes));
        Files.writeString(manifest, json);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
