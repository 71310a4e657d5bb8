#include "domain/tmpp/monitoring/monitoring.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>

#include "domain/tmpp/incidents/working_days.hpp"

namespace warden::domain {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::months;
using std::chrono::sys_days;
using std::chrono::year_month;
using std::chrono::year_month_day;

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

year_month MonthYear(TimePoint t) {
    const year_month_day d{floor<days>(t)};
    return d.year() / d.month();
}

std::string Key(year_month ym) {
    const int y = static_cast<int>(ym.year());
    const unsigned m = static_cast<unsigned>(ym.month());
    return std::to_string(y) + (m < 10 ? "-0" : "-") + std::to_string(m);
}

std::string Label(year_month ym) {
    return std::string(kMonthNames.at(static_cast<unsigned>(ym.month()) - 1)) + " " +
           std::to_string(static_cast<int>(ym.year()));
}

}  // namespace

TimePoint MonitoringWindowStart(TimePoint now) {
    const year_month first = MonthYear(now) - months{kMonitoringMonths - 1};
    return TimePoint{sys_days{first / 1}};
}

std::string MonthOf(TimePoint t) { return Key(MonthYear(t)); }

std::vector<OverdueStep> OverdueSteps(const Incident& incident,
                                      const std::vector<Sanction>& sanctions, TimePoint now) {
    std::vector<OverdueStep> out;
    if (incident.status == IncidentStatus::kReported && incident.reported_at) {
        const TimePoint due = RiuNotificationDueBy(*incident.reported_at);
        if (now >= due) out.push_back({kRiuNotificationStep, due});
    }
    const auto report_due = PlacedOnReportDueBy(incident, sanctions);
    if (report_due && now >= *report_due) out.push_back({kPlacedOnReportStep, *report_due});
    std::stable_sort(out.begin(), out.end(), [](const OverdueStep& a, const OverdueStep& b) {
        return a.due_by < b.due_by;
    });
    return out;
}

std::vector<MonthCount> IncidentsPerMonth(const std::vector<IncidentCount>& counts, TimePoint since,
                                          TimePoint now) {
    std::map<std::string, int> sums;
    for (const auto& c : counts) sums[c.month] += c.count;
    std::vector<MonthCount> out;
    const year_month last = MonthYear(now);
    for (year_month m = MonthYear(since); m <= last; m += months{1}) {
        MonthCount& row = out.emplace_back();
        row.month = Key(m);
        row.label = Label(m);
        auto it = sums.find(row.month);
        row.count = it == sums.end() ? 0 : it->second;
    }
    return out;
}

}  // namespace warden::domain
