package dev.migrator.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP migration service against a real PostgreSQL, through a real HTTP client. The service logs in as a role made
 * for the test with a password, so that the password has something to leak; it is dropped afterwards.
 */
class MigrationServiceTest {

    private static final String TOKEN = "test-token-" + HexFormat.of().formatHex(randomBytes(12));
    private static final String PASSWORD = "pw-" + HexFormat.of().formatHex(randomBytes(10));
    private static final Map<String, String> ENV = Map.of("MIGRATOR_HTTP_TOKEN", TOKEN, "TEST_DB_PASSWORD", PASSWORD);

    @TempDir
    Path dir;

    private TestDatabase db;
    private String role;
    private Properties properties;
    private MigrationService service;
    private HttpClient client;
    private PrintStream originalErr;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    /** Every response body of the test, searched for secrets. */
    private final StringBuilder seen = new StringBuilder();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabases.postgres();
        role = "mig_http_" + HexFormat.of().formatHex(randomBytes(5));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("GRANT CREATE ON DATABASE \"" + db.database() + "\" TO " + role);
        }
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("V1__create_items.sql"),
                "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);\n");
        Files.writeString(scripts.resolve("V2__seed_items.sql"), "INSERT INTO items (name) VALUES ('a'), ('b');\n");
        Path slow = Files.createDirectories(dir.resolve("slow"));
        Files.writeString(slow.resolve("V1__slow.sql"), "SELECT pg_sleep(1);\nCREATE TABLE slow_done (id int);\n");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("V1__broken.sql"), "SELECT * FROM no_such_table;\n");

        // The password is both in the URL and in an environment variable: neither may reach a response or the log.
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "password=" + PASSWORD;
        Properties p = new Properties();
        p.setProperty("port", "0");
        p.setProperty("threads", "4");
        p.setProperty("backupDirectory", dir.resolve("backups").toString());
        p.setProperty("lockTimeout", "PT5S");
        for (String name : List.of("core", "cli", "slow", "broken")) {
            p.setProperty("connection." + name + ".url", url);
            p.setProperty("connection." + name + ".user", role);
            p.setProperty("connection." + name + ".passwordEnv", "TEST_DB_PASSWORD");
        }
        p.setProperty("connection.core.locations", "filesystem:" + scripts);
        p.setProperty("connection.cli.locations", "filesystem:" + scripts);
        p.setProperty("connection.cli.schemaPattern", "cli_{environment}");
        p.setProperty("connection.slow.locations", "filesystem:" + slow);
        p.setProperty("connection.broken.locations", "filesystem:" + broken);
        properties = p;
        ServiceConfig config = ServiceConfig.fromProperties(p, ENV::get);
        seen.append(config).append('\n');

        originalErr = System.err;
        // slf4j-simple writes to the current System.err on every call.
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        service = MigrationService.start(config);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws SQLException {
        try {
            if (service != null) {
                service.stop(Duration.ofSeconds(10));
            }
        } finally {
            if (originalErr != null) {
                System.setErr(originalErr);
                originalErr.print(logs.toString(StandardCharsets.UTF_8));
            }
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            } finally {
                db.close();
            }
        }
    }

    @Test
    void migrate_newSchema_applies200AndCreatesTheTables() throws Exception {
        // No "environment": core has no {environment} pattern, so one would be refused (issue 16, item 3).
        HttpResponse<String> r = post("/migrate", "{\"backend\": \"postgresql\", \"connection\": \"core\", "
                + "\"schema\": \"tenant_1\", \"environment\": null, \"dryRun\": false, \"targetVersion\": null}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("target", "core/tenant_1").containsEntry("schema", "tenant_1")
                .containsEntry("environment", null).containsEntry("dryRun", false)
                .containsEntry("currentVersion", "2").containsKey("durationMs");
        assertThat(list(body, "applied")).extracting(s -> s.get("version") + " " + s.get("name"))
                .containsExactly("1 create_items", "2 seed_items");
        assertThat(list(body, "applied")).allSatisfy(s -> assertThat(s).containsKeys("ms", "statements"));
        assertThat(tables("tenant_1")).contains("items", "migrator_history");
        assertThat(count("SELECT count(*) FROM tenant_1.items")).isEqualTo(2);

        HttpResponse<String> again = post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_1\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(list(json(again), "applied")).isEmpty();
    }

    @Test
    void migrate_targetVersion_appliesUpToThatVersionOnly() throws Exception {
        HttpResponse<String> r = post("/migrate",
                "{\"connection\": \"core\", \"schema\": \"tenant_v\", \"targetVersion\": \"1\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(list(json(r), "applied")).extracting(s -> s.get("version")).containsExactly("1");
        assertThat(count("SELECT count(*) FROM tenant_v.items")).isZero();
    }

    @Test
    void status_beforeAndAfterMigrate_listsEveryScriptWithItsState() throws Exception {
        HttpResponse<String> before = get("/status?connection=core&schema=tenant_s", TOKEN);
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(list(json(before), "scripts")).extracting(s -> s.get("version") + " " + s.get("state"))
                .containsExactly("1 PENDING", "2 PENDING");
        assertThat(json(before)).containsEntry("upToDate", false);

        assertThat(post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_s\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> after = get("/status?connection=core&schema=tenant_s", TOKEN);

        assertThat(after.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(after);
        assertThat(body).containsEntry("target", "core/tenant_s").containsEntry("upToDate", true);
        assertThat(list(body, "scripts")).extracting(s -> s.get("version") + " " + s.get("name") + " " + s.get("state"))
                .containsExactly("1 create_items APPLIED", "2 seed_items APPLIED");
        assertThat(list(body, "scripts")).allSatisfy(s -> assertThat(s)
                .containsKeys("appliedAt", "ms").containsEntry("installedBy", role));
    }

    @Test
    void dryRun_pendingScripts_plansThemAndChangesNothing() throws Exception {
        HttpResponse<String> r = post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_d\", \"dryRun\": true}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("dryRun", true).containsEntry("target", "core/tenant_d");
        assertThat(list(body, "planned")).extracting(s -> s.get("version") + " " + s.get("name"))
                .containsExactly("1 create_items", "2 seed_items");
        assertThat(tables("tenant_d")).doesNotContain("items");
        assertThat(list(json(get("/status?connection=core&schema=tenant_d", TOKEN)), "scripts"))
                .extracting(s -> s.get("state")).containsOnly("PENDING");
    }

    @Test
    void migrate_environmentOnPatternConnection_migratesThePatternsSchema() throws Exception {
        HttpResponse<String> r = post("/migrate", "{\"connection\": \"cli\", \"environment\": \"staging\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r)).containsEntry("target", "cli/cli_staging").containsEntry("environment", "staging");
        assertThat(tables("cli_staging")).contains("items");

        HttpResponse<String> invalid = post("/migrate", "{\"connection\": \"cli\", \"environment\": \"Staging-1\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid)).containsEntry("error", "INVALID_ENVIRONMENT");
        HttpResponse<String> none = post("/migrate", "{\"connection\": \"cli\"}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat((String) json(none).get("message")).contains("schema pattern cli_{environment}");
    }

    @Test
    void backup_afterMigrate_returnsManifestWhoseIdIsInTheBackupDirectory() throws Exception {
        assertThat(post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_b\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> r = post("/backup",
                "{\"connection\": \"core\", \"schema\": \"tenant_b\", \"tables\": [\"items\"], \"label\": \"before_v3\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> body = json(r);
        String id = (String) body.get("id");
        assertThat(id).startsWith("backup_before_v3_");
        assertThat(dir.resolve("backups").resolve(id).resolve("manifest.json")).isRegularFile();
        assertThat(list(body, "tables")).extracting(t -> t.get("name") + " " + t.get("rows"))
                .containsExactly("tenant_b.items 2");
        assertThat(body.get("rows").toString()).isEqualTo("2");
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) body.get("source");
        assertThat((String) source.get("url")).contains(db.database()).doesNotContain(PASSWORD);
    }

    @Test
    void backup_unknownTable_answers422WithTheLibrarysCode() throws Exception {
        assertThat(post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_u\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> r = post("/backup", "{\"connection\": \"core\", \"schema\": \"tenant_u\", "
                + "\"tables\": [\"no_such_table\"]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r)).containsEntry("error", "INVALID_CONFIGURATION");
        assertThat((String) json(r).get("message")).contains("no_such_table");
    }

    @Test
    void migrate_failingScript_answers422WithScriptFailedAndTheScriptsName() throws Exception {
        HttpResponse<String> r = post("/migrate", "{\"connection\": \"broken\", \"schema\": \"tenant_f\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(json(r)).containsEntry("error", "SCRIPT_FAILED");
        assertThat((String) json(r).get("message")).contains("V1__broken.sql");
    }

    @Test
    void wrongOrMissingToken_answers401WithBearerChallengeAndRunsNothing() throws Exception {
        String body = "{\"connection\": \"core\", \"schema\": \"tenant_x\"}";
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/migrate"))
                .header("Authorization", "Bearer " + TOKEN + "x").POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/migrate"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> basic = send(HttpRequest.newBuilder(uri("/status?connection=core"))
                .header("Authorization", "Basic " + TOKEN).GET());

        for (HttpResponse<String> r : List.of(wrong, missing, basic)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(json(r)).containsEntry("error", "UNAUTHORIZED");
        }
        assertThat(schemas()).doesNotContain("tenant_x");
    }

    @Test
    void health_withoutToken_answers200() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/health")).GET());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("status", "ok");
    }

    @Test
    void wrongMethodContentTypeOrPath_answers405415Or404() throws Exception {
        HttpResponse<String> method = send(request("/migrate").GET());
        HttpResponse<String> type = send(request("/migrate").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connection\": \"core\"}")));
        HttpResponse<String> path = send(request("/migrations").GET());

        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.headers().firstValue("Allow")).hasValue("POST");
        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat((String) json(path).get("message")).contains("POST /api/v1/migrate");
    }

    @Test
    void configuration_withoutOrWithShortToken_isRefusedWithWhatToSet() {
        Map<String, String> noToken = Map.of("TEST_DB_PASSWORD", PASSWORD);
        Map<String, String> shortToken = Map.of("MIGRATOR_HTTP_TOKEN", "abc", "TEST_DB_PASSWORD", PASSWORD);

        assertThatThrownBy(() -> ServiceConfig.fromProperties(properties, noToken::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set the environment variable "
                        + "MIGRATOR_HTTP_TOKEN");
        assertThatThrownBy(() -> ServiceConfig.fromProperties(properties, shortToken::get))
                .hasMessageContaining("has 3 characters; use at least 16").hasMessageNotContaining("abc");
    }

    @Test
    void malformedBody_answers400NamingThePosition() throws Exception {
        HttpResponse<String> r = post("/migrate", "{\"connection\": \"core\", \"schema\": }");

        assertThat(r.statusCode()).isEqualTo(400);
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("error", "MALFORMED_JSON");
        assertThat((String) body.get("message")).isEqualTo(
                "Malformed JSON at line 1, column 34 (offset 33): unexpected '}', expected a value");
        assertThat(body.get("line").toString()).isEqualTo("1");
        assertThat(body.get("column").toString()).isEqualTo("34");
    }

    @Test
    void unknownFieldOrWrongType_answers400NamingTheField() throws Exception {
        HttpResponse<String> unknown = post("/migrate", "{\"connection\": \"core\", \"dryrun\": true}");
        HttpResponse<String> type = post("/migrate", "{\"connection\": \"core\", \"dryRun\": \"yes\"}");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat((String) json(unknown).get("message")).startsWith("Unknown field \"dryrun\"");
        assertThat(type.statusCode()).isEqualTo(400);
        assertThat((String) json(type).get("message")).isEqualTo("\"dryRun\" must be true or false.");
    }

    @Test
    void bodyLargerThan64KiB_answers413() throws Exception {
        String big = "{\"connection\": \"core\", \"schema\": \"" + "a".repeat(70_000) + "\"}";

        HttpResponse<String> r = post("/migrate", big);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r)).containsEntry("error", "BODY_TOO_LARGE");
    }

    @Test
    void bodyOverTheLimit_answers413EveryTime_evenWhileTheClientIsStillSending() throws Exception {
        // The 413 is written before the body has arrived; a server that then closed with the rest unread would reset
        // the connection, and the client could lose the answer ("header parser received no bytes").
        for (int i = 0; i < 40; i++) {
            int size = i % 2 == 0 ? 70_000 : 900_000;
            String big = "{\"connection\": \"core\", \"schema\": \"" + "a".repeat(size) + "\"}";

            HttpResponse<String> r = post("/migrate", big);

            assertThat(r.statusCode()).as("attempt %d, %d bytes", i, size).isEqualTo(413);
        }
    }

    @Test
    void unknownConnection_answers404NamingTheKnownConnections() throws Exception {
        HttpResponse<String> r = post("/migrate", "{\"connection\": \"nope\", \"schema\": \"tenant_1\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        Map<String, Object> body = json(r);
        assertThat(body).containsEntry("error", "UNKNOWN_CONNECTION")
                .containsEntry("knownConnections", List.of("broken", "cli", "core", "slow"));
        assertThat((String) body.get("message"))
                .isEqualTo("Unknown connection 'nope'. Known connections: [broken, cli, core, slow].");
    }

    @Test
    void unsupportedBackendForTheConnection_answers400() throws Exception {
        HttpResponse<String> other = post("/migrate", "{\"backend\": \"mysql\", \"connection\": \"core\"}");
        HttpResponse<String> unknown = post("/migrate", "{\"backend\": \"oracle\", \"connection\": \"core\"}");

        assertThat(other.statusCode()).isEqualTo(400);
        assertThat((String) json(other).get("message")).startsWith("Connection 'core' is postgresql, not mysql.");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown)).containsEntry("error", "UNSUPPORTED_BACKEND");
    }

    @Test
    void badSchemaName_answers400AndTouchesNothing() throws Exception {
        List<String> before = schemas();

        HttpResponse<String> migrate = post("/migrate", "{\"connection\": \"core\", \"schema\": \"x; DROP TABLE\"}");
        HttpResponse<String> backup = post("/backup", "{\"connection\": \"core\", \"schema\": \"x; DROP TABLE\"}");
        HttpResponse<String> status = get("/status?connection=core&schema="
                + URLEncoder.encode("x; DROP TABLE", StandardCharsets.UTF_8), TOKEN);

        for (HttpResponse<String> r : List.of(migrate, backup, status)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r)).containsEntry("error", "INVALID_SCHEMA");
        }
        assertThat(schemas()).isEqualTo(before);
    }

    @Test
    void sixConcurrentMigratesOfOneTarget_oneRunsTheOthersGet409() throws Exception {
        String body = "{\"connection\": \"slow\", \"schema\": \"busy_1\"}";
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(client.sendAsync(request("/migrate").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            responses.add(f.get());
        }
        responses.forEach(r -> seen.append(r.body()));

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 200).toList();
        assertThat(refused).hasSize(5).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(r)).containsEntry("error", "TARGET_BUSY").containsEntry("target", "slow/busy_1")
                    .containsEntry("retry", true);
            assertThat((String) json(r).get("message")).contains("slow/busy_1").contains("Retry");
        });
        assertThat(count("SELECT count(*) FROM busy_1.migrator_history")).isEqualTo(1);
        assertThat(tables("busy_1")).contains("slow_done");
    }

    @Test
    void twoInstancesOnOneTarget_theSecondGets409FromTheDatabaseLock() throws Exception {
        Properties impatient = new Properties();
        impatient.putAll(properties);
        impatient.setProperty("lockTimeout", "PT0.3S");
        try (MigrationService second = MigrationService.start(ServiceConfig.fromProperties(impatient, ENV::get))) {
            String body = "{\"connection\": \"slow\", \"schema\": \"busy_2\"}";
            CompletableFuture<HttpResponse<String>> first = client.sendAsync(
                    request("/migrate").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Wait until the first run holds the database lock (its script is sleeping), then ask the other instance.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String sleeping = "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep(1)%'";
            while (count(sleeping) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(second.uri() + "/migrate"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)));

            assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
            assertThat(json(other)).containsEntry("error", "LOCK_TIMEOUT").containsEntry("target", "slow/busy_2");
            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(count("SELECT count(*) FROM busy_2.migrator_history")).isEqualTo(1);
        }
    }

    @Test
    void responsesAndLog_acrossEndpointsAndFailures_neverShowThePasswordOrToken() throws Exception {
        post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_p\"}");
        post("/migrate", "{\"connection\": \"core\", \"schema\": \"tenant_p\", \"dryRun\": true}");
        get("/status?connection=core&schema=tenant_p", TOKEN);
        post("/backup", "{\"connection\": \"core\", \"schema\": \"tenant_p\"}");
        post("/backup", "{\"connection\": \"core\", \"schema\": \"tenant_p\", \"tables\": [\"missing\"]}");
        post("/migrate", "{\"connection\": \"broken\"}");
        post("/migrate", "{\"connection\": \"nope\"}");
        post("/migrate", "{broken");
        get("/status?connection=core", "wrong-token-0000000");
        get("/nothing-here", TOKEN);

        System.err.flush();
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).as("captured log").contains("POST /api/v1/migrate").contains("core/tenant_p");
        assertThat(log).as("captured log").doesNotContain(PASSWORD).doesNotContain(TOKEN);
        assertThat(seen.toString()).as("response bodies and the configuration's toString()")
                .contains("password=****").doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", "Bearer " + token).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        seen.append(response.body()).append('\n');
        response.headers().map().forEach((k, v) -> seen.append(k).append(": ").append(v).append('\n'));
        return response;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(service.uri() + pathAndQuery);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        // The service's own strict reader: an answer with a duplicate key or trailing text fails the test.
        return (Map<String, Object>) new ObjectMapper().convertValue(Json.read(response.body()), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String field) {
        return (List<Map<String, Object>>) body.get(field);
    }

    private List<String> tables(String schema) throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'");
    }

    private List<String> schemas() throws SQLException {
        return strings("SELECT nspname FROM pg_namespace ORDER BY nspname");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
