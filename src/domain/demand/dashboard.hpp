#pragma once
// The digital demand dashboards (DOMAIN.md, "Digital demand"; issue 11 item 6): the proposed
// whole-life cost by category, by establishment and by region, the pipeline by state, and the
// proposals overdue for advice. Plain functions over the proposals a reader sees (read in the
// reader's ProposalScope), so that the page, its CSV files and the tests share one set of rules.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/demand/proposal.hpp"
#include "domain/establishments/establishment.hpp"

namespace warden::domain {

/// One row of a dashboard table: a group, how many proposals it holds and their whole-life cost.
struct DashboardRow {
    std::string key;    // a category code, establishment code, region code or state name
    std::string label;  // "Biometrics", "Moorland", "North West", "Submitted"
    int proposals = 0;
    std::int64_t whole_life_cost_pence = 0;
};

/// A proposal awaiting advice more than kAdviceDays after its latest submission.
struct OverdueProposal {
    Id id = 0;
    std::string title;
    std::string establishment;
    ProposalState state = ProposalState::kSubmitted;
    TimePoint submitted_at{};
    int days_waiting = 0;  // whole days since the latest submission
    std::int64_t whole_life_cost_pence = 0;
};

/// What the dashboards show.
struct DemandDashboard {
    /// The proposals counted in the cost tables (CountsAsProposed) and their whole-life cost.
    int proposals = 0;
    std::int64_t whole_life_cost_pence = 0;
    /// Every category in the order (zeros too), then "Not chosen" when a counted
    /// proposal has none (a returned proposal whose category was cleared).
    std::vector<DashboardRow> by_category;
    /// The establishments with counted proposals, costliest first (then by code).
    std::vector<DashboardRow> by_establishment;
    /// The regions of those establishments, costliest first (then by code); an establishment the
    /// reader cannot see or without a region counts under key "" ("No region").
    std::vector<DashboardRow> by_region;
    /// Every state in workflow order with every proposal the reader sees (drafts too), zeros
    /// included; DRAFT only when the reader sees drafts.
    std::vector<DashboardRow> pipeline;
    /// The overdue proposals, longest waiting first (then by id).
    std::vector<OverdueProposal> overdue;
};

/// True when `p` counts in the proposed whole-life cost: it has been submitted to HMPPS Digital
/// (at least once) and not withdrawn. Drafts are not yet proposed; a proposal advised, returned
/// or closed still is.
bool CountsAsProposed(const Proposal& p);

/// The dashboards of `proposals` (those the reader sees), naming establishments and regions from
/// `establishments` and `regions`; `drafts_visible` keeps the DRAFT row of the pipeline; `now`
/// decides what is overdue (IsAdviceOverdue).
DemandDashboard BuildDemandDashboard(const std::vector<Proposal>& proposals,
                                     const std::vector<Establishment>& establishments,
                                     const std::vector<Region>& regions, bool drafts_visible,
                                     TimePoint now);

}  // namespace warden::domain
