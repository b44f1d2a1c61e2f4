package dev.migrator.examples.bench;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The migrate benchmark's scripts: {@code V{n}__create_table_{n}.sql}, one table and one index each, the same for
 * migrator and Flyway; the floor's single file of them all; and the check that a database holds them.
 */
final class GeneratedScripts {

    private static final String TABLE_PREFIX = "bench_t";

    private GeneratedScripts() {}

    /** {@code V{n}__create_table_{n}.sql}: the naming both migrator and Flyway read. */
    static void generateScripts(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        int width = Math.max(4, String.valueOf(count).length());
        for (int i = 1; i <= count; i++) {
            String table = TABLE_PREFIX + pad(i, width);
            String sql = "CREATE TABLE " + table + " (\n"
                    + "    id BIGINT NOT NULL PRIMARY KEY,\n"
                    + "    name VARCHAR(100) NOT NULL,\n"
                    + "    amount NUMERIC(12, 2),\n"
                    + "    created_at TIMESTAMP NULL,\n"
                    + "    active BOOLEAN NOT NULL\n"
                    + ");\n"
                    + "CREATE INDEX ix_" + table + "_name ON " + table + " (name);\n";
            Files.writeString(dir.resolve("V" + i + "__create_table_" + i + ".sql"), sql, StandardCharsets.UTF_8);
        }
    }

    static void writeFloorFile(Path dir, Path file, boolean transactionPerScript) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> ordered = files.filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .sorted(Comparator.comparingLong(GeneratedScripts::versionOf))
                    .toList();
            StringBuilder sb = new StringBuilder();
            for (Path p : ordered) {
                if (transactionPerScript) {
                    sb.append("BEGIN;\n");
                }
                sb.append(Files.readString(p, StandardCharsets.UTF_8));
                if (transactionPerScript) {
                    sb.append("COMMIT;\n");
                }
            }
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long versionOf(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(1, name.indexOf("__")));
    }

    /** Fails unless database {@code db} holds exactly {@code expected} generated {@code bench_t} tables. */
    static void assertTables(BenchServer server, String db, int expected) {
        String sql = server.kind == BenchServer.Kind.POSTGRES
                ? "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'public'"
                        + " AND table_name LIKE 'bench\\_t%'"
                : "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"
                        + " AND table_name LIKE 'bench\\_t%'";
        try (Connection c = server.connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int found = rs.getInt(1);
                if (found != expected) {
                    throw new IllegalStateException(
                            "database " + db + " has " + found + " bench tables; expected " + expected);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("checking database " + db + ": " + e.getMessage(), e);
        }
    }

    private static String pad(int i, int width) {
        return String.format(Locale.ROOT, "%0" + width + "d", i);
    }
}
