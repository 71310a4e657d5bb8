#include "domain/demand/dashboard.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <utility>

#include "domain/demand/proposal_service.hpp"
#include "domain/policy/policy.hpp"

namespace warden::domain {
namespace {

std::int64_t SatAdd(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) return std::numeric_limits<std::int64_t>::max();
    return out;
}

void Count(DashboardRow& row, std::int64_t cost) {
    ++row.proposals;
    row.whole_life_cost_pence = SatAdd(row.whole_life_cost_pence, cost);
}

/// Costliest first, then by key.
void SortByCost(std::vector<DashboardRow>& rows) {
    std::sort(rows.begin(), rows.end(), [](const DashboardRow& a, const DashboardRow& b) {
        if (a.whole_life_cost_pence != b.whole_life_cost_pence) {
            return a.whole_life_cost_pence > b.whole_life_cost_pence;
        }
        return a.key < b.key;
    });
}

std::vector<DashboardRow> Rows(std::map<std::string, DashboardRow>&& grouped) {
    std::vector<DashboardRow> rows;
    rows.reserve(grouped.size());
    for (auto& [key, row] : grouped) rows.push_back(std::move(row));
    SortByCost(rows);
    return rows;
}

}  // namespace

bool CountsAsProposed(const Proposal& p) {
    return p.submitted_at.has_value() && p.state != ProposalState::kWithdrawn &&
           p.state != ProposalState::kDraft;
}

DemandDashboard BuildDemandDashboard(const std::vector<Proposal>& proposals,
                                     const std::vector<Establishment>& establishments,
                                     const std::vector<Region>& regions, bool drafts_visible,
                                     TimePoint now) {
    std::map<std::string, const Establishment*, std::less<>> est_by_code;
    for (const auto& e : establishments) est_by_code.emplace(e.code, &e);
    std::map<std::string, std::string, std::less<>> region_names;
    for (const auto& r : regions) region_names.emplace(r.code, r.name);

    DemandDashboard out;
    for (auto code : ProposalCategories()) {
        out.by_category.push_back(
            {std::string(code), std::string(CategoryLabel(code)), 0, std::int64_t{0}});
    }
    DashboardRow not_chosen{"", "Not chosen", 0, 0};
    for (auto state : AllProposalStates()) {
        if (state == ProposalState::kDraft && !drafts_visible) continue;
        out.pipeline.push_back({std::string(ProposalStateName(state)),
                                std::string(ProposalStateLabel(state)), 0, std::int64_t{0}});
    }
    std::map<std::string, DashboardRow> by_establishment;
    std::map<std::string, DashboardRow> by_region;

    for (const auto& p : proposals) {
        const std::int64_t cost = WholeLifeCostPence(p.fields);
        for (auto& row : out.pipeline) {
            if (row.key == ProposalStateName(p.state)) Count(row, cost);
        }
        if (IsAdviceOverdue(p, now)) {
            const auto waited = std::chrono::floor<std::chrono::days>(now - *p.submitted_at);
            out.overdue.push_back({p.id, p.fields.title, p.fields.establishment, p.state,
                                   *p.submitted_at, static_cast<int>(waited.count()), cost});
        }
        if (!CountsAsProposed(p)) continue;
        ++out.proposals;
        out.whole_life_cost_pence = SatAdd(out.whole_life_cost_pence, cost);

        const auto category =
            std::find_if(out.by_category.begin(), out.by_category.end(),
                         [&](const DashboardRow& row) { return row.key == p.fields.category; });
        Count(category == out.by_category.end() ? not_chosen : *category, cost);

        const std::string& code = p.fields.establishment;
        const auto est = est_by_code.find(code);
        auto [e_row, e_new] = by_establishment.try_emplace(code);
        if (e_new) {
            e_row->second.key = code;
            e_row->second.label = est == est_by_code.end() ? code : est->second->name;
        }
        Count(e_row->second, cost);

        const std::string region = est == est_by_code.end() ? "" : est->second->region_code;
        auto [r_row, r_new] = by_region.try_emplace(region);
        if (r_new) {
            const auto name = region_names.find(region);
            r_row->second.key = region;
            r_row->second.label = name != region_names.end() ? name->second
                                  : region.empty()           ? "No region"
                                                             : region;
        }
        Count(r_row->second, cost);
    }
    if (not_chosen.proposals > 0) out.by_category.push_back(std::move(not_chosen));
    out.by_establishment = Rows(std::move(by_establishment));
    out.by_region = Rows(std::move(by_region));
    std::sort(out.overdue.begin(), out.overdue.end(),
              [](const OverdueProposal& a, const OverdueProposal& b) {
                  if (a.submitted_at != b.submitted_at) return a.submitted_at < b.submitted_at;
                  return a.id < b.id;
              });
    return out;
}

// ProposalService::Dashboard lives here, beside the rules it applies.
Result<DemandDashboard> ProposalService::Dashboard(const Actor& by) {
    WARDEN_TRY(Require(by, Action::kDemandDashboard));
    const ProposalScope scope = ScopeFor(by);
    const bool drafts_visible = scope.all_states.all || !scope.all_states.establishments.empty();
    const Scope establishments = by.system ? Scope::National() : by.EstablishmentScope();
    DemandDashboard out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto proposals, repos.proposals.List({}, scope));
        WARDEN_ASSIGN_OR_RETURN(auto ests, repos.establishments.List(establishments));
        WARDEN_ASSIGN_OR_RETURN(auto regions, repos.regions.List());
        out = BuildDemandDashboard(proposals, ests, regions, drafts_visible, clock_.Now());
        return Ok();
    }));
    return out;
}

}  // namespace warden::domain
