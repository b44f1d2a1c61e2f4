package dev.migrator.examples.bench;

import static dev.migrator.examples.bench.DataMigrationBenchmark.batchSize;
import dev.migrator.examples.bench.BenchResults.Sample;

import static dev.migrator.examples.bench.BenchSupport.seconds;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;

/** MongoDB collection to collection, in two databases of one server. */
final class MongoDataBench extends DataBench {
    private final String configuredUri;
    private MongoServer embedded;
    private String base;
    private MongoClient client;
    private String src;
    private String dst;

    MongoDataBench(String uri, int rows, Path work) {
        super("MongoDB", DataMigrationBenchmark.COPY_TOOLS, rows, work);
        this.configuredUri = uri;
    }

    @Override
    void setUp() {
        if (configuredUri.isEmpty()) {
            embedded = new MongoServer(new MemoryBackend());
            InetSocketAddress address = embedded.bind();
            base = "mongodb://127.0.0.1:" + address.getPort();
        } else {
            String u = configuredUri;
            int slash = u.indexOf('/', u.indexOf("//") + 2);
            base = slash < 0 ? u : u.substring(0, slash);
        }
        client = MongoClients.create(base);
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        src = "mbench_src_" + suffix;
        dst = "mbench_dst_" + suffix;
        manager = MigrationManager.builder()
                .connection("src", base + "/" + src, null, null)
                .connection("dst", base + "/" + dst, null, null)
                .backupDirectory(work.resolve("mongo-backups"))
                .build();
        bytes = fill("bench", rows);
        sourceChecksum = checksum(client.getDatabase(src).getCollection("bench"));
    }

    private long fill(String collection, int count) {
        long t0 = System.nanoTime();
        MongoCollection<Document> c = client.getDatabase(src).getCollection(collection);
        Codec<Document> codec = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
        long size = 0;
        List<Document> batch = new ArrayList<>(1000);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] plans = {"free", "pro", "team"};
        String[] status = {"a", "i", "p"};
        for (long g = 1; g <= count; g++) {
            Document d = new Document("_id", g)
                    .append("name", "User " + g + " " + Long.toHexString(g * 0x9E3779B97F4A7C15L).substring(0, 8))
                    .append("email", "user" + g + "@example.com")
                    .append("amount", Math.round(random.nextDouble() * 10_000_000) / 100.0)
                    .append("created_at", new Date(1_577_836_800_000L + g * 17_123))
                    .append("active", g % 3 == 0)
                    .append("attrs", new Document("plan", plans[(int) (g % 3)]).append("visits", (int) (g % 1000))
                            .append("tags", List.of("a" + g % 7, "b" + g % 11)))
                    .append("ref", new java.util.UUID(g * 31, g * 17).toString())
                    .append("note", g % 5 == 0 ? null : "Note " + Long.toHexString(g * 0xC2B2AE3D27D4EB4FL))
                    .append("status", status[(int) (g % 3)]);
            size += new RawBsonDocument(d, codec).getByteBuffer().remaining();
            batch.add(d);
            if (batch.size() == 1000) {
                c.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            c.insertMany(batch);
        }
        System.out.printf(Locale.ROOT, "MongoDB: filled %s with %,d documents in %.1f s%n", collection, count,
                seconds(System.nanoTime() - t0));
        return size;
    }

    @Override
    void warmUp(int n) {
        long t0 = System.nanoTime();
        fill("warm", n);
        client.getDatabase(dst).createCollection("warm");
        manager.data().migrate(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.collection("src", "warm"))
                .target(DataTarget.of("dst", "warm", "_id")).build(),
                DataMigrationOptions.builder().backup(false).verify(false).build());
        client.getDatabase(src).getCollection("warm").drop();
        client.getDatabase(dst).getCollection("warm").drop();
        System.out.printf(Locale.ROOT, "MongoDB: warm-up (%,d documents) in %.1f s%n", n, seconds(System.nanoTime() - t0));
    }

    @Override
    void run(String tool, boolean verify, List<Sample> out, int round) {
        MongoCollection<Document> target = client.getDatabase(dst).getCollection("bench");
        target.drop();
        client.getDatabase(dst).createCollection("bench");
        Sample s;
        if (tool.equals("jdbc-batch")) {
            s = new Sample(label, "driver-loop", "find() + insertMany 1,000").timed(() -> {
                List<Document> batch = new ArrayList<>(1000);
                try (MongoCursor<Document> it = client.getDatabase(src).getCollection("bench").find().batchSize(1000)
                        .iterator()) {
                    while (it.hasNext()) {
                        batch.add(it.next());
                        if (batch.size() == 1000) {
                            target.insertMany(batch);
                            batch.clear();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    target.insertMany(batch);
                }
                return null;
            });
        } else {
            s = migrate(tool, "migrateData, verify(false)", DataMigration.builder(name("copy", round))
                    .source(RecordSource.collection("src", "bench")).target(DataTarget.of("dst", "bench", "_id")).build(),
                    false, rows);
        }
        out.add(checkCopy(s, () -> checksum(target)));
    }

    /** Count and the sum of a 64-bit hash of each document's JSON with its fields sorted (order-independent). */
    private static String checksum(MongoCollection<Document> c) {
        long count = 0;
        long sum = 0;
        CRC32 crc = new CRC32();
        for (Document d : c.find().batchSize(1000)) {
            String json = new Document(new TreeMap<>(d)).toJson();
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            crc.reset();
            crc.update(b);
            sum += (crc.getValue() << 32) ^ json.hashCode();
            count++;
        }
        return count + "/" + sum;
    }

    @Override
    String describe() {
        return String.format(Locale.ROOT, "MongoDB (%s): %,d documents of the same 10 fields (long _id, double amount, "
                + "date, nested attrs with an array); %.1f MB of BSON; checked by count and the sum of a hash of each "
                + "document's JSON with sorted fields; the baseline is a driver find() + insertMany loop",
                embedded != null ? "in-process mongo-java-server: its storage is in this JVM's heap" : "MIGRATOR_TEST_MONGO_URI",
                rows, bytes / 1e6);
    }

    @Override
    public void close() {
        super.close();
        if (client != null) {
            try {
                client.getDatabase(src).drop();
                client.getDatabase(dst).drop();
            } catch (RuntimeException e) {
                System.out.println("  warning: could not drop the MongoDB databases: " + e.getMessage());
            }
            client.close();
        }
        if (embedded != null) {
            embedded.shutdownNow();
        }
    }
}
