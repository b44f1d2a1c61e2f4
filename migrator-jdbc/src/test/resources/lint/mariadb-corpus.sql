-- The migration linter's MariaDB corpus (LintMariaDbTest), as the PostgreSQL one: each case one pending script,
-- "expect" the findings as RULE:SEVERITY. big has 3000 rows (over the test's threshold of 1000), small 2, vacant none;
-- b is VARCHAR(20) in utf8mb4 (80 bytes).
-- case: add column is instant
-- expect:
ALTER TABLE big ADD COLUMN d INT;
-- case: add column FIRST is instant from MariaDB 10.4
-- expect:
ALTER TABLE big ADD COLUMN e INT FIRST;
-- case: instant add with ALGORITHM and LOCK passes
-- expect:
ALTER TABLE big ADD COLUMN f INT, ALGORITHM=INSTANT, LOCK=NONE;
-- case: int to bigint copies the table
-- expect: MY002:ERROR
ALTER TABLE big MODIFY COLUMN a BIGINT;
-- case: ALGORITHM=INSTANT on a type change fails
-- expect: MY003:ERROR
ALTER TABLE big MODIFY COLUMN a BIGINT, ALGORITHM=INSTANT;
-- case: LOCK=NONE on a type change fails
-- expect: MY003:ERROR
ALTER TABLE big MODIFY COLUMN a BIGINT, LOCK=NONE;
-- case: varchar widened within one length byte is in place
-- expect:
ALTER TABLE big MODIFY COLUMN b VARCHAR(60);
-- case: varchar widened past 255 bytes copies
-- expect: MY002:ERROR
ALTER TABLE big MODIFY COLUMN b VARCHAR(100);
-- case: foreign key copies with foreign_key_checks on
-- expect: MY001:ERROR
ALTER TABLE big ADD CONSTRAINT big_ref_fk FOREIGN KEY (ref) REFERENCES parent (id);
-- case: engine change copies
-- expect: MY001:ERROR
ALTER TABLE big ENGINE=InnoDB;
-- case: force rebuilds in place
-- expect: MY001:WARNING
ALTER TABLE big FORCE;
-- case: add index is online
-- expect:
ALTER TABLE big ADD INDEX big_a_idx (a);
-- case: create index is online
-- expect:
CREATE INDEX big_b_idx ON big (b);
-- case: drop column destroys data
-- expect: MY004:WARNING
ALTER TABLE big DROP COLUMN c;
-- case: rename column breaks the running version
-- expect: MY005:WARNING
ALTER TABLE big RENAME COLUMN b TO b2;
-- case: change with a new name renames
-- expect: MY005:WARNING
ALTER TABLE big CHANGE COLUMN a a2 INT;
-- case: rename table breaks the running version
-- expect: MY005:WARNING
RENAME TABLE small TO small2;
-- case: drop table destroys data
-- expect: MY004:WARNING
DROP TABLE small;
-- case: type change on a small table is a note
-- expect: MY002:INFO
ALTER TABLE small MODIFY COLUMN a BIGINT;
-- case: type change on an empty table passes
-- expect:
ALTER TABLE vacant MODIFY COLUMN a BIGINT;
-- case: type change on a table the same scripts create passes
-- expect:
CREATE TABLE fresh1 (id INT PRIMARY KEY, a INT);
ALTER TABLE fresh1 MODIFY COLUMN a BIGINT;
-- case: character set conversion copies
-- expect: MY001:ERROR
ALTER TABLE big CONVERT TO CHARACTER SET latin1;
-- case: fulltext index cannot take LOCK=NONE
-- expect: MY003:ERROR
ALTER TABLE big ADD FULLTEXT INDEX big_c_ft (c), LOCK=NONE;
-- case: default change is instant
-- expect:
ALTER TABLE big ALTER COLUMN a SET DEFAULT 3;
-- case: explicit exclusive lock on a big table
-- expect: MY001:ERROR
ALTER TABLE big ADD COLUMN z INT, LOCK=EXCLUSIVE;
-- case: truncate destroys data
-- expect: MY004:WARNING
TRUNCATE TABLE big;
-- case: update passes
-- expect:
UPDATE big SET a = 1 WHERE id = 2;
-- case: a procedure call is not analysed
-- expect: LINT001:INFO
CALL refresh_stats();
-- case: dropping the primary key copies
-- expect: MY001:ERROR
ALTER TABLE big DROP PRIMARY KEY;
-- case: ignore comment with a reason suppresses
-- expect:
-- migrator:lint-ignore MY002 the table is cold at night
ALTER TABLE big MODIFY COLUMN a BIGINT;
