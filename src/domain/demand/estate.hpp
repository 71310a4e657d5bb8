#pragma once
// The estate view of digital demand (issue 11 item 4; ADR 0016): the open proposals of the whole
// estate grouped by category and similarity, each group with a headline such as "5 establishments
// propose biometrics from 3 suppliers, £1.2m whole-life". Similarity is joining up's one ranking
// (RankMatches in similarity.hpp): a proposal joins the group of the best earlier lead proposal
// of its category that RankMatches would show it as related to.

#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "domain/demand/proposal.hpp"
#include "domain/demand/similarity.hpp"

namespace warden::domain {

/// What the estate view reads of a proposal: its candidate data (as SimilarCandidates returns it)
/// with its state and whole-life cost.
struct EstateProposal {
    SimilarCandidate item;
    ProposalState state = ProposalState::kSubmitted;
    std::int64_t whole_life_cost_pence = 0;
};

/// The states the estate view groups: SUBMITTED, IN_REVIEW and ADVISED (not drafts, returned,
/// closed or withdrawn proposals).
bool InEstateView(ProposalState state);

/// A group of similar open proposals of one category.
struct EstateGroup {
    std::string category;                     // a category code ("" when none was chosen)
    Id lead_proposal = 0;                     // the earliest proposal, that the others matched
    std::vector<Id> proposals;                // ascending
    std::vector<std::string> establishments;  // distinct codes, sorted
    std::vector<std::string> suppliers;       // distinct (by SupplierKey), as first entered, sorted
    std::int64_t whole_life_cost_pence = 0;
    /// "5 establishments propose biometrics from 3 suppliers, £1.2m whole-life"
    std::string headline;
};

/// Groups the proposals in InEstateView (others are ignored): by category, then each proposal,
/// oldest first (by id), joins the group whose lead proposal ranks best for it (RankMatches over
/// the leads sharing a term or its supplier; ties by lowest id), or leads a new group. Terms
/// common among the grouped proposals (IsCommonTerm over how many of them hold each) are left
/// out, as on a proposal's page (ADR 0020). Groups are
/// ordered by establishments, then whole-life cost (both descending), then lead id. Linear in the
/// proposals and their terms: a proposal is ranked against the leads sharing one of its terms or
/// its supplier only.
std::vector<EstateGroup> GroupEstate(const std::vector<EstateProposal>& proposals);

/// "£1.2m" from £1,000,000 (one decimal, ".0" dropped), else whole pounds "£45,000".
std::string ShortPounds(std::int64_t pence);

/// The headline of a group: "5 establishments propose biometrics from 3 suppliers, £1.2m
/// whole-life" (singular "1 establishment proposes", "1 supplier"; "no supplier named").
std::string EstateHeadline(const EstateGroup& group);

}  // namespace warden::domain
