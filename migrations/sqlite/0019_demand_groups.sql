-- Digital demand, groups of proposals (issue 11 item 4; ADR 0016): a DIGITAL_REVIEWER joins
-- similar proposals into a group with a lead establishment (one of its proposals'
-- establishments) and can advise the group at once. A proposal is in at most one group.

CREATE TABLE demand_groups (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_establishment TEXT NOT NULL REFERENCES establishments (code),
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);

CREATE TABLE demand_group_members (
    proposal_id INTEGER PRIMARY KEY REFERENCES demand_proposals (id),
    group_id    INTEGER NOT NULL REFERENCES demand_groups (id)
);
CREATE INDEX demand_group_members_by_group ON demand_group_members (group_id, proposal_id);
