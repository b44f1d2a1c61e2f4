package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16 item 4: system schemas ({@code pg_catalog}, {@code information_schema}, {@code mysql}...) were accepted as
 * schema names and only the database's permissions stopped them (as root on MariaDB, nothing did). They are refused
 * by name wherever a caller gives a schema, before the manager opens a single connection: the data source below
 * counts every connection asked for, and the catalog is searched for anything the call could have created.
 */
abstract class AbstractSystemSchemaTest extends ItSupport {

    /** Every server's system schemas are refused on every server, in any case. */
    static Stream<String> systemSchemas() {
        return Stream.of("pg_catalog", "pg_toast", "pg_temp_3", "pg_toast_temp_3", "pg_anything", "information_schema",
                "INFORMATION_SCHEMA", "mysql", "Mysql", "sys", "performance_schema");
    }

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    /** Names nothing else uses, so that the catalog search below finds only what this test could have made. */
    private final String history = "mh_" + suffix;
    private final String marker = "marker_" + suffix;
    private final AtomicInteger connections = new AtomicInteger();
    private List<String> schemasBefore;

    @TempDir
    Path backups;

    AbstractSystemSchemaTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @BeforeEach
    void rememberSchemas() {
        schemasBefore = queryStrings("SELECT schema_name FROM information_schema.schemata");
    }

    @ParameterizedTest
    @MethodSource("systemSchemas")
    void migrate_systemSchemaTarget_refusedBeforeAnyConnectionAndCreatesNothing(String schema) {
        MigrationManager m = countingManager();

        assertThatThrownBy(() -> m.migrate(Target.of(CORE, schema)))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("Schema name for connection 'core' '" + schema + "' is a system schema of the database"
                        + " (information_schema, mysql, sys, performance_schema, or a name starting with pg_): migrator"
                        + " never creates or changes anything there. Choose another schema, e.g. app or cli_dev."
                        + " Nothing was created.")
                .satisfies(e -> assertThat(((InvalidIdentifierException) e).code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));

        assertNothingRanOrWasCreated(schema);
    }

    @Test
    void migrate_environmentResolvingToInformationSchema_refusedAndNoTargetRuns() {
        String dev = registerSchema("sys_dev_" + suffix);
        MigrationManager m = track(MigrationManager.builder().connection(CORE, countingDataSource())
                .historyTable(history)
                .environments(dev, "information_schema")
                .script(Script.builder("1", "marker").schema("{environment}")
                        .up("CREATE TABLE " + marker + " (id int primary key)").down("DROP TABLE " + marker).build())
                .build());
        connections.set(0);

        assertThat(m.targets()).contains(Target.of(CORE, "information_schema"));
        assertThatThrownBy(m::migrate)
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Schema name for connection 'core' 'information_schema' is a system schema");

        assertThat(schemaNamed(dev)).as("the other environment does not run either").isFalse();
        assertNothingRanOrWasCreated("information_schema");
    }

    @ParameterizedTest
    @MethodSource("systemSchemas")
    void backup_systemSchemaTarget_refusedBeforeAnyConnectionAndWritesNoBackup(String schema) throws Exception {
        MigrationManager m = countingManager();

        assertThatThrownBy(() -> m.backup(BackupRequest.builder().target(Target.of(CORE, schema)).build()))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Schema name for connection 'core' '" + schema + "' is a system schema");
        assertThatThrownBy(() -> m.backup(BackupRequest.builder().tables(schema + ".users").build()))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Backup table " + schema + ".users: schema '" + schema + "' is a system schema");

        assertThat(connections).as("connections asked for").hasValue(0);
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files).as("backup folder").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("systemSchemas")
    void migrateData_targetOrSourceInSystemSchema_refusedBeforeAnyConnectionAndCreatesNothing(String schema) {
        MigrationManager m = countingManager();
        List<Map<String, Object>> records = List.of(Map.of("id", 1));

        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("to_system").source(RecordSource.of("rec", records))
                        .target(DataTarget.of(CORE, schema + "." + marker, "id")).build()))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Data migration to_system target " + schema + "." + marker + ": schema '" + schema
                        + "' is a system schema");
        assertThatThrownBy(() -> m.migrateData(DataMigration.builder("from_system")
                        .source(RecordSource.table(CORE, schema + ".tables"))
                        .target(DataTarget.of(CORE, marker, "id")).build()))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Data migration from_system source " + schema + ".tables: schema '" + schema
                        + "' is a system schema");

        assertNothingRanOrWasCreated(schema);
    }

    @Test
    void restore_intoSystemSchema_refusedAndCreatesNothingThere() {
        String system = postgres() ? "information_schema" : "mysql";
        sql("CREATE TABLE " + marker + " (id int primary key)", "INSERT INTO " + marker + " VALUES (1)");
        MigrationManager m = countingManager();
        BackupManifest backup = m.backup(BackupRequest.builder().tables(marker).build());

        assertThatThrownBy(() -> m.restore(backup.id(), RestoreRequest.builder().target(Target.of(CORE, system)).build()))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Restore schema '" + system + "' is a system schema");

        assertThat(tableExists(system, marker)).isFalse();
        assertThat(rowCount(marker)).as("the backed-up table is untouched").isEqualTo(1);
    }

    /** A manager over a data source that counts the connections asked of it, counting from zero after build(). */
    private MigrationManager countingManager() {
        MigrationManager m = track(MigrationManager.builder().connection(CORE, countingDataSource())
                .historyTable(history)
                .backupDirectory(backups)
                .script(Script.builder("1", "marker").up("CREATE TABLE " + marker + " (id int primary key)")
                        .down("DROP TABLE " + marker).build())
                .build());
        connections.set(0);
        return m;
    }

    private DataSource countingDataSource() {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> {
                        connections.incrementAndGet();
                        yield db.connect();
                    }
                    case "isWrapperFor" -> false;
                    case "getLoginTimeout" -> 0;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "counting data source";
                    default -> null;
                });
    }

    private void assertNothingRanOrWasCreated(String schema) {
        assertThat(connections).as("connections asked for").hasValue(0);
        assertThat(queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name IN (?, ?)", history, marker))
                .as("tables named %s or %s in any schema", history, marker).isZero();
        assertThat(schemaNamed(schema) && !existedBefore(schema)).as("schema %s created", schema).isFalse();
    }

    /** Whether the server had a schema of exactly this name before the test. */
    private boolean existedBefore(String schema) {
        return schemasBefore.contains(schema);
    }

    /**
     * Whether a schema of exactly this name exists: MariaDB's catalog compares names ignoring case, while its schemas
     * {@code Mysql} and {@code mysql} are two (lower_case_table_names=0).
     */
    private boolean schemaNamed(String schema) {
        return queryStrings("SELECT schema_name FROM information_schema.schemata").contains(schema);
    }

    /**
     * Before the fix these calls wrote into system schemas (root may, on MariaDB; the superuser may create tables in
     * PostgreSQL's information_schema): take away exactly what this test's unique names could have made there, and
     * drop a schema only when this server does not have it of its own.
     */
    @AfterEach
    void removeWhatAnOldBuildMayHaveCreated() {
        if (db == null) {
            return;
        }
        systemSchemas().distinct().forEach(schema -> {
            for (String table : List.of(history, marker)) {
                if (tableExists(schema, table)) {
                    sql("DROP TABLE IF EXISTS " + q(schema) + "." + q(table));
                }
            }
            if (!existedBefore(schema) && schemaNamed(schema)) {
                sql(postgres() ? "DROP SCHEMA " + q(schema) + " CASCADE" : "DROP DATABASE " + q(schema));
            }
        });
    }
}
