#pragma once
// What every JSON API file uses: reading the body and its fields, the query's limit, answering
// JSON, and wrapping a handler so that its errors answer problem+json. One home, so the API files
// cannot drift apart.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/people/roles.hpp"
#include "web/form.hpp"
#include "web/http.hpp"
#include "web/problem.hpp"
#include "web/router.hpp"

namespace warden::web::api {

/// Page sizes of the API's lists (`?limit=`).
inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 500;

/// `value` serialised as an application/json response.
Response JsonOk(const boost::json::value& value, int status = 200);
/// `s`, or null when empty.
boost::json::value OrNull(const std::string& s);
/// `t` as RFC 3339, or null when absent.
boost::json::value TimeOrNull(const std::optional<TimePoint>& t);
/// A JSON array of strings.
boost::json::array Strings(const std::vector<std::string>& items);
/// kInvalidInput naming `field`.
Error BadField(const std::string& field, const std::string& message);

/// The request body as a JSON object (an empty body is an empty object).
Result<boost::json::object> Body(const Request& request);
/// A string field ("" when absent or null).
Result<std::string> String(const boost::json::object& o, const char* field);
/// A whole-number field (nullopt when absent or null).
Result<std::optional<std::int64_t>> Integer(const boost::json::object& o, const char* field);
/// A boolean field (false when absent or null).
Result<bool> Boolean(const boost::json::object& o, const char* field);
/// A list-of-strings field (empty when absent or null).
Result<std::vector<std::string>> StringList(const boost::json::object& o, const char* field);

/// The query string, or a 400 problem.
Result<FormData> Query(const Request& request);
/// `limit` from the query: kDefaultLimit when absent, else 1..max.
Result<int> Limit(const FormData& query, int max = kMaxLimit);

/// The signed-in actor (the middleware guarantees one on every Access::kAction route).
const domain::Actor& ActorOf(const Context& context);

/// Wraps a handler body returning Result<Response> into a RouteHandler answering problem+json.
template <typename F>
RouteHandler Api(F f) {
    return [f = std::move(f)](Request& request, Context& context) -> Response {
        Result<Response> result = f(request, context);
        if (!result) return ProblemResponse(result.error());
        return std::move(result).value();
    };
}

}  // namespace warden::web::api
