// The TMPP stocktake pages (issue 10 item 3): the establishment's past stocktakes, the form where
// the TMPP SPoC scans or types the handsets on the shelf (one a line, `TAG` or `TAG SEAL`: a USB
// barcode scanner types a line a scan), and a stocktake's result. A bad line is named in the error
// and nothing changes. Handlers parse, call StocktakeService and render.

#include "core/strings.hpp"
#include "domain/tmpp/handsets/stocktake.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::StocktakeFinding;

std::string CodeOf(const Request& request) { return ToUpper(request.params.at("code")); }

std::string Path(const std::string& code) { return "/establishments/" + code + "/stocktakes"; }

// The rows of one finding for the result page.
Data Rows(const domain::Stocktake& s, StocktakeFinding finding) {
    Data rows = views::List();
    for (const auto& i : s.items) {
        if (i.finding != finding) continue;
        Data row = views::Object();
        views::Put(row, "tag", i.tag);
        views::Put(row, "status_before", i.status_before);
        views::Put(row, "seal_recorded", i.seal_recorded);
        views::Put(row, "seal_seen", i.seal_seen.empty() ? std::string("not read") : i.seal_seen);
        views::Put(row, "prisoner", i.prisoner);
        views::Put(row, "since", i.issued_at ? views::DateTime(*i.issued_at) : std::string());
        views::Put(row, "incident", views::Opt(i.incident));
        views::Append(rows, std::move(row));
    }
    return rows;
}

int Count(const domain::Stocktake& s, StocktakeFinding finding) {
    return static_cast<int>(s.Of(finding).size());
}

// ---- the list ----

Result<Response> List(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto e,
                            kit.services.organisation.GetEstablishment(actor, CodeOf(request)));
    WARDEN_ASSIGN_OR_RETURN(auto list, kit.services.stocktakes.List(actor, e.code));
    Page page(kit, context, "TMPP handset stocktakes at " + e.name, Section::kEstablishments,
              request.path);
    page.SetBackLink("/establishments/" + e.code + "/handsets", "Handsets");
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "can_take", domain::Allowed(actor, Action::kHandsetsStocktake));
    Data rows = views::List();
    for (const auto& s : list) {
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(s.id));
        views::Put(row, "at", views::DateTime(s.taken_at));
        views::Put(row, "by", s.taken_by);
        views::Put(row, "seen", s.seen_count);
        views::Put(row, "missing", Count(s, StocktakeFinding::kMissing));
        views::Put(row, "unknown", Count(s, StocktakeFinding::kUnknown));
        views::Put(row, "mismatches", Count(s, StocktakeFinding::kSealMismatch));
        views::Put(row, "out", Count(s, StocktakeFinding::kOut));
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", views::Size(rows) > 0);
    views::Put(d, "rows", std::move(rows));
    return page.Render("tmpp_stocktakes");
}

// ---- the form ----

Response RenderForm(Page& page, const domain::Establishment& e, const std::string& lines,
                    const std::vector<std::string>& errors, int status) {
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "lines", lines);
    Data list = views::List();
    for (const auto& m : errors) {
        Data item = views::Object();
        views::Put(item, "message", m);
        views::Append(list, std::move(item));
    }
    views::Put(d, "has_errors", !errors.empty());
    views::Put(d, "line_errors", std::move(list));
    return page.Render("tmpp_stocktake_new", status);
}

Page FormPage(const PageKit& kit, Context& context, const domain::Establishment& e,
              const std::string& path) {
    Page page(kit, context, "Take a stocktake of TMPP handsets", Section::kEstablishments, path);
    page.SetBackLink(Path(e.code), "Stocktakes");
    return page;
}

Result<Response> NewForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(
        auto e, kit.services.organisation.GetEstablishment(ActorOf(context), CodeOf(request)));
    Page page = FormPage(kit, context, e, request.path);
    return RenderForm(page, e, "", {}, 200);
}

