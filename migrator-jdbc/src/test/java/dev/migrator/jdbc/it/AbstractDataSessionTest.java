package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DatabaseException;
import dev.migrator.jdbc.JdbcBackendProvider;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataReadSession;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data migration reader and writer of a JDBC backend where what is checked is SQL's own: column kinds and the
 * primary key, SQL filters and query sources, column defaults, a composite unique key, failures classified as
 * transient or not (a killed session, a deadlock, a unique violation), orphan rows of an unchecked foreign key, and
 * every common column type. What every backend's sessions share is the test kit's {@code DataSessionContract}.
 * Outcomes are checked in the database with plain JDBC.
 */
abstract class AbstractDataSessionTest extends ItSupport {

    private Backend backend;
    private final List<AutoCloseable> sessions = new ArrayList<>();

    AbstractDataSessionTest(TestDatabase.Kind kind) {
        super(kind);
    }

    /** DDL of {@code all_types}, as the backup tests use it. */
    abstract List<String> allTypesDdl();

    /** Rows of {@code all_types}, as the backup tests use them. */
    abstract List<String> allTypesRows();

    /** Statements creating {@code parent} and {@code child} whose foreign key {@code child_parent_fk} has 2 orphans. */
    abstract List<String> childWithOrphansDdl();

    /** Ends every connection to the test database except the caller's own, as an administrator would. */
    abstract void killOtherConnections(java.sql.Connection admin) throws Exception;

    @BeforeEach
    void openBackend() {
        backend = new JdbcBackendProvider().open(ConnectionConfig.of(CORE, db.url(), db.user(), db.password()));
    }

    @AfterEach
    void closeSessions() throws Exception {
        for (AutoCloseable s : sessions) {
            s.close();
        }
        backend.close();
    }

    DataReadSession reader() {
        DataReadSession s = backend.openDataReader().orElseThrow();
        sessions.add(s);
        return s;
    }

    DataWriteSession writer() {
        DataWriteSession s = backend.openDataWriter().orElseThrow();
        sessions.add(s);
        return s;
    }

    static Object[] row(Object... values) {
        return values;
    }

    static List<Object[]> rows(Object[]... rows) {
        return Arrays.asList(rows);
    }

    static List<Object[]> readAll(DataReadSession reader, TableInfo table, String filter, List<String> orderBy, Object[] after) {
        List<Object[]> rows = new ArrayList<>();
        long n = reader.read(table, filter, orderBy, after, rows::add);
        assertThat(n).isEqualTo(rows.size());
        return rows;
    }

    static List<List<Object>> asLists(List<Object[]> rows) {
        return rows.stream().map(Arrays::asList).toList();
    }

    /** {@code items (id, name, price)} with ids 1..10 inserted out of order, names n1..n10, price id * 10. */
    TableInfo items() {
        sql("CREATE TABLE items (id int PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'none', price int, note varchar(50))");
        StringBuilder values = new StringBuilder();
        for (int id : new int[] {7, 3, 10, 1, 5, 2, 9, 4, 8, 6}) {
            values.append(values.length() == 0 ? "" : ", ").append("(").append(id).append(", 'n").append(id).append("', ")
                    .append(id * 10).append(", 'kept')");
        }
        sql("INSERT INTO items VALUES " + values);
        return writer().describe(defaultSchema(), "items").orElseThrow();
    }

    /** {@code pairs (a, b, v)} with a composite key (a, b). */
    TableInfo pairs() {
        sql("CREATE TABLE pairs (a int NOT NULL, b int NOT NULL, v varchar(20), PRIMARY KEY (a, b))",
                "INSERT INTO pairs VALUES (2, 2, 'x22'), (1, 3, 'x13'), (1, 1, 'x11'), (2, 1, 'x21'), (1, 2, 'x12')");
        return writer().describe(defaultSchema(), "pairs").orElseThrow();
    }

    // ---------------------------------------------------------------- reader

    @Test
    void describe_table_listsColumnsWithKindsAndThePrimaryKey() {
        pairs();
        TableInfo t = reader().describe(defaultSchema(), "pairs").orElseThrow();

        assertThat(t.columns()).extracting(ColumnInfo::name).containsExactly("a", "b", "v");
        assertThat(t.columns()).extracting(ColumnInfo::kind).containsExactly(ValueKind.INTEGER, ValueKind.INTEGER,
                ValueKind.STRING);
        assertThat(t.primaryKey()).containsExactly("a", "b");
    }

