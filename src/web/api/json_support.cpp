#include "web/api/json_support.hpp"

#include "core/strings.hpp"

namespace warden::web::api {

namespace json = boost::json;

Response JsonOk(const json::value& value, int status) {
    return Response::Json(status, json::serialize(value));
}

json::value OrNull(const std::string& s) {
    if (s.empty()) return nullptr;
    return json::value(s);
}

json::value TimeOrNull(const std::optional<TimePoint>& t) {
    return t ? json::value(FormatRfc3339(*t)) : json::value(nullptr);
}

json::array Strings(const std::vector<std::string>& items) {
    json::array out;
    out.reserve(items.size());
    for (const auto& s : items) out.push_back(json::value(s));
    return out;
}

Error BadField(const std::string& field, const std::string& message) {
    return Error::Invalid(message, {{field, message}});
}

namespace {

Error NulField(const char* field) {
    return BadField(field, std::string(field) + " must not contain a NUL character (\\u0000)");
}

}  // namespace

Result<json::object> Body(const Request& request) {
    if (Trim(request.body).empty()) return json::object{};
    boost::system::error_code ec;
    json::value v = json::parse(request.body, ec);
    if (ec || !v.is_object()) return Error::Invalid("The body must be a JSON object");
    return std::move(v.as_object());
}

Result<std::string> String(const json::object& o, const char* field) {
    auto it = o.find(field);
    if (it == o.end() || it->value().is_null()) return std::string();
    if (!it->value().is_string()) return BadField(field, std::string(field) + " must be a string");
    // "\u0000" is valid JSON, but PostgreSQL's text cannot hold it (SQLite would store it): the
    // same request must not store different text on the two databases.
    const json::string& s = it->value().as_string();
    if (s.find('\0') != json::string::npos) return NulField(field);
    return std::string(s);
}

Result<std::optional<std::int64_t>> Integer(const json::object& o, const char* field) {
    auto it = o.find(field);
    if (it == o.end() || it->value().is_null()) return std::optional<std::int64_t>();
    if (it->value().is_int64()) return std::optional(it->value().as_int64());
    if (it->value().is_uint64() && it->value().as_uint64() < 1000000) {
        return std::optional(static_cast<std::int64_t>(it->value().as_uint64()));
    }
    return BadField(field, std::string(field) + " must be a whole number");
}

Result<bool> Boolean(const json::object& o, const char* field) {
    auto it = o.find(field);
    if (it == o.end() || it->value().is_null()) return false;
    if (!it->value().is_bool()) {
        return BadField(field, std::string(field) + " must be true or false");
    }
    return it->value().as_bool();
}

Result<std::vector<std::string>> StringList(const json::object& o, const char* field) {
    std::vector<std::string> out;
    auto it = o.find(field);
    if (it == o.end() || it->value().is_null()) return out;
    if (!it->value().is_array()) {
        return BadField(field, std::string(field) + " must be a list of strings");
    }
    for (const auto& v : it->value().as_array()) {
        if (!v.is_string()) {
            return BadField(field, std::string(field) + " must be a list of strings");
        }
        if (v.as_string().find('\0') != json::string::npos) return NulField(field);
        out.emplace_back(v.as_string());
    }
    return out;
}

Result<FormData> Query(const Request& request) { return ParseQueryString(request.query); }

Result<int> Limit(const FormData& query, int max) {
    auto raw = query.Get("limit");
    if (!raw) return kDefaultLimit;
    int limit = ParseNonNegativeInt(*raw);
    if (limit < 1 || limit > max) {
        std::string message = "Limit must be a whole number from 1 to " + std::to_string(max);
        return Error::Invalid(message, {{"limit", message}});
    }
    return limit;
}

const domain::Actor& ActorOf(const Context& context) { return *context.actor; }

}  // namespace warden::web::api