Result<Response> PostStocktake(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto e,
                            kit.services.organisation.GetEstablishment(actor, CodeOf(request)));
    const std::string lines = form.GetOr("seen");
    std::vector<domain::StocktakeSeen> seen;
    auto errors = domain::ParseStocktakeLines(lines, seen);
    std::vector<std::string> messages;
    int status = 400;
    if (errors.empty()) {
        auto taken = kit.services.stocktakes.Take(actor, e.code, std::move(seen));
        if (taken) return Response::Redirect(Path(e.code) + "/" + std::to_string(taken->id));
        if (taken.error().code != ErrorCode::kInvalidInput &&
            taken.error().code != ErrorCode::kConflict) {
            return taken.error();
        }
        if (taken.error().code == ErrorCode::kConflict) status = 409;  // changed meanwhile
        if (taken.error().fields.empty()) messages.push_back(taken.error().message);
        for (const auto& f : taken.error().fields) messages.push_back(f.message);
    }
    for (const auto& f : errors) messages.push_back(f.message);
    Page page = FormPage(kit, context, e, request.path);
    for (const auto& m : messages) page.AddError("seen", m);
    return RenderForm(page, e, lines, messages, status);
}

// ---- one stocktake ----

Result<Response> Show(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    const std::string code = CodeOf(request);
    const int id = ParseNonNegativeInt(request.params.at("id"));
    if (id <= 0) return Error::NotFound("Stocktake was not found");
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    WARDEN_ASSIGN_OR_RETURN(auto s, kit.services.stocktakes.Get(actor, e.code, id));
    Page page(kit, context, "Stocktake of " + views::DateTime(s.taken_at), Section::kEstablishments,
              request.path);
    page.SetBackLink(Path(e.code), "Stocktakes");
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "at", views::DateTime(s.taken_at));
    views::Put(d, "by", s.taken_by);
    views::Put(d, "seen", s.seen_count);
    views::Put(d, "matched", s.MatchedCount());
    Data unchecked = views::List();
    for (const auto& i : s.SealsNotChecked()) {
        Data row = views::Object();
        views::Put(row, "tag", i.tag);
        views::Put(row, "seal_recorded", i.seal_recorded);
        views::Append(unchecked, std::move(row));
    }
    views::Put(d, "unchecked_count", static_cast<int>(views::Size(unchecked)));
    views::Put(d, "has_unchecked", views::Size(unchecked) > 0);
    views::Put(d, "unchecked", std::move(unchecked));
    const std::vector<std::pair<const char*, StocktakeFinding>> sections = {
        {"missing", StocktakeFinding::kMissing},
        {"unknown", StocktakeFinding::kUnknown},
        {"mismatches", StocktakeFinding::kSealMismatch},
        {"out", StocktakeFinding::kOut}};
    for (const auto& [name, finding] : sections) {
        Data rows = Rows(s, finding);
        views::Put(d, std::string(name) + "_count", static_cast<int>(views::Size(rows)));
        views::Put(d, std::string("has_") + name, views::Size(rows) > 0);
        views::Put(d, name, std::move(rows));
    }
    return page.Render("tmpp_stocktake");
}

}  // namespace

void AddStocktakePages(Router& router, const Kit& kit) {
    router.Add({"GET", "/establishments/{code}/stocktakes", Access::kAction, Action::kHandsetsRead,
                Handle(kit, List)});
    router.Add({"GET", "/establishments/{code}/stocktakes/new", Access::kAction,
                Action::kHandsetsStocktake, Handle(kit, NewForm)});
    router.Add({"POST", "/establishments/{code}/stocktakes", Access::kAction,
                Action::kHandsetsStocktake, Handle(kit, PostStocktake)});
    router.Add({"GET", "/establishments/{code}/stocktakes/{id}", Access::kAction,
                Action::kHandsetsRead, Handle(kit, Show)});
}

}  // namespace warden::web::pages
