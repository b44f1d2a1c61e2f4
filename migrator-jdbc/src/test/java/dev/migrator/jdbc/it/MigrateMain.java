package dev.migrator.jdbc.it;

import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM for {@link AbstractConcurrencyTest}: builds a manager from its arguments and migrates.
 * Arguments: url, user, password (may be empty), number of scripts. Exits 0 on success, 1 on any error.
 */
public final class MigrateMain {

    private MigrateMain() {}

    /** The scripts every concurrent manager registers: script i creates t_i and inserts one row into it. */
    static List<Script> scripts(int count) {
        List<Script> scripts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            scripts.add(Script.of(String.valueOf(i), "create_t_" + i,
                    "CREATE TABLE t_" + i + " (id int primary key);\nINSERT INTO t_" + i + " VALUES (" + i + ");",
                    "DROP TABLE t_" + i));
        }
        return scripts;
    }

    public static void main(String[] args) {
        try (MigrationManager m = MigrationManager.builder()
                .connection("core", args[0], args[1], args[2])
                .scripts(scripts(Integer.parseInt(args[3])))
                .build()) {
            MigrateResult result = m.migrate();
            System.out.println("applied=" + result.applied().size());
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
