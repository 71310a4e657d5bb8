#include "web/pages/pages.hpp"

#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/pages/page_routes.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"

namespace warden::web {

std::shared_ptr<const pages::PageKit> AddPageRoutes(Router& router, Services& services,
                                                    const WebConfig& config, StaticAssets& assets) {
    auto kit = std::make_shared<const pages::PageKit>(services, config, assets);
    pages::AddSessionPages(router, kit);
    pages::AddAccountPages(router, kit);
    pages::AddEstablishmentPages(router, kit);
    pages::AddPrisonerPages(router, kit);
    pages::AddImportPages(router, kit);
    pages::AddUserAdminPages(router, kit);
    pages::AddUserTokenPages(router, kit);
    pages::AddOrganisationAdminPages(router, kit);
    pages::AddAuditPages(router, kit);
    pages::AddOutboxPages(router, kit);
    pages::AddTmppPrisonerPages(router, kit);
    pages::AddTmppEstablishmentPages(router, kit);
    pages::AddTmppWingListPages(router, kit);
    pages::AddHandsetPages(router, kit);
    pages::AddHandsetWingPages(router, kit);
    pages::AddIncidentPages(router, kit);
    pages::AddIncidentRaisePages(router, kit);
    pages::AddStocktakePages(router, kit);
    pages::AddMonitoringPages(router, kit);
    pages::AddProposalPages(router, kit);
    pages::AddProposalFormPages(router, kit);
    pages::AddReviewPages(router, kit);
    pages::AddDashboardPages(router, kit);
    pages::AddEstatePages(router, kit);
    pages::AddGroupPages(router, kit);
    pages::AddCataloguePages(router, kit);
    return kit;
}

Response RenderErrorPage(const pages::PageKit* kit, int status, const std::string& title,
                         const std::string& message, const Context& context) {
    if (kit != nullptr) return pages::ErrorPage(*kit, context, status, title, message);
    return Response::Html(status, "<!DOCTYPE html><html lang=\"en\"><head><title>" +
                                      HtmlEscape(title) + " – Warden</title></head><body><h1>" +
                                      HtmlEscape(title) + "</h1><p>" + HtmlEscape(message) +
                                      "</p></body></html>");
}

}  // namespace warden::web
