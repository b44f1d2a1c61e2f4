package dev.migrator.examples.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Hostile and oversized input", against the running service over real sockets on the loopback address:
 * clients that send part of a request and stop, numbers that expand to megabytes, values that would be echoed whole,
 * and an environment on a connection that has no environments.
 */
class MigrationServiceHostileInputTest {

    private static final String TOKEN = "test-token-" + HexFormat.of().formatHex(randomBytes(12));
    private static final Map<String, String> ENV = Map.of("MIGRATOR_HTTP_TOKEN", TOKEN);
    /** The service's worker threads; the slow-client test opens twice as many slow connections. */
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    private TestDatabase db;
    private MigrationService service;
    private HttpClient client;
    private PrintStream originalErr;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        db = TestDatabases.postgres();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws IOException {
        try {
            for (Socket s : sockets) {
                s.close();
            }
            if (service != null) {
                service.stop(Duration.ofSeconds(10));
            }
        } finally {
            if (originalErr != null) {
                System.setErr(originalErr);
                originalErr.print(logs.toString(StandardCharsets.UTF_8));
            }
            db.close();
        }
    }

    // ---------------------------------------------------------------- item 1: slow clients

    @Test
    void slowClients_twiceTheWorkerThreads_healthAndStatusAnswerWithinOneSecondForTenSeconds() throws Exception {
        start(Map.of("clientTimeout", "PT30S"));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            // Headers begun and never finished ...
            slow.add(slowClient("POST /api/v1/migrate HTTP/1.1\r\nHost: x\r\n"));
            // ... and headers finished, with the token, and a body that never comes (without the token the service
            // answers 401 at once and closes the connection).
            slow.add(slowClient("POST /api/v1/migrate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
        }

        List<Timed> answers = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end && answers.size() < 60) {
            answers.add(timed(HttpRequest.newBuilder(uri("/health")).GET()));
            answers.add(timed(HttpRequest.newBuilder(uri("/status?connection=core&schema=tenant_1"))
                    .header("Authorization", "Bearer " + TOKEN).GET()));
            Thread.sleep(400);
        }

        System.out.printf("http slow clients: %d slow connections held 10 s; %d answers, slowest %d ms%n", slow.size(),
                answers.size(), answers.stream().filter(a -> a.response() != null)
                        .mapToLong(a -> a.took().toMillis()).max().orElse(-1));
        assertThat(answers).hasSizeGreaterThanOrEqualTo(20).allSatisfy(a -> {
            assertThat(a.response()).as("an answer within 3 s").isNotNull();
            assertThat(a.response().statusCode()).isEqualTo(200);
            assertThat(a.took()).isLessThan(Duration.ofSeconds(1));
        });
        // The slow clients were held open the whole time, not cut off early.
        for (Socket s : slow) {
            assertThat(awaitEnd(s, Duration.ofMillis(50)).closed()).as("slow client closed before its timeout")
                    .isFalse();
        }
    }

    @Test
    void slowClient_stopsMidHeadersOrMidBody_isCutOffAfterTheClientTimeout() throws Exception {
        start(Map.of("clientTimeout", "PT2S"));
        Socket midHeaders = slowClient("POST /api/v1/migrate HTTP/1.1\r\nHost: x\r\n");
        Socket midBody = slowClient("POST /api/v1/migrate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");

        Ending headers = awaitEnd(midHeaders, Duration.ofSeconds(8));
        Ending body = awaitEnd(midBody, Duration.ofSeconds(8));

        // Both clients stopped at the same moment and were awaited one after the other.
        System.out.printf("http clientTimeout 2 s: stopped mid-headers closed after %d ms, mid-body 408 by %d ms%n",
                headers.after().toMillis(), headers.after().plus(body.after()).toMillis());
        assertThat(headers.closed()).as("the connection stopped mid-headers is closed").isTrue();
        assertThat(headers.after()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        assertThat(body.closed()).as("the connection stopped mid-body is closed").isTrue();
        assertThat(body.received()).startsWith("HTTP/1.1 408 ").contains("\"error\":\"REQUEST_TIMEOUT\"")
                .contains("The request's body did not arrive within 2000 ms");
        assertThat(timed(HttpRequest.newBuilder(uri("/health")).GET()).response().statusCode()).isEqualTo(200);
    }

    @Test
    void slowClient_tricklingHeadersByteByByte_isCutOffWithinTwiceTheClientTimeout() throws Exception {
        start(Map.of("clientTimeout", "PT2S"));
        Socket trickle = slowClient("GET /api/v1/health HTTP/1.1\r\n");
        long started = System.nanoTime();
        byte[] header = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(US_ASCII);

        // One byte every 300 ms: never idle for the client timeout, yet the headers never end.
        boolean open = true;
        for (int i = 0; i < header.length && open && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10); i++) {
            open = sendByte(trickle, header[i]) && !awaitEnd(trickle, Duration.ofMillis(300)).closed();
        }

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("http clientTimeout 2 s: a header byte every 300 ms cut after %d ms%n", took.toMillis());
        assertThat(open).as("the trickling client was cut off").isFalse();
        assertThat(took).isLessThan(Duration.ofMillis(4_500));
    }

