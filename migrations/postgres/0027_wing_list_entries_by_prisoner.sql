-- The wing list page's "withdrawn since it was published" (SqlGrants::EndedSince) asks, for each
-- grant ended since, whether its prisoner is on a published list of the wing: a lookup by
-- (establishment, wing, prison_number), which the primary key (establishment, wing, version,
-- prison_number) could only serve by reading every entry of every version of the wing
-- (docs/performance.md).
CREATE INDEX tmpp_wing_list_entries_by_prisoner
    ON tmpp_wing_list_entries (establishment, wing, prison_number);
