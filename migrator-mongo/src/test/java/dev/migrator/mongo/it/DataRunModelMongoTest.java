package dev.migrator.mongo.it;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.Transform;
import dev.migrator.api.Transforms;
import dev.migrator.jdbc.testing.DataRunModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of data-migration runs, source changes, application writes, failures, kills and restarts into
 * MongoDB collections, each step checked against a model of the collection (see {@link DataRunModel}). Without
 * transactions (the in-process server) a batch and its checkpoint are not written together: after a kill the model
 * allows one batch written past the checkpoint, and nothing more. All sequences share one database.
 */
class DataRunModelMongoTest extends MongoItSupport {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> dataRuns_randomSequences_collectionMatchesTheModelAfterEveryStep() {
        MigrationManager manager = track(builder().backupDirectory(dir.resolve("backups")).build());
        return DataRunModel.sequences(new MongoTarget(manager), dir);
    }

    /** The collections through the driver: the application's writes and the test's reads. */
    private final class MongoTarget implements DataRunModel.Target {
        private final MigrationManager manager;

        MongoTarget(MigrationManager manager) {
            this.manager = manager;
        }

        private MongoCollection<Document> collection(String name) {
            return db.database().getCollection(name);
        }

        @Override
        public String product() {
            return "MongoDB";
        }

        @Override
        public MigrationManager manager() {
            return manager;
        }

        @Override
        public String connection() {
            return "mongo";
        }

        @Override
        public void create(String table, boolean surrogate) {
            db.database().createCollection(table);
        }

        /** A document's {@code _id} cannot change in MongoDB; the key is {@code _id} itself. */
        @Override
        public boolean surrogateKeys() {
            return false;
        }

        @Override
        public Map<String, String> identities(String table) {
            throw new UnsupportedOperationException("no surrogate keys in collections");
        }

        @Override
        public Map<String, DataRunModel.Row> read(String table) {
            Map<String, DataRunModel.Row> rows = new TreeMap<>();
            for (Document d : collection(table).find()) {
                Object n = d.get("n");
                rows.put(String.valueOf(d.get("_id")), new DataRunModel.Row(d.getString("name"),
                        n instanceof Number number ? number.longValue() : Long.MIN_VALUE, d.getString("updatedAt")));
            }
            return rows;
        }

        @Override
        public void insert(String table, String key, DataRunModel.Row row) {
            collection(table).insertOne(new Document("_id", key).append("name", row.name()).append("n", row.n())
                    .append("updatedAt", row.updatedAt()));
        }

        @Override
        public void update(String table, String key, DataRunModel.Row row) {
            long matched = collection(table).updateOne(Filters.eq("_id", key), Updates.combine(Updates.set("name",
                    row.name()), Updates.set("n", row.n()), Updates.set("updatedAt", row.updatedAt()))).getMatchedCount();
            if (matched != 1) {
                throw new IllegalStateException("no document " + key + " in " + table);
            }
        }

        @Override
        public void delete(String table, String key) {
            collection(table).deleteOne(Filters.eq("_id", key));
        }

        @Override
        public String keyField() {
            return "_id";
        }

        @Override
        public List<Transform> keyTransforms() {
            return List.of(Transforms.rename("id", "_id"));
        }

        @Override
        public boolean atomicBatches() {
            return db.transactions();
        }

        @Override
        public String replay(long seed) {
            return "mvn -o -q -B -pl migrator-mongo -am test -Dtest='DataRunModelMongoTest' "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -Dmigrator.fuzz.skip=true -D" + DataRunModel.SEED + "=" + seed;
        }
    }
}
