package dev.migrator.jdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrator.api.MigrationManager;
import dev.migrator.api.Script;
import dev.migrator.jdbc.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A run that ends abruptly inside a script's transaction (an {@code Error}: no cleanup code of the engine runs) closes
 * its session: the open transaction must be rolled back before the lock is released, so that no other instance takes
 * the lock while this session still holds the script's uncommitted work and its row and table locks.
 */
class PostgresSessionCloseOrderTest extends ItSupport {

    PostgresSessionCloseOrderTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }

    /** Thrown by a migration to end the run the way a kill or an OutOfMemoryError would: past every catch. */
    static final class Abrupt extends Error {
        Abrupt() {
            super("abrupt end inside the script");
        }
    }

    @Test
    void close_withATransactionOpen_rollsBackBeforeReleasingTheLock() {
        List<String> events = new CopyOnWriteArrayList<>();
        PGSimpleDataSource real = new PGSimpleDataSource();
        real.setURL(db.url());
        real.setUser(db.user());
        real.setPassword(db.password());
        MigrationManager m = track(MigrationManager.builder()
                .connection(CORE, recording(real, events))
                .scripts(List.of(Script.builder("1", "abrupt").up(context -> {
                    throw new Abrupt();
                }).build()))
                .build());

        assertThatThrownBy(m::migrate).isInstanceOf(Abrupt.class);

        List<String> order = events.stream().filter(e -> e.equals("rollback") || e.equals("unlock")).toList();
        assertThat(order).as("the session's rollback and the lock's release, in order (all events: %s)", events)
                .containsSubsequence("rollback", "unlock");
        assertThat(order.get(order.size() - 1)).as("the last of them").isEqualTo("unlock");
    }

    /** A data source whose connections note every rollback and every advisory unlock, in order. */
    private static DataSource recording(DataSource real, List<String> events) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Connection c ? connection(c, events) : result;
                });
    }

    private static Connection connection(Connection real, List<String> events) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("rollback") && (args == null || args.length == 0)) {
                events.add("rollback");
            }
            Object result = invoke(real, method, args);
            if (result instanceof PreparedStatement ps && args != null && args[0] instanceof String sql
                    && sql.contains("pg_advisory_unlock")) {
                return statement(ps, events);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static PreparedStatement statement(PreparedStatement real, List<String> events) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                events.add("unlock");
            }
            return invoke(real, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
