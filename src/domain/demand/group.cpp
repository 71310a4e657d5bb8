#include "domain/demand/group.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/strings.hpp"
#include "domain/demand/estate.hpp"
#include "domain/demand/proposal_service.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

/// "Proposal 12 (Biometric gates)".
std::string Named(const Proposal& p) {
    return "Proposal " + std::to_string(p.id) + " (" + p.fields.title + ")";
}

std::string IdList(const std::vector<Proposal>& members) {
    std::string out;
    for (const auto& p : members) out += (out.empty() ? "" : ",") + std::to_string(p.id);
    return out;
}

}  // namespace

Status CheckNewGroup(const std::string& lead_establishment, const std::vector<Proposal>& members) {
    std::vector<FieldError> errors;
    if (members.size() < kMinGroupProposals) {
        errors.push_back({"proposals", "Choose at least 2 proposals to join into a group"});
    } else if (members.size() > kMaxGroupProposals) {
        errors.push_back({"proposals", "A group can have at most " +
                                           std::to_string(kMaxGroupProposals) + " proposals"});
    }
    const bool lead_is_member = std::any_of(members.begin(), members.end(), [&](const Proposal& p) {
        return p.fields.establishment == lead_establishment;
    });
    if (!lead_is_member) {
        errors.push_back({"lead_establishment",
                          "Choose the lead establishment from the establishments of the group's "
                          "proposals"});
    }
    if (!errors.empty()) return FieldsError(std::move(errors));
    for (const auto& p : members) {
        if (!InEstateView(p.state)) {
            return Error::Conflict(Named(p) + " is " +
                                   ToLower(std::string(ProposalStateLabel(p.state))) +
                                   ": only submitted, in-review or advised proposals can be "
                                   "grouped");
        }
    }
    return Ok();
}

Status CheckGroupAdvisable(Id group_id, const std::vector<Proposal>& members) {
    const bool any = std::any_of(members.begin(), members.end(),
                                 [](const Proposal& p) { return CheckAdvisable(p.state).ok(); });
    if (any) return Ok();
    return Error::Conflict("No proposal in group " + std::to_string(group_id) +
                           " awaits advice: each has been advised, returned to its proposer, "
                           "withdrawn or closed. Nothing was advised");
}

std::vector<Id> MembersAwaitingAdvice(const ProposalGroup& group) {
    std::vector<Id> out;
    for (const auto& m : group.members) {
        if (CheckAdvisable(m.state).ok()) out.push_back(m.id);
    }
    return out;  // members are ascending by id
}

Status ValidateAdvice(const std::string& outcome, const std::string& text) {
    std::vector<FieldError> errors;
    if (AdviceOutcomeLabel(outcome).empty()) {
        errors.push_back({"outcome", "Choose an outcome from the list"});
    }
    if (Trim(text).empty()) errors.push_back({"advice", "Enter the advice"});
    if (text.size() > 5000) errors.push_back({"advice", "Advice must be 5000 characters or fewer"});
    if (!errors.empty()) return FieldsError(std::move(errors));
    return Ok();
}

// The group moves of ProposalService live here, beside the rules they apply.

