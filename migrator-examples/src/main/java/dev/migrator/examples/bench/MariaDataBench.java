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

    /** Whether migrator's target connection keeps to multi-row inserts ({@code allowLoadLocalInfile=false}): the old path. */
    private final boolean inserts;
    /** The backup migrator-restore restores, taken on its first run (untimed). */
    private String backupId;

    MariaDataBench(BenchServer server, int rows, Path work, boolean inserts) {
        super("MariaDB", DataMigrationBenchmark.MARIADB_TOOLS, rows, work);
        this.server = server;
        this.inserts = inserts;
    }

    @Override
    void setUp() {
        dbs = new TwoDatabases(server);
        if (inserts) {
            manager = dev.migrator.api.MigrationManager.builder()
                    .connection("src", server.urlFor(dbs.src), server.user, server.password)
                    .connection(dev.migrator.api.ConnectionConfig.of("dst", server.urlFor(dbs.dst), server.user,
                            server.password).withProperties(java.util.Map.of("allowLoadLocalInfile", "false")))
                    .backupDirectory(work.resolve("maria-backups"))
                    .build();
        } else {
            manager = dbs.manager(work.resolve("maria-backups"));
        }
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
        if (tool.equals("migrator-restore")) {
            if (backupId == null) {
                backupId = manager.backupOperations().backup(dev.migrator.api.BackupRequest.builder()
                        .target(dev.migrator.api.Target.of("src", dbs.src)).tables("bench").build()).id();
            }
            s = new Sample(label, tool, "restore() of a backup of the source into the target, verify(false)").timed(() -> {
                manager.backupOperations().restore(backupId, dev.migrator.api.RestoreRequest.builder()
                        .target(dev.migrator.api.Target.of("dst", dbs.dst)).verify(false).build());
                return null;
            });
        } else if (tool.equals("load-data")) {
            s = new Sample(label, tool, "streaming read + one LOAD DATA LOCAL INFILE from a stream + commit")
                    .timed(this::loadData);
        } else if (tool.equals("jdbc-batch")) {
            s = new Sample(label, tool, "streaming read + executeBatch 1,000 + commit")
                    .timed(() -> JdbcCopy.copy(server, dbs.src, dbs.dst, COLUMNS, 10, Integer.MIN_VALUE, rows));
        } else {
            s = migrate(tool, "migrateData, verify(false)", DataMigration.builder(name("copy", round))
                    .source(RecordSource.table("src", "bench")).target(DataTarget.of("dst", "bench", "id")).build(),
                    false, rows);
        }
        out.add(checkCopy(s, () -> server.countAndSum(dbs.dst, "checksum", CHECKSUM)));
        if (verify && tool.equals("migrator-copy")) {
            target("bench");
            Sample v = migrate(tool, "migrateData, verify(true)", DataMigration.builder(name("copy_verified", round))
                    .source(RecordSource.table("src", "bench")).target(DataTarget.of("dst", "bench", "id")).build(),
                    true, rows);
            out.add(checkCopy(v, () -> server.countAndSum(dbs.dst, "checksum", CHECKSUM)));
        }
    }

    /**
     * The limit of a MariaDB bulk load: the source's rows read with a streaming SELECT ({@code getString}, the server's
     * text) and written as {@code LOAD DATA LOCAL INFILE}'s tab-separated text (backslash, tab, newline, carriage return
     * and NUL escaped, {@code \N} for NULL) into an {@code InputStream} that Connector/J reads as the server asks, in
     * this thread: one statement, one transaction. Written here, not with migrator's encoder, so that the anchor does
     * not share its mistakes; the content check afterwards is the same as for every tool.
     */
    private String loadData() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", server.user);
        props.setProperty("password", server.password);
        props.setProperty("allowLoadLocalInfile", "true");
        try (java.sql.Connection in = server.connect(dbs.src);
                java.sql.Connection out = java.sql.DriverManager.getConnection(server.urlFor(dbs.dst), props);
                java.sql.Statement select = in.createStatement(java.sql.ResultSet.TYPE_FORWARD_ONLY,
                        java.sql.ResultSet.CONCUR_READ_ONLY);
                java.sql.Statement load = out.createStatement()) {
            out.setAutoCommit(false);
            select.setFetchSize(Integer.MIN_VALUE); // Connector/J streams row by row
            try (java.sql.ResultSet rs = select.executeQuery("SELECT " + COLUMNS + " FROM bench")) {
                RowText text = new RowText(rs, 10);
                load.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(text);
                long loaded = load.executeLargeUpdate("LOAD DATA LOCAL INFILE 'bench' INTO TABLE bench CHARACTER SET utf8mb4 "
                        + "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + COLUMNS + ")");
                try (java.sql.ResultSet w = load.executeQuery("SHOW WARNINGS LIMIT 3")) {
                    if (w.next()) {
                        return "warning: " + w.getString(3);
                    }
                }
                out.commit();
                return loaded == rows && text.rows == rows ? null : "loaded " + loaded + " of " + text.rows + " rows sent";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("load-data: " + e.getMessage(), e);
        }
    }

    /** A result set's rows as LOAD DATA's text, a chunk at a time as the driver reads. */
    private static final class RowText extends java.io.InputStream {
        private final java.sql.ResultSet rs;
        private final int columns;
        private final java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(1 << 17);
        private byte[] buffer = new byte[0];
        private int position;
        private boolean done;
        long rows;

        RowText(java.sql.ResultSet rs, int columns) {
            this.rs = rs;
            this.columns = columns;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (position == buffer.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.length - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }

        private boolean fill() throws java.io.IOException {
            if (done) {
                return false;
            }
            chunk.reset();
            StringBuilder line = new StringBuilder(256);
            try {
                while (chunk.size() < 1 << 16) {
                    if (!rs.next()) {
                        done = true;
                        break;
                    }
                    line.setLength(0);
                    for (int i = 1; i <= columns; i++) {
                        String v = rs.getString(i);
                        if (i > 1) {
                            line.append('\t');
                        }
                        if (v == null) {
                            line.append("\\N");
                            continue;
                        }
                        for (int k = 0; k < v.length(); k++) {
                            char c = v.charAt(k);
                            switch (c) {
                                case '\\' -> line.append("\\\\");
                                case '\t' -> line.append("\\t");
                                case '\n' -> line.append("\\n");
                                case '\r' -> line.append("\\r");
                                case '\0' -> line.append("\\0");
                                default -> line.append(c);
                            }
                        }
                    }
                    line.append('\n');
                    chunk.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    rows++;
                }
            } catch (java.sql.SQLException e) {
                throw new java.io.IOException(e);
            }
            buffer = chunk.toByteArray();
            position = 0;
            return buffer.length > 0;
        }
    }

    @Override
    String describe() {
        return String.format(Locale.ROOT, "MariaDB %s: %,d rows of the same 10 columns (decimal, datetime(3), json, "
                + "char(36) for the uuid); source %.1f MB (InnoDB `data_length`), checked by count and "
                + "sum(crc32(concat_ws(...))); migrator writes with %s", server.version(), rows, bytes / 1e6,
                inserts ? "multi-row INSERTs (--mariadbInserts=1: allowLoadLocalInfile=false)" : "LOAD DATA LOCAL INFILE");
    }

    @Override
    public void close() {
        super.close();
        if (dbs != null) {
            dbs.close();
        }
    }
}
