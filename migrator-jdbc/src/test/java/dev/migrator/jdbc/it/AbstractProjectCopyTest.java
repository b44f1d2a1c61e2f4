package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectCopyException;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.api.ProjectOutcome;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project copies end to end: a project's tables copied from the test database into a second database whose tables
 * the schema migrations create, in foreign-key order, with a backup of the target tables and a restore on failure.
 */
abstract class AbstractProjectCopyTest extends ItSupport {

    /** The connection name of the second database, the copies' target. */
    static final String TARGET = "target";

    @TempDir
    Path dir;

    TestDatabase target;
    private final List<MigrationManager> own = new ArrayList<>();

    AbstractProjectCopyTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /**
     * The target schema a source schema is copied into: the same name where the second database has its own schemas
     * (PostgreSQL), another unique name where schemas are databases shared by the server (MariaDB).
     */
    abstract String targetSchemaFor(String sourceSchema);

    @BeforeEach
    void openTarget() {
        target = postgres() ? TestDatabases.postgres() : TestDatabases.mariadb();
    }

    @AfterEach
    void closeTarget() {
        // Managers first: a database with open connections cannot be dropped.
        own.forEach(MigrationManager::close);
        own.clear();
        if (target != null) {
            target.close();
        }
    }

    /** A manager over the test database ({@code core}) and the second database ({@code target}). */
    MigrationManager manager(List<Script> scripts) {
        MigrationManager m = builder().connection(TARGET, target.url(), target.user(), target.password())
                .backupDirectory(dir.resolve("backups")).scripts(scripts).build();
        own.add(m);
        return m;
    }

    // ---------------------------------------------------------------- schema and data

    private static String usersDdl(String s) {
        return "CREATE TABLE " + s + ".users (id bigint PRIMARY KEY, email varchar(200) NOT NULL, active boolean)";
    }

    private static String sessionsDdl(String s, String check) {
        return "CREATE TABLE " + s + ".sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL, token varchar(100), "
                + "CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES " + s + ".users (id)" + check + ")";
    }

    private static String objectsDdl(String s, String auth, String check) {
        return "CREATE TABLE " + s + ".objects (id varchar(50) PRIMARY KEY, owner_id bigint NOT NULL, bucket varchar(50), "
                + "size bigint, CONSTRAINT fk_objects_owner FOREIGN KEY (owner_id) REFERENCES " + auth + ".users (id)"
                + check + ")";
    }

    /** The target's schema migrations: users and sessions in {@code auth}, objects (owned by a user) in {@code storage}. */
    private static List<Script> targetScripts(String auth, String storage, String objectsCheck) {
        List<Script> scripts = new ArrayList<>();
        scripts.add(Script.builder("1", "auth_tables").connection(TARGET).schema(auth)
                .up(usersDdl(auth) + ";\n" + sessionsDdl(auth, "") + ";").build());
        if (storage != null) {
            scripts.add(Script.builder("1", "storage_tables").connection(TARGET).schema(storage)
                    .up(objectsDdl(storage, auth, objectsCheck) + ";").build());
        }
        return scripts;
    }

    /** Source tables with {@code users} users, twice as many sessions and {@code objects} objects. */
    private void sourceProject(String auth, String storage, int users, int objects) {
        createSchema(auth);
        sql(usersDdl(auth), sessionsDdl(auth, ""));
        insert(auth + ".users", users, i -> i + ", 'user" + i + "@example.com', " + (i % 2 == 0 ? "true" : "false"));
        insert(auth + ".sessions", users * 2, i -> i + ", " + (i % users + 1) + ", 'token-" + i + "'");
        if (storage != null) {
            createSchema(storage);
            sql(objectsDdl(storage, auth, ""));
            insert(storage + ".objects", objects, i -> "'obj-" + i + "', " + (i % users + 1) + ", 'avatars', " + i * 10);
        }
    }

