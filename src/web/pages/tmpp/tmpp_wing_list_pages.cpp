// Wing lists: Security publishes the list of a wing's authorised prisoners; wing staff see the
// current list (with a warning when a withdrawal made it stale), print it on A4 or download it as
// CSV.

#include <algorithm>

#include "core/csv.hpp"
#include "core/strings.hpp"
#include "core/validation.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

std::string CodeOf(const Request& request) { return ToUpper(request.params.at("code")); }
std::string WingOf(const Request& request) { return ToUpper(request.params.at("wing")); }

Data PrisonNumbers(const std::vector<std::string>& numbers) {
    Data list = views::List();
    for (const auto& n : numbers) {
        Data item = views::Object();
        views::Put(item, "number", n);
        views::Append(list, std::move(item));
    }
    return list;
}

// The wing view's data: the list, what changed, and the withdrawals since it was published.
void PutWingList(Data& d, const domain::CurrentWingList& current) {
    views::Put(d, "has_list", current.list.has_value());
    views::Put(d, "stale", current.stale);
    Data withdrawn = views::List();
    for (const auto& w : current.withdrawn_since) {
        Data item = views::Object();
        views::Put(item, "number", w.prison_number);
        views::Put(item, "at", views::DateTime(w.at));
        views::Put(item, "reason", w.reason);
        views::Put(item, "incident", views::Opt(w.incident_ref));
        views::Append(withdrawn, std::move(item));
    }
    views::Put(d, "withdrawn", std::move(withdrawn));
    if (!current.list) return;
    const auto& list = *current.list;
    views::Put(d, "version", list.version);
    views::Put(d, "published_by", list.published_by);
    views::Put(d, "published_at", views::DateTime(list.published_at));
    views::Put(d, "has_added", !list.added.empty());
    views::Put(d, "added", PrisonNumbers(list.added));
    views::Put(d, "has_removed", !list.removed.empty());
    views::Put(d, "removed", PrisonNumbers(list.removed));
    Data rows = views::List();
    views::Reserve(rows, list.entries.size());
    for (const auto& entry : list.entries) {
        Data row = views::Object();
        views::Put(row, "number", entry.prison_number);
        views::Put(row, "name", entry.last_name + ", " + entry.first_name);
        views::Put(row, "cell", entry.cell);
        views::Put(row, "band", BandTag(entry.band));
        views::Put(row, "conditions",
                   entry.conditions.empty() ? "None" : Join(entry.conditions, ", "));
        views::Put(row, "review_on", views::LongDate(entry.review_on));
        const bool gone =
            std::any_of(current.withdrawn_since.begin(), current.withdrawn_since.end(),
                        [&](const domain::ListWithdrawal& w) {
                            return w.prison_number == entry.prison_number;
                        });
        views::Put(row, "withdrawn", gone);
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !list.entries.empty());
    views::Put(d, "rows", std::move(rows));
    views::Put(d, "count", static_cast<int>(list.entries.size()));
}

Result<Response> CurrentList(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    const std::string code = CodeOf(request);
    const std::string wing = WingOf(request);
    WARDEN_ASSIGN_OR_RETURN(auto current, kit.services.access.CurrentList(actor, code, wing));
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    Page page(kit, context, "TMPP list for wing " + wing + " at " + e.name,
              Section::kEstablishments, request.path);
    page.SetBackLink("/establishments/" + e.code, e.name);
    if (current.list && query.GetOr("published") == std::to_string(current.list->version)) {
        const auto& list = *current.list;
        page.SetBanner("Version " + std::to_string(list.version) + " of the wing " + wing +
                       " list published: " + std::to_string(list.added.size()) + " added, " +
                       std::to_string(list.removed.size()) + " removed");
    }
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "wing", wing);
    views::Put(d, "can_publish", domain::Allowed(actor, Action::kTmppListsPublish));
    PutWingList(d, current);
    return page.Render("tmpp_wing_list");
}

Result<Response> Publish(const PageKit& kit, Request& request, Context& context) {
    const std::string code = CodeOf(request);
    const std::string wing = WingOf(request);
    WARDEN_ASSIGN_OR_RETURN(auto list,
                            kit.services.access.PublishWingList(ActorOf(context), code, wing));
    return Response::Redirect("/establishments/" + code + "/wings/" + wing +
                              "/lists/current?published=" + std::to_string(list.version));
}

}  // namespace

namespace {

Result<Response> CurrentListCsv(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    const std::string code = CodeOf(request);
    const std::string wing = WingOf(request);
    WARDEN_ASSIGN_OR_RETURN(auto current,
                            kit.services.access.CurrentList(actor, code, wing, "csv"));
    if (!current.list) return Error::NotFound("No list has been published for this wing");
    const auto& list = *current.list;
    std::string csv =
        "list_version,published_at,published_by,prison_number,last_name,first_name,cell,band,"
        "conditions,review_on,status\r\n";
    const std::string head = std::to_string(list.version) + "," +
                             CsvCell(FormatRfc3339(list.published_at)) + "," +
                             CsvCell(list.published_by) + ",";
    for (const auto& entry : list.entries) {
        std::string status = "AUTHORISED";
        for (const auto& w : current.withdrawn_since) {
            if (w.prison_number == entry.prison_number) {
                status = "WITHDRAWN " + FormatRfc3339(w.at);
            }
        }
        csv += head + CsvCell(entry.prison_number) + "," + CsvCell(entry.last_name) + "," +
               CsvCell(entry.first_name) + "," + CsvCell(entry.cell) + "," +
               std::string(domain::RiskBandName(entry.band)) + "," +
               CsvCell(Join(entry.conditions, ";")) + "," + CsvCell(entry.review_on) + "," +
               CsvCell(status) + "\r\n";
    }
    Response response = Response::Text(200, std::move(csv));
    response.content_type = "text/csv; charset=utf-8";
    response.SetHeader("Content-Disposition", "attachment; filename=\"tmpp-" + list.establishment +
                                                  "-" + list.wing + "-v" +
                                                  std::to_string(list.version) + ".csv\"");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

void AddTmppWingListPages(Router& router, const Kit& kit) {
    const std::string base = "/establishments/{code}/wings/{wing}/lists";
    router.Add({"GET", base + "/current", Access::kAction, Action::kTmppListsRead,
                Handle(kit, CurrentList)});
    router.Add({"GET", base + "/current.csv", Access::kAction, Action::kTmppListsRead,
                Handle(kit, CurrentListCsv)});
    router.Add({"POST", base, Access::kAction, Action::kTmppListsPublish, Handle(kit, Publish)});
}

}  // namespace warden::web::pages
