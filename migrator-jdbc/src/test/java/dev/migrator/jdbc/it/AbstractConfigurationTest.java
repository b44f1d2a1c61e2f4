package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.BackendNotFoundException;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.ConnectionFailedException;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.jdbc.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection settings: unknown URL schemes, unreachable servers, secrets, configuration files. */
abstract class AbstractConfigurationTest extends ItSupport {

    private static final String PASSWORD = "s3cr3t-pw";

    @TempDir
    Path dir;

    AbstractConfigurationTest(TestDatabase.Kind kind) {
        super(kind);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** jdbc:postgresql:// or jdbc:mysql:// of the test database. */
    private String scheme() {
        return db.url().substring(0, db.url().indexOf("://") + 3);
    }

    /** What follows the database name in the test URL (e.g. {@code ?ssl=false}), possibly empty. */
    private String urlSuffix() {
        String url = db.url();
        return url.substring(url.indexOf("/" + db.database()) + 1 + db.database().length());
    }

    @Test
    void build_unknownUrlScheme_throwsBackendNotFoundListingBackendsAndArtifact() {
        assertThatThrownBy(() -> track(MigrationManager.builder()
                                .connection(CORE, "jdbc:oracle:thin:@//db.example:1521/app", "app", PASSWORD)
                                .script(createTable("1", "a"))
                                .build())
                        .migrate())
                .isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("jdbc:oracle:thin:@//db.example:1521/app")
                .hasMessageContaining("Found")
                .hasMessageContaining("postgresql")
                .hasMessageContaining("dev.migrator:migrator-")
                .hasMessageNotContaining(PASSWORD)
                .satisfies(e -> assertThat(((BackendNotFoundException) e).code()).isEqualTo(ErrorCode.BACKEND_NOT_FOUND));
    }

    @Test
    void migrate_unreachableDatabase_failsWithinTimeoutNamingHostAndPortNeverThePassword() {
        ConnectionConfig config = ConnectionConfig.of(CORE, scheme() + "127.0.0.1:1/" + db.database(), "app", PASSWORD)
                .withConnectTimeout(Duration.ofSeconds(2));
        assertThat(config.toString()).doesNotContain(PASSWORD);
        long start = System.nanoTime();

        assertThatThrownBy(() -> track(MigrationManager.builder().connection(config).script(createTable("1", "a")).build())
                        .migrate())
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining(PASSWORD)
                .satisfies(e -> {
                    assertThat(((ConnectionFailedException) e).code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                    assertThat(stackTrace(e)).doesNotContain(PASSWORD);
                });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void migrate_unreachableDatabaseWithPasswordInUrl_neverShowsThePassword() {
        ConnectionConfig config = ConnectionConfig.of(CORE,
                        scheme() + "127.0.0.1:1/" + db.database() + "?password=" + PASSWORD, "app", null)
                .withConnectTimeout(Duration.ofSeconds(2));
        assertThat(config.toString()).doesNotContain(PASSWORD);

        assertThatThrownBy(() -> track(MigrationManager.builder().connection(config).script(createTable("1", "a")).build())
                        .migrate())
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("127.0.0.1:1")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(PASSWORD));
    }

    /**
     * The configuration file format is the engine's (see dev.migrator.core.internal.ConfigFile): connections by
     * name, locations, placeholders, historyTable; every value may hold ${ENV_VAR:default}. The variables named
     * MIGRATOR_IT_UNSET_* are never set, so their defaults apply; HOME is read from the real environment.
     */
    @Test
    void configFile_yamlWithEnvironmentDefaults_connectsAndMigrates() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        write(scripts, "V1__create_settings.sql", "CREATE TABLE settings (k varchar(20) primary key, v varchar(300));\n"
                + "INSERT INTO settings VALUES ('owner', '${owner}');\n"
                + "INSERT INTO settings VALUES ('home', '${home}');\n");
        Path file = write(dir, "migrator.yaml", ""
                + "# migrator configuration used by AbstractConfigurationTest\n"
                + "connections:\n"
                + "  core:\n"
                + "    url: " + scheme() + "${MIGRATOR_IT_UNSET_DATABASE_HOST:" + db.host() + "}:"
                + "${MIGRATOR_IT_UNSET_DATABASE_PORT:" + db.port() + "}/" + db.database() + urlSuffix() + "\n"
                + "    user: ${MIGRATOR_IT_UNSET_DATABASE_USER:" + db.user() + "}\n"
                + "    password: \"${MIGRATOR_IT_UNSET_DATABASE_PASSWORD:" + db.password() + "}\"\n"
                + "    pool: { min: 0, max: 2 }\n"
                + "    connectTimeout: PT5S\n"
                + "locations:\n"
                + "  - filesystem:" + scripts + "\n"
                + "placeholders:\n"
                + "  owner: ${MIGRATOR_IT_UNSET_OWNER:alice}\n"
                + "  home: ${HOME:/nowhere}\n"
                + "historyTable: config_history\n");
        MigrationManager m = track(MigrationManager.builder()
                .configFile(file)
                .script(createTable("2", "from_code"))
                .build());

        m.migrate();

        assertThat(queryStrings("SELECT v FROM settings WHERE k = 'owner'")).containsExactly("alice");
        assertThat(queryStrings("SELECT v FROM settings WHERE k = 'home'"))
                .containsExactly(Objects.requireNonNullElse(System.getenv("HOME"), "/nowhere"));
        assertThat(tableExists("from_code")).as("scripts given in code are added to the file's").isTrue();
        assertThat(history(defaultSchema(), "config_history")).extracting(HistoryRow::version).containsExactly("1", "2");
        assertThat(tableExists(HISTORY)).isFalse();
    }

    @Test
    void configFile_json_connectsAndMigrates() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        write(scripts, "V1__create_a.sql", "CREATE TABLE a (id int primary key);\n");
        Path file = write(dir, "migrator.json", "{\n"
                + "  \"connections\": {\n"
                + "    \"core\": {\n"
                + "      \"url\": \"" + scheme() + "${MIGRATOR_IT_UNSET_DATABASE_HOST:" + db.host() + "}:" + db.port() + "/"
                + db.database() + urlSuffix() + "\",\n"
                + "      \"user\": \"" + db.user() + "\",\n"
                + "      \"password\": \"" + db.password() + "\"\n"
                + "    }\n"
                + "  },\n"
                + "  \"locations\": [\"filesystem:" + scripts + "\"]\n"
                + "}\n");

        track(MigrationManager.builder().configFile(file).build()).migrate();

        assertThat(tableExists("a")).isTrue();
        assertThat(historyVersions()).containsExactly("1");
    }

    @Test
    void migrate_borrowedDataSource_isUsedAndLeftOpenAfterClose() throws Exception {
        try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource()) {
            ds.setJdbcUrl(db.url());
            ds.setUsername(db.user());
            ds.setPassword(db.password());
            ds.setMaximumPoolSize(4);
            MigrationManager m = MigrationManager.builder().connection(CORE, ds).script(createTable("1", "a")).build();

            m.migrate();
            m.close();

            assertThat(tableExists("a")).isTrue();
            assertThat(ds.isClosed()).as("a borrowed data source is never closed by the manager").isFalse();
            try (java.sql.Connection c = ds.getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void build_connectionWithPoolBounds_migrates() {
        MigrationManager m = track(MigrationManager.builder()
                .connection(ConnectionConfig.of(CORE, db.url(), db.user(), db.password()).withPool(1, 2))
                .script(createTable("1", "a"))
                .build());

        m.migrate();

        assertThat(historyVersions()).containsExactly("1");
    }
}
