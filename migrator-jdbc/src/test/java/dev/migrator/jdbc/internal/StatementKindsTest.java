package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.ParsedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementKindsTest {

    private static boolean mysql(String sql) {
        return StatementKinds.groupable(SqlSplitter.Syntax.MYSQL, new ParsedStatement(sql, 1, false));
    }

    private static boolean postgres(String sql) {
        return StatementKinds.groupable(SqlSplitter.Syntax.POSTGRESQL,
                new ParsedStatement(sql, 1, StatementKinds.requiresNoTransaction(sql)));
    }

    @Test
    void mysql_dmlAndSessionVariables_areGroupable() {
        for (String sql : List.of("INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t", "REPLACE INTO t VALUES (1)",
                "SELECT SLEEP(0.1)", "WITH x AS (SELECT 1) SELECT * FROM x", "/* c */ insert into t values (2)",
                "SET @x = 1", "SET NAMES utf8mb4", "SET foreign_key_checks = 0", "DO SLEEP(0)")) {
            assertThat(mysql(sql)).as(sql).isTrue();
        }
    }

    @Test
    void mysql_statementsThatCommitOrMayCommit_areNotGroupable() {
        for (String sql : List.of("CREATE TABLE t (id int)", "ALTER TABLE t ADD c int", "DROP TABLE t", "RENAME TABLE a TO b",
                "TRUNCATE TABLE t", "GRANT SELECT ON t TO u", "REVOKE SELECT ON t FROM u", "LOCK TABLES t WRITE",
                "UNLOCK TABLES", "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "SET autocommit = 0",
                "SET @@autocommit = 0", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", "SET PASSWORD = 'x'",
                "SET ROLE r", "CALL p()", "PREPARE s FROM 'DROP TABLE t'", "EXECUTE s", "LOAD DATA INFILE 'f' INTO TABLE t",
                "OPTIMIZE TABLE t", "ANALYZE TABLE t", "REPAIR TABLE t", "/*!40101 SET NAMES utf8 */", "FLUSH TABLES",
                "CREATE TEMPORARY TABLE x (id int)", "`weird`", "")) {
            assertThat(mysql(sql)).as(sql).isFalse();
        }
    }

    @Test
    void postgres_dmlAndTransactionalDdl_areGroupable() {
        for (String sql : List.of("INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "SELECT pg_sleep(0.1)",
                "CREATE TABLE t (id int)", "ALTER TABLE t ADD c int", "DROP TABLE t", "CREATE INDEX i ON t (id)",
                "COMMENT ON TABLE t IS 'x'", "TRUNCATE t", "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE")) {
            assertThat(postgres(sql)).as(sql).isTrue();
        }
    }

    @Test
    void postgres_statementsOutsideTransactionsOrThatMayCommit_areNotGroupable() {
        for (String sql : List.of("CREATE INDEX CONCURRENTLY i ON t (id)", "VACUUM t", "CREATE DATABASE d", "ALTER SYSTEM SET x = 1",
                "ALTER TYPE mood ADD VALUE 'meh'", "CALL p()", "DO $$ BEGIN COMMIT; END $$", "COMMIT", "BEGIN",
                "SET search_path = x", "SET LOCAL lock_timeout = '1s'", "CREATE SUBSCRIPTION s CONNECTION 'c' PUBLICATION p",
                "REINDEX TABLE CONCURRENTLY t", "CLUSTER", "LOCK TABLE t")) {
            assertThat(postgres(sql)).as(sql).isFalse();
        }
    }

    @Test
    void threeArgumentConstructor_isNotGroupable() {
        assertThat(new ParsedStatement("INSERT INTO t VALUES (1)", 1, false).groupable()).isFalse();
    }
}