    @Test
    void declaredBodyOverTheLimit_answers413BeforeTheBodyIsSent() throws Exception {
        start(Map.of());
        Socket big = slowClient("POST /api/v1/migrate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{");

        Ending ending = awaitEnd(big, Duration.ofSeconds(2));

        assertThat(ending.received()).startsWith("HTTP/1.1 413 ").contains("\"error\":\"BODY_TOO_LARGE\"")
                .contains("The request body is larger than 65536 bytes");
        assertThat(ending.after()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void runLongerThanTheClientTimeout_isNotCutAndAnswers200() throws Exception {
        start(Map.of("clientTimeout", "PT0.5S"));

        Timed run = timed(post("{\"connection\": \"slow\", \"schema\": \"long_run\"}").timeout(Duration.ofSeconds(30)),
                Duration.ofSeconds(30));

        assertThat(run.response()).isNotNull();
        assertThat(run.response().statusCode()).as(run.response().body()).isEqualTo(200);
        assertThat(run.took()).isGreaterThan(Duration.ofSeconds(2));
        assertThat(tables("long_run")).contains("slow_done");
    }

    @Test
    void stop_whileARunIsInProgress_letsItFinishAndAnswersNewRequests503() throws Exception {
        start(Map.of());
        CompletableFuture<HttpResponse<String>> run = client.sendAsync(
                post("{\"connection\": \"slow\", \"schema\": \"stop_1\"}").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sleeping() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> service.stop(Duration.ofSeconds(20)));
        Thread.sleep(200);

        Timed during = timed(HttpRequest.newBuilder(uri("/health")).GET());

        assertThat(during.response().statusCode()).isEqualTo(503);
        assertThat(json(during.response())).containsEntry("error", "STOPPING");
        assertThat(during.response().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(run.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(tables("stop_1")).contains("slow_done");
    }

    @Test
    void chunkedBodyOverTheLimit_answers413() throws Exception {
        start(Map.of());
        Socket chunked = slowClient("POST /api/v1/migrate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "{\"schema\": \"" + "a".repeat(70_000) + "\"}";

        chunked.getOutputStream().write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                .getBytes(US_ASCII));
        Ending ending = awaitEnd(chunked, Duration.ofSeconds(3));

        assertThat(ending.received()).startsWith("HTTP/1.1 413 ").contains("\"error\":\"BODY_TOO_LARGE\"");
        assertThat(ending.closed()).isTrue();
    }

    @Test
    void malformedRequestLineOrHugeHeaders_answerJsonBeforeTheServiceSeesThem() throws Exception {
        start(Map.of());
        Socket garbage = slowClient("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n");
        Socket huge = slowClient("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");

        Ending bad = awaitEnd(garbage, Duration.ofSeconds(3));
        Ending big = awaitEnd(huge, Duration.ofSeconds(3));

        assertThat(bad.received()).startsWith("HTTP/1.1 400 ").contains("application/json")
                .contains("\"error\":\"HTTP_400\"");
        assertThat(big.received()).startsWith("HTTP/1.1 431 ").contains("application/json")
                .contains("\"error\":\"HTTP_431\"").contains("at most 8 KiB of request line and headers");
        assertThat(bad.closed()).isTrue();
        assertThat(big.closed()).isTrue();
    }

    // ---------------------------------------------------------------- item 2: numbers and echoed values

    @Test
    void targetVersionWithExponentFractionOrSign_answers400WithinOneSecondAndAShortBody() throws Exception {
        start(Map.of());
        for (String number : List.of("1e10000000", "1e999999999", "1E+5", "2.5", "-3", "5.0")) {
            Timed a = timed(post("{\"connection\": \"core\", \"schema\": \"tenant_n\", \"targetVersion\": " + number
                    + "}"));

            assertThat(a.response()).as(number).isNotNull();
            assertThat(a.took()).as(number).isLessThan(Duration.ofSeconds(1));
            System.out.printf("http targetVersion %s: %d in %d ms, %d characters%n", number,
                    a.response().statusCode(), a.took().toMillis(), a.response().body().length());
            assertThat(a.response().statusCode()).as(a.response().body()).isEqualTo(400);
            assertThat(a.response().body().length()).as(number).isLessThan(300);
            assertThat(json(a.response())).containsEntry("error", "INVALID_FIELD");
        }
        Timed huge = timed(post("{\"connection\": \"core\", \"schema\": \"tenant_n\", \"targetVersion\": 1e10000000}"));
        assertThat(json(huge.response()).get("message")).isEqualTo("\"targetVersion\" must be a version string such "
                + "as \"1.2\" or a whole number such as 5 (no exponent, fraction or sign); got 1E+10000000.");
        assertThat(tables("tenant_n")).isEmpty();

        Timed whole = timed(post("{\"connection\": \"core\", \"schema\": \"tenant_n\", \"targetVersion\": 1}"));
        assertThat(whole.response().statusCode()).as(whole.response().body()).isEqualTo(200);
        assertThat(tables("tenant_n")).contains("items");
    }

    @Test
    void exponentBeyondTheIntRange_answers400MalformedJson() throws Exception {
        start(Map.of());

        Timed a = timed(post("{\"connection\": \"core\", \"targetVersion\": 1e9999999999}"));

        assertThat(a.response().statusCode()).as(a.response().body()).isEqualTo(400);
        assertThat(json(a.response())).containsEntry("error", "MALFORMED_JSON").containsEntry("message",
                "Malformed JSON at line 1, column 41 (offset 40): number out of range");
    }

    @Test
    void longValuesInRequests_areClippedTo200CharactersInResponsesAndTheLog() throws Exception {
        start(Map.of());
        String longName = "x".repeat(5_000);

        HttpResponse<String> connection = send("{\"connection\": \"" + longName + "\"}");
        HttpResponse<String> version = send("{\"connection\": \"core\", \"schema\": \"tenant_l\", \"targetVersion\": \""
                + longName + "\"}");
        HttpResponse<String> path = client.send(HttpRequest.newBuilder(uri("/" + longName)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> table = send("/backup", "{\"connection\": \"core\", \"schema\": \"tenant_l\", "
                + "\"tables\": [\"" + longName + "\"]}");
        HttpResponse<String> parameter = client.send(HttpRequest.newBuilder(uri("/status?" + longName + "=1"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

        String clipped = "x".repeat(200) + "…";
        assertThat(connection.statusCode()).isEqualTo(404);
        assertThat(json(connection).get("message")).isEqualTo("Unknown connection '" + clipped
                + "'. Known connections: [cli, core, slow].");
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(json(version).get("message")).isEqualTo("\"targetVersion\" is '" + clipped + "' (5000 characters); "
                + "a version has at most 100 characters, e.g. \"20250101120000\" or \"1.2\".");
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat((String) json(path).get("message"))
                .startsWith("No endpoint /api/v1/" + "x".repeat(192) + "…. Endpoints:");
        assertThat(table.statusCode()).isEqualTo(400);
        assertThat(json(table).get("message")).isEqualTo("\"tables\" holds '" + clipped + "' (5000 characters); a "
                + "table name has at most 129, e.g. users or app.users.");
        assertThat(parameter.statusCode()).isEqualTo(400);
        assertThat(json(parameter).get("message")).isEqualTo("Unknown query parameter '" + clipped
                + "'. Known: [backend, connection, environment, schema].");
        System.err.flush();
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).as("captured log").contains("POST /api/v1/migrate").doesNotContain("x".repeat(201));
        for (HttpResponse<String> r : List.of(connection, version, path, table, parameter)) {
            assertThat(r.body()).doesNotContain("x".repeat(201));
        }
    }

    // ---------------------------------------------------------------- item 3: environment without a pattern

    @Test
    void environmentOnConnectionWithoutPattern_answers400NamingWhatTheConnectionAccepts() throws Exception {
        start(Map.of());

        HttpResponse<String> migrate = send("{\"connection\": \"core\", \"environment\": \"staging\"}");
        HttpResponse<String> withSchema = send("{\"connection\": \"core\", \"schema\": \"tenant_e\", "
                + "\"environment\": \"staging\"}");
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(uri("/status?connection=core&environment=dev"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> r : List.of(migrate, withSchema, status)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r)).containsEntry("error", "INVALID_ENVIRONMENT");
        }
        assertThat(json(migrate).get("message")).isEqualTo("Connection 'core' takes no environments (it has no "
                + "{environment} schema pattern), but the request names environment 'staging'. Send \"schema\" "
                + "instead, e.g. {\"connection\": \"core\", \"schema\": \"tenant_1\"}.");
        assertThat(tables("public")).doesNotContain("items", "migrator_history");
        assertThat(tables("tenant_e")).isEmpty();

        HttpResponse<String> pattern = send("{\"connection\": \"cli\", \"environment\": \"staging\"}");
        assertThat(pattern.statusCode()).as(pattern.body()).isEqualTo(200);
        assertThat(json(pattern)).containsEntry("target", "cli/cli_staging");
    }

    // ---------------------------------------------------------------- helpers

    private void start(Map<String, String> overrides) throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("V1__create_items.sql"),
                "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);\n");
        Files.writeString(scripts.resolve("V2__seed_items.sql"), "INSERT INTO items (name) VALUES ('a'), ('b');\n");
        Path slow = Files.createDirectories(dir.resolve("slow"));
        Files.writeString(slow.resolve("V1__slow.sql"), "SELECT pg_sleep(2);\nCREATE TABLE slow_done (id int);\n");
        Properties p = new Properties();
        p.setProperty("port", "0");
        p.setProperty("threads", Integer.toString(THREADS));
        p.setProperty("backupDirectory", dir.resolve("backups").toString());
        for (String name : List.of("core", "cli", "slow")) {
            p.setProperty("connection." + name + ".url", db.url());
            p.setProperty("connection." + name + ".user", db.user());
            p.setProperty("connection." + name + ".locations", "filesystem:" + (name.equals("slow") ? slow : scripts));
        }
        p.setProperty("connection.cli.schemaPattern", "cli_{environment}");
        Map<String, String> env = new HashMap<>(ENV);
        if (db.password() != null && !db.password().isEmpty()) {
            env.put("TEST_DB_PASSWORD", db.password());
            p.setProperty("connection.core.passwordEnv", "TEST_DB_PASSWORD");
            p.setProperty("connection.cli.passwordEnv", "TEST_DB_PASSWORD");
            p.setProperty("connection.slow.passwordEnv", "TEST_DB_PASSWORD");
        }
        overrides.forEach(p::setProperty);
        ServiceConfig config = ServiceConfig.fromProperties(p, env::get);
        originalErr = System.err;
        // slf4j-simple writes to the current System.err on every call.
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        service = MigrationService.start(config);
    }

    /** A connection that sends {@code partialRequest} and then nothing. */
    private Socket slowClient(String partialRequest) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), service.port());
        sockets.add(s);
        s.getOutputStream().write(partialRequest.getBytes(US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** How a slow connection ended: what the service sent, whether it closed the connection, and when. */
    private record Ending(String received, boolean closed, Duration after) {}

    /** Reads what the service sends until it closes the connection or {@code max} has passed. */
    private static Ending awaitEnd(Socket socket, Duration max) throws IOException {
        long started = System.nanoTime();
        long deadline = started + max.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        boolean closed = false;
        while (!closed && System.nanoTime() < deadline) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            socket.setSoTimeout((int) Math.max(1, Math.min(100, left)));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                } else {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // nothing yet; look again until the deadline
            } catch (SocketException e) {
                closed = true; // reset by the service
            }
        }
        Duration after = Duration.ofNanos(System.nanoTime() - started);
        return new Ending(received.toString(StandardCharsets.UTF_8), closed, after);
    }

    /** Sends one byte; false when the service has closed the connection. */
    private static boolean sendByte(Socket socket, byte b) {
        try {
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A response (or {@code null} when none came in time: 3 s unless said) and how long it took. */
    private record Timed(HttpResponse<String> response, Duration took) {}

    private Timed timed(HttpRequest.Builder request) {
        return timed(request, Duration.ofSeconds(3));
    }

    private Timed timed(HttpRequest.Builder request, Duration max) {
        long started = System.nanoTime();
        HttpResponse<String> r = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .completeOnTimeout(null, max.toMillis(), TimeUnit.MILLISECONDS).join();
        return new Timed(r, Duration.ofNanos(System.nanoTime() - started));
    }

    private HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(uri("/migrate")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(String body) throws IOException, InterruptedException {
        return send("/migrate", body);
    }

    private HttpResponse<String> send(String endpoint, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(endpoint)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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

    /** Sessions of this database inside the slow script's {@code pg_sleep}. */
    private long sleeping() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND query LIKE 'SELECT pg_sleep(2)%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> tables(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
