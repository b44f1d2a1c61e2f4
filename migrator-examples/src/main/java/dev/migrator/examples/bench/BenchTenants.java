package dev.migrator.examples.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One round's tenants: on PostgreSQL schemas {@code tenant_0001...} of a database of their own, on MariaDB databases
 * {@code mbench_tn_<random>_0001...}. Created empty, dropped at the end.
 */
final class BenchTenants {

    private final String database;
    private final List<String> names;

    private BenchTenants(String database, List<String> names) {
        this.database = database;
        this.names = names;
    }

    static BenchTenants create(BenchServer server, int count) {
        List<String> names = new ArrayList<>(count);
        if (server.kind == BenchServer.Kind.POSTGRES) {
            String db = server.createDatabase("tenants");
            BenchTenants tenants = new BenchTenants(db, names);
            for (int i = 1; i <= count; i++) {
                names.add(String.format(Locale.ROOT, "tenant_%04d", i));
            }
            try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                for (String n : names) {
                    s.execute("CREATE SCHEMA " + n);
                }
            } catch (SQLException e) {
                tenants.drop(server);
                throw new IllegalStateException("creating tenant schemas in " + db + ": " + e.getMessage(), e);
            }
            return tenants;
        }
        String prefix = "mbench_tn_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 40) + "_";
        BenchTenants tenants = new BenchTenants(null, names);
        try (Connection c = server.admin(); Statement s = c.createStatement()) {
            for (int i = 1; i <= count; i++) {
                String n = String.format(Locale.ROOT, "%s%04d", prefix, i);
                s.execute("CREATE DATABASE " + n);
                names.add(n);
            }
        } catch (SQLException e) {
            tenants.drop(server);
            throw new IllegalStateException("creating tenant databases: " + e.getMessage(), e);
        }
        return tenants;
    }

    /** The PostgreSQL database holding the tenant schemas, or null on MariaDB. */
    String database() {
        return database;
    }

    List<String> names() {
        return names;
    }

    /** The URL migrator's one connection uses: the tenants' database, or the server (MariaDB). */
    String url(BenchServer server) {
        return database != null ? server.urlFor(database) : server.adminUrl;
    }

    /** The URL a Flyway user gives for one tenant: the tenants' database, or the tenant's own (MariaDB). */
    String flywayUrl(BenchServer server, String tenant) {
        return server.urlFor(database != null ? database : tenant);
    }

    /**
     * The problem with the tenants after a run, or null: each must hold exactly {@code scripts} generated tables and
     * a history table {@code history} of {@code scripts} rows, all successful.
     */
    String check(BenchServer server, String history, int scripts) {
        boolean pg = server.kind == BenchServer.Kind.POSTGRES;
        try (Connection c = pg ? server.connect(database) : server.admin(); Statement s = c.createStatement()) {
            // One catalogue query for all tenants: information_schema asked once per tenant takes minutes on PostgreSQL.
            Map<String, Integer> tables = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT table_schema, count(*) FROM information_schema.tables"
                    + " WHERE table_name LIKE 'bench\\_t%' GROUP BY table_schema")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), rs.getInt(2));
                }
            }
            for (String n : names) {
                int found = tables.getOrDefault(n, 0);
                if (found != scripts) {
                    return n + " holds " + found + " bench tables; expected " + scripts;
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*), sum(CASE WHEN success THEN 1 ELSE 0 END) FROM "
                        + n + "." + history)) {
                    rs.next();
                    if (rs.getInt(1) != scripts || rs.getInt(2) != scripts) {
                        return n + "." + history + " holds " + rs.getInt(1) + " rows, " + rs.getInt(2)
                                + " successful; expected " + scripts;
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            return "checking the tenants: " + e.getMessage();
        }
    }

    void drop(BenchServer server) {
        if (database != null) {
            server.dropDatabase(database);
            return;
        }
        try (Connection c = server.admin(); Statement s = c.createStatement()) {
            for (String n : names) {
                s.execute("DROP DATABASE IF EXISTS " + n);
            }
        } catch (SQLException e) {
            System.out.println("  warning: could not drop the tenant databases: " + e.getMessage());
        }
    }
}
