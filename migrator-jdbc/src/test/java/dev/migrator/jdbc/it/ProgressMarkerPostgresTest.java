package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;

class ProgressMarkerPostgresTest extends AbstractProgressMarkerTest {

    ProgressMarkerPostgresTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    String selfCommitting(int n) {
        return "CREATE INDEX CONCURRENTLY d_" + n + " ON g (id)";
    }

    @Override
    boolean selfCommitted(int n) {
        return queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?", "d_" + n) > 0;
    }

    @Override
    String sleep(int seconds) {
        return "SELECT pg_sleep(" + seconds + ")";
    }

    @Override
    boolean killSessionRunning(String prefix) {
        List<String> killed = queryStrings("SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE query LIKE ? "
                + "AND datname = current_database() AND pid <> pg_backend_pid()", prefix + "%");
        return !killed.isEmpty();
    }

    @Override
    void countHistoryWrites() {
        sql("CREATE TABLE history_writes (n int NOT NULL)", "INSERT INTO history_writes VALUES (0)",
                "CREATE FUNCTION count_history_write() RETURNS trigger AS $$ BEGIN UPDATE history_writes SET n = n + 1; "
                        + "RETURN NULL; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER history_written AFTER INSERT OR UPDATE ON " + HISTORY
                        + " FOR EACH ROW EXECUTE FUNCTION count_history_write()");
    }
}
