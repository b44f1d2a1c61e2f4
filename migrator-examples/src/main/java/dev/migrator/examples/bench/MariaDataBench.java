package dev.migrator.examples.bench;

import dev.migrator.examples.bench.BenchResults.Sample;

import static dev.migrator.examples.bench.BenchSupport.seconds;

import dev.migrator.api.DataMigration;
import dev.migrator.api.DataMigrationOptions;
import dev.migrator.api.DataTarget;
import dev.migrator.api.RecordSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** MariaDB (or MySQL) to MariaDB: two databases on one server. */
final class MariaDataBench extends DataBench {
    private static final String COLUMNS = "id, name, email, amount, created_at, active, attrs, ref, note, status";
    private static final String CHECKSUM = "SELECT count(*), coalesce(sum(crc32(concat_ws('|', id, name, email, amount, "
            + "created_at, active, attrs, ref, coalesce(note, '~null~'), status))), 0) FROM bench";
    private final BenchServer server;
    private TwoDatabases dbs;

    MariaDataBench(BenchServer server, int rows, Path work) {
        super("MariaDB", DataMigrationBenchmark.COPY_TOOLS, rows, work);
        this.server = server;
    }

    @Override
    void setUp() {
        dbs = new TwoDatabases(server);
        manager = dbs.manager(work.resolve("maria-backups"));
        fill("bench", rows);
        bytes = ((Number) server.firstRow(dbs.src, "sizing the source", "SELECT data_length FROM "
                + "information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'bench'").get(0)).longValue();
        sourceChecksum = server.countAndSum(dbs.src, "checksum", CHECKSUM);
    }

    private static String ddl() {
        return "id bigint PRIMARY KEY, name varchar(100) NOT NULL, email varchar(120) NOT NULL, amount decimal(12,2) "
                + "NOT NULL, created_at datetime(3) NOT NULL, active boolean NOT NULL, attrs json, ref char(36) NOT NULL, "
                + "note text, status varchar(10) NOT NULL";
    }

    private void fill(String table, int count) {
        long t0 = System.nanoTime();
        // Portable to MySQL: a cross join of digits rather than MariaDB's seq_1_to_n.
        int places = Math.max(1, (int) Math.ceil(Math.log10(count + 1.0)));
        StringBuilder g = new StringBuilder("1");
        StringBuilder from = new StringBuilder();
        for (int i = 0; i < places; i++) {
            g.append(" + d").append(i).append(".d * ").append((long) Math.pow(10, i));
            from.append(i == 0 ? "" : ", ").append("digits d").append(i);
        }
        server.execute(dbs.src, "filling " + table,
                "CREATE TABLE " + table + " (" + ddl() + ") ENGINE=InnoDB",
                "CREATE TABLE IF NOT EXISTS digits (d int PRIMARY KEY)",
                "INSERT IGNORE INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
                "INSERT INTO " + table + " (" + COLUMNS + ") SELECT g, concat('User ', g, ' ', substr(md5(g), 1, 12)), "
                        + "concat('user', g, '@example.com'), round(rand(42) * 100000, 2), "
                        + "timestamp '2020-01-01 00:00:00' + interval (g * 17123000) microsecond, g % 3 = 0, "
                        + "json_object('plan', elt(1 + g % 3, 'free', 'pro', 'team'), 'visits', g % 1000, "
                        + "'tags', json_array(concat('a', g % 7), concat('b', g % 11))), "
                        + "concat_ws('-', substr(md5(g), 1, 8), substr(md5(g), 9, 4), substr(md5(g), 13, 4), "
                        + "substr(md5(g), 17, 4), substr(md5(g), 21, 12)), "
                        + "if(g % 5 = 0, NULL, concat('Note ', substr(md5(concat(g, 'n')), 1, 16))), "
                        + "elt(1 + g % 3, 'a', 'i', 'p') "
                        + "FROM (SELECT " + g + " AS g FROM " + from + ") s WHERE g <= " + count,
                "ANALYZE TABLE " + table);
        System.out.printf(Locale.ROOT, "MariaDB: filled %s with %,d rows in %.1f s%n", table, count,
                seconds(System.nanoTime() - t0));
    }

    private void target(String table) {
        server.execute(dbs.dst, "preparing the target " + table, "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (" + ddl() + ") ENGINE=InnoDB");
    }

    @Override
    void warmUp(int n) {
        long t0 = System.nanoTime();
        fill("warm", n);
        target("warm");
        manager.data().migrate(DataMigration.builder(name("warm_copy", 0)).source(RecordSource.table("src", "warm"))
                .target(DataTarget.of("dst", "warm", "id")).build(),
                DataMigrationOptions.builder().backup(false).verify(false).build());
        server.execute(dbs.dst, "dropping the warm-up table", "DROP TABLE warm");
        System.out.printf(Locale.ROOT, "MariaDB: warm-up (%,d rows) in %.1f s%n", n, seconds(System.nanoTime() - t0));
    }

    @Override
    void run(String tool, boolean verify, List<Sample> out, int round) {
        target("bench");
        Sample s;
        if (tool.equals("jdbc-batch")) {
            s = new Sample(label, tool, "streaming read + executeBatch 1,000 + commit")
                    .timed(() -> JdbcCopy.copy(server, dbs.src, dbs.dst, COLUMNS, 10, Integer.MIN_VALUE, rows));
        } else {
            s = migrate(tool, "migrateData, verify(false)", DataMigration.builder(name("copy", round))
                    .source(RecordSource.table("src", "bench")).target(DataTarget.of("dst", "bench", "id")).build(),
                    false, rows);
        }
        out.add(checkCopy(s, () -> server.countAndSum(dbs.dst, "checksum", CHECKSUM)));
        if (verify && !tool.equals("jdbc-batch")) {
            target("bench");
            Sample v = migrate(tool, "migrateData, verify(true)", DataMigration.builder(name("copy_verified", round))
                    .source(RecordSource.table("src", "bench")).target(DataTarget.of("dst", "bench", "id")).build(),
                    true, rows);
            out.add(checkCopy(v, () -> server.countAndSum(dbs.dst, "checksum", CHECKSUM)));
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
        if (dbs != null) {
            dbs.close();
        }
    }
}
