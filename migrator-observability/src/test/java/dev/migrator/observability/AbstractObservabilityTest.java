package dev.migrator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackupException;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.api.RestoreResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptFailedException;
import dev.migrator.api.ValidationException;
import dev.migrator.jdbc.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics and traces of real runs, recorded into Micrometer's and OpenTelemetry's in-memory registry and exporter. */
abstract class AbstractObservabilityTest {

    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

    @TempDir
    Path backups;

    TestDatabase database;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider tracerProvider;
    OpenTelemetrySdk openTelemetry;

    /** A fresh database. */
    abstract TestDatabase createDatabase();

    /** The schema the default target resolves to. */
    abstract String schema();

    @BeforeEach
    void setUp() {
        database = createDatabase();
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    }

    @AfterEach
    void tearDown() {
        tracerProvider.close();
        database.close();
    }

    MigrationManager.Builder builder() {
        // tag::explicit-binding[]
        return MigrationManager.builder()
                .connection("core", database.url(), database.user(), database.password())
                .backupDirectory(backups)
                .listener(MigratorMetrics.bindTo(registry))
                .listener(MigratorTracing.of(openTelemetry));
        // end::explicit-binding[]
    }

    static List<Script> threeScripts() {
        return List.of(
                Script.of("1", "create_a", "CREATE TABLE a (id INT PRIMARY KEY)", null),
                Script.of("2", "create_items", "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20));\n"
                        + "INSERT INTO items (id, name) VALUES (1, 'one')", null),
                Script.of("3", "create_c", "CREATE TABLE c (id INT PRIMARY KEY)", null));
    }

    @Test
    void migrate_threeScriptsThenAFailingOne_countsTimesAndTracesEachScript() {
        try (MigrationManager m = builder()
                .scripts(threeScripts())
                .script(Script.of("4", "broken", "INSERT INTO no_such_table (id) VALUES (1)", null))
                .build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(ScriptFailedException.class);
        }

        assertThat(registry.get("migrator.scripts.applied").tags("connection", "core", "direction", "up", "outcome",
                "success").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("migrator.scripts.applied").tags("connection", "core", "direction", "up", "outcome",
                "failure").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("migrator.script.duration").tags("outcome", "success").timer().count()).isEqualTo(3);
        assertThat(registry.get("migrator.script.duration").tags("outcome", "failure").timer().count()).isEqualTo(1);
        assertThat(registry.get("migrator.run.duration").tags("operation", "migrate", "outcome", "failure").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("migrator.lock.wait").tags("connection", "core").timer().count()).isEqualTo(1);
        assertThat(registry.find("migrator.run.duration").tags("outcome", "success").timer()).isNull();

        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactly("migrator.script", "migrator.script",
                "migrator.script", "migrator.script", "migrator.target", "migrator.migrate");
        SpanData run = spans.get(5);
        SpanData target = spans.get(4);
        List<SpanData> scripts = spans.subList(0, 4);
        assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(run.getAttributes().get(MigratorTracing.OPERATION)).isEqualTo("migrate");
        assertThat(run.getAttributes().get(MigratorTracing.TARGETS)).containsExactly("core/" + schema());
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(run.getEvents()).extracting(e -> e.getName()).containsExactly("migrator.lock.acquired", "exception");
        assertThat(run.getEvents().get(1).getAttributes().get(EXCEPTION_TYPE))
                .isEqualTo(ScriptFailedException.class.getName());

        assertThat(target.getParentSpanId()).isEqualTo(run.getSpanId());
        assertThat(target.getTraceId()).isEqualTo(run.getTraceId());
        assertThat(target.getAttributes().get(MigratorTracing.TARGET)).isEqualTo("core/" + schema());
        assertThat(target.getAttributes().get(MigratorTracing.PENDING)).isEqualTo(4L);
        assertThat(target.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(target.getAttributes().get(MigratorTracing.ERROR_CODE)).isEqualTo("SCRIPT_FAILED");

        assertThat(scripts).allSatisfy(s -> {
            assertThat(s.getParentSpanId()).isEqualTo(target.getSpanId());
            assertThat(s.getAttributes().get(MigratorTracing.DIRECTION)).isEqualTo("up");
        });
        assertThat(scripts).extracting(s -> s.getAttributes().get(MigratorTracing.VERSION))
                .containsExactly("1", "2", "3", "4");
        assertThat(scripts).extracting(s -> s.getAttributes().get(MigratorTracing.NAME))
                .containsExactly("create_a", "create_items", "create_c", "broken");
        assertThat(scripts).extracting(s -> s.getAttributes().get(MigratorTracing.STATEMENTS))
                .containsExactly(1L, 2L, 1L, 1L);
        assertThat(scripts).extracting(s -> s.getStatus().getStatusCode())
                .containsExactly(StatusCode.UNSET, StatusCode.UNSET, StatusCode.UNSET, StatusCode.ERROR);
        assertThat(scripts.subList(0, 3)).allSatisfy(s -> {
            assertThat(s.getAttributes().get(MigratorTracing.DURATION_MS)).isNotNull();
            assertThat(s.getEvents()).isEmpty();
        });
        assertThat(scripts.get(3).getAttributes().get(MigratorTracing.ERROR_CODE)).isEqualTo("SCRIPT_FAILED");
        assertThat(scripts.get(3).getEvents()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(e.getAttributes().get(EXCEPTION_TYPE)).isEqualTo(ScriptFailedException.class.getName());
        });
    }

