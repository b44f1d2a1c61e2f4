package dev.migrator.core.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one bounded hand-off used by backups, restores, data sources and native copies. */
@Timeout(30)
class HandOffTest {

    // ------------------------------------------------------------------ a producing thread

    @Test
    void fromThread_itemsArriveInOrderThenNull() throws Exception {
        try (HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-order", 3, out -> {
            for (int i = 0; i < 1000; i++) {
                out.put(i);
            }
        })) {
            List<Integer> got = new ArrayList<>();
            for (Integer i = r.next(); i != null; i = r.next()) {
                got.add(i);
            }
            assertThat(got).hasSize(1000).isSorted().startsWith(0, 1, 2).endsWith(999);
            assertThat(r.next()).as("after the end").isNull();
        }
    }

    @Test
    void fromThread_namedDaemonThread() throws Exception {
        AtomicReference<Thread> seen = new AtomicReference<>();
        try (HandOff.Reading<String, RuntimeException> r = HandOff.fromThread("migrator-test-name", 1,
                out -> seen.set(Thread.currentThread()))) {
            assertThat(r.next()).isNull();
        }
        assertThat(seen.get().getName()).isEqualTo("migrator-test-name");
        assertThat(seen.get().isDaemon()).isTrue();
    }

    @Test
    void fromThread_producerFails_itemsBeforeItThenTheSameException() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-fail", 2, out -> {
            out.put(1);
            out.put(2);
            throw boom;
        })) {
            assertThat(r.next()).isEqualTo(1);
            assertThat(r.next()).isEqualTo(2);
            assertThatThrownBy(r::next).isSameAs(boom);
            assertThat(r.next()).as("after the failure").isNull();
        }
    }

    @Test
    void fromThread_producerThrowsError_consumerGetsItInsteadOfWaitingForever() {
        AssertionError error = new AssertionError("out of something");
        try (HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-error", 2, out -> {
            throw error;
        })) {
            assertThatThrownBy(r::next).isSameAs(error);
        }
    }

    @Test
    void fromThread_producerThrowsChecked_consumerGetsItAsDeclared() {
        try (HandOff.Reading<Integer, IOException> r = HandOff.fromThread("t-checked", 2, out -> {
            throw new IOException("disk gone");
        })) {
            assertThatThrownBy(r::next).isInstanceOf(IOException.class).hasMessage("disk gone");
        }
    }

    @Test
    void fromThread_consumerClosesEarly_blockedProducerIsCancelledAndItsThreadEnds() throws Exception {
        AtomicReference<Throwable> producerSaw = new AtomicReference<>();
        AtomicReference<Thread> producer = new AtomicReference<>();
        HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-cancel", 2, out -> {
            producer.set(Thread.currentThread());
            try {
                for (int i = 0; ; i++) {
                    out.put(i); // endless: only a cancel stops it
                }
            } catch (HandOff.Cancelled e) {
                producerSaw.set(e);
                assertThat(out.cancelled()).isTrue();
                throw e;
            }
        });
        assertThat(r.next()).isEqualTo(0);
        r.close();
        assertThat(producer.get().isAlive()).isFalse();
        assertThat(producerSaw.get()).isInstanceOf(HandOff.Cancelled.class);
    }

    @Test
    void fromThread_consumerInterruptedWhileWaiting_throwsInterruptedAndCloseStopsTheProducer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> producer = new AtomicReference<>();
        HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-interrupt", 1, out -> {
            producer.set(Thread.currentThread());
            release.await(); // nothing to hand over until released
            out.put(1);
        });
        Thread.currentThread().interrupt();
        assertThatThrownBy(r::next).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("cleared as the JDK does; the caller restores it").isFalse();
        release.countDown();
        r.close();
        assertThat(producer.get().isAlive()).isFalse();
    }

    @Test
    void fromThread_producerThreadInterrupted_consumerGetsAFailureInsteadOfWaitingForever() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> producer = new AtomicReference<>();
        try (HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-own-interrupt", 1, out -> {
            producer.set(Thread.currentThread());
            started.countDown();
            new CountDownLatch(1).await();
        })) {
            started.await();
            producer.get().interrupt();
            assertThatThrownBy(r::next).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the thread t-own-interrupt was interrupted")
                    .hasCauseInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void fromThread_slowConsumer_producerNeverMoreThanDepthAhead() throws Exception {
        int depth = 3;
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        try (HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-slow", depth, out -> {
            for (int i = 0; i < 40; i++) {
                // produced but not yet taken: the queue's items plus this one in hand
                maxAhead.accumulateAndGet(produced.get() - consumed.get(), Math::max);
                out.put(i);
                produced.incrementAndGet();
            }
        })) {
            for (Integer i = r.next(); i != null; i = r.next()) {
                consumed.incrementAndGet();
                Thread.sleep(5);
            }
        }
        assertThat(consumed.get()).isEqualTo(40);
        assertThat(maxAhead.get()).isBetween(1, depth + 1);
    }

    @Test
    void fromThread_depthZero_isARendezvous() throws Exception {
        AtomicInteger produced = new AtomicInteger();
        try (HandOff.Reading<Integer, RuntimeException> r = HandOff.fromThread("t-rendezvous", 0, out -> {
            for (int i = 0; i < 5; i++) {
                out.put(i);
                produced.incrementAndGet();
            }
        })) {
            Thread.sleep(200);
            assertThat(produced.get()).as("nothing handed over before the consumer takes it").isZero();
            assertThat(r.next()).isEqualTo(0);
            for (int i = 1; i < 5; i++) {
                assertThat(r.next()).isEqualTo(i);
            }
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void depth_negative_refused() {
        assertThatThrownBy(() -> HandOff.fromThread("t-neg", -1, out -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("depth must be 0 or more, was -1");
    }

    // ------------------------------------------------------------------ a consuming thread

    @Test
    void toThread_itemsHandledInOrderBeforeFinishReturns() throws Exception {
        List<Integer> got = new ArrayList<>();
        AtomicReference<Thread> consumer = new AtomicReference<>();
        try (HandOff.Writing<Integer, RuntimeException> w = HandOff.toThread("t-write", 2, in -> {
            consumer.set(Thread.currentThread());
            for (Integer i = in.next(); i != null; i = in.next()) {
                got.add(i);
            }
        })) {
            for (int i = 0; i < 500; i++) {
                w.put(i);
            }
            w.finish();
        }
        assertThat(got).hasSize(500).isSorted();
        assertThat(consumer.get().getName()).isEqualTo("t-write");
        assertThat(consumer.get().isDaemon()).isTrue();
    }

    @Test
    void toThread_consumerFails_laterPutThrowsTheSameException() throws Exception {
        IOException disk = new IOException("No space left on device");
        HandOff.Writing<Integer, IOException> w = HandOff.toThread("t-write-fail", 2, in -> {
            in.next();
            throw disk;
        });
        try (w) {
            w.put(1);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    w.put(i); // the queue fills, and the failure is found while waiting
                }
            }).isSameAs(disk);
            assertThatThrownBy(w::finish).isSameAs(disk);
        }
    }

    @Test
    void toThread_consumerFailsAfterLastItem_finishThrowsIt() throws Exception {
        try (HandOff.Writing<Integer, IOException> w = HandOff.toThread("t-write-fail-end", 4, in -> {
            while (in.next() != null) {
                // taken
            }
            throw new IOException("close failed");
        })) {
            w.put(1);
            assertThatThrownBy(w::finish).isInstanceOf(IOException.class).hasMessage("close failed");
        }
    }

    @Test
    void toThread_consumerStopsEarlyWithoutFailure_finishSaysSo() throws Exception {
        try (HandOff.Writing<Integer, RuntimeException> w = HandOff.toThread("t-write-quit", 8, in -> in.next())) {
            w.put(1);
            w.put(2);
            assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the thread t-write-quit ended before the end of the stream");
        }
    }

    @Test
    void toThread_closedBeforeFinish_consumerIsCancelledAndRunsItsCleanUp() throws Exception {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicReference<Thread> consumer = new AtomicReference<>();
        HandOff.Writing<Integer, RuntimeException> w = HandOff.toThread("t-write-cancel", 2, in -> {
            consumer.set(Thread.currentThread());
            try {
                while (in.next() != null) {
                    // taken
                }
            } finally {
                cleanedUp.set(true);
            }
        });
        w.put(1);
        w.close();
        assertThat(consumer.get().isAlive()).isFalse();
        assertThat(cleanedUp.get()).isTrue();
    }

    @Test
    void toThread_slowConsumer_putWaitsInsteadOfQueueingMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HandOff.Writing<Integer, RuntimeException> w = HandOff.toThread("t-write-slow", 2, in -> {
            release.await();
            while (in.next() != null) {
                // taken
            }
        })) {
            w.put(1);
            w.put(2);
            long start = System.nanoTime();
            Thread putter = new Thread(() -> {
                try {
                    w.put(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            putter.start();
            putter.join(300);
            assertThat(putter.isAlive()).as("the third put waits for room").isTrue();
            release.countDown();
            putter.join(5_000);
            assertThat(putter.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            w.finish();
        }
    }

    @Test
    void toThread_callerInterruptedInPut_throwsInterruptedAndCloseStopsTheConsumer() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Thread> consumer = new AtomicReference<>();
        HandOff.Writing<Integer, RuntimeException> w = HandOff.toThread("t-write-interrupt", 1, in -> {
            consumer.set(Thread.currentThread());
            while (!never.await(10, TimeUnit.MILLISECONDS)) {
                if (in.next() == null) {
                    return;
                }
            }
        });
        w.put(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                w.put(i);
            }
        }).isInstanceOf(InterruptedException.class);
        w.close();
        assertThat(consumer.get().isAlive()).isFalse();
    }
}
