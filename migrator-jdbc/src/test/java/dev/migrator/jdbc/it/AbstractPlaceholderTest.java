package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** ${schema} and user placeholders are substituted; the checksum is taken before substitution. */
abstract class AbstractPlaceholderTest extends ItSupport {

    private static final Script SETTINGS = Script.of("1", "create_settings",
            "CREATE TABLE ${schema}.settings (k varchar(60) primary key, v varchar(60));\n"
                    + "INSERT INTO ${schema}.settings VALUES ('schema', '${schema}');\n"
                    + "INSERT INTO ${schema}.settings VALUES ('owner', '${owner}');\n",
            "DROP TABLE ${schema}.settings");

    AbstractPlaceholderTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private String setting(String schema, String key) {
        return queryStrings("SELECT v FROM " + q(schema) + ".settings WHERE k = ?", key).get(0);
    }

    @Test
    void migrate_substitutesSchemaAndUserPlaceholders() {
        MigrationManager m = track(builder().placeholder("owner", "alice").script(SETTINGS).build());

        m.migrate();

        assertThat(setting(defaultSchema(), "schema")).isEqualTo(defaultSchema());
        assertThat(setting(defaultSchema(), "owner")).isEqualTo("alice");
    }

    @Test
    void migrate_sameScriptIntoTwoSchemas_substitutesEachAndRecordsOneChecksum() {
        String a = uniqueSchema("tenant_a");
        String b = uniqueSchema("tenant_b");
        MigrationManager m = track(builder().placeholder("owner", "alice").script(SETTINGS).build());

        m.migrate(MigrateOptions.builder().target(Target.of(CORE, a)).target(Target.of(CORE, b)).build());

        assertThat(setting(a, "schema")).isEqualTo(a);
        assertThat(setting(b, "schema")).isEqualTo(b);
        assertThat(history(a)).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
        assertThat(history(b)).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
        assertThat(history(a).get(0).checksum()).isNotBlank().isEqualTo(history(b).get(0).checksum());
    }

    @Test
    void migrate_placeholderValueChangedLater_isNotAnEdit() {
        track(builder().placeholder("owner", "alice").script(SETTINGS).build()).migrate();
        String recorded = historyRow("1").checksum();
        MigrationManager bob = track(builder().placeholder("owner", "bob").script(SETTINGS).build());

        assertThat(bob.validate().problems()).isEmpty();
        assertThat(bob.migrate().applied()).isEmpty();
        assertThat(historyRow("1").checksum()).isEqualTo(recorded);
        assertThat(setting(defaultSchema(), "owner")).isEqualTo("alice");
    }

    @Test
    void migrate_placeholderWithoutValue_throwsNamingItAndRunsNothing() {
        MigrationManager m = manager(createTable("1", "a"),
                Script.of("2", "uses_unknown", "CREATE TABLE b (id int);\nINSERT INTO b VALUES (${tenant_id});", null));

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("${tenant_id}")
                .hasMessageContaining("line 2");

        assertThat(tableExists("b")).isFalse();
        assertThat(history()).filteredOn(r -> r.version().equals("2")).isEmpty();
    }
}
