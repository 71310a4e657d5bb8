#pragma once
// The storage interface of the Proposal aggregate (digital demand). Storage implements it for
// SQLite and PostgreSQL (src/storage/demand/); every read takes the caller's ProposalScope and
// the SQL applies it.

#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/demand/estate.hpp"
#include "domain/demand/group.hpp"
#include "domain/demand/joining_up_cache.hpp"
#include "domain/demand/proposal.hpp"
#include "domain/demand/similarity.hpp"
#include "domain/people/roles.hpp"

namespace warden::domain {

/// Which proposals a reader sees: every proposal (drafts too) of the establishments in
/// `all_states`, and the proposals ever submitted of the establishments in `submitted`.
/// A GOVERNOR has their caseload in `all_states`; a DIGITAL_REVIEWER the estate in `submitted`.
struct ProposalScope {
    Scope all_states;
    Scope submitted;

    /// True when `p` is visible.
    bool Allows(const Proposal& p) const {
        return all_states.Allows(p.fields.establishment) ||
               (p.submitted_at.has_value() && submitted.Allows(p.fields.establishment));
    }
};

/// Filters of a proposal list (empty for any).
struct ProposalQuery {
    std::string establishment;
    std::optional<ProposalState> state;
    std::string category;
};

/// Proposals and their timelines.
class ProposalRepository {
  public:
    virtual ~ProposalRepository() = default;
    /// Stores a new proposal (id ignored); returns its id.
    virtual Result<Id> Add(const Proposal& proposal) = 0;
    /// Replaces the stored proposal with `proposal.id`; kNotFound when absent.
    virtual Status Update(const Proposal& proposal) = 0;
    /// kNotFound when absent or outside `scope`.
    virtual Result<Proposal> Get(Id id, const ProposalScope& scope) = 0;
    /// Get for a change in a write transaction: the row stays locked until the transaction ends
    /// (FOR UPDATE on PostgreSQL, where writers run at READ COMMITTED; SQLite's writer holds the
    /// database), so that a concurrent change is seen, not overwritten.
    virtual Result<Proposal> GetForUpdate(Id id, const ProposalScope& scope) = 0;
    /// The matching proposals inside `scope`, newest first (by id).
    virtual Result<std::vector<Proposal>> List(const ProposalQuery& query,
                                               const ProposalScope& scope) = 0;
    /// Appends to the proposal's timeline; returns the event's id.
    virtual Result<Id> AddEvent(const ProposalEvent& event) = 0;
    /// The proposal's timeline, oldest first; empty when the proposal is outside `scope`.
    virtual Result<std::vector<ProposalEvent>> Timeline(Id proposal_id,
                                                        const ProposalScope& scope) = 0;
    /// Candidates for "related": proposals ever submitted, not withdrawn and not RETURNED (its
    /// proposer's edits since are not submitted), of establishments
    /// in `scope` other than `probe.establishment`, that share a term of `probe` (full-text
    /// index) or its supplier; at most `limit` of each kind, newest first. (The category alone
    /// never scores enough, and a candidate of the same category that shares a term is found by
    /// its term.) Unranked: RankMatches orders them.
    virtual Result<std::vector<SimilarCandidate>> SimilarCandidates(const SimilarityProbe& probe,
                                                                    const Scope& scope,
                                                                    int limit) = 0;
    /// The joining-up version: a number that every committed change to what joining up reads
    /// advances (a proposal ever submitted added, changed or removed, the term counts, the
    /// catalogue), with where it counts from. Equal versions read in two transactions mean the
    /// same related proposals and catalogue matches for the same probe (ADR 0030).
    virtual Result<JoiningUpVersion> CurrentJoiningUpVersion() = 0;
    /// How many stored proposals (of any state and establishment) hold each of `terms` (sorted, as
    /// SearchTerms gives them), and how many there are: the counts the probe leaves common words
    /// out by (DistinctiveTerms).
    virtual Result<TermCounts> CountTerms(const std::vector<std::string>& terms) = 0;
    /// The proposals of the estate view (InEstateView: SUBMITTED, IN_REVIEW, ADVISED) of
    /// establishments in `scope`, oldest first, with their terms, supplier key and whole-life
    /// cost (WholeLifeCostPence). Unranked: GroupEstate groups them.
    virtual Result<std::vector<EstateProposal>> EstateProposals(const Scope& scope) = 0;
    /// Stores a new group with its members (`group.id` ignored; members by id); returns its id.
    virtual Result<Id> AddGroup(const ProposalGroup& group) = 0;
    /// The group with its members of establishments in `scope`, ascending by id; kNotFound when
    /// absent.
    virtual Result<ProposalGroup> GetGroup(Id id, const Scope& scope) = 0;
    /// The id of the group holding the proposal, 0 when none.
    virtual Result<Id> GroupOf(Id proposal_id) = 0;
    /// Merges what writes have added to the proposals' full-text index since the last merge into
    /// it (each write leaves a small piece that every search reads as well; ADR 0024): the same
    /// candidates, found with fewer reads. FTS5 'optimize' on SQLite, the GIN index's pending
    /// list on PostgreSQL.
    virtual Status MergeSearchIndex() = 0;
};

}  // namespace warden::domain
