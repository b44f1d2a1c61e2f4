package dev.migrator.core.fake;

import dev.migrator.api.DatabaseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A session's connection to a {@link FakeDatabase}: writes go straight to the live state (autocommit) or, between
 * {@link #begin()} and {@link #commit()}, to a copy of the state taken at begin (so the session reads its own writes and
 * nobody else sees them) and to a log that commit replays on the live state. Replaying the log instead of swapping in
 * the copy keeps other sessions' commits made meanwhile, as a database would for writes that do not conflict.
 */
final class FakeConnection {

    private final FakeDatabase db;
    private FakeState tx;
    private final List<Consumer<FakeState>> log = new ArrayList<>();
    private boolean closed;

    FakeConnection(FakeDatabase db) {
        this.db = db;
    }

    FakeDatabase database() {
        return db;
    }

    boolean inTransaction() {
        return tx != null;
    }

    void begin() {
        open();
        if (tx != null) {
            throw new DatabaseException("a transaction is already in progress");
        }
        tx = db.snapshot();
        log.clear();
    }

    void commit() {
        open();
        if (tx == null) {
            return; // as JDBC in autocommit: nothing to commit
        }
        List<Consumer<FakeState>> changes = List.copyOf(log);
        tx = null;
        log.clear();
        if (!changes.isEmpty()) {
            db.write(s -> changes.forEach(c -> c.accept(s)));
        }
    }

    void rollback() {
        tx = null;
        log.clear();
    }

    <T> T read(Function<FakeState, T> query) {
        open();
        return tx != null ? query.apply(tx) : db.read(query);
    }

    /**
     * Applies a change: in the transaction's copy and its log, or at once. The change must depend only on the state it
     * is given (it may run twice: on the copy, then on the live state at commit).
     */
    void write(Consumer<FakeState> change) {
        open();
        if (tx != null) {
            change.accept(tx);
            log.add(change);
        } else {
            db.write(change);
        }
    }

    void close() {
        tx = null;
        log.clear();
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new DatabaseException("This connection to fake database " + db.name() + " is closed.");
        }
    }
}
