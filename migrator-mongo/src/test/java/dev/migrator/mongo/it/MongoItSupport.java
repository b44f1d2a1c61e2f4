package dev.migrator.mongo.it;

import dev.migrator.api.MigrationManager;
import dev.migrator.mongo.testing.MongoServers;
import dev.migrator.mongo.testing.TestMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh database per test, managers closed after it, and script files in a temporary directory. */
abstract class MongoItSupport {

    static final String HISTORY = "migrator_history";

    TestMongo db;

    @TempDir
    Path scripts;

    private final List<MigrationManager> managers = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        db = MongoServers.create();
    }

    @AfterEach
    void dropDatabase() {
        for (MigrationManager m : managers) {
            m.close();
        }
        db.close();
    }

    /** A builder on the test database with the scripts directory as location. */
    MigrationManager.Builder builder() {
        return MigrationManager.builder()
                .connection("mongo", db.uri(), null, null)
                .locations("filesystem:" + scripts)
                .lockTimeout(java.time.Duration.ofSeconds(10));
    }

    MigrationManager track(MigrationManager m) {
        managers.add(m);
        return m;
    }

    MigrationManager manager() {
        return track(builder().build());
    }

    void write(String fileName, String text) {
        write(scripts, fileName, text);
    }

    static void write(Path dir, String fileName, String text) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw history documents, by rank. */
    List<Document> history() {
        return db.database().getCollection(HISTORY).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    List<String> collections() {
        return db.database().listCollectionNames().into(new ArrayList<>());
    }

    long count(String collection) {
        return db.database().getCollection(collection).countDocuments();
    }

    List<String> indexNames(String collection) {
        List<String> names = new ArrayList<>();
        for (Document d : db.database().getCollection(collection).listIndexes()) {
            names.add(d.getString("name"));
        }
        return names;
    }
}
