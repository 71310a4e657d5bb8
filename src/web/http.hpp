#pragma once
// Our own HTTP request/response types: only src/web/server/ sees Boost.Beast.

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace warden::web {

/// A parsed HTTP request as handlers see it.
struct Request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // raw target, e.g. "/api/v1/prisoners?q=smith"
    std::string path;    // decoded path without query, e.g. "/api/v1/prisoners"
    std::string query;   // raw query string without '?'
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string remote;                         // client address
    std::string request_id;                     // set by the server
    std::map<std::string, std::string> params;  // path parameters, set by the router
    std::string route;  // matched route pattern, set by the router (for metrics)
    std::string user;   // signed-in username, set by the auth middleware (access log)

    /// Header value or "" (name in lower case).
    std::string_view Header(std::string_view name) const;
};

/// A response; the server adds the security headers and the request id.
struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type = "text/html; charset=utf-8";
    /// When non-empty, the server streams this file instead of `body`.
    std::string file_path;

    void SetHeader(std::string name, std::string value);
    static Response Text(int status, std::string body);
    static Response Json(int status, std::string body);
    static Response Html(int status, std::string body);
    static Response Redirect(std::string location, int status = 303);
};

}  // namespace warden::web
