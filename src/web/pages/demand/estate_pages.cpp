// The estate view (issue 11 item 4; ADR 0016): the open proposals of the whole estate grouped by
// category and similarity (GroupEstate), each group with its headline, establishments, suppliers
// and whole-life cost, and the whole view as a CSV download (one row a proposal, cells through
// CsvCell). DIGITAL_REVIEWER only; every read is audited by ProposalService::Estate.

#include <string_view>

#include "core/csv.hpp"
#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

/// How many proposals of a group the page lists (the CSV has them all).
constexpr std::size_t kListedMembers = 10;

/// Pence as plain pounds for a spreadsheet: "1234.56".
std::string PlainPounds(std::int64_t pence) {
    const std::int64_t rest = pence % 100;
    return std::to_string(pence / 100) + (rest < 10 ? ".0" : ".") + std::to_string(rest);
}

Data GroupRow(const domain::EstateView& view, const domain::EstateGroup& g, std::size_t number) {
    Data row = views::Object();
    views::Put(row, "number", static_cast<long long>(number));
    views::Put(row, "headline", g.headline);
    views::Put(row, "category",
               domain::CategoryLabel(g.category).empty()
                   ? std::string("Not chosen")
                   : std::string(domain::CategoryLabel(g.category)));
    views::Put(row, "proposal_count", static_cast<long long>(g.proposals.size()));
    views::Put(row, "establishments", Join(g.establishments, ", "));
    views::Put(row, "suppliers", views::Opt(Join(g.suppliers, ", ")));
    views::Put(row, "cost", domain::FormatPounds(g.whole_life_cost_pence));
    Data members = views::List();
    for (std::size_t i = 0; i < g.proposals.size() && i < kListedMembers; ++i) {
        const domain::EstateProposal* p = view.Find(g.proposals[i]);
        if (p == nullptr) continue;
        Data m = views::Object();
        views::Put(m, "id", static_cast<long long>(p->item.id));
        views::Put(m, "title", p->item.title);
        views::Put(m, "establishment", p->item.establishment);
        views::Put(m, "lead", p->item.id == g.lead_proposal);
        views::Append(members, std::move(m));
    }
    views::Put(row, "members", std::move(members));
    const std::size_t more =
        g.proposals.size() > kListedMembers ? g.proposals.size() - kListedMembers : 0;
    views::Put(row, "more", views::Opt(more > 0 ? std::to_string(more) : ""));
    std::string ids;
    for (Id id : g.proposals) {
        if (!ids.empty()) ids += ',';
        ids += std::to_string(id);
    }
    views::Put(row, "can_join", g.proposals.size() > 1 && g.proposals.size() <= kListedMembers);
    views::Put(row, "ids", ids);
    return row;
}

Result<Response> EstatePage(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Estate(actor));
    Page page(kit, context, "Estate view of digital proposals", Section::kProposals, request.path);
    page.SetBackLink("/proposals", "Digital proposals");
    auto& d = page.data();
    views::Put(d, "proposal_count", static_cast<long long>(view.proposals.size()));
    views::Put(d, "group_count", static_cast<long long>(view.groups.size()));
    std::size_t joined = 0;
    for (const auto& g : view.groups) joined += g.establishments.size() > 1 ? 1 : 0;
    views::Put(d, "shared_count", static_cast<long long>(joined));
    views::Put(d, "can_group", domain::Allowed(actor, Action::kDemandGroup));
    Data groups = views::List();
    views::Reserve(groups, view.groups.size());
    for (std::size_t i = 0; i < view.groups.size(); ++i) {
        views::Append(groups, GroupRow(view, view.groups[i], i + 1));
    }
    views::Put(d, "has_groups", !view.groups.empty());
    views::Put(d, "groups", std::move(groups));
    return page.Render("demand_estate");
}

Result<Response> EstateCsv(const PageKit& kit, Request&, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Estate(ActorOf(context)));
    std::string out =
        "group,headline,category,lead_proposal,proposal,establishment,title,supplier,state,"
        "whole_life_cost_pence,whole_life_cost_pounds\r\n";
    for (std::size_t i = 0; i < view.groups.size(); ++i) {
        const auto& g = view.groups[i];
        for (Id id : g.proposals) {
            const domain::EstateProposal* p = view.Find(id);
            if (p == nullptr) continue;
            out += std::to_string(i + 1) + "," + CsvCell(g.headline) + "," + CsvCell(g.category) +
                   "," + std::to_string(g.lead_proposal) + "," + std::to_string(id) + "," +
                   CsvCell(p->item.establishment) + "," + CsvCell(p->item.title) + "," +
                   CsvCell(p->item.supplier) + "," +
                   std::string(domain::ProposalStateName(p->state)) + "," +
                   std::to_string(p->whole_life_cost_pence) + "," +
                   PlainPounds(p->whole_life_cost_pence) + "\r\n";
        }
    }
    Response response = Response::Text(200, out);
    response.content_type = "text/csv; charset=utf-8";
    response.SetHeader("Content-Disposition", "attachment; filename=\"demand-estate.csv\"");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

void AddEstatePages(Router& router, const Kit& kit) {
    router.Add({"GET", "/proposals/estate", Access::kAction, Action::kDemandEstate,
                Handle(kit, EstatePage)});
    router.Add({"GET", "/proposals/estate.csv", Access::kAction, Action::kDemandEstate,
                Handle(kit, EstateCsv)});
}

}  // namespace warden::web::pages
