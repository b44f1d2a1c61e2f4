package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrator.api.ConnectionConfig;
import dev.migrator.api.DatabaseException;
import dev.migrator.jdbc.JdbcBackendProvider;
import dev.migrator.jdbc.testing.ConsoleCapture;
import dev.migrator.jdbc.testing.TestDatabase;
import dev.migrator.spi.Backend;
import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.DataWriteSession;
import dev.migrator.spi.LoadSession;
import dev.migrator.spi.TableInfo;
import dev.migrator.spi.ValueKind;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MySQL's and MariaDB's bulk path, {@code LOAD DATA LOCAL INFILE} fed by a stream of the rows, against the insert path
 * it replaces (the same backend with the driver property {@code allowLoadLocalInfile=false}): every column kind stores
 * the same content both ways, escapes and binary bytes survive, a value the server would coerce or a duplicate key
 * fails the batch instead of being skipped (the trap of a copy that stored zero UUIDs with the right row count),
 * restores stream through it, and the fallback says which path runs.
 */
class MariaDbLoadDataTest extends ItSupport {

    private static final String KINDS_DDL = "(id int PRIMARY KEY, ti tinyint, b bigint, ub bigint unsigned, "
            + "n decimal(30,10), f float, d double, flag boolean, bit1 bit(1), t text, vc varchar(40), ch char(36), "
            + "bin varbinary(16), bl blob, dt date, tm time(6), dtm datetime(6), ts timestamp(6) NULL, j json, "
            + "e enum('sad','happy'), st set('a','b'), bits bit(8), y year, u uuid, lt varchar(20) CHARACTER SET latin1, "
            + "i6 inet6) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

    /** Tab, newline, backslash, NUL, carriage return, "\N" as text, and characters of 2, 3 and 4 UTF-8 bytes. */
    private static final String TRICKY = "tab\there\nnew line \\back\\ \0nul\r cr \\N \u00e9 \u4e2d \ud83d\ude00";
    private static final byte[] TRICKY_BYTES = {0x00, 0x09, 0x0A, 0x5C, 0x0D, 'N', (byte) 0xFF, (byte) 0x80, 0x27};
    private static final UUID ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    private final List<Backend> backends = new ArrayList<>();
    private final List<AutoCloseable> sessions = new ArrayList<>();

    MariaDbLoadDataTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @AfterEach
    void closeSessions() throws Exception {
        for (AutoCloseable s : sessions) {
            s.close();
        }
        for (Backend b : backends) {
            b.close();
        }
    }

    private Backend backend(boolean loadData) {
        ConnectionConfig config = ConnectionConfig.of(CORE, db.url(), db.user(), db.password());
        Backend b = new JdbcBackendProvider().open(loadData ? config
                : config.withProperties(Map.of("allowLoadLocalInfile", "false")));
        backends.add(b);
        return b;
    }

    private DataWriteSession writer(Backend backend) {
        DataWriteSession s = backend.openDataWriter().orElseThrow();
        sessions.add(s);
        return s;
    }

