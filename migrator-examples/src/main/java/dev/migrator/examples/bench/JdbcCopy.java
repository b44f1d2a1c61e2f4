package dev.migrator.examples.bench;



import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The hand-written JDBC copy: a streaming SELECT, a batched INSERT, a commit per batch of 1,000. */
final class JdbcCopy {
    static String copy(BenchServer server, String src, String dst, String columns, int count, int fetchSize,
            int expected) {
        try (Connection in = server.connect(src); Connection out = server.connect(dst)) {
            in.setAutoCommit(fetchSize == Integer.MIN_VALUE); // PgJDBC's cursor needs a transaction
            out.setAutoCommit(false);
            long copied = 0;
            try (Statement select = in.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    PreparedStatement insert = out.prepareStatement("INSERT INTO bench (" + columns + ") VALUES ("
                            + "?, ".repeat(count - 1) + "?)")) {
                select.setFetchSize(fetchSize);
                try (ResultSet rs = select.executeQuery("SELECT " + columns + " FROM bench")) {
                    int inBatch = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= count; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof java.time.LocalDateTime t) {
                                // Connector/J takes MariaDB 10 for MySQL 5.5 and would drop the milliseconds.
                                insert.setString(i, t.toString());
                            } else {
                                insert.setObject(i, v);
                            }
                        }
                        insert.addBatch();
                        copied++;
                        if (++inBatch == 1000) {
                            insert.executeBatch();
                            out.commit();
                            inBatch = 0;
                        }
                    }
                    if (inBatch > 0) {
                        insert.executeBatch();
                        out.commit();
                    }
                }
            }
            return copied == expected ? null : "copied " + copied + " rows";
        } catch (SQLException e) {
            throw new IllegalStateException("jdbc-batch: " + e.getMessage(), e);
        }
    }
}
