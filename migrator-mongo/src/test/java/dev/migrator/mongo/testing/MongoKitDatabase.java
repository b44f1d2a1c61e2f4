package dev.migrator.mongo.testing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.MetadataLoaderConfig;
import dev.migrator.spi.HistoryRow;
import dev.migrator.testkit.KitDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/** A {@link TestMongo} database seen through the driver, as the test kit's database. */
public final class MongoKitDatabase implements KitDatabase {

    private final TestMongo db;

    MongoKitDatabase(TestMongo db) {
        this.db = db;
    }

    /** The wrapped test database. */
    public TestMongo testMongo() {
        return db;
    }

    private MongoCollection<Document> collection(String schema, String table) {
        return db.client().getDatabase(schema).getCollection(table);
    }

    @Override
    public ConnectionConfig config(String name) {
        return ConnectionConfig.of(name, db.uri(), null, null);
    }

    @Override
    public String defaultSchema() {
        return db.name();
    }

    /** The engine records the JVM's user when the connection has none, as MongoDB URIs here do not. */
    @Override
    public String installedBy() {
        return System.getProperty("user.name", "unknown");
    }

    /** Databases named after this one and '_' are dropped with it ({@link TestMongo#close()}). */
    @Override
    public String schemaName(String suffix) {
        return db.name() + "_" + suffix;
    }

    /** A MongoDB database is created by its first write. */
    @Override
    public void createSchema(String schema) {}

    /** Through the driver's helpers where it has one: the in-process server knows no createCollection command. */
    @Override
    public void execute(String schema, String statement) {
        MongoDatabase database = db.client().getDatabase(schema);
        Document command = Document.parse(statement);
        if (command.containsKey("createCollection")) {
            database.createCollection(command.getString("createCollection"));
        } else if (command.containsKey("drop")) {
            database.getCollection(command.getString("drop")).drop();
        } else {
            database.runCommand(command);
        }
    }

    @Override
    public List<String> tables(String schema) {
        return db.client().getDatabase(schema).listCollectionNames().into(new ArrayList<>()).stream().sorted().toList();
    }

    @Override
    public void delete(String schema, String table, Object id) {
        collection(schema, table).deleteOne(new Document("_id", id));
    }

    /** A name MongoDB refuses for a database (a space, a quote, a dot...) is one no database can have. */
    @Override
    public boolean schemaExists(String schema) {
        MongoDatabase database;
        try {
            database = db.client().getDatabase(schema);
        } catch (IllegalArgumentException refused) {
            return false;
        }
        return database.listCollectionNames().first() != null;
    }

    @Override
    public boolean tableExists(String schema, String table) {
        return db.client().getDatabase(schema).listCollectionNames().into(new ArrayList<>()).contains(table);
    }

    @Override
    public long count(String schema, String table) {
        return collection(schema, table).countDocuments();
    }

    @Override
    public List<Map<String, Object>> read(String schema, String table) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Document d : collection(schema, table).find().sort(new Document("_id", 1))) {
            Map<String, Object> record = new LinkedHashMap<>();
            d.forEach((k, v) -> record.put(k.equals("_id") ? "id" : k, v));
            records.add(record);
        }
        return records;
    }

    @Override
    public void insert(String schema, String table, List<Map<String, Object>> records) {
        List<Document> documents = new ArrayList<>();
        for (Map<String, Object> record : records) {
            Document d = new Document();
            record.forEach((k, v) -> d.append(k.equals("id") ? "_id" : k, v));
            documents.add(d);
        }
        if (!documents.isEmpty()) {
            collection(schema, table).insertMany(documents);
        }
    }

    @Override
    public void update(String schema, String table, Object id, Map<String, Object> fields) {
        long matched = collection(schema, table).updateOne(new Document("_id", id), new Document("$set", new Document(fields)))
                .getMatchedCount();
        if (matched != 1) {
            throw new IllegalStateException("No document " + id + " in " + schema + "." + table + " to update");
        }
    }

    @Override
    public List<String> historyFields(String schema, String table) {
        Document first = collection(schema, table).find().first();
        return first == null ? List.of() : first.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public List<HistoryRow> history(String schema, String table) {
        List<HistoryRow> rows = new ArrayList<>();
        for (Document d : collection(schema, table).find().sort(new Document("installed_rank", 1))) {
            rows.add(new HistoryRow(
                    ((Number) d.get("installed_rank")).intValue(),
                    d.getString("version"),
                    d.getString("name"),
                    d.getString("type"),
                    d.getString("checksum"),
                    d.getString("checksum_algorithm"),
                    d.getString("installed_by"),
                    d.get("installed_at") instanceof Date date ? date.toInstant() : null,
                    Duration.ofMillis(((Number) d.get("execution_time_ms")).longValue()),
                    Boolean.TRUE.equals(d.getBoolean("success")),
                    ((Number) d.get("statements_completed")).intValue()));
        }
        return rows;
    }

    @Override
    public MetadataLoaderConfig metadataLoader(String name) {
        return MetadataLoaderConfig.mongodb(name, db.uri());
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public List<String> checkpointStates(String schema, String migration) {
        List<String> states = new ArrayList<>();
        for (Document d : collection(schema, "migrator_data_checkpoints").find(new Document("_id", migration))) {
            states.add(d.getString("state"));
        }
        return states;
    }
}
