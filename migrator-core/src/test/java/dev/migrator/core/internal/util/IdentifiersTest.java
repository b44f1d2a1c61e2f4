package dev.migrator.core.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.InvalidIdentifierException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule behind issue 16 item 4, on its boundaries; the database tests are {@code SystemSchema*Test}. */
class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"pg_catalog", "PG_CATALOG", "pg_", "pg_temp_12", "pg_toast_temp_1", "information_schema",
        "Information_Schema", "mysql", "MYSQL", "sys", "Sys", "performance_schema"})
    void requireSchema_systemSchema_throwsSayingSoAndWhatToDo(String schema) {
        assertThatThrownBy(() -> Identifiers.requireSchema(schema, "Restore schema"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("Restore schema '" + schema + "' is a system schema of the database (information_schema, mysql,"
                        + " sys, performance_schema, or a name starting with pg_): migrator never creates or changes"
                        + " anything there. Choose another schema, e.g. app or cli_dev. Nothing was created.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "pgx", "pgdata", "_pg_catalog", "sys_dev", "system", "mysql2", "my_sql", "public",
        "information", "performance", "cli_dev"})
    void requireSchema_lookAlikesOfSystemSchemas_areUsersSchemas(String schema) {
        assertThat(Identifiers.requireSchema(schema, "Schema")).isEqualTo(schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "app.users", "sys_dev.users", ".users", "x; DROP TABLE victim.dest"})
    void refuseSystemSchemaOf_tableOutsideSystemSchemas_passes(String table) {
        Identifiers.refuseSystemSchemaOf(table, "Backup table " + table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql.user", "pg_catalog.pg_authid", "SYS.x", "information_schema.tables.extra"})
    void refuseSystemSchemaOf_tableInSystemSchema_throwsNamingTableAndSchema(String table) {
        String schema = table.substring(0, table.indexOf('.'));
        assertThatThrownBy(() -> Identifiers.refuseSystemSchemaOf(table, "Backup table " + table))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Backup table " + table + ": schema '" + schema + "' is a system schema");
    }
}
