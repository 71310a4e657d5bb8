#include "domain/tmpp/monitoring/monitoring_service.hpp"

#include <algorithm>

#include "domain/service_support.hpp"
#include "domain/tmpp/incidents/working_days.hpp"

namespace warden::domain {
namespace {

// The most open incidents with an overdue step the view lists.
constexpr int kOverdueLimit = 500;

}  // namespace

MonitoringService::MonitoringService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<MonitoringView> MonitoringService::View(const Actor& by) {
    WARDEN_TRY(Require(by, Action::kTmppMonitoringRead));
    const Scope scope = ActionScope(by, Action::kTmppMonitoringRead);
    const TimePoint now = clock_.Now();
    const TimePoint since = MonitoringWindowStart(now);
    MonitoringView out;
    out.estate = scope.all;
    out.establishments = scope.establishments;
    out.since_month = MonthOf(since);
    // A write transaction: the read's audit entry commits with it.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out.incidents, repos.monitoring.IncidentCounts(since, scope));
        WARDEN_ASSIGN_OR_RETURN(out.handsets, repos.monitoring.HandsetCounts(scope));
        WARDEN_ASSIGN_OR_RETURN(out.grants, repos.monitoring.GrantCounts(scope));
        // The incident list's overdue rule: the RIU notification or placing on report.
        IncidentFilter filter;
        filter.riu_overdue = true;
        filter.riu_due_before = RiuOverdueCutoff(now);
        filter.report_due_before = now - kPlacedOnReportWithin;
        filter.limit = kOverdueLimit;
        WARDEN_ASSIGN_OR_RETURN(auto overdue, repos.incidents.List(filter, scope));
        std::vector<Id> ids;
        ids.reserve(overdue.size());
        for (const auto& i : overdue) ids.push_back(i.id);
        WARDEN_ASSIGN_OR_RETURN(auto sanctions, repos.incidents.Sanctions(ids, scope));
        for (auto& i : overdue) {
            std::vector<Sanction> mine;
            for (const auto& x : sanctions) {
                if (x.incident_id == i.id) mine.push_back(x);
            }
            auto steps = OverdueSteps(i, mine, now);
            if (steps.empty()) continue;  // the same rules as the list: not expected
            out.overdue.push_back({std::move(i), std::move(steps)});
        }
        int incidents = 0;
        for (const auto& c : out.incidents) incidents += c.count;
        AuditEntry entry = NewAuditEntry(
            by, now, "tmpp.monitoring.read", scope.all ? "tmpp:estate" : "tmpp:caseload",
            "scope=" + std::string(scope.all ? "estate" : "caseload") +
                " establishments=" + std::to_string(scope.establishments.size()) + " incidents=" +
                std::to_string(incidents) + " overdue=" + std::to_string(out.overdue.size()));
        // A caseload of one establishment: the read concerns it.
        if (!scope.all && scope.establishments.size() == 1) {
            entry.establishment = scope.establishments.front();
        }
        return repos.audit.Append(entry);
    }));
    std::sort(out.overdue.begin(), out.overdue.end(),
              [](const OverdueIncident& a, const OverdueIncident& b) {
                  const TimePoint da = a.steps.front().due_by;
                  const TimePoint db = b.steps.front().due_by;
                  return da != db ? da < db : a.incident.id < b.incident.id;
              });
    out.per_month = IncidentsPerMonth(out.incidents, since, now);
    return out;
}

}  // namespace warden::domain
