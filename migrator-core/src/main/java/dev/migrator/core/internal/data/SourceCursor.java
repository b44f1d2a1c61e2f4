package dev.migrator.core.internal.data;

import dev.migrator.api.DataRecord;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.spi.RowSink;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A data migration's source as a pull cursor: the next record and, after it, where the source stands (records taken
 * and, for keyed sources, the last key). Backends push rows into a {@link RowSink}; a reader thread of its own feeds
 * them through a bounded queue of chunks, so reading overlaps writing and memory stays flat.
 */
abstract class SourceCursor implements AutoCloseable {

    /** The next record, or {@code null} at the end. */
    abstract DataRecord next();

    /** The key of the record last returned, for keyed sources; {@code null} otherwise. */
    abstract Object[] lastKey();

    /** The records the source holds, or -1 when unknown. */
    abstract long total();

    @Override
    public abstract void close();

    /** Records from an iterator, e.g. a JSON file or an iterable; {@code skip} records are passed over first. */
    static SourceCursor of(Iterator<DataRecord> it, long total, AutoCloseable onClose) {
        return new SourceCursor() {
            @Override
            DataRecord next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            Object[] lastKey() {
                return null;
            }

            @Override
            long total() {
                return total;
            }

            @Override
            public void close() {
                try {
                    onClose.close();
                } catch (Exception e) {
                    // closing a finished reader; nothing to lose
                }
            }
        };
    }

    /** The backend-side read of a pushed source. */
    interface PushRead {
        void read(RowSink sink);
    }

    /**
     * Rows pushed by a backend on a thread of its own.
     *
     * @param toRecord a row as a record
     * @param keyOf a row's key tuple
     */
    static SourceCursor pushed(String name, PushRead read, Function<Object[], DataRecord> toRecord,
            Function<Object[], Object[]> keyOf, long total) {
        return new Pushed(name, read, toRecord, keyOf, total);
    }

    private static final class Pushed extends SourceCursor {
        private static final int CHUNK = 512;
        private static final Object[][] END = new Object[0][];

        private final BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(32);
        private final Function<Object[], DataRecord> toRecord;
        private final Function<Object[], Object[]> keyOf;
        private final long total;
        private final Thread thread;
        private volatile boolean closed;
        private volatile RuntimeException failure;
        private Object[][] chunk;
        private int index;
        private Object[] last;
        private boolean done;

        Pushed(String name, PushRead read, Function<Object[], DataRecord> toRecord, Function<Object[], Object[]> keyOf,
                long total) {
            this.toRecord = toRecord;
            this.keyOf = keyOf;
            this.total = total;
            this.thread = new Thread(() -> run(read), "migrator-data-read-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void run(PushRead read) {
            List<Object[]> buffer = new ArrayList<>(CHUNK);
            try {
                read.read(row -> {
                    if (closed) {
                        throw new Stop();
                    }
                    buffer.add(row);
                    if (buffer.size() == CHUNK) {
                        put(buffer.toArray(Object[][]::new));
                        buffer.clear();
                    }
                });
                put(buffer.toArray(Object[][]::new));
            } catch (Stop e) {
                return;
            } catch (RuntimeException e) {
                failure = e instanceof Stop ? null : e;
            }
            try {
                put(END);
            } catch (Stop e) {
                // closed meanwhile
            }
        }

        private void put(Object[][] rows) {
            try {
                while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        throw new Stop();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stop();
            }
        }

        @Override
        DataRecord next() {
            while (!done && (chunk == null || index == chunk.length)) {
                try {
                    chunk = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationInterruptedException("Interrupted while reading the data migration's source.");
                }
                index = 0;
                if (chunk == END) {
                    done = true;
                    if (failure != null) {
                        throw failure;
                    }
                }
            }
            if (done) {
                return null;
            }
            last = chunk[index++];
            return toRecord.apply(last);
        }

        @Override
        Object[] lastKey() {
            return last == null ? null : keyOf.apply(last);
        }

        @Override
        long total() {
            return total;
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Thrown into a backend's read to stop it when the cursor is closed early. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("source closed", null, false, false);
        }
    }
}
