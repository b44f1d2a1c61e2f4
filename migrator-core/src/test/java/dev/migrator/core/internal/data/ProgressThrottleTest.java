package dev.migrator.core.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrator.api.DataMigrationListener;
import dev.migrator.api.DataProgress;
import dev.migrator.api.DataProgress.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private static final long MS = 1_000_000L;

    private final List<DataProgress> told = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final ProgressThrottle throttle = new ProgressThrottle("m", List.of(new DataMigrationListener() {
        @Override
        public void onProgress(DataProgress p) {
            told.add(p);
        }
    }), now::get);

    @Test
    void migrateEventsWithinATenthOfASecond_areHeldBackButTheFirstOfTheStageIsSent() {
        throttle.progress(Stage.MIGRATE, 10, 100, 0);
        now.addAndGet(10 * MS);
        throttle.progress(Stage.MIGRATE, 20, 100, 0);
        now.addAndGet(10 * MS);
        throttle.progress(Stage.MIGRATE, 30, 100, 0);

        assertThat(told).extracting(DataProgress::done).containsExactly(10L);
    }

    @Test
    void aTenthOfASecondAfterTheLastSent_theNextMigrateEventIsSent() {
        throttle.progress(Stage.MIGRATE, 10, 100, 0);
        now.addAndGet(99 * MS);
        throttle.progress(Stage.MIGRATE, 20, 100, 0);
        now.addAndGet(1 * MS);
        throttle.progress(Stage.MIGRATE, 30, 100, 0);

        assertThat(told).extracting(DataProgress::done).containsExactly(10L, 30L);
    }

    @Test
    void firstMigrateEventAfterAnotherStage_isSentHoweverSoon() {
        throttle.progress(Stage.BACKUP, 0, -1, 0);
        throttle.progress(Stage.MIGRATE, 10, 100, 0);

        assertThat(told).extracting(DataProgress::stage).containsExactly(Stage.BACKUP, Stage.MIGRATE);
    }

    @Test
    void heldBackMigrateCount_isSentBeforeTheNextStage() {
        throttle.progress(Stage.MIGRATE, 10, 100, 0);
        throttle.progress(Stage.MIGRATE, 50, 100, 0);
        throttle.progress(Stage.MIGRATE, 100, 100, 0);
        throttle.progress(Stage.DONE, 100, 100, 0);

        assertThat(told).extracting(DataProgress::stage, DataProgress::done).containsExactly(
                tuple(Stage.MIGRATE, 10L),
                tuple(Stage.MIGRATE, 100L),
                tuple(Stage.DONE, 100L));
    }

    @Test
    void aListenerThatThrows_doesNotStopTheOthers() {
        List<DataProgress> second = new ArrayList<>();
        ProgressThrottle two = new ProgressThrottle("m", List.of(new DataMigrationListener() {
            @Override
            public void onProgress(DataProgress p) {
                throw new IllegalStateException("boom");
            }
        }, new DataMigrationListener() {
            @Override
            public void onProgress(DataProgress p) {
                second.add(p);
            }
        }), now::get);

        two.progress(Stage.VERIFY, 5, -1, 0);

        assertThat(second).singleElement().satisfies(p -> assertThat(p.migration()).isEqualTo("m"));
    }
}