    private static List<Object[]> kindRows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, -128L, Long.MAX_VALUE, new BigDecimal("18446744073709551615"),
                new BigDecimal("12345678901234567890.0123456789"), 1.5d, 2.5e300d, 1L, new byte[] {1}, TRICKY, "v\tc\\",
                ID.toString(), TRICKY_BYTES, TRICKY_BYTES, LocalDate.of(2024, 2, 29), "838:59:59.000000",
                LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_000),
                OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 789_012_000, ZoneOffset.ofHours(2)),
                "{\"a\": [1, {\"b\": null}], \"t\": \"x\\ty\"}", "happy", "a,b", new byte[] {(byte) 0xA5}, 2024L, ID,
                "caf\u00e9", "2001:db8::1"});
        rows.add(new Object[] {2L, 0L, -1L, BigDecimal.ZERO, new BigDecimal("0.5"), -0.25d, 0d, 0L, new byte[] {0}, "", "",
                "", new byte[0], new byte[0], LocalDate.of(1000, 1, 1), "-12:00:00",
                LocalDateTime.of(1000, 1, 1, 0, 0), OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC), "[]", "sad",
                "", new byte[] {0}, 1901L, new UUID(0, 1), "", "::"});
        Object[] nulls = new Object[26];
        nulls[0] = 3L;
        rows.add(nulls);
        return rows;
    }

    @Test
    void loadData_everyColumnKind_storesWhatTheInsertPathStores() {
        sql("CREATE TABLE via_load " + KINDS_DDL, "CREATE TABLE via_insert " + KINDS_DDL);
        try (ConsoleCapture console = ConsoleCapture.start()) {
            write(backend(true), "via_load", kindRows());
            write(backend(false), "via_insert", kindRows());
            assertThat(console.text())
                    .contains("[" + defaultSchema() + "] bulk inserts with LOAD DATA LOCAL INFILE, streamed")
                    .contains("[" + defaultSchema() + "] bulk inserts with multi-row INSERTs: the connection's driver "
                            + "property allowLoadLocalInfile is false");
        }

        assertThat(dump("via_load")).hasSize(3).containsExactlyElementsOf(dump("via_insert"));
        // Not only equal to each other: the content itself, where a coercion would hide (zero UUIDs, cut bytes).
        assertThat(queryStrings("SELECT concat_ws('|', hex(t), vc, hex(bin), hex(bl), u, unix_timestamp(ts), dtm, n, ub, bits + 0, "
                + "bit1 + 0, lt, i6, j) FROM via_load WHERE id = 1"))
                .containsExactly(String.join("|", java.util.HexFormat.of().withUpperCase().formatHex(
                        TRICKY.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "v\tc\\", "00090A5C0D4EFF8027",
                        "00090A5C0D4EFF8027", ID.toString(),
                        java.time.Instant.parse("2024-02-29T10:34:56Z").getEpochSecond() + ".789012", "2024-02-29 12:34:56.789012",
                        "12345678901234567890.0123456789", "18446744073709551615", "165", "1", "caf\u00e9", "2001:db8::1",
                        "{\"a\": [1, {\"b\": null}], \"t\": \"x\\ty\"}"));
        assertThat(queryStrings("SELECT concat_ws('|', t = '', bin = x'', u, st = '', bit1 + 0) FROM via_load WHERE id = 2"))
                .containsExactly("1|1|00000000-0000-0000-0000-000000000001|1|0");
        assertThat(queryLong("SELECT count(*) FROM via_load WHERE id = 3 AND concat_ws('', ti, b, ub, n, f, d, flag, bit1, "
                + "t, vc, ch, bin, bl, dt, tm, dtm, ts, j, e, st, bits, y, u, lt, i6) = ''")).isEqualTo(1);
    }

    private void write(Backend backend, String table, List<Object[]> rows) {
        DataWriteSession writer = writer(backend);
        TableInfo t = writer.describe(defaultSchema(), table).orElseThrow();
        writer.begin();
        writer.insert(t, rows);
        writer.commit();
    }

    @Test
    void loadData_booleanKind_storesTheBitInBitAndTinyintColumns() {
        sql("CREATE TABLE flags (id int PRIMARY KEY, b1 bit(1), t1 tinyint(1))");
        TableInfo t = new TableInfo(defaultSchema(), "flags", List.of(ColumnInfo.of("id", "int", ValueKind.INTEGER),
                ColumnInfo.of("b1", "bit(1)", ValueKind.BOOLEAN), ColumnInfo.of("t1", "tinyint(1)", ValueKind.BOOLEAN)),
                List.of("id"));
        DataWriteSession writer = writer(backend(true));
        writer.begin();
        writer.insert(t, List.of(new Object[] {1L, true, true}, new Object[] {2L, false, false},
                new Object[] {3L, null, null}));
        writer.commit();

        assertThat(queryStrings("SELECT concat_ws('|', id, coalesce(b1 + 0, 'null'), coalesce(t1, 'null')) FROM flags "
                + "ORDER BY id")).containsExactly("1|1|1", "2|0|0", "3|null|null");
    }

    @Test
    void loadData_valueTheServerWouldCoerce_failsTheBatchAndStoresNothing() {
        // The trap: LOAD DATA LOCAL stores a zero/NULL UUID or a cut text with a warning, and the row count still matches.
        sql("CREATE TABLE trap (id int PRIMARY KEY, u uuid NOT NULL, short varchar(3))");
        TableInfo t = new TableInfo(defaultSchema(), "trap", List.of(ColumnInfo.of("id", "int", ValueKind.INTEGER),
                ColumnInfo.of("u", "uuid", ValueKind.STRING), ColumnInfo.of("short", "varchar(3)", ValueKind.STRING)),
                List.of("id"));
        DataWriteSession writer = writer(backend(true));

        writer.begin();
        DatabaseException badUuid = catchThrowableOfType(DatabaseException.class, () -> writer.insert(t,
                List.of(new Object[] {1L, ID.toString(), "ok"}, new Object[] {2L, "not-a-uuid", "ok"})));
        writer.rollback();
        assertThat(badUuid).hasMessageContaining("LOAD DATA into").hasMessageContaining("2 of 2 rows with 1 warning(s)")
                .hasMessageContaining("Incorrect uuid value: 'not-a-uuid'");

        writer.begin();
        assertThatThrownBy(() -> writer.insert(t, List.<Object[]>of(new Object[] {3L, ID.toString(), "too long"})))
                .isInstanceOf(DatabaseException.class).hasMessageContaining("Data truncated for column 'short'");
        writer.rollback();

        // Outside a batch (autocommit), the load runs in a transaction of its own: nothing of it stays either.
        assertThatThrownBy(() -> writer.insert(t, List.of(new Object[] {4L, ID.toString(), "ok"},
                new Object[] {5L, ID.toString(), "too long"}))).isInstanceOf(DatabaseException.class);
        assertThat(rowCount("trap")).isZero();
    }

    @Test
    void loadData_duplicateKey_failsAsAnInsertWouldInsteadOfSkippingTheRow() {
        sql("CREATE TABLE dup (id int PRIMARY KEY, v varchar(10))", "INSERT INTO dup VALUES (1, 'old')");
        DataWriteSession writer = writer(backend(true));
        TableInfo t = writer.describe(defaultSchema(), "dup").orElseThrow();

        writer.begin();
        DatabaseException failure = catchThrowableOfType(DatabaseException.class, () -> writer.insert(t,
                List.of(new Object[] {2L, "new"}, new Object[] {1L, "new"})));
        writer.rollback();

        assertThat(failure).hasMessageContaining("stored 1 of 2 rows").hasMessageContaining("Duplicate entry '1'");
        assertThat(failure.getCause()).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("23000");
            assertThat(e.getErrorCode()).isEqualTo(1062);
        });
        assertThat(dump("dup")).containsExactly("1|old");
    }

    @Test
    void restore_streamsManyRowsThroughLoadData_andAFailingSourceRollsEverythingBack() {
        sql("CREATE TABLE big (id bigint PRIMARY KEY, name varchar(100), payload blob)", "INSERT INTO big VALUES (-1, 'old', NULL)");
        int n = 20_000; // several of the stream's 64 KiB chunks
        LoadSession load = backend(true).openLoad().orElseThrow();
        sessions.add(load);
        TableInfo t = load.describe(defaultSchema(), "big").orElseThrow();

        load.begin();
        load.truncate(List.of(t));
        Iterator<Object[]> failing = IntStream.range(0, n).<Object[]>mapToObj(i -> {
            if (i == n - 10) {
                throw new IllegalStateException("backup file big.jsonl.gz: corrupt at row " + i);
            }
            return new Object[] {(long) i, "row\t" + i, new byte[] {(byte) i, 0x0A}};
        }).iterator();
        assertThatThrownBy(() -> load.load(t, failing)).isInstanceOf(IllegalStateException.class)
                .hasMessage("backup file big.jsonl.gz: corrupt at row " + (n - 10));
        load.rollback();
        assertThat(dump("big")).containsExactly("-1|old|null");

        load.begin();
        load.truncate(List.of(t));
        long loaded = load.load(t, IntStream.range(0, n).<Object[]>mapToObj(i -> new Object[] {(long) i, "row\t" + i,
                new byte[] {(byte) i, 0x0A}}).iterator());
        load.commit();

        assertThat(loaded).isEqualTo(n);
        assertThat(queryLong("SELECT count(*) FROM big")).isEqualTo(n);
        assertThat(queryLong("SELECT count(*) FROM big WHERE name = concat('row\\t', id) "
                + "AND payload = concat(char(id % 256), x'0a')")).isEqualTo(n);
    }
}
