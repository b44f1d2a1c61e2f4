package dev.migrator.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A MySQL/MariaDB migration history shaped like a real application's: 45 files {@code V1__...sql} to
 * {@code V45__...sql}, about 640 statements, many small files and a few larger seed files, mixed DDL ({@code CREATE
 * TABLE} with indexes and foreign keys, {@code ALTER TABLE ... ADD COLUMN / ADD INDEX}, {@code CREATE INDEX}, a few
 * {@code DROP} and {@code RENAME}) and DML (single- and multi-row {@code INSERT}s of seed rows, {@code UPDATE}
 * backfills, {@code DELETE}), with {@code SET @var}s used by the statements after them in the same file. No stored
 * procedures.
 *
 * <p>Generated without randomness: the same corpus every time. The generator keeps every statement it writes (so the
 * native session runs exactly these, in order, with no splitting of its own) and a model of what the database holds
 * afterwards: which tables exist and how many rows each has.
 */
final class ScriptCorpus {

    /** The tables the history creates, each with the table its {@code parent_id} references (null: none). */
    private static final String[][] FEATURES = {
        {"customers", null}, {"categories", null}, {"products", "categories"}, {"suppliers", null},
        {"orders", "customers"}, {"order_items", "orders"}, {"warehouses", null}, {"stock_levels", "products"},
        {"invoices", "orders"}, {"payments", "invoices"}, {"shipments", "orders"}, {"addresses", "customers"},
        {"coupons", null}, {"reviews", "products"}, {"notifications", "customers"},
    };

    /** One script: its file name and its statements, each without the terminating {@code ;}. */
    record File(String name, List<String> statements) {
        /** The file's text: each statement ended by {@code ;} and a new line, as a person would write it. */
        String text() {
            StringBuilder sb = new StringBuilder("-- ").append(name).append('\n');
            for (String statement : statements) {
                sb.append(statement).append(";\n");
            }
            return sb.toString();
        }
    }

    /** How many statements of each kind the corpus holds. */
    record Mix(int ddl, int dml, int set) {
        int total() {
            return ddl + dml + set;
        }
    }

    private final List<File> files;
    private final Map<String, Integer> expectedRows;
    private final Mix mix;