    @Test
    void migrate_failingBeforeAnyScript_failsTheRunSpanAlone() {
        try (MigrationManager m = builder().script(Script.of("1", "create_a", "CREATE TABLE a (id INT)", null)).build()) {
            m.migrate();
        }
        exporter.reset();

        try (MigrationManager edited = builder()
                .script(Script.of("1", "create_a", "CREATE TABLE a (id BIGINT)", null))
                .build()) {
            assertThatThrownBy(edited::migrate).isInstanceOf(ValidationException.class);
        }

        assertThat(registry.get("migrator.run.duration").tags("operation", "migrate", "outcome", "failure").timer()
                .count()).isEqualTo(1);
        assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies(run -> {
            assertThat(run.getName()).isEqualTo("migrator.migrate");
            assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(run.getAttributes().get(MigratorTracing.ERROR_CODE)).isEqualTo("CHECKSUM_MISMATCH");
            assertThat(run.getEvents()).singleElement().satisfies(e -> assertThat(e.getAttributes().get(EXCEPTION_TYPE))
                    .isEqualTo(ValidationException.class.getName()));
        });
    }

    @Test
    void rollback_tracesARollbackRunWithDownScripts() {
        try (MigrationManager m = builder()
                .script(Script.of("1", "create_a", "CREATE TABLE a (id INT PRIMARY KEY)", "DROP TABLE a"))
                .build()) {
            m.migrate();
            exporter.reset();

            m.rollback(1);
        }

        assertThat(registry.get("migrator.scripts.applied").tags("direction", "down", "outcome", "success").counter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("migrator.run.duration").tags("operation", "rollback", "outcome", "success").timer()
                .count()).isEqualTo(1);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactly("migrator.script", "migrator.rollback");
        assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
        assertThat(spans.get(0).getAttributes().get(MigratorTracing.DIRECTION)).isEqualTo("down");
        assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void backupAndDataMigration_recordBytesRowsAndProgress() {
        try (MigrationManager m = builder().scripts(threeScripts()).build()) {
            m.migrate();
            exporter.reset();

            BackupManifest manifest = m.backupOperations().backup(BackupRequest.builder().tables("items").build());
            List<Map<String, Object>> records = IntStream.rangeClosed(2, 6)
                    .mapToObj(i -> Map.<String, Object>of("id", i, "name", "n" + i))
                    .toList();
            DataMigrationResult result = m.data().migrate(DataMigration.builder("load_items")
                    .source(RecordSource.of("items", records))
                    .target(DataTarget.of("core", "items", "id"))
                    .build());

            assertThat(manifest.byteSize()).isPositive();
            assertThat(result.written()).isEqualTo(5);
            // Two backups: the one asked for, and the one the data migration took before writing.
            assertThat(registry.get("migrator.backup.bytes").tags("connection", "core").summary().count())
                    .isEqualTo(2);
            assertThat(registry.get("migrator.backup.bytes").summary().max()).isPositive();

            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertThat(spans).extracting(SpanData::getName).containsExactly("migrator.backup", "migrator.backup",
                    "migrator.data");
            SpanData asked = spans.get(0);
            assertThat(asked.getParentSpanId()).isEqualTo(SpanId.getInvalid());
            assertThat(asked.getAttributes().get(MigratorTracing.BACKUP_ID)).isEqualTo(manifest.id());
            assertThat(asked.getAttributes().get(MigratorTracing.BACKUP_BYTES)).isEqualTo(manifest.byteSize());
            assertThat(asked.getAttributes().get(MigratorTracing.BACKUP_ROWS)).isEqualTo(1L);
            SpanData data = spans.get(2);
            assertThat(spans.get(1).getParentSpanId()).isEqualTo(data.getSpanId());
            assertThat(spans.get(1).getAttributes().get(MigratorTracing.BACKUP_ID)).isEqualTo(result.backupId().get());
            assertThat(data.getAttributes().get(MigratorTracing.MIGRATION)).isEqualTo("load_items");
            assertThat(data.getAttributes().get(MigratorTracing.READ)).isEqualTo(5L);
            assertThat(data.getAttributes().get(MigratorTracing.WRITTEN)).isEqualTo(5L);
            assertThat(data.getAttributes().get(MigratorTracing.SKIPPED)).isEqualTo(0L);
            assertThat(data.getAttributes().get(MigratorTracing.FAILED)).isEqualTo(0L);
            assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }

        assertThat(registry.get("migrator.data.rows").tags("migration", "load_items", "kind", "read").counter().count())
                .isEqualTo(5.0);
        assertThat(registry.get("migrator.data.rows").tags("migration", "load_items", "kind", "written").counter()
                .count()).isEqualTo(5.0);
        assertThat(registry.get("migrator.data.rows").tags("migration", "load_items", "kind", "skipped").counter()
                .count()).isEqualTo(0.0);
        assertThat(registry.get("migrator.data.rows").tags("migration", "load_items", "kind", "failed").counter()
                .count()).isEqualTo(0.0);
        assertThat(registry.get("migrator.data.duration").tags("migration", "load_items", "outcome", "success").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("migrator.data.progress").tags("migration", "load_items").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void dataMigration_failing_recordsItsPartialCountsAndAFailedSpan() {
        try (MigrationManager m = builder().scripts(threeScripts()).build()) {
            m.migrate();
            exporter.reset();

            // Record 1 is already there (script 2 inserted it) and conflicts fail the run.
            assertThatThrownBy(() -> m.data().migrate(DataMigration.builder("clash")
                            .source(RecordSource.of("items", List.of(Map.of("id", 1, "name", "again"))))
                            .target(DataTarget.of("core", "items", "id"))
                            .conflict(ConflictStrategy.fail())
                            .build()))
                    .isInstanceOfSatisfying(DataMigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_CONFLICT));
        }

        assertThat(registry.get("migrator.data.duration").tags("migration", "clash", "outcome", "failure").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("migrator.data.rows").tags("migration", "clash", "kind", "read").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("migrator.data.rows").tags("migration", "clash", "kind", "written").counter().count())
                .isEqualTo(0.0);
        SpanData data = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("migrator.data"))
                .findFirst()
                .orElseThrow();
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(data.getAttributes().get(MigratorTracing.ERROR_CODE)).isEqualTo("DATA_CONFLICT");
        assertThat(data.getAttributes().get(MigratorTracing.WRITTEN)).isEqualTo(0L);
        assertThat(data.getEvents()).singleElement().satisfies(e -> assertThat(e.getAttributes().get(EXCEPTION_TYPE))
                .isEqualTo(DataMigrationException.class.getName()));
    }

    @Test
    void restore_recordsDurationRowsAndASpan_andAFailedRestoreAsFailure() throws Exception {
        try (MigrationManager m = builder().scripts(threeScripts()).build()) {
            m.migrate();
            BackupManifest manifest = m.backupOperations().backup(BackupRequest.builder().tables("items").build());
            exporter.reset();

            RestoreResult restored = m.backupOperations().restore(manifest.id(), RestoreRequest.defaults());

            assertThat(restored.rowCount()).isEqualTo(1);
            assertThat(registry.get("migrator.restore.duration").tags("connection", "core", "outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get("migrator.restore.rows").tags("connection", "core").counter().count())
                    .isEqualTo(1.0);
            SpanData span = exporter.getFinishedSpanItems().get(0);
            assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("migrator.restore");
            assertThat(span.getParentSpanId()).isEqualTo(SpanId.getInvalid());
            assertThat(span.getAttributes().get(MigratorTracing.TARGET)).isEqualTo("core");
            assertThat(span.getAttributes().get(MigratorTracing.BACKUP_ID)).isEqualTo(manifest.id());
            assertThat(span.getAttributes().get(MigratorTracing.RESTORE_TABLES)).isEqualTo(1L);
            assertThat(span.getAttributes().get(MigratorTracing.RESTORE_ROWS)).isEqualTo(1L);
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            exporter.reset();

            // The table the backup holds is gone: nothing can be loaded.
            try (Connection c = database.connect(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE items");
            }
            assertThatThrownBy(() -> m.backupOperations().restore(manifest.id(), RestoreRequest.defaults()))
                    .isInstanceOfSatisfying(BackupException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_MISMATCH));

            assertThat(registry.get("migrator.restore.duration").tags("connection", "core", "outcome", "failure")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get("migrator.restore.rows").tags("connection", "core").counter().count())
                    .isEqualTo(1.0);
            SpanData failed = exporter.getFinishedSpanItems().get(0);
            assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("migrator.restore");
            assertThat(failed.getAttributes().get(MigratorTracing.BACKUP_ID)).isEqualTo(manifest.id());
            assertThat(failed.getAttributes().get(MigratorTracing.RESTORE_ROWS)).isEqualTo(0L);
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getAttributes().get(MigratorTracing.ERROR_CODE)).isEqualTo("RESTORE_MISMATCH");
            assertThat(failed.getEvents()).singleElement().satisfies(e -> assertThat(e.getAttributes()
                    .get(EXCEPTION_TYPE)).isEqualTo(BackupException.class.getName()));
        }
    }

    @Test
    void dataMigration_failingPastItsErrorRate_tracesItsOwnRestoreUnderItsSpan() {
        try (MigrationManager m = builder().scripts(threeScripts()).build()) {
            m.migrate();
            exporter.reset();
            List<Map<String, Object>> records = IntStream.rangeClosed(2, 301)
                    .mapToObj(i -> Map.<String, Object>of("id", i % 3 == 0 ? "not a number" : String.valueOf(i),
                            "name", "n" + i))
                    .toList();

            assertThatThrownBy(() -> m.data().migrate(DataMigration.builder("rate")
                            .source(RecordSource.of("items", records))
                            .target(DataTarget.of("core", "items", "id"))
                            .build(),
                    DataMigrationOptions.builder().batchSize(50).continueOnError(true).maxErrorRate(0.2).build()))
                    .isInstanceOfSatisfying(DataMigrationException.class,
                            e -> assertThat(e.result().restored()).isTrue());
        }

        assertThat(registry.get("migrator.restore.duration").tags("connection", "core", "outcome", "success").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("migrator.restore.rows").tags("connection", "core").counter().count()).isEqualTo(1.0);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactly("migrator.backup", "migrator.restore",
                "migrator.data");
        assertThat(spans.get(1).getParentSpanId()).isEqualTo(spans.get(2).getSpanId());
        assertThat(spans.get(1).getAttributes().get(MigratorTracing.BACKUP_ID))
                .isEqualTo(spans.get(0).getAttributes().get(MigratorTracing.BACKUP_ID));
        assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
}
