#pragma once
// Routes are data: {method, pattern, access, action, handler}. A route names the policy action
// it needs (domain/policy); a route with none must be public (on the allowlist) or explicitly
// "any signed-in user" (on that allowlist); tests walk the table.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/people/roles.hpp"
#include "domain/policy/policy.hpp"
#include "web/http.hpp"

namespace warden::web {

/// Per-request state the middleware fills for handlers.
struct Context {
    std::optional<domain::Actor> actor;  // set when signed in (session or bearer token)
    bool via_session = false;            // true: browser session (CSRF applies)
    std::string session_token_hash;      // when via_session
    std::string csrf_token;              // the session's CSRF token, for forms
};

using RouteHandler = std::function<Response(Request&, Context&)>;

/// Who may call a route.
enum class Access {
    kPublic,    // anyone (allowlisted paths only)
    kSignedIn,  // any signed-in user
    kAction,    // signed in with a role that the policy allows to take `action`
};

/// How large a body a route accepts (the server reads no more before refusing with 413).
enum class BodyLimit {
    kSmall,   // forms and JSON (ServerOptions::max_body_bytes)
    kUpload,  // file uploads, for a caller the route admits (ServerOptions::max_upload_bytes)
};

/// One route.
struct Route {
    std::string method;   // "GET", "POST", "PUT", "DELETE"
    std::string pattern;  // "/api/v1/prisoners/{number}"; a trailing "{rest...}" matches the rest
    Access access = Access::kAction;
    std::optional<domain::Action> action;  // for kAction
    RouteHandler handler;
    BodyLimit body_limit = BodyLimit::kSmall;
    bool throttled = false;  // attempts are limited per client address (sign-in)
};

/// Matches requests to routes.
class Router {
  public:
    void Add(Route route);
    /// The matching route (and fills `params`), or nullptr. `method_mismatch` is set when the
    /// path matches some route with another method (405).
    const Route* Match(const std::string& method, const std::string& path,
                       std::map<std::string, std::string>& params, bool& method_mismatch) const;
    const std::vector<Route>& routes() const { return routes_; }

    /// One segment of a pattern: a literal, a {parameter} or the last {rest...}.
    struct Segment {
        enum Kind { kRest = 0, kParam = 1, kLiteral = 2 };  // in order of specificity
        Kind kind = kLiteral;
        std::string text;  // the literal, or the parameter's name
    };

  private:
    std::vector<Route> routes_;
    std::vector<std::vector<Segment>> segments_;  // each route's pattern, split on '/'
};

}  // namespace warden::web
