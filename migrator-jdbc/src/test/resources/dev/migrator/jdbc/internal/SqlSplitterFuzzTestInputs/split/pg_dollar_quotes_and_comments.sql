-- migrator:no-transaction
/* A nested /* block */ comment; with a semicolon */
CREATE FUNCTION add_one(i integer) RETURNS integer AS $body$
BEGIN
  RAISE NOTICE 'a ; inside % $$ plain $$', i;
  RETURN i + 1;
END;
$body$ LANGUAGE plpgsql;
CREATE INDEX CONCURRENTLY users_email ON users (email);
SELECT E'it\'s ; escaped', 'doubled '' quote;', "quoted ""id;""" FROM t WHERE a = $1 AND b$c = 2;
DO $$ BEGIN PERFORM 1; END $$;
VACUUM (VERBOSE, ANALYZE) users;
REINDEX (VERBOSE) TABLE CONCURRENTLY users;
