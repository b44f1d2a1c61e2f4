package dev.migrator.mongo.it;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.migrator.jdbc.testing.Failures.expectFailure;

import dev.migrator.api.BackupKey;
import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.RestoreRequest;
import dev.migrator.jdbc.testing.ConsoleCapture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On MongoDB, passwords (in the URI or given apart) and backup passphrases never reach a log line, an exception
 * message or stack trace, a result, a report, a manifest or a file in the backup folder. The in-process test server
 * has no authentication, so the credentialed connections here are the failure paths a user meets: a server that
 * refuses the login, and one that cannot be reached.
 */
class MongoSecretsNeverShownTest extends MongoItSupport {

    private static final String PASSWORD = "M0ngo-Pw-4417-unique";
    private static final String PASSPHRASE = "Phr4se-Mongo-9932-unique";

    @TempDir
    Path dir;

    @Test
    void secrets_neverReachLogsErrorsResultsReportsOrManifests() throws Exception {
        write("V1__create_items.json", "[{\"createCollection\": \"items\"}]");
        write("V2__broken.json", "[{\"insert\": \"items\", \"documents\": [{\"_id\": 1}]}, {\"noSuchCommand\": 1}]");
        List<String> seen = new ArrayList<>();
        ConsoleCapture console = ConsoleCapture.start();
        org.slf4j.LoggerFactory.getLogger(MongoSecretsNeverShownTest.class).error("log capture check");
        Path backups = dir.resolve("backups");
        int port = freePort();
        try {
            try (MigrationManager m = builder().backupDirectory(backups).build()) {
                seen.add(String.valueOf(m.migrateTo("1")));
                seen.add(String.valueOf(m.status()));
            }
            try (MigrationManager m = builder().backupDirectory(backups).build()) {
                seen.add(expectFailure("failing script", m::migrate));
                db.database().getCollection("items").insertOne(new org.bson.Document("_id", 7).append("v", "seven"));
                BackupManifest manifest = m.backup(BackupRequest.builder().key(BackupKey.passphrase(PASSPHRASE)).label("sec").build());
                seen.add(String.valueOf(manifest));
                seen.add(String.valueOf(m.backups().list()));
                seen.add(String.valueOf(m.verify(manifest.id())));
                seen.add(expectFailure("wrong passphrase", () -> m.restore(manifest.id(),
                        RestoreRequest.builder().key(BackupKey.passphrase(PASSPHRASE + "-wrong")).build())));
                seen.add(expectFailure("no passphrase", () -> m.restore(manifest.id(), RestoreRequest.defaults())));
                seen.add(String.valueOf(m.restore(manifest.id(), RestoreRequest.builder().key(BackupKey.passphrase(PASSPHRASE)).build())));

                db.database().createCollection("dest");
                Path report = dir.resolve("report.json");
                DataMigration migration = DataMigration.builder("sec_data")
                        .source(RecordSource.of("rec", List.of(Map.of("_id", 1, "name", "good"), Map.of("_id", 2, "name", "bad"))))
                        .validate(r -> "bad".equals(r.get("name")) ? List.of("name is bad") : List.of())
                        .target(DataTarget.of("mongo", "dest", "_id"))
                        .build();
                seen.add(String.valueOf(m.migrateData(migration, DataMigrationOptions.builder().continueOnError(true)
                        .maxErrorRate(1.0).reportFile(report).errorLog(dir.resolve("errors.jsonl")).build())));
                assertThat(report).as("report file").exists();
            }

            // The server refuses every login (it has no users): the password in the URI, and given apart.
            for (ConnectionConfig config : List.of(
                    ConnectionConfig.of("mongo", db.uri().replace("mongodb://", "mongodb://app:" + PASSWORD + "@"), null, null),
                    ConnectionConfig.of("mongo", db.uri(), "app", PASSWORD))) {
                ConnectionConfig quick = config.withConnectTimeout(Duration.ofSeconds(2));
                seen.add(quick.toString());
                seen.add(expectFailure("refused login", () -> {
                    try (MigrationManager m = MigrationManager.builder().connection(quick).locations("filesystem:" + scripts)
                            .build()) {
                        seen.add(m.toString());
                        return m.migrate();
                    }
                }));
            }

            // Nobody listens on the port.
            ConnectionConfig unreachable = ConnectionConfig.of("mongo",
                            "mongodb://app:" + PASSWORD + "@127.0.0.1:" + port + "/app", null, null)
                    .withConnectTimeout(Duration.ofSeconds(1));
            seen.add(unreachable.toString());
            seen.add(expectFailure("unreachable", () -> {
                try (MigrationManager m = MigrationManager.builder().connection(unreachable).locations("filesystem:" + scripts)
                        .build()) {
                    return m.migrate();
                }
            }));

            // A metadata loader with the password in the URI.
            MetadataLoaderConfig meta = MetadataLoaderConfig.mongodb("meta",
                    db.uri().replace("mongodb://", "mongodb://app:" + PASSWORD + "@"));
            seen.add(meta.toString());
            seen.add(expectFailure("metadata refused login", () -> {
                try (MetadataLoader loader = MetadataLoaders.open(meta)) {
                    return loader.list(MetadataQuery.all());
                }
            }));
        } finally {
            console.close();
        }
        String logs = console.text();

        assertThat(logs).as("captured logs").contains("log capture check").doesNotContain(PASSWORD).doesNotContain(PASSPHRASE);
        assertThat(String.join("\n", seen)).as("messages, stack traces, results and toString()")
                .contains("refused", "127.0.0.1:" + port)
                .doesNotContain(PASSWORD).doesNotContain(PASSPHRASE);
        for (Path file : filesUnder(dir)) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(PASSWORD).doesNotContain(PASSPHRASE);
        }
        assertThat(history().toString()).as("history documents").doesNotContain(PASSWORD).doesNotContain(PASSPHRASE);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
