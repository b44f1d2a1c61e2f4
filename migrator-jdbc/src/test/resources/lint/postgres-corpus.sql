-- The migration linter's PostgreSQL corpus (LintPostgresTest). Each case is one pending script; "expect" lists the
-- findings as RULE:SEVERITY, nothing when the script must pass. The tables are made by LintPostgresTest: big (3000
-- rows, over the test's threshold of 1000), small (2 rows), vacant (no row), parent; big has a validated
-- CHECK (a IS NOT NULL).
-- case: index on a big table blocks writes
-- expect: PG001:ERROR
CREATE INDEX big_a_idx ON big (a);
-- case: concurrent index passes
-- expect:
CREATE INDEX CONCURRENTLY big_a_idx2 ON big (a);
-- case: index on a small table is only a note
-- expect: PG001:INFO
CREATE INDEX small_a_idx ON small (a);
-- case: index on an empty table passes
-- expect:
CREATE INDEX vacant_a_idx ON vacant (a);
-- case: index on a table the same scripts create passes
-- expect:
CREATE TABLE fresh1 (id int, a int);
CREATE INDEX fresh1_a_idx ON fresh1 (a);
-- case: unique concurrent index with every option passes
-- expect:
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS big_id_uidx ON public.big USING btree (id);
-- case: concurrent index beside another statement makes the script non-transactional
-- expect: PG002:WARNING
CREATE INDEX CONCURRENTLY big_b_idx ON big (b);
ANALYZE big;
-- case: volatile default rewrites
-- expect: PG003:ERROR
ALTER TABLE big ADD COLUMN d timestamptz DEFAULT clock_timestamp();
-- case: constant default is instant on PostgreSQL 11+
-- expect:
ALTER TABLE big ADD COLUMN e int DEFAULT 0;
-- case: gen_random_uuid default rewrites
-- expect: PG003:ERROR
ALTER TABLE big ADD COLUMN f uuid DEFAULT gen_random_uuid();
-- case: now() is stable, evaluated once
-- expect:
ALTER TABLE big ADD COLUMN g timestamptz NOT NULL DEFAULT now();
-- case: serial column fills every row
-- expect: PG003:ERROR
ALTER TABLE big ADD COLUMN h bigserial;
-- case: int to bigint rewrites
-- expect: PG004:ERROR
ALTER TABLE big ALTER COLUMN a TYPE bigint;
-- case: varchar widened is binary-coercible
-- expect:
ALTER TABLE big ALTER COLUMN b TYPE varchar(40);
-- case: varchar to text is binary-coercible
-- expect:
ALTER TABLE big ALTER COLUMN b SET DATA TYPE text;
-- case: varchar narrowed checks and rewrites
-- expect: PG004:ERROR
ALTER TABLE big ALTER COLUMN b TYPE varchar(10);
-- case: numeric precision widened is binary-coercible
-- expect:
ALTER TABLE big ALTER COLUMN n TYPE numeric(12,2);
-- case: USING always rewrites
-- expect: PG004:ERROR
ALTER TABLE big ALTER COLUMN c TYPE int USING c::int;
-- case: SET NOT NULL without a check scans under an exclusive lock
-- expect: PG005:ERROR
ALTER TABLE big ALTER COLUMN ref SET NOT NULL;
-- case: SET NOT NULL with a validated check in the database passes
-- expect:
ALTER TABLE big ALTER COLUMN a SET NOT NULL;
-- case: the safe SET NOT NULL sequence passes
-- expect:
ALTER TABLE big ADD CONSTRAINT big_c_nn CHECK (c IS NOT NULL) NOT VALID;
ALTER TABLE big VALIDATE CONSTRAINT big_c_nn;
ALTER TABLE big ALTER COLUMN c SET NOT NULL;
-- case: foreign key validated at once
-- expect: PG006:ERROR
ALTER TABLE big ADD CONSTRAINT big_ref_fk FOREIGN KEY (ref) REFERENCES parent (id);
-- case: foreign key NOT VALID passes
-- expect:
ALTER TABLE big ADD CONSTRAINT big_ref_fk2 FOREIGN KEY (ref) REFERENCES parent (id) NOT VALID;
-- case: check validated at once
-- expect: PG006:ERROR
ALTER TABLE big ADD CONSTRAINT big_a_pos CHECK (a > 0);
-- case: unique constraint builds its index under an exclusive lock
-- expect: PG007:ERROR
ALTER TABLE big ADD CONSTRAINT big_b_uq UNIQUE (b);
-- case: unique constraint over a concurrently built index passes
-- expect:
ALTER TABLE big ADD CONSTRAINT big_id_uq UNIQUE USING INDEX big_id_uidx;
-- case: unique constraint on a small table is only a note
-- expect: PG007:INFO
ALTER TABLE small ADD CONSTRAINT small_b_uq UNIQUE (b);
-- case: drop column destroys data
-- expect: PG008:WARNING
ALTER TABLE big DROP COLUMN c;
-- case: drop table destroys data
-- expect: PG008:WARNING
DROP TABLE small;
-- case: dropping a table the same scripts created passes
-- expect:
CREATE TABLE fresh2 (id int);
DROP TABLE fresh2;
-- case: truncate destroys data
-- expect: PG008:WARNING
TRUNCATE big;
-- case: rename column breaks the running version
-- expect: PG009:WARNING
ALTER TABLE big RENAME COLUMN b TO b2;
-- case: rename table breaks the running version
-- expect: PG009:WARNING
ALTER TABLE small RENAME TO small2;
-- case: vacuum full rewrites
-- expect: PG010:ERROR
VACUUM FULL big;
-- case: cluster rewrites
-- expect: PG010:ERROR
CLUSTER big USING big_pkey;
-- case: reindex without concurrently
-- expect: PG010:ERROR
REINDEX TABLE big;
-- case: plain vacuum passes
-- expect:
VACUUM big;
-- case: DDL on a big table with a bulk update in one transaction
-- expect: PG011:WARNING
ALTER TABLE big ADD COLUMN k int;
UPDATE big SET k = 1;
-- case: a narrow update passes
-- expect:
UPDATE big SET a = a WHERE id = 1;
-- case: a DO block is not analysed
-- expect: LINT001:INFO
DO $$ BEGIN PERFORM 1; END $$;
-- case: insert passes
-- expect:
INSERT INTO small VALUES (3, 3, 'c');
-- case: ignore comment with a reason suppresses
-- expect:
-- tag::lint-ignore[]
-- migrator:lint-ignore PG001 built in the maintenance window
CREATE INDEX big_c_idx ON big (c);
-- end::lint-ignore[]
-- case: ignore comment without a reason suppresses nothing
-- expect: LINT002:WARNING PG001:ERROR
-- migrator:lint-ignore PG001
CREATE INDEX big_c_idx2 ON big (c);
-- case: comment and default changes pass
-- expect:
COMMENT ON TABLE big IS 'orders';
ALTER TABLE big ALTER COLUMN a SET DEFAULT 5;
