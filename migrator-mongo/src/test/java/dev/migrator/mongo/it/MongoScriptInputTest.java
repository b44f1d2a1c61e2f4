package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ScriptParseException;
import java.util.ArrayList;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Placeholders in MongoDB scripts (issue 16, item 5): {@code ${literal:x}} is a JSON string, {@code ${identifier:x}} a
 * checked collection name written as one, and a plain {@code ${x}} whose value could break out of the JSON is refused
 * before any command runs.
 */
class MongoScriptInputTest extends MongoItSupport {

    static final String HOSTILE = "x\"}, {\"delete\": \"victim\", \"deletes\": [{\"q\": {}, \"limit\": 0}]}, {\"a\": \"\\";

    @Test
    void literalAndIdentifier_insertTheValueAsJsonStrings() {
        write("V1__owners.json", """
                [{"insert": ${identifier:coll}, "documents": [{"_id": 1, "owner": ${literal:owner}}]}]
                """);

        track(builder().placeholder("coll", "owners").placeholder("owner", HOSTILE).build()).migrate();

        assertThat(db.database().getCollection("owners").find().into(new ArrayList<>()))
                .singleElement()
                .satisfies(d -> assertThat(d.getString("owner")).isEqualTo(HOSTILE));
    }

    @Test
    void plainPlaceholder_valueThatCouldEndTheJsonString_isRefusedAndRunsNothing() {
        db.database().getCollection("victim").insertOne(new Document("_id", 1));
        write("V1__owners.json", """
                [{"insert": "owners", "documents": [{"_id": 1, "owner": "${owner}"}]}]
                """);

        assertThatThrownBy(() -> track(builder().placeholder("owner", HOSTILE).build()).migrate())
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("line 1, column 58: the value of placeholder ${owner} contains '\"' (it can end a"
                        + " JSON string)");
        assertThat(count("victim")).isEqualTo(1);
        assertThat(collections()).doesNotContain("owners");
    }

    @Test
    void identifier_invalidCollectionName_isRefused() {
        write("V1__owners.json", """
                [{"create": ${identifier:coll}}]
                """);

        assertThatThrownBy(() -> track(builder().placeholder("coll", "a$b").build()).migrate())
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("the value of placeholder ${identifier:coll} is not a valid name: Invalid collection"
                        + " name 'a$b'");
    }
}
