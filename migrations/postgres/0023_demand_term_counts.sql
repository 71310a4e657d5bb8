-- Digital demand, joining up (issue 11 item 7; ADR 0020): how many stored proposals hold each
-- search term, so that a proposal's probe can leave out words too common to say that two
-- proposals are alike (domain: IsCommonTerm). The row with the empty term counts every proposal
-- (no search term is empty). Storage keeps the counts in the proposal's own write transaction
-- and recounts them when it fills the terms of rows stored without (FillProposalSearchTerms).

CREATE TABLE demand_term_counts (
    term      TEXT COLLATE "C" PRIMARY KEY,
    proposals BIGINT NOT NULL
);
