-- The Security queue (issue 9) joins each prisoner's latest recommendation at their establishment:
-- MAX(id) WHERE prison_number = ? AND establishment = ?. With the establishment in the index that
-- is one seek in a covering index instead of reading every recommendation row of the prisoner.
-- It replaces tmpp_recommendations_by_prisoner (prison_number, id), which the latest-recommendation
-- read still uses by its prefix, so the bulk assessment keeps one secondary index.
DROP INDEX tmpp_recommendations_by_prisoner;
CREATE INDEX tmpp_recommendations_latest ON tmpp_recommendations (prison_number, establishment, id);
