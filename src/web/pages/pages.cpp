#include "web/pages/pages.hpp"

#include <mutex>

#include "core/strings.hpp"
#include "web/pages/page_routes.hpp"
#include "web/pages/tmpp_pages.hpp"

namespace warden::web {
namespace {

// RenderErrorPage is called by WebApp without a handle on the pages, so the kit of the latest
// AddPageRoutes is kept here (set once at start; every kit renders the same templates).
std::mutex kit_mutex;
std::shared_ptr<const pages::PageKit> current_kit;

std::shared_ptr<const pages::PageKit> CurrentKit() {
    std::lock_guard lock(kit_mutex);
    return current_kit;
}

}  // namespace

void AddPageRoutes(Router& router, Services& services, const WebConfig& config,
                   StaticAssets& assets) {
    auto kit = std::make_shared<const pages::PageKit>(services, config, assets);
    pages::AddSessionPages(router, kit);
    pages::AddEstablishmentPages(router, kit);
    pages::AddPrisonerPages(router, kit);
    pages::AddImportPages(router, kit);
    pages::AddUserAdminPages(router, kit);
    pages::AddOrganisationAdminPages(router, kit);
    pages::AddAuditPages(router, kit);
    pages::AddTmppPrisonerPages(router, kit);
    pages::AddTmppEstablishmentPages(router, kit);
    pages::AddTmppWingListPages(router, kit);
    std::lock_guard lock(kit_mutex);
    current_kit = std::move(kit);
}

Response RenderErrorPage(int status, const std::string& title, const std::string& message,
                         const Context& context) {
    if (auto kit = CurrentKit()) return pages::ErrorPage(*kit, context, status, title, message);
    return Response::Html(status, "<!DOCTYPE html><html lang=\"en\"><head><title>" +
                                      HtmlEscape(title) + " – Warden</title></head><body><h1>" +
                                      HtmlEscape(title) + "</h1><p>" + HtmlEscape(message) +
                                      "</p></body></html>");
}

}  // namespace warden::web