    @Test
    void read_withFilterAndAfter_readsOnlyMatchingRowsAfterTheKey() {
        TableInfo t = items();
        DataReadSession reader = reader();

        List<Object[]> rows = readAll(reader, t, "price >= 30 AND id <> 8", List.of("id"), row(5L));

        assertThat(rows).extracting(r -> r[0]).containsExactly(6L, 7L, 9L, 10L);
        assertThat(reader.count(t, "price >= 30 AND id <> 8")).hasValue(7);
        assertThat(reader.count(t, null)).hasValue(10);
    }

    @Test
    void read_badFilter_throwsNamingTheTableAndTheFilter() {
        TableInfo t = items();
        DataReadSession reader = reader();

        assertThatThrownBy(() -> readAll(reader, t, "no_such_column = 1", List.of("id"), null))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("items")
                .hasMessageContaining("Check the filter");
        assertThat(readAll(reader, t, null, List.of("id"), row(8L))).as("the session still reads").hasSize(2);
    }

    @Test
    void readQuery_withSkip_leavesOutTheFirstRows() {
        items();
        DataReadSession reader = reader();
        List<Object[]> rows = new ArrayList<>();

        long n = reader.queries().orElseThrow().read("SELECT id, name AS label FROM items WHERE id > 2 ORDER BY id;", 3, rows::add);

        assertThat(n).isEqualTo(5);
        assertThat(asLists(rows)).containsExactly(List.of(6L, "n6"), List.of(7L, "n7"), List.of(8L, "n8"), List.of(9L, "n9"),
                List.of(10L, "n10"));
        TableInfo described = reader.queries().orElseThrow().describe("SELECT id, name AS label FROM items ORDER BY id");
        assertThat(described.columns()).extracting(ColumnInfo::name).containsExactly("id", "label");
        assertThat(described.columns()).extracting(ColumnInfo::kind).containsExactly(ValueKind.INTEGER, ValueKind.STRING);
    }

    @Test
    void readQuery_thatCannotBeWrapped_skipsOnTheClient() {
        items();
        List<Object[]> rows = new ArrayList<>();

        // A ';' inside a literal: the query is not wrapped in a subquery, the rows are skipped as they come.
        reader().queries().orElseThrow().read("SELECT id, ';' AS s FROM items ORDER BY id", 8, rows::add);

        assertThat(asLists(rows)).containsExactly(List.of(9L, ";"), List.of(10L, ";"));
    }

    // ---------------------------------------------------------------- writer

    @Test
    void insert_subsetOfColumns_writesThemAndDefaultsFillTheRest() {
        TableInfo t = items();
        TableInfo idAndPrice = new TableInfo(t.schema(), t.name(), List.of(t.columns().get(0), t.columns().get(2)), t.primaryKey());
        DataWriteSession writer = writer();

        writer.begin();
        writer.insert(idAndPrice, rows(row(11L, 110L), row(12L, null)));
        writer.commit();

        assertThat(queryStrings("SELECT concat(id, '|', name, '|', coalesce(price, -1), '|', coalesce(note, '-')) FROM items "
                + "WHERE id > 10 ORDER BY id")).containsExactly("11|none|110|-", "12|none|-1|-");
    }

    @Test
    void upsert_onlyKeyColumns_insertsNewKeysAndLeavesExistingRowsAlone() {
        TableInfo t = items();
        TableInfo idOnly = new TableInfo(t.schema(), t.name(), List.of(t.columns().get(0)), t.primaryKey());

        writer().upsert(idOnly, List.of("id"), rows(row(3L), row(20L)));

        assertThat(dump("items")).contains("3|n3|30|kept", "20|none|null|null");
        assertThat(rowCount("items")).isEqualTo(11);
    }

    @Test
    void upsert_compositeKey_replacesTheMatchingTuple() {
        TableInfo t = pairs();
        DataWriteSession writer = writer();

        writer.begin();
        writer.upsert(t, List.of("a", "b"), rows(row(1L, 2L, "new12"), row(3L, 1L, "new31")));
        writer.commit();

        assertThat(queryStrings("SELECT concat(a, ',', b, '=', v) FROM pairs ORDER BY a, b"))
                .containsExactly("1,1=x11", "1,2=new12", "1,3=x13", "2,1=x21", "2,2=x22", "3,1=new31");
    }

    @Test
    void isTransient_connectionKilled_isTrue_andRollbackDoesNotThrow() throws Exception {
        TableInfo t = items();
        DataWriteSession writer = writer();
        writer.begin();
        writer.insert(t, rows(row(11L, "a", 1L, null)));
        try (java.sql.Connection admin = db.connect()) {
            killOtherConnections(admin);
        }

        DatabaseException failure = catchThrowableOfType(DatabaseException.class,
                () -> writer.insert(t, rows(row(12L, "b", 2L, null))));

        assertThat(failure).as("writing on a killed connection fails").isNotNull();
        assertThat(writer.isTransient(failure)).as("%s", failure).isTrue();
        assertThatCode(writer::rollback).doesNotThrowAnyException();
        assertThat(rowCount("items")).isEqualTo(10);
    }

