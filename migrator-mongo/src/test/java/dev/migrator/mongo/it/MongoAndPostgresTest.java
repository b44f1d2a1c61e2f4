package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.MigrateResult;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.ScriptState;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One manager with a PostgreSQL connection and a MongoDB connection applies each connection's scripts to it. */
class MongoAndPostgresTest extends MongoItSupport {

    private TestDatabase pg;

    @BeforeEach
    void createPostgres() {
        pg = TestDatabases.postgres();
    }

    @AfterEach
    void dropPostgres() {
        pg.close();
    }

    private MigrationManager mixed() {
        write(scripts.resolve("mongo"), "U3__index_events.json", "[{\"dropIndexes\": \"events\", \"index\": \"events_kind\"}]");
        Path sql = scripts.resolve("sql");
        Path mongo = scripts.resolve("mongo");
        write(sql, "V1__create_orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, total numeric);");
        write(sql, "V2__seed_orders.sql", "INSERT INTO orders VALUES (1, 9.5);");
        write(mongo, "V1__create_events.json", "[{\"createCollection\": \"events\"}]");
        write(mongo, "V2__seed_events.json", "[{\"insert\": \"events\", \"documents\": [{\"_id\": 1, \"kind\": \"order_created\"}]}]");
        write(mongo, "V3__index_events.json", "[{\"createIndexes\": \"events\", \"indexes\": [{\"key\": {\"kind\": 1}, \"name\": \"events_kind\"}]}]");
        return track(MigrationManager.builder()
                .connection("core", pg.url(), pg.user(), pg.password())
                .connection("events", db.uri(), null, null)
                .locations(Target.of("core"), "filesystem:" + sql)
                .locations(Target.of("events"), "filesystem:" + mongo)
                .build());
    }

    @Test
    void migrate_appliesSqlScriptsToPostgresAndJsonScriptsToMongo() throws Exception {
        MigrationManager m = mixed();

        MigrateResult result = m.migrate();

        assertThat(result.targets()).hasSize(2);
        assertThat(result.applied()).extracting(e -> e.target().connection() + ":" + e.version())
                .containsExactlyInAnyOrder("core:1", "core:2", "events:1", "events:2", "events:3");
        try (Connection c = pg.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(count("events")).isEqualTo(1);
        assertThat(indexNames("events")).contains("events_kind");
        assertThat(history()).extracting(d -> d.getString("version")).containsExactly("1", "2", "3");
        assertThat(m.status().scripts()).hasSize(5).allSatisfy(s -> assertThat(s.state()).isEqualTo(ScriptState.APPLIED));
        assertThat(m.validate().isValid()).isTrue();
    }

    @Test
    void rollback_ofTheMongoTarget_leavesPostgresAlone() {
        MigrationManager m = mixed();
        m.migrate();

        m.rollback(Target.of("events"), 1);

        assertThat(indexNames("events")).doesNotContain("events_kind");
        assertThat(history()).extracting(d -> d.getString("version")).containsExactly("1", "2");
        assertThat(m.status(Target.of("core")).scripts()).hasSize(2)
                .allSatisfy(s -> assertThat(s.state()).isEqualTo(ScriptState.APPLIED));
    }

    @Test
    void forceUnlock_ofAPostgresTarget_explainsThatNativeLocksEndWithTheirConnection() {
        MigrationManager m = mixed();

        assertThatThrownBy(() -> m.forceUnlock(Target.of("core")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("pg_terminate_backend");
    }
}
