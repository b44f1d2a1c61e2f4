package dev.migrator.core.internal.project;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names a project copy gives what it creates: its tables' data migrations (which name their checkpoints) and its
 * backup's label, each within the length its store allows, shortened with a hash so that two long names stay apart.
 */
final class ProjectNames {

    private ProjectNames() {}

    /** {@code project_<name>_<schema>_<table>}, shortened with a hash of the whole when over 100 characters. */
    static String migrationName(String project, String schema, String table) {
        String name = "project_" + project + "_" + schema + "_" + table;
        if (name.length() <= 100) {
            return name;
        }
        return name.substring(0, 91) + "_" + hash(name);
    }

    /** {@code project_<name>} as a backup label: letters, digits and {@code _}, at most 40. */
    static String label(String project) {
        String label = ("project_" + project).replaceAll("[^A-Za-z0-9_]", "_");
        return label.length() <= 40 ? label : label.substring(0, 31) + "_" + hash(label);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
