package dev.migrator.jdbc.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.spi.HistoryRow;
import dev.migrator.testkit.MigrateContract;
import java.net.URLEncoder;
import java.util.List;
import java.util.Map;
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
        // A user of its own, neither the test's nor the OS user (the fallback), so the URL's user is the only source.
        ConnectionConfig c = database().config(CORE);
        boolean postgres = c.url().startsWith("jdbc:postgresql:");
        String user = "mig_url_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        String password = "pw_" + user;
        List<String> create = postgres
                ? List.of("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'",
                        "GRANT ALL ON SCHEMA " + defaultSchema() + " TO " + user)
                : List.of("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                        "GRANT ALL ON `" + defaultSchema() + "`.* TO '" + user + "'@'%'");
        create.forEach(sql -> database().execute(defaultSchema(), sql));
        try {
            String url = c.url() + (c.url().contains("?") ? "&" : "?") + "user=" + URLEncoder.encode(user, UTF_8)
                    + "&password=" + URLEncoder.encode(password, UTF_8);
            try (MigrationManager m = MigrationManager.builder().connection(CORE, url, null, null)
                    .script(createTable("1", "users")).build()) {
                m.migrate();
            }

            assertThat(history()).singleElement().extracting(HistoryRow::installedBy).isEqualTo(user);
        } finally {
            List<String> drop = postgres
                    ? List.of("DROP OWNED BY " + user, "DROP ROLE " + user)
                    : List.of("DROP USER '" + user + "'@'%'");
            drop.forEach(sql -> database().execute(defaultSchema(), sql));
        }
    }
}
