// An establishment's prisoners (search, wing filter, cursor pagination), finding a prisoner by
// number, and a prisoner's page.

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "web/pages/page_routes.hpp"
#include "web/pages/prisoner_view.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {

Data PrisonerRows(const std::vector<domain::Prisoner>& prisoners) {
    Data rows = views::List();
    views::Reserve(rows, prisoners.size());
    std::string name;
    for (const auto& p : prisoners) {
        Data row = views::Object();
        views::Put(row, "number", p.prison_number);
        name.clear();
        name.append(p.last_name).append(", ").append(p.first_name);
        views::Put(row, "name", name);
        views::Put(row, "wing", p.wing);
        views::Put(row, "cell", p.cell);
        views::Put(row, "category", domain::SecurityCategoryName(p.security_category));
        views::Put(row, "status", domain::LegalStatusLabel(p.legal_status));
        views::Append(rows, std::move(row));
    }
    return rows;
}

namespace {

using domain::Action;

constexpr int kPageSize = 100;

Result<Response> EstablishmentPrisoners(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    domain::PrisonerQuery q;
    q.establishment = ToUpper(request.params["code"]);
    q.wing = ToUpper(Trim(query.GetOr("wing")));
    q.summary = true;  // PrisonerRows shows no more than a summary
    q.text = std::string(Trim(query.GetOr("q")));
    q.cursor = query.GetOr("cursor");
    q.limit = kPageSize;
    WARDEN_ASSIGN_OR_RETURN(auto listing, kit.services.prisoners.ListAt(actor, q));
    const auto& e = listing.establishment;
    const auto& list = listing.page;

    Page page(kit, context, "Prisoners at " + e.name, Section::kPrisoners, request.path);
    page.SetBackLink("/establishments/" + e.code, e.name);
    auto& d = page.data();
    views::Put(d, "heading", "Prisoners at " + e.name);
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "q", q.text);

    std::vector<Choice> wings = {{"", "All wings", q.wing.empty(), {}}};
    for (const auto& w : e.wings) {
        wings.push_back({w.code,
                         w.code + " (" + views::Thousands(w.prisoner_count) + ")",
                         w.code == q.wing,
                         {}});
    }
    views::Put(d, "f_wing", page.Select("wing", "Wing", wings));
    views::Put(d, "total", views::Thousands(list.total));
    views::Put(d, "one", list.total == 1);
    views::Put(d, "filtered", !q.text.empty() || !q.wing.empty());
    views::Put(d, "has_rows", !list.items.empty());
    views::Put(d, "rows", PrisonerRows(list.items));

    int page_number = std::max(1, ParseNonNegativeInt(query.GetOr("page", "1")));
    const int pages = PageCount(list.total, kPageSize);
    if (q.cursor.empty()) page_number = 1;
    page_number = std::min(page_number, pages);
    PutPageInfo(d, page_number, pages);
    const std::string path = "/establishments/" + e.code + "/prisoners";
    if (!list.next_cursor.empty() || !q.cursor.empty()) {
        views::Put(
            d, "pagination",
            Pagination(
                {"First page",
                 q.cursor.empty() ? "" : LinkWithQuery(path, {{"q", q.text}, {"wing", q.wing}})},
                {"Next page",
                 list.next_cursor.empty()
                     ? ""
                     : LinkWithQuery(path, {{"q", q.text},
                                            {"wing", q.wing},
                                            {"cursor", list.next_cursor},
                                            {"page", std::to_string(page_number + 1)}})}));
    } else {
        views::Put(d, "pagination", false);
    }
    return page.Render("prisoners");
}

Result<Response> FindPrisoner(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    Page page(kit, context, "Find a prisoner", Section::kPrisoners, request.path);
    std::string number = ToUpper(Trim(query.GetOr("number")));
    if (query.Has("number")) {
        if (IsPrisonNumber(number)) return Response::Redirect("/prisoners/" + number);
        page.AddError("number", number.empty()
                                    ? "Enter a prison number"
                                    : "Enter a prison number in the correct format, like A1234BC");
    }
    WARDEN_ASSIGN_OR_RETURN(auto establishments,
                            kit.services.organisation.ListEstablishments(actor));
    auto& d = page.data();
    views::Put(d, "f_number",
               page.Input({.id = "number",
                           .label = "Prison number",
                           .value = number,
                           .hint = "A letter, 4 numbers and 2 letters, like A1234BC",
                           .width = "govuk-input--width-10"}));
    Data links = views::List();
    const auto scope = actor.PrisonerScope();
    for (const auto& e : establishments) {
        if (!scope.Allows(e.code)) continue;
        Data link = views::Object();
        views::Put(link, "code", e.code);
        views::Put(link, "name", e.name);
        views::Append(links, std::move(link));
    }
    views::Put(d, "has_establishments", views::Size(links) > 0);
    views::Put(d, "establishments", std::move(links));
    return page.Render("find_prisoner", page.HasErrors() ? 400 : 200);
}

Result<Response> PrisonerPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto record, kit.services.access.PrisonerRecord(
                                             ActorOf(context), request.params["number"]));
    const auto& p = record.prisoner;
    Data tmpp = TmppSection(ActorOf(context), record);
    Page page(kit, context, p.first_name + " " + p.last_name + " (" + p.prison_number + ")",
              Section::kPrisoners, request.path);
    if (auto banner = TmppBanner(query.GetOr("tmpp")); !banner.empty()) page.SetBanner(banner);
    page.SetBackLink("/establishments/" + p.establishment + "/prisoners",
                     "Prisoners at " + p.establishment);
    auto& d = page.data();
    views::Put(d, "number", p.prison_number);
    views::Put(d, "name", p.first_name + " " + p.last_name);
    views::Put(d, "first_name", p.first_name);
    views::Put(d, "last_name", p.last_name);
    views::Put(d, "date_of_birth", views::LongDate(p.date_of_birth));
    views::Put(d, "establishment", p.establishment);
    views::Put(d, "wing", p.wing);
    views::Put(d, "cell", views::Opt(p.cell));
    views::Put(d, "legal_status", domain::LegalStatusLabel(p.legal_status));
    const auto category = domain::SecurityCategoryName(p.security_category);
    views::Put(d, "category",
               category == "U" ? std::string("U (not yet categorised)") : std::string(category));
    Data alerts = views::List();
    for (const auto& a : p.alerts) {
        Data item = views::Object();
        views::Put(item, "code", a);
        views::Append(alerts, std::move(item));
    }
    views::Put(d, "has_alerts", !p.alerts.empty());
    views::Put(d, "alerts", std::move(alerts));
    views::Put(d, "phone_finds", p.phone_finds_12m);
    views::Put(d, "phone_adjudications", p.phone_adjudications_12m);
    views::Put(d, "phone_intel", p.phone_intel_12m);
    views::Put(d, "gone", p.gone);
    views::Put(d, "updated_at", views::DateTime(p.updated_at));
    views::Put(d, "tmpp", std::move(tmpp));
    return page.Render("prisoner");
}

}  // namespace

void AddPrisonerPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/establishments/{code}/prisoners", Access::kAction, Action::kPrisonersRead,
                Handle(kit, EstablishmentPrisoners)});
    router.Add(
        {"GET", "/prisoners", Access::kAction, Action::kPrisonersRead, Handle(kit, FindPrisoner)});
    router.Add({"GET", "/prisoners/{number}", Access::kAction, Action::kPrisonersRead,
                Handle(kit, PrisonerPage)});
}

}  // namespace warden::web::pages
