// ADMIN: establishments (list, add, change) and regions (list, add, change).

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

// A form error for a failed add or change: field errors, a duplicate code on `code`.
Result<int> FormFailure(Page& page, const Error& error) {
    if (error.code == ErrorCode::kConflict) {
        page.AddError("code", error.message);
        return 409;
    }
    if (error.code != ErrorCode::kInvalidInput) return error;
    page.AddErrors(error, {}, "name");
    return 400;
}

// ---------------------------------------------------------------------------------------------
// Establishments

Result<Response> EstablishmentList(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto list,
                            kit.services.organisation.ListEstablishments(ActorOf(context)));
    Page page(kit, context, "Manage establishments", Section::kAdmin, request.path);
    page.SetBackLink("/admin", "Administration");
    if (auto saved = query.GetOr("saved"); IsEstablishmentCode(saved)) {
        page.SetBanner("Establishment " + saved + " saved");
    }
    Data rows = views::List();
    views::Reserve(rows, list.size());
    for (const auto& e : list) {
        Data row = views::Object();
        views::Put(row, "code", e.code);
        views::Put(row, "name", e.name);
        views::Put(row, "region", e.region_code);
        views::Put(row, "phase", views::PhaseLabel(e.phase));
        views::Put(row, "spoc_email", e.spoc_email);
        views::Put(row, "security_email", e.security_email);
        views::Append(rows, std::move(row));
    }
    views::Put(page.data(), "has_rows", !list.empty());
    views::Put(page.data(), "rows", std::move(rows));
    return page.Render("admin_establishments");
}

// The add or change form for `e`, with `page`'s errors.
Result<Response> RenderEstablishmentForm(const PageKit& kit, const Context& context, Page& page,
                                         const domain::Establishment& e, bool adding, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto regions, kit.services.organisation.ListRegions(ActorOf(context)));
    page.SetBackLink("/admin/establishments", "Establishments");
    auto& d = page.data();
    views::Put(d, "adding", adding);
    views::Put(d, "code", e.code);
    views::Put(d, "action",
               adding ? std::string("/admin/establishments") : "/admin/establishments/" + e.code);
    if (adding) {
        views::Put(d, "f_code",
                   page.Input({.id = "code",
                               .label = "Code",
                               .value = e.code,
                               .hint = "The three-letter agency code, like MDI",
                               .autocomplete = "off",
                               .width = "govuk-input--width-4"}));
    }
    views::Put(d, "f_name", page.Input({.id = "name", .label = "Name", .value = e.name}));
    std::vector<Choice> choices = {{"", "Choose a region", e.region_code.empty(), {}}};
    for (const auto& r : regions) {
        choices.push_back({r.code, r.name + " (" + r.code + ")", r.code == e.region_code, {}});
    }
    views::Put(d, "f_region", page.Select("region", "Region", choices));
    views::Put(d, "has_regions", !regions.empty());
    views::Put(d, "f_spoc_email",
               page.Input({.id = "spoc_email",
                           .label = "TMPP single point of contact (SPoC) email",
                           .value = e.spoc_email,
                           .type = "email",
                           .hint = "The mailbox for this establishment's TMPP incident reports",
                           .autocomplete = "off"}));
    views::Put(d, "f_security_email",
               page.Input({.id = "security_email",
                           .label = "Security department email",
                           .value = e.security_email,
                           .type = "email",
                           .autocomplete = "off"}));
    return page.Render("admin_establishment_form", status);
}

domain::Establishment EstablishmentFrom(const FormData& form) {
    domain::Establishment e;
    e.code = form.GetOr("code");
    e.name = form.GetOr("name");
    e.region_code = form.GetOr("region");
    e.spoc_email = form.GetOr("spoc_email");
    e.security_email = form.GetOr("security_email");
    return e;
}

Result<Response> NewEstablishment(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Add an establishment", Section::kAdmin, request.path);
    return RenderEstablishmentForm(kit, context, page, {}, true, 200);
}

Result<Response> AddEstablishment(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    domain::Establishment e = EstablishmentFrom(form);
    Status added = kit.services.organisation.AddEstablishment(ActorOf(context), e);
    if (!added) {
        Page page(kit, context, "Add an establishment", Section::kAdmin, request.path);
        WARDEN_ASSIGN_OR_RETURN(int status, FormFailure(page, added.error()));
        return RenderEstablishmentForm(kit, context, page, e, true, status);
    }
    return Response::Redirect("/admin/establishments?saved=" +
                              PercentEncode(ToUpper(Trim(e.code))));
}

Result<Response> EditEstablishment(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(
                                        ActorOf(context), request.params["code"]));
    Page page(kit, context, "Change " + e.name, Section::kAdmin, request.path);
    return RenderEstablishmentForm(kit, context, page, e, false, 200);
}

Result<Response> UpdateEstablishment(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    // The phase is not on this form, and the service never changes it (Security sets it).
    WARDEN_ASSIGN_OR_RETURN(auto current, kit.services.organisation.GetEstablishment(
                                              ActorOf(context), request.params["code"]));
    domain::Establishment e = EstablishmentFrom(form);
    e.code = current.code;
    Status saved = kit.services.organisation.UpdateEstablishment(ActorOf(context), e);
    if (!saved) {
        Page page(kit, context, "Change " + current.name, Section::kAdmin, request.path);
        WARDEN_ASSIGN_OR_RETURN(int status, FormFailure(page, saved.error()));
        return RenderEstablishmentForm(kit, context, page, e, false, status);
    }
    return Response::Redirect("/admin/establishments?saved=" + PercentEncode(e.code));
}

