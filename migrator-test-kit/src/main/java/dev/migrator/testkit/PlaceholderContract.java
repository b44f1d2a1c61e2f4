package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptParseException;
import dev.migrator.api.Target;
import org.junit.jupiter.api.Test;

/** ${schema} and user placeholders are substituted; the checksum is taken before substitution. */
public abstract class PlaceholderContract extends KitSupport {

    /** Settings as records: 1 holds the target's schema, 2 the owner. */
    private Script settings() {
        KitServer s = server();
        return Script.of("1", "create_settings", s.script(s.createTable("settings", "v"),
                s.insertText("settings", 1, "v", "${schema}"),
                s.insertText("settings", 2, "v", "${owner}")), s.script(s.dropTable("settings")));
    }

    /** The value of setting {@code id} in a schema. */
    private Object setting(String schema, int id) {
        return database().read(schema, "settings").stream()
                .filter(r -> ((Number) r.get("id")).intValue() == id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No setting " + id + " in " + schema))
                .get("v");
    }

    @Test
    public void migrate_substitutesSchemaAndUserPlaceholders() {
        MigrationManager m = track(builder().placeholder("owner", "alice").script(settings()).build());

        m.migrate();

        assertThat(setting(defaultSchema(), 1)).isEqualTo(defaultSchema());
        assertThat(setting(defaultSchema(), 2)).isEqualTo("alice");
    }

    @Test
    public void migrate_sameScriptIntoTwoSchemas_substitutesEachAndRecordsOneChecksum() {
        String a = database().schemaName("tenant_a");
        String b = database().schemaName("tenant_b");
        MigrationManager m = track(builder().placeholder("owner", "alice").script(settings()).build());

        m.migrate(MigrateOptions.builder().target(Target.of(CORE, a)).target(Target.of(CORE, b)).build());

        assertThat(setting(a, 1)).isEqualTo(a);
        assertThat(setting(b, 1)).isEqualTo(b);
        assertThat(database().history(a, HISTORY)).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
        assertThat(database().history(b, HISTORY)).singleElement().satisfies(r -> assertThat(r.success()).isTrue());
        assertThat(database().history(a, HISTORY).get(0).checksum()).isNotBlank()
                .isEqualTo(database().history(b, HISTORY).get(0).checksum());
    }

    @Test
    public void migrate_placeholderValueChangedLater_isNotAnEdit() {
        track(builder().placeholder("owner", "alice").script(settings()).build()).migrate();
        String recorded = historyRow("1").checksum();
        MigrationManager bob = track(builder().placeholder("owner", "bob").script(settings()).build());

        assertThat(bob.schema().validate().problems()).isEmpty();
        assertThat(bob.migrate().applied()).isEmpty();
        assertThat(historyRow("1").checksum()).isEqualTo(recorded);
        assertThat(setting(defaultSchema(), 2)).isEqualTo("alice");
    }

    @Test
    public void migrate_placeholderWithoutValue_throwsNamingItAndRunsNothing() {
        KitServer s = server();
        MigrationManager m = manager(createTable("1", "a"),
                Script.of("2", "uses_unknown", s.script(s.createTable("b", "v"), s.insertText("b", 1, "v", "${tenant_id}")), null));

        assertThatThrownBy(m::migrate)
                .isInstanceOf(ScriptParseException.class)
                .hasMessageContaining("${tenant_id}")
                .hasMessageContaining("line 2");

        assertThat(tableExists("b")).isFalse();
        assertThat(history()).filteredOn(r -> r.version().equals("2")).isEmpty();
    }
}
