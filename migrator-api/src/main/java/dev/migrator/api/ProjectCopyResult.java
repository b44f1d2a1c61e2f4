package dev.migrator.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The report of a project copy: what each table's data migration did, in copy (foreign-key) order, the backup taken
 * first and whether the target tables were restored from it. A successful copy returns it; a failed one carries it,
 * partial, in {@link ProjectCopyException#projectResult()}.
 *
 * @param project the project's name
 * @param fromConnection the connection read from
 * @param toConnection the connection written to
 * @param startedAt when the run started
 * @param duration how long it took (the schema migrations, backup, copies and restore included)
 * @param plannedTables the target tables ({@code schema.table}) in the order they were to be copied
 * @param tables the tables copied, in copy order; after a failure, the ones done and then the failed one when its data
 *     migration got as far as a report
 * @param failedTable the target table whose copy failed, if one did
 * @param backupId the backup of the target tables taken before the first copy, if one was taken
 * @param restored whether the target tables were restored from that backup after a failure
 */
public record ProjectCopyResult(String project, String fromConnection, String toConnection, Instant startedAt,
        Duration duration, List<String> plannedTables, List<TableCopy> tables, Optional<String> failedTable,
        Optional<String> backupId, boolean restored) {

    /**
     * Copies the lists.
     *
     * @param project the project's name
     * @param fromConnection the connection read from
     * @param toConnection the connection written to
     * @param startedAt when the run started
     * @param duration how long it took (the schema migrations, backup, copies and restore included)
     * @param plannedTables the target tables ({@code schema.table}) in the order they were to be copied
     * @param tables the tables copied, in copy order; after a failure, the ones done and then the failed one when its
     *     data migration got as far as a report
     * @param failedTable the target table whose copy failed, if one did
     * @param backupId the backup of the target tables taken before the first copy, if one was taken
     * @param restored whether the target tables were restored from that backup after a failure
     */
    public ProjectCopyResult {
        Objects.requireNonNull(project, "project");
        plannedTables = List.copyOf(plannedTables);
        tables = List.copyOf(tables);
        Objects.requireNonNull(failedTable, "failedTable");
        Objects.requireNonNull(backupId, "backupId");
    }

    /**
     * Rows written into the target tables by this run (inserted or overwritten; undone again when restored).
     *
     * @return the number of rows written by this run
     */
    public long rowsCopied() {
        return tables.stream().mapToLong(t -> t.result().written()).sum();
    }

    /** {@return whether every planned table was copied and nothing was restored} */
    public boolean complete() {
        return failedTable.isEmpty() && !restored && tables.size() == plannedTables.size();
    }

    /**
     * {@return the checks of every table copied (row counts, content checksums, orphaned foreign keys), from the
     * tables' results in copy order; empty when no table was verified ({@link DataMigrationOptions#verify()} off, or a
     * dry run)}
     */
    public Optional<DataVerification> verification() {
        List<DataVerification.TableCheck> checks = tables.stream()
                .flatMap(t -> t.result().verification().stream())
                .flatMap(v -> v.tables().stream())
                .toList();
        return checks.isEmpty() ? Optional.empty() : Optional.of(new DataVerification(checks));
    }

    /**
     * {@return the copy of one target table, if it was copied}
     *
     * @param target the target table, {@code schema.table}
     */
    public Optional<TableCopy> table(String target) {
        return tables.stream().filter(t -> t.target().equals(target)).findFirst();
    }

    /**
     * One table's copy.
     *
     * @param source the source table, {@code schema.table}
     * @param target the target table, {@code schema.table}
     * @param result its data migration's report
     */
    public record TableCopy(String source, String target, DataMigrationResult result) {
        /**
         * Checks the fields are given.
         *
         * @param source the source table, {@code schema.table}
         * @param target the target table, {@code schema.table}
         * @param result its data migration's report
         */
        public TableCopy {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(result, "result");
        }
    }
}
