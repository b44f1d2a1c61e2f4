package dev.migrator.examples.bench;

/**
 * The synthetic rows the PostgreSQL benchmarks fill server-side from {@code generate_series(1, n) g}: the same
 * columns and values in the backup and the data migration benchmark, so that their figures compare.
 */
final class GeneratedRows {

    /** Seeds {@code random()} so that every fill holds the same amounts and scores. */
    static final String SEED = "SELECT setseed(0.42)";

    /** The columns from {@code name} to {@code ref}, in the order of {@link #VALUES}. */
    static final String DDL = "name text NOT NULL, email varchar(120) NOT NULL, amount numeric(12,2) NOT NULL, "
            + "created_at timestamptz NOT NULL, active boolean NOT NULL, attrs jsonb, ref uuid NOT NULL";

    /** The select list for {@code name, email, amount, created_at, active, attrs, ref, note} of row {@code g}. */
    static final String VALUES = "'User ' || g || ' ' || substr(md5(g::text), 1, 12), "
            + "'user' || g || '@example.com', "
            + "round((random() * 100000)::numeric, 2), "
            + "timestamptz '2020-01-01 00:00:00+00' + g * interval '17.123 seconds', "
            + "g % 3 = 0, "
            + "jsonb_build_object('plan', (ARRAY['free', 'pro', 'team'])[1 + g % 3], 'visits', g % 1000, "
            + "'score', round((random() * 10)::numeric, 3), 'tags', jsonb_build_array('a' || g % 7, 'b' || g % 11)), "
            + "md5('ref' || g)::uuid, "
            + "CASE WHEN g % 5 = 0 THEN NULL ELSE 'Note ' || substr(md5(g::text || 'n'), 1, 16) END";

    private GeneratedRows() {}
}
