package dev.migrator.jdbc.testing;

import dev.migrator.api.RecordSource;
import dev.migrator.api.Script;
import dev.migrator.api.Transform;
import dev.migrator.testkit.KitDatabase;
import dev.migrator.testkit.KitServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** PostgreSQL and MariaDB as the test kit's servers: fresh databases from {@link TestDatabases}, SQL scripts. */
public enum JdbcKitServer implements KitServer {

    /** The PostgreSQL test server. */
    POSTGRES(TestDatabase.Kind.POSTGRESQL, "PostgreSQL", List.of("postgresql"), true, "42P01"),
    /** The MariaDB (or MySQL) test server. */
    MARIADB(TestDatabase.Kind.MARIADB, "MariaDB", List.of("mariadb", "mysql"), false, "42S02");

    private final TestDatabase.Kind kind;
    private final String displayName;
    private final List<String> products;
    private final boolean transactionalDdl;
    private final String missingTableState;

    JdbcKitServer(TestDatabase.Kind kind, String displayName, List<String> products, boolean transactionalDdl,
            String missingTableState) {
        this.kind = kind;
        this.displayName = displayName;
        this.products = products;
        this.transactionalDdl = transactionalDdl;
        this.missingTableState = missingTableState;
    }

    /** The server family. */
    public TestDatabase.Kind kind() {
        return kind;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public JdbcKitDatabase createDatabase() {
        return new JdbcKitDatabase(kind == TestDatabase.Kind.POSTGRESQL ? TestDatabases.postgres() : TestDatabases.mariadb());
    }

    @Override
    public String providerName() {
        return "jdbc [postgresql, mysql, mariadb]";
    }

    @Override
    public List<String> ownUrls() {
        return List.of("jdbc:postgresql://h/db", "jdbc:mysql://h/db", "jdbc:mariadb://h/db");
    }

    @Override
    public List<String> foreignUrls() {
        return List.of("jdbc:h2:mem:x", "mongodb://h/db");
    }

    @Override
    public List<String> expectedProducts() {
        return products;
    }

    @Override
    public boolean transactionalDdl() {
        return transactionalDdl;
    }

    @Override
    public boolean transactions() {
        return true;
    }

    @Override
    public Class<?> nativeHandle() {
        return Connection.class;
    }

    @Override
    public String unreachableUrl() {
        return kind == TestDatabase.Kind.POSTGRESQL ? "jdbc:postgresql://127.0.0.1:1/app" : "jdbc:mysql://127.0.0.1:1/app";
    }

    @Override
    public String keyField() {
        return "id";
    }

    @Override
    public RecordSource source(String connection, String table) {
        return RecordSource.table(connection, table);
    }

    @Override
    public List<Transform> keyTransforms() {
        return List.of();
    }

    @Override
    public String createModelTable(String table) {
        return modelTable(table, "id varchar(20) PRIMARY KEY");
    }

    @Override
    public Optional<String> createModelTableWithSurrogateKey(String table) {
        return Optional.of(modelTable(table, "pk varchar(40) PRIMARY KEY, id varchar(20) NOT NULL UNIQUE"));
    }

    private static String modelTable(String table, String keys) {
        return "CREATE TABLE " + table + " (" + keys + ", name varchar(100) NOT NULL, n bigint NOT NULL, "
                + "updatedAt varchar(40) NOT NULL)";
    }

    @Override
    public boolean columnTypes() {
        return true;
    }

    @Override
    public String createDecimalTable(String table, int scale) {
        return "CREATE TABLE " + table + " (id int primary key, amount decimal(10," + scale + "))";
    }

    @Override
    public String createTable(String table, String... textColumns) {
        StringBuilder columns = new StringBuilder();
        for (String column : textColumns) {
            columns.append(", ").append(column).append(" varchar(100)");
        }
        return "CREATE TABLE " + table + " (id int primary key" + columns + ")";
    }

    @Override
    public String createTextKeyTable(String table, List<String> uniqueColumns, String... textColumns) {
        StringBuilder columns = new StringBuilder();
        for (String column : textColumns) {
            columns.append(", ").append(column).append(" varchar(100)").append(uniqueColumns.contains(column) ? " UNIQUE" : "");
        }
        return "CREATE TABLE " + table + " (id varchar(40) primary key" + columns + ")";
    }

    @Override
    public String createTableReferencing(String table, String referenced) {
        return "CREATE TABLE " + table + " (id int primary key, " + referenced + "_id int, FOREIGN KEY (" + referenced
                + "_id) REFERENCES " + referenced + " (id))";
    }

    @Override
    public String dropTable(String table) {
        return "DROP TABLE " + table;
    }

    @Override
    public String insert(String table, int id) {
        return "INSERT INTO " + table + " (id) VALUES (" + id + ")";
    }

    @Override
    public String insertText(String table, int id, String column, String text) {
        return "INSERT INTO " + table + " (id, " + column + ") VALUES (" + id + ", '" + text + "')";
    }

    @Override
    public String delete(String table, int id) {
        return "DELETE FROM " + table + " WHERE id = " + id;
    }

    @Override
    public String scriptFileExtension() {
        return ".sql";
    }

    @Override
    public String rejectedStatement(String missingTable) {
        return "SELECT * FROM " + missingTable;
    }

    @Override
    public String rejectedState() {
        return missingTableState;
    }

    @Override
    public String script(String... statements) {
        return String.join(";\n", statements);
    }

    @Override
    public Script slowScript(String version, String name, Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        return Script.of(version, name, kind == TestDatabase.Kind.POSTGRESQL ? "SELECT pg_sleep(" + seconds + ")"
                : "SELECT SLEEP(" + seconds + ")", null);
    }

    @Override
    public String createTypedTable(String table, FieldType key, List<Field> fields) {
        StringBuilder columns = new StringBuilder();
        for (Field field : fields) {
            columns.append(", ").append(field.name()).append(' ').append(columnType(field.type()));
        }
        return "CREATE TABLE " + table + " (id " + columnType(key) + " primary key" + columns + ")";
    }

    private String columnType(FieldType type) {
        boolean postgres = kind == TestDatabase.Kind.POSTGRESQL;
        return switch (type) {
            case TEXT -> "varchar(200)";
            case BIGINT -> "bigint";
            case DECIMAL -> "numeric(12,2)";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> postgres ? "timestamptz" : "datetime(6) NULL";
            case JSON -> postgres ? "jsonb" : "json";
        };
    }

    @Override
    public String tableWord() {
        return "table";
    }

    @Override
    public Object[] sessionRow(dev.migrator.spi.TableInfo table, java.util.Map<String, Object> record) {
        return table.columns().stream().map(c -> record.get(c.name())).toArray();
    }

    @Override
    public java.util.Map<String, Object> sessionRecord(dev.migrator.spi.TableInfo table, Object[] row) {
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            record.put(table.columns().get(i).name(), row[i]);
        }
        return record;
    }

    @Override
    public dev.migrator.spi.TableInfo sessionFields(dev.migrator.spi.TableInfo table, List<String> fields) {
        List<dev.migrator.spi.ColumnInfo> columns = fields.stream()
                .map(f -> table.columns().stream().filter(c -> c.name().equals(f)).findFirst().orElseThrow())
                .toList();
        return new dev.migrator.spi.TableInfo(table.schema(), table.name(), columns, table.primaryKey());
    }

    /** The fresh database of a kit suite, as the JDBC test database it wraps. */
    public static TestDatabase testDatabase(KitDatabase database) {
        return ((JdbcKitDatabase) database).testDatabase();
    }
}
