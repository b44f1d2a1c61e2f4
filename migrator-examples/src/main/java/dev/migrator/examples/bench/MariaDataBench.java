package dev.migrator.examples.bench;

import dev.migrator.examples.bench.DataResults.Sample;

import static dev.migrator.examples.bench.BenchSupport.seconds;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.MigrationManager;
import dev.migrator.api.RecordSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/** MariaDB (or MySQL) to MariaDB: two databases on one server. */
final class MariaDataBench extends DataBench {
    private static final String COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, note, status";
    private static final String CHECKSUM = "SELECT count(*), coalesce(sum(crc32(concat_ws('|', id, name, email, amount, "
            + "created_at, active, attrs, ref, coalesce(note, '~null~'), status))), 0) FROM bench";
    private final BenchServer server;
    private String src;
    private String dst;
    private String sourceChecksum;

    MariaDataBench(BenchServer server, int rows, Path work) {
        super("MariaDB", rows, work);
        this.server = server;
    }

    @Override
    List<String> tools() {
        return List.of("jdbc-batch", "migrator-copy");
    }

    @Override
    void setUp() {
        src = server.createDatabase("src");
        dst = server.createDatabase("dst");
        manager = MigrationManager.builder()
                .connection("src", server.urlFor(src), server.user, server.password)
                .connection("dst", server.urlFor(dst), server.user, server.password)
                .backupDirectory(work.resolve("maria-backups"))
                .build();
        fill("bench", rows);
        try (Connection c = server.connect(src); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT data_length FROM information_schema.tables WHERE table_schema = "
                        + "DATABASE() AND table_name = 'bench'")) {
            rs.next();
            bytes = rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("sizing the source: " + e.getMessage(), e);
        }
        sourceChecksum = checksum(src);
    }

    private static String ddl() {
        return "id bigint PRIMARY KEY, name varchar(100) NOT NULL, email varchar(120) NOT NULL, amount decimal(12,2) "
                + "NOT NULL, created_at datetime(3) NOT NULL, active boolean NOT NULL, attrs json, ref char(36) NOT NULL, "
                + "note text, status varchar(10) NOT NULL";
    }

    private void fill(String table, int count) {
        long t0 = System.nanoTime();
        try (Connection c = server.connect(src); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (" + ddl() + ") ENGINE=InnoDB");
            s.execute("CREATE TABLE IF NOT EXISTS digits (d int PRIMARY KEY)");
            s.execute("INSERT IGNORE INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
            // Portable to MySQL: a cross join of digits rather than MariaDB's seq_1_to_n.
            int places = Math.max(1, (int) Math.ceil(Math.log10(count + 1.0)));
            StringBuilder g = new StringBuilder("1");
            StringBuilder from = new StringBuilder();
            for (int i = 0; i < places; i++) {
                g.append(" + d").append(i).append(".d * ").append((long) Math.pow(10, i));
                from.append(i == 0 ? "" : ", ").append("digits d").append(i);
            }
            s.execute("INSERT INTO " + table + " (" + COLUMNS + ") SELECT g, concat('User ', g, ' ', substr(md5(g), 1, 12)), "
                    + "concat('user', g, '@example.com'), round(rand(42) * 100000, 2), "
                    + "timestamp '2020-01-01 00:00:00' + interval (g * 17123000) microsecond, g % 3 = 0, "
                    + "json_object('plan', elt(1 + g % 3, 'free', 'pro', 'team'), 'visits', g % 1000, "
                    + "'tags', json_array(concat('a', g % 7), concat('b', g % 11))), "
                    + "concat_ws('-', substr(md5(g), 1, 8), substr(md5(g), 9, 4), substr(md5(g), 13, 4), "
                    + "substr(md5(g), 17, 4), substr(md5(g), 21, 12)), "
                    + "if(g % 5 = 0, NULL, concat('Note ', substr(md5(concat(g, 'n')), 1, 16))), elt(1 + g % 3, 'a', 'i', 'p') "
                    + "FROM (SELECT " + g + " AS g FROM " + from + ") s WHERE g <= " + count);
            s.execute("ANALYZE TABLE " + table);
        } catch (SQLException e) {
            throw new IllegalStateException("filling " + table + ": " + e.getMessage(), e);
        }
        System.out.printf(Locale.ROOT, "MariaDB: filled %s with %,d rows in %.1f s%n", table, count,
                seconds(System.nanoTime() - t0));
    }

    private void target(String table) {
        try (Connection c = server.connect(dst); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("CREATE TABLE " + table + " (" + ddl() + ") ENGINE=InnoDB");
        } catch (SQLException e) {
            throw new IllegalStateException("preparing the target " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    void warmUp(int n) {
        long t0 = System.nanoTime();
        fill("warm", n);
        target("warm");
        manager.migrateData(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.table("src", "warm"))
                .target(DataTarget.of("dst", "warm", "id")).build(),
                DataMigrationOptions.builder().backup(false).verify(false).build());
        try (Connection c = server.connect(dst); Statement s = c.createStatement()) {
            s.execute("DROP TABLE warm");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        System.out.printf(Locale.ROOT, "MariaDB: warm-up (%,d rows) in %.1f s%n", n, seconds(System.nanoTime() - t0));
    }

    @Override
    void run(String tool, boolean verify, List<Sample> out, int round) {
        target("bench");
        Sample s;
        if (tool.equals("jdbc-batch")) {
            s = new Sample(label, tool, "streaming read + executeBatch 1,000 + commit");
            BenchMemory.reset();
            long c0 = BenchMemory.cpu();
            long t0 = System.nanoTime();
            s.problem = JdbcCopy.copy(server, src, dst, COLUMNS, 10, Integer.MIN_VALUE, rows);
            s.seconds = seconds(System.nanoTime() - t0);
            s.cpuSeconds = seconds(BenchMemory.cpu() - c0);
            s.heapBytes = BenchMemory.peakHeap();
        } else {
            s = migrate(tool, "migrateData, verify(false)", DataMigration.builder(name("copy", round))
                    .source(RecordSource.table("src", "bench")).target(DataTarget.of("dst", "bench", "id")).build(),
                    false, rows);
        }
        if (s.problem == null) {
            String now = checksum(dst);
            s.problem = now.equals(sourceChecksum) ? null : "count/checksum " + now + ", expected " + sourceChecksum;
        }
        s.correct = s.problem == null;
        out.add(s);
    }

    private String checksum(String db) {
        try (Connection c = server.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECKSUM)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException("checksum: " + e.getMessage(), e);
        }
    }

    @Override
    String describe() {
        return String.format(Locale.ROOT, "MariaDB %s: %,d rows of the same 10 columns (decimal, datetime(3), json, "
                + "char(36) for the uuid); source %.1f MB (InnoDB `data_length`), checked by count and "
                + "sum(crc32(concat_ws(...)))", server.version(), rows, bytes / 1e6);
    }

    @Override
    public void close() {
        super.close();
        if (src != null) {
            server.dropDatabase(src);
        }
        if (dst != null) {
            server.dropDatabase(dst);
        }
    }
}
