-- A prisoner's establishment is checked once a statement instead of once a row (ADR 0034).
--
-- The foreign key from prisoners to establishments made PostgreSQL look up, and lock, the
-- establishment's row once for every prisoner a statement inserted or updated: about a quarter of
-- the prisoner import's insert of 100,000 new prisoners (docs/performance.md). The same rule is
-- kept here by one set-based check after each statement that inserts or updates prisoners: every
-- row it wrote names an establishment that exists, or the statement fails with the error a
-- foreign key raises (SQLSTATE 23503) and its transaction rolls back.
--
-- A foreign key also stops an establishment from being deleted or given another code while a
-- prisoner names it, and locks the establishment's row for that until the prisoner's transaction
-- ends. Here no establishment is ever deleted or re-coded, for every role (Warden does neither;
-- the triggers below refuse both, and TRUNCATE), so an establishment that a check saw stays, and
-- the check needs no lock. The tables that had a foreign key to establishments keep it.
-- migrations/sqlite/0028 gives SQLite the same rule for establishments; SQLite keeps its foreign
-- key, which costs it little.
ALTER TABLE prisoners DROP CONSTRAINT prisoners_establishment_fkey;

CREATE FUNCTION prisoners_establishment_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing TEXT;
BEGIN
    SELECT n.establishment INTO missing
      FROM new_rows AS n
     WHERE NOT EXISTS (SELECT 1 FROM establishments AS e WHERE e.code = n.establishment)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'prisoners: establishment "%" does not exist', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER prisoners_establishment_on_insert AFTER INSERT ON prisoners
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prisoners_establishment_exists();
CREATE TRIGGER prisoners_establishment_on_update AFTER UPDATE ON prisoners
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION prisoners_establishment_exists();
-- The check reads the establishments of the schema the tables were made in, resolved now, whatever
-- the search path of the session writing prisoners (and never a temporary table of that session's
-- named establishments: pg_temp comes last), as a foreign key names its table.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION prisoners_establishment_exists() '
                   'SET search_path = %I, pg_catalog, pg_temp', current_schema());
END;
$$;

CREATE FUNCTION establishments_stay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'establishments: an establishment is never deleted and its code never changes'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER establishments_no_delete BEFORE DELETE ON establishments
    FOR EACH ROW EXECUTE FUNCTION establishments_stay();
CREATE TRIGGER establishments_no_new_code BEFORE UPDATE OF code ON establishments
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION establishments_stay();
CREATE TRIGGER establishments_no_truncate BEFORE TRUNCATE ON establishments
    FOR EACH STATEMENT EXECUTE FUNCTION establishments_stay();
