package dev.migrator.core.internal.data;

import dev.migrator.api.DataRecord;
import dev.migrator.api.MigrationInterruptedException;
import dev.migrator.core.internal.util.HandOff;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.ValueKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

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

    /**
     * The kind of each field as the source read it (a table's columns), or empty when the source has no column kinds
     * (files, iterables, documents). A value that reaches a target column of the same kind unchanged needs no
     * conversion.
     */
    Map<String, ValueKind> kinds() {
        return Map.of();
    }

    @Override
    public abstract void close();

    /** Records from an iterator, e.g. a JSON file or an iterable; {@code skip} records are passed over first. */
    static SourceCursor of(Iterator<DataRecord> it, long total, AutoCloseable onClose) {
        return of(it, () -> total, onClose);
    }

    /** As {@link #of(Iterator, long, AutoCloseable)} with a total that may change as records are read (an estimate). */
    static SourceCursor of(Iterator<DataRecord> it, LongSupplier total, AutoCloseable onClose) {
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
                return total.getAsLong();
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
        return new Pushed(name, read, toRecord, keyOf, total, Map.of());
    }

    /** As {@link #pushed(String, PushRead, Function, Function, long)}, with the kinds of the fields read. */
    static SourceCursor pushed(String name, PushRead read, Function<Object[], DataRecord> toRecord,
            Function<Object[], Object[]> keyOf, long total, Map<String, ValueKind> kinds) {
        return new Pushed(name, read, toRecord, keyOf, total, Map.copyOf(kinds));
    }

    private static final class Pushed extends SourceCursor {
        private static final int CHUNK = 512;
        // 8 chunks (4 default batches) keep the writer fed; more only lengthens the life of records waiting in the
        // queue: with 32, a copy at -Xmx256m peaked near the whole heap and spent its CPU in GC.
        private static final int CHUNKS_AHEAD = 8;

        /** Rows as read and as records: the reader thread builds the records, so the writer's thread need not. */
        private record Chunk(Object[][] rows, DataRecord[] records) {}

        private final Function<Object[], DataRecord> toRecord;
        private final Function<Object[], Object[]> keyOf;
        private final long total;
        private final Map<String, ValueKind> kinds;
        private final HandOff.Reading<Chunk, RuntimeException> chunks;
        private Chunk chunk;
        private int index;
        private Object[] last;
        private boolean done;

        Pushed(String name, PushRead read, Function<Object[], DataRecord> toRecord, Function<Object[], Object[]> keyOf,
                long total, Map<String, ValueKind> kinds) {
            this.toRecord = toRecord;
            this.keyOf = keyOf;
            this.total = total;
            this.kinds = kinds;
            this.chunks = HandOff.fromThread("migrator-data-read-" + name, CHUNKS_AHEAD, out -> run(read, out));
        }

        private void run(PushRead read, HandOff.Out<Chunk> out) throws InterruptedException {
            List<Object[]> buffer = new ArrayList<>(CHUNK);
            read.read(row -> {
                if (out.cancelled()) {
                    throw new HandOff.Cancelled(); // stops the backend's read when the cursor is closed early
                }
                buffer.add(row);
                if (buffer.size() == CHUNK) {
                    put(out, chunk(buffer));
                    buffer.clear();
                }
            });
            out.put(chunk(buffer));
        }

        /** Puts from inside the backend's read, which cannot throw InterruptedException: the flag stays set. */
        private static void put(HandOff.Out<Chunk> out, Chunk c) {
            try {
                out.put(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationInterruptedException("Interrupted while reading the data migration's source.", e);
            }
        }

        private Chunk chunk(List<Object[]> buffer) {
            Object[][] rows = buffer.toArray(Object[][]::new);
            DataRecord[] records = new DataRecord[rows.length];
            for (int i = 0; i < rows.length; i++) {
                records[i] = toRecord.apply(rows[i]);
            }
            return new Chunk(rows, records);
        }

        @Override
        DataRecord next() {
            while (!done && (chunk == null || index == chunk.rows().length)) {
                try {
                    chunk = chunks.next(); // the reader's failure is thrown here, after the rows read before it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationInterruptedException("Interrupted while reading the data migration's source.");
                }
                index = 0;
                if (chunk == null) {
                    done = true;
                }
            }
            if (done) {
                return null;
            }
            last = chunk.rows()[index];
            return chunk.records()[index++];
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
        Map<String, ValueKind> kinds() {
            return kinds;
        }

        @Override
        public void close() {
            chunks.close();
        }
    }
}
