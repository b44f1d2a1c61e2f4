package dev.migrator.jdbc.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.spi.HistoryRow;
import dev.migrator.testkit.MigrateContract;
import java.net.URLEncoder;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * migrate() on the JDBC servers: the test kit's {@link MigrateContract} (order, history rows, idempotence, an upper
 * version), and what only SQL text shows.
 */
abstract class AbstractMigrateTest extends MigrateContract {

    @Test
    void migrate_semicolonsInCommentsAndStrings_doNotSplitStatements() {
        MigrationManager m = manager(Script.of("1", "tricky_text", "-- a comment; with a semicolon\n"
                + "CREATE TABLE notes (id int primary key, body varchar(100));\n"
                + "/* a block comment; also with one */\n"
                + "INSERT INTO notes VALUES (1, 'a;b');\n"
                + "INSERT INTO notes VALUES (2, 'it''s; fine');\n", null));

        m.migrate();

        assertThat(database().read(defaultSchema(), "notes")).extracting(r -> (Object) r.get("body"))
                .containsExactly("a;b", "it's; fine");
        assertThat(historyRow("1").statementsCompleted()).isEqualTo(3);
    }

    @Test
    void migrate_userOnlyInTheUrl_recordsItAsInstalledBy() {
        ConnectionConfig c = database().config(CORE);
        // Otherwise the OS user, the fallback, would make this pass with the URL's user ignored.
        Assumptions.assumeFalse(c.user().equals(System.getProperty("user.name")), "the database user is the OS user here");
        String url = c.url() + (c.url().contains("?") ? "&" : "?") + "user=" + URLEncoder.encode(c.user(), UTF_8)
                + (c.password() == null || c.password().isEmpty() ? "" : "&password=" + URLEncoder.encode(c.password(), UTF_8));
        MigrationManager m = track(MigrationManager.builder().connection(CORE, url, null, null)
                .script(createTable("1", "users")).build());

        m.migrate();

        assertThat(history()).singleElement().extracting(HistoryRow::installedBy).isEqualTo(c.user());
    }
}
