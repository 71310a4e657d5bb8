#include "web/app.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <exception>

#include "core/strings.hpp"
#include "web/api/api.hpp"
#include "web/form.hpp"
#include "web/log.hpp"
#include "web/metrics.hpp"
#include "web/middleware.hpp"
#include "web/pages/pages.hpp"
#include "web/problem.hpp"
#include "web/static_assets.hpp"

namespace warden::web {
namespace {

Response PlainErrorPage(int status, const std::string& title, const std::string& message) {
    return Response::Html(status, "<!DOCTYPE html><html lang=\"en\"><head><title>" +
                                      HtmlEscape(title) + " - Warden</title></head><body><h1>" +
                                      HtmlEscape(title) + "</h1><p>" + HtmlEscape(message) +
                                      "</p></body></html>");
}

Response Health(Request&, Context&) { return Response::Json(200, R"({"status":"UP"})"); }

// True when the response sets cookie `name`.
bool SetsCookie(const Response& response, std::string_view name) {
    for (const auto& [header, value] : response.headers) {
        if (ToLower(header) == "set-cookie" && value.size() > name.size() &&
            value.compare(0, name.size(), name) == 0 && value[name.size()] == '=') {
            return true;
        }
    }
    return false;
}

}  // namespace

bool IsApiPath(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

const std::vector<std::string>& PublicRouteAllowlist() {
    static const std::vector<std::string> list = {
        "GET /health",           "GET /health/ready", "GET /info",     "GET /metrics",
        "GET /assets/{rest...}", "GET /sign-in",      "POST /sign-in", "GET /api/v1/openapi.json",
    };
    return list;
}

const std::vector<std::string>& SignedInRouteAllowlist() {
    // The home page (which shows what the user's roles allow), signing out, and the user's own
    // account page.
    static const std::vector<std::string> list = {
        "GET /",        "POST /sign-out",        "GET /sign-out",
        "GET /account", "GET /account/password", "POST /account/password",
    };
    return list;
}

WebApp::WebApp(Services& services, WebConfig config, StaticAssets& assets, Metrics& metrics)
    : services_(services),
      config_(std::move(config)),
      assets_(assets),
      metrics_(metrics),
      throttle_(config_.signin_attempts_per_minute) {
    router_.Add({"GET", "/health", Access::kPublic, {}, Health});
    router_.Add({"GET", "/health/ready", Access::kPublic, {}, [this](Request&, Context&) {
                     Status ping = services_.store.Ping();
                     if (!ping) {
                         return Response::Json(503, R"({"status":"DOWN"})");
                     }
                     return Response::Json(200, R"({"status":"UP"})");
                 }});
    router_.Add({"GET", "/info", Access::kPublic, {}, [this](Request&, Context&) {
                     boost::json::object info;
                     info["name"] = "warden";
                     info["version"] = config_.version;
                     info["commit"] = config_.commit;
                     info["database"] = services_.store.Backend();
                     return Response::Json(200, boost::json::serialize(info));
                 }});
    router_.Add({"GET", "/metrics", Access::kPublic, {}, [this](Request&, Context&) {
                     Response r = Response::Text(200, metrics_.Render());
                     r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                     return r;
                 }});
    router_.Add({"GET",
                 "/assets/{rest...}",
                 Access::kPublic,
                 {},
                 [this](Request& request, Context& context) {
                     auto served =
                         assets_.Serve(request.params["rest"], request.Header("if-none-match"));
                     if (served) return *served;
                     return Fail(request, context, Error::NotFound("No such file"));
                 }});
    api::AddApiRoutes(router_, services_, config_);
    page_kit_ = AddPageRoutes(router_, services_, config_, assets_);
}

Response WebApp::Fail(const Request& request, const Context& context, const Error& error) const {
    if (IsApiPath(request.path)) return ProblemResponse(error);
    int status = HttpStatusFor(error.code);
    std::string title(StatusTitle(status));
    std::string message = error.message;
    if (error.code == ErrorCode::kNotFound) {
        title = "Page not found";
        message = "If you typed the web address, check it is correct.";
    } else if (error.code == ErrorCode::kInternal) {
        title = "Sorry, there is a problem with the service";
        message = "Try again later.";
    } else if (error.code == ErrorCode::kUnavailable) {
        title = "Sorry, the service is unavailable";
        message = std::string(kUnavailableMessage);
    }
    return ErrorPage(status, title, message, context);
}

Response WebApp::ErrorPage(int status, const std::string& title, const std::string& message,
                           const Context& context) const {
    return RenderErrorPage(page_kit_.get(), status, title, message, context);
}

Response WebApp::Dispatch(Request& request, Context& context, bool& clear_session) {
    std::map<std::string, std::string> params;
    bool method_mismatch = false;
    const Route* route = router_.Match(request.method, request.path, params, method_mismatch);
    if (route == nullptr) {
        request.route.clear();
        if (method_mismatch) {
            Response r = IsApiPath(request.path)
                             ? ProblemResponse(405, "This method is not allowed on this resource")
                             : Fail(request, context,
                                    Error{ErrorCode::kInvalidInput, "Method not allowed", {}});
            r.status = 405;
            return r;
        }
        return Fail(request, context, Error::NotFound("No such resource: " + request.path));
    }
    request.params = std::move(params);
    request.route = route->pattern;

    // Throttled routes (sign-in) count attempts per client address before any work.
    if (route->throttled && !throttle_.Allow(request.remote)) {
        return TooManyAttempts(request, context);
    }

    if (auto refused = Authenticate(request, context, clear_session)) return *refused;
    if (context.actor) request.user = context.actor->username;

    // Access.
    if (route->access != Access::kPublic) {
        if (!context.actor) {
            if (IsApiPath(request.path)) {
                return ProblemResponse(401, "Sign in or use a bearer token to call this API");
            }
            std::string target = request.path;
            if (!request.query.empty() && request.method == "GET") target += "?" + request.query;
            return Response::Redirect("/sign-in?return_to=" + PercentEncode(target));
        }
        if (route->access == Access::kAction &&
            (!route->action || !domain::Allowed(*context.actor, *route->action))) {
            return Fail(request, context,
                        Error::Forbidden("You do not have a role that allows this action"));
        }
    }

    // CSRF.
    if (IsUnsafeMethod(request.method)) {
        const std::string submitted = SubmittedCsrfToken(request);
        bool ok = true;
        if (route->access == Access::kPublic) {
            ok = CheckPreSessionCsrf(request, submitted);
        } else if (context.via_session) {
            ok = !context.csrf_token.empty() && ConstantTimeEquals(submitted, context.csrf_token);
        }
        if (!ok) {
            return Fail(request, context,
                        Error::Forbidden("The form has expired or did not come from this "
                                         "service. Go back, reload the page and try again."));
        }
    }

    return route->handler(request, context);
}

std::optional<Response> WebApp::Authenticate(const Request& request, Context& context,
                                             bool& clear_session) {
    // A bearer token, else the session cookie.
    std::string_view authorization = request.Header("authorization");
    if (!authorization.empty()) {
        constexpr std::string_view kBearer = "Bearer ";
        if (authorization.size() <= kBearer.size() ||
            ToLower(authorization.substr(0, kBearer.size())) != "bearer ") {
            return ProblemResponse(401, "Use an Authorization: Bearer token");
        }
        std::string token(Trim(authorization.substr(kBearer.size())));
        auto actor = services_.auth.Authenticate(token, request.remote);
        if (!actor) return ProblemResponse(401, "The bearer token is not valid");
        context.actor = std::move(actor).value();
    } else if (auto cookie = GetCookie(request, kSessionCookie); cookie && !cookie->empty()) {
        auto signed_in = services_.auth.Resume(*cookie, request.remote);
        if (signed_in) {
            context.actor = signed_in->actor;
            context.via_session = true;
            context.session_token_hash = signed_in->session.token_hash;
            context.csrf_token = signed_in->session.csrf_token;
        } else {
            clear_session = true;
        }
    }
    return std::nullopt;
}

bool WebApp::AdmitsUpload(const Request& request) {
    std::map<std::string, std::string> params;
    bool method_mismatch = false;
    const Route* route = router_.Match(request.method, request.path, params, method_mismatch);
    if (route == nullptr || route->body_limit != BodyLimit::kUpload) return false;
    Request headers_only = request;
    headers_only.remote = ClientAddress(request, config_.trusted_proxies);
    Context context;
    bool clear_session = false;
    if (Authenticate(headers_only, context, clear_session) || !context.actor) return false;
    if (route->access == Access::kAction) {
        return route->action && domain::Allowed(*context.actor, *route->action);
    }
    return route->access == Access::kSignedIn;
}

Response WebApp::TooManyAttempts(const Request& request, const Context& context) {
    const int wait = throttle_.RetryAfterSeconds(request.remote);
    Response r =
        IsApiPath(request.path)
            ? ProblemResponse(429, "Too many attempts from this address")
            : ErrorPage(429, "Too many sign-in attempts",
                        "There have been too many attempts to sign in from your network. Wait " +
                            std::to_string(wait) + (wait == 1 ? " second" : " seconds") +
                            ", then try again.",
                        context);
    r.status = 429;
    r.SetHeader("Retry-After", std::to_string(wait));
    return r;
}

Response WebApp::InternalError(const Request& request, const Context& context) const {
    try {
        return Fail(request, context, Error::Internal("unhandled exception"));
    } catch (...) {
        return PlainErrorPage(500, "Sorry, there is a problem with the service",
                              "Try again later.");
    }
}

Response WebApp::Handle(Request& request) {
    // Behind a trusted proxy, the client is what the proxy says (the audit and throttle use it).
    request.remote = ClientAddress(request, config_.trusted_proxies);
    Context context;
    bool clear_session = false;
    Response response;
    try {
        response = Dispatch(request, context, clear_session);
    } catch (const std::exception& e) {
        Log(spdlog::level::err, "unhandled exception",
            {{"request_id", request.request_id},
             {"method", request.method},
             {"path", request.path},
             {"error", e.what()}});
        response = InternalError(request, context);
    } catch (...) {
        Log(spdlog::level::err, "unhandled non-standard exception",
            {{"request_id", request.request_id},
             {"method", request.method},
             {"path", request.path}});
        response = InternalError(request, context);
    }
    if (clear_session && !SetsCookie(response, kSessionCookie)) {
        AddCookie(response, ClearSessionCookie());
    }
    if (config_.secure_cookies) {
        // Served over https (WARDEN_PUBLIC_URL): browsers must not fall back to http.
        MarkCookiesSecure(response);
        response.SetHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    if (context.actor || IsApiPath(request.path)) {
        bool has_cache_control = false;
        for (const auto& [name, value] : response.headers) {
            if (ToLower(name) == "cache-control") has_cache_control = true;
        }
        if (!has_cache_control) response.SetHeader("Cache-Control", "no-store");
    }
    return response;
}

}  // namespace warden::web
