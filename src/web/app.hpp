#pragma once
// The web application: the route table (public, API and page routes) and the middleware that
// runs around every handler (route matching, authentication, access, CSRF, errors).

#include <memory>
#include <string>

#include "web/http.hpp"
#include "web/router.hpp"
#include "web/services.hpp"

namespace warden::web {

class StaticAssets;
class Metrics;
namespace pages {
struct PageKit;
}

/// Paths on the public allowlist (Access::kPublic), as "METHOD pattern".
const std::vector<std::string>& PublicRouteAllowlist();
/// Routes any signed-in user may call (Access::kSignedIn), as "METHOD pattern".
const std::vector<std::string>& SignedInRouteAllowlist();

/// Routes requests to handlers through the middleware.
class WebApp {
  public:
    WebApp(Services& services, WebConfig config, StaticAssets& assets, Metrics& metrics);

    /// Handles one request; never throws (a handler's exception becomes a logged 500).
    Response Handle(Request& request);
    /// The route table.
    const Router& router() const { return router_; }
    /// An error page in the service's layout; `context` may have no actor.
    Response ErrorPage(int status, const std::string& title, const std::string& message,
                       const Context& context) const;

  private:
    Response Dispatch(Request& request, Context& context, bool& clear_session);
    Response Fail(const Request& request, const Context& context, const Error& error) const;
    Response InternalError(const Request& request, const Context& context) const;

    Services& services_;
    WebConfig config_;
    StaticAssets& assets_;
    Metrics& metrics_;
    Router router_;
    std::shared_ptr<const pages::PageKit> page_kit_;  // the pages' templates, for error pages
};

/// True for paths answered as JSON (problem+json errors): "/api" and below.
bool IsApiPath(std::string_view path);

}  // namespace warden::web
