package dev.migrator.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * Any request body, as a migrate and as a backup request, and the same bytes as a status query string: the parser
 * gives a checked request or an {@link HttpError} — a 400 or 404 whose message stays short whatever was sent — and
 * nothing else, quickly (Jazzer's {@code -timeout=10} makes a slow input a finding). Inputs:
 * {@code RequestParserFuzzTestInputs/parse/}.
 */
class RequestParserFuzzTest {

    private static final FuzzStats STATS = new FuzzStats("RequestParserFuzzTest.parse");
    /** The clipped values (200 characters) plus the fixed text and the longest list of known names. */
    private static final int LONGEST_MESSAGE = 600;
    private static final Pattern PLAIN_SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final RequestParser PARSER = new RequestParser(config());

    @FuzzTest
    void parse(byte[] input) throws Exception {
        STATS.check(() -> {
            checkMigrate(input);
            checkBackup(input);
            checkStatus(new String(input, StandardCharsets.ISO_8859_1));
        });
    }

    private static void checkMigrate(byte[] input) {
        RequestParser.MigrateCall call;
        try {
            call = PARSER.migrate(input);
        } catch (HttpError e) {
            checkRefusal(e);
            return;
        }
        checkTarget(call.target().connection(), call.target().schema());
        if (call.targetVersion() != null) {
            assertThat(call.targetVersion().length()).isBetween(1, RequestParser.MAX_VERSION_LENGTH);
        }
        if (call.environment() != null) {
            assertThat(call.target().connection()).as("an environment only on a connection with a pattern")
                    .isIn("cli", "ops");
            assertThat(call.target().schema()).endsWith("_" + call.environment());
        }
    }

    private static void checkBackup(byte[] input) {
        RequestParser.BackupCall call;
        try {
            call = PARSER.backup(input);
        } catch (HttpError e) {
            checkRefusal(e);
            return;
        }
        checkTarget(call.target().connection(), call.target().schema());
        assertThat(call.label()).matches("[A-Za-z0-9_]{1,40}");
        assertThat(call.tables().size()).isLessThanOrEqualTo(1000);
        assertThat(call.tables()).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(129));
    }

    private static void checkStatus(String query) {
        try {
            dev.migrator.api.Target target = PARSER.status(query);
            checkTarget(target.connection(), target.schema());
        } catch (HttpError e) {
            checkRefusal(e);
        }
    }

    private static void checkTarget(String connection, String schema) {
        assertThat(connection).isIn("core", "cli", "ops");
        if (schema != null) {
            assertThat(schema).matches(PLAIN_SCHEMA);
        }
        if (!connection.equals("core")) {
            assertThat(schema).as("a connection with a pattern always gets a schema").isNotNull();
        }
    }

    private static void checkRefusal(HttpError e) {
        ApiResponse r = e.response();
        assertThat(r.status()).isIn(400, 404);
        assertThat((String) r.body().get("message")).isNotBlank().hasSizeLessThanOrEqualTo(LONGEST_MESSAGE);
        assertThat(r.body()).containsKeys("error", "message", "status");
        // What the service would send is valid JSON that reads back to the same message.
        assertThat(Json.read(Json.write(r.body())).get("message").textValue()).isEqualTo(r.body().get("message"));
    }

    private static ServiceConfig config() {
        Properties p = new Properties();
        for (String name : List.of("core", "cli", "ops")) {
            p.setProperty("connection." + name + ".url", "jdbc:postgresql://127.0.0.1:5432/fuzz");
            p.setProperty("connection." + name + ".locations", "classpath:db/migration");
        }
        p.setProperty("connection.cli.schemaPattern", "cli_{environment}");
        p.setProperty("connection.ops.schemaPattern", "ops_{environment}");
        p.setProperty("connection.ops.environments", "dev,staging,prod");
        Map<String, String> env = Map.of("MIGRATOR_HTTP_TOKEN", "fuzz-token-0123456789");
        ServiceConfig config = ServiceConfig.fromProperties(p, env::get);
        assertThat(config.connections().keySet()).isEqualTo(Set.of("cli", "core", "ops"));
        return config;
    }

    @AfterAll
    static void printStats() {
        STATS.print();
    }
}
