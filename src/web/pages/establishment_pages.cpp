// Establishments in the actor's scope, an establishment with its wings and contacts, and (ADMIN)
// adding a wing or changing its kind.

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/establishments/establishment.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

constexpr domain::LocationKind kKinds[] = {
    domain::LocationKind::kStandard,   domain::LocationKind::kIsolation,
    domain::LocationKind::kShielding,  domain::LocationKind::kReverseCohort,
    domain::LocationKind::kHealthcare, domain::LocationKind::kSegregation,
};

std::vector<Choice> KindChoices(domain::LocationKind selected) {
    std::vector<Choice> out;
    for (auto kind : kKinds) {
        out.push_back({std::string(domain::LocationKindName(kind)),
                       std::string(domain::LocationKindLabel(kind)),
                       kind == selected,
                       {}});
    }
    return out;
}

Result<Response> Establishments(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto list, kit.services.organisation.ListEstablishments(actor));
    Page page(kit, context, "Establishments", Section::kEstablishments, request.path);
    auto& d = page.data();
    Data rows = views::List();
    views::Reserve(rows, list.size());
    for (const auto& e : list) {
        Data row = views::Object();
        views::Put(row, "code", e.code);
        views::Put(row, "name", e.name);
        views::Put(row, "region", e.region_code);
        views::Put(row, "phase", views::PhaseLabel(e.phase));
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !list.empty());
    views::Put(d, "rows", std::move(rows));
    views::Put(d, "national", actor.EstablishmentScope().all);
    views::Put(d, "is_admin", domain::Allowed(actor, Action::kOrganisationManage));
    return page.Render("establishments");
}

// The establishment page, with `page`'s errors (from a wing form) when re-rendered.
Result<Response> RenderEstablishment(const PageKit& kit, const Context& context, Page& page,
                                     const std::string& code, const std::string& new_wing,
                                     int status) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    WARDEN_ASSIGN_OR_RETURN(auto regions, kit.services.organisation.ListRegions(actor));
    const bool admin = domain::Allowed(actor, Action::kOrganisationManage);
    page.SetTitle(e.name + " (" + e.code + ")");
    auto& d = page.data();
    views::Put(d, "heading", e.name);
    views::Put(d, "est_code", e.code);
    views::Put(d, "region_code", e.region_code);
    std::string region_name = e.region_code;
    std::string riu_email;
    for (const auto& r : regions) {
        if (r.code == e.region_code) {
            region_name = r.name;
            riu_email = r.riu_email;
        }
    }
    views::Put(d, "region_name", region_name);
    views::Put(d, "riu_email", views::Opt(riu_email));
    views::Put(d, "phase", views::PhaseLabel(e.phase));
    views::Put(d, "spoc_email", views::Opt(e.spoc_email));
    views::Put(d, "security_email", views::Opt(e.security_email));
    const bool in_caseload = actor.PrisonerScope().Allows(e.code);
    views::Put(d, "show_prisoners", domain::Allowed(actor, Action::kPrisonersRead) && in_caseload);
    views::Put(d, "show_import", domain::Allowed(actor, Action::kPrisonersImport) && in_caseload);
    views::Put(d, "show_tmpp_queue", domain::Allowed(actor, Action::kTmppAssess) && in_caseload);
    views::Put(d, "is_admin", admin);

    int total = 0;
    Data wings = views::List();
    views::Reserve(wings, e.wings.size());
    for (const auto& w : e.wings) {
        total += w.prisoner_count;
        Data row = views::Object();
        views::Put(row, "code", w.code);
        views::Put(row, "kind", domain::LocationKindLabel(w.kind));
        views::Put(row, "count", views::Thousands(w.prisoner_count));
        if (admin) {
            Data options = views::List();
            for (const auto& choice : KindChoices(w.kind)) {
                Data o = views::Object();
                views::Put(o, "value", choice.value);
                views::Put(o, "text", choice.text);
                views::Put(o, "selected", choice.selected);
                views::Append(options, std::move(o));
            }
            views::Put(row, "kind_options", std::move(options));
        }
        views::Append(wings, std::move(row));
    }
    views::Put(d, "has_wings", !e.wings.empty());
    views::Put(d, "wings", std::move(wings));
    views::Put(d, "total", views::Thousands(total));
    if (admin) {
        views::Put(d, "f_wing_code",
                   page.Input({.id = "wing-code",
                               .label = "Wing code",
                               .value = new_wing,
                               .hint = "For example A, HCC or SEG",
                               .width = "govuk-input--width-10",
                               .name = "code"}));
        views::Put(d, "f_wing_kind",
                   page.Select("wing-kind", "Kind", KindChoices(domain::LocationKind::kStandard),
                               {}, "kind"));
    }
    return page.Render("establishment", status);
}

Result<Response> Establishment(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const std::string code = ToUpper(request.params["code"]);
    Page page(kit, context, "Establishment " + code, Section::kEstablishments, request.path);
    page.SetBackLink("/establishments", "All establishments");
    if (auto saved = query.GetOr("saved"); IsLocationCode(saved)) {
        page.SetBanner("Wing " + saved + " saved");
    }
    return RenderEstablishment(kit, context, page, code, "", 200);
}

Result<Response> SaveWing(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = ToUpper(request.params["code"]);
    domain::Location wing;
    wing.establishment = code;
    wing.code = ToUpper(Trim(form.GetOr("code")));
    auto kind = domain::ParseLocationKind(form.GetOr("kind"));
    Page page(kit, context, "Establishment " + code, Section::kEstablishments, request.path);
    page.SetBackLink("/establishments", "All establishments");
    if (!kind) {
        page.AddError("wing-kind", "Choose the kind of wing");
        return RenderEstablishment(kit, context, page, code, wing.code, 400);
    }
    wing.kind = *kind;
    Status saved = kit.services.organisation.SaveWing(ActorOf(context), wing);
    if (!saved) {
        if (saved.error().code != ErrorCode::kInvalidInput) return saved.error();
        page.AddErrors(saved.error(), {{"code", "wing-code"}}, "wing-code");
        return RenderEstablishment(kit, context, page, code, wing.code, 400);
    }
    return Response::Redirect("/establishments/" + code + "?saved=" + wing.code);
}

}  // namespace

void AddEstablishmentPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/establishments", Access::kAction, Action::kEstablishmentsRead,
                Handle(kit, Establishments)});
    router.Add({"GET", "/establishments/{code}", Access::kAction, Action::kEstablishmentsRead,
                Handle(kit, Establishment)});
    router.Add({"POST", "/establishments/{code}/wings", Access::kAction,
                Action::kOrganisationManage, Handle(kit, SaveWing)});
}

}  // namespace warden::web::pages
