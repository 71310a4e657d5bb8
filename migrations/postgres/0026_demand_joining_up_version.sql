-- Digital demand, joining up (issue 11 item 7; ADR 0030): a number that every committed change
-- to what a proposal's related proposals and catalogue matches are computed from advances, so
-- that a server keeps what it computed until that number moves. Advanced for a proposal added or
-- removed, a proposal changed that was or is submitted (a draft is never related to another
-- proposal, and its own probe is part of what the server keeps), a term count and a catalogue
-- entry.
--
-- The triggers are deferred to the commit, so that a writer holds the row's lock only while it
-- commits: taken at its first write, the lock would queue every demand writer behind the whole
-- of another's transaction, and two transactions writing proposals in different orders could
-- deadlock on it. Each transaction advances the number once (`bumped_by`), however many rows it
-- writes. The functions search the schema the table is made in (below), so that a session with
-- another search path (an administrator's) still finds it.

CREATE TABLE demand_joining_up_version (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    version   BIGINT NOT NULL,
    bumped_by xid8
);
INSERT INTO demand_joining_up_version (id, version) VALUES (1, 0);

CREATE FUNCTION demand_joining_up_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE demand_joining_up_version
       SET version = version + 1, bumped_by = pg_current_xact_id()
     WHERE id = 1 AND bumped_by IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER demand_proposals_joining_up AFTER INSERT OR DELETE ON demand_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION demand_joining_up_changed();
CREATE CONSTRAINT TRIGGER demand_proposals_joining_up_update AFTER UPDATE ON demand_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.submitted_at IS NOT NULL OR NEW.submitted_at IS NOT NULL)
    EXECUTE FUNCTION demand_joining_up_changed();
CREATE CONSTRAINT TRIGGER demand_term_counts_joining_up
    AFTER INSERT OR UPDATE OR DELETE ON demand_term_counts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION demand_joining_up_changed();
CREATE CONSTRAINT TRIGGER demand_catalogue_joining_up
    AFTER INSERT OR UPDATE OR DELETE ON demand_catalogue
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION demand_joining_up_changed();
-- TRUNCATE fires no row trigger; a constraint trigger cannot fire for it.
CREATE FUNCTION demand_joining_up_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE demand_joining_up_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER demand_proposals_joining_up_truncate AFTER TRUNCATE ON demand_proposals
    FOR EACH STATEMENT EXECUTE FUNCTION demand_joining_up_truncated();
CREATE TRIGGER demand_term_counts_joining_up_truncate AFTER TRUNCATE ON demand_term_counts
    FOR EACH STATEMENT EXECUTE FUNCTION demand_joining_up_truncated();
CREATE TRIGGER demand_catalogue_joining_up_truncate AFTER TRUNCATE ON demand_catalogue
    FOR EACH STATEMENT EXECUTE FUNCTION demand_joining_up_truncated();

-- The schema the table was made in, resolved now (not "$user", public, as written).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION demand_joining_up_changed() SET search_path = %I, pg_catalog',
                   current_schema());
    EXECUTE format('ALTER FUNCTION demand_joining_up_truncated() SET search_path = %I, pg_catalog',
                   current_schema());
END;
$$;
