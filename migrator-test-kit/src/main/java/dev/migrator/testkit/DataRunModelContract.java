package dev.migrator.testkit;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Transform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of data-migration runs, source changes, application writes, failures, kills and restarts on a real
 * database, each step checked against a model of the target table (see {@link DataRunModel} for the steps and rules).
 * All sequences share one database; each has its own table (collection) and migration. Where the server does not write
 * a batch and its checkpoint together (a MongoDB standalone), the model allows one batch written past the checkpoint
 * after a kill, and nothing more.
 */
public abstract class DataRunModelContract extends KitSupport {

    /** The sources and the backups. */
    @TempDir
    protected Path dir;

    @TestFactory
    public Stream<DynamicTest> dataRuns_randomSequences_targetMatchesTheModelAfterEveryStep() {
        MigrationManager manager = track(builder().backupDirectory(dir.resolve("backups")).build());
        return DataRunModel.sequences(new KitTarget(manager), dir);
    }

    /** The table through the {@link KitDatabase}, never through migrator: the application's writes and the test's reads. */
    private final class KitTarget implements DataRunModel.Target {
        private final MigrationManager manager;
        private final Set<String> surrogates = ConcurrentHashMap.newKeySet();

        KitTarget(MigrationManager manager) {
            this.manager = manager;
        }

        @Override
        public String product() {
            return server().displayName();
        }

        @Override
        public MigrationManager manager() {
            return manager;
        }

        @Override
        public String connection() {
            return CORE;
        }

        @Override
        public void create(String table, boolean surrogate) {
            if (surrogate) {
                surrogates.add(table);
                database().execute(defaultSchema(), server().createModelTableWithSurrogateKey(table).orElseThrow());
            } else {
                database().execute(defaultSchema(), server().createModelTable(table));
            }
        }

        @Override
        public boolean surrogateKeys() {
            return server().createModelTableWithSurrogateKey("probe").isPresent();
        }

        @Override
        public Map<String, String> identities(String table) {
            Map<String, String> ids = new TreeMap<>();
            for (Map<String, Object> r : database().read(defaultSchema(), table)) {
                ids.put(String.valueOf(r.get("id")), String.valueOf(field(r, "pk")));
            }
            return ids;
        }

        @Override
        public Map<String, DataRunModel.Row> read(String table) {
            Map<String, DataRunModel.Row> rows = new TreeMap<>();
            for (Map<String, Object> r : database().read(defaultSchema(), table)) {
                Object n = field(r, "n");
                rows.put(String.valueOf(r.get("id")), new DataRunModel.Row((String) field(r, "name"),
                        n instanceof Number number ? number.longValue() : Long.MIN_VALUE, (String) field(r, "updatedAt")));
            }
            return rows;
        }

        @Override
        public void insert(String table, String key, DataRunModel.Row row) {
            Map<String, Object> record = fields(row);
            record.put("id", key);
            if (surrogates.contains(table)) {
                // The application's rows in a table with a surrogate key get a primary key of the application's own.
                record.put("pk", "app-" + key);
            }
            database().insert(defaultSchema(), table, List.of(record));
        }

        @Override
        public void update(String table, String key, DataRunModel.Row row) {
            database().update(defaultSchema(), table, key, fields(row));
        }

        @Override
        public void delete(String table, String key) {
            database().delete(defaultSchema(), table, key);
        }

        @Override
        public String keyField() {
            return server().keyField();
        }

        @Override
        public List<Transform> keyTransforms() {
            return server().keyTransforms();
        }

        @Override
        public boolean atomicBatches() {
            return server().transactions();
        }

        @Override
        public String replay(long seed) {
            return "mvn -o -q -B test -Dtest='" + DataRunModelContract.this.getClass().getSimpleName()
                    + "' -Dsurefire.failIfNoSpecifiedTests=false -Dmigrator.fuzz.skip=true -D" + DataRunModel.SEED + "=" + seed
                    + " (in the backend's module, with -pl <module> -am from the root)";
        }

        private Map<String, Object> fields(DataRunModel.Row row) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", row.name());
            fields.put("n", row.n());
            fields.put("updatedAt", row.updatedAt());
            return fields;
        }

        /** A field of a record as read: its name as written, or folded to lower case as SQL databases store it. */
        private Object field(Map<String, Object> record, String name) {
            return record.containsKey(name) ? record.get(name) : record.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
