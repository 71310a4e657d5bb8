-- Digital demand, the weekly review (issue 11 item 3): when a proposal's latest advice was emailed
-- to its proposer. Advice not yet issued stays on every later week's agenda until a week's issue
-- sends it (advice recorded on the review day after that day's issue would otherwise be on no
-- agenda still to be issued), and issuing reads this column instead of each proposal's timeline.
ALTER TABLE demand_proposals ADD COLUMN advice_issued_at TEXT;

-- Advice already issued: an ADVICE_ISSUED event after the latest ADVISED or RETURNED one.
UPDATE demand_proposals
SET advice_issued_at = (
    SELECT e.at FROM demand_proposal_events e
    WHERE e.proposal_id = demand_proposals.id AND e.what = 'ADVICE_ISSUED'
      AND e.id > (SELECT COALESCE(MAX(a.id), 0) FROM demand_proposal_events a
                  WHERE a.proposal_id = demand_proposals.id AND a.what IN ('ADVISED', 'RETURNED'))
    ORDER BY e.id DESC LIMIT 1)
WHERE advice_outcome IS NOT NULL;
