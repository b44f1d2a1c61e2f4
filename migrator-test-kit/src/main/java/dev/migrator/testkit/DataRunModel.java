// One concept over 400 lines: the model-based test of data-migration run sequences — its steps, the reference model
// and the checks all read and write one sequence's state, so they stay together.
package dev.migrator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrator.api.ConflictStrategy;
import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationException;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataMigrationResult;
import dev.migrator.api.DataMigrationStatus;
import dev.migrator.api.DataRecord;
import dev.migrator.api.DataTarget;
import dev.migrator.api.ErrorCode;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import dev.migrator.api.Transform;
import dev.migrator.api.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;

/**
 * A model-based test of data-migration runs: random sequences of runs, source changes, application writes, injected
 * failures, kills and restarts against a real target, each step checked against a reference model — a map of what
 * the target table must hold, keyed by the row key — and against the migration's checkpoint position.
 *
 * <p>Every sequence has its own source file ({@code {id, name, n, updatedAt}} records as JSON lines or a JSON array),
 * its own target table/collection (key {@code id}, {@code _id} on MongoDB) and its own migration name; its migration
 * has a fixed definition: a fault-injection transform, {@code name} upper-cased (and on MongoDB {@code id} renamed to
 * {@code _id}), conflict strategy {@code overwrite} or {@code newest("updatedAt")}, a batch size of 2 to 5; backup,
 * restore on failure and verification stay on (the defaults).
 *
 * <p>Steps (chosen at random, weighted; a step that does not apply to the state is not chosen):
 * <ul>
 *   <li>run; restart (a run with {@code restart(true)});
 *   <li>append records to the file (new keys, or a key the file already has); edit or delete a record the committed
 *       runs have read; edit a record no committed run has read yet;
 *   <li>application writes with plain SQL / the driver: insert a row under a key no record uses, update the non-key
 *       columns of any row, delete a row the application inserted;
 *   <li>an injected failure: the transform throws a RuntimeException at one record (no continue-on-error), or throws
 *       at a few records with {@code continueOnError} and a {@code maxErrorRate} that may or may not be exceeded;
 *   <li>a kill: the transform throws an {@link Error} (the engine catches RuntimeException only, so it runs no restore
 *       and no final checkpoint; the batches committed before it stay);
 *   <li>a run with a changed definition (one more transform, another conflict strategy, a filter, or another target
 *       table) without restart.
 * </ul>
 * Failures and kills also run with {@code restart(true)} (always when nothing is left to read).
 *
 * <p>The rules checked, and how ambiguous ones are read here:
 * <ol>
 *   <li>Backups: a run that writes reports a backup id. A backup id seen before must have been taken (by an earlier
 *       run) when the target held exactly what it holds at the start of this run — otherwise restoring it would undo
 *       newer writes. A failed run (restore on failure) leaves the target exactly as at its start and the checkpoint
 *       position where it was at its start — also when its committed batches wrote nothing (all records skipped by
 *       {@code newest} or rejected under continue-on-error), and for a failed {@code restart(true)} run: the checkpoint
 *       stays the one stored before it (so a source change stays refused).
 *   <li>A run without restart over a file whose already-read records (positions before the checkpoint) were edited or
 *       removed, or with a changed definition, fails with {@link ErrorCode#DATA_SOURCE_CHANGED} and changes nothing.
 *       Appended records and edits of records after the checkpoint are not a change; the next run reads them. A
 *       changed definition is only tried when the checkpoint position is past 0.
 *   <li>A successful run's verification is valid, whatever rows the application inserted, updated or deleted (it
 *       deletes only rows it inserted).
 *   <li>Counts: a successful run's {@code resumedAfter, read, written, skipped, failed} are exactly the model's. A run
 *       failed at record k without continue-on-error reports {@code resumedAfter} = where it started, {@code written} =
 *       the records the batches committed before the failing batch wrote (then restored), {@code read} between the
 *       records of those batches and the end of the failing batch, {@code failed} 0 or 1, and {@code restored} when
 *       those batches wrote anything. A run failed by the error rate read every record: its counts are exact.
 *   <li>Rows keep their keys; after every step the table equals the model: no row lost, none resurrected, every
 *       value as modelled ({@code newest}: the incoming record wins only when its {@code updatedAt} is strictly
 *       later). In half of the JDBC sequences the table's primary key is a column {@code pk} that a {@code newId}
 *       transform fills and the record key {@code id} is a unique key: a row's {@code pk} must never change while the
 *       row exists (restores put back the same one).
 * </ol>
 * After a kill the committed position is read from {@code dataStatus}: it must be the end of the last batch before the
 * killed record (on a target without atomic batch+checkpoint writes, MongoDB without transactions, also one batch less
 * with that batch's rows written anyway); a {@code restart(true)} run killed before its first commit may leave the old
 * checkpoint or one at 0.
 *
 * <p>System properties: {@code migrator.model.seed=S} replays one sequence; {@code migrator.model.sequences=N} runs N
 * (default 200); {@code migrator.model.base=B} fixes the first seed (default random, seeds are B, B+1, ...);
 * {@code migrator.model.ops=RUN,APPEND,KILL} draws only those steps (to shrink a failing sequence by hand);
 * {@code migrator.model.threads=T} runs T sequences at once (default 2: a run mostly waits on the database). Every
 * failure names the seed, the step and the steps before it.
 */
