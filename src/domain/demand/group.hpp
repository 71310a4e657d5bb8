#pragma once
// Groups of proposals with a lead establishment (issue 11 item 4; ADR 0016): a DIGITAL_REVIEWER
// joins similar open proposals of the estate into a group, names a lead establishment (one of the
// members' establishments) and can advise the whole group at once. A proposal is in at most one
// group. Plain rules here; ProposalService applies them (group.cpp).

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/demand/proposal.hpp"

namespace warden::domain {

/// A proposal of a group, as a group shows it (the same disclosure as a related proposal:
/// id, establishment, title, and here its state).
struct ProposalGroupMember {
    Id id = 0;
    std::string establishment;
    std::string title;
    ProposalState state = ProposalState::kSubmitted;
    /// False when the reader may not open the member (another establishment's proposal, for a
    /// governor): they see its id, establishment and title, as of a related proposal, not its
    /// state.
    bool readable = true;
};

/// A group as stored.
struct ProposalGroup {
    Id id = 0;
    std::string lead_establishment;
    std::string created_by;  // username
    TimePoint created_at{};
    std::vector<ProposalGroupMember> members;  // ascending by id
};

/// The fewest and most proposals in a group.
inline constexpr std::size_t kMinGroupProposals = 2;
inline constexpr std::size_t kMaxGroupProposals = 50;

/// Checks a new group of `members` (the loaded proposals, without repeats) led by
/// `lead_establishment`: 400 naming "proposals" for fewer than 2 or more than 50, and
/// "lead_establishment" unless it is a member's establishment; 409 naming the first proposal that
/// is not submitted, in review or advised (InEstateView).
Status CheckNewGroup(const std::string& lead_establishment, const std::vector<Proposal>& members);

/// Ok when at least one member awaits advice (CheckAdvisable: submitted or in review): a group's
/// advice goes to those members, and the others (advised on their own since, returned to their
/// proposer, withdrawn or closed) keep what they have. Else 409 ("No proposal in group 3 awaits
/// advice: ...").
Status CheckGroupAdvisable(Id group_id, const std::vector<Proposal>& members);
/// The members of `group` that a group advice would reach now (CheckAdvisable), ascending by id.
std::vector<Id> MembersAwaitingAdvice(const ProposalGroup& group);

/// 400 naming "outcome" and "advice" for advice that cannot be recorded: an unknown outcome, no
/// text, or text over 5000 characters.
Status ValidateAdvice(const std::string& outcome, const std::string& text);

}  // namespace warden::domain
