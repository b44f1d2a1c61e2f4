package dev.migrator.jdbc.it;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Transform;
import dev.migrator.jdbc.testing.DataRunModel;
import dev.migrator.jdbc.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of data-migration runs, source changes, application writes, failures, kills and restarts on a real
 * database, each step checked against a model of the target table (see {@link DataRunModel} for the steps and rules).
 * All sequences share one database; each has its own table and migration.
 */
abstract class AbstractDataRunModelTest extends ItSupport {

    @TempDir
    Path dir;

    /** One autocommit connection per thread running sequences, closed after the test. */
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Connection> app = ThreadLocal.withInitial(() -> {
        Connection c = db.connect();
        connections.add(c);
        return c;
    });

    AbstractDataRunModelTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @AfterEach
    void closeApplicationConnections() throws SQLException {
        for (Connection c : connections) {
            c.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> dataRuns_randomSequences_targetMatchesTheModelAfterEveryStep() {
        MigrationManager manager = track(builder().backupDirectory(dir.resolve("backups")).build());
        return DataRunModel.sequences(new JdbcTarget(manager), dir);
    }

    /** The table through plain JDBC on an autocommit connection per thread: the application's writes and the test's reads. */
    private final class JdbcTarget implements DataRunModel.Target {
        private final MigrationManager manager;
        private final Set<String> surrogates = ConcurrentHashMap.newKeySet();

        JdbcTarget(MigrationManager manager) {
            this.manager = manager;
        }

        @Override
        public String product() {
            return postgres() ? "PostgreSQL" : "MariaDB";
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
            }
            execute("CREATE TABLE " + q(table) + " (" + (surrogate ? "pk varchar(40) PRIMARY KEY, id varchar(20) NOT NULL "
                    + "UNIQUE" : "id varchar(20) PRIMARY KEY") + ", name varchar(100) NOT NULL, n bigint NOT NULL, "
                    + "updatedAt varchar(40) NOT NULL)");
        }

        @Override
        public boolean surrogateKeys() {
            return true;
        }

        @Override
        public Map<String, String> identities(String table) {
            Map<String, String> ids = new TreeMap<>();
            try (Statement s = app.get().createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, pk FROM " + q(table))) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read " + table + ": " + e.getMessage(), e);
            }
            return ids;
        }

        @Override
        public Map<String, DataRunModel.Row> read(String table) {
            Map<String, DataRunModel.Row> rows = new TreeMap<>();
            try (Statement s = app.get().createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, name, n, updatedAt FROM " + q(table))) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new DataRunModel.Row(rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read " + table + ": " + e.getMessage(), e);
            }
            return rows;
        }

        @Override
        public void insert(String table, String key, DataRunModel.Row row) {
            // The application's rows in a table with a surrogate key get a primary key of the application's own.
            write("INSERT INTO " + q(table) + " (name, n, updatedAt, id" + (surrogates.contains(table) ? ", pk) VALUES "
                    + "(?, ?, ?, ?, '" + "app-" + key + "')" : ") VALUES (?, ?, ?, ?)"), key, row);
        }

        @Override
        public void update(String table, String key, DataRunModel.Row row) {
            write("UPDATE " + q(table) + " SET name = ?, n = ?, updatedAt = ? WHERE id = ?", key, row);
        }

        @Override
        public void delete(String table, String key) {
            try (PreparedStatement ps = app.get().prepareStatement("DELETE FROM " + q(table) + " WHERE id = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private void write(String sql, String key, DataRunModel.Row row) {
            try (PreparedStatement ps = app.get().prepareStatement(sql)) {
                ps.setString(1, row.name());
                ps.setLong(2, row.n());
                ps.setString(3, row.updatedAt());
                ps.setString(4, key);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("no row " + key + " for " + sql);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private void execute(String sql) {
            try (Statement s = app.get().createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String keyField() {
            return "id";
        }

        @Override
        public List<Transform> keyTransforms() {
            return List.of();
        }

        @Override
        public boolean atomicBatches() {
            return true;
        }

        @Override
        public String replay(long seed) {
            return "mvn -o -q -B -pl migrator-jdbc -am test -Dtest='" + AbstractDataRunModelTest.this.getClass().getSimpleName()
                    + "' -Dsurefire.failIfNoSpecifiedTests=false -Dmigrator.fuzz.skip=true -D" + DataRunModel.SEED + "=" + seed;
        }
    }
}
