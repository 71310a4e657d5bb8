#include "cli/demo_incidents.hpp"

#include <map>

#include "domain/tmpp/handsets/handset_service.hpp"
#include "domain/tmpp/handsets/stocktake_service.hpp"
#include "domain/tmpp/incidents/incident_service.hpp"

namespace warden::cli {
namespace {

using std::chrono::days;
using std::chrono::hours;

// An incident staff raise directly, `age` before now; `riu` notifies the RIU the day after.
struct Raised {
    const char* type;
    days age;
    bool riu;
    const char* description;
};

constexpr Raised kRaised[] = {
    {"MISUSE", days{95}, true, "Handset seen being passed to another prisoner on association"},
    {"NON_COMPLIANCE", days{40}, true, "Handset kept in cell after the end of the session"},
    {"DAMAGE", days{5}, false, "Handset dropped on the landing; screen cracked"},
    {"OTHER", days{0}, true, "Prisoner reported a call cut off repeatedly; handset checked"},
};

}  // namespace

Result<std::string> LoadDemoIncidents(CliServices& s,
                                      const std::vector<std::string>& establishments,
                                      const std::string& public_url) {
    auto actor = domain::Actor::System("demo");
    domain::IncidentService incidents(s.store, s.clock, public_url, "");
    WARDEN_ASSIGN_OR_RETURN(auto existing, incidents.List(actor, {}));
    if (!existing.items.empty()) return std::string("Incidents: kept from an earlier run");
    domain::HandsetService handsets(s.store, s.clock);
    domain::StocktakeService stocktakes(s.store, s.clock);
    const TimePoint now = s.clock.Now();
    std::string summary = "Incidents:";
    for (size_t e = 0; e < establishments.size(); ++e) {
        const std::string& code = establishments[e];
        WARDEN_ASSIGN_OR_RETURN(auto rows, handsets.List(actor, code, "", ""));
        // The stocktake: every handset in hand seen but the last (missing: LOST with a LOSS
        // draft), the first read with another seal (QUARANTINED with a SEAL_TAMPERED draft).
        std::vector<domain::StocktakeSeen> seen;
        std::string wing;
        for (const auto& r : rows) {
            if (!domain::ExpectedInHand(r.handset.status)) continue;
            seen.push_back({r.handset.tag, r.handset.seal});
            if (wing.empty()) wing = r.handset.home_wing;
        }
        if (seen.size() >= 3) {
            seen.pop_back();
            seen.front().seal = "S9999999";
            WARDEN_ASSIGN_OR_RETURN(auto taken, stocktakes.Take(actor, code, seen));
            for (const auto& item : taken.items) {
                if (item.incident.empty()) continue;
                if (item.finding == domain::StocktakeFinding::kMissing) {
                    // The loss is reported, the RIU notified and the incident closed.
                    domain::IncidentInput in;
                    in.description = "Handset not found at the stocktake; searched the wing";
                    WARDEN_TRY(incidents.Report(actor, item.incident, in));
                    WARDEN_TRY(incidents.NotifyRiu(actor, item.incident));
                    WARDEN_TRY(incidents.Close(actor, item.incident,
                                               "Handset not recovered after a search of the wing: "
                                               "it stays LOST",
                                               ""));
                } else if (e % 2 == 1) {
                    // At every other establishment the seal was misread: not reportable. The
                    // others keep their draft for the SPoC to complete.
                    WARDEN_TRY(incidents.MarkNotReportable(actor, item.incident,
                                                           "Seal number misread at the stocktake"));
                }
            }
        }
        // Incidents raised directly over the past months: the chart's trend, and one whose RIU
        // notification is overdue.
        for (const auto& r : kRaised) {
            FixedClock then(now - r.age);
            domain::IncidentService past(s.store, then, public_url, "");
            domain::IncidentInput in;
            in.type = r.type;
            in.establishment = code;
            in.wing = wing;
            in.description = r.description;
            WARDEN_ASSIGN_OR_RETURN(auto raised, past.Raise(actor, in));
            if (!r.riu) continue;
            FixedClock next_day(now - r.age + hours{20});
            domain::IncidentService later(s.store, r.age.count() > 0 ? next_day : then, public_url,
                                          "");
            WARDEN_TRY(later.NotifyRiu(actor, raised.reference));
        }
        domain::IncidentQuery q;
        q.establishment = code;
        q.limit = 500;
        WARDEN_ASSIGN_OR_RETURN(auto page, incidents.List(actor, q));
        std::map<std::string, int> by_status;
        for (const auto& v : page.items) {
            ++by_status[std::string(domain::IncidentStatusName(v.incident.status))];
        }
        summary += " " + code + " " + std::to_string(page.items.size()) + " (";
        bool first = true;
        for (const auto& [status, n] : by_status) {
            summary += (first ? "" : ", ") + std::to_string(n) + " " + status;
            first = false;
        }
        summary += ")";
    }
    return summary;
}

}  // namespace warden::cli
