package dev.migrator.testkit;

import static dev.migrator.testkit.KitServer.FieldType.BIGINT;
import static dev.migrator.testkit.KitServer.FieldType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.spi.Backend;
import dev.migrator.spi.BackendProvider;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.testkit.KitServer.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SPI's data read and write sessions against a real server: reads in key order that resume after a key or a
 * tuple, many batches, key look-ups, bulk inserts, upserts that keep the fields they are not given, and checkpoints
 * that commit or roll back with their batch (where the server has transactions). Records cross a session as the
 * backend carries them ({@link KitServer#sessionRow}); outcomes are checked in the database through the {@link
 * KitDatabase}. Filters and queries, written in the backend's own language, and how a backend classifies failures are
 * each backend's own tests.
 */
public abstract class DataSessionContract extends KitSupport {

    private Backend backend;
    private final List<AutoCloseable> sessions = new ArrayList<>();

    @BeforeEach
    void openDataBackend() {
        ConnectionConfig config = database().config(CORE);
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.supports(config)) {
                backend = p.open(config);
                return;
            }
        }
        throw new AssertionError("No BackendProvider in META-INF/services supports " + config.url());
    }

    @AfterEach
    void closeDataSessions() throws Exception {
        for (AutoCloseable s : sessions) {
            s.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private DataReadSession reader() {
        DataReadSession s = backend.openDataReader().orElseThrow();
        sessions.add(s);
        return s;
    }

    private DataWriteSession writer() {
        DataWriteSession s = backend.openDataWriter().orElseThrow();
        sessions.add(s);
        return s;
    }

    /** A record of fields and values, nulls allowed. */
    private static Map<String, Object> rec(Object... fieldsAndValues) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            r.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return r;
    }

    private List<Object[]> rows(TableInfo t, List<Map<String, Object>> records) {
        return records.stream().map(r -> server().sessionRow(t, r)).toList();
    }

    private List<Map<String, Object>> records(TableInfo t, List<Object[]> rows) {
        return rows.stream().map(r -> server().sessionRecord(t, r)).toList();
    }

    private List<Map<String, Object>> readAll(DataReadSession reader, TableInfo t, List<String> orderBy, Object[] after) {
        List<Object[]> rows = new ArrayList<>();
        long n = reader.read(t, null, orderBy, after, rows::add);
        assertThat(n).isEqualTo(rows.size());
        return records(t, rows);
    }

    private List<String> orderBy(String... fields) {
        return Arrays.stream(fields).map(f -> f.equals("id") ? server().keyField() : f).toList();
    }

    /** Records of a table as {@code a|b|c} text of these fields, by key, read directly. */
    private List<String> dump(String table, String... fields) {
        return database().read(defaultSchema(), table).stream()
                .map(r -> Arrays.stream(fields).map(f -> String.valueOf(r.get(f))).collect(Collectors.joining("|")))
                .toList();
    }

    private TableInfo describe(String table) {
        return writer().describe(defaultSchema(), table).orElseThrow();
    }

    private void create(String table, Field... fields) {
        database().execute(defaultSchema(), server().createTypedTable(table, BIGINT, List.of(fields)));
    }

    /** {@code items (id, name, price, note)} with ids 1..10 inserted out of order, names n1..n10, price id * 10. */
    private TableInfo items() {
        create("items", new Field("name", TEXT), new Field("price", BIGINT), new Field("note", TEXT));
        List<Map<String, Object>> records = new ArrayList<>();
        for (long id : new long[] {7, 3, 10, 1, 5, 2, 9, 4, 8, 6}) {
            records.add(rec("id", id, "name", "n" + id, "price", id * 10, "note", "kept"));
        }
        database().insert(defaultSchema(), "items", records);
        return describe("items");
    }

    /** {@code pairs (id, a, b, v)} whose (a, b) tuples are unique. */
    private TableInfo pairs() {
        create("pairs", new Field("a", BIGINT), new Field("b", BIGINT), new Field("v", TEXT));
        database().insert(defaultSchema(), "pairs", List.of(rec("id", 1L, "a", 2L, "b", 2L, "v", "x22"),
                rec("id", 2L, "a", 1L, "b", 3L, "v", "x13"), rec("id", 3L, "a", 1L, "b", 1L, "v", "x11"),
                rec("id", 4L, "a", 2L, "b", 1L, "v", "x21"), rec("id", 5L, "a", 1L, "b", 2L, "v", "x12")));
        return describe("pairs");
    }

    // ---- reader

    /** A copy of {@code items} under another name, its records inserted in another order, with some names replaced. */
    private TableInfo itemsLike(String table, Map<Long, String> names) {
        create(table, new Field("name", TEXT), new Field("price", BIGINT), new Field("note", TEXT));
        List<Map<String, Object>> records = new ArrayList<>();
        for (long id = 10; id >= 1; id--) {
            records.add(rec("id", id, "name", names.getOrDefault(id, "n" + id), "price", id * 10, "note", "kept"));
        }
        database().insert(defaultSchema(), table, records);
        return describe(table);
    }

    private String checksum(DataReadSession r, TableInfo t) {
        List<String> columns = t.columns().stream().map(dev.migrator.spi.ColumnInfo::name).toList();
        dev.migrator.spi.TableChecksums.Checksum c = r.checksums().orElseThrow().checksum(t, columns).orElseThrow();
        assertThat(c.rows()).as("rows of %s", t.name()).isEqualTo(10);
        return c.value();
    }

    /**
     * Where a backend computes content checksums itself ({@link DataReadSession#checksums()}): equal rows in another
     * order sum alike; one changed value, or names swapped between two rows (every column's values the same, only not
     * in the same rows), with the same row count, do not.
     */
    @Test
    public void checksums_whereOffered_seeContentNotCounts() {
        DataReadSession r = reader();
        assumeTrue(r.checksums().isPresent(), "this backend computes no checksums itself");
        String items = checksum(r, items());

        assertThat(checksum(r, itemsLike("items_same", Map.of()))).isEqualTo(items);
        assertThat(checksum(r, itemsLike("items_changed", Map.of(5L, "n5 ")))).isNotEqualTo(items);
        assertThat(checksum(r, itemsLike("items_swapped", Map.of(1L, "n2", 2L, "n1")))).isNotEqualTo(items);
    }

    @Test
    public void describe_missingTable_returnsNull() {
        assertThat(reader().describe(defaultSchema(), "nope")).isEmpty();
        assertThat(writer().describe(defaultSchema(), "nope")).isEmpty();
    }

    @Test
    public void read_orderedByKey_streamsEveryRowInKeyOrder() {
        TableInfo t = items();

        List<Map<String, Object>> rows = readAll(reader(), t, orderBy("id"), null);

        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(rows.get(2)).containsEntry("id", 3L).containsEntry("name", "n3").containsEntry("price", 30L)
                .containsEntry("note", "kept");
    }

    @Test
    public void read_afterAKey_resumesExactlyAfterIt() {
        TableInfo t = items();

        List<Map<String, Object>> rows = readAll(reader(), t, orderBy("id"), new Object[] {4L});

        assertThat(rows).extracting(r -> r.get("id")).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    public void read_streamsInIdOrder_andAfterResumesExactlyAfterTheGivenId() {
        create("ids");
        List<Map<String, Object>> records = new ArrayList<>();
        for (long i : new long[] {5, 3, 9, 1, 7, 2}) {
            records.add(rec("id", i));
        }
        database().insert(defaultSchema(), "ids", records);
        TableInfo t = describe("ids");
        DataReadSession reader = reader();

        assertThat(readAll(reader, t, orderBy("id"), null)).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 5L, 7L, 9L);
        assertThat(readAll(reader, t, orderBy("id"), new Object[] {3L})).extracting(r -> r.get("id")).containsExactly(5L, 7L, 9L);
        assertThat(readAll(reader, t, orderBy("id"), new Object[] {4L})).extracting(r -> r.get("id")).containsExactly(5L, 7L, 9L);
        assertThat(readAll(reader, t, orderBy("id"), new Object[] {9L})).isEmpty();
    }

    @Test
    public void read_afterACompositeKey_resumesExactlyAfterTheTuple() {
        TableInfo t = pairs();

        List<Map<String, Object>> rows = readAll(reader(), t, List.of("a", "b"), new Object[] {1L, 2L});

        assertThat(rows).extracting(r -> r.get("v")).containsExactly("x13", "x21", "x22");
    }

    @Test
    public void read_returnsTheCountOfRowsAndManyBatchesInOrder() {
        create("many", new Field("n", BIGINT));
        List<Map<String, Object>> records = new ArrayList<>();
        for (long i = 1; i <= 2500; i++) {
            records.add(rec("id", i, "n", i));
        }
        database().insert(defaultSchema(), "many", records);
        TableInfo t = describe("many");
        long[] last = {0};
        long[] outOfOrder = {0};

        long rows = reader().read(t, null, orderBy("id"), new Object[] {500L}, row -> {
            long id = ((Number) server().sessionRecord(t, row).get("id")).longValue();
            if (id <= last[0]) {
                outOfOrder[0]++;
            }
            last[0] = id;
        });

        assertThat(rows).isEqualTo(2000);
        assertThat(last[0]).isEqualTo(2500);
        assertThat(outOfOrder[0]).isZero();
    }

    @Test
    public void read_sinkFailure_isRethrownAsIs() {
        TableInfo t = items();
        IllegalStateException stop = new IllegalStateException("stop");

        assertThatThrownBy(() -> reader().read(t, null, orderBy("id"), null, row -> {
            throw stop;
        })).isSameAs(stop);
    }

    // ---- writer

    @Test
    public void find_singleKey_returnsTheExistingRowsWithAllColumns() {
        TableInfo t = items();

        List<Object[]> found = writer().find(t, orderBy("id"), List.of(new Object[] {3L}, new Object[] {42L}, new Object[] {7L}));

        assertThat(records(t, found)).containsExactlyInAnyOrder(rec("id", 3L, "name", "n3", "price", 30L, "note", "kept"),
                rec("id", 7L, "name", "n7", "price", 70L, "note", "kept"));
    }

    @Test
    public void insert_thenFind_bySingleKey_returnsOnlyPresentDocuments() {
        create("people", new Field("name", TEXT));
        TableInfo t = describe("people");
        DataWriteSession writer = writer();
        writer.insert(t, rows(t, List.of(rec("id", 1L, "name", "Ada"), rec("id", 2L, "name", "Bob"), rec("id", 3L, "name", "Cy"))));

        List<Object[]> found = writer.find(t, orderBy("id"), List.of(new Object[] {1L}, new Object[] {3L}, new Object[] {4L}));

        assertThat(records(t, found)).extracting(r -> r.get("name")).containsExactlyInAnyOrder("Ada", "Cy");
        assertThat(writer.find(t, orderBy("id"), List.of())).isEmpty();
    }

    @Test
    public void find_compositeKey_returnsOnlyTuplesThatExist() {
        TableInfo t = pairs();

        List<Object[]> found = writer().find(t, List.of("a", "b"), List.of(new Object[] {1L, 2L}, new Object[] {2L, 2L},
                new Object[] {2L, 3L}, new Object[] {9L, 1L}));

        assertThat(records(t, found)).containsExactlyInAnyOrder(rec("id", 5L, "a", 1L, "b", 2L, "v", "x12"),
                rec("id", 1L, "a", 2L, "b", 2L, "v", "x22"));
    }

    @Test
    public void find_moreKeysThanOneQueryHolds_findsThemAll() {
        create("many", new Field("v", TEXT));
        DataWriteSession writer = writer();
        TableInfo t = describe("many");
        List<Map<String, Object>> records = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        for (long id = 1; id <= 12_000; id++) {
            records.add(rec("id", id, "v", "v" + id));
            keys.add(new Object[] {id * 2}); // half of them exist
        }
        writer.insert(t, rows(t, records));

        assertThat(writer.find(t, orderBy("id"), keys)).hasSize(6_000);
        assertThat(writer.count(t)).isEqualTo(12_000);
    }

    @Test
    public void insert_moreThanAChunk_writesEveryDocument() {
        create("bulk", new Field("v", TEXT));
        TableInfo t = describe("bulk");
        List<Map<String, Object>> records = new ArrayList<>();
        for (long i = 0; i < 2345; i++) {
            records.add(rec("id", i, "v", "x".repeat(10)));
        }

        writer().insert(t, rows(t, records));

        assertThat(rowCount("bulk")).isEqualTo(2345);
    }

    @Test
    public void upsert_existingKey_replacesGivenColumnsAndKeepsTheRest() {
        TableInfo t = items();
        TableInfo idAndName = server().sessionFields(t, orderBy("id", "name"));
        DataWriteSession writer = writer();

        writer.begin();
        writer.upsert(idAndName, orderBy("id"), rows(idAndName, List.of(rec("id", 2L, "name", "two"), rec("id", 11L, "name", "eleven"))));
        writer.commit();

        assertThat(dump("items", "id", "name", "price", "note")).contains("1|n1|10|kept", "2|two|20|kept", "3|n3|30|kept",
                "11|eleven|null|null");
        assertThat(rowCount("items")).isEqualTo(11);
    }

    @Test
    public void upsert_replacesTheGivenFields_keepsTheOthers_andInsertsNewDocuments() {
        create("people", new Field("name", TEXT), new Field("city", TEXT), new Field("age", BIGINT));
        database().insert(defaultSchema(), "people", List.of(rec("id", 1L, "name", "Ada", "city", "London", "age", 36L)));
        TableInfo given = server().sessionFields(describe("people"), orderBy("id", "name", "age"));

        writer().upsert(given, orderBy("id"), rows(given, List.of(rec("id", 1L, "name", "Ada L.", "age", 37L),
                rec("id", 2L, "name", "Bob"))));

        List<Map<String, Object>> people = database().read(defaultSchema(), "people");
        assertThat(people.get(0)).containsEntry("name", "Ada L.").containsEntry("age", 37L).containsEntry("city", "London");
        assertThat(people.get(1)).containsEntry("name", "Bob");
        assertThat(rowCount("people")).isEqualTo(2);
    }

    // ---- batches and checkpoints

    @Test
    public void rollback_ofABatch_leavesNoRowsAndTheCheckpointUnchanged() {
        assumeTrue(server().transactions(), server().displayName() + " has no transactions: a batch cannot roll back.");
        TableInfo t = items();
        DataWriteSession writer = writer();
        writer.prepareCheckpoints(defaultSchema());
        writer.begin();
        writer.insert(t, rows(t, List.of(rec("id", 11L, "name", "a", "price", 1L, "note", null))));
        writer.saveCheckpoint(defaultSchema(), "copy_items", "{\"after\":[11]}");
        writer.commit();

        writer.begin();
        writer.insert(t, rows(t, List.of(rec("id", 12L, "name", "b", "price", 2L, "note", null))));
        writer.upsert(t, orderBy("id"), rows(t, List.of(rec("id", 1L, "name", "changed", "price", 0L, "note", null))));
        writer.saveCheckpoint(defaultSchema(), "copy_items", "{\"after\":[12]}");
        writer.rollback();

        assertThat(rowCount("items")).isEqualTo(11);
        assertThat(dump("items", "id", "name", "price", "note")).contains("1|n1|10|kept");
        assertThat(writer.loadCheckpoint(defaultSchema(), "copy_items")).contains("{\"after\":[11]}");
    }

    @Test
    public void saveCheckpoint_isPartOfTheBatchTransaction_visibleOnlyAfterCommit() {
        assumeTrue(server().transactions(), server().displayName() + " has no transactions: a checkpoint cannot wait for "
                + "its batch's commit.");
        TableInfo t = items();
        DataWriteSession writer = writer();
        writer.prepareCheckpoints(defaultSchema());
        writer.prepareCheckpoints(defaultSchema()); // idempotent
        assertThat(writer.loadCheckpoint(defaultSchema(), "m")).isEmpty();

        writer.begin();
        writer.insert(t, rows(t, List.of(rec("id", 11L, "name", "a", "price", 1L, "note", null))));
        writer.saveCheckpoint(defaultSchema(), "m", "{\"n\":1}");
        assertThat(rowCount("migrator_data_checkpoints")).as("not committed yet").isZero();
        assertThat(rowCount("items")).isEqualTo(10);
        writer.commit();

        assertThat(database().checkpointStates(defaultSchema(), "m")).containsExactly("{\"n\":1}");
        assertThat(rowCount("items")).isEqualTo(11);

        writer.begin();
        writer.insert(t, rows(t, List.of(rec("id", 12L, "name", "b", "price", 2L, "note", null))));
        writer.saveCheckpoint(defaultSchema(), "m", "{\"n\":2}");
        writer.rollback();

        assertThat(database().checkpointStates(defaultSchema(), "m")).containsExactly("{\"n\":1}");
        assertThat(rowCount("items")).isEqualTo(11);
    }

    @Test
    public void loadCheckpoint_withoutTheTable_isEmpty() {
        assertThat(writer().loadCheckpoint(defaultSchema(), "m")).isEmpty();
        assertThat(tableExists("migrator_data_checkpoints")).isFalse();
    }
}
