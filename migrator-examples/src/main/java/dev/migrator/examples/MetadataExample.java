package dev.migrator.examples;

import dev.migrator.api.MetadataImport;
import dev.migrator.api.MetadataItem;
import dev.migrator.api.MetadataLoader;
import dev.migrator.api.MetadataLoaders;
import dev.migrator.api.MetadataManager;
import dev.migrator.api.MetadataProblem;
import dev.migrator.api.MetadataQuery;
import dev.migrator.api.MetadataResults;
import dev.migrator.api.MetadataScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Metadata moved from files into a database and back: a folder of {@code {name}.{type}.json} / {@code .yaml} files
 * (object and view definitions) is copied into a {@code database:} loader on PostgreSQL, a user's own view is saved
 * through the hybrid strategy (system metadata in files, user metadata in the database), and then the rollback copies
 * the database back into the files with {@code REPLACE} and checks that every original file still has its original
 * content.
 *
 * <p>Run it:
 *
 * <pre>{@code
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.MetadataExample
 * mvn -q -B -pl migrator-examples exec:java -Dexec.mainClass=dev.migrator.examples.MetadataExample -Dexec.args=path/to/metadata
 * }</pre>
 *
 * <p>Which files: the folder given as the first argument, copied into a temporary working folder first so that the
 * example never changes it; with no argument the example writes five sample files there. Which database:
 * {@code MIGRATOR_URL} / {@code DATABASE_URL} as {@link StartupExample} reads them, else an embedded PostgreSQL started
 * for this run. The items go into table {@code _framework_metadata} of schema {@value #SCHEMA} (created when missing);
 * the example leaves it there, so a second run finds every item unchanged.
 */
public final class MetadataExample {

    /** The schema of the {@code database:} loader's table. */
    static final String SCHEMA = "metadata_example";

    /** The user's view saved through the strategy. */
    // tag::user-view[]
    static final MetadataItem USER_VIEW = MetadataItem.of("view", "my_open_leads", Map.of(
                    "title", "My open leads",
                    "object", "lead",
                    "columns", List.of("name", "status", "owner"),
                    "filter", Map.of("owner", "$currentUser", "status", Map.of("$ne", "closed"))))
            .withScope(MetadataScope.USER);
    // end::user-view[]

    private MetadataExample() {}

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("migrator-metadata-");
        try (ExampleDatabase started = ExampleDatabase.start()) {
            StartupExample.Database database = started.database();
            Path files = work.resolve("metadata");
            if (args.length > 0) {
                Path given = Path.of(args[0]);
                System.out.println("Copying " + given.toAbsolutePath() + " to " + files + " (your folder is not changed)");
                copyFolder(given, files);
            } else {
                System.out.println("No folder given: writing sample metadata files to " + files + " (deleted at the end)");
                writeSampleFiles(files);
            }
            System.out.println("Database: " + database.maskedUrl() + ", schema " + SCHEMA);
            System.out.println();
            RoundTrip trip = roundTrip(files, database, SCHEMA);
            if (!trip.changedFiles().isEmpty()) {
                throw new IllegalStateException("The rollback changed " + trip.changedFiles());
            }
        } finally {
            deleteFolder(work);
        }
    }

    /**
     * What the round trip found: the content check of every original file, the files the rollback added, and the
     * results of the two copies.
     *
     * @param originals the original files (relative paths)
     * @param changedFiles originals whose content differs after the rollback; empty when the rollback is faithful
     * @param addedFiles files that exist only after the rollback (the user's items, now as files)
     */
    record RoundTrip(List<String> originals, List<String> changedFiles, List<String> addedFiles,
            MetadataResults.Import toDatabase, MetadataResults.Import rollback) {}

    /** Files → database, a user item through the strategy, database → files (REPLACE), and the content check. */
    static RoundTrip roundTrip(Path files, StartupExample.Database database, String schema) throws IOException {
        Map<String, byte[]> before = snapshot(files);
        Map<String, String> checksumsBefore = checksums(files);
        MetadataResults.Import toDatabase;
        MetadataResults.Import rollback;
        try (MetadataManager metadata = manager(files, database, schema)) {
            MetadataLoader fileLoader = metadata.loaders().get("file-loader");
            MetadataLoader databaseLoader = metadata.loaders().get("database-loader");
            List<MetadataItem> fromFiles = fileLoader.list(MetadataQuery.all());
            System.out.printf(Locale.ROOT, "1. The files hold %d item(s): %s%n", fromFiles.size(), countByType(fromFiles));
            for (MetadataProblem problem : fileLoader.problems()) {
                System.out.println("   problem (this file is left out): " + problem);
            }

            // tag::files-to-database[]
            MetadataResults.Import preview = metadata.copy("file-loader", "database-loader",
                    MetadataImport.Strategy.MERGE, true);
            System.out.println("2. Dry run of files -> database (MERGE): " + describe(preview));
            toDatabase = metadata.copy("file-loader", "database-loader", MetadataImport.Strategy.MERGE, false);
            // end::files-to-database[]
            System.out.println("   files -> database (MERGE):            " + describe(toDatabase));
            MetadataResults.Stats stats = metadata.stats();
            System.out.println("   stats(): " + stats.total() + " item(s) in all, by loader " + new TreeMap<>(stats.byLoader()));

            // tag::save[]
            MetadataItem saved = metadata.save(USER_VIEW);
            // end::save[]
            System.out.printf(Locale.ROOT, "3. Saved the user's view %s (scope %s): in the database %s, as a file %s%n",
                    saved.key(), saved.scope(),
                    databaseLoader.get("view", USER_VIEW.name(), MetadataItem.DEFAULT_NAMESPACE).isPresent() ? "yes" : "no",
                    fileLoader.get("view", USER_VIEW.name(), MetadataItem.DEFAULT_NAMESPACE).isPresent() ? "yes" : "no");
            System.out.println("   get(\"view\", \"" + USER_VIEW.name() + "\") through the manager: "
                    + metadata.get("view", USER_VIEW.name()).map(i -> "found, title '" + i.body().get("title") + "'")
                            .orElse("not found"));

            // tag::rollback[]
            // The rollback: the database is the truth now, and the files become equal to it.
            MetadataResults.Import rollbackPreview = metadata.copy("database-loader", "file-loader",
                    MetadataImport.Strategy.REPLACE, true);
            System.out.println("4. Dry run of the rollback database -> files (REPLACE): " + describe(rollbackPreview));
            rollback = metadata.copy("database-loader", "file-loader", MetadataImport.Strategy.REPLACE, false);
            // end::rollback[]
            System.out.println("   rollback database -> files (REPLACE):            " + describe(rollback));
        }

        // The check: every original file has its original content (byte for byte, or the same parsed content).
        Map<String, byte[]> after = snapshot(files);
        Map<String, String> checksumsAfter = checksums(files);
        List<String> identical = new ArrayList<>();
        List<String> sameContent = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            byte[] now = after.get(e.getKey());
            if (now != null && Arrays.equals(now, e.getValue())) {
                identical.add(e.getKey());
            } else if (now != null && checksumsBefore.containsKey(e.getKey())
                    && checksumsBefore.get(e.getKey()).equals(checksumsAfter.get(e.getKey()))) {
                sameContent.add(e.getKey());
            } else {
                changed.add(e.getKey());
            }
        }
        List<String> added = after.keySet().stream().filter(k -> !before.containsKey(k)).sorted().toList();
        System.out.printf(Locale.ROOT, "5. Check: %d of %d original file(s) byte-identical, %d with the same content"
                + " in another layout, %d changed%s%n", identical.size(), before.size(), sameContent.size(), changed.size(),
                changed.isEmpty() ? "" : ": " + changed);
        for (String file : added) {
            System.out.println("   new file from the database: " + file + " (a user's item, now a file too)");
        }
        System.out.println(changed.isEmpty() ? "The files have their original content." : "The rollback changed files!");
        return new RoundTrip(List.copyOf(before.keySet()), changed, added, toDatabase, rollback);
    }

    /**
     * The manager: a file loader and a {@code database:} loader, files by default and the database for what users make,
     * five known types and a five-minute cache.
     */
    static MetadataManager manager(Path files, StartupExample.Database database, String schema) {
        // tag::manager[]
        return MetadataManager.builder()
                .loader(MetadataLoaders.file("file-loader", files))
                .loader(MetadataLoaders.database("database-loader", database.url(), database.user(), database.password(),
                        schema))
                .defaultLoader("file-loader")
                // The hybrid set-up: what ships with the application stays in files, what users make goes to the database.
                .strategy((type, scope) -> scope == MetadataScope.USER ? "database-loader" : "file-loader")
                .types("object", "view", "field", "flow", "permission")
                .cacheTtl(Duration.ofMinutes(5))
                .build();
        // end::manager[]
    }

    /** Five definitions in the two formats, one in a namespace folder ({@code crm}). */
    static void writeSampleFiles(Path files) throws IOException {
        Files.createDirectories(files.resolve("crm"));
        Files.writeString(files.resolve("account.object.json"), """
                {
                  "label": "Account",
                  "fields": [
                    {"name": "id", "type": "uuid", "required": true},
                    {"name": "name", "type": "text", "required": true},
                    {"name": "balance", "type": "decimal", "scale": 2, "default": 0.00}
                  ],
                  "permissions": {"read": ["*"], "write": ["admin"]}
                }
                """);
        Files.writeString(files.resolve("contact.object.json"), """
                {"label": "Contact", "fields": [{"name": "email", "type": "email", "unique": true}]}
                """);
        Files.writeString(files.resolve("all_accounts.view.yaml"), """
                # Every account, newest first.
                title: All accounts
                object: account
                columns: [name, balance]
                sort:
                  - field: created_at
                    direction: desc
                pageSize: 50
                """);
        Files.writeString(files.resolve("crm").resolve("lead.object.json"), """
                {"label": "Lead", "fields": [{"name": "status", "type": "picklist", "values": ["new", "working", "closed"]}]}
                """);
        Files.writeString(files.resolve("crm").resolve("open_leads.view.yaml"), """
                title: Open leads
                object: lead
                filter:
                  status: {$ne: closed}
                """);
    }

    private static String describe(MetadataResults.Import r) {
        return String.format(Locale.ROOT, "%d created, %d updated, %d unchanged, %d deleted, %d failed%s",
                r.created(), r.updated(), r.unchanged(), r.deleted(), r.failed(),
                r.problems().isEmpty() ? "" : " " + r.problems());
    }

    private static Map<String, Long> countByType(List<MetadataItem> items) {
        Map<String, Long> counts = new TreeMap<>();
        items.forEach(i -> counts.merge(i.type(), 1L, Long::sum));
        return counts;
    }

    /** Every file's bytes by its path relative to the folder. */
    private static Map<String, byte[]> snapshot(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /**
     * Every item file's content checksum ({@link MetadataItem#checksumOf}, over the parsed body, so JSON and YAML of the
     * same definition agree), read with a file loader of its own.
     */
    private static Map<String, String> checksums(Path folder) {
        Map<String, String> out = new LinkedHashMap<>();
        try (MetadataLoader reader = MetadataLoaders.file("check", folder)) {
            for (MetadataItem item : reader.list(MetadataQuery.all())) {
                String prefix = item.namespace().equals(MetadataItem.DEFAULT_NAMESPACE) ? "" : item.namespace() + "/";
                for (String extension : List.of(".json", ".yaml", ".yml")) {
                    String file = prefix + item.name() + "." + item.type() + extension;
                    if (Files.exists(folder.resolve(file))) {
                        out.put(file, MetadataItem.checksumOf(item.body()));
                    }
                }
            }
        }
        return out;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException(from.toAbsolutePath() + " is not a folder; give a folder of "
                    + "{name}.{type}.json / .yaml files, e.g. account.object.json");
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the working folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
