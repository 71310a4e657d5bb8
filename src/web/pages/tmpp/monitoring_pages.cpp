// The national TMPP monitoring view (issue 10 item 9): incidents per month as an SVG bar chart
// drawn on the server (views::BarChart, shared with the demand dashboard) with the same figures
// in a table; incidents by month, establishment and type; open incidents with an overdue step;
// handsets by status and grants by phase per establishment. Every table downloads as CSV, each
// cell through CsvCell. MONITORING sees the estate, SECURITY their caseload
// (MonitoringService::View decides, and audits the read).

#include <map>
#include <string_view>

#include "core/csv.hpp"
#include "core/strings.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/bar_chart.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::MonitoringView;

constexpr const char* kBase = "/tmpp/monitoring";
constexpr int kPhases = 4;  // phases 0 to 3

// The handset statuses in register order, as the columns of the handsets table.
std::vector<std::string> StatusNames() {
    std::vector<std::string> out;
    for (auto s : domain::AllHandsetStatuses()) out.emplace_back(domain::HandsetStatusName(s));
    return out;
}

// Establishment → status → count.
std::map<std::string, std::map<std::string, int>> HandsetPivot(const MonitoringView& v) {
    std::map<std::string, std::map<std::string, int>> out;
    for (const auto& c : v.handsets) out[c.establishment][c.status] += c.count;
    return out;
}

// Establishment → phase → count.
std::map<std::string, std::map<int, int>> GrantPivot(const MonitoringView& v) {
    std::map<std::string, std::map<int, int>> out;
    for (const auto& c : v.grants) out[c.establishment][c.phase] += c.count;
    return out;
}

std::string ScopeCaption(const MonitoringView& v) {
    return v.estate
               ? std::string("Every establishment")
               : "Your caseload: " + (v.establishments.empty() ? std::string("no establishment")
                                                               : Join(v.establishments, ", "));
}

// What an overdue step is called on the page.
std::string StepName(std::string_view step) {
    if (step == domain::kRiuNotificationStep) return "RIU notification";
    if (step == domain::kPlacedOnReportStep) return "Placing on report";
    return std::string(step);
}

Data Cells(const std::vector<int>& counts) {
    Data cells = views::List();
    for (int n : counts) {
        Data c = views::Object();
        views::Put(c, "n", n);
        views::Append(cells, std::move(c));
    }
    return cells;
}

Data Headers(const std::vector<std::string>& names) {
    Data out = views::List();
    for (const auto& n : names) {
        Data h = views::Object();
        views::Put(h, "name", n);
        views::Append(out, std::move(h));
    }
    return out;
}

Result<Response> MonitoringPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.monitoring.View(ActorOf(context)));
    Page page(kit, context, "TMPP monitoring", Section::kEstablishments, request.path);
    auto& d = page.data();
    views::Put(d, "scope", ScopeCaption(v));
    const std::string since = v.per_month.empty() ? v.since_month : v.per_month.front().label;
    views::Put(d, "since", since);

    // Incidents per month: the chart and its table.
    std::vector<views::Bar> bars;
    Data months = views::List();
    int total = 0;
    for (const auto& m : v.per_month) {
        bars.push_back({m.label, m.count, std::to_string(m.count)});
        Data row = views::Object();
        views::Put(row, "label", m.label);
        views::Put(row, "count", m.count);
        views::Append(months, std::move(row));
        total += m.count;
    }
    views::Put(d, "total", total);
    views::Put(d, "months", std::move(months));
    views::Put(d, "chart",
               views::BarChart("chart-incidents-per-month", "TMPP incidents per month",
                               "A bar chart of the incidents discovered each month "
                               "since " +
                                   since + ". The table beside it gives the same figures.",
                               bars));

    // Incidents by month, establishment and type.
    Data incidents = views::List();
    for (auto it = v.incidents.rbegin(); it != v.incidents.rend(); ++it) {
        Data row = views::Object();
        views::Put(row, "month", it->month);
        views::Put(row, "establishment", it->establishment);
        views::Put(row, "type", it->type);
        views::Put(row, "count", it->count);
        views::Append(incidents, std::move(row));
    }
    views::Put(d, "has_incidents", !v.incidents.empty());
    views::Put(d, "incidents", std::move(incidents));

    // Open incidents with an overdue step.
    Data overdue = views::List();
    for (const auto& o : v.overdue) {
        const auto& i = o.incident;
        Data row = views::Object();
        views::Put(row, "reference", i.reference);
        views::Put(row, "type", domain::IncidentTypeName(i.type));
        views::Put(row, "establishment", i.establishment);
        views::Put(row, "reported", i.reported_at ? views::DateTime(*i.reported_at) : "");
        Data steps = views::List();
        for (const auto& step : o.steps) {
            Data s = views::Object();
            views::Put(s, "name", StepName(step.step));
            views::Put(s, "due", views::DateTime(step.due_by));
            views::Append(steps, std::move(s));
        }
        views::Put(row, "steps", std::move(steps));
        views::Append(overdue, std::move(row));
    }
    views::Put(d, "has_overdue", !v.overdue.empty());
    views::Put(d, "overdue_count", static_cast<int>(v.overdue.size()));
    views::Put(d, "overdue", std::move(overdue));

    // Handsets by status per establishment.
    const auto statuses = StatusNames();
    views::Put(d, "status_headers", Headers(statuses));
    Data handsets = views::List();
    for (const auto& [est, counts] : HandsetPivot(v)) {
        std::vector<int> row_counts;
        int sum = 0;
        for (const auto& s : statuses) {
            auto it = counts.find(s);
            row_counts.push_back(it == counts.end() ? 0 : it->second);
            sum += row_counts.back();
        }
        Data row = views::Object();
        views::Put(row, "establishment", est);
        views::Put(row, "cells", Cells(row_counts));
        views::Put(row, "total", sum);
        views::Append(handsets, std::move(row));
    }
    views::Put(d, "has_handsets", views::Size(handsets) > 0);
    views::Put(d, "handsets", std::move(handsets));

    // Grants per establishment and phase.
    std::vector<std::string> phase_names;
    phase_names.reserve(kPhases);
    for (int p = 0; p < kPhases; ++p) phase_names.push_back("Phase " + std::to_string(p));
    views::Put(d, "phase_headers", Headers(phase_names));
    Data grants = views::List();
    for (const auto& [est, counts] : GrantPivot(v)) {
        std::vector<int> row_counts;
        int sum = 0;
        for (int p = 0; p < kPhases; ++p) {
            auto it = counts.find(p);
            row_counts.push_back(it == counts.end() ? 0 : it->second);
            sum += row_counts.back();
        }
        Data row = views::Object();
        views::Put(row, "establishment", est);
        views::Put(row, "cells", Cells(row_counts));
        views::Put(row, "total", sum);
        views::Append(grants, std::move(row));
    }
    views::Put(d, "has_grants", views::Size(grants) > 0);
    views::Put(d, "grants", std::move(grants));
    return page.Render("tmpp_monitoring");
}