    @Test
    void isTransient_deadlock_isTrue() throws Exception {
        TableInfo t = items();
        DataWriteSession first = writer();
        DataWriteSession second = writer();
        first.begin();
        second.begin();
        first.upsert(t, List.of("id"), rows(row(1L, "first", 1L, null)));
        second.upsert(t, List.of("id"), rows(row(2L, "second", 2L, null)));

        CompletableFuture<RuntimeException> firstCrosses = CompletableFuture.supplyAsync(
                () -> attempt(first, t, row(2L, "first", 1L, null)));
        Thread.sleep(500); // let the first wait for row 2's lock
        RuntimeException secondFailure = attempt(second, t, row(1L, "second", 2L, null));
        RuntimeException firstFailure = firstCrosses.get(60, TimeUnit.SECONDS);

        RuntimeException deadlock = firstFailure != null ? firstFailure : secondFailure;
        assertThat(deadlock).as("one of the two is chosen as the deadlock's victim").isNotNull();
        assertThat(first.isTransient(deadlock)).as("%s", deadlock).isTrue();
    }

    /** Upserts one row; on failure rolls back at once (so the other side can go on) and returns the failure. */
    private static RuntimeException attempt(DataWriteSession writer, TableInfo t, Object[] row) {
        try {
            writer.upsert(t, List.of("id"), List.<Object[]>of(row));
            writer.commit();
            return null;
        } catch (RuntimeException e) {
            writer.rollback();
            return e;
        }
    }

    @Test
    void isTransient_uniqueViolation_isFalse_andTheMessageSaysWhatToDo() {
        TableInfo t = items();
        DataWriteSession writer = writer();
        writer.begin();

        DatabaseException failure = catchThrowableOfType(DatabaseException.class,
                () -> writer.insert(t, rows(row(3L, "again", 1L, null))));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("insert 1 rows into " + t.qualifiedName())
                .contains("choose a conflict strategy");
        assertThat(writer.isTransient(failure)).isFalse();
        writer.rollback();
    }

    @Test
    void orphans_ofAForeignKeyNotChecked_areCountedByConstraint() {
        sql(childWithOrphansDdl().toArray(String[]::new));
        DataWriteSession writer = writer();

        Map<String, Long> orphans = writer.orphans(writer.describe(defaultSchema(), "child").orElseThrow());

        assertThat(orphans).containsExactly(Map.entry("child_parent_fk", 2L));
        assertThat(writer.orphans(writer.describe(defaultSchema(), "parent").orElseThrow())).isEmpty();
    }

    // ---------------------------------------------------------------- types

    @Test
    void readThenInsert_roundTripsEveryCommonColumnType() {
        sql(allTypesDdl().toArray(String[]::new));
        sql(allTypesRows().toArray(String[]::new));
        List<String> before = dump("all_types");
        TableInfo t = reader().describe(defaultSchema(), "all_types").orElseThrow();
        List<Object[]> rows = readAll(reader(), t, null, List.of("id"), null);
        assertThat(rows).hasSize(3);
        for (Object[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (r[i] != null) {
                    assertThat(r[i]).as("column %s", t.columns().get(i).name()).isInstanceOf(javaType(t.columns().get(i).kind()));
                }
            }
        }
        sql("DELETE FROM all_types");
        DataWriteSession writer = writer();

        writer.begin();
        writer.insert(t, rows);
        writer.commit();
        assertThat(dump("all_types")).containsExactlyElementsOf(before);

        sql("DELETE FROM all_types WHERE id = 2", "UPDATE all_types SET t = 'changed'");
        writer.begin();
        writer.upsert(t, List.of("id"), rows);
        writer.commit();
        assertThat(dump("all_types")).containsExactlyElementsOf(before);

        assertThat(writer.find(t, List.of("id"), rows(row(1L))).get(0))
                .as("find reads values as the reader does").isEqualTo(rows.get(0));
    }

    private static Class<?> javaType(ValueKind kind) {
        return switch (kind) {
            case STRING, JSON, DOCUMENT, OTHER -> String.class;
            case INTEGER -> Long.class;
            case DECIMAL -> BigDecimal.class;
            case FLOAT -> Double.class;
            case BOOLEAN -> Boolean.class;
            case BINARY -> byte[].class;
            case DATE -> LocalDate.class;
            case TIME -> LocalTime.class;
            case TIMESTAMP -> LocalDateTime.class;
            case TIMESTAMP_TZ -> OffsetDateTime.class;
            case UUID -> UUID.class;
            case ARRAY -> List.class;
        };
    }
}
