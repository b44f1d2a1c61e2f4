package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata example's round trip (files → PostgreSQL → files) against a fresh PostgreSQL database. */
class MetadataExampleTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private StartupExample.Database database;

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
        database = new StartupExample.Database(db.url(), db.user(), db.password());
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void roundTrip_filesToDatabaseAndBack_originalFilesUnchanged_userItemInTheDatabaseAndBackAsAFile() throws Exception {
        Path files = dir.resolve("metadata");
        MetadataExample.writeSampleFiles(files);
        Path pristine = dir.resolve("pristine");
        MetadataExample.writeSampleFiles(pristine);

        MetadataExample.RoundTrip trip = MetadataExample.roundTrip(files, database, MetadataExample.SCHEMA);

        assertThat(trip.toDatabase().created()).isEqualTo(5);
        assertThat(trip.toDatabase().failed()).isZero();
        assertThat(rows("SELECT type || '/' || namespace || '/' || name || ':' || scope FROM "
                + MetadataExample.SCHEMA + "._framework_metadata ORDER BY 1"))
                .containsExactly("object/crm/lead:SYSTEM", "object/default/account:SYSTEM", "object/default/contact:SYSTEM",
                        "view/crm/open_leads:SYSTEM", "view/default/all_accounts:SYSTEM", "view/default/my_open_leads:USER");
        assertThat(rows("SELECT body->>'title' FROM " + MetadataExample.SCHEMA
                + "._framework_metadata WHERE name = 'my_open_leads'")).containsExactly("My open leads");
        // The rollback wrote back only the user's view, and deleted nothing.
        assertThat(trip.rollback().created()).isEqualTo(1);
        assertThat(trip.rollback().deleted()).isZero();
        assertThat(trip.changedFiles()).isEmpty();
        assertThat(trip.addedFiles()).containsExactly("my_open_leads.view.json");
        assertThat(trip.originals()).containsExactlyInAnyOrder("account.object.json", "contact.object.json",
                "all_accounts.view.yaml", "crm/lead.object.json", "crm/open_leads.view.yaml");
        for (String original : trip.originals()) {
            assertThat(files.resolve(original)).as(original).hasSameBinaryContentAs(pristine.resolve(original));
        }
        assertThat(Files.readString(files.resolve("my_open_leads.view.json"))).contains("My open leads");
    }

    @Test
    void roundTrip_secondRunWithFreshFiles_findsEveryItemUnchangedAndWritesTheUserItemBack() throws Exception {
        MetadataExample.writeSampleFiles(dir.resolve("first"));
        MetadataExample.roundTrip(dir.resolve("first"), database, MetadataExample.SCHEMA);
        Path files = dir.resolve("second");
        MetadataExample.writeSampleFiles(files);

        MetadataExample.RoundTrip again = MetadataExample.roundTrip(files, database, MetadataExample.SCHEMA);

        assertThat(again.toDatabase().created()).isZero();
        assertThat(again.toDatabase().unchanged()).isEqualTo(5);
        assertThat(again.rollback().created()).isEqualTo(1);
        assertThat(again.rollback().unchanged()).isEqualTo(5);
        assertThat(again.changedFiles()).isEmpty();
        assertThat(again.addedFiles()).containsExactly("my_open_leads.view.json");
        assertThat(rows("SELECT count(*) FROM " + MetadataExample.SCHEMA + "._framework_metadata")).containsExactly("6");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
