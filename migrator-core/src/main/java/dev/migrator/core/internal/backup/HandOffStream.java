package dev.migrator.core.internal.backup;

import dev.migrator.core.internal.util.HandOff;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands bytes written to it, in 64 KiB buffers, to a thread of its own that writes them into {@code target}: at most
 * {@link #IN_FLIGHT} buffers exist, so memory stays flat however slow the target. A failure of the target is thrown by a
 * later write or by {@link #close()}, which waits until everything is written and the target closed.
 */
final class HandOffStream extends OutputStream {
    private static final int SIZE = 1 << 16;
    private static final int IN_FLIGHT = 4;
    /**
     * Buffers waiting between the two threads. With one in the writer's hand (being filled) and one in the thread's
     * (being written), {@code IN_FLIGHT - 2} waiting keeps the count of buffers at {@link #IN_FLIGHT}.
     */
    private static final int WAITING = IN_FLIGHT - 2;

    private record Chunk(byte[] bytes, int length) {}

    /** Buffers the thread has written, for the writer to fill again. */
    private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final HandOff.Writing<Chunk, IOException> chunks;
    private byte[] current;
    private int filled;
    private boolean closed;

    HandOffStream(OutputStream target, String name) {
        for (int i = 0; i < IN_FLIGHT - 1; i++) {
            free.add(new byte[SIZE]);
        }
        current = new byte[SIZE];
        chunks = HandOff.toThread(name, WAITING, in -> drain(target, in));
    }

    private void drain(OutputStream target, HandOff.In<Chunk> in) throws IOException, InterruptedException {
        try (OutputStream t = target) { // closed also when the writer gives up (cancelled) or the write fails
            for (Chunk c = in.next(); c != null; c = in.next()) {
                t.write(c.bytes(), 0, c.length());
                free.add(c.bytes());
            }
        } catch (HandOff.Cancelled e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == SIZE) {
            handOff();
        }
        current[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == SIZE) {
                handOff();
            }
            int n = Math.min(len, SIZE - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void handOff() throws IOException {
        put(new Chunk(current, filled));
        // Once put returns, at most WAITING buffers wait and the thread holds one: of IN_FLIGHT, one is free. A new one
        // is made only if that count ever changes, to stay correct.
        byte[] next = free.poll();
        current = next != null ? next : new byte[SIZE];
        filled = 0;
    }

    private void put(Chunk c) throws IOException {
        try {
            chunks.put(c); // throws the target's failure once the thread has met it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chunks.close();
            throw new InterruptedIOException("interrupted while writing the backup");
        }
    }

    @Override
    public void flush() {
        // buffers go out when full; close() writes the rest
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filled > 0) {
                put(new Chunk(current, filled));
            }
            try {
                chunks.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while finishing the backup file");
            }
        } finally {
            chunks.close(); // after a failure: stops the thread, which closes the target
        }
    }
}