public final class DataRunModel {

    /** Replays one sequence. */
    public static final String SEED = "migrator.model.seed";
    /** How many sequences to run. */
    public static final String SEQUENCES = "migrator.model.sequences";
    /** The first seed. */
    public static final String BASE = "migrator.model.base";
    /** Sequences run at once (each on its own table and migration, one shared manager); default 2. */
    public static final String THREADS = "migrator.model.threads";
    /** Only these steps (names of {@code Op}, comma-separated), to shrink a failing sequence by hand. */
    public static final String OPS = "migrator.model.ops";

    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final int MAX_RECORDS = 40;

    private DataRunModel() {}

    /** The columns the model tracks for one key. */
    public record Row(String name, long n, String updatedAt) {}

    /**
     * The backend under test: its manager, and plain reads and writes of a target table that bypass migrator (the
     * application's writes, and what the test sees).
     */
    public interface Target {

        /** A short name for messages, e.g. {@code PostgreSQL}. */
        String product();

        /** The manager that runs the migrations (with a backup directory); owned by the test. */
        MigrationManager manager();

        /** The manager's connection name. */
        String connection();

        /**
         * Creates an empty table/collection with columns id (key), name, n, updatedAt; with {@code surrogate}, a table
         * whose primary key is a column {@code pk} and whose {@code id} is a unique key.
         */
        void create(String table, boolean surrogate);

        /** Whether {@link #create} can make a table with a surrogate primary key. */
        boolean surrogateKeys();

        /** The primary key ({@code pk}) of every row of a table made with a surrogate key, by {@code id}. */
        Map<String, String> identities(String table);

        /** Every row of the table by key (id). */
        Map<String, Row> read(String table);

        /** Inserts a row (in a table with a surrogate key, with a {@code pk} of the target's choosing). */
        void insert(String table, String key, Row row);

        /** Sets the non-key columns of an existing row. */
        void update(String table, String key, Row row);

        void delete(String table, String key);

        /** The key field in the target: {@code id}, or {@code _id} in a collection. */
        String keyField();

        /** Transforms that make a source record's {@code id} the target's key field (none, or a rename). */
        List<Transform> keyTransforms();

        /** Whether a batch and its checkpoint commit together. */
        boolean atomicBatches();

        /** How to replay one seed, e.g. the Maven command line. */
        String replay(long seed);
    }

