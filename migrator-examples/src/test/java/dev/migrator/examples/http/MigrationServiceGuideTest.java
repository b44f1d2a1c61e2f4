package dev.migrator.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends the requests {@code docs/http-service.md} shows, as it shows them, to the service started against a fresh
 * PostgreSQL database with the example scripts ({@code classpath:db/migration}), as the guide's first start does.
 *
 * <p>A shell block of the guide preceded by {@code <!-- run: MigrationServiceGuideTest -->} holds {@code curl}
 * commands: their {@code -H} headers, {@code -d} body (a POST) and URL are sent with {@link HttpClient}, the guide's
 * {@code http://127.0.0.1:8080} replaced by the service's address and {@code $MIGRATOR_HTTP_TOKEN} by the test's
 * token; each must answer 200. A {@code json} block right after is the answer of the block's last request: it must
 * equal the answer, timings ({@code ms}, {@code durationMs}) aside.
 */
class MigrationServiceGuideTest {

    private static final Path GUIDE = Path.of("..", "docs", "http-service.md");
    private static final String TOKEN = "guide-token-" + Long.toHexString(System.nanoTime());
    private static final Pattern FENCE = Pattern.compile("^```+\\s*([\\w-]*)\\s*$");
    private static final Pattern RUN = Pattern.compile("^<!--\\s*run:\\s*MigrationServiceGuideTest\\s*-->$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestDatabase db;
    private MigrationService service;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabases.postgres();
        Map<String, String> env = new HashMap<>(Map.of("MIGRATOR_HTTP_TOKEN", TOKEN));
        Properties p = new Properties();
        p.setProperty("port", "0");
        p.setProperty("backupDirectory", dir.resolve("backups").toString());
        p.setProperty("connection.core.url", db.url());
        if (db.user() != null) {
            p.setProperty("connection.core.user", db.user());
        }
        if (db.password() != null && !db.password().isEmpty()) {
            env.put("CORE_DB_PASSWORD", db.password());
            p.setProperty("connection.core.passwordEnv", "CORE_DB_PASSWORD");
        }
        p.setProperty("connection.core.locations", "classpath:db/migration");
        service = MigrationService.start(ServiceConfig.fromProperties(p, env::get));
    }

    @AfterEach
    void stop() {
        try {
            if (service != null) {
                service.stop(Duration.ofSeconds(10));
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    /** One curl command of the guide. */
    record Request(int line, String method, String url, Map<String, String> headers, String body) {}

    /** A marked block: its requests and the answer shown for the last one, if any. */
    record Block(List<Request> requests, String answer) {}

    @Test
    void everyMarkedRequestOfTheGuide_answersAsShown() throws Exception {
        List<Block> blocks = blocks(Files.readAllLines(GUIDE, StandardCharsets.UTF_8));
        assertThat(blocks.stream().mapToInt(b -> b.requests().size()).sum()).as("requests sent from %s", GUIDE)
                .isGreaterThanOrEqualTo(4);
        URI api = service.uri();
        String base = api.getScheme() + "://" + api.getRawAuthority();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        for (Block block : blocks) {
            HttpResponse<String> last = null;
            for (Request request : block.requests()) {
                String url = request.url().replace("http://127.0.0.1:8080", base);
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
                request.headers().forEach(builder::header);
                builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
                last = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(last.statusCode()).as("%s line %d: %s %s answered %s", GUIDE, request.line(), request.method(),
                        url, last.body()).isEqualTo(200);
            }
            if (block.answer() != null) {
                assertThat(withoutTimings(JSON.readTree(last.body())))
                        .as("%s: the answer shown after line %d", GUIDE, block.requests().get(0).line())
                        .isEqualTo(withoutTimings(JSON.readTree(block.answer())));
            }
        }
        assertThat(count("SELECT count(*) FROM tenant_1.users")).as("the documented migrate ran").isZero();
        assertThat(Files.list(dir.resolve("backups")).map(f -> f.getFileName().toString()))
                .as("the documented backup was written").anyMatch(name -> name.startsWith("backup_before_v5_"));
    }

    private long count(String sql) throws Exception {
        try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode withoutTimings(JsonNode node) {
        JsonNode copy = node.deepCopy();
        for (JsonNode parent : copy.findParents("ms")) {
            ((ObjectNode) parent).put("ms", 0);
        }
        for (JsonNode parent : copy.findParents("durationMs")) {
            ((ObjectNode) parent).put("durationMs", 0);
        }
        return copy;
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!RUN.matcher(lines.get(i - 1).trim()).matches() || !FENCE.matcher(lines.get(i).trim()).matches()) {
                continue;
            }
            int end = i + 1;
            while (!lines.get(end).trim().startsWith("```")) {
                end++;
            }
            List<Request> requests = new ArrayList<>();
            for (int j = i + 1; j < end; j++) {
                int first = j + 1;
                StringBuilder command = new StringBuilder(lines.get(j).strip());
                while (command.toString().endsWith("\\")) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++j).strip());
                }
                if (!command.toString().isBlank() && !command.toString().startsWith("#")) {
                    requests.add(request(first, words(command.toString())));
                }
            }
            String answer = null;
            Matcher next = end + 1 < lines.size() ? FENCE.matcher(lines.get(end + 1).trim()) : null;
            if (next != null && next.matches() && next.group(1).equals("json")) {
                int close = end + 2;
                while (!lines.get(close).trim().startsWith("```")) {
                    close++;
                }
                answer = String.join("\n", lines.subList(end + 2, close));
            }
            blocks.add(new Block(requests, answer));
            i = end;
        }
        return blocks;
    }

    private static Request request(int line, List<String> words) {
        assertThat(words.get(0)).as("%s line %d: a run block holds curl commands only", GUIDE, line).isEqualTo("curl");
        Map<String, String> headers = new HashMap<>();
        String body = null;
        String method = null;
        String url = null;
        for (int w = 1; w < words.size(); w++) {
            String word = words.get(w);
            switch (word) {
                case "-H", "--header" -> {
                    String header = words.get(++w).replace("$MIGRATOR_HTTP_TOKEN", TOKEN);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
                }
                case "-d", "--data" -> body = words.get(++w);
                case "-X", "--request" -> method = words.get(++w);
                default -> {
                    assertThat(word).as("%s line %d: an option the test does not know", GUIDE, line).startsWith("http");
                    url = word;
                }
            }
        }
        assertThat(url).as("%s line %d: no URL", GUIDE, line).isNotNull();
        return new Request(line, method != null ? method : body != null ? "POST" : "GET", url, headers, body);
    }

    /** Shell words: split at spaces, quotes removed. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