Result<ProposalGroup> ProposalService::CreateGroup(const Actor& by,
                                                   const std::string& lead_establishment,
                                                   const std::vector<Id>& proposal_ids) {
    WARDEN_TRY(Require(by, Action::kDemandGroup));
    const std::string lead = ToUpper(std::string(Trim(lead_establishment)));
    const std::set<Id> ids(proposal_ids.begin(), proposal_ids.end());
    if (ids.size() > kMaxGroupProposals) {
        return FieldsError({{"proposals", "A group can have at most " +
                                              std::to_string(kMaxGroupProposals) + " proposals"}});
    }
    const TimePoint now = clock_.Now();
    const ProposalScope scope = ScopeFor(by);
    Id group_id = 0;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        std::vector<Proposal> members;
        for (Id id : ids) {
            auto p = repos.proposals.GetForUpdate(id, scope);  // ascending ids: one lock order
            if (!p.ok()) {
                if (p.error().code != ErrorCode::kNotFound) return std::move(p).error();
                return FieldsError(
                    {{"proposals", "Proposal " + std::to_string(id) + " was not found"}});
            }
            members.push_back(std::move(p).value());
        }
        WARDEN_TRY(CheckNewGroup(lead, members));
        for (const auto& p : members) {
            WARDEN_ASSIGN_OR_RETURN(Id existing, repos.proposals.GroupOf(p.id));
            if (existing != 0) {
                return Error::Conflict(Named(p) + " is already in group " +
                                       std::to_string(existing));
            }
        }
        ProposalGroup g;
        g.lead_establishment = lead;
        g.created_by = by.username;
        g.created_at = now;
        for (const auto& p : members) {
            g.members.push_back({p.id, p.fields.establishment, p.fields.title, p.state});
        }
        WARDEN_ASSIGN_OR_RETURN(group_id, repos.proposals.AddGroup(g));
        const std::string detail = "group=" + std::to_string(group_id) + " lead=" + lead;
        for (const auto& p : members) {
            WARDEN_TRY(repos.proposals.AddEvent(
                {0, p.id, now, by.username, "GROUPED", std::to_string(group_id)}));
        }
        return repos.audit.Append(NewAuditEntry(by, now, "demand.group.created",
                                                "proposal_group:" + std::to_string(group_id),
                                                "lead=" + lead + " proposals=" + IdList(members)));
    }));
    return GetGroup(by, group_id);
}

Result<ProposalGroup> ProposalService::GetGroup(const Actor& by, Id group_id) {
    WARDEN_TRY(Require(by, Action::kDemandGroup));
    ProposalGroup out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out, repos.proposals.GetGroup(group_id, Scope::National()));
        return Ok();
    }));
    return out;
}

Result<ProposalGroup> ProposalService::AdviseGroup(const Actor& by, Id group_id,
                                                   const std::string& outcome,
                                                   const std::string& text) {
    WARDEN_TRY(Require(by, Action::kDemandGroup));
    WARDEN_TRY(Require(by, Action::kDemandAdvise));
    WARDEN_TRY(ValidateAdvice(outcome, text));
    const TimePoint now = clock_.Now();
    const ProposalScope scope = ScopeFor(by);
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(ProposalGroup g,
                                repos.proposals.GetGroup(group_id, Scope::National()));
        std::vector<Proposal> members;
        for (const auto& m : g.members) {
            WARDEN_ASSIGN_OR_RETURN(Proposal p, repos.proposals.GetForUpdate(m.id, scope));
            members.push_back(std::move(p));
        }
        // Every member is locked and read before any changes; those awaiting advice get it, the
        // others keep what they have.
        WARDEN_TRY(CheckGroupAdvisable(group_id, members));
        for (auto& p : members) {
            if (!CheckAdvisable(p.state).ok()) continue;
            const ProposalState from = p.state;
            p.state = StateAfterAdvice(outcome);
            p.advice = ProposalAdvice{outcome, text, by.username, now, std::nullopt};
            p.updated_at = now;
            WARDEN_TRY(repos.proposals.Update(p));
            WARDEN_TRY(repos.proposals.AddEvent(
                {0, p.id, now, by.username,
                 p.state == ProposalState::kReturned ? "RETURNED" : "ADVISED", outcome}));
            WARDEN_TRY(repos.audit.Append(NewAuditEntry(
                by, now, "demand.proposal.advised", "proposal:" + std::to_string(p.id),
                "from=" + std::string(ProposalStateName(from)) +
                    " to=" + std::string(ProposalStateName(p.state)) + " outcome=" + outcome +
                    " group=" + std::to_string(group_id))));
        }
        return Ok();
    }));
    return GetGroup(by, group_id);
}

}  // namespace warden::domain