    /** One dynamic test per sequence; the seeds come from the system properties (see the class Javadoc). */
    public static Stream<DynamicTest> sequences(Target target, Path dir) {
        List<Long> seeds = new ArrayList<>();
        String one = System.getProperty(SEED);
        if (one != null && !one.isBlank()) {
            seeds.add(Long.parseLong(one.trim()));
        } else {
            int count = Integer.getInteger(SEQUENCES, 200);
            long base = Long.getLong(BASE, ThreadLocalRandom.current().nextLong(1, 1L << 40));
            for (int i = 0; i < count; i++) {
                seeds.add(base + i);
            }
        }
        // Sequences run ahead on a small pool; each dynamic test waits for its own and reports it under its seed.
        int threads = seeds.size() == 1 ? 1 : Math.max(1, Integer.getInteger(THREADS, 2));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "data-run-model");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> runs = new ArrayList<>();
        for (long seed : seeds) {
            runs.add(pool.submit(() -> new Sequence(target, dir, seed).run()));
        }
        pool.shutdown();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            Future<?> run = runs.get(i);
            tests.add(DynamicTest.dynamicTest(target.product() + " seed " + seeds.get(i), () -> await(run)));
        }
        return tests.stream();
    }

    private static void await(Future<?> run) throws Throwable {
        try {
            run.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** One source record. */
    private record Rec(String id, String name, long n, String updatedAt) {
        String json() {
            return "{\"id\": \"" + id + "\", \"name\": \"" + name + "\", \"n\": " + n + ", \"updatedAt\": \"" + updatedAt
                    + "\"}";
        }
    }

    /** What applying records to a table gives. */
    private record Sim(Map<String, Row> rows, long read, long written, long skipped, long failed) {}

    /** An abrupt stop the engine does not handle. */
    static final class Kill extends Error {
        private static final long serialVersionUID = 1L;

        Kill(String message) {
            super(message, null, false, false);
        }
    }

    /** The first transform: throws at records whose id is armed, a RuntimeException or a {@link Kill}. */
    private static final class Fault implements Transform {
        private volatile Set<String> ids = Set.of();
        private volatile boolean kill;

        void arm(Set<String> ids, boolean kill) {
            this.ids = Set.copyOf(ids);
            this.kill = kill;
        }

        void disarm() {
            ids = Set.of();
        }

        @Override
        public DataRecord apply(DataRecord r) {
            Object id = r.get("id");
            if (ids.contains(id)) {
                if (kill) {
                    throw new Kill("killed at record " + id);
                }
                throw new IllegalStateException("injected failure at record " + id);
            }
            return r;
        }
    }

    private enum Op {
        RUN(18), RESTART(6), APPEND(10), EDIT_READ(5), DELETE_READ(3), EDIT_UNREAD(3), APP_INSERT(8), APP_UPDATE(8),
        APP_DELETE(4), FAIL(12), ERROR_RATE(6), KILL(11), CHANGED_DEFINITION(3);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    /** One random sequence and its model. */
    private static final class Sequence {
        private final Target target;
        private final long seed;
        private final SplittableRandom rnd;
        private final Path file;
        private final boolean newest;
        private final boolean array;
        private final int batch;
        /** Whether the table's primary key is a generated {@code pk} column and the record key a unique key. */
        private final boolean surrogate;
        /** The primary key each row of the model had when first seen (surrogate tables). */
        private final Map<String, String> identities = new TreeMap<>();
        private final String table;
        private final Fault fault = new Fault();
        private final DataMigration migration;
        private final List<Rec> records = new ArrayList<>();
        private final Set<String> appKeys = new TreeSet<>();
        private final Map<String, Map<String, Row>> backups = new HashMap<>();
        private final List<String> log = new ArrayList<>();
        private Map<String, Row> rows = new TreeMap<>();
        /** The checkpoint position: source records consumed by committed batches. */
        private int pos;
        /** The records [0, pos) as the runs that committed them read them. */
        private List<Rec> read = List.of();
        private int nextSource = 1;
        private boolean otherTable;
        private int nextApp = 1;
        private String current = "set-up";

        Sequence(Target target, Path dir, long seed) {
            this.target = target;
            this.seed = seed;
            this.rnd = new SplittableRandom(seed);
            this.newest = rnd.nextInt(3) == 0;
            this.array = rnd.nextInt(3) == 0;
            this.batch = 2 + rnd.nextInt(4);
            // Drawn apart from the main stream, so that a seed's steps do not depend on the backend.
            this.surrogate = target.surrogateKeys() && new SplittableRandom(seed ^ 0x5EEDL).nextBoolean();
            this.table = "model_" + Long.toString(seed, 36);
            this.file = dir.resolve("source_" + seed + (array ? ".json" : ".jsonl"));
            this.migration = definition(0);
        }

        /**
         * The sequence's migration, or a changed definition of it (1: one more transform, 2: the other strategy, 4: another
         * target table).
         */
        private DataMigration definition(int variant) {
            DataMigration.Builder b = DataMigration.builder("model_" + seed)
                    .source(RecordSource.jsonFile(file, "rec"))
                    .transform(fault)
                    .transform(Transforms.map("name", v -> v.toString().toUpperCase(Locale.ROOT)));
            target.keyTransforms().forEach(b::transform);
            if (surrogate) {
                b.transform(Transforms.newId("pk", Transforms.IdKind.ULID));
            }
            if (variant == 1) {
                b.transform(Transforms.map("n", v -> v));
            }
            boolean useNewest = variant == 2 ? !newest : newest;
            return b.target(DataTarget.of(target.connection(), variant == 4 ? table + "_other" : table, target.keyField()))
                    .conflict(useNewest ? ConflictStrategy.newest("updatedAt") : ConflictStrategy.overwrite())
                    .build();
        }

        private DataMigrationOptions.Builder options() {
            return DataMigrationOptions.builder().batchSize(batch);
        }

        void run() {
            target.create(table, surrogate);
            int initial = 5 + rnd.nextInt(11);
            for (int i = 0; i < initial; i++) {
                records.add(newRecord());
            }
            writeFile();
            int app = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0;
            for (int i = 0; i < app; i++) {
                appInsert();
            }
            log.add("0. " + records.size() + " records in a " + (array ? "JSON array" : "JSON-lines") + " file, " + app
                    + " application rows, batch " + batch + ", " + (newest ? "newest(updatedAt)" : "overwrite")
                    + (surrogate ? ", table keyed by a generated pk, id unique" : ""));
            int steps = 4 + rnd.nextInt(5);
            for (int i = 1; i <= steps; i++) {
                Op op = pick();
                try {
                    perform(op);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(target.product() + " seed " + seed + ", step " + i + " of " + steps + ": "
                            + current + "\n  " + e.getMessage().replace("\n", "\n  ") + "\nSteps before it:\n  "
                            + String.join("\n  ", log) + "\nReplay: " + target.replay(seed), e);
                }
                log.add(i + ". " + current);
            }
        }

        // ------------------------------------------------------------ choosing steps

        private Op pick() {
            List<Op> ops = new ArrayList<>();
            int total = 0;
            for (Op op : Op.values()) {
                if (applies(op)) {
                    ops.add(op);
                    total += weight(op);
                }
            }
            int r = rnd.nextInt(total);
            for (Op op : ops) {
                r -= weight(op);
                if (r < 0) {
                    return op;
                }
            }
            throw new IllegalStateException();
        }

        private int weight(Op op) {
            return op == Op.RESTART && sourceChanged() ? 30 : op.weight;
        }

        private boolean applies(Op op) {
            String only = System.getProperty(OPS);
            if (only != null && !only.isBlank() && !List.of(only.toUpperCase(Locale.ROOT).split("\\s*,\\s*")).contains(op.name())) {
                return false;
            }
            return switch (op) {
                case APPEND -> records.size() < MAX_RECORDS;
                case EDIT_READ -> readable() > 0;
                case DELETE_READ -> readable() > 0 && records.size() > 1;
                case EDIT_UNREAD -> pos < records.size();
                case APP_UPDATE -> !rows.isEmpty();
                case APP_DELETE -> appKeys.stream().anyMatch(rows::containsKey);
                case CHANGED_DEFINITION -> pos > 0;
                default -> true;
            };
        }

        /** How many records before the checkpoint are still in the file. */
        private int readable() {
            return Math.min(pos, records.size());
        }

        private boolean sourceChanged() {
            return records.size() < pos || !records.subList(0, pos).equals(read);
        }

        private void perform(Op op) {
            switch (op) {
                case RUN -> run(false);
                case RESTART -> run(true);
                case APPEND -> append();
                case EDIT_READ -> edit(rnd.nextInt(readable()), "an already-read");
                case DELETE_READ -> deleteRead();
                case EDIT_UNREAD -> edit(pos + rnd.nextInt(records.size() - pos), "a not yet read");
                case APP_INSERT -> {
                    String key = appInsert();
                    current = "application inserts " + key + " " + rows.get(key);
                    checkTarget();
                }
                case APP_UPDATE -> appUpdate();
                case APP_DELETE -> appDelete();
                case FAIL -> fail(restartFlag());
                case ERROR_RATE -> errorRate(restartFlag());
                case KILL -> kill(restartFlag());
                case CHANGED_DEFINITION -> changedDefinition();
            }
        }

        /** Restart for a failure or kill: sometimes, and always when nothing is left to read (to have a record to fail). */
        private boolean restartFlag() {
            return rnd.nextInt(5) == 0 || pos >= records.size() && !sourceChanged();
        }

        // ------------------------------------------------------------ source changes

        private Rec newRecord() {
            return new Rec(String.format(Locale.ROOT, "s%03d", nextSource++), name(), rnd.nextInt(1000), time(1_000_000));
        }

        private String name() {
            StringBuilder b = new StringBuilder();
            int len = 3 + rnd.nextInt(6);
            for (int i = 0; i < len; i++) {
                b.append((char) ('a' + rnd.nextInt(26)));
            }
            return b.toString();
        }

        private String time(int range) {
            return EPOCH.plusSeconds(rnd.nextInt(range)).toString();
        }

        private void writeFile() {
            List<String> lines = records.stream().map(Rec::json).toList();
            String text = array ? "[\n" + String.join(",\n", lines) + "\n]\n"
                    : lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void append() {
            int n = Math.min(1 + rnd.nextInt(4), MAX_RECORDS - records.size());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Rec r = newRecord();
                if (!records.isEmpty() && rnd.nextInt(4) == 0) {
                    // A newer (or older) version of a record the file already has.
                    Rec old = records.get(rnd.nextInt(records.size()));
                    nextSource--;
                    r = new Rec(old.id(), name(), rnd.nextInt(1000), time(1_200_000));
                }
                records.add(r);
                ids.add(r.id());
            }
            writeFile();
            current = "append " + ids + " to the file";
        }

        private void edit(int i, String what) {
            Rec old = records.get(i);
            Rec r = new Rec(old.id(), name(), rnd.nextInt(1000),
                    Instant.parse(old.updatedAt()).plusSeconds(1 + rnd.nextInt(100_000)).toString());
            records.set(i, r);
            writeFile();
            current = "edit " + what + " record at " + i + " (" + old.id() + ") in the file";
        }

        private void deleteRead() {
            int i = rnd.nextInt(readable());
            Rec old = records.remove(i);
            writeFile();
            current = "delete the already-read record at " + i + " (" + old.id() + ") from the file";
        }

        // ------------------------------------------------------------ application writes

        private String appInsert() {
            String key = String.format(Locale.ROOT, "a%03d", nextApp++);
            Row row = new Row(name(), rnd.nextInt(1000), time(2_000_000));
            target.insert(table, key, row);
            rows.put(key, row);
            appKeys.add(key);
            return key;
        }

        private void appUpdate() {
            List<String> keys = new ArrayList<>(rows.keySet());
            String key = keys.get(rnd.nextInt(keys.size()));
            Row old = rows.get(key);
            Row row = switch (rnd.nextInt(3)) {
                case 0 -> new Row(name(), old.n(), old.updatedAt());
                case 1 -> new Row(old.name(), old.n() + 1 + rnd.nextInt(100), old.updatedAt());
                default -> new Row(old.name(), old.n(), time(2_000_000));
            };
            current = "application updates " + key + " " + old + " -> " + row;
            target.update(table, key, row);
            rows.put(key, row);
            checkTarget();
        }

        private void appDelete() {
            List<String> keys = appKeys.stream().filter(rows::containsKey).toList();
            String key = keys.get(rnd.nextInt(keys.size()));
            current = "application deletes its row " + key;
            target.delete(table, key);
            rows.remove(key);
            appKeys.remove(key);
            checkTarget();
        }

        // ------------------------------------------------------------ runs

        /** The model: records [from, to) applied to {@code start}; records whose id is in {@code rejected} are rejected. */
        private Sim simulate(Map<String, Row> start, int from, int to, Set<String> rejected) {
            Map<String, Row> out = new TreeMap<>(start);
            long written = 0;
            long skipped = 0;
            long failed = 0;
            for (int i = from; i < to; i++) {
                Rec r = records.get(i);
                if (rejected.contains(r.id())) {
                    failed++;
                    continue;
                }
                Row there = out.get(r.id());
                if (there == null || !newest || Instant.parse(r.updatedAt()).isAfter(Instant.parse(there.updatedAt()))) {
                    out.put(r.id(), new Row(r.name().toUpperCase(Locale.ROOT), r.n(), r.updatedAt()));
                    written++;
                } else {
                    skipped++;
                }
            }
            return new Sim(out, to - from, written, skipped, failed);
        }

        private DataMigrationResult migrate(DataMigration m, DataMigrationOptions o) {
            return target.manager().data().migrate(m, o);
        }

        private void run(boolean restart) {
            int from = restart ? 0 : pos;
            current = (restart ? "restart" : "run") + " over records " + from + ".." + records.size();
            if (!restart && sourceChanged()) {
                expectRefused(() -> migrate(migration, options().build()), "the already-read records changed");
                return;
            }
            Map<String, Row> start = copy(rows);
            Sim sim = simulate(start, from, records.size(), Set.of());
            DataMigrationResult r = migrate(migration, options().restart(restart).build());
            succeeded(sim, r, from, start);
        }

        /** After a successful run over [from, end): the model advances, and the run's report must agree. */
        private void succeeded(Sim sim, DataMigrationResult r, int from, Map<String, Row> start) {
            rows = sim.rows();
            pos = records.size();
            read = List.copyOf(records);
            checkTarget();
            assertThat(List.of(r.resumedAfter(), r.read(), r.written(), r.skipped(), r.failed()))
                    .as("the report's [resumedAfter, read, written, skipped, failed] (rule 4)")
                    .containsExactly((long) from, sim.read(), sim.written(), sim.skipped(), sim.failed());
            assertThat(r.verification()).as("verification after a successful run").isPresent();
            assertThat(r.verification().get().problems())
                    .as("verification problems after a run (rule 3: application rows are not a problem)").isEmpty();
            if (sim.written() > 0) {
                assertThat(r.backupId()).as("the backup of a run that wrote (rule 1)").isPresent();
            }
            checkBackup(r.backupId(), start, "the run");
        }

        /** A run (or restart) with the record at a random position {@code k} failing ({@code kill}: an Error). */
        private record Injected(int from, int k, Map<String, Row> start, Throwable thrown) {}

        /**
         * Runs with a fault injected at a random record of what is left to read; empty when the step was a plain run
         * (nothing left to read) or a resume refused because the already-read records changed (checked here).
         */
        private Optional<Injected> inject(boolean restart, boolean kill) {
            int from = restart ? 0 : pos;
            String what = kill ? "kill" : "failure injected";
            if (from >= records.size()) {
                run(restart);
                current = what + " with nothing to read: " + current;
                return Optional.empty();
            }
            int k = firstOf(records.get(from + rnd.nextInt(records.size() - from)).id(), from);
            current = (restart ? "restart" : "run") + " over records " + from + ".." + records.size()
                    + (kill ? " killed (an Error)" : " with a RuntimeException") + " at record " + k + " ("
                    + records.get(k).id() + ")";
            if (!restart && sourceChanged()) {
                fault.arm(Set.of(records.get(k).id()), kill);
                try {
                    expectRefused(() -> migrate(migration, options().build()), "the already-read records changed");
                } finally {
                    fault.disarm();
                }
                return Optional.empty();
            }
            Map<String, Row> start = copy(rows);
            fault.arm(Set.of(records.get(k).id()), kill);
            Throwable t;
            try {
                t = catchThrowable(() -> migrate(migration, options().restart(restart).build()));
            } finally {
                fault.disarm();
            }
            return Optional.of(new Injected(from, k, start, t));
        }

        private void fail(boolean restart) {
            inject(restart, false).ifPresent(in -> checkFailed(restart, in));
        }

        private void checkFailed(boolean restart, Injected in) {
            int from = in.from();
            int k = in.k();
            Map<String, Row> start = in.start();
            Throwable t = in.thrown();
            assertThat(t).as("the run with a failing transform").isInstanceOf(DataMigrationException.class);
            DataMigrationException e = (DataMigrationException) t;
            assertThat(e.code()).as("its code").isIn(ErrorCode.DATA_RECORD_INVALID, ErrorCode.DATA_FAILED);
            // Restored: the target as at the start of this run, the checkpoint where it was.
            checkTarget();
            int committed = (k - from) / batch * batch;
            Sim done = simulate(start, from, from + committed, Set.of());
            DataMigrationResult p = e.result();
            assertThat(p).as("the partial report").isNotNull();
            assertThat(List.of(p.resumedAfter(), p.written()))
                    .as("the partial report's [resumedAfter, written] (rule 4: the batches committed before the failure)")
                    .containsExactly((long) from, done.written());
            assertThat(p.read()).as("the partial report's read (rule 4)")
                    .isBetween((long) committed, (long) Math.min(committed + batch, records.size() - from));
            assertThat(p.failed()).as("the partial report's failed (rule 4)").isBetween(0L, 1L);
            if (done.written() > 0) {
                assertThat(p.restored()).as("the partial report says the committed batches were restored").isTrue();
                assertThat(p.backupId()).as("the backup of a run that wrote (rule 1)").isPresent();
            }
            checkBackup(p.backupId(), start, "the failed run");
        }

        private void errorRate(boolean restart) {
            int from = restart ? 0 : pos;
            if (from >= records.size()) {
                run(restart);
                current = "rejections injected with nothing to read: " + current;
                return;
            }
            Set<String> ids = new TreeSet<>();
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                ids.add(records.get(from + rnd.nextInt(records.size() - from)).id());
            }
            double rate = new double[] {0.1, 0.2, 0.34}[rnd.nextInt(3)];
            current = (restart ? "restart" : "run") + " over records " + from + ".." + records.size()
                    + " with continueOnError, maxErrorRate " + rate + ", rejecting " + ids;
            DataMigrationOptions o = options().restart(restart).continueOnError(true).maxErrorRate(rate).build();
            if (!restart && sourceChanged()) {
                fault.arm(ids, false);
                try {
                    expectRefused(() -> migrate(migration, o), "the already-read records changed");
                } finally {
                    fault.disarm();
                }
                return;
            }
            Map<String, Row> start = copy(rows);
            Sim sim = simulate(start, from, records.size(), ids);
            boolean exceeded = (double) sim.failed() / sim.read() > rate;
            current += exceeded ? " (" + sim.failed() + " of " + sim.read() + ": exceeded)"
                    : " (" + sim.failed() + " of " + sim.read() + ": within)";
            fault.arm(ids, false);
            Throwable t;
            DataMigrationResult[] result = new DataMigrationResult[1];
            try {
                t = catchThrowable(() -> result[0] = migrate(migration, o));
            } finally {
                fault.disarm();
            }
            if (!exceeded) {
                assertThat(t).as("a run whose rejections stay within maxErrorRate").isNull();
                succeeded(sim, result[0], from, start);
                return;
            }
            assertThat(t).as("a run past maxErrorRate").isInstanceOf(DataMigrationException.class);
            DataMigrationException e = (DataMigrationException) t;
            assertThat(e.code()).as("its code").isEqualTo(ErrorCode.DATA_ERROR_RATE);
            checkTarget();
            DataMigrationResult p = e.result();
            assertThat(p).as("the partial report").isNotNull();
            assertThat(List.of(p.resumedAfter(), p.read(), p.written(), p.skipped(), p.failed()))
                    .as("the partial report's [resumedAfter, read, written, skipped, failed] (rule 4)")
                    .containsExactly((long) from, sim.read(), sim.written(), sim.skipped(), sim.failed());
            if (sim.written() > 0) {
                assertThat(p.restored()).as("the partial report says the run was restored").isTrue();
                assertThat(p.backupId()).as("the backup of a run that wrote (rule 1)").isPresent();
            }
            checkBackup(p.backupId(), start, "the run past maxErrorRate");
        }

        private void kill(boolean restart) {
            inject(restart, true).ifPresent(in -> checkKilled(restart, in));
        }

        private void checkKilled(boolean restart, Injected in) {
            int from = in.from();
            int k = in.k();
            Map<String, Row> start = in.start();
            Throwable t = in.thrown();
            assertThat(causes(t)).as("the kill reaches the caller as itself (no cleanup ran)")
                    .anyMatch(c -> c instanceof Kill);
            int committedEnd = from + (k - from) / batch * batch;
            int lag = committedEnd - batch;
            DataMigrationStatus status = target.manager().data().status(migration);
            int p = Math.toIntExact(status.position());
            // Where the checkpoint may be, and the rows that go with it. With nothing of this run committed, the
            // checkpoint is the one before it (a restart killed before its first commit may also leave a fresh one).
            List<Integer> before = restart && pos != 0 ? List.of(pos, 0) : List.of(pos);
            Map<Integer, List<Map<String, Row>>> allowed = new TreeMap<>();
            if (committedEnd > from) {
                Map<String, Row> done = simulate(start, from, committedEnd, Set.of()).rows();
                allowed.computeIfAbsent(committedEnd, x -> new ArrayList<>()).add(done);
                if (!target.atomicBatches()) {
                    // Without transactions the last batch may be written while its checkpoint is not.
                    for (int q : lag > from ? List.of(lag) : before) {
                        allowed.computeIfAbsent(q, x -> new ArrayList<>()).add(done);
                        allowed.get(q).add(simulate(start, from, lag, Set.of()).rows());
                    }
                }
            } else {
                for (int q : before) {
                    allowed.computeIfAbsent(q, x -> new ArrayList<>()).add(start);
                }
            }
            assertThat(allowed.keySet()).as("the checkpoint position after the kill (the batches committed before it)")
                    .contains(p);
            Map<String, Row> actual = target.read(table);
            List<Map<String, Row>> candidates = allowed.get(p);
            Map<String, Row> match = candidates.stream().filter(actual::equals).findFirst().orElse(null);
            if (match == null) {
                assertThat(diff(candidates.get(0), actual)).as("the table after the kill (committed batches stay, nothing "
                        + "restored), checkpoint at " + p).isEmpty();
            }
            boolean ours = committedEnd > from && (p == committedEnd || lag > from && p == lag);
            read = ours ? List.copyOf(records.subList(0, p)) : p == pos ? read : List.of();
            pos = p;
            rows = copy(match);
            checkTarget();
            if (ours && simulate(start, from, p, Set.of()).written() > 0) {
                // Its committed batches wrote: it took its own backup, and its checkpoint names that one. (A run whose
                // committed batches wrote nothing took none; its checkpoint may keep an earlier run's.)
                checkBackup(status.backupId(), start, "the killed run's checkpoint");
            }
        }

        private void changedDefinition() {
            int variant = 1 + rnd.nextInt(3);
            // Another target now and then, drawn apart from the main stream so that earlier seeds keep their steps.
            if (variant == 3 && new SplittableRandom(seed ^ 0xD1FFL ^ log.size()).nextBoolean()) {
                variant = 4;
                if (!otherTable) {
                    target.create(table + "_other", surrogate);
                    otherTable = true;
                }
            }
            DataMigration changed = variant == 3 ? migration : definition(variant);
            DataMigrationOptions.Builder o = options();
            if (variant == 3) {
                o.filter(r -> true);
            }
            current = "run with a changed definition (" + switch (variant) {
                case 1 -> "one more transform";
                case 2 -> "the other conflict strategy";
                case 4 -> "another target table";
                default -> "a filter";
            } + ") without restart, checkpoint at " + pos;
            expectRefused(() -> migrate(changed, o.build()), "the definition changed");
            if (otherTable) {
                assertThat(target.read(table + "_other")).as("the other target table after the refused run").isEmpty();
            }
        }

        private void expectRefused(ThrowingCallable call, String why) {
            Throwable t = catchThrowable(call);
            assertThat(t).as("a run without restart after " + why + " must be refused with DATA_SOURCE_CHANGED (rule 2)")
                    .isInstanceOf(DataMigrationException.class);
            assertThat(((DataMigrationException) t).code()).as("the refusal's code (rule 2): " + t.getMessage())
                    .isEqualTo(ErrorCode.DATA_SOURCE_CHANGED);
            current += ": refused";
            checkTarget();
        }

        // ------------------------------------------------------------ checks

        private void checkTarget() {
            Map<String, Row> actual = target.read(table);
            assertThat(diff(rows, actual)).as("the table against the model (rule 5: no row lost or resurrected)").isEmpty();
            assertThat(target.manager().data().status(migration).position()).as("the checkpoint position")
                    .isEqualTo((long) pos);
            if (surrogate) {
                Map<String, String> now = target.identities(table);
                identities.keySet().retainAll(rows.keySet());
                for (String key : rows.keySet()) {
                    String first = identities.putIfAbsent(key, now.get(key));
                    if (first != null) {
                        assertThat(now.get(key)).as("the primary key of row " + key + " (rule 5: an update never changes "
                                + "a row's key columns)").isEqualTo(first);
                    }
                }
            }
        }

        /** A backup id seen before must hold what the target holds at the start of this run (rule 1). */
        private void checkBackup(Optional<String> id, Map<String, Row> atStart, String what) {
            if (id.isEmpty()) {
                return;
            }
            Map<String, Row> then = backups.get(id.get());
            if (then == null) {
                backups.put(id.get(), copy(atStart));
                return;
            }
            assertThat(diff(then, atStart, "the backup has", "the run's start had")).as(what + " names backup " + id.get()
                    + ", taken when the target held other rows than at this run's start (rule 1: its own backup, or a "
                    + "proven-unchanged one); differences "
                    + "between them").isEmpty();
        }

        private int firstOf(String id, int from) {
            for (int i = from; i < records.size(); i++) {
                if (records.get(i).id().equals(id)) {
                    return i;
                }
            }
            throw new IllegalStateException(id);
        }

        private static Map<String, Row> copy(Map<String, Row> rows) {
            return new TreeMap<>(rows);
        }

        private static List<Throwable> causes(Throwable t) {
            List<Throwable> out = new ArrayList<>();
            for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
                out.add(c);
            }
            return out;
        }

        /** What differs between the model and the table, one line per key; empty when they agree. */
        static List<String> diff(Map<String, Row> expected, Map<String, Row> actual) {
            return diff(expected, actual, "expected", "found");
        }

        static List<String> diff(Map<String, Row> expected, Map<String, Row> actual, String left, String right) {
            List<String> out = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>(new TreeSet<>(expected.keySet()));
            keys.addAll(new TreeSet<>(actual.keySet()));
            for (String k : keys) {
                Row e = expected.get(k);
                Row a = actual.get(k);
                if (!Objects.equals(e, a)) {
                    out.add(k + ": " + left + " " + (e == null ? "no row" : e) + ", " + right + " " + (a == null ? "no row" : a));
                }
            }
            return out;
        }
    }
}
