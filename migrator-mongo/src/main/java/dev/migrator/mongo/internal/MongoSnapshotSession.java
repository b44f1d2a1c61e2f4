package dev.migrator.mongo.internal;

import com.mongodb.ClientSessionOptions;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.MigratorException;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.SnapshotSession;
import dev.migrator.spi.TableInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads collections for a backup or a comparison, each as a stream of {@link Document}s decoded losslessly by
 * {@link MongoDocumentCodec} (a cursor with batches of {@value #BATCH_SIZE}; a collection is never held in memory).
 *
 * <p>On a replica set or sharded cluster of MongoDB 5.0 or newer every read runs in one snapshot session
 * ({@code readConcern: snapshot}): the first read fixes the cluster time ({@code atClusterTime}) and every later read and
 * {@code getMore} of the session sees the data as of that time, so all collections are of one point in time. The server
 * keeps that history only for {@code minSnapshotHistoryWindowInSeconds} (300 s by default): a longer backup fails with
 * {@code SnapshotTooOld} rather than mixing times. On a standalone server (or MongoDB 4.x) there are no snapshot reads:
 * collections are read one after another, {@link #consistency()} says so and the backend WARNs once.
 */
final class MongoSnapshotSession implements SnapshotSession {

    private static final Logger LOG = LoggerFactory.getLogger(MongoSnapshotSession.class);

    /** Documents per batch of the cursor: enough to keep the round trips few, few enough to keep memory small. */
    static final int BATCH_SIZE = 1000;

    private static final int SNAPSHOT_TOO_OLD = 239;

    private final MongoBackend backend;
    private final ClientSession session;
    private final String noSnapshot;
    private final String kind;
    /** A collection known to exist, to fix the snapshot's time before the manifest records it. */
    private TableInfo firstKnown;

    private MongoSnapshotSession(MongoBackend backend, ClientSession session, String noSnapshot, String kind) {
        this.backend = backend;
        this.session = session;
        this.noSnapshot = noSnapshot;
        this.kind = kind;
    }

    static MongoSnapshotSession open(MongoBackend backend) {
        MongoBackend.Topology t = backend.topology();
        if (t.snapshotReads()) {
            try {
                ClientSession session = backend.client().startSession(ClientSessionOptions.builder()
                        .snapshot(true)
                        .causallyConsistent(false)
                        .build());
                return new MongoSnapshotSession(backend, session, null, t.kind());
            } catch (MongoException e) {
                throw backend.translate("start a snapshot session", e);
            }
        }
        String consistency;
        String hint;
        if (t.kind().startsWith("standalone")) {
            consistency = "none: standalone server, collections read in turn";
            hint = "run mongod as a replica set (a single node will do: --replSet rs0, then rs.initiate()) for snapshot "
                    + "reads, or stop writes during backups";
        } else {
            consistency = "none: MongoDB " + t.version() + " (" + t.kind() + ") has no snapshot reads outside transactions, "
                    + "collections read in turn";
            hint = "upgrade to MongoDB 5.0 or newer for snapshot reads, or stop writes during backups";
        }
        if (backend.firstWarningWithoutSnapshot()) {
            LOG.warn("[{}] MongoDB at {} is a {} of version {}: a backup reads its collections one after another, not at one "
                    + "point in time, so writes during it can leave collections from different moments; {}.", backend.name(),
                    backend.hosts(), t.kind(), t.version(), hint);
        } else {
            LOG.debug("[{}] reading without a snapshot: {}", backend.name(), consistency);
        }
        return new MongoSnapshotSession(backend, null, consistency, t.kind());
    }

    @Override
    public String consistency() {
        if (session == null) {
            return noSnapshot;
        }
        pin();
        BsonTimestamp ts = session.getSnapshotTimestamp();
        String at = ts == null ? "" : " at cluster time " + ts.getTime() + ":" + ts.getInc() + " ("
                + Instant.ofEpochSecond(ts.getTime()) + ")";
        return "snapshot: readConcern snapshot" + at + ", all collections at one point in time (" + kind + ")";
    }

    /** Fixes the snapshot's cluster time with a first read, so that the manifest can name it. */
    private void pin() {
        if (session.getSnapshotTimestamp() != null || firstKnown == null) {
            return;
        }
        try {
            collection(firstKnown).find(session).limit(1).batchSize(1).first();
        } catch (MongoException e) {
            throw failed("start the snapshot by reading " + firstKnown.qualifiedName(), e);
        }
    }

    @Override
    public List<TableInfo> tables(String schema, List<String> exclude) {
        List<TableInfo> out = new ArrayList<>();
        try {
            // listCollections has no snapshot reads: it runs outside the session, before the snapshot's time is fixed.
            for (Document info : backend.client().getDatabase(schema).listCollections()) {
                String name = info.getString("name");
                if (name == null || exclude.contains(name)) {
                    continue;
                }
                String unsupported = MongoCollections.unsupported(schema, name, info);
                if (unsupported != null) {
                    if (!MongoCollections.internal(name)) {
                        LOG.info("[{}] {}: left out", backend.name(), unsupported);
                    }
                    continue;
                }
                out.add(MongoCollections.table(schema, name));
            }
        } catch (MongoException e) {
            throw failed("list the collections of database " + schema, e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        if (firstKnown == null && !out.isEmpty()) {
            firstKnown = out.get(0);
        }
        return out;
    }

    /**
     * The collection, or {@code null} when it does not exist.
     *
     * @throws ConfigurationException for a view, a system or time-series collection, which backups do not read
     */
    @Override
    public Optional<TableInfo> describe(String schema, String table) {
        Document info;
        try {
            info = MongoCollections.info(backend.client().getDatabase(schema), table);
        } catch (MongoException e) {
            throw failed("describe " + schema + "." + table, e);
        }
        String unsupported = MongoCollections.unsupported(schema, table, info);
        if (unsupported != null) {
            throw new ConfigurationException("Cannot back up " + schema + "." + table + " of connection '" + backend.name()
                    + "': " + unsupported + ".");
        }
        if (info == null) {
            return Optional.empty();
        }
        TableInfo t = MongoCollections.table(schema, table);
        if (firstKnown == null) {
            firstKnown = t;
        }
        return Optional.of(t);
    }

    @Override
    public long read(TableInfo table, RowSink sink) {
        MongoCollection<RawBsonDocument> collection = collection(table);
        FindIterable<RawBsonDocument> find = session == null ? collection.find() : collection.find(session);
        return MongoDocumentCodec.read(find.batchSize(BATCH_SIZE), sink,
                (rows, e) -> failed("read " + table.qualifiedName() + " (after " + rows + " documents)", e));
    }

    private MongoCollection<RawBsonDocument> collection(TableInfo table) {
        MongoDatabase database = backend.client().getDatabase(table.schema());
        return MongoDocumentCodec.raw(database.getCollection(table.name()));
    }

    private MigratorException failed(String action, MongoException e) {
        MigratorException translated = backend.translate(action, e);
        if (e instanceof MongoCommandException mce && mce.getErrorCode() == SNAPSHOT_TOO_OLD) {
            return new DatabaseException(translated.getMessage() + " The backup took longer than the "
                    + "server keeps snapshot history: raise minSnapshotHistoryWindowInSeconds (setParameter; 300 s by "
                    + "default), or back up fewer collections at a time.", e);
        }
        return translated;
    }

    @Override
    public void close() {
        MongoTransaction.closeQuietly(session, backend.name());
    }
}
