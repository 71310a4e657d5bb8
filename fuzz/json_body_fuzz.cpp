// Fuzzes the API's JSON body readers (src/web/api/json_support.hpp: Body, String, Integer, Boolean,
// StringList), which read every JSON request body of /api/v1.
//  1. Any bytes as the body: no crash; an accepted body is an object, and every field of it, and
//     every field name the API reads, gives a value or a 400 naming that field.
//  2. Round trip: an accepted body serialised and read again is the same object.

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "fuzz_check.hpp"
#include "web/api/json_support.hpp"

namespace {

namespace json = boost::json;
using namespace warden::web;

// Every field name the API's handlers read from a body, and from each phase of "phases"
// (src/web/api/).
constexpr const char* kFields[] = {
    "band",      "compact_version", "conditions", "detail", "incident",
    "need",      "phase",           "phases",     "reason", "requires_resign",
    "review_on", "scope",           "signed_on",  "text",   "witnessed_by",
};
constexpr const char* kPhaseFields[] = {"phase", "needs", "bands", "amber_conditions"};

void CheckField(const json::object& body, const char* field) {
    auto named = [&](const warden::Error& e) {
        return e.fields.size() == 1 && e.fields[0].field == field && !e.message.empty();
    };
    auto s = api::String(body, field);
    if (!s.ok()) FUZZ_CHECK(named(s.error()), "String's error does not name its field");
    auto i = api::Integer(body, field);
    if (!i.ok()) FUZZ_CHECK(named(i.error()), "Integer's error does not name its field");
    auto b = api::Boolean(body, field);
    if (!b.ok()) FUZZ_CHECK(named(b.error()), "Boolean's error does not name its field");
    auto l = api::StringList(body, field);
    if (!l.ok()) FUZZ_CHECK(named(l.error()), "StringList's error does not name its field");
}

// Doubles have no exact round trip in Boost.JSON 1.81: a number beyond double's range (1e400) is
// read as infinity and written back as "Infinity", which is not JSON, and its default number
// parsing is not correctly rounded, so 18446744073.09551615 written back reads as another double.
// The API's readers refuse every non-integer number, so a body with one never reaches a service;
// the round trip is checked on bodies without doubles.
bool NoDoubles(const json::value& v) {
    switch (v.kind()) {
        case json::kind::double_:
            return false;
        case json::kind::array:
            return std::all_of(v.get_array().begin(), v.get_array().end(), NoDoubles);
        case json::kind::object:
            return std::all_of(v.get_object().begin(), v.get_object().end(),
                               [](const auto& entry) { return NoDoubles(entry.value()); });
        default:
            return true;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Request request;
    request.body = std::string(warden::fuzz::AsText(data, size));
    auto body = api::Body(request);
    if (!body.ok()) {
        FUZZ_CHECK(!body.error().message.empty(), "a refused body without a reason");
        return 0;
    }
    for (const auto& entry : *body) CheckField(*body, std::string(entry.key()).c_str());
    for (const char* field : kFields) CheckField(*body, field);
    if (const auto* phases = body->if_contains("phases"); phases && phases->is_array()) {
        for (const auto& phase : phases->as_array()) {
            if (!phase.is_object()) continue;
            for (const char* field : kPhaseFields) CheckField(phase.as_object(), field);
        }
    }

    if (!NoDoubles(json::value(*body))) return 0;
    request.body = json::serialize(*body);
    auto again = api::Body(request);
    FUZZ_CHECK(again.ok(), "a serialised body does not read back");
    FUZZ_CHECK(*again == *body, "a body changed in the round trip");
    return 0;
}