    private ScriptCorpus(List<File> files, Map<String, Integer> expectedRows) {
        this.files = files.stream().map(f -> new File(f.name(), List.copyOf(f.statements()))).toList();
        this.expectedRows = Map.copyOf(expectedRows);
        int ddl = 0;
        int dml = 0;
        int set = 0;
        for (String s : statements()) {
            String verb = s.substring(0, s.indexOf(' ')).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "INSERT", "UPDATE", "DELETE" -> dml++;
                case "SET" -> set++;
                default -> ddl++;
            }
        }
        this.mix = new Mix(ddl, dml, set);
    }

    /** The 45-file corpus. */
    static ScriptCorpus mariadb() {
        return mariadb(FEATURES.length * 3);
    }

    /** The first {@code files} files of the corpus (1 to 45), with what the database holds after them. */
    static ScriptCorpus mariadb(int files) {
        if (files < 1 || files > FEATURES.length * 3) {
            throw new IllegalArgumentException("files is " + files + "; allowed: 1 to " + FEATURES.length * 3);
        }
        return new Generator().generate(files);
    }

    List<File> files() {
        return files;
    }

    /** Every statement of every file, in the order they run. */
    List<String> statements() {
        List<String> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.statements()));
        return all;
    }

    /** Table name to row count, for every table that exists after the whole corpus ran (no history table). */
    Map<String, Integer> expectedRows() {
        return expectedRows;
    }

    Mix mix() {
        return mix;
    }

    /** Writes every file into {@code dir}, the folder migrator reads. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (File f : files) {
            Files.writeString(dir.resolve(f.name()), f.text(), StandardCharsets.UTF_8);
        }
    }

    /** All files concatenated, as {@code mariadb < all.sql} reads them. */
    void writeConcatenated(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        files.forEach(f -> sb.append(f.text()));
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /**
     * Writes the files in the pattern of an application's history: each feature table is created (small file), then
     * seeded (a larger file), then a maintenance file changes an earlier table (columns, indexes, backfills, an
     * archive table renamed or dropped). Row counts are tracked as each statement is written.
     */
    private static final class Generator {
        private final List<File> files = new ArrayList<>();
        private final Map<String, TreeSet<Integer>> live = new LinkedHashMap<>();
        private final Map<String, Integer> nextId = new LinkedHashMap<>();
        private final Map<String, Integer> extraColumns = new LinkedHashMap<>();
        private final Map<String, String> parents = new LinkedHashMap<>();
        /** Row counts per table after each file: what a corpus cut after that file leaves. */
        private final List<Map<String, Integer>> after = new ArrayList<>();
        private List<String> current;

        ScriptCorpus generate(int fileCount) {
            for (int f = 0; f < FEATURES.length; f++) {
                String table = FEATURES[f][0];
                createFile(table, FEATURES[f][1]);
                seedFile(table, f);
                maintenanceFile(FEATURES[(f * 7) % (f + 1)][0], f);
            }
            snapshot();
            return new ScriptCorpus(files.subList(0, fileCount), after.get(fileCount - 1));
        }

        private void snapshot() {
            Map<String, Integer> rows = new LinkedHashMap<>();
            live.forEach((t, ids) -> rows.put(t, ids.size()));
            after.add(rows);
        }

        private void begin(String description) {
            if (current != null) {
                snapshot();
            }
            current = new ArrayList<>();
            files.add(new File("V" + (files.size() + 1) + "__" + description + ".sql", current));
        }

        private void ddl(String sql) {
            current.add(sql);
        }

        // ------------------------------------------------------------ file kinds

        /** {@code CREATE TABLE} with a unique key, a foreign key, indexes, columns added, a first few rows: 11 statements. */
        private void createFile(String table, String parent) {
            begin("create_" + table);
            parents.put(table, parent);
            live.put(table, new TreeSet<>());
            nextId.put(table, 1);
            extraColumns.put(table, 0);
            ddl("CREATE TABLE " + table + " (\n"
                    + "    id BIGINT NOT NULL PRIMARY KEY,\n"
                    + "    parent_id BIGINT NULL,\n"
                    + "    code VARCHAR(60) NOT NULL,\n"
                    + "    name VARCHAR(120) NOT NULL,\n"
                    + "    status VARCHAR(20) NOT NULL DEFAULT 'new',\n"
                    + "    amount DECIMAL(12, 2) NULL,\n"
                    + "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                    + "    UNIQUE KEY uq_" + table + "_code (code)"
                    + (parent == null ? "" : ",\n    CONSTRAINT fk_" + table + "_parent FOREIGN KEY (parent_id) "
                            + "REFERENCES " + parent + " (id)")
                    + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            ddl("CREATE INDEX ix_" + table + "_name ON " + table + " (name)");
            ddl("ALTER TABLE " + table + " ADD INDEX ix_" + table + "_status (status, created_at)");
            insertRows(table, 4);
            insertOne(table);
            insertOne(table);
            ddl("ALTER TABLE " + table + " ADD COLUMN note VARCHAR(200) NULL");
            ddl("ALTER TABLE " + table + " ADD COLUMN updated_at TIMESTAMP NULL");
            ddl("ALTER TABLE " + table + " ADD COLUMN version INT NOT NULL DEFAULT 0");
            ddl("CREATE INDEX ix_" + table + "_updated ON " + table + " (updated_at)");
            ddl("CREATE INDEX ix_" + table + "_parent_status ON " + table + " (parent_id, status)");
        }

        /** Seed data: single-row and multi-row inserts, variables, backfills and deletes; 13 to 16 statements. */
        private void seedFile(String table, int f) {
            begin("seed_" + table);
            current.add("SET @seed_batch = 'batch-" + (f + 1) + "'");
            current.add("SET @seed_note = 'seeded; by V" + (files.size()) + "'");
            int singles = 1 + f % 4;
            for (int i = 0; i < singles; i++) {
                insertOne(table);
            }
            for (int i = 0; i < 3; i++) {
                insertRows(table, 5 + i * 5);
            }
            current.add("UPDATE " + table + " SET status = @seed_batch WHERE status = 'new'");
            current.add("UPDATE " + table + " SET note = @seed_note WHERE note IS NULL");
            current.add("UPDATE " + table + " SET amount = amount * 1.1 WHERE id % 3 = 0");
            current.add("SET @max_id = (SELECT MAX(id) FROM " + table + ")");
            int id = live.get(table).last() + 1;
            current.add("INSERT INTO " + table + " (id, parent_id, code, name, amount) VALUES (@max_id + 1, "
                    + parentRef(table, id) + ", CONCAT('" + table + "-', @max_id + 1), 'appended row', 9.99)");
            record(table, id);
            deleteLast(table);
            deleteLast(table);
        }

        /**
         * Changes to an earlier table: columns added and backfilled, an index, sometimes an archive table copied,
         * renamed and dropped; 16 to 20 statements.
         */
        private void maintenanceFile(String table, int f) {
            begin("alter_" + table + "_" + (f + 1));
            for (int i = 0; i < 6; i++) {
                int n = extraColumns.merge(table, 1, Integer::sum);
                String column = "extra_" + n;
                ddl("ALTER TABLE " + table + " ADD COLUMN " + column + " VARCHAR(40) NULL");
                if (i < 3) {
                    current.add("UPDATE " + table + " SET " + column + " = CONCAT(code, '/" + n + "') WHERE " + column
                            + " IS NULL");
                }
                if (i == 0) {
                    ddl("ALTER TABLE " + table + " ADD INDEX ix_" + table + "_" + column + " (" + column + ")");
                }
            }
            ddl("CREATE INDEX ix_" + table + "_amount_" + (f + 1) + " ON " + table + " (amount, id)");
            ddl("ALTER TABLE " + table + " ALTER COLUMN status SET DEFAULT 'pending'");
            ddl("ALTER TABLE " + table + " MODIFY COLUMN name VARCHAR(" + (120 + 5 * (f + 1)) + ") NOT NULL");
            current.add("SET @cutoff = " + (3 + f % 5));
            current.add("UPDATE " + table + " SET amount = 0 WHERE amount IS NULL AND id <= @cutoff");
            deleteLast(table);
            if (f % 3 == 2) {
                String archive = table + "_archive_" + (f + 1);
                ddl("CREATE TABLE " + archive + " LIKE " + table);
                current.add("INSERT INTO " + archive + " SELECT * FROM " + table);
                live.put(archive, new TreeSet<>(live.get(table)));
                String renamed = table + "_history_" + (f + 1);
                ddl("RENAME TABLE " + archive + " TO " + renamed);
                live.put(renamed, live.remove(archive));
                if (f % 2 == 0) {
                    ddl("DROP TABLE " + renamed);
                    live.remove(renamed);
                }
            }
        }

        // ------------------------------------------------------------ rows, and the model of them

        private void insertOne(String table) {
            int id = nextId.get(table);
            current.add("INSERT INTO " + table + " (id, parent_id, code, name, amount) VALUES " + values(table, id));
            record(table, id);
        }

        private void insertRows(String table, int count) {
            StringBuilder sb = new StringBuilder("INSERT INTO " + table + " (id, parent_id, code, name, amount) VALUES");
            for (int i = 0; i < count; i++) {
                int id = nextId.get(table);
                sb.append(i == 0 ? "\n    " : ",\n    ").append(values(table, id));
                record(table, id);
            }
            current.add(sb.toString());
        }

        private String values(String table, int id) {
            return String.format(Locale.ROOT, "(%d, %s, '%s-%d', 'Name %d of %s', %d.%02d)", id, parentRef(table, id),
                    table, id, id, table, id * 7 % 1000, id % 100);
        }

        // Children only ever reference parent ids 1 to 3, and deletes never remove those: no foreign key can fail.
        private String parentRef(String table, int id) {
            return parents.get(table) == null ? "NULL" : String.valueOf(id % 3 + 1);
        }

        private void record(String table, int id) {
            live.get(table).add(id);
            nextId.put(table, Math.max(nextId.get(table), id + 1));
        }

        private void deleteLast(String table) {
            int id = live.get(table).last();
            if (id <= 3) {
                throw new IllegalStateException("the corpus would delete " + table + " row " + id
                        + ", which children may reference");
            }
            current.add("DELETE FROM " + table + " WHERE id = " + id);
            live.get(table).remove(id);
        }
    }
}