// ---------------------------------------------------------------------------------------------
// Regions

Result<Response> RegionList(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto regions, kit.services.organisation.ListRegions(ActorOf(context)));
    Page page(kit, context, "Regions", Section::kAdmin, request.path);
    page.SetBackLink("/admin", "Administration");
    if (auto saved = query.GetOr("saved"); IsRegionCode(saved)) {
        page.SetBanner("Region " + saved + " saved");
    }
    Data rows = views::List();
    views::Reserve(rows, regions.size());
    for (const auto& r : regions) {
        Data row = views::Object();
        views::Put(row, "code", r.code);
        views::Put(row, "name", r.name);
        views::Put(row, "riu_email", r.riu_email);
        views::Append(rows, std::move(row));
    }
    views::Put(page.data(), "has_rows", !regions.empty());
    views::Put(page.data(), "rows", std::move(rows));
    return page.Render("admin_regions");
}

Result<Response> RenderRegionForm(Page& page, const domain::Region& r, bool adding, int status) {
    page.SetBackLink("/admin/regions", "Regions");
    auto& d = page.data();
    views::Put(d, "adding", adding);
    views::Put(d, "code", r.code);
    views::Put(d, "action", adding ? std::string("/admin/regions") : "/admin/regions/" + r.code);
    if (adding) {
        views::Put(d, "f_code",
                   page.Input({.id = "code",
                               .label = "Code",
                               .value = r.code,
                               .hint = "2 to 12 capital letters, digits or underscores, like NE",
                               .autocomplete = "off",
                               .width = "govuk-input--width-10"}));
    }
    views::Put(d, "f_name", page.Input({.id = "name", .label = "Name", .value = r.name}));
    views::Put(d, "f_riu_email",
               page.Input({.id = "riu_email",
                           .label = "Regional Intelligence Unit (RIU) email",
                           .value = r.riu_email,
                           .type = "email",
                           .hint = "Security notifies the RIU of TMPP incidents at this address",
                           .autocomplete = "off"}));
    return page.Render("admin_region_form", status);
}

domain::Region RegionFrom(const FormData& form) {
    return {form.GetOr("code"), form.GetOr("name"), form.GetOr("riu_email")};
}

Result<Response> NewRegion(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Add a region", Section::kAdmin, request.path);
    return RenderRegionForm(page, {}, true, 200);
}

Result<Response> AddRegion(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    domain::Region r = RegionFrom(form);
    Status added = kit.services.organisation.AddRegion(ActorOf(context), r);
    if (!added) {
        Page page(kit, context, "Add a region", Section::kAdmin, request.path);
        WARDEN_ASSIGN_OR_RETURN(int status, FormFailure(page, added.error()));
        return RenderRegionForm(page, r, true, status);
    }
    return Response::Redirect("/admin/regions?saved=" + PercentEncode(ToUpper(Trim(r.code))));
}

// The region `code`, or kNotFound.
Result<domain::Region> FindRegion(const PageKit& kit, const Context& context,
                                  const std::string& code) {
    WARDEN_ASSIGN_OR_RETURN(auto regions, kit.services.organisation.ListRegions(ActorOf(context)));
    for (auto& r : regions) {
        if (r.code == code) return std::move(r);
    }
    return Error::NotFound("Region " + code + " does not exist");
}

Result<Response> EditRegion(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto r, FindRegion(kit, context, request.params["code"]));
    Page page(kit, context, "Change " + r.name, Section::kAdmin, request.path);
    return RenderRegionForm(page, r, false, 200);
}

Result<Response> UpdateRegion(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    domain::Region r = RegionFrom(form);
    r.code = request.params["code"];
    Status saved = kit.services.organisation.UpdateRegion(ActorOf(context), r);
    if (!saved) {
        Page page(kit, context, "Change region " + r.code, Section::kAdmin, request.path);
        WARDEN_ASSIGN_OR_RETURN(int status, FormFailure(page, saved.error()));
        return RenderRegionForm(page, r, false, status);
    }
    return Response::Redirect("/admin/regions?saved=" + PercentEncode(r.code));
}

}  // namespace

void AddOrganisationAdminPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/admin/establishments", Access::kAction, Action::kOrganisationManage,
                Handle(kit, EstablishmentList)});
    router.Add({"GET", "/admin/establishments/new", Access::kAction, Action::kOrganisationManage,
                Handle(kit, NewEstablishment)});
    router.Add({"POST", "/admin/establishments", Access::kAction, Action::kOrganisationManage,
                Handle(kit, AddEstablishment)});
    router.Add({"GET", "/admin/establishments/{code}/edit", Access::kAction,
                Action::kOrganisationManage, Handle(kit, EditEstablishment)});
    router.Add({"POST", "/admin/establishments/{code}", Access::kAction,
                Action::kOrganisationManage, Handle(kit, UpdateEstablishment)});
    router.Add({"GET", "/admin/regions", Access::kAction, Action::kOrganisationManage,
                Handle(kit, RegionList)});
    router.Add({"GET", "/admin/regions/new", Access::kAction, Action::kOrganisationManage,
                Handle(kit, NewRegion)});
    router.Add({"POST", "/admin/regions", Access::kAction, Action::kOrganisationManage,
                Handle(kit, AddRegion)});
    router.Add({"GET", "/admin/regions/{code}/edit", Access::kAction, Action::kOrganisationManage,
                Handle(kit, EditRegion)});
    router.Add({"POST", "/admin/regions/{code}", Access::kAction, Action::kOrganisationManage,
                Handle(kit, UpdateRegion)});
}

}  // namespace warden::web::pages
