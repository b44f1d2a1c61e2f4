package dev.migrator.mongo.internal;

import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.migrator.api.ConfigurationException;
import dev.migrator.api.DatabaseException;
import dev.migrator.api.MigratorException;
import dev.migrator.spi.HistoryStore;
import dev.migrator.spi.ParsedStatement;
import dev.migrator.spi.StatementException;
import dev.migrator.spi.TargetLock;
import dev.migrator.spi.TargetSession;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;

/**
 * Work on one MongoDB database. Commands run through the client's pool; inside {@link #begin()}/{@link #commit()}
 * they run in a multi-document transaction of one {@link ClientSession} (replica sets and sharded clusters only),
 * together with the history writes. Commands MongoDB refuses in a transaction (collection and index DDL,
 * {@code $out}/{@code $merge}) run outside it. Not thread-safe.
 */
final class MongoTargetSession implements TargetSession {

    private static final Logger LOG = LoggerFactory.getLogger(MongoTargetSession.class);

    /** How often a commit whose outcome is unknown is retried (commitTransaction may be repeated safely). */

    private final MongoBackend backend;
    private final String schema;
    private final MongoDatabase database;
    private final LeaseLock lock;
    private final MongoHistoryStore history;
    private final String where;
    private final MongoTransaction transaction;

    MongoTargetSession(MongoBackend backend, String schema, String historyTable) {
        this.backend = backend;
        this.schema = schema;
        this.where = "'" + backend.name() + "' database " + schema;
        this.database = backend.client().getDatabase(schema);
        this.lock = new LeaseLock(backend, database.getCollection(historyTable + "_lock"), historyTable, where);
        this.history = new MongoHistoryStore(this, historyTable);
        this.transaction = new MongoTransaction(backend, where);
    }

    MongoDatabase database() {
        return database;
    }

    /** The session of the open transaction, or {@code null}. */
    ClientSession transaction() {
        return transaction.session();
    }

    boolean collectionExists(String name) {
        return database.listCollectionNames().into(new java.util.ArrayList<>()).contains(name);
    }

    MigratorException failed(String action, MongoException e) {
        return backend.translate(action + " in " + where, e);
    }

    @Override
    public String schema() {
        return schema;
    }

    /** A MongoDB database exists once it holds a collection. */
    @Override
    public boolean schemaExists() {
        try {
            return database.listCollectionNames().first() != null;
        } catch (MongoException e) {
            throw failed("check whether the database exists", e);
        }
    }

    /** Creates the database by creating the history collection; MongoDB has no empty databases. */
    @Override
    public void createSchema() {
        if (!transaction.isOpen()) {
            history.createIfMissing();
        }
    }

    @Override
    public TargetLock lock() {
        return lock;
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public void begin() {
        if (transaction.isOpen()) {
            throw new IllegalStateException("A transaction is already open on " + where + "; commit or roll it back first.");
        }
        if (!backend.topology().transactions()) {
            throw new ConfigurationException("A transaction was asked for on " + where + ", but the MongoDB server at "
                    + backend.hosts() + " is a " + backend.topology().kind() + ", which has no transactions. Run a replica "
                    + "set (a single-node one will do), or let the script run without a transaction (TransactionMode.AUTO).");
        }
        try {
            transaction.begin();
        } catch (MongoException e) {
            throw failed("begin a transaction", e);
        }
    }

    /**
     * Commits, retrying while the outcome is unknown. A commit that fails throws: the script is then reported failed
     * and the run stops, so an application never starts as if a rolled-back script had been applied.
     */
    @Override
    public void commit() {
        if (!transaction.isOpen()) {
            throw new IllegalStateException("No transaction is open on " + where + ".");
        }
        transaction.commit("the transaction on " + where,
                "Nothing of the script was kept; fix the cause and run migrate again.");
    }

    @Override
    public void rollback() {
        transaction.abort();
    }

    @Override
    public void execute(ParsedStatement statement) {
        lock.checkBeforeCommand(statement.line() > 0 ? "the command at line " + statement.line() : "a command");
        MongoCommands.Prepared command = MongoCommands.prepare(statement.text(), schema);
        MongoDatabase on = command.database().equals(schema) ? database : backend.client().getDatabase(command.database());
        boolean inTx = transaction.isOpen() && command.transactional() && !statement.requiresNoTransaction();
        if (transaction.isOpen() && !inTx) {
            LOG.info("[{}] {} runs outside the transaction: MongoDB refuses it inside one", where, command.name());
        }
        BsonDocument reply;
        try {
            reply = inTx ? on.runCommand(transaction.session(), command.command(), BsonDocument.class)
                    : on.runCommand(command.command(), BsonDocument.class);
        } catch (MongoCommandException e) {
            throw new StatementException(e.getErrorMessage(), e.getErrorCode() + " " + e.getErrorCodeName(), e);
        } catch (MongoClientException e) {
            throw new StatementException(e.getMessage(), null, e);
        } catch (MongoException e) {
            throw failed("run " + command.name(), e);
        }
        // Write commands answer ok: 1 even when documents failed; their errors are in the reply.
        BsonValue writeErrors = reply.get("writeErrors");
        if (writeErrors != null && writeErrors.isArray() && !writeErrors.asArray().isEmpty()) {
            BsonDocument first = writeErrors.asArray().get(0).asDocument();
            int failedCount = writeErrors.asArray().size();
            BsonValue index = first.get("index");
            throw new StatementException(command.name() + " failed for " + failedCount + " document(s); the first at index "
                    + (index != null && index.isNumber() ? index.asNumber().intValue() : "?") + ": " + text(first, "errmsg"),
                    codeOf(first), null);
        }
        BsonValue concern = reply.get("writeConcernError");
        if (concern != null && concern.isDocument()) {
            throw new StatementException(command.name() + " was not acknowledged by the write concern: "
                    + text(concern.asDocument(), "errmsg"), codeOf(concern.asDocument()), null);
        }
    }

    private static String text(BsonDocument d, String key) {
        BsonValue v = d.get(key);
        return v == null ? "(no message)" : v.isString() ? v.asString().getValue() : v.toString();
    }

    private static String codeOf(BsonDocument d) {
        BsonValue code = d.get("code");
        return code == null || !code.isNumber() ? null : Integer.toString(code.asNumber().intValue());
    }

    /** {@link MongoDatabase} and {@link MongoClient} always; {@link ClientSession} inside a transaction. */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == MongoDatabase.class) {
            return Optional.of(type.cast(database));
        }
        if (type == MongoClient.class) {
            return Optional.of(type.cast(backend.client()));
        }
        if (type == ClientSession.class) {
            return Optional.ofNullable(transaction.session()).map(type::cast);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            rollback();
            lock.release();
        } finally {
            transaction.close();
        }
    }
}
