#pragma once
// The national TMPP monitoring view (DOMAIN.md, "TMPP: incidents, notifications and sanctions";
// issue 10 item 9): incidents by type, establishment and month; open incidents with overdue
// steps; handsets by status per establishment; grants per establishment and phase. The counts
// are aggregated in SQL (MonitoringRepository, with the reader's Scope in the query); the plain
// functions here fill the months of the chart and order the tables, so that the page, its CSV
// files and the tests share one set of rules.

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/people/roles.hpp"
#include "domain/tmpp/incidents/incident.hpp"
#include "domain/tmpp/incidents/sanction.hpp"

namespace warden::domain {

/// How many incidents of one type an establishment discovered in one month.
struct IncidentCount {
    std::string establishment;
    std::string type;   // SEAL_TAMPERED, ...
    std::string month;  // "2026-11" (the month of discovered_at, UTC)
    int count = 0;
};

/// How many handsets of an establishment are in one status.
struct HandsetStatusCount {
    std::string establishment;
    std::string status;  // AVAILABLE, ...
    int count = 0;
};

/// How many active TMPP grants an establishment holds in one phase.
struct GrantPhaseCount {
    std::string establishment;
    int phase = 0;
    int count = 0;
};

/// The steps of an open incident that can be overdue: the RIU notification (1 working day after
/// reporting) and placing on report (48 hours after discovery).
inline constexpr const char* kRiuNotificationStep = "RIU_NOTIFICATION";
inline constexpr const char* kPlacedOnReportStep = "PLACED_ON_REPORT";

/// One overdue step of an open incident and when it was due.
struct OverdueStep {
    std::string step;  // kRiuNotificationStep or kPlacedOnReportStep
    TimePoint due_by{};
};

/// An open incident with a step overdue.
struct OverdueIncident {
    Incident incident;
    std::vector<OverdueStep> steps;  // at least one, earliest due first
};

/// The aggregate reads of the monitoring view. Each takes the reader's Scope and the SQL applies
/// it to the rows' establishment.
class MonitoringRepository {
  public:
    virtual ~MonitoringRepository() = default;
    /// Incidents discovered at or after `since` (RFC 3339 order), counted by establishment, type
    /// and month, ordered by month, establishment and type. NOT_REPORTABLE drafts are left out.
    virtual Result<std::vector<IncidentCount>> IncidentCounts(TimePoint since,
                                                              const Scope& scope) = 0;
    /// Handsets counted by establishment and status, ordered by establishment and status.
    virtual Result<std::vector<HandsetStatusCount>> HandsetCounts(const Scope& scope) = 0;
    /// Active grants counted by establishment and phase, ordered by establishment and phase.
    virtual Result<std::vector<GrantPhaseCount>> GrantCounts(const Scope& scope) = 0;
};

/// One month of the chart: "2026-11", "November 2026" and the incidents discovered in it.
struct MonthCount {
    std::string month;
    std::string label;
    int count = 0;
};

/// What the monitoring view shows.
struct MonitoringView {
    bool estate = false;                      // the reader sees every establishment
    std::vector<std::string> establishments;  // otherwise, these (the caseload)
    std::string since_month;                  // the first month counted, "2025-12"
    std::vector<IncidentCount> incidents;     // by month, establishment and type
    std::vector<MonthCount> per_month;        // every month of the window, oldest first
    // Open incidents with a step overdue, by their earliest due step (then id).
    std::vector<OverdueIncident> overdue;
    std::vector<HandsetStatusCount> handsets;
    std::vector<GrantPhaseCount> grants;
};

/// The number of months the view counts, this month included.
inline constexpr int kMonitoringMonths = 12;

/// The first instant of the month `kMonitoringMonths - 1` months before the month of `now`.
TimePoint MonitoringWindowStart(TimePoint now);

/// "2026-11" of `t` (UTC).
std::string MonthOf(TimePoint t);

/// The steps of `incident` overdue at `now`, earliest due first: the RIU notification while it is
/// REPORTED and past RiuNotificationDueBy, placing on report past PlacedOnReportDueBy (with the
/// incident's `sanctions`). The same rules as the incident list's overdue flags.
std::vector<OverdueStep> OverdueSteps(const Incident& incident,
                                      const std::vector<Sanction>& sanctions, TimePoint now);

/// Every month from the month of `since` to the month of `now`, with the sum of `counts` in each
/// (zeros included), oldest first; labelled "November 2026".
std::vector<MonthCount> IncidentsPerMonth(const std::vector<IncidentCount>& counts, TimePoint since,
                                          TimePoint now);

}  // namespace warden::domain
