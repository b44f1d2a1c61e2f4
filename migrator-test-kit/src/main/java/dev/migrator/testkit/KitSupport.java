package dev.migrator.testkit;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.spi.HistoryRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * What the kit's end-to-end suites share: a fresh database per test, managers built on it and closed after it, and
 * direct looks at history and tables through the {@link KitDatabase}. A backend extends each suite once and says which
 * {@link #server()} it runs on.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public abstract class KitSupport {

    /** The history table every test uses unless it says otherwise. */
    protected static final String HISTORY = "migrator_history";

    /** The connection name every manager is built with. */
    protected static final String CORE = "core";

    private KitDatabase db;
    private final List<MigrationManager> managers = new ArrayList<>();

    /** The backend under test. */
    protected abstract KitServer server();

    @BeforeEach
    void openKitDatabase() {
        db = server().createDatabase();
    }

    @AfterEach
    void closeKitDatabase() {
        synchronized (managers) {
            for (MigrationManager m : managers) {
                m.close();
            }
            managers.clear();
        }
        if (db != null) {
            db.close();
        }
    }

    /** This test's database. */
    protected KitDatabase database() {
        return db;
    }

    /** A builder with the test database as connection {@code core}. */
    protected MigrationManager.Builder builder() {
        return MigrationManager.builder().connection(db.config(CORE));
    }

    /** Builds a manager over the test database with these scripts; closed after the test. */
    protected MigrationManager manager(Script... scripts) {
        return track(builder().scripts(List.of(scripts)).build());
    }

    /** Closes the manager after the test. */
    protected MigrationManager track(MigrationManager manager) {
        synchronized (managers) {
            managers.add(manager);
        }
        return manager;
    }

    /** The default target with its schema resolved, as results report it. */
    protected Target defaultTarget() {
        return Target.of(CORE, defaultSchema());
    }

    protected String defaultSchema() {
        return db.defaultSchema();
    }

    /** A script creating one table (collection) and dropping it on the way down. */
    protected Script createTable(String version, String table) {
        return server().createTableScript(version, table);
    }

    protected boolean tableExists(String table) {
        return db.tableExists(defaultSchema(), table);
    }

    protected long rowCount(String table) {
        return db.count(defaultSchema(), table);
    }

    protected List<HistoryRow> history() {
        return db.history(defaultSchema(), HISTORY);
    }

    protected List<String> historyVersions() {
        return historyVersions(defaultSchema());
    }

    protected List<String> historyVersions(String schema) {
        return db.history(schema, HISTORY).stream().map(HistoryRow::version).toList();
    }

    /** The default schema's history row of one version. */
    protected HistoryRow historyRow(String version) {
        return history().stream()
                .filter(r -> version.equals(r.version()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No history row for version " + version + " in " + history()));
    }

    /** Creates a table (collection) in a schema holding these records of {@code id} and {@code field}. */
    protected void table(String schema, String table, String field, Object... idValuePairs) {
        database().execute(schema, server().createTable(table, field));
        for (int i = 0; i < idValuePairs.length; i += 2) {
            put(schema, table, (Integer) idValuePairs[i], field, idValuePairs[i + 1]);
        }
    }

    /** Writes a record, replacing the one of the same key. */
    protected void put(String schema, String table, int id, String field, Object value) {
        database().delete(schema, table, id);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put(field, value);
        database().insert(schema, table, List.of(record));
    }

    /** The records of a table as {@code id|field} text, by key. */
    protected List<String> dump(String schema, String table, String field) {
        return database().read(schema, table).stream().map(r -> r.get("id") + "|" + r.get(field)).toList();
    }

    /** Writes a script file (or any text file) into a folder, as UTF-8. */
    protected static Path write(Path dir, String fileName, String text) {
        try {
            return Files.writeString(dir.resolve(fileName), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
