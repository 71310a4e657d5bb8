-- No establishment is ever deleted or given another code (ADR 0034). Warden does neither; these
-- triggers refuse both for anyone with the file, as migrations/postgres/0028 does, where that rule
-- lets one check a statement replace the foreign key from prisoners. SQLite keeps that foreign
-- key, which costs it little.
CREATE TRIGGER establishments_no_delete BEFORE DELETE ON establishments
BEGIN
    SELECT RAISE(ABORT, 'establishments: an establishment is never deleted and its code never changes');
END;

CREATE TRIGGER establishments_no_new_code BEFORE UPDATE OF code ON establishments
WHEN OLD.code IS NOT NEW.code
BEGIN
    SELECT RAISE(ABORT, 'establishments: an establishment is never deleted and its code never changes');
END;
