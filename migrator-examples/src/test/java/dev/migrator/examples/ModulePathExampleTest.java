package dev.migrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.jdbc.testing.Ci;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.jdbc.testing.TestDatabases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples as users launch them, each in a child JVM built from exactly the examples' run-time dependencies (no
 * test jars, no JUnit): on the module path, where {@code dev.migrator.examples} reads {@code dev.migrator.api} alone
 * and the engine and the backends are bound as services, and on the class path, with the same output. Then the proof
 * that the module path enforces the public surface: the engine's and the backends' classes, public or not, cannot be
 * reached, while the same probe on the class path reaches them.
 *
 * <p>The dependencies come from Maven ({@code migrator.runtime.classpath}, set in this module's pom); run from an IDE
 * without it, the test is skipped and says why.
 */
class ModulePathExampleTest {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** Lines whose timings and dates differ from run to run; replaced before two runs' outputs are compared. */
    private static final String TIMES = "\\d+ ms|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}";

    private static List<Path> runtime;

    @TempDir
    Path work;

    record Launch(int exit, String out, String err) {

        /** The output with timings and dates blanked (and the padding their widths change), to compare two runs. */
        String shape() {
            return out.replaceAll(TIMES, "#").replaceAll(" +", " ");
        }
    }

    /** Where each run-time dependency goes when the examples run on the module path. */
    record Layout(List<Path> modulePath, List<Path> classPath) {

        static Layout of(List<Path> runtime) {
            // mongo-java-server (the in-process MongoDB server) splits package de.bwaldvogel.mongo between its -core and
            // -memory-backend jars, and a package may be in one module only: it stays on the class path (see
            // migrator-examples' module-info.java). The netty jars go on the module path: Vert.x, which jetcd
            // (migrator-etcd) brings, is a named module requiring them, and class-path code reads them there too.
            List<Path> classPath = runtime.stream().filter(Layout::classPathOnly).toList();
            List<Path> modulePath = runtime.stream().filter(p -> !classPathOnly(p)).toList();
            return new Layout(modulePath, classPath);
        }

        private static boolean classPathOnly(Path entry) {
            String name = entry.getFileName().toString();
            return name.startsWith("mongo-java-server");
        }
    }

    @BeforeAll
    static void runtimeClasspath() {
        String listed = System.getProperty("migrator.runtime.classpath", "");
        if (Ci.isOn()) {
            assertThat(listed).as("migrator.runtime.classpath, set by migrator-examples' surefire configuration")
                    .startsWith("list:[");
        }
        Assumptions.assumeTrue(listed.startsWith("list:["), "migrator.runtime.classpath is not set: run this test "
                + "with Maven (`mvn -pl migrator-examples -am test -Dtest=ModulePathExampleTest`)");
        // Maven writes the list as "list:[a, b, c]" (a List's toString: see the pom).
        runtime = Arrays.stream(listed.substring("list:[".length(), listed.length() - 1).split(", "))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).filter(Files::exists).toList();
        assertThat(runtime).as("the examples' run-time class path").isNotEmpty();
    }

    @Test
    void startupExample_onTheModulePath_migratesThenFindsNothingPending_withTheEngineBoundAsAService() throws Exception {
        try (TestDatabase db = TestDatabases.postgres()) {
            Layout layout = Layout.of(runtime);
            List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Xmx256m",
                    "--module-path", joined(layout.modulePath()), "--class-path", joined(layout.classPath()),
                    "--show-module-resolution",
                    "--module", "dev.migrator.examples/dev.migrator.examples.StartupExample"));

            Launch first = launch(command, database(db));
            assertThat(first.exit()).as(first.err()).isZero();
            // Resolved as named modules: the examples are the root, and the engine and both backends come in only
            // because they provide services the API and the engine use (the examples do not require them).
            assertThat(first.out())
                    .contains("root dev.migrator.examples ")
                    .contains("dev.migrator.api binds dev.migrator.core ")
                    .contains("dev.migrator.core binds dev.migrator.jdbc ")
                    .contains("dev.migrator.core binds dev.migrator.mongo ")
                    .doesNotContain("dev.migrator.examples requires dev.migrator.core");
            assertThat(first.out()).contains("migrate(): applied 4 script(s)")
                    .containsPattern("\\n  1 +create_users +3 statement\\(s\\)")
                    .containsPattern("\\n  4 +active_sessions_view +1 statement\\(s\\)")
                    .containsPattern("\\n  4 +active_sessions_view +APPLIED");
            assertThat(first.err()).doesNotContain("Exception");

            Launch second = launch(command, database(db));
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).contains("migrate(): nothing pending, database is up to date");
        }
    }

    @Test
    void startupExample_onTheClassPath_printsWhatItPrintsOnTheModulePath() throws Exception {
        Launch onClassPath;
        Launch onModulePath;
        try (TestDatabase db = TestDatabases.postgres()) {
            onClassPath = launch(List.of(JAVA.toString(), "-Xmx256m", "--class-path", joined(runtime),
                    "dev.migrator.examples.StartupExample"), database(db));
        }
        try (TestDatabase db = TestDatabases.postgres()) {
            Layout layout = Layout.of(runtime);
            onModulePath = launch(List.of(JAVA.toString(), "-Xmx256m", "--module-path", joined(layout.modulePath()),
                    "--class-path", joined(layout.classPath()),
                    "--module", "dev.migrator.examples/dev.migrator.examples.StartupExample"), database(db));
        }
        assertThat(onClassPath.exit()).as(onClassPath.err()).isZero();
        assertThat(onModulePath.exit()).as(onModulePath.err()).isZero();
        assertThat(onClassPath.out()).contains("migrate(): applied 4 script(s)");
        // Each ran on its own fresh database: the same lines, the same scripts, only the timings differ.
        assertThat(onModulePath.shape()).isEqualTo(onClassPath.shape().replace(
                databaseLine(onClassPath).replaceAll(" +", " "), databaseLine(onModulePath).replaceAll(" +", " ")));
    }

    @Test
    void mongoExample_onTheModulePath_withTheInProcessServerOnTheClassPath_migrates() throws Exception {
        Layout layout = Layout.of(runtime);
        // The in-process server is on the class path (a split package): the examples module reads it there.
        Launch run = launch(List.of(JAVA.toString(), "-Xmx256m", "--module-path", joined(layout.modulePath()),
                "--class-path", joined(layout.classPath()), "--add-reads", "dev.migrator.examples=ALL-UNNAMED",
                "--module", "dev.migrator.examples/dev.migrator.examples.MongoExample"), Map.of());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("migrate(): applied 3 script(s)")
                .containsPattern("\\n  3 +normalise_emails +1 statement\\(s\\)")
                .contains("migrate(): nothing pending, database is up to date");
    }

    @Test
    void engineAndBackendClasses_onTheModulePath_cannotBeReached_whileTheApiCan() throws Exception {
        Path probe = writeProbe();
        List<String> targets = List.of(
                "dev.migrator.api.MigrationManager#builder",
                "dev.migrator.core.CoreEngineProvider#new",
                "dev.migrator.core.internal.metadata.FileMetadataLoaderProvider#new",
                "dev.migrator.jdbc.JdbcBackendProvider#new",
                "dev.migrator.mongo.MongoBackendProvider#new");
        Layout layout = Layout.of(runtime);

        List<String> onModulePath = new ArrayList<>(List.of(JAVA.toString(), "--module-path",
                joined(layout.modulePath()), "--add-modules",
                "dev.migrator.api,dev.migrator.core,dev.migrator.jdbc,dev.migrator.mongo", probe.toString()));
        onModulePath.addAll(targets);
        Launch modules = launch(onModulePath, Map.of());
        assertThat(modules.exit()).as(modules.err()).isZero();
        assertThat(modules.out().lines()).containsExactly(
                "dev.migrator.api.MigrationManager#builder: reached",
                "dev.migrator.core.CoreEngineProvider#new: IllegalAccessException: module dev.migrator.core does not"
                        + " export dev.migrator.core",
                "dev.migrator.core.internal.metadata.FileMetadataLoaderProvider#new: IllegalAccessException: module"
                        + " dev.migrator.core does not export dev.migrator.core.internal.metadata",
                "dev.migrator.jdbc.JdbcBackendProvider#new: IllegalAccessException: module dev.migrator.jdbc does not"
                        + " export dev.migrator.jdbc",
                "dev.migrator.mongo.MongoBackendProvider#new: IllegalAccessException: module dev.migrator.mongo does"
                        + " not export dev.migrator.mongo");

        // The same probe on the class path reaches every one of them: what stops it above is the module path.
        List<String> onClassPath = new ArrayList<>(List.of(JAVA.toString(), "--class-path", joined(runtime),
                probe.toString()));
        onClassPath.addAll(targets);
        Launch classes = launch(onClassPath, Map.of());
        assertThat(classes.exit()).as(classes.err()).isZero();
        assertThat(classes.out().lines()).hasSize(targets.size()).allMatch(line -> line.endsWith(": reached"));
    }

    @Test
    void moduleDescriptors_exportTheApiAndSpiOnly_andDeclareTheirProviders() throws Exception {
        Map<String, String> described = new HashMap<>();
        for (String module : List.of("dev.migrator.api", "dev.migrator.core", "dev.migrator.jdbc", "dev.migrator.mongo")) {
            Launch d = launch(List.of(JAVA.toString(), "--module-path", joined(Layout.of(runtime).modulePath()),
                    "--describe-module", module), Map.of());
            assertThat(d.exit()).as(d.err()).isZero();
            described.put(module, d.out());
        }
        assertThat(exports(described.get("dev.migrator.api"))).containsExactlyInAnyOrder(
                "exports dev.migrator.api", "exports dev.migrator.spi",
                "qualified exports dev.migrator.spi.engine to dev.migrator.core");
        assertThat(described.get("dev.migrator.api"))
                .contains("uses dev.migrator.spi.engine.EngineProvider")
                .contains("uses dev.migrator.spi.MetadataLoaderProvider");
        for (String module : List.of("dev.migrator.core", "dev.migrator.jdbc", "dev.migrator.mongo")) {
            assertThat(exports(described.get(module))).as(module + " exports").isEmpty();
        }
        assertThat(described.get("dev.migrator.core"))
                .contains("provides dev.migrator.spi.engine.EngineProvider with dev.migrator.core.CoreEngineProvider")
                .contains("uses dev.migrator.spi.BackendProvider");
        assertThat(described.get("dev.migrator.jdbc"))
                .contains("provides dev.migrator.spi.BackendProvider with dev.migrator.jdbc.JdbcBackendProvider");
        assertThat(described.get("dev.migrator.mongo"))
                .contains("provides dev.migrator.spi.BackendProvider with dev.migrator.mongo.MongoBackendProvider");
    }

    private static List<String> exports(String description) {
        return description.lines().filter(l -> l.startsWith("exports ") || l.startsWith("qualified exports "))
                .collect(Collectors.toList());
    }

    private static String databaseLine(Launch launch) {
        return launch.out().lines().filter(l -> l.startsWith("Database: ")).findFirst().orElse("Database: ?");
    }

    /**
     * A program compiled from source into the unnamed module: for each {@code class#method} argument it calls the
     * public static no-argument method ({@code #new}: the public no-argument constructor) by reflection and prints
     * {@code reached} or the exception, with the part of its message that names the module and the package.
     */
    private Path writeProbe() throws Exception {
        Path probe = work.resolve("Probe.java");
        Files.writeString(probe, String.join("\n",
                "public class Probe {",
                "    public static void main(String[] targets) throws Exception {",
                "        for (String target : targets) {",
                "            String[] parts = target.split(\"#\");",
                "            Class<?> type = Class.forName(parts[0]);",
                "            try {",
                "                if (parts[1].equals(\"new\")) {",
                "                    type.getConstructor().newInstance();",
                "                } else {",
                "                    type.getMethod(parts[1]).invoke(null);",
                "                }",
                "                System.out.println(target + \": reached\");",
                "            } catch (IllegalAccessException e) {",
                "                String m = e.getMessage();",
                "                String because = m.substring(m.indexOf(\"because \") + \"because \".length());",
                "                System.out.println(target + \": IllegalAccessException: \""
                        + " + because.substring(0, because.indexOf(\" to unnamed module\")));",
                "            }",
                "        }",
                "    }",
                "}", ""), StandardCharsets.UTF_8);
        return probe;
    }

    private static Map<String, String> database(TestDatabase db) {
        Map<String, String> env = new HashMap<>(Map.of("MIGRATOR_URL", db.url()));
        if (db.user() != null) {
            env.put("MIGRATOR_USER", db.user());
        }
        if (db.password() != null && !db.password().isEmpty()) {
            env.put("MIGRATOR_PASSWORD", db.password());
        }
        return env;
    }

    private Launch launch(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // Only what the test gives decides which database the child uses.
        pb.environment().keySet().removeIf(k -> k.startsWith("MIGRATOR_") || k.startsWith("DATABASE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 180 s: " + command);
        }
        return new Launch(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String joined(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
