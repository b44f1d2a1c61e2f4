package dev.migrator.jdbc.internal;

import dev.migrator.spi.ColumnInfo;
import dev.migrator.spi.TableInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a dialect knows about tables and their rows, for backups and restores: the catalog (tables, columns and their
 * kinds, primary and foreign keys), reading a value of each kind, and the bulk load path.
 */
abstract class TableData {

    /** Starts a consistent read-only snapshot on a connection that is not in autocommit mode. */
    abstract String startSnapshot(Connection c) throws SQLException;

    /** Exports the snapshot for {@link #joinSnapshot}, or {@code null} when the database cannot share one. */
    abstract String exportSnapshot(Connection c) throws SQLException;

    /** Starts a read-only transaction on an exported snapshot. */
    abstract void joinSnapshot(Connection c, String snapshotId) throws SQLException;

    /** Every base table of a schema, by name. */
    abstract List<String> tableNames(Connection c, String schema) throws SQLException;

    /** A table with its columns, or {@code null} when it does not exist. */
    abstract TableInfo describe(Connection c, String schema, String table) throws SQLException;

    /** Foreign keys among the tables: child qualified name to the parents' qualified names. */
    abstract Map<String, Set<String>> foreignKeys(Connection c, List<TableInfo> tables) throws SQLException;

    /** Reads column {@code index} (1-based) of the current row as the column's kind's Java type. */
    abstract Object read(ResultSet rs, int index, ColumnInfo column) throws SQLException;

    /** Sets the fetch size (streaming) of a statement that reads a whole table. */
    abstract java.sql.Statement streamingStatement(Connection c) throws SQLException;

    /** Prepares a connection for a load: transaction, foreign keys. */
    abstract void beginLoad(Connection c) throws SQLException;

    /** Empties the tables inside the load's transaction. */
    abstract void truncate(Connection c, List<TableInfo> tables) throws SQLException;

    /** Loads rows through the bulk path. */
    abstract long load(Connection c, TableInfo table, Iterator<Object[]> rows) throws SQLException;

    /** Moves sequences past the largest key. */
    abstract void resetSequences(Connection c, TableInfo table) throws SQLException;

    /** Restores what {@link #beginLoad} changed, after commit or rollback. */
    abstract void endLoad(Connection c) throws SQLException;

    abstract String quote(String identifier);

    String qualified(TableInfo t) {
        return quote(t.schema()) + "." + quote(t.name());
    }

    String selectAll(TableInfo t) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < t.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(t.columns().get(i).name()));
        }
        return sql.append(" FROM ").append(qualified(t)).toString();
    }

    /** Parents before children; tables in a cycle keep their given order. */
    static List<TableInfo> parentsFirst(List<TableInfo> tables, Map<String, Set<String>> parentsOf) {
        Map<String, TableInfo> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.qualifiedName(), t));
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (TableInfo t : tables) {
            int n = 0;
            for (String p : parentsOf.getOrDefault(t.qualifiedName(), Set.of())) {
                if (byName.containsKey(p) && !p.equals(t.qualifiedName())) {
                    n++;
                    children.computeIfAbsent(p, k -> new ArrayList<>()).add(t.qualifiedName());
                }
            }
            pending.put(t.qualifiedName(), n);
        }
        Deque<String> ready = new ArrayDeque<>();
        for (TableInfo t : tables) {
            if (pending.get(t.qualifiedName()) == 0) {
                ready.add(t.qualifiedName());
            }
        }
        List<TableInfo> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            out.add(byName.get(name));
            done.add(name);
            for (String child : children.getOrDefault(name, List.of())) {
                if (pending.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        for (TableInfo t : tables) {
            if (!done.contains(t.qualifiedName())) {
                out.add(t); // a cycle: deferred constraints (PostgreSQL) or disabled checks (MySQL) carry it
            }
        }
        return out;
    }
}
