package dev.migrator.core.internal.util;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one bounded hand-off between two threads: a producer puts items, a consumer takes them in the same order, and at
 * most {@code depth} items wait between them, so memory stays flat however slow either side is. One side runs on a
 * daemon thread of its own, started here with a name; the other is the caller:
 * <ul>
 * <li>{@link #fromThread}: the thread produces (reads ahead), the caller takes with {@link Reading#next()};</li>
 * <li>{@link #toThread}: the caller puts with {@link Writing#put}, the thread consumes (writes behind).</li>
 * </ul>
 * The end of the stream, a failure of either side and an early close travel through the hand-off, so neither side waits
 * for an item that will never come: the thread's failure is thrown, as it was thrown, by the caller's next call; the
 * caller's {@code close()} before the end cancels the thread, whose next {@code put}/{@code next} throws
 * {@link Cancelled} to unwind it. {@code InterruptedException} is never swallowed: the caller's calls throw it (the JDK's
 * convention: the flag is cleared, the caller restores it when it converts), and the thread's own interruption reaches
 * the caller as a failure.
 */
public final class HandOff<T> {

    /** How often a waiting side looks whether the other is gone. */
    private static final long POLL_MILLIS = 50;
    private static final Object END = new Object();

    /** A failure of the producing side, handed over in order after the items it produced. */
    private record Failed(Throwable failure) {}

    /** The work of the side that runs on the hand-off's thread. */
    @FunctionalInterface
    public interface Body<E, X extends Exception> {
        void run(E end) throws X, InterruptedException;
    }

    /** The producing end given to a {@link #fromThread} body. */
    public interface Out<T> {
        /**
         * Hands the item over, waiting while {@code depth} items wait already.
         *
         * @throws Cancelled when the consumer closed early: let it unwind the producer
         */
        void put(T item) throws InterruptedException;

        /** {@code true} once the consumer closed early: a producer may stop before its next expensive step. */
        boolean cancelled();
    }

    /** The consuming end given to a {@link #toThread} body. */
    public interface In<T> {
        /**
         * The next item, or {@code null} at the end of the stream.
         *
         * @throws Cancelled when the producer closed early: let it unwind the consumer
         */
        T next() throws InterruptedException;
    }

    /** The caller's end of {@link #fromThread}. */
    public interface Reading<T, X extends Exception> extends AutoCloseable {
        /**
         * The next item, or {@code null} at the end of the stream.
         *
         * @throws X the producer's failure, as it threw it (also a {@code RuntimeException} or {@code Error}), after
         *         every item it produced before it
         */
        T next() throws X, InterruptedException;

        /** Cancels the producer when the stream has not ended, and waits up to 10 seconds for its thread. */
        @Override
        void close();
    }

    /** The caller's end of {@link #toThread}. */
    public interface Writing<T, X extends Exception> extends AutoCloseable {
        /**
         * Hands the item over, waiting while {@code depth} items wait already.
         *
         * @throws X the consumer's failure, as it threw it (also a {@code RuntimeException} or {@code Error})
         */
        void put(T item) throws X, InterruptedException;

        /**
         * Ends the stream and waits until the consumer has taken and handled every item.
         *
         * @throws X the consumer's failure
         */
        void finish() throws X, InterruptedException;

        /** Cancels the consumer unless {@link #finish()} was called, and waits up to 10 seconds for its thread. */
        @Override
        void close();
    }

    /**
     * Thrown into the side on the hand-off's thread when the caller closed early; stackless. A producer that sees
     * {@link Out#cancelled()} may throw one itself to unwind.
     */
    public static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Cancelled() {
            super("the other side of the hand-off closed early", null, false, false);
        }
    }

    private final BlockingQueue<Object> queue;
    private Thread thread;
    private volatile boolean cancelled;
    /** The thread's failure when it consumes (a producing thread hands its failure over in the queue instead). */
    private volatile Throwable consumerFailure;
    private volatile boolean threadEnded;
    private boolean ended;

    private HandOff(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more, was " + depth);
        }
        // Depth 0 is a rendezvous: the producer holds its next item until the consumer takes it.
        this.queue = depth == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(depth);
    }

    private void start(String threadName, Runnable work) {
        thread = new Thread(() -> {
            try {
                work.run();
            } finally {
                threadEnded = true;
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code producer} on a daemon thread named {@code threadName}; the caller takes what it puts.
     *
     * @param depth the items that may wait between the two; 0 for a rendezvous (one item in the producer's hand)
     */
    public static <T, X extends Exception> Reading<T, X> fromThread(String threadName, int depth,
            Body<Out<T>, X> producer) {
        HandOff<T> h = new HandOff<>(depth);
        h.start(threadName, () -> h.produce(producer));
        return h.new ReadingEnd<>();
    }

    /**
     * Runs {@code consumer} on a daemon thread named {@code threadName}; it takes what the caller puts.
     *
     * @param depth the items that may wait between the two; 0 for a rendezvous
     */
    public static <T, X extends Exception> Writing<T, X> toThread(String threadName, int depth, Body<In<T>, X> consumer) {
        HandOff<T> h = new HandOff<>(depth);
        h.start(threadName, () -> h.consume(consumer));
        return h.new WritingEnd<>();
    }

    // ------------------------------------------------------------------ the producing thread

    private void produce(Body<Out<T>, ?> producer) {
        Object last = END;
        boolean interrupted = false;
        try {
            producer.run(new Out<T>() {
                @Override
                public void put(T item) throws InterruptedException {
                    offer(item);
                }

                @Override
                public boolean cancelled() {
                    return cancelled;
                }
            });
        } catch (Cancelled e) {
            return; // the consumer is gone: nobody waits for the end
        } catch (InterruptedException e) {
            interrupted = true;
            last = new Failed(new IllegalStateException("the thread " + thread.getName() + " was interrupted", e));
        } catch (Throwable e) {
            last = new Failed(e);
        }
        // Handed over even after an interruption of this thread (its flag cleared meanwhile, then restored), and even
        // for an Error: the consumer waits for the end and would otherwise wait forever.
        interrupted |= Thread.interrupted();
        try {
            while (true) {
                try {
                    offer(last);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (Cancelled e) {
            // the consumer closed meanwhile
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Puts into the queue, looking every {@link #POLL_MILLIS} whether the consumer closed. */
    private void offer(Object item) throws InterruptedException {
        if (cancelled) {
            throw new Cancelled();
        }
        while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (cancelled) {
                throw new Cancelled();
            }
        }
    }

    // ------------------------------------------------------------------ the consuming thread

    private void consume(Body<In<T>, ?> consumer) {
        try {
            consumer.run(() -> {
                if (ended) {
                    return null;
                }
                if (cancelled) {
                    throw new Cancelled();
                }
                Object item;
                while ((item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                    if (cancelled) {
                        throw new Cancelled();
                    }
                }
                if (item == END) {
                    ended = true;
                    return null;
                }
                @SuppressWarnings("unchecked")
                T t = (T) item;
                return t;
            });
        } catch (Cancelled e) {
            // the producer closed early: nobody waits for this thread's outcome
        } catch (InterruptedException e) {
            consumerFailure = new IllegalStateException("the thread " + thread.getName() + " was interrupted", e);
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            consumerFailure = e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Exception> void rethrow(Throwable t) throws X {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw (X) t; // the body declares X: any checked exception it throws is one
    }

    private void cancelAndJoin() {
        cancelled = true;
        queue.clear(); // frees the waiting items now, not when the producer notices
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the caller's ends

    private final class ReadingEnd<X extends Exception> implements Reading<T, X> {
        @Override
        public T next() throws X, InterruptedException {
            if (ended) {
                return null;
            }
            // Every way the producer ends hands an item over (END or Failed), so a plain take never waits forever.
            Object item = queue.take();
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof Failed f) {
                ended = true;
                HandOff.<X>rethrow(f.failure());
            }
            @SuppressWarnings("unchecked")
            T t = (T) item;
            return t;
        }

        @Override
        public void close() {
            if (!ended) {
                cancelAndJoin();
            }
        }
    }

    private final class WritingEnd<X extends Exception> implements Writing<T, X> {
        private boolean finished;

        @Override
        public void put(T item) throws X, InterruptedException {
            hand(item);
        }

        /** Puts, throwing the consumer's failure as soon as it is known, and never waiting for a thread that is gone. */
        private void hand(Object item) throws X, InterruptedException {
            check();
            while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                check();
                if (threadEnded) {
                    check();
                    throw new IllegalStateException("the thread " + thread.getName() + " ended before the end of the stream");
                }
            }
        }

        private void check() throws X {
            Throwable f = consumerFailure;
            if (f != null) {
                HandOff.<X>rethrow(f);
            }
        }

        @Override
        public void finish() throws X, InterruptedException {
            if (finished) {
                return;
            }
            hand(END);
            finished = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                cancelled = true; // the caller gives up: the consumer stops at its next item
                throw e;
            }
            check();
            if (!ended) {
                throw new IllegalStateException("the thread " + thread.getName() + " ended before the end of the stream");
            }
        }

        @Override
        public void close() {
            if (!finished) {
                finished = true;
                cancelAndJoin();
            }
        }
    }
}
