package dev.migrator.jdbc.internal.postgres;

import dev.migrator.spi.ColumnInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL's {@code COPY FROM STDIN} and {@code COPY TO STDOUT} through pgjdbc's copy API, in its text format. */
final class PostgresCopy {

    /** What {@code COPY ... TO STDOUT} wrote, and how many rows. */
    record Copied(byte[] bytes, long rows) {}

    private PostgresCopy() {}

    /** Runs {@code COPY ... FROM STDIN} with the rows, each value written as its column's kind; returns the row count. */
    static long copyRows(Connection c, String sql, List<ColumnInfo> columns, Iterator<Object[]> rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        long count = 0;
        StringBuilder line = new StringBuilder(256);
        byte[] buffer = new byte[1 << 16];
        int filled = 0;
        try {
            while (rows.hasNext()) {
                Object[] row = rows.next();
                line.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        line.append('\t');
                    }
                    PostgresCopyText.copyValue(line, row[i], columns.get(i).kind(), columns.get(i).elementKind());
                }
                line.append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                if (filled + bytes.length > buffer.length) {
                    copy.writeToCopy(buffer, 0, filled);
                    filled = 0;
                }
                if (bytes.length > buffer.length) {
                    copy.writeToCopy(bytes, 0, bytes.length);
                } else {
                    System.arraycopy(bytes, 0, buffer, filled, bytes.length);
                    filled += bytes.length;
                }
                count++;
            }
            if (filled > 0) {
                copy.writeToCopy(buffer, 0, filled);
            }
            copy.endCopy();
            return count;
        } catch (SQLException | RuntimeException e) {
            cancel(copy, e);
            throw e;
        }
    }

    /** Runs {@code COPY ... FROM STDIN} with bytes already in COPY's text format, as they are. */
    static void copyBytes(Connection c, String sql, byte[] data) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            int chunk = 1 << 20;
            for (int from = 0; from < data.length; from += chunk) {
                copy.writeToCopy(data, from, Math.min(chunk, data.length - from));
            }
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            cancel(copy, e);
            throw e;
        }
    }

    /** Runs {@code COPY (...) TO STDOUT} into memory; {@code sizeHint} is the expected size in bytes. */
    static Copied copyOut(Connection c, String sql, int sizeHint) throws SQLException {
        Buffer out = new Buffer(sizeHint);
        long rows;
        try {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        } catch (IOException e) {
            throw new SQLException("Reading the COPY output failed: " + e.getMessage(), "08006", e);
        }
        return new Copied(out.bytes(), rows);
    }

    /** Ends a failed COPY so that the connection can be used (or rolled back) again. */
    private static void cancel(CopyIn copy, Exception failure) {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /**
     * The JDK's growable byte buffer, handing its bytes over without the copy {@code toByteArray} makes when COPY filled
     * it exactly. Its synchronized writes cost nothing measurable here: pgjdbc writes once per row, from one thread,
     * and allocates each row's bytes itself.
     */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer(int initial) {
            super(Math.max(1024, Math.min(initial, 1 << 24)));
        }

        byte[] bytes() {
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }
    }
}
