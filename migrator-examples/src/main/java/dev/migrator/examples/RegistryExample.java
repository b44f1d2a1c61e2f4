package dev.migrator.examples;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.MultiTargetResult;
import dev.migrator.api.Script;
import dev.migrator.api.ScriptState;
import dev.migrator.api.ScriptStatus;
import dev.migrator.api.StatusReport;
import dev.migrator.api.Target;
import dev.migrator.api.TargetOutcome;
import dev.migrator.api.TargetResult;
import dev.migrator.api.Version;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A registry of every database an application owns, migrated by one manager: scripts registered in code for two
 * PostgreSQL schemas ({@code core} and {@code guard}), one schema per environment ({@code cli_dev},
 * {@code cli_staging}, {@code cli_prod}, from the pattern {@code cli_{environment}}), the default schema
 * ({@code public}, with {@link Script#of}), a MongoDB metadata database, and the global configuration and object
 * definitions in etcd (JSON files of key-value operations beside the SQL scripts, under the same versions and history
 * rules: a schema {@code global} and one per environment). {@link MigrationManager#migrateAll}
 * migrates all of them with bounded parallelism, each target under its own lock, and the status of every target is
 * printed at the end.
 *
 * <p>Run it:
 *
 * <pre>{@code
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.RegistryExample
 * }</pre>
 *
 * <p>Which databases: PostgreSQL from {@code MIGRATOR_URL} (with {@code MIGRATOR_USER}, {@code MIGRATOR_PASSWORD})
 * or {@code DATABASE_URL}, as {@link StartupExample} reads them, else an embedded PostgreSQL started for this run;
 * MongoDB from {@code MIGRATOR_MONGO_URI} (it must name a database, e.g. {@code mongodb://localhost:27017/meta}), else
 * an in-process MongoDB wire-protocol server; etcd from {@code MIGRATOR_ETCD_URL} (e.g. {@code
 * etcd://localhost:2379/registry}), else an etcd answering on 127.0.0.1:2379 (keys under {@code /registry}), else the
 * etcd part is left out. Against your own databases it creates the schemas {@code core},
 * {@code guard} and {@code cli_*} and the collections {@code objects} and {@code migrator_history}; run it twice and
 * the second run applies nothing.
 */
public final class RegistryExample {

    /** The environments whose {@code cli_{environment}} schema the registry keeps. */
    static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    /** How many targets are migrated at once. */
    static final int PARALLELISM = 3;

    private RegistryExample() {}

    public static void main(String[] args) {
        String mongoUri = System.getenv("MIGRATOR_MONGO_URI");
        MongoServer embeddedMongo = null;
        try (ExampleDatabase started = ExampleDatabase.start()) {
            StartupExample.Database postgres = started.database();
            if (mongoUri == null || mongoUri.isBlank()) {
                System.out.println("No MIGRATOR_MONGO_URI set: starting an in-process MongoDB wire-protocol server ...");
                embeddedMongo = new MongoServer(new MemoryBackend());
                mongoUri = "mongodb://127.0.0.1:" + embeddedMongo.bind().getPort() + "/meta";
            }
            System.out.println("PostgreSQL: " + postgres.maskedUrl());
            System.out.println("MongoDB:    " + ConnectionConfig.mask(mongoUri.strip()));
            String etcdUrl = etcdUrl();
            System.out.println("etcd:       " + (etcdUrl == null ? "none (set MIGRATOR_ETCD_URL): its part is left out"
                    : ConnectionConfig.mask(etcdUrl)));
            System.out.println();
            migrateRegistry(postgres, mongoUri.strip(), etcdUrl);
        } finally {
            if (embeddedMongo != null) {
                embeddedMongo.shutdownNow();
            }
        }
    }

    /** {@code MIGRATOR_ETCD_URL}, else {@code /registry} on an etcd listening on 127.0.0.1:2379, else {@code null}. */
    static String etcdUrl() {
        String url = System.getenv("MIGRATOR_ETCD_URL");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 2379), 300);
            return "etcd://127.0.0.1:2379/registry";
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Builds the registry's manager, migrates every target, prints the outcome and the status; returns the outcome.
     *
     * @param etcdUrl the etcd connection, or {@code null} to leave the etcd part out
     */
    static MultiTargetResult migrateRegistry(StartupExample.Database postgres, String mongoUri, String etcdUrl) {
        try (MigrationManager manager = registry(postgres, mongoUri, etcdUrl)) {
            List<Target> targets = manager.targets();
            System.out.printf(Locale.ROOT, "migrateAll(): %d targets, at most %d at once%n", targets.size(), PARALLELISM);
            MultiTargetResult result = manager.schema().migrateAll(targets, PARALLELISM, false);
            printOutcomes(result);
            System.out.println();
            // The outcomes name each target with its schema resolved (core/public, meta/meta); targets() gives them
            // as configured (core, meta), and StatusReport.of needs the resolved form.
            printStatus(manager.status(), result.outcomes().stream().map(TargetOutcome::target).toList());
            return result;
        }
    }

    /**
     * The registry: two connections and every script in code. A script names its connection and its schema (or a
     * pattern); scripts without them ({@link Script#of}) go to the first connection's default schema.
     */
    static MigrationManager registry(StartupExample.Database postgres, String mongoUri, String etcdUrl) {
        List<Script> scripts = new ArrayList<>();

        // The default target: core connection, default schema (public). Script.of is the short form.
        scripts.add(Script.of("1", "create_registry_directory",
                "CREATE TABLE registry_directory (target TEXT PRIMARY KEY, purpose TEXT NOT NULL);\n"
                        + "INSERT INTO registry_directory VALUES ('core', 'accounts and API keys'),"
                        + " ('guard', 'rate limits and the audit log'), ('cli_{environment}', 'per-environment CLI settings'),"
                        + " ('meta (MongoDB)', 'object definitions')",
                "DROP TABLE registry_directory"));

        // core: the application's own tables. ${schema} is the target's schema; the engine also sets the search path.
        scripts.add(Script.builder("1", "create_accounts").connection("core").schema("core")
                .up("CREATE TABLE ${schema}.accounts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " email VARCHAR(320) NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                .down("DROP TABLE ${schema}.accounts")
                .build());
        scripts.add(Script.builder("2", "create_api_keys").connection("core").schema("core")
                .up("CREATE TABLE ${schema}.api_keys (id UUID PRIMARY KEY DEFAULT gen_random_uuid(),"
                        + " account_id BIGINT NOT NULL REFERENCES ${schema}.accounts (id) ON DELETE CASCADE,"
                        + " label TEXT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT false);\n"
                        + "CREATE INDEX ix_api_keys_account ON ${schema}.api_keys (account_id)")
                .down("DROP TABLE ${schema}.api_keys")
                .build());

        // guard: another schema of the same connection, with its own history table and lock.
        scripts.add(Script.builder("1", "create_rate_limits").connection("core").schema("guard")
                .up("CREATE TABLE ${schema}.rate_limits (route TEXT PRIMARY KEY, per_minute INT NOT NULL CHECK (per_minute > 0));\n"
                        + "INSERT INTO ${schema}.rate_limits VALUES ('/login', 10), ('/api', 600)")
                .down("DROP TABLE ${schema}.rate_limits")
                .build());
        scripts.add(Script.builder("2", "create_audit_log").connection("core").schema("guard")
                .up("CREATE TABLE ${schema}.audit_log (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " actor TEXT NOT NULL, action TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())")
                .down("DROP TABLE ${schema}.audit_log")
                .build());

        // cli_{environment}: one script set, expanded into one schema per environment given to environments(...).
        // One checksum for all of them: placeholders are substituted after the checksum is taken.
        scripts.add(Script.builder("1", "create_settings").connection("core").schema("cli_{environment}")
                .up("CREATE TABLE ${schema}.settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
                        + "INSERT INTO ${schema}.settings VALUES ('environment', '${environment}'), ('log_level', 'info')")
                .down("DROP TABLE ${schema}.settings")
                .build());

        // meta: a MongoDB database; its scripts are JSON command lists.
        scripts.add(Script.builder("1", "create_objects").connection("meta")
                .up("""
                        [
                          {"createCollection": "objects"},
                          {"createIndexes": "objects", "indexes": [{"key": {"name": 1}, "name": "objects_name", "unique": true}]}
                        ]""")
                .down("[{\"drop\": \"objects\"}]")
                .build());
        scripts.add(Script.builder("2", "seed_objects").connection("meta")
                .up("""
                        [
                          {"insert": "objects", "documents": [
                            {"name": "account", "label": "Account", "fields": ["email", "created_at"]},
                            {"name": "api_key", "label": "API key", "fields": ["label", "revoked"]}
                          ]}
                        ]""")
                .down("[{\"delete\": \"objects\", \"deletes\": [{\"q\": {}, \"limit\": 0}]}]")
                .build());

        MigrationManager.Builder builder = MigrationManager.builder()
                .connection("core", postgres.url(), postgres.user(), postgres.password())
                .connection("meta", mongoUri, null, null);
        if (etcdUrl != null) {
            // config: etcd, keys under /{prefix}/{schema}/. Global settings and object definitions in the schema global,
            // the CLI's settings in one schema per environment, as on PostgreSQL. Each script commits in one etcd
            // transaction with its history entry.
            scripts.add(Script.builder("1", "global_settings").connection("config").schema("global")
                    .up("""
                            [
                              {"op": "put", "key": "settings/maintenance", "value": false},
                              {"op": "put", "key": "settings/regions", "value": ["eu", "us"]}
                            ]""")
                    .down("[{\"op\": \"delete\", \"prefix\": \"settings/\"}]")
                    .build());
            scripts.add(Script.builder("2", "object_definitions").connection("config").schema("global")
                    .up("""
                            [
                              {"op": "putIfAbsent", "key": "objects/account", "value": {"label": "Account", "fields": ["email", "created_at"]}},
                              {"op": "putIfAbsent", "key": "objects/api_key", "value": {"label": "API key", "fields": ["label", "revoked"]}}
                            ]""")
                    .down("[{\"op\": \"delete\", \"prefix\": \"objects/\"}]")
                    .build());
            scripts.add(Script.builder("1", "environment_settings").connection("config").schema("cli_{environment}")
                    .up("[{\"op\": \"put\", \"key\": \"settings/environment\", \"value\": \"${environment}\"}]")
                    .down("[{\"op\": \"delete\", \"prefix\": \"settings/\"}]")
                    .build());
            builder.connection("config", etcdUrl, null, null);
        }
        return builder
                .environments(ENVIRONMENTS.toArray(String[]::new))
                .scripts(scripts)
                .build();
    }

    static void printOutcomes(MultiTargetResult result) {
        for (TargetOutcome outcome : result.outcomes()) {
            if (outcome instanceof TargetOutcome.Migrated migrated) {
                TargetResult r = migrated.result();
                System.out.printf(Locale.ROOT, "  %-24s migrated: %d script(s) applied, now at version %s (%d ms)%n",
                        outcome.target(), r.applied().size(), r.currentVersion().map(Version::toString).orElse("-"),
                        r.duration().toMillis());
            } else if (outcome instanceof TargetOutcome.Failed failed) {
                System.out.printf(Locale.ROOT, "  %-24s FAILED: %s%n", outcome.target(), failed.error().getMessage());
            } else {
                System.out.printf(Locale.ROOT, "  %-24s not started (an earlier target failed)%n", outcome.target());
            }
        }
        System.out.printf(Locale.ROOT, "migrateAll(): %s in %d ms%n",
                result.allMigrated() ? "every target is up to date" : result.failures().size() + " target(s) failed",
                result.duration().toMillis());
    }

    /** The status of every target, in the order given (schemas resolved): a summary line, then its scripts. */
    static void printStatus(StatusReport report, List<Target> targets) {
        System.out.println("status() per target:");
        for (Target target : targets) {
            List<ScriptStatus> scripts = report.of(target);
            long applied = scripts.stream().filter(s -> s.state() == ScriptState.APPLIED).count();
            System.out.printf(Locale.ROOT, "  %-24s %d of %d script(s) applied%s%n", target, applied, scripts.size(),
                    applied == scripts.size() ? ", up to date" : "");
            for (ScriptStatus s : scripts) {
                System.out.printf(Locale.ROOT, "      %-4s %-28s %s%n", s.version(), s.name(), s.state());
            }
        }
    }
}
