// The digital demand dashboard (issue 11 item 6): the proposed whole-life cost by category, by
// establishment and by region, and the pipeline by state, each as an SVG bar chart drawn on the
// server with the same figures in a table beside it; the proposals overdue for advice; and every
// table as a CSV download (cells through CsvCell). A GOVERNOR sees their caseload's
// establishments, a DIGITAL_REVIEWER the estate (ProposalService::Dashboard decides).

#include <string_view>

#include "core/csv.hpp"
#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/views/bar_chart.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::DashboardRow;
using domain::DemandDashboard;

/// One table of the dashboard: its anchor, words and rows.
struct TableSpec {
    std::string_view id;            // "by-category": anchor, chart id and CSV name
    std::string_view heading;       // the section's heading
    std::string_view caption;       // the table's caption
    std::string_view group_header;  // the first column's header
    std::string_view csv_key;       // the CSV's first column ("category")
    std::string_view csv_what;      // "the cost by category" in "Download ... (CSV)"
    bool count_chart;               // the chart shows the number of proposals, not the cost
    const std::vector<DashboardRow> DemandDashboard::*rows;
};

const std::vector<TableSpec>& Tables() {
    static const std::vector<TableSpec> tables = {
        {"by-category", "Proposed whole-life cost by category", "Whole-life cost by category",
         "Category", "category", "the cost by category", false, &DemandDashboard::by_category},
        {"by-establishment", "Proposed whole-life cost by establishment",
         "Whole-life cost by establishment, costliest first", "Establishment", "establishment",
         "the cost by establishment", false, &DemandDashboard::by_establishment},
        {"by-region", "Proposed whole-life cost by region",
         "Whole-life cost by region, costliest first", "Region", "region", "the cost by region",
         false, &DemandDashboard::by_region},
        {"pipeline", "The pipeline by state", "Proposals in each state", "State", "state",
         "the pipeline", true, &DemandDashboard::pipeline},
    };
    return tables;
}

/// "Moorland (MDI)" for establishments, the label otherwise.
std::string RowLabel(const TableSpec& t, const DashboardRow& row) {
    if (t.id == "by-establishment" && row.label != row.key) {
        return row.label + " (" + row.key + ")";
    }
    return row.label;
}

/// Pence as plain pounds for a spreadsheet: "1234.56".
std::string PlainPounds(std::int64_t pence) {
    const std::int64_t rest = pence % 100;
    return std::to_string(pence / 100) + (rest < 10 ? ".0" : ".") + std::to_string(rest);
}

Data TableSection(const TableSpec& t, const DemandDashboard& d) {
    const auto& rows = d.*t.rows;
    Data s = views::Object();
    views::Put(s, "id", t.id);
    views::Put(s, "heading", t.heading);
    views::Put(s, "caption", t.caption);
    views::Put(s, "group_header", t.group_header);
    views::Put(s, "csv_href", "/proposals/dashboard/" + std::string(t.id) + ".csv");
    views::Put(s, "csv_what", t.csv_what);
    // The cost tables have something to show once a proposal is counted; the pipeline once the
    // reader sees any proposal.
    bool any = false;
    for (const auto& r : rows) any = any || r.proposals > 0;
    views::Put(s, "has_rows", any);
    Data table = views::List();
    std::vector<views::Bar> bars;
    bars.reserve(rows.size());
    for (const auto& r : rows) {
        const std::string label = RowLabel(t, r);
        const std::string cost = domain::FormatPounds(r.whole_life_cost_pence);
        Data row = views::Object();
        views::Put(row, "label", label);
        views::Put(row, "proposals", r.proposals);
        views::Put(row, "cost", cost);
        views::Append(table, std::move(row));
        if (t.count_chart) {
            bars.push_back({label, r.proposals, std::to_string(r.proposals)});
        } else {
            bars.push_back({label, r.whole_life_cost_pence, cost});
        }
    }
    views::Put(s, "rows", std::move(table));
    const std::string title =
        t.count_chart ? "Number of proposals in each state" : std::string(t.heading);
    views::Put(s, "chart",
               views::BarChart("chart-" + std::string(t.id), title,
                               "A bar chart. The table beside it gives the same figures.", bars));
    return s;
}

