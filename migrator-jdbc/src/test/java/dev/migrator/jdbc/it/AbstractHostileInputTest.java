package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.InvalidIdentifierException;
import dev.migrator.api.MetadataException;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MigratorException;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import static dev.migrator.jdbc.testing.Failures.allMessages;
import static dev.migrator.jdbc.testing.Failures.expectFailure;
import static dev.migrator.jdbc.testing.Failures.stackTrace;

import dev.migrator.jdbc.testing.ConsoleCapture;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input (issue 8): identifiers from outside are refused with a typed error naming them or taken as literal
 * (quoted) names, never as SQL; no password or backup passphrase reaches a log line, an exception, a result, a report
 * or a manifest; backup ids cannot leave the backup folder.
 *
 * <p>Every identifier attempt is followed by a look at the catalog: the sentinel table {@code victim} still holds its
 * rows, and no schema or table appeared other than the literal name itself.
 */
abstract class AbstractHostileInputTest extends ItSupport {

    static {
        // Our own debug lines are searched for secrets too; only effective when slf4j-simple is not initialised yet.
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.migrator") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.migrator", "debug");
        }
    }

    /** Injection attempts, look-alikes, path fragments, an overlong and an empty name. */
    static final List<String> HOSTILE = List.of(
            "x; DROP TABLE victim",
            "x\" OR \"1\"=\"1",
            "x`; DROP TABLE victim; -- ",
            "a'b",
            "../../etc",
            "v".repeat(300),
            "v\u0456\u0441tim", // Cyrillic і and с: looks like victim
            "\uff56\uff49\uff43\uff54\uff49\uff4d", // full-width victim
            "");

    @TempDir
    Path dir;

    AbstractHostileInputTest(TestDatabase.Kind kind) {
        super(kind);
    }

    @BeforeEach
    void createVictim() {
        sql("CREATE TABLE victim (id int primary key, name varchar(50))",
                "INSERT INTO victim VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "CREATE TABLE dest (id int primary key, name varchar(50))");
    }

    // ================================================================ 1. identifiers

    @Test
    void environmentIds_forCliSchemas_areRefusedOrLiteral() {
        for (String env : HOSTILE) {
            attempt("environment", env, () -> {
                try (MigrationManager m = builder().target(Target.of(CORE, "cli_{environment}")).environments(env)
                        .script(createTable("1", "env_t")).build()) {
                    return m.migrate();
                }
            }, "cli_" + env);
        }
    }

    @Test
    void targetSchemas_areRefusedOrLiteral() {
        for (String schema : HOSTILE) {
            attempt("target schema (builder)", schema, () -> {
                try (MigrationManager m = builder().target(Target.of(CORE, schema)).script(createTable("1", "tgt_t")).build()) {
                    return m.migrate();
                }
            }, schema);
            attempt("target schema (migrate)", schema, () -> {
                try (MigrationManager m = builder().script(createTable("1", "tgt_t")).build()) {
                    return m.migrate(Target.of(CORE, schema));
                }
            }, schema);
            attempt("target schema (status)", schema, () -> {
                try (MigrationManager m = builder().script(createTable("1", "tgt_t")).build()) {
                    return m.status(Target.of(CORE, schema));
                }
            }, schema);
            attempt("target schema (migrateAll)", schema, () -> {
                try (MigrationManager m = builder().script(createTable("1", "tgt_t")).build()) {
                    return m.migrateAll(List.of(Target.of(CORE, schema)), 1, true);
                }
            }, schema);
            // Leave the default schema's history behind for the next value: drop what a literal empty name migrated.
            sql("DROP TABLE IF EXISTS tgt_t", "DROP TABLE IF EXISTS " + HISTORY);
        }
    }

    @Test
    void backupTables_areRefusedOrLiteral() {
        for (String table : HOSTILE) {
            attempt("backup table", table, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.backup(BackupRequest.builder().tables(table).build());
                }
            });
            attempt("backup table victim plus", table, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.backup(BackupRequest.builder().tables("victim", table).build());
                }
            });
        }
    }

    @Test
    void restoreTargetSchemas_areRefusedOrLiteral() {
        String id;
        try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
            id = m.backup(BackupRequest.builder().tables("victim").build()).id();
        }
        for (String schema : HOSTILE) {
            if (schema.isEmpty()) {
                continue; // an empty schema is the connection's default: restoring victim there is a legitimate restore
            }
            attempt("restore target schema", schema, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.restore(id, RestoreRequest.builder().target(Target.of(CORE, schema)).build());
                }
            }, schema);
            attempt("restore table", schema, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.restore(id, RestoreRequest.builder().tables(schema).build());
                }
            });
        }
    }

    @Test
    void dataTargetTablesAndKeys_andSourceTables_areRefusedOrLiteral() {
        List<Map<String, ?>> records = List.of(Map.of("id", 10, "name", "ten"));
        for (String name : HOSTILE) {
            attempt("data target table", name, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.migrateData(DataMigration.builder("hostile_t").source(RecordSource.of("rec", records))
                            .target(DataTarget.of(CORE, name, "id")).build());
                }
            });
            attempt("data target schema-qualified table", name, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.migrateData(DataMigration.builder("hostile_s").source(RecordSource.of("rec", records))
                            .target(DataTarget.of(CORE, name + ".dest", "id")).build());
                }
            });
            attempt("data target key", name, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.migrateData(DataMigration.builder("hostile_k").source(RecordSource.of("rec", records))
                            .target(DataTarget.of(CORE, "dest", name)).build());
                }
            });
            attempt("data source table", name, () -> {
                try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
                    return m.migrateData(DataMigration.builder("hostile_src").source(RecordSource.table(CORE, name))
                            .target(DataTarget.of(CORE, "dest", "id")).build());
                }
            });
            sql("DELETE FROM dest");
        }
    }

    @Test
    void dataMigration_intoAndOutOfHostileLiteralNames_quotesThemEverywhere() {
        String table = "x; DROP TABLE victim";
        String key = "a'b";
        String column = "x\" OR \"1\"=\"1";
        sql("CREATE TABLE " + q(table) + " (" + q(key) + " int primary key, " + q(column) + " varchar(50))");
        List<Map<String, ?>> records = List.of(Map.of(key, 1, column, "uno"), Map.of(key, 2, column, "dos"));
        DataMigrationOptions noBackup = DataMigrationOptions.builder().backup(false).build();
        try (MigrationManager m = builder().backupDirectory(dir.resolve("b")).build()) {
            // The automatic backup takes plain names only: refused, naming the table, before anything is written.
            assertThatThrownBy(() -> m.migrateData(DataMigration.builder("literal_backup").source(RecordSource.of("rec", records))
                            .target(DataTarget.of(CORE, table, key)).build()))
                    .isInstanceOf(DataMigrationException.class)
                    .hasMessageContaining(table);
            assertThat(rowCount(table)).isZero();
            m.migrateData(DataMigration.builder("literal_in").source(RecordSource.of("rec", records))
                    .target(DataTarget.of(CORE, table, key)).build(), noBackup);
            // Conflicts found by the quoted key, then upserted through the quoted names.
            m.migrateData(DataMigration.builder("literal_upsert")
                    .source(RecordSource.of("rec", List.of(Map.of(key, 2, column, "two"), Map.of(key, 1, column, "one"))))
                    .target(DataTarget.of(CORE, table, key)).conflict(ConflictStrategy.overwrite()).build(), noBackup);
            sql("CREATE TABLE copy_of (" + q(key) + " int primary key, " + q(column) + " varchar(50))");
            m.migrateData(DataMigration.builder("literal_out").source(RecordSource.table(CORE, table))
                    .target(DataTarget.of(CORE, "copy_of", key)).build(), noBackup);
        }
        assertThat(dump(table)).containsExactly("1|one", "2|two");
        assertThat(dump("copy_of")).containsExactly("1|one", "2|two");
        assertThat(rowCount("victim")).isEqualTo(3);
    }

    @Test
    void metadataLoaderSchemasAndTables_areRefusedOrLiteral() {
        for (String name : HOSTILE) {
            attempt("metadata loader schema", name, () -> {
                try (MetadataLoader loader = MetadataLoaders.open(
                        MetadataLoaderConfig.database("meta", db.url(), db.user(), db.password(), name))) {
                    return loader.list(MetadataQuery.all());
                }
            }, name);
            attempt("metadata loader table", name, () -> {
                try (MetadataLoader loader = MetadataLoaders.open(
                        MetadataLoaderConfig.database("meta", db.url(), db.user(), db.password(), null).withTable(name))) {
                    return loader.list(MetadataQuery.all());
                }
            });
        }
    }

    /** Runs an action with a hostile name; see {@link #attempt(String, String, Supplier, String...)}. */
    private void attempt(String what, String value, Supplier<?> action) {
        attempt(what, value, action, new String[0]);
    }

    /**
     * Runs an action with a hostile name: it must throw a typed error naming the value, or succeed treating it as a
     * literal name. Either way victim keeps its rows and the only new schemas are the literal ones allowed (dropped
     * again), the only new tables those in such schemas or named literally by the value.
     */
    private void attempt(String what, String value, Supplier<?> action, String... literalSchemas) {
        Set<String> schemasBefore = schemas();
        Set<String> tablesBefore = tables();
        Throwable thrown = null;
        try {
            action.get();
        } catch (Throwable t) {
            thrown = t;
        }
        String label = what + " '" + value + "'";
        System.out.println("HOSTILE " + kind + " " + label + " -> " + (thrown == null ? "accepted as a literal name"
                : thrown.getClass().getSimpleName() + ": " + thrown.getMessage()));
        if (thrown != null) {
            assertThat(thrown).as(label + " threw " + stackTrace(thrown))
                    .isInstanceOfAny(InvalidIdentifierException.class, ConfigurationException.class,
                            DataMigrationException.class, MetadataException.class, BackupException.class);
            if (!value.isEmpty() && value.length() <= 100) {
                assertThat(allMessages(thrown)).as(label + ": the error names the value").contains(value);
            }
        }
        assertThat(tableExists("victim")).as(label + ": victim still exists").isTrue();
        assertThat(rowCount("victim")).as(label + ": victim keeps its rows").isEqualTo(3);

        Set<String> allowed = new HashSet<>();
        for (String s : literalSchemas) {
            allowed.add(s);
            allowed.add(s.toLowerCase(Locale.ROOT));
        }
        Set<String> newSchemas = new HashSet<>(schemas());
        newSchemas.removeAll(schemasBefore);
        newSchemas.removeIf(s -> s.startsWith("mt_")); // other test databases on the shared server
        for (String s : newSchemas) {
            assertThat(allowed).as(label + ": unexpected schema " + s + " created").contains(s);
            registerSchema(s);
            dropNow(s);
        }
        Set<String> newTables = new HashSet<>(tables());
        newTables.removeAll(tablesBefore);
        newTables.removeIf(t -> t.startsWith("mt_"));
        for (String t : newTables) {
            String schema = t.substring(0, t.indexOf('\u0001'));
            String table = t.substring(t.indexOf('\u0001') + 1);
            boolean literal = allowed.contains(schema) || table.equals(value) || table.equals(HISTORY)
                    || table.equals("tgt_t") || table.equals("env_t") || table.equals(MetadataLoaderConfig.DEFAULT_TABLE)
                    || table.startsWith("migrator_");
            assertThat(literal).as(label + ": unexpected table " + schema + "." + table + " created").isTrue();
            if (table.equals(value)) {
                sql("DROP TABLE " + q(schema) + "." + q(table));
            }
        }
    }

    private void dropNow(String schema) {
        sql(postgres() ? "DROP SCHEMA IF EXISTS " + q(schema) + " CASCADE" : "DROP DATABASE IF EXISTS " + q(schema));
    }

    /** Schemas of the test database (PostgreSQL) or databases of the server (MariaDB). */
    private Set<String> schemas() {
        return new HashSet<>(queryStrings("SELECT schema_name FROM information_schema.schemata"));
    }

    /** schema \u0001 table of every table visible, system schemas left out. */
    private Set<String> tables() {
        return new HashSet<>(queryStrings("SELECT concat(table_schema, '\u0001', table_name) FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'mysql', 'performance_schema', 'sys')"));
    }

    // ================================================================ 3. backup ids

    @Test
    void backupIds_cannotEscapeTheStore() throws IOException {
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        Path outside = Files.writeString(dir.resolve("x"), "keep me");
        Path outsideManifest = Files.createDirectories(dir.resolve("x.d"));
        Files.writeString(outsideManifest.resolve("manifest.json"), "{}");
        try (MigrationManager m = track(builder().backupDirectory(store).build())) {
            m.backup(BackupRequest.builder().tables("victim").build());
            for (String id : List.of("../../x", "../x", "..", "/etc/passwd", "a/../../x", "..\\x")) {
                assertThatThrownBy(() -> m.restore(id, RestoreRequest.defaults()))
                        .as("restore " + id)
                        .isInstanceOfAny(BackupException.class, ConfigurationException.class, InvalidIdentifierException.class)
                        .hasMessageContaining(id);
                assertThatThrownBy(() -> m.backups().delete(id))
                        .as("delete " + id)
                        .isInstanceOfAny(BackupException.class, ConfigurationException.class, InvalidIdentifierException.class)
                        .hasMessageContaining(id);
            }
        }
        assertThat(outside).exists().hasContent("keep me");
        assertThat(outsideManifest.resolve("manifest.json")).exists();
        assertThat(rowCount("victim")).isEqualTo(3);
    }

    // ================================================================ 2. secrets

    private String role;
    private String password;

    @AfterEach
    void dropRole() {
        if (role == null) {
            return;
        }
        try {
            if (postgres()) {
                sql("DROP OWNED BY " + role + " CASCADE", "DROP ROLE IF EXISTS " + role);
            } else {
                sql("DROP USER IF EXISTS '" + role + "'@'%'");
            }
        } catch (RuntimeException e) {
            // best effort; the role name is unique
        }
    }

    private void createRole() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        role = "mig_sec_" + suffix;
        password = "Pw9" + suffix + "Xq7Secret";
        if (postgres()) {
            sql("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'",
                    "GRANT ALL PRIVILEGES ON DATABASE " + q(db.database()) + " TO " + role,
                    "GRANT ALL ON SCHEMA public TO " + role,
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
        } else {
            sql("CREATE USER '" + role + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT ALL PRIVILEGES ON " + q(db.database()) + ".* TO '" + role + "'@'%'");
        }
    }

    /** jdbc:postgresql:// or jdbc:mysql:// of the test database. */
    private String scheme() {
        return db.url().substring(0, db.url().indexOf("://") + 3);
    }

    private String withParam(String url, String param) {
        return url + (url.contains("?") ? "&" : "?") + param;
    }

    @Test
    void secrets_neverReachLogsErrorsResultsReportsOrManifests() throws Exception {
        createRole();
        String passphrase = "Phr4se-" + UUID.randomUUID().toString().substring(0, 8) + "-unique";
        String hostPart = db.url().substring(scheme().length());
        List<ConnectionConfig> configs = List.of(
                ConnectionConfig.of(CORE, db.url(), role, password),
                ConnectionConfig.of(CORE, scheme() + role + ":" + password + "@" + hostPart, null, null),
                ConnectionConfig.of(CORE, withParam(db.url(), "password=" + password), role, null));
        List<String> seen = new ArrayList<>();
        ConsoleCapture console = ConsoleCapture.start();
        try {
            int n = 0;
            for (ConnectionConfig config : configs) {
                n++;
                final int k = n;
                seen.add(config.toString());
                String history = "h_sec_" + n;
                String table = "sec_" + n;
                Path backups = dir.resolve("backups_" + n);
                Script ok = Script.of("1", "create_" + table, "CREATE TABLE " + table + " (id int primary key, name varchar(50))",
                        "DROP TABLE " + table);
                Script failing = Script.of("2", "failing", "INSERT INTO " + table + " VALUES (1, 'a');\nSELECT * FROM no_such_table_" + n, null);

                try (MigrationManager m = MigrationManager.builder().connection(config).historyTable(history)
                        .backupDirectory(backups).script(ok).build()) {
                    seen.add(String.valueOf(m.migrate()));
                    seen.add(String.valueOf(m.status()));
                    seen.add(String.valueOf(m.targets()));
                }
                try (MigrationManager m = MigrationManager.builder().connection(config).historyTable(history)
                        .backupDirectory(backups).script(ok).script(failing).build()) {
                    seen.add(expectFailure("failing script", m::migrate));
                    seen.add(String.valueOf(m.status()));
                }
                try (MigrationManager m = MigrationManager.builder().connection(config).historyTable(history)
                        .backupDirectory(backups).build()) {
                    sql("INSERT INTO " + table + " VALUES (7, 'seven')");
                    BackupManifest manifest = m.backup(BackupRequest.builder().tables(table)
                            .key(BackupKey.passphrase(passphrase)).label("sec").build());
                    seen.add(String.valueOf(manifest));
                    seen.add(String.valueOf(m.backups().list()));
                    seen.add(String.valueOf(m.verify(manifest.id())));
                    seen.add(expectFailure("wrong passphrase", () -> m.restore(manifest.id(),
                            RestoreRequest.builder().key(BackupKey.passphrase(passphrase + "-wrong")).build())));
                    seen.add(expectFailure("no passphrase", () -> m.restore(manifest.id(), RestoreRequest.defaults())));
                    seen.add(String.valueOf(m.restore(manifest.id(),
                            RestoreRequest.builder().key(BackupKey.passphrase(passphrase)).build())));

                    Path report = dir.resolve("report_" + n + ".json");
                    Path errors = dir.resolve("errors_" + n + ".jsonl");
                    DataMigration migration = DataMigration.builder("sec_data_" + n)
                            .source(RecordSource.of("rec", List.of(Map.of("id", 1, "name", "good"), Map.of("id", 2, "name", "bad"))))
                            .validate(r -> "bad".equals(r.get("name")) ? List.of("name is bad") : List.of())
                            .target(DataTarget.of(CORE, "dest", "id"))
                            .build();
                    seen.add(String.valueOf(m.migrateData(migration, DataMigrationOptions.builder().continueOnError(true)
                            .maxErrorRate(1.0).reportFile(report).errorLog(errors).build())));
                    assertThat(report).as("report file").exists();
                    assertThat(errors).as("error log with the rejected record").exists().content().contains("bad");
                    seen.add(String.valueOf(m.dataStatus(migration)));
                    seen.add(expectFailure("data migration failing", () -> m.migrateData(DataMigration.builder("sec_fail_" + k)
                                    .source(RecordSource.of("rec", List.of(Map.of("id", 3, "name", "bad"))))
                                    .validate(r -> List.of("always bad"))
                                    .target(DataTarget.of(CORE, "dest", "id")).build(),
                            DataMigrationOptions.builder().reportFile(dir.resolve("report_fail_" + k + ".json"))
                                    .errorLog(dir.resolve("errors_fail_" + k + ".jsonl")).build())));
                    sql("DELETE FROM dest");
                }
            }

            // Wrong port, the password in each form.
            String wrongPort = scheme() + "127.0.0.1:1/" + db.database();
            for (ConnectionConfig config : List.of(
                    ConnectionConfig.of(CORE, wrongPort, role, password),
                    ConnectionConfig.of(CORE, scheme() + role + ":" + password + "@127.0.0.1:1/" + db.database(), null, null),
                    ConnectionConfig.of(CORE, wrongPort + "?password=" + password, role, null))) {
                ConnectionConfig quick = config.withConnectTimeout(Duration.ofSeconds(2));
                seen.add(quick.toString());
                seen.add(expectFailure("wrong port", () -> {
                    try (MigrationManager m = MigrationManager.builder().connection(quick).script(createTable("1", "a")).build()) {
                        return m.migrate();
                    }
                }));
            }

            // A wrong password (refused by MariaDB; PostgreSQL's trust accepts it): it contains the real one.
            for (ConnectionConfig config : List.of(
                    ConnectionConfig.of(CORE, db.url(), role, password + "Wrong"),
                    ConnectionConfig.of(CORE, scheme() + role + ":" + password + "Wrong@" + hostPart, null, null))) {
                try (MigrationManager m = MigrationManager.builder().connection(config.withConnectTimeout(Duration.ofSeconds(3)))
                        .script(createTable("1", "wrong_pw")).build()) {
                    seen.add(String.valueOf(m.status()));
                } catch (MigratorException e) {
                    seen.add(allMessages(e) + "\n" + stackTrace(e));
                }
            }

            // A metadata loader with the password in the URL and separately.
            for (MetadataLoaderConfig config : List.of(
                    MetadataLoaderConfig.database("meta", db.url(), role, password, null),
                    MetadataLoaderConfig.database("meta", withParam(db.url(), "password=" + password), role, null, null))) {
                seen.add(config.toString());
                try (MetadataLoader loader = MetadataLoaders.open(config)) {
                    seen.add(String.valueOf(loader.list(MetadataQuery.all())));
                    seen.add(loader.toString());
                }
            }
            seen.add(expectFailure("metadata wrong port", () -> {
                try (MetadataLoader loader = MetadataLoaders.open(MetadataLoaderConfig.database("meta",
                        wrongPort + "?password=" + password + "&connectTimeout=2000", role, password, null))) {
                    return loader.list(MetadataQuery.all());
                }
            }));
        } finally {
            console.close();
        }
        String logs = console.text();

        StringBuilder files = new StringBuilder();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.append("\n== ").append(p).append('\n')
                        .append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(logs).as("the capture saw the library's log lines").contains(": applied V1__create_sec_1");
        assertThat(files.toString()).as("backup manifests, data and reports were written").contains("manifest");
        // What the library stored in the database: history, checkpoints, metadata rows.
        StringBuilder stored = new StringBuilder();
        for (String table : queryStrings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                defaultSchema())) {
            stored.append(table).append(": ").append(dump(defaultSchema(), table)).append('\n');
        }
        assertThat(stored.toString()).as("the history tables were read").contains("h_sec_1");
        for (String secret : List.of(password, passphrase)) {
            assertThat(stored.toString()).as("rows stored in the database").doesNotContain(secret);
            assertThat(logs).as("log output").doesNotContain(secret);
            for (String s : seen) {
                assertThat(s).as("exception or result text").doesNotContain(secret);
            }
            assertThat(files.toString()).as("files written (manifests, reports, error logs)").doesNotContain(secret);
        }
    }
}
