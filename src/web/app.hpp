#pragma once
// The web application: the route table (public, API and page routes) and the middleware that
// runs around every handler (route matching, authentication, access, CSRF, errors).

#include <memory>
#include <optional>
#include <string>

#include "web/client_limits.hpp"
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
    /// From the headers alone (no body yet): true when the request's route takes uploads and
    /// the caller is authenticated and allowed to call it, so the server may read an upload-size
    /// body. Everything else gets the small limit.
    bool AdmitsUpload(const Request& request);
    /// The route table.
    const Router& router() const { return router_; }
    /// An error page in the service's layout; `context` may have no actor.
    Response ErrorPage(int status, const std::string& title, const std::string& message,
                       const Context& context) const;

  private:
    Response Dispatch(Request& request, Context& context, bool& clear_session);
    /// Fills `context` from a bearer token or the session cookie; a response when the request
    /// must be refused (a malformed or invalid bearer token).
    std::optional<Response> Authenticate(const Request& request, Context& context,
                                         bool& clear_session);
    /// 429 with a GOV.UK error page (or problem+json) and Retry-After.
    Response TooManyAttempts(const Request& request, const Context& context);
    Response Fail(const Request& request, const Context& context, const Error& error) const;
    Response InternalError(const Request& request, const Context& context) const;

    Services& services_;
    WebConfig config_;
    StaticAssets& assets_;
    Metrics& metrics_;
    Router router_;
    ClientThrottle throttle_;
    std::shared_ptr<const pages::PageKit> page_kit_;  // the pages' templates, for error pages
};

/// True for paths answered as JSON (problem+json errors): "/api" and below.
bool IsApiPath(std::string_view path);

}  // namespace warden::web