// ---- the CSV downloads ----

std::string IncidentsCsv(const MonitoringView& v) {
    std::string out = "month,establishment,type,incidents\r\n";
    for (const auto& c : v.incidents) {
        out += CsvCell(c.month) + "," + CsvCell(c.establishment) + "," + CsvCell(c.type) + "," +
               std::to_string(c.count) + "\r\n";
    }
    return out;
}

std::string PerMonthCsv(const MonitoringView& v) {
    std::string out = "month,incidents\r\n";
    for (const auto& m : v.per_month) {
        out += CsvCell(m.month) + "," + std::to_string(m.count) + "\r\n";
    }
    return out;
}

// One row per overdue step of each incident.
std::string OverdueCsv(const MonitoringView& v) {
    std::string out = "reference,type,establishment,status,reported_at,due_by,overdue_step\r\n";
    for (const auto& o : v.overdue) {
        const auto& i = o.incident;
        const std::string cells =
            CsvCell(i.reference) + "," + CsvCell(domain::IncidentTypeName(i.type)) + "," +
            CsvCell(i.establishment) + "," + CsvCell(domain::IncidentStatusName(i.status)) + "," +
            (i.reported_at ? FormatRfc3339(*i.reported_at) : std::string()) + ",";
        for (const auto& step : o.steps) {
            out += cells + FormatRfc3339(step.due_by) + "," + CsvCell(step.step) + "\r\n";
        }
    }
    return out;
}

std::string HandsetsCsv(const MonitoringView& v) {
    const auto statuses = StatusNames();
    std::string out = "establishment";
    for (const auto& s : statuses) out += "," + ToLower(s);
    out += ",total\r\n";
    for (const auto& [est, counts] : HandsetPivot(v)) {
        out += CsvCell(est);
        int sum = 0;
        for (const auto& s : statuses) {
            auto it = counts.find(s);
            const int n = it == counts.end() ? 0 : it->second;
            out += ',';
            out += std::to_string(n);
            sum += n;
        }
        out += ',';
        out += std::to_string(sum);
        out += "\r\n";
    }
    return out;
}

std::string GrantsCsv(const MonitoringView& v) {
    std::string out = "establishment";
    for (int p = 0; p < kPhases; ++p) out += ",phase_" + std::to_string(p);
    out += ",total\r\n";
    for (const auto& [est, counts] : GrantPivot(v)) {
        out += CsvCell(est);
        int sum = 0;
        for (int p = 0; p < kPhases; ++p) {
            auto it = counts.find(p);
            const int n = it == counts.end() ? 0 : it->second;
            out += ',';
            out += std::to_string(n);
            sum += n;
        }
        out += ',';
        out += std::to_string(sum);
        out += "\r\n";
    }
    return out;
}

struct Download {
    std::string_view name;  // "incidents": /tmpp/monitoring/incidents.csv
    std::string (*csv)(const MonitoringView&);
};

constexpr Download kDownloads[] = {{"incidents-per-month", PerMonthCsv},
                                   {"incidents", IncidentsCsv},
                                   {"overdue", OverdueCsv},
                                   {"handsets", HandsetsCsv},
                                   {"grants", GrantsCsv}};

Result<Response> MonitoringCsv(const PageKit& kit, Context& context, const Download& download) {
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.monitoring.View(ActorOf(context)));
    Response response = Response::Text(200, download.csv(v));
    response.content_type = "text/csv; charset=utf-8";
    response.SetHeader("Content-Disposition", "attachment; filename=\"tmpp-monitoring-" +
                                                  std::string(download.name) + ".csv\"");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

void AddMonitoringPages(Router& router, const Kit& kit) {
    router.Add(
        {"GET", kBase, Access::kAction, Action::kTmppMonitoringRead, Handle(kit, MonitoringPage)});
    for (const Download& download : kDownloads) {
        router.Add({"GET", std::string(kBase) + "/" + std::string(download.name) + ".csv",
                    Access::kAction, Action::kTmppMonitoringRead,
                    Handle(kit, [&download](const PageKit& k, Request&, Context& context) {
                        return MonitoringCsv(k, context, download);
                    })});
    }
}

}  // namespace warden::web::pages
