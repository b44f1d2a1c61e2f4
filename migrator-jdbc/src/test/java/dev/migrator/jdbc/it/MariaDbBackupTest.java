package dev.migrator.jdbc.it;

import dev.migrator.jdbc.testing.TestDatabase;
import java.util.List;

class MariaDbBackupTest extends AbstractBackupTest {

    /** The all_types table, shared with the data session tests. */
    static final List<String> ALL_TYPES_DDL = List.of("CREATE TABLE all_types (id int PRIMARY KEY, ti tinyint, b bigint, ub bigint unsigned, "
                + "n decimal(30,10), f float, d double, flag boolean, t text, vc varchar(20), ch char(3), bin varbinary(10), "
                + "bl blob, dt date, tm time(6), dtm datetime(6), ts timestamp(6) NULL, j json, e enum('sad','happy'), "
                + "bits bit(8), y year)");

    /** Edge values, ordinary values, and nulls. */
    static final List<String> ALL_TYPES_ROWS = List.of(
                "INSERT INTO all_types VALUES (1, -128, 9223372036854775807, 18446744073709551615, "
                        + "12345678901234567890.0123456789, 1.5, 2.5e300, true, 'line1\\nline2\\ttab \\\\ back \"q\" ''s'' "
                        + "\u00e9\u4e2d', 'v', 'abc', x'00ff10', x'deadbeef', '2024-02-29', '838:59:59.000000', "
                        + "'2024-02-29 12:34:56.789012', '2024-02-29 12:34:56.789012', '{\"a\": [1, {\"b\": null}]}', 'happy', "
                        + "b'10100101', 2024)",
                "INSERT INTO all_types VALUES (2, 0, -1, 0, 0.5, -0.0, 0, false, '', '', '', x'', x'', '1000-01-01', '-12:00:00', "
                        + "'1000-01-01 00:00:00', '1970-01-01 00:00:01', '[]', 'sad', b'0', 1901)",
                "INSERT INTO all_types (id) VALUES (3)");

    MariaDbBackupTest() {
        super(TestDatabase.Kind.MARIADB);
    }

    @Override
    List<String> allTypesDdl() {
        return ALL_TYPES_DDL;
    }

    @Override
    List<String> allTypesRows() {
        return ALL_TYPES_ROWS;
    }

    @Override
    List<String> parentChildDdl() {
        return List.of("CREATE TABLE parent (id int PRIMARY KEY, name varchar(20)) ENGINE=InnoDB",
                "CREATE TABLE child (id int AUTO_INCREMENT PRIMARY KEY, parent_id int NOT NULL, note varchar(20), "
                        + "FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB");
    }
}
