#pragma once
// The digital demand workflow (DOMAIN.md, "Digital demand"; issue 11 items 1 and 2): GOVERNOR
// drafts, edits, submits and withdraws proposals of the establishments in their caseload;
// DIGITAL_REVIEWER sees every submitted proposal in the estate, takes it into review, records
// advice and closes it. Every move writes a timeline event and an audit entry in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/demand/dashboard.hpp"
#include "domain/demand/estate.hpp"
#include "domain/demand/group.hpp"
#include "domain/demand/joining_up_cache.hpp"
#include "domain/demand/proposal.hpp"
#include "domain/demand/proposal_repository.hpp"
#include "domain/ports.hpp"

namespace warden::domain {

/// A proposal with what every response carries.
struct ProposalView {
    Proposal proposal;
    std::int64_t whole_life_cost_pence = 0;
    std::vector<ProposalFlag> flags;
    std::vector<ProposalEvent> timeline;  // oldest first; empty in lists
    bool overdue = false;                 // IsAdviceOverdue now
    bool advised = false;                 // HasAdviceOnLatestSubmission
    bool advice_to_issue = false;         // AdviceAwaitsIssue
    bool advice_issued = false;           // IsAdviceIssued (the latest advice, maybe earlier)
    /// Similar proposals at other establishments and matching catalogue services, best first
    /// (RankMatches); filled by Get and in agendas (JoinUp), empty in lists.
    std::vector<SimilarMatch> related;
    std::vector<SimilarMatch> catalogue_matches;
    /// The group the proposal is in, with its lead establishment; filled as `related` is.
    std::optional<ProposalGroup> group;
};

/// The estate view: the open proposals of the estate and their groups.
struct EstateView {
    std::vector<EstateProposal> proposals;  // InEstateView, ascending by id
    std::vector<EstateGroup> groups;        // GroupEstate's order

    /// The proposal with `id`, or nullptr.
    const EstateProposal* Find(Id id) const;
};

/// Proposals and their workflow.
class ProposalService {
  public:
    /// `spend_control_pence`: the whole-life cost above which SPEND_CONTROL is flagged.
    ProposalService(Store& store, const Clock& clock,
                    std::int64_t spend_control_pence = kDefaultSpendControlPence);

    /// The proposals `by` may read: their caseload's (all states) for GOVERNOR, every submitted
    /// one for DIGITAL_REVIEWER, both for the system actor, none for anyone else.
    static ProposalScope ScopeFor(const Actor& by);

    /// GOVERNOR drafts a proposal for an establishment in their caseload (400 naming each bad
    /// field).
    Result<ProposalView> Create(const Actor& by, const ProposalFields& fields);
    /// GOVERNOR replaces a DRAFT or RETURNED proposal's fields (409 once submitted). `part`, when
    /// given, names what the proposer answered (a section of the form): the UPDATED timeline
    /// event's detail is "Saved: " followed by it (SavedPartDetail).
    Result<ProposalView> Update(const Actor& by, Id id, const ProposalFields& fields,
                                std::string_view part = {});
    /// GOVERNOR submits (or resubmits) a DRAFT or RETURNED proposal; 400 naming each field a
    /// submission still needs.
    Result<ProposalView> Submit(const Actor& by, Id id);
    /// GOVERNOR withdraws an open proposal.
    Result<ProposalView> Withdraw(const Actor& by, Id id);
    /// DIGITAL_REVIEWER takes a SUBMITTED proposal into review.
    Result<ProposalView> StartReview(const Actor& by, Id id);
    /// DIGITAL_REVIEWER records advice on a SUBMITTED or IN_REVIEW proposal: ADVISED, or
    /// RETURNED for MORE_INFORMATION_NEEDED. The advice text is required.
    Result<ProposalView> Advise(const Actor& by, Id id, const std::string& outcome,
                                const std::string& text);
    /// DIGITAL_REVIEWER closes an ADVISED proposal.
    Result<ProposalView> Close(const Actor& by, Id id);

    /// A proposal with its timeline; 404 outside the reader's scope.
    Result<ProposalView> Get(const Actor& by, Id id);
    /// The proposals the reader sees, newest first (without timelines).
    Result<std::vector<ProposalView>> List(const Actor& by, const ProposalQuery& query);

    /// The dashboards of the proposals `by` reads (ScopeFor), with the names of the establishments
    /// and regions `by` sees (dashboard.hpp; defined in dashboard.cpp).
    Result<DemandDashboard> Dashboard(const Actor& by);
    /// DIGITAL_REVIEWER: the open proposals of the estate grouped by category and similarity
    /// (GroupEstate); an audited read (defined in estate.cpp).
    Result<EstateView> Estate(const Actor& by);

    /// DIGITAL_REVIEWER joins open proposals (InEstateView, none already grouped) into a group
    /// led by one of their establishments (CheckNewGroup); writes a GROUPED timeline event on
    /// each and one audit entry (defined in group.cpp).
    Result<ProposalGroup> CreateGroup(const Actor& by, const std::string& lead_establishment,
                                      const std::vector<Id>& proposal_ids);
    /// DIGITAL_REVIEWER reads a group; 404 when absent.
    Result<ProposalGroup> GetGroup(const Actor& by, Id group_id);
    /// DIGITAL_REVIEWER advises every proposal of the group at once, in one transaction with a
    /// timeline event and an audit entry per proposal; 409 naming the first proposal that cannot
    /// be advised, changing nothing.
    Result<ProposalGroup> AdviseGroup(const Actor& by, Id group_id, const std::string& outcome,
                                      const std::string& text);

    /// What every response carries, computed for `proposal`.
    ProposalView Describe(Proposal proposal) const;
    /// Fills `view`'s related proposals, catalogue matches (when `by` reads the catalogue) and
    /// group from `repos`, inside the caller's read (never a write: a write's own changes are
    /// not yet counted in the version it reads); the related proposals and catalogue matches of a
    /// proposal read before at the same joining-up version come from the cache (ADR 0030).
    Status JoinUp(const Actor& by, Repositories& repos, ProposalView& view);
    /// The SPEND_CONTROL threshold in pence.
    std::int64_t spend_control_pence() const { return spend_control_pence_; }

  private:
    /// Loads the proposal in `scope` inside `work`'s transaction, lets `change` move it, then
    /// stores it with its timeline event and audit entry.
    Result<ProposalView> Move(const Actor& by, Id id, const ProposalScope& scope,
                              const std::function<Status(Proposal&, ProposalEvent&)>& change,
                              const std::string& audit_action);

    Store& store_;
    const Clock& clock_;
    std::int64_t spend_control_pence_;
    JoiningUpCache joined_up_;
};

}  // namespace warden::domain
