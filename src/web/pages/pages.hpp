#pragma once
// The server-rendered HTML pages (GOV.UK and MoJ Design System look; no JavaScript needed).

#include <memory>
#include <string>

#include "web/http.hpp"
#include "web/router.hpp"
#include "web/services.hpp"

namespace warden::web {

class StaticAssets;
namespace pages {
struct PageKit;
}

/// Loads the templates from config.template_dir (throws std::runtime_error when they cannot be
/// loaded), adds every page route to `router` and returns what the pages share (the caller keeps
/// it for error pages).
std::shared_ptr<const pages::PageKit> AddPageRoutes(Router& router, Services& services,
                                                    const WebConfig& config, StaticAssets& assets);

/// An error page (404, 403, 500...) in the service's layout (`kit`'s templates); `context` may
/// have no actor. Plain HTML when `kit` is null.
Response RenderErrorPage(const pages::PageKit* kit, int status, const std::string& title,
                         const std::string& message, const Context& context);

}  // namespace warden::web