Result<Response> DashboardPage(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto d, kit.services.proposals.Dashboard(actor));
    Page page(kit, context, "Digital demand dashboard", Section::kProposals, request.path);
    page.SetBackLink("/proposals", "Digital proposals");
    auto& data = page.data();
    const auto scope = domain::ProposalService::ScopeFor(actor);
    views::Put(data, "scope_caption",
               scope.submitted.all ? std::string("All establishments")
                                   : "Your establishments: " + Join(actor.caseload, ", "));
    views::Put(data, "total_proposals", d.proposals);
    views::Put(data, "total_cost", domain::FormatPounds(d.whole_life_cost_pence));
    views::Put(data, "overdue_count", static_cast<int>(d.overdue.size()));
    Data sections = views::List();
    for (const auto& t : Tables()) views::Append(sections, TableSection(t, d));
    views::Put(data, "sections", std::move(sections));
    Data overdue = views::List();
    for (const auto& o : d.overdue) {
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(o.id));
        views::Put(row, "title", o.title);
        views::Put(row, "establishment", o.establishment);
        views::Put(row, "state", ProposalStateTag(o.state));
        views::Put(row, "submitted", views::DateTime(o.submitted_at));
        views::Put(row, "days", o.days_waiting);
        views::Put(row, "cost", domain::FormatPounds(o.whole_life_cost_pence));
        views::Append(overdue, std::move(row));
    }
    views::Put(data, "has_overdue", !d.overdue.empty());
    views::Put(data, "overdue", std::move(overdue));
    return page.Render("demand_dashboard");
}

std::string RowsCsv(const TableSpec& t, const DemandDashboard& d) {
    std::string out = std::string(t.csv_key) + ",name,proposals,whole_life_cost_pence," +
                      "whole_life_cost_pounds\r\n";
    for (const auto& r : d.*t.rows) {
        out += CsvCell(r.key) + "," + CsvCell(r.label) + "," + std::to_string(r.proposals) + "," +
               std::to_string(r.whole_life_cost_pence) + "," +
               PlainPounds(r.whole_life_cost_pence) + "\r\n";
    }
    return out;
}

std::string OverdueCsv(const DemandDashboard& d) {
    std::string out =
        "id,title,establishment,state,submitted_at,days_waiting,whole_life_cost_pence,"
        "whole_life_cost_pounds\r\n";
    for (const auto& o : d.overdue) {
        out += std::to_string(o.id) + "," + CsvCell(o.title) + "," + CsvCell(o.establishment) +
               "," + std::string(domain::ProposalStateName(o.state)) + "," +
               FormatRfc3339(o.submitted_at) + "," + std::to_string(o.days_waiting) + "," +
               std::to_string(o.whole_life_cost_pence) + "," +
               PlainPounds(o.whole_life_cost_pence) + "\r\n";
    }
    return out;
}

/// The CSV of `table` (nullptr: the overdue proposals), named demand-NAME.csv.
Result<Response> DashboardCsv(const PageKit& kit, Context& context, const TableSpec* table) {
    WARDEN_ASSIGN_OR_RETURN(auto d, kit.services.proposals.Dashboard(ActorOf(context)));
    const std::string name = table != nullptr ? std::string(table->id) : "overdue";
    Response response = Response::Text(200, table != nullptr ? RowsCsv(*table, d) : OverdueCsv(d));
    response.content_type = "text/csv; charset=utf-8";
    response.SetHeader("Content-Disposition", "attachment; filename=\"demand-" + name + ".csv\"");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

void AddDashboardPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/proposals/dashboard", Access::kAction, Action::kDemandDashboard,
                Handle(kit, DashboardPage)});
    // One route a download, so that the route table lists each.
    std::vector<const TableSpec*> downloads;
    for (const auto& t : Tables()) downloads.push_back(&t);
    downloads.push_back(nullptr);  // the overdue proposals
    for (const TableSpec* t : downloads) {
        const std::string name = t != nullptr ? std::string(t->id) : "overdue";
        router.Add({"GET", "/proposals/dashboard/" + name + ".csv", Access::kAction,
                    Action::kDemandDashboard,
                    Handle(kit, [t](const PageKit& k, Request&, Context& context) {
                        return DashboardCsv(k, context, t);
                    })});
    }
}

}  // namespace warden::web::pages
