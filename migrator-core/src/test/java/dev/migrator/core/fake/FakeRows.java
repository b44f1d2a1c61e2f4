package dev.migrator.core.fake;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.RowSink;
import dev.migrator.spi.TableInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** What the record roles share: rows by key columns, ordering by columns, feeding a sink. */
final class FakeRows {

    private FakeRows() {}

    /** The positions of columns in a table, refusing unknown ones as a database would. */
    static int[] positions(FakeTable table, List<String> columns) {
        int[] at = new int[columns.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = table.indexOf(columns.get(i));
            if (at[i] < 0) {
                throw new DatabaseException("column \"" + columns.get(i) + "\" of relation \"" + table.name() + "\" does not exist");
            }
        }
        return at;
    }

    /** The row of the table whose {@code keyColumns} hold {@code key}, or {@code null}. */
    static Object[] find(FakeTable table, int[] keyAt, Object[] key) {
        for (Object[] row : table.rows()) {
            if (matches(row, keyAt, key)) {
                return row;
            }
        }
        return null;
    }

    static boolean matches(Object[] row, int[] keyAt, Object[] key) {
        for (int i = 0; i < keyAt.length; i++) {
            if (!sameValue(row[keyAt[i]], key[i])) {
                return false;
            }
        }
        return true;
    }

    /** Equal values, whole numbers compared by value whatever their boxed type (a key read as Long, given as Integer). */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    /** Rows ordered ascending by {@code orderAt}, strictly after {@code after} when given. */
    static List<Object[]> orderedAfter(List<Object[]> rows, int[] orderAt, Object[] after) {
        Comparator<Object[]> order = (a, b) -> compare(a, orderAt, b, orderAt);
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        if (after == null) {
            return sorted;
        }
        int[] identity = new int[after.length];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        return sorted.stream().filter(r -> compare(r, orderAt, after, identity) > 0).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object[] a, int[] aAt, Object[] b, int[] bAt) {
        for (int i = 0; i < aAt.length; i++) {
            Object x = a[aAt[i]];
            Object y = b[bAt[i]];
            int c;
            if (x == null || y == null) {
                c = x == y ? 0 : x == null ? -1 : 1;
            } else if (x instanceof Number nx && y instanceof Number ny && !(x instanceof Double) && !(y instanceof Double)) {
                c = Long.compare(nx.longValue(), ny.longValue());
            } else if (x instanceof Comparable cx && x.getClass() == y.getClass()) {
                c = cx.compareTo(y);
            } else {
                c = String.valueOf(x).compareTo(String.valueOf(y));
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Feeds rows to a sink; its exception is rethrown as is, wrapped when checked, as the SPI says. */
    static long feed(List<Object[]> rows, RowSink sink) {
        long n = 0;
        for (Object[] row : rows) {
            try {
                sink.accept(row);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            n++;
        }
        return n;
    }

    static TableInfo describe(FakeState s, String schema, String table) {
        FakeSchema sc = s.schemas.get(schema);
        FakeTable t = sc == null ? null : sc.tables.get(table);
        return t == null ? null : t.info();
    }
}
