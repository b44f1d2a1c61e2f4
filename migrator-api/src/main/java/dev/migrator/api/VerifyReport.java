package dev.migrator.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of verifying a backup: its files against its manifest and, when a live database was compared, each
 * table against the backup.
 *
 * @param backupId the backup
 * @param files one check per table file
 * @param tables one comparison per table with the live database; empty when none was made
 */
public record VerifyReport(String backupId, List<FileCheck> files, List<TableComparison> tables) {

    /**
     * Copies the lists.
     *
     * @param backupId the backup
     * @param files one check per table file
     * @param tables one comparison per table with the live database; empty when none was made
     */
    public VerifyReport {
        files = List.copyOf(files);
        tables = List.copyOf(tables);
    }

    /** {@return whether every file and every compared table matches} */
    public boolean isValid() {
        return files.stream().allMatch(FileCheck::ok) && tables.stream().allMatch(TableComparison::matches);
    }

    /** {@return every problem, one line each, e.g. {@code auth.users: 1000 rows in the backup, 1003 live}} */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        files.stream().filter(f -> !f.ok()).forEach(f -> out.add(f.table() + ": " + f.problem()));
        tables.stream().filter(t -> !t.matches()).forEach(t -> out.add(t.table() + ": " + t.problem()));
        return out;
    }

    /**
     * A table file checked against the manifest.
     *
     * @param table the table's qualified name
     * @param file the file
     * @param ok whether size and SHA-256 match
     * @param problem what is wrong, or {@code null}
     */
    public record FileCheck(String table, String file, boolean ok, String problem) {}

    /**
     * A table of the backup compared with a live table.
     *
     * @param table the backup's table
     * @param liveTable the live table compared, qualified
     * @param backupRows rows in the backup
     * @param liveRows rows in the live table, or -1 when it does not exist
     * @param matches whether row counts and content checksums are equal
     * @param problem what differs, or {@code null}
     */
    public record TableComparison(String table, String liveTable, long backupRows, long liveRows, boolean matches, String problem) {}
}
