// The catalogue of assured national services (issue 11 item 4): GOVERNOR and DIGITAL_REVIEWER
// read it; DIGITAL_REVIEWER adds a service with the form below the list (errors in a summary,
// naming each field). CatalogueService decides.

#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

Result<Response> RenderCatalogue(const PageKit& kit, const Context& context, Page& page,
                                 const FormData& form, int status) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto entries, kit.services.catalogue.List(actor));
    page.SetBackLink("/proposals", "Digital proposals");
    auto& d = page.data();
    Data rows = views::List();
    for (const auto& e : entries) {
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(e.id));
        views::Put(row, "name", e.name);
        views::Put(row, "category", domain::CategoryLabel(e.category));
        views::Put(row, "supplier", e.supplier);
        views::Put(row, "description", e.description);
        views::Put(row, "contact", e.contact);
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !entries.empty());
    views::Put(d, "rows", std::move(rows));
    const bool can_add = domain::Allowed(actor, Action::kDemandCatalogueManage);
    views::Put(d, "can_add", can_add);
    if (can_add) {
        const auto input = [&](const char* id, const char* label, const char* hint) {
            return page.Input({.id = id,
                               .label = label,
                               .value = form.GetOr(id),
                               .hint = hint,
                               .label_class = "govuk-label--s"});
        };
        views::Put(d, "f_name", input("name", "Name", "For example, National biometric identity"));
        const std::string chosen = form.GetOr("category");
        std::vector<Choice> categories = {{"", "Choose a category", chosen.empty(), {}}};
        for (auto code : domain::ProposalCategories()) {
            categories.push_back(
                {std::string(code), std::string(domain::CategoryLabel(code)), chosen == code, {}});
        }
        views::Put(d, "f_category", page.Select("category", "Category", categories));
        views::Put(d, "f_supplier", input("supplier", "Supplier", ""));
        views::Put(d, "f_description",
                   input("description", "Description", "What the service does and for whom"));
        views::Put(d, "f_contact",
                   input("contact", "Contact", "Who a proposer should ask: a team or an email"));
    }
    return page.Render("demand_catalogue", status);
}

Result<Response> CataloguePage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    Page page(kit, context, "Catalogue of assured national services", Section::kProposals,
              request.path);
    if (query.Has("added")) page.SetBanner("Service added to the catalogue");
    return RenderCatalogue(kit, context, page, FormData{}, 200);
}

Result<Response> AddService(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    domain::CatalogueEntry e;
    e.name = form.GetOr("name");
    e.category = form.GetOr("category");
    e.supplier = form.GetOr("supplier");
    e.description = form.GetOr("description");
    e.contact = form.GetOr("contact");
    auto added = kit.services.catalogue.Add(ActorOf(context), e);
    if (!added) {
        Page page(kit, context, "Catalogue of assured national services", Section::kProposals,
                  request.path);
        WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, added.error(), {}, "name"));
        return RenderCatalogue(kit, context, page, form, status);
    }
    return Response::Redirect("/catalogue?added=" + std::to_string(added->id));
}

}  // namespace

void AddCataloguePages(Router& router, const Kit& kit) {
    router.Add({"GET", "/catalogue", Access::kAction, Action::kDemandCatalogueRead,
                Handle(kit, CataloguePage)});
    router.Add({"POST", "/catalogue", Access::kAction, Action::kDemandCatalogueManage,
                Handle(kit, AddService)});
}

}  // namespace warden::web::pages
