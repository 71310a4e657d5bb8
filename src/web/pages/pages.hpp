#pragma once
// The server-rendered HTML pages (GOV.UK and MoJ Design System look; no JavaScript needed).

#include <string>

#include "web/http.hpp"
#include "web/router.hpp"
#include "web/services.hpp"

namespace warden::web {

class StaticAssets;

/// Loads the templates from config.template_dir (throws std::runtime_error when they cannot be
/// loaded) and adds every page route to `router`.
void AddPageRoutes(Router& router, Services& services, const WebConfig& config,
                   StaticAssets& assets);

/// An error page (404, 403, 500...) in the service's layout; `context` may have no actor. Falls
/// back to plain HTML when no templates are loaded.
Response RenderErrorPage(int status, const std::string& title, const std::string& message,
                         const Context& context);

}  // namespace warden::web
