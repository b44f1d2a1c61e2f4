package dev.migrator.core.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.RecordReader;
import dev.migrator.spi.RecordWriter;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SPI's record roles over the fake backend: each reader session reads a table as a {@link RecordReader}, each
 * writer session writes one as a {@link RecordWriter}, and what one role writes the other reads back the same.
 */
class FakeRecordRolesTest {

    private static final String SCHEMA = "main";
    private static final List<ColumnInfo> COLUMNS = List.of(ColumnInfo.of("id", "bigint", ValueKind.INTEGER),
            ColumnInfo.of("name", "text", ValueKind.STRING));

    private FakeDatabase db;
    private FakeBackend backend;

    @BeforeEach
    void create() {
        db = FakeDatabase.named("roles_" + System.nanoTime());
        db.createSchema(SCHEMA);
        db.change(s -> s.schema(SCHEMA).tables.put("users", new FakeTable(SCHEMA, "users", COLUMNS)));
        backend = new FakeBackend(db, FakeBackend.Ddl.TRANSACTIONAL, "fake", null);
    }

    @AfterEach
    void drop() {
        FakeDatabase.drop(db.name());
    }

    private static List<Object[]> rows(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Object[] {(long) i, "user " + i}).toList();
    }

    private static void write(RecordWriter writer, List<Object[]> rows) {
        TableInfo users = writer.describe(SCHEMA, "users").orElseThrow();
        writer.begin();
        assertThat(writer.insertAll(users, rows.iterator())).isEqualTo(rows.size());
        writer.commit();
    }

    private static List<Object[]> read(RecordReader reader) {
        List<Object[]> out = new ArrayList<>();
        TableInfo users = reader.describe(SCHEMA, "users").orElseThrow();
        assertThat(reader.read(users, out::add)).isEqualTo(out.size());
        return out;
    }

    @Test
    void dataWriterInsertAll_ofMoreRowsThanAChunk_writesThemAll_andEveryReaderReadsThemBack() {
        List<Object[]> rows = rows(DataWriteSession.INSERT_CHUNK * 2 + 7);
        try (DataWriteSession writer = backend.openDataWriter().orElseThrow()) {
            write(writer, rows);
        }

        try (RecordReader snapshot = backend.openSnapshot().orElseThrow();
                RecordReader data = backend.openDataReader().orElseThrow()) {
            assertThat(read(snapshot)).containsExactlyElementsOf(rows);
            assertThat(read(data)).containsExactlyElementsOf(rows);
        }
    }

    @Test
    void loadInsertAll_isItsLoad() {
        List<Object[]> rows = rows(3);
        try (var load = backend.openLoad().orElseThrow()) {
            TableInfo users = load.describe(SCHEMA, "users").orElseThrow();
            load.begin();
            load.truncate(List.of(users));
            assertThat(load.insertAll(users, rows.iterator())).isEqualTo(3);
            load.commit();
        }

        try (RecordReader data = backend.openDataReader().orElseThrow()) {
            assertThat(read(data)).containsExactlyElementsOf(rows);
        }
    }
}
