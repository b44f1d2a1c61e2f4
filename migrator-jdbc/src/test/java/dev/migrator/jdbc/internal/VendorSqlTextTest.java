package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements each vendor writes, to the letter: the history table, the metadata upsert and the checkpoint upsert are
 * built from parts both vendors share, and must read exactly as they did when each vendor wrote its own.
 */
class VendorSqlTextTest {

    private final Dialect mysql = Dialect.of(JdbcUrl.MYSQL);
    private final Dialect postgres = Dialect.of(JdbcUrl.POSTGRESQL);

    @Test
    void historyDdl_mysql_isOneStatementWithKeyAndIndexInline() {
        assertThat(mysql.historyDdl("app", "migrator_history")).containsExactly("CREATE TABLE IF NOT EXISTS"
                + " `app`.`migrator_history` (installed_rank INT NOT NULL, version VARCHAR(50), name VARCHAR(200) NOT NULL,"
                + " type VARCHAR(20) NOT NULL, checksum VARCHAR(100), checksum_algorithm VARCHAR(40),"
                + " installed_by VARCHAR(100) NOT NULL, installed_at DATETIME(3) NOT NULL, execution_time_ms BIGINT NOT NULL,"
                + " success BOOLEAN NOT NULL, statements_completed INT NOT NULL, PRIMARY KEY (installed_rank),"
                + " INDEX `migrator_history_s_idx` (success)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }

    @Test
    void historyDdl_postgres_isTableThenIndex() {
        assertThat(postgres.historyDdl("app", "migrator_history")).containsExactly("CREATE TABLE IF NOT EXISTS"
                + " \"app\".\"migrator_history\" (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),"
                + " name VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, checksum VARCHAR(100),"
                + " checksum_algorithm VARCHAR(40), installed_by VARCHAR(100) NOT NULL,"
                + " installed_at TIMESTAMPTZ NOT NULL DEFAULT now(), execution_time_ms BIGINT NOT NULL,"
                + " success BOOLEAN NOT NULL, statements_completed INT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS \"migrator_history_s_idx\" ON \"app\".\"migrator_history\" (success)");
    }

    @Test
    void historyDdl_longTableName_indexNameKeepsTheFirst55Characters() {
        String table = "t".repeat(60);
        assertThat(postgres.historyDdl("app", table).get(1))
                .startsWith("CREATE INDEX IF NOT EXISTS \"" + "t".repeat(55) + "_s_idx\" ON ");
        assertThat(mysql.historyDdl("app", table).get(0)).contains("INDEX `" + "t".repeat(55) + "_s_idx` (success)");
    }

    @Test
    void metadataUpsert_mysql_onDuplicateKeyUpdatesAllButTheIdentity() {
        assertThat(mysql.metadataSql().upsert("`s`.`m`")).isEqualTo("INSERT INTO `s`.`m` (type, name, namespace, scope,"
                + " body, checksum, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
                + " scope = VALUES(scope), body = VALUES(body), checksum = VALUES(checksum), updated_at = VALUES(updated_at)");
    }

    @Test
    void metadataUpsert_postgres_onConflictOfTheIdentityCastsTheBody() {
        assertThat(postgres.metadataSql().upsert("\"s\".\"m\"")).isEqualTo("INSERT INTO \"s\".\"m\" (type, name,"
                + " namespace, scope, body, checksum, created_at, updated_at) VALUES (?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?)"
                + " ON CONFLICT (type, name, namespace) DO UPDATE SET scope = EXCLUDED.scope, body = EXCLUDED.body,"
                + " checksum = EXCLUDED.checksum, updated_at = EXCLUDED.updated_at");
    }

    @Test
    void checkpointUpsert_eachVendor_storesStateAndTheTimeInUtc() {
        assertThat(mysql.newTableData().checkpointUpsert("`s`.`c`")).isEqualTo("INSERT INTO `s`.`c` (name, state,"
                + " updated_at) VALUES (?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE state = VALUES(state),"
                + " updated_at = VALUES(updated_at)");
        assertThat(postgres.newTableData().checkpointUpsert("\"s\".\"c\"")).isEqualTo("INSERT INTO \"s\".\"c\" (name,"
                + " state, updated_at) VALUES (?, ?, now() AT TIME ZONE 'UTC') ON CONFLICT (name) DO UPDATE SET"
                + " state = EXCLUDED.state, updated_at = EXCLUDED.updated_at");
    }

    @Test
    void quote_eachVendor_usesItsOwnMarkAfterValidating() {
        assertThat(mysql.quote("App_1")).isEqualTo("`App_1`");
        assertThat(postgres.quote("App_1")).isEqualTo("\"App_1\"");
        assertThat(List.of(mysql.qualify("a", "b"), postgres.qualify("a", "b"))).containsExactly("`a`.`b`", "\"a\".\"b\"");
    }
}
