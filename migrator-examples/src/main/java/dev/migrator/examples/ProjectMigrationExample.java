package dev.migrator.examples;

import dev.migrator.api.BackupManifest;
import dev.migrator.api.BackupRequest;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataVerification;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiProjectResult;
import dev.migrator.api.ProjectCopy;
import dev.migrator.api.ProjectCopyException;
import dev.migrator.api.ProjectCopyResult;
import dev.migrator.api.ProjectOutcome;
import dev.migrator.api.Script;
import dev.migrator.api.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Projects moved out of a shared database into databases of their own: in the shared database each project keeps its
 * tables in its own schemas ({@code acme_auth.users}, {@code acme_auth.sessions}, {@code acme_storage.objects}); each
 * project gets a database on the same server ({@code project_acme}, created when missing) whose schema migrations
 * create {@code auth.users}, {@code auth.sessions} and {@code storage.objects}, and {@link MigrationManager#copyProject}
 * copies the rows across: it migrates the target schemas, backs the target tables up, copies in foreign-key order,
 * verifies row counts and content checksums, and restores the backup when a copy fails.
 *
 * <p>First one project ({@code acme}, after a backup of its source tables), then all three at once with
 * {@link MigrationManager#copyProjects} (parallelism 2). The third project, {@code initech}, has a 50 MB object that its
 * new database refuses (objects above 25 MB belong in cold storage): its copy fails, its target tables are restored,
 * and the other projects are copied all the same.
 *
 * <p>Run it:
 *
 * <pre>{@code
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.ProjectMigrationExample
 * }</pre>
 *
 * <p>Which server: {@code MIGRATOR_URL} / {@code DATABASE_URL} as {@link StartupExample} reads them (a PostgreSQL
 * database whose user may create databases), else an embedded PostgreSQL started for this run. Against your own server
 * it creates the schemas {@code acme_auth}, {@code acme_storage} (and those of {@code globex} and {@code initech}) with
 * sample rows in that database, and the databases {@code project_acme}, {@code project_globex} and
 * {@code project_initech}; it drops nothing. Backups go to a new temporary folder, printed at the start.
 */
public final class ProjectMigrationExample {

    /** The connection name of the shared database. */
    static final String PLATFORM = "platform";

    /**
     * A project in the shared database.
     *
     * @param name its name, also the name of its connection and the prefix of its schemas
     * @param users how many users it has (sessions: two per user; objects: one per user)
     * @param oversizedObject whether one of its objects is larger than its new database accepts
     */
    record Project(String name, int users, boolean oversizedObject) {
        String authSchema() {
            return name + "_auth";
        }

        String storageSchema() {
            return name + "_storage";
        }

        long rows() {
            return users * 4L + (oversizedObject ? 1 : 0);
        }
    }

    static final List<Project> PROJECTS = List.of(
            new Project("acme", 200, false),
            new Project("globex", 60, false),
            new Project("initech", 30, true));

    private ProjectMigrationExample() {}

    public static void main(String[] args) throws IOException {
        try (ExampleDatabase started = ExampleDatabase.start()) {
            StartupExample.Database platform = started.database();
            Path backups = Files.createTempDirectory("migrator-project-backups-");
            System.out.println("Shared database: " + platform.maskedUrl());
            System.out.println("Backups:         " + backups);
            System.out.println();
            run(platform, "project_", backups);
        }
    }

    /**
     * What the example did: the single project's report (or its failure), and the outcome of all projects.
     *
     * @param sourceBackup the backup of acme's source tables taken first
     * @param single acme's copy
     * @param all every project's copy
     * @param databases each project's database
     */
    record Run(BackupManifest sourceBackup, ProjectCopyResult single, MultiProjectResult all,
            Map<String, StartupExample.Database> databases) {}

    /**
     * Creates the projects' databases when missing (named {@code databasePrefix + project}), seeds the shared database,
     * copies one project, then all of them.
     */
    static Run run(StartupExample.Database platform, String databasePrefix, Path backupDirectory) {
        Map<String, StartupExample.Database> databases = new LinkedHashMap<>();
        for (Project p : PROJECTS) {
            databases.put(p.name(), createDatabaseIfMissing(platform, databasePrefix + p.name()));
        }
        try (MigrationManager manager = manager(platform, databases, backupDirectory)) {
            // The shared database as it is before the move; its own migrations create and fill the projects' schemas.
            for (Project p : PROJECTS) {
                int applied = manager.migrate(Target.of(PLATFORM, p.authSchema())).applied().size();
                System.out.printf(Locale.ROOT, "Shared database: %s's tables in %s and %s (%s)%n", p.name(), p.authSchema(),
                        p.storageSchema(), applied == 0 ? "already there" : "created with " + p.rows() + " rows");
            }

            Project acme = PROJECTS.get(0);
            System.out.println();
            System.out.println("== One project: " + acme.name() + " ==");
            BackupManifest sourceBackup = manager.backupOperations().backup(BackupRequest.builder()
                    .target(Target.of(PLATFORM))
                    .tables(acme.authSchema() + ".users", acme.authSchema() + ".sessions", acme.storageSchema() + ".objects")
                    .label(acme.name() + "_before_move")
                    .build());
            System.out.printf(Locale.ROOT, "Backup of the source tables: %s (%d rows, %d tables, verified: %s)%n",
                    sourceBackup.id(), sourceBackup.rowCount(), sourceBackup.tables().size(),
                    manager.backupOperations().verify(sourceBackup.id()).isValid() ? "yes" : "NO");
            ProjectCopyResult single;
            try {
                // tag::copy-project[]
                single = manager.data().copyProject(copyOf(acme));
                // end::copy-project[]
                printReport(single);
            } catch (ProjectCopyException e) {
                printFailure(e);
                single = e.projectResult();
            }

            System.out.println();
            System.out.println("== All projects, two at a time ==");
            // tag::copy-projects[]
            List<ProjectCopy> copies = PROJECTS.stream().map(ProjectMigrationExample::copyOf).toList();
            MultiProjectResult all = manager.data().copyProjects(copies, 2);
            // end::copy-projects[]
            for (ProjectOutcome outcome : all.outcomes()) {
                if (outcome instanceof ProjectOutcome.Copied copied) {
                    printReport(copied.result());
                } else if (outcome instanceof ProjectOutcome.Failed failed) {
                    if (failed.error() instanceof ProjectCopyException e) {
                        printFailure(e);
                    } else {
                        System.out.println("project " + failed.project() + ": FAILED: " + failed.error().getMessage());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d of %d projects copied in %d ms; failed: %s%n", all.results().size(),
                    all.outcomes().size(), all.duration().toMillis(),
                    all.failures().isEmpty() ? "none" : all.failures().stream().map(ProjectOutcome::project).toList());
            return new Run(sourceBackup, single, all, databases);
        }
    }

    /** The copy of one project: its three tables into the same-named schemas of its own database. */
    static ProjectCopy copyOf(Project p) {
        // tag::project-copy[]
        return ProjectCopy.builder(p.name())
                .from(PLATFORM)
                // Copied in foreign-key order whatever the order here: users first, as sessions and objects refer to them.
                .tables(p.authSchema() + ".sessions", p.storageSchema() + ".objects", p.authSchema() + ".users")
                .to(p.name())
                .schema(p.authSchema(), "auth")        // acme_auth.users -> auth.users in the project's database
                .schema(p.storageSchema(), "storage")
                .options(DataMigrationOptions.builder().batchSize(100).build())
                .build();
        // end::project-copy[]
    }

    /**
     * One manager for everything: the shared database ({@value #PLATFORM}) and one connection per project, named after
     * it. Each project's database gets its schema from its own scripts.
     */
    static MigrationManager manager(StartupExample.Database platform, Map<String, StartupExample.Database> databases,
            Path backupDirectory) {
        MigrationManager.Builder builder = MigrationManager.builder()
                .connection(PLATFORM, platform.url(), platform.user(), platform.password())
                .backupDirectory(backupDirectory);
        for (Project p : PROJECTS) {
            StartupExample.Database own = databases.get(p.name());
            builder.connection(p.name(), own.url(), own.user(), own.password());
            builder.script(sourceTables(p));
            builder.script(Script.builder("1", "create_auth_tables").connection(p.name()).schema("auth")
                    .up("""
                            CREATE TABLE auth.users (id BIGINT PRIMARY KEY, email VARCHAR(320) NOT NULL UNIQUE,
                                created_at TIMESTAMPTZ NOT NULL);
                            CREATE TABLE auth.sessions (id UUID PRIMARY KEY,
                                user_id BIGINT NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
                                expires_at TIMESTAMPTZ NOT NULL);
                            CREATE INDEX ix_sessions_user ON auth.sessions (user_id);
                            """)
                    .build());
            builder.script(Script.builder("1", "create_storage_tables").connection(p.name()).schema("storage")
                    .up("""
                            -- Objects above 25 MB belong in cold storage, not in a project's database.
                            CREATE TABLE storage.objects (id BIGINT PRIMARY KEY, bucket TEXT NOT NULL, path TEXT NOT NULL,
                                owner_id BIGINT REFERENCES auth.users (id),
                                size_bytes BIGINT NOT NULL CONSTRAINT objects_size_limit CHECK (size_bytes <= 26214400));
                            """)
                    .build());
        }
        return builder.build();
    }

    /** The project's tables in the shared database, with sample rows. */
    private static Script sourceTables(Project p) {
        String auth = p.authSchema();
        String storage = p.storageSchema();
        String oversized = p.oversizedObject()
                ? "INSERT INTO " + storage + ".objects VALUES (" + (p.users() + 1) + ", 'videos', 'launch.mp4', 1, 52428800);\n"
                : "";
        return Script.builder("1", "create_project_tables").connection(PLATFORM).schema(auth)
                .up("CREATE TABLE " + auth + ".users (id BIGINT PRIMARY KEY, email VARCHAR(320) NOT NULL UNIQUE,"
                        + " created_at TIMESTAMPTZ NOT NULL);\n"
                        + "CREATE TABLE " + auth + ".sessions (id UUID PRIMARY KEY,"
                        + " user_id BIGINT NOT NULL REFERENCES " + auth + ".users (id), expires_at TIMESTAMPTZ NOT NULL);\n"
                        + "CREATE SCHEMA IF NOT EXISTS " + storage + ";\n"
                        + "CREATE TABLE " + storage + ".objects (id BIGINT PRIMARY KEY, bucket TEXT NOT NULL, path TEXT NOT NULL,"
                        + " owner_id BIGINT REFERENCES " + auth + ".users (id), size_bytes BIGINT NOT NULL);\n"
                        + "INSERT INTO " + auth + ".users SELECT i, 'user' || i || '@" + p.name() + ".example',"
                        + " timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour' FROM generate_series(1, " + p.users()
                        + ") i;\n"
                        + "INSERT INTO " + auth + ".sessions SELECT md5('" + p.name() + "' || i)::uuid, (i % " + p.users()
                        + ") + 1, timestamptz '2030-01-01 00:00:00+00' FROM generate_series(1, " + p.users() * 2 + ") i;\n"
                        + "INSERT INTO " + storage + ".objects SELECT i, 'avatars', 'user' || i || '.png', i, 1000 + i"
                        + " FROM generate_series(1, " + p.users() + ") i;\n"
                        + oversized)
                .build();
    }

    static void printReport(ProjectCopyResult r) {
        System.out.printf(Locale.ROOT, "project %s: %s, %d rows copied in %d ms (backup of the target tables: %s)%n",
                r.project(), r.complete() ? "complete" : "INCOMPLETE", r.rowsCopied(), r.duration().toMillis(),
                r.backupId().orElse("none"));
        for (ProjectCopyResult.TableCopy t : r.tables()) {
            String check = t.result().verification().flatMap(v -> v.tables().stream().findFirst())
                    .map(ProjectMigrationExample::describe).orElse("not verified");
            System.out.printf(Locale.ROOT, "  %-16s <- %-22s %5d rows   %s%n", t.target(), t.source(), t.result().written(),
                    check);
        }
        r.verification().filter(v -> !v.isValid()).ifPresent(v -> System.out.println("  problems: " + v.problems()));
    }

    static void printFailure(ProjectCopyException e) {
        ProjectCopyResult r = e.projectResult();
        System.out.printf(Locale.ROOT, "project %s: FAILED at %s after %d of %d tables; target tables %s%n", r.project(),
                r.failedTable().orElse("the start"), r.failedTable().isPresent() ? r.tables().size() - 1 : r.tables().size(),
                r.plannedTables().size(), r.restored() ? "restored from backup " + r.backupId().orElse("?") : "not restored");
        System.out.println("  " + e.code() + ": " + e.getMessage());
    }

    private static String describe(DataVerification.TableCheck c) {
        return "verified: " + c.targetRows() + " of " + c.expectedRows() + " rows"
                + (c.checksumMatches() == null ? " (checksums are compared only when the target was empty)"
                        : c.checksumMatches() ? ", checksum matches" : ", CHECKSUM DIFFERS")
                + (c.problems().isEmpty() ? "" : " " + c.problems());
    }

    /**
     * A database on the same server as {@code server}, created when it does not exist (the user needs the CREATEDB
     * privilege for that).
     */
    static StartupExample.Database createDatabaseIfMissing(StartupExample.Database server, String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Database name '" + name + "' is not a plain lower-case identifier");
        }
        Properties props = new Properties();
        if (server.user() != null) {
            props.setProperty("user", server.user());
        }
        if (server.password() != null) {
            props.setProperty("password", server.password());
        }
        try (Connection c = DriverManager.getConnection(server.url(), props)) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
            StartupExample.Database database = new StartupExample.Database(withDatabase(server.url(), name), server.user(),
                    server.password());
            System.out.println((exists ? "Project database exists:  " : "Created project database: ") + database.maskedUrl());
            return database;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + server.maskedUrl() + ": "
                    + e.getMessage() + ". Create it by hand (CREATE DATABASE " + name + ") or use a user with CREATEDB.", e);
        }
    }

    /** {@code jdbc:postgresql://host:port/db?params} with another database. */
    static String withDatabase(String jdbcUrl, String database) {
        int hosts = jdbcUrl.indexOf("//");
        if (!jdbcUrl.startsWith("jdbc:postgresql:") || hosts < 0) {
            throw new IllegalArgumentException("This example needs a PostgreSQL URL (jdbc:postgresql://host:port/db), got "
                    + dev.migrator.api.ConnectionConfig.mask(jdbcUrl));
        }
        int slash = jdbcUrl.indexOf('/', hosts + 2);
        int query = jdbcUrl.indexOf('?', hosts + 2);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int end = slash >= 0 && (query < 0 || slash < query) ? slash : (query < 0 ? jdbcUrl.length() : query);
        return jdbcUrl.substring(0, end) + "/" + database + params;
    }

    /** The rows of a query, each row's columns joined with {@code |}, for the test and for curious readers. */
    static List<String> rows(StartupExample.Database database, String sql) {
        Properties props = new Properties();
        if (database.user() != null) {
            props.setProperty("user", database.user());
        }
        if (database.password() != null) {
            props.setProperty("password", database.password());
        }
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), props); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database.maskedUrl() + ": " + e.getMessage(), e);
        }
        return out;
    }
}
