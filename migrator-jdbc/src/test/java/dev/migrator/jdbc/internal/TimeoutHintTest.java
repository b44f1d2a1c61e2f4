package dev.migrator.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.internal.mysql.MysqlDialect;
import dev.migrator.jdbc.internal.postgres.PostgresDialect;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which server errors the dialects explain as a statement timeout, with the setting to raise. */
class TimeoutHintTest {

    private final Dialect postgres = new PostgresDialect();
    private final Dialect mysql = new MysqlDialect();

    @Test
    void postgres_statementTimeout_namesStatementTimeoutAndTheFixes() {
        String hint = postgres.timeoutHint(new SQLException("ERROR: canceling statement due to statement timeout", "57014"));

        assertThat(hint).isEqualTo("The statement was cancelled by PostgreSQL's statement_timeout: it ran longer than the"
                + " session allows. Raise the timeout for migrations (on this connection the driver property options=-c"
                + " statement_timeout=0, or a larger value in ms; or ALTER ROLE ... SET statement_timeout), or split the"
                + " work into smaller steps.");
    }

    @Test
    void postgres_cancelInAnotherLanguage_saysItMayBeTheTimeoutOrACancelRequest() {
        String hint = postgres.timeoutHint(new SQLException("FEHLER: storniere Anfrage wegen Zeitüberschreitung", "57014"));

        assertThat(hint).startsWith("The statement was cancelled (SQLSTATE 57014): by statement_timeout, or by a cancel"
                + " request (pg_cancel_backend, a client query timeout). If it was the timeout, raise it for migrations");
    }

    @Test
    void postgres_otherErrors_haveNoTimeoutHint() {
        assertThat(postgres.timeoutHint(new SQLException("ERROR: canceling statement due to lock timeout", "55P03"))).isNull();
        assertThat(postgres.timeoutHint(new SQLException("ERROR: syntax error", "42601"))).isNull();
    }

    @Test
    void mariadb_maxStatementTime_namesTheSettingAndHowToRaiseIt() {
        String hint = mysql.timeoutHint(new SQLException("Query execution was interrupted (max_statement_time exceeded)",
                "70100", 1969));

        assertThat(hint).isEqualTo("The statement was cancelled by the server's max_statement_time: it ran longer than the"
                + " session allows. Raise the timeout for migrations (on this connection the driver property"
                + " sessionVariables=max_statement_time=0, or a larger value; or SET GLOBAL max_statement_time), or split"
                + " the work into smaller steps.");
    }

    @Test
    void mysql_maxExecutionTime_namesThatSetting() {
        String hint = mysql.timeoutHint(new SQLException("Query execution was interrupted, maximum statement execution time"
                + " exceeded", "HY000", 3024));

        assertThat(hint).contains("server's max_execution_time").contains("sessionVariables=max_execution_time=0");
    }

    @Test
    void mysql_killQueryAndOtherErrors_haveNoTimeoutHint() {
        assertThat(mysql.timeoutHint(new SQLException("Query execution was interrupted", "70100", 1317))).isNull();
        assertThat(mysql.timeoutHint(new SQLException("Duplicate entry", "23000", 1062))).isNull();
    }
}
