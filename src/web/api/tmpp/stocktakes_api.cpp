// The TMPP stocktake routes of the JSON API (API.md: stocktakes). The handler parses the `seen`
// list, calls StocktakeService and renders the answer: `missing`, `unknown`, `seal_mismatches`
// and `out` (the handsets out with prisoners), each draft opened named by its reference, and
// `seals_not_checked` (seen by the tag alone).

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "web/api/api.hpp"
#include "web/api/json_support.hpp"
#include "web/api/tmpp/handsets_json.hpp"

namespace warden::web::api {

namespace json = boost::json;
using domain::Action;
using domain::StocktakeFinding;

json::object StocktakeJson(const domain::Stocktake& s) {
    json::array missing;
    json::array unknown;
    json::array mismatches;
    json::array out;
    json::array not_checked;
    for (const auto& i : s.items) {
        const json::value incident = i.incident.empty()
                                         ? json::value(nullptr)
                                         : json::value(json::object{{"reference", i.incident}});
        switch (i.finding) {
            case StocktakeFinding::kMissing:
                missing.push_back(json::object{{"tag", i.tag},
                                               {"status_before", i.status_before},
                                               {"seal", i.seal_recorded},
                                               {"status", StocktakeStatusAfter(i)},
                                               {"incident", incident}});
                break;
            case StocktakeFinding::kUnknown:
                unknown.push_back(json::object{{"tag", i.tag}, {"seal", OrNull(i.seal_seen)}});
                break;
            case StocktakeFinding::kSealMismatch:
                mismatches.push_back(json::object{{"tag", i.tag},
                                                  {"status_before", i.status_before},
                                                  {"seal_recorded", i.seal_recorded},
                                                  {"seal_seen", i.seal_seen},
                                                  {"status", StocktakeStatusAfter(i)},
                                                  {"incident", incident}});
                break;
            case StocktakeFinding::kOut:
                out.push_back(json::object{{"tag", i.tag},
                                           {"issued_to", i.prisoner},
                                           {"issued_at", TimeOrNull(i.issued_at)}});
                break;
            case StocktakeFinding::kSeen:
                if (SealNotChecked(i)) {
                    not_checked.push_back(
                        json::object{{"tag", i.tag}, {"seal_recorded", i.seal_recorded}});
                }
                break;
        }
    }
    return json::object{{"id", s.id},
                        {"establishment", s.establishment},
                        {"taken_at", FormatRfc3339(s.taken_at)},
                        {"taken_by", s.taken_by},
                        {"seen_count", s.seen_count},
                        {"matched", s.MatchedCount()},
                        {"missing", std::move(missing)},
                        {"unknown", std::move(unknown)},
                        {"seal_mismatches", std::move(mismatches)},
                        {"out", std::move(out)},
                        {"seals_not_checked", std::move(not_checked)}};
}

namespace {

Result<std::vector<domain::StocktakeSeen>> SeenBody(const Request& request) {
    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
    const json::value* seen = body.if_contains("seen");
    if (seen == nullptr || !seen->is_array()) {
        return BadField("seen", "seen must be a list of {\"tag\", \"seal\"}");
    }
    std::vector<domain::StocktakeSeen> out;
    size_t n = 0;
    for (const auto& v : seen->as_array()) {
        const std::string at = "seen[" + std::to_string(n++) + "]";
        if (!v.is_object()) return BadField(at, at + " must be an object {\"tag\", \"seal\"}");
        domain::StocktakeSeen s;
        auto tag = String(v.as_object(), "tag");
        if (!tag) return BadField(at + ".tag", at + ".tag must be a string");
        auto seal = String(v.as_object(), "seal");
        if (!seal) return BadField(at + ".seal", at + ".seal must be a string");
        s.tag = std::move(tag).value();
        s.seal = std::move(seal).value();
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

void AddStocktakeApiRoutes(Router& router, Services& services) {
    domain::StocktakeService* stocktakes = &services.stocktakes;

    router.Add({"POST", "/api/v1/establishments/{code}/stocktakes", Access::kAction,
                Action::kHandsetsStocktake,
                Api([stocktakes](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto seen, SeenBody(request));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto s, stocktakes->Take(ActorOf(context), request.params["code"],
                                                 std::move(seen)));
                    return JsonOk(StocktakeJson(s), 201);
                })});

    router.Add({"GET", "/api/v1/establishments/{code}/stocktakes", Access::kAction,
                Action::kHandsetsRead,
                Api([stocktakes](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto list, stocktakes->List(ActorOf(context), request.params["code"]));
                    json::array items;
                    for (const auto& s : list) items.push_back(StocktakeJson(s));
                    return JsonOk(json::object{{"establishment", ToUpper(request.params["code"])},
                                               {"items", std::move(items)}});
                })});

    router.Add({"GET", "/api/v1/establishments/{code}/stocktakes/{id}", Access::kAction,
                Action::kHandsetsRead,
                Api([stocktakes](Request& request, Context& context) -> Result<Response> {
                    const int id = ParseNonNegativeInt(request.params["id"]);
                    if (id <= 0) return Error::NotFound("Stocktake was not found");
                    WARDEN_ASSIGN_OR_RETURN(
                        auto s, stocktakes->Get(ActorOf(context), request.params["code"], id));
                    return JsonOk(StocktakeJson(s));
                })});
}

}  // namespace warden::web::api
