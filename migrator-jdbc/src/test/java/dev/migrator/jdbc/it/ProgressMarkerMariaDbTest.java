package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;

class ProgressMarkerMariaDbTest extends AbstractProgressMarkerTest {

    ProgressMarkerMariaDbTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    String selfCommitting(int n) {
        return "CREATE TABLE d_" + n + " (id int)";
    }

    @Override
    boolean selfCommitted(int n) {
        return tableExists("d_" + n);
    }

    @Override
    String sleep(int seconds) {
        return "SELECT SLEEP(" + seconds + ")";
    }

    @Override
    boolean killSessionRunning(String prefix) {
        List<String> ids = queryStrings("SELECT id FROM information_schema.processlist WHERE info LIKE ? AND db = database() AND id <> connection_id()",
                prefix + "%");
        ids.forEach(id -> sql("KILL CONNECTION " + id));
        return !ids.isEmpty();
    }

    @Override
    void countHistoryWrites() {
        sql("CREATE TABLE history_writes (n int NOT NULL)", "INSERT INTO history_writes VALUES (0)",
                "CREATE TRIGGER history_inserted AFTER INSERT ON " + HISTORY + " FOR EACH ROW UPDATE history_writes SET n = n + 1",
                "CREATE TRIGGER history_updated AFTER UPDATE ON " + HISTORY + " FOR EACH ROW UPDATE history_writes SET n = n + 1");
    }
}
