package dev.migrator.core.internal.backup;

import dev.migrator.api.BackupException;
import dev.migrator.api.ErrorCode;
import dev.migrator.core.internal.util.HandOff;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of a table file, decrypted, decompressed and decoded on a thread of its own while the caller's thread loads
 * them: decoding costs about as much as the load's own encoding. Batches of {@link #BATCH} rows, at most
 * {@link #IN_FLIGHT} of them waiting, so memory stays flat. The reader's failure is thrown by {@link #next()};
 * {@link #close()} stops the thread when the load ends early.
 */
final class PrefetchedRows implements Iterator<Object[]>, AutoCloseable {
    static final int BATCH = 512;
    static final int IN_FLIGHT = 8;

    private final HandOff.Reading<Object[][], RuntimeException> batches;
    private Object[][] batch = new Object[0][];
    private int pos;
    private boolean ended;

    PrefetchedRows(RowReader reader, String table) {
        batches = HandOff.fromThread("migrator-restore-" + table, IN_FLIGHT, out -> decode(reader, out));
    }

    private static void decode(RowReader reader, HandOff.Out<Object[][]> out) throws InterruptedException {
        while (!out.cancelled()) {
            Object[][] rows = new Object[BATCH][];
            int n = 0;
            Object[] row;
            while (n < BATCH && (row = reader.next()) != null) {
                rows[n++] = row;
            }
            if (n > 0) {
                out.put(n == BATCH ? rows : Arrays.copyOf(rows, n));
            }
            if (n < BATCH) {
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (pos < batch.length) {
            return true;
        }
        if (ended) {
            return false;
        }
        Object[][] next;
        try {
            next = batches.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new BackupException(ErrorCode.BACKUP_FAILED, "Restore interrupted; it was rolled back.", e);
        }
        pos = 0;
        if (next == null) {
            ended = true;
            batch = new Object[0][];
            return false;
        }
        batch = next;
        return true;
    }

    @Override
    public Object[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object[] row = batch[pos];
        batch[pos++] = null;
        return row;
    }

    @Override
    public void close() {
        batches.close();
    }
}
