package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.api.MigrateOptions;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.testkit.PlaceholderContract;
import org.junit.jupiter.api.Test;

/**
 * Placeholders on the JDBC servers: the test kit's {@link PlaceholderContract}, and {@code ${schema}} qualifying names
 * in SQL text.
 */
abstract class AbstractPlaceholderTest extends PlaceholderContract {

    private static final Script SETTINGS = Script.of("1", "create_settings",
            "CREATE TABLE ${schema}.settings (id int primary key, v varchar(60));\n"
                    + "INSERT INTO ${schema}.settings VALUES (1, '${schema}');\n",
            "DROP TABLE ${schema}.settings");

    @Test
    void migrate_schemaPlaceholderQualifiesNames_inEachTarget() {
        String a = database().schemaName("tenant_a");
        String b = database().schemaName("tenant_b");
        MigrationManager m = track(builder().script(SETTINGS).build());

        m.migrate();
        m.migrate(MigrateOptions.builder().target(Target.of(CORE, a)).target(Target.of(CORE, b)).build());

        for (String schema : new String[] {defaultSchema(), a, b}) {
            assertThat(database().read(schema, "settings")).as(schema).extracting(r -> r.get("v")).containsExactly(schema);
        }
    }
}
