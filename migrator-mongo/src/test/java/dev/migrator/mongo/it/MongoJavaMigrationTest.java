package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Java migrations get the database, the client and, in a transaction, the session. */
class MongoJavaMigrationTest extends MongoItSupport {

    @Test
    void javaMigration_usesTheDatabaseHandle_andCommandsThroughTheContext() {
        write("V1__seed.json", "[{\"insert\": \"people\", \"documents\": [{\"_id\": 1, \"name\": \"Ada Lovelace\"}, "
                + "{\"_id\": 2, \"name\": \"Alan Turing\"}]}]");
        MigrationManager m = track(builder().script(Script.builder("2", "split_names").up(ctx -> {
            MongoDatabase database = ctx.unwrap(MongoDatabase.class);
            assertThat(database.getName()).isEqualTo(ctx.schema());
            assertThat(ctx.unwrap(MongoClient.class)).isNotNull();
            for (Document p : database.getCollection("people").find()) {
                String[] parts = p.getString("name").split(" ");
                database.getCollection("people").updateOne(Filters.eq("_id", p.get("_id")),
                        Updates.combine(Updates.set("first", parts[0]), Updates.set("last", parts[1])));
            }
            ctx.execute("{\"createIndexes\": \"people\", \"indexes\": [{\"key\": {\"last\": 1}, \"name\": \"people_last\", \"unique\": true}]}");
        }).build()).build());

        m.migrate();

        assertThat(db.database().getCollection("people").find(Filters.eq("_id", 2)).first())
                .containsEntry("first", "Alan").containsEntry("last", "Turing");
        assertThat(indexNames("people")).contains("people_last");
        assertThat(history()).extracting(d -> d.getString("type")).containsExactly("JSON", "JAVA");
    }

    @Test
    void javaMigration_unknownCommandThroughTheContext_failsTheScriptWithTheCommandsName() {
        MigrationManager m = track(builder().script(Script.builder("1", "bad").up(ctx -> ctx.execute("{\"shutdown\": 1}")).build()).build());

        assertThatThrownBy(m::migrate).isInstanceOf(ScriptFailedException.class).hasMessageContaining("shutdown");

        assertThat(history()).singleElement().satisfies(d -> assertThat(d.getBoolean("success")).isFalse());
    }
}