    private void insert(String table, int rows, java.util.function.IntFunction<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            b.append(b.length() == 0 ? "" : ", ").append('(').append(values.apply(i)).append(')');
        }
        if (rows > 0) {
            sql("INSERT INTO " + table + " VALUES " + b);
        }
    }

    /** Runs statements on the second database. */
    void targetSql(String... statements) {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Target setup statement failed: " + e.getMessage(), e);
        }
    }

    /** Every row of a table as text, ordered by its first column. */
    static List<String> rows(TestDatabase d, String qualified, String columns) {
        List<String> out = new ArrayList<>();
        try (Connection c = d.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + qualified + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query of " + qualified + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static final String USERS = "id, email, active";
    private static final String SESSIONS = "id, user_id, token";
    private static final String OBJECTS = "id, owner_id, bucket, size";

    private void assertCopied(String from, String to, String table, String columns) {
        assertThat(rows(target, to + "." + table, columns)).as(to + "." + table)
                .isNotEmpty()
                .containsExactlyElementsOf(rows(db, from + "." + table, columns));
    }

    private boolean targetSchemaExists(String schema) {
        return !rowsOf(target, "SELECT schema_name FROM information_schema.schemata WHERE schema_name = '" + schema + "'")
                .isEmpty();
    }

    private static List<String> rowsOf(TestDatabase d, String query) {
        List<String> out = new ArrayList<>();
        try (Connection c = d.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    // ---------------------------------------------------------------- tests

    @Test
    void copyProject_tablesOfTwoSchemas_createdByMigrationsAndCopiedInForeignKeyOrder() {
        String auth = uniqueSchema("auth");
        String storage = uniqueSchema("storage");
        String authT = targetSchemaFor(auth);
        String storageT = targetSchemaFor(storage);
        sourceProject(auth, storage, 120, 60);
        MigrationManager m = manager(targetScripts(authT, storageT, ""));
        ProjectCopy.Builder project = ProjectCopy.builder("acme")
                .from(CORE)
                .tables(auth + ".sessions", storage + ".objects", auth + ".users") // sessions named before users
                .to(TARGET)
                .options(DataMigrationOptions.builder().batchSize(50).build());
        if (!authT.equals(auth)) {
            project.schema(auth, authT).schema(storage, storageT);
        }

        ProjectCopyResult result = m.copyProject(project.build());

        assertCopied(auth, authT, "users", USERS);
        assertCopied(auth, authT, "sessions", SESSIONS);
        assertCopied(storage, storageT, "objects", OBJECTS);
        List<String> order = result.tables().stream().map(ProjectCopyResult.TableCopy::target).toList();
        assertThat(order).containsExactlyInAnyOrder(authT + ".users", authT + ".sessions", storageT + ".objects");
        assertThat(order.get(0)).isEqualTo(authT + ".users");
        assertThat(result.plannedTables()).isEqualTo(order);
        assertThat(result.table(authT + ".sessions")).hasValueSatisfying(t -> {
            assertThat(t.source()).isEqualTo(auth + ".sessions");
            assertThat(t.result().migration()).isEqualTo("project_acme_" + authT + "_sessions");
            assertThat(t.result().written()).isEqualTo(240);
        });
        assertThat(result.rowsCopied()).isEqualTo(120 + 240 + 60);
        assertThat(result.complete()).isTrue();
        assertThat(result.restored()).isFalse();
        assertThat(result.backupId()).hasValueSatisfying(id -> assertThat(id).contains("project_acme"));
        assertThat(result.tables()).allSatisfy(t -> assertThat(t.result().backupId()).isEmpty());
        assertThat(result.verification()).hasValueSatisfying(v -> {
            assertThat(v.isValid()).as("%s", v.problems()).isTrue();
            assertThat(v.tables()).hasSize(3).allSatisfy(c -> assertThat(c.checksumMatches()).isTrue());
        });
        // The schema migrations ran on the target and created the tables.
        assertThat(rowsOf(target, "SELECT version FROM " + authT + ".migrator_history")).containsExactly("1");
        assertThat(rowsOf(target, "SELECT version FROM " + storageT + ".migrator_history")).containsExactly("1");
    }

    @Test
    void copyProject_rowViolatesTargetCheck_restoresTargetTablesAndThrowsWithReport() {
        String auth = uniqueSchema("auth");
        String storage = uniqueSchema("storage");
        String authT = targetSchemaFor(auth);
        String storageT = targetSchemaFor(storage);
        sourceProject(auth, storage, 30, 20);
        sql("INSERT INTO " + storage + ".objects VALUES ('obj-huge', 1, 'videos', 5000)");
        MigrationManager m = manager(targetScripts(authT, storageT, ", CONSTRAINT size_limit CHECK (size <= 1000)"));
        m.migrate(Target.of(TARGET, authT));
        m.migrate(Target.of(TARGET, storageT));
        targetSql("INSERT INTO " + authT + ".users VALUES (900, 'old@example.com', true)",
                "INSERT INTO " + authT + ".sessions VALUES (900, 900, 'old-token')",
                "INSERT INTO " + storageT + ".objects VALUES ('keep', 900, 'docs', 10)");
        ProjectCopy.Builder b = ProjectCopy.builder("failing").from(CORE)
                .tables(auth + ".users", auth + ".sessions", storage + ".objects").to(TARGET);
        if (!authT.equals(auth)) {
            b.schema(auth, authT).schema(storage, storageT);
        }
        ProjectCopy project = b.build();

        assertThatThrownBy(() -> m.copyProject(project)).isInstanceOfSatisfying(ProjectCopyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_FAILED);
            assertThat(e.getMessage()).contains("Project failing failed copying " + storage + ".objects into "
                    + storageT + ".objects (2 of 3 tables done)").contains("size_limit")
                    .contains("The target tables were restored from backup");
            ProjectCopyResult report = e.projectResult();
            assertThat(report.restored()).isTrue();
            assertThat(report.complete()).isFalse();
            assertThat(report.backupId()).isPresent();
            assertThat(report.failedTable()).contains(storageT + ".objects");
            assertThat(report.plannedTables()).hasSize(3);
            assertThat(report.tables()).extracting(ProjectCopyResult.TableCopy::target)
                    .startsWith(authT + ".users", authT + ".sessions");
            assertThat(report.table(authT + ".users")).hasValueSatisfying(t -> assertThat(t.result().written()).isEqualTo(30));
        });

        // Every target table is back as it was before the copy.
        assertThat(rows(target, authT + ".users", USERS)).containsExactly("900|old@example.com|"
                + (postgres() ? "t" : "1"));
        assertThat(rows(target, authT + ".sessions", SESSIONS)).containsExactly("900|900|old-token");
        assertThat(rows(target, storageT + ".objects", OBJECTS)).containsExactly("keep|900|docs|10");

        // Once the offending row is fixed, the next run copies everything afresh.
        sql("UPDATE " + storage + ".objects SET size = 500 WHERE id = 'obj-huge'");
        ProjectCopyResult again = m.copyProject(project);
        assertThat(again.complete()).isTrue();
        assertThat(rows(target, authT + ".users", "id")).hasSize(31).contains("900");
        assertThat(rows(target, storageT + ".objects", OBJECTS)).hasSize(22).contains("obj-huge|1|videos|500", "keep|900|docs|10");
        assertThat(again.table(authT + ".sessions")).hasValueSatisfying(t -> assertThat(t.result().written()).isEqualTo(60));
    }

    @Test
    void copyProject_missingSourceTable_refusedBeforeAnythingIsWritten() {
        String auth = uniqueSchema("auth");
        String authT = targetSchemaFor(auth);
        sourceProject(auth, null, 5, 0);
        MigrationManager m = manager(targetScripts(authT, null, ""));
        ProjectCopy.Builder b = ProjectCopy.builder("missing").from(CORE, auth).tables("users", "invoices").to(TARGET);
        if (!authT.equals(auth)) {
            b.schema(auth, authT);
        }
        ProjectCopy project = b.build();

        assertThatThrownBy(() -> m.copyProject(project)).isInstanceOfSatisfying(ProjectCopyException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_SOURCE_INVALID);
            assertThat(e.getMessage()).isEqualTo("Project missing cannot start: on source connection 'core', table "
                    + auth + ".invoices does not exist (tables of " + auth + ": [sessions, users]). Nothing was written.");
            assertThat(e.projectResult().tables()).isEmpty();
            assertThat(e.projectResult().backupId()).isEmpty();
        });
        assertThat(targetSchemaExists(authT)).as("target schema created").isFalse();
        assertThat(m.backups().list()).isEmpty();
    }

    @Test
    void copyProjects_threeProjectsParallelismTwo_oneFailing_othersCopiedAndFailureReported() {
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<Script> scripts = new ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            String s = uniqueSchema("p" + p);
            String t = uniqueSchema("p" + p + "_t");
            sourceProject(s, null, 40, 0);
            sources.add(s);
            targets.add(t);
            // The second project's target refuses sessions whose token is longer than 7 characters: token-10 and on.
            String check = p == 2 ? ", CONSTRAINT token_length CHECK (char_length(token) <= 7)" : "";
            scripts.add(Script.builder("1", "tables").connection(TARGET).schema(t)
                    .up(usersDdl(t) + ";\n" + sessionsDdl(t, check) + ";").build());
        }
        MigrationManager m = manager(scripts);
        List<ProjectCopy> projects = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            projects.add(ProjectCopy.builder("tenant" + (p + 1)).from(CORE, sources.get(p)).to(TARGET)
                    .schema(sources.get(p), targets.get(p)).build());
        }

        MultiProjectResult result = m.copyProjects(projects, 2);

        assertThat(result.outcomes()).extracting(ProjectOutcome::project).containsExactly("tenant1", "tenant2", "tenant3");
        assertThat(result.allCopied()).isFalse();
        assertThat(result.outcomes().get(0)).isInstanceOf(ProjectOutcome.Copied.class);
        assertThat(result.outcomes().get(2)).isInstanceOf(ProjectOutcome.Copied.class);
        assertThat(result.results()).extracting(ProjectCopyResult::project).containsExactly("tenant1", "tenant3");
        assertThat(result.results()).allSatisfy(r -> {
            assertThat(r.complete()).isTrue();
            assertThat(r.rowsCopied()).isEqualTo(120);
        });
        for (int p : new int[] {0, 2}) {
            assertCopied(sources.get(p), targets.get(p), "users", USERS);
            assertCopied(sources.get(p), targets.get(p), "sessions", SESSIONS);
        }
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.project()).isEqualTo("tenant2");
            assertThat(f.error()).isInstanceOfSatisfying(ProjectCopyException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DATA_FAILED);
                assertThat(e.getMessage()).contains("token_length");
                assertThat(e.projectResult().restored()).isTrue();
                assertThat(e.projectResult().failedTable()).contains(targets.get(1) + ".sessions");
            });
        });
        // The failed project's target is back to empty.
        assertThat(rows(target, targets.get(1) + ".users", USERS)).isEmpty();
        assertThat(rows(target, targets.get(1) + ".sessions", SESSIONS)).isEmpty();
    }

    @Test
    void copyProjects_parallelismOutOfRange_throwsNamingTheRange() {
        MigrationManager m = manager(List.of());
        List<ProjectCopy> none = List.of(ProjectCopy.builder("x").from(CORE).to(TARGET).build());

        assertThatThrownBy(() -> m.copyProjects(none, 0)).isInstanceOf(ConfigurationException.class)
                .hasMessage("copyProjects parallelism is 0; allowed: 1 to 32.");
        assertThatThrownBy(() -> m.copyProjects(none, 33)).isInstanceOf(ConfigurationException.class)
                .hasMessage("copyProjects parallelism is 33; allowed: 1 to 32.");
    }
}
