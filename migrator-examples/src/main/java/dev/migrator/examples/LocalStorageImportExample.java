package dev.migrator.examples;

import dev.migrator.api.ConflictResolver;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataRecord;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.api.Transforms;
import dev.migrator.cli.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A browser's {@code localStorage} export imported into PostgreSQL: the keys {@code tasks} and {@code environments}
 * hold arrays, and every {@code formData:<form>} key one form's saved fields, each as a string holding JSON as a browser
 * stores them; {@code theme} is left out. On the way fields are renamed ({@code createdAt} → {@code created_at}), task
 * statuses mapped ({@code todo} → {@code pending}, {@code in-progress} → {@code in_progress}, {@code done} →
 * {@code completed}), the user's id added ({@link Transforms#constant}) and new ULIDs given, keeping the browser's id in
 * {@code legacy_id}.
 *
 * <p>The server already holds some of the user's records (synced earlier from another device), so there are
 * conflicts, found by {@code (user_id, legacy_id)}: tasks keep the newer by {@code updated_at}; environments go through
 * a custom resolver that keeps the server's name and merges the config objects; forms are overwritten. A dry run
 * first prints what would be written and every conflict, then the import runs with a progress bar (percent,
 * records/s, ETA; plain lines when the output is not a terminal) and prints its report.
 *
 * <p>Run it:
 *
 * <pre>{@code
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.LocalStorageImportExample
 * mvn -q -B -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.LocalStorageImportExample -Dexec.args=export.json
 * }</pre>
 *
 * <p>Which export: the file given as the first argument, else a generated one with {@value #SAMPLE_TASKS} tasks.
 * Which database: {@code MIGRATOR_URL} / {@code DATABASE_URL} as {@link StartupExample} reads them, else an embedded
 * PostgreSQL started for this run; the tables are created in schema {@code app} by the example's own migrations, and
 * the backup taken before the first write goes to a temporary folder.
 */
public final class LocalStorageImportExample {

    /** The user every imported record belongs to. */
    static final String USER_ID = "user_42";

    /** Tasks in the generated export. */
    static final int SAMPLE_TASKS = 20_000;

    private LocalStorageImportExample() {}

    public static void main(String[] args) throws IOException {
        try (ExampleDatabase started = ExampleDatabase.start()) {
            StartupExample.Database database = started.database();
            Path work = Files.createTempDirectory("migrator-local-storage-");
            Path export;
            if (args.length > 0) {
                export = Path.of(args[0]);
            } else {
                export = work.resolve("localStorage-export.json");
                writeSampleExport(export, SAMPLE_TASKS);
                System.out.println("No export given: wrote a sample with " + SAMPLE_TASKS + " tasks to " + export);
            }
            System.out.println("Database: " + database.maskedUrl());
            System.out.println();
            importExport(export, database, work.resolve("backups"), System.out, System.console() != null);
        }
    }

    /**
     * What the example did.
     *
     * @param dryRun the dry run's report
     * @param run the import's report
     * @param conflicts what the environments' resolver decided, in the dry run and then in the run
     */
    record Import(DataMigrationResult dryRun, DataMigrationResult run, List<String> conflicts) {}

    /** Creates the tables, adds the server's records, then the dry run, the import with progress, and the report. */
    static Import importExport(Path export, StartupExample.Database database, Path backups, PrintStream out,
            boolean terminal) {
        try (MigrationManager manager = MigrationManager.builder()
                .connection("app", database.url(), database.user(), database.password())
                .scripts(appSchema())
                .backupDirectory(backups)
                .build()) {
            manager.migrate(Target.of("app", "app"));
            addServerRecords(database);

            List<String> decisions = Collections.synchronizedList(new ArrayList<>());
            DataMigration migration = migration(export, decisions, out);

            out.println("== Dry run: nothing is written ==");
            // tag::dry-run[]
            DataMigrationResult dry = manager.data().migrate(migration, options().dryRun(true).build());
            // end::dry-run[]
            out.printf(Locale.ROOT, "Would write %d of %d records (%d skipped, %d rejected)%n", dry.written(), dry.read(),
                    dry.skipped(), dry.failed());
            printTypes(dry, out);
            out.println("Conflicts with the server's records: " + new TreeMap<>(dry.conflicts()));

            out.println();
            out.println("== Import ==");
            // A JSON file cannot tell how many records it holds; the dry run just counted them.
            Progress progress = Progress.on(out, terminal, dry.read());
            // tag::run[]
            DataMigrationResult run = manager.data().migrate(migration, options().listener(progress).build());
            // end::run[]
            progress.finish();
            out.println();
            out.println("== Report ==");
            out.printf(Locale.ROOT, "Read %d, written %d, skipped %d, rejected %d in %.1f s (%,.0f records/s)%n",
                    run.read(), run.written(), run.skipped(), run.failed(), run.duration().toMillis() / 1000.0,
                    run.recordsPerSecond());
            printTypes(run, out);
            out.println("Conflicts: " + new TreeMap<>(run.conflicts()));
            out.println("Backup taken before the first write: " + run.backupId().orElse("none"));
            run.verification().ifPresent(v -> out.println("Verification: " + (v.isValid() ? "passed " : v.problems() + " ")
                    + v.tables().stream().map(t -> t.table() + " " + t.targetRows() + " rows").toList()));
            run.rejections().forEach(r -> out.println("Rejected " + r.type() + " at " + r.position() + ": " + r.reason()));
            return new Import(dry, run, List.copyOf(decisions));
        }
    }

    /** The import: the source, the transforms in order, a target and a conflict strategy per record type. */
    static DataMigration migration(Path export, List<String> decisions, PrintStream out) {
        // tag::migration[]
        return DataMigration.builder("import_local_storage_" + USER_ID)
                .source(RecordSource.jsonFile(export))
                // formData:<form> keys: one record each, holding the form's saved fields; its own row keyed by form.
                .transform(r -> r.type().startsWith("formData:")
                        ? DataRecord.of(r.type(), Map.of("form_key", r.type().substring("formData:".length()), "data", r.fields()))
                        : r)
                .transform(Transforms.rename("createdAt", "created_at"))
                .transform(Transforms.rename("updatedAt", "updated_at"))
                .transform(Transforms.forType("tasks", Transforms.mapValues("status",
                        Map.of("todo", "pending", "in-progress", "in_progress", "done", "completed"), true)))
                .transform(Transforms.forType("environments", Transforms.rename("isActive", "is_active")))
                .transform(Transforms.forType("environments", Transforms.constant("schema_version", 2)))
                .transform(Transforms.constant("user_id", USER_ID))
                .transform(Transforms.forType("tasks", Transforms.newId("id", Transforms.IdKind.ULID, "legacy_id")))
                .transform(Transforms.forType("environments", Transforms.newId("id", Transforms.IdKind.ULID, "legacy_id")))
                .transform(Transforms.toTimestamp("created_at"))
                .transform(Transforms.toTimestamp("updated_at"))
                // A record is the same as the server's when the user and the browser's id agree: a unique key.
                .target("tasks", DataTarget.of("app", "app.tasks", "user_id", "legacy_id"))
                .target("environments", DataTarget.of("app", "app.environments", "user_id", "legacy_id"))
                .target(DataTarget.of("app", "app.form_data", "user_id", "form_key"))
                .conflict("tasks", ConflictStrategy.newest("updated_at"))
                .conflict("environments", ConflictStrategy.resolveWith(c -> keepNameMergeConfig(c, decisions, out)))
                .conflict(ConflictStrategy.overwrite())
                .build();
        // end::migration[]
    }

    /**
     * The environments' resolver: the server's record (its id and the name the user gave it there) with the two configs
     * merged, the browser's values winning for keys both have. Prints config keys only: values may be tokens.
     */
    static ConflictResolver.Resolution keepNameMergeConfig(ConflictResolver.Conflict c, List<String> decisions,
            PrintStream out) {
        Map<String, Object> existing = asMap(c.existing().get("config"));
        Map<String, Object> incoming = asMap(c.incoming().get("config"));
        Map<String, Object> merged = new LinkedHashMap<>(existing);
        merged.putAll(incoming);
        String decision = String.format(Locale.ROOT, "environment %s: keeps the server's name '%s' (the browser has '%s');"
                        + " config keys %s + %s -> %s", c.key().get("legacy_id"), c.existing().get("name"),
                c.incoming().get("name"), new TreeSet<>(existing.keySet()), new TreeSet<>(incoming.keySet()),
                new TreeSet<>(merged.keySet()));
        decisions.add(decision);
        out.println("  resolver: " + decision);
        return new ConflictResolver.Resolution.Write(c.existing().with("config", merged), "kept_name_merged_config");
    }

    /**
     * A JSON object as a map. Both sides of a conflict carry JSON objects as {@code Map}s (the export's, and the
     * {@code jsonb} column's, parsed by the library); text holding JSON is parsed too, for a column declared as text.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        if (json instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (json == null) {
            return Map.of();
        }
        if (json instanceof String text && text.strip().startsWith("{")) {
            return new LinkedHashMap<>(org.bson.Document.parse(text));
        }
        throw new IllegalArgumentException("config is not a JSON object but " + json.getClass().getSimpleName());
    }

    private static DataMigrationOptions.Builder options() {
        // tag::options[]
        return DataMigrationOptions.builder()
                .batchSize(500)
                // The browser's theme is not stored on the server.
                .excludeTypes("theme")
                // An export is imported whole each time: the conflict strategies decide what an import again changes.
                // Without restart, a second import of the same name would resume after the last record of the first.
                .restart(true);
        // end::options[]
    }

    private static void printTypes(DataMigrationResult r, PrintStream out) {
        new TreeMap<>(r.types()).forEach((type, c) -> out.printf(Locale.ROOT,
                "  %-20s read %6d  %s %6d  skipped %4d  rejected %d%n", type, c.read(),
                r.dryRun() ? "would write" : "written", c.written(), c.skipped(), c.failed()));
    }

    /** The tables the import writes, created by the application's own schema migrations. */
    static List<Script> appSchema() {
        return List.of(
                Script.builder("1", "create_tasks").connection("app").schema("app").up("""
                        CREATE TABLE tasks (
                            id         VARCHAR(26) PRIMARY KEY,
                            legacy_id  TEXT        NOT NULL,
                            user_id    TEXT        NOT NULL,
                            title      TEXT        NOT NULL,
                            status     TEXT        NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed')),
                            created_at TIMESTAMPTZ NOT NULL,
                            updated_at TIMESTAMPTZ NOT NULL,
                            CONSTRAINT tasks_user_legacy UNIQUE (user_id, legacy_id)
                        );
                        """).down("DROP TABLE tasks").build(),
                Script.builder("2", "create_environments").connection("app").schema("app").up("""
                        CREATE TABLE environments (
                            id             VARCHAR(26) PRIMARY KEY,
                            legacy_id      TEXT        NOT NULL,
                            user_id        TEXT        NOT NULL,
                            name           TEXT        NOT NULL,
                            description    TEXT,
                            config         JSONB       NOT NULL DEFAULT '{}',
                            is_active      BOOLEAN     NOT NULL DEFAULT true,
                            schema_version INT         NOT NULL DEFAULT 1,
                            created_at     TIMESTAMPTZ,
                            updated_at     TIMESTAMPTZ,
                            CONSTRAINT environments_user_legacy UNIQUE (user_id, legacy_id)
                        );
                        """).down("DROP TABLE environments").build(),
                Script.builder("3", "create_form_data").connection("app").schema("app").up("""
                        CREATE TABLE form_data (
                            user_id  TEXT  NOT NULL,
                            form_key TEXT  NOT NULL,
                            data     JSONB NOT NULL,
                            PRIMARY KEY (user_id, form_key)
                        );
                        """).down("DROP TABLE form_data").build());
    }

    /**
     * What the server already holds for the user, from another device: task-00001 older than the browser's copy,
     * task-00002 newer, the environment env-1 renamed on the server with other config keys, and the signup form.
     */
    static void addServerRecords(StartupExample.Database database) {
        Properties props = new Properties();
        if (database.user() != null) {
            props.setProperty("user", database.user());
        }
        if (database.password() != null) {
            props.setProperty("password", database.password());
        }
        try (Connection c = DriverManager.getConnection(database.url(), props); Statement s = c.createStatement()) {
            s.execute("INSERT INTO app.tasks VALUES"
                    + " ('01HSERVERTASK0000000000001', 'task-00001', '" + USER_ID + "', 'Old title from the phone', 'pending',"
                    + " '2025-01-01T09:00:00Z', '2025-01-01T09:00:00Z'),"
                    + " ('01HSERVERTASK0000000000002', 'task-00002', '" + USER_ID + "', 'Edited on the phone', 'completed',"
                    + " '2025-01-01T09:00:00Z', '2030-01-01T09:00:00Z')"
                    + " ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO app.environments (id, legacy_id, user_id, name, config) VALUES"
                    + " ('01HSERVERENV00000000000001', 'env-1', '" + USER_ID + "', 'Production (EU)',"
                    + " '{\"region\": \"eu-west-1\", \"webhookUrl\": \"https://hooks.example.com/prod\"}')"
                    + " ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO app.form_data VALUES ('" + USER_ID + "', 'signup',"
                    + " '{\"email\": \"old@example.com\", \"step\": 1}') ON CONFLICT DO NOTHING");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot add the server's records on " + database.maskedUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A localStorage export as a browser extension would save it: every value a string holding JSON. */
    static void writeSampleExport(Path file, int tasks) throws IOException {
        String[] statuses = {"todo", "in-progress", "done"};
        StringBuilder t = new StringBuilder("[");
        for (int i = 1; i <= tasks; i++) {
            t.append(i == 1 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"id\":\"task-%05d\",\"title\":\"Task %d\",\"status\":\"%s\","
                            + "\"createdAt\":\"2025-02-01T10:00:00Z\",\"updatedAt\":\"2025-03-%02dT10:00:00Z\"}",
                    i, i, statuses[i % 3], 1 + i % 28));
        }
        t.append(']');
        String environments = "[{\"id\":\"env-1\",\"name\":\"Production\",\"isActive\":true,"
                + "\"config\":{\"region\":\"eu-central-1\",\"githubToken\":\"ghp_exampleNotARealToken\"},"
                + "\"createdAt\":\"2025-01-10T08:00:00Z\",\"updatedAt\":\"2025-03-01T08:00:00Z\"},"
                + "{\"id\":\"env-2\",\"name\":\"Staging\",\"isActive\":false,\"config\":{\"region\":\"eu-central-1\"},"
                + "\"createdAt\":\"2025-01-11T08:00:00Z\",\"updatedAt\":\"2025-01-11T08:00:00Z\"}]";
        String export = "{\n"
                + "  \"tasks\": " + quote(t.toString()) + ",\n"
                + "  \"environments\": " + quote(environments) + ",\n"
                + "  \"formData:signup\": " + quote("{\"email\":\"ada@example.com\",\"step\":3,\"newsletter\":true}") + ",\n"
                + "  \"formData:profile\": " + quote("{\"displayName\":\"Ada\",\"timezone\":\"Europe/London\"}") + ",\n"
                + "  \"theme\": \"dark\"\n"
                + "}\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, export);
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
