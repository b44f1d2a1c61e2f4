package dev.migrator.jdbc.it;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.CrashTrials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM for {@link AbstractCrashConsistencyTest}, killed with SIGKILL part-way. Arguments: mode, url, user,
 * password (may be empty), then per mode:
 *
 * <ul>
 *   <li>{@code migrate}: applies {@link #scripts(boolean)};
 *   <li>{@code stall}: applies {@link #stalling(boolean)}, whose second script stalls in its second statement;
 *   <li>{@code mixed}: applies {@link #mixed(boolean)}, scripts of DDL and groups of DML;
 *   <li>{@code backup <dir>}: backs up {@link #BACKUP_TABLES} into the backup directory;
 *   <li>{@code restore <dir> <id>}: restores backup {@code id} from the backup directory.
 * </ul>
 *
 * Prints {@code ready} just before the operation starts (after the manager is built) and {@code done} after it.
 * Waits for the test's go first ({@link CrashTrials#awaitGo()}). Exits 0 on success, 1 on any error.
 */
public final class CrashMain {

    /**
     * Scripts of the migrate scenario: 40 on PostgreSQL, 20 on MariaDB, where each statement commits (and syncs) by
     * itself, so that both fit in CI's time.
     */
    static int scriptCount(boolean postgres) {
        return postgres ? 40 : 20;
    }

    /** Tables of the backup scenario. */
    static final List<String> BACKUP_TABLES = List.of("items", "orders", "events");

    private CrashMain() {}

    /**
     * Script i creates t_i, sleeps a few ms and inserts a row (so that a kill can land between and inside scripts):
     * transactional on PostgreSQL, three statements that each commit by themselves on MariaDB.
     */
    static List<Script> scripts(boolean postgres) {
        List<Script> scripts = new ArrayList<>();
        for (int i = 1; i <= scriptCount(postgres); i++) {
            scripts.add(Script.of(String.valueOf(i), "create_t_" + i,
                    "CREATE TABLE t_" + i + " (id int primary key, note text);\n"
                            + sleep(postgres, 0.002) + ";\n"
                            + "INSERT INTO t_" + i + " VALUES (" + i + ", 'script " + i + "');",
                    "DROP TABLE t_" + i));
        }
        return scripts;
    }

    /**
     * Script 1 creates t_1; script 2 creates t_2, sleeps for placeholder {@code stall} seconds (the child: a minute),
     * then creates t_3. The checksum is taken before substitution, so a resume may stall less.
     */
    static List<Script> stalling(boolean postgres) {
        return List.of(Script.of("1", "create_t_1", "CREATE TABLE t_1 (id int primary key)", null),
                Script.of("2", "create_t_2_and_t_3", "CREATE TABLE t_2 (id int primary key);\n" + sleep(postgres, "${stall}")
                        + ";\nCREATE TABLE t_3 (id int primary key);", null));
    }

    /** Scripts of the mixed scenario. */
    static final int MIXED_SCRIPTS = 20;

    /**
     * The statements of mixed script i, in kinds: DDL, DML, DML, DML, DDL, DML, DML, DML. On MariaDB the DDL commits
     * by itself and is counted right after it; each run of DML commits together with its count (the last with the
     * success), so a failed entry can only say 0, 1, 4 or 5 statements. On PostgreSQL each script runs whole in one
     * transaction. The ids inserted: {@link #mixedIds(int)}.
     */
    static List<String> mixedStatements(int i, boolean postgres) {
        String t = "m_" + i;
        return List.of("CREATE TABLE " + t + " (id int primary key, note text)",
                "INSERT INTO " + t + " VALUES (1, 'one')",
                sleep(postgres, 0.002),
                "INSERT INTO " + t + " VALUES (2, 'two')",
                "ALTER TABLE " + t + " ADD COLUMN extra int",
                "INSERT INTO " + t + " (id, note) VALUES (3, 'three')",
                sleep(postgres, 0.002),
                "INSERT INTO " + t + " (id, note) VALUES (4, 'four')");
    }

    /** The ids of a mixed script's table once its first {@code completed} statements are applied. */
    static List<String> mixedIds(int completed) {
        List<String> ids = new ArrayList<>();
        int[] insertAt = {2, 4, 6, 8};
        for (int k = 0; k < insertAt.length; k++) {
            if (insertAt[k] <= completed) {
                ids.add(String.valueOf(k + 1));
            }
        }
        return ids;
    }

    static List<Script> mixed(boolean postgres) {
        List<Script> scripts = new ArrayList<>();
        for (int i = 1; i <= MIXED_SCRIPTS; i++) {
            scripts.add(Script.of(String.valueOf(i), "mixed_" + i, String.join(";\n", mixedStatements(i, postgres)) + ";\n", null));
        }
        return scripts;
    }

    private static String sleep(boolean postgres, Object seconds) {
        return postgres ? "SELECT pg_sleep(" + seconds + ")" : "SELECT SLEEP(" + seconds + ")";
    }

    public static void main(String[] args) {
        CrashTrials.awaitGo();
        String mode = args[0];
        MigrationManager.Builder builder = MigrationManager.builder().connection("core", args[1], args[2], args[3]);
        boolean postgres = args[1].startsWith("jdbc:postgresql:");
        if (mode.equals("migrate")) {
            builder.scripts(scripts(postgres));
        } else if (mode.equals("mixed")) {
            builder.scripts(mixed(postgres));
        } else if (mode.equals("stall")) {
            builder.scripts(stalling(postgres)).placeholder("stall", "60");
        } else {
            builder.backupDirectory(Path.of(args[4]));
        }
        try (MigrationManager m = builder.build()) {
            System.out.println("ready");
            System.out.flush();
            switch (mode) {
                case "migrate", "stall", "mixed" -> {
                    MigrateResult r = m.migrate();
                    System.out.println("done applied=" + r.applied().size());
                }
                case "backup" -> {
                    BackupManifest b = m.backup(BackupRequest.builder().label("crash").tables(BACKUP_TABLES).build());
                    System.out.println("done backup=" + b.id() + " rows=" + b.rowCount());
                }
                case "restore" -> {
                    RestoreResult r = m.restore(args[5], RestoreRequest.defaults());
                    System.out.println("done restored=" + r.rowCount());
                }
                default -> throw new IllegalArgumentException("Unknown mode " + mode);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
