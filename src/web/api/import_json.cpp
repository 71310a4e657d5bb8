#include "web/api/import_json.hpp"

#include <boost/json.hpp>

namespace warden::web::api {

namespace json = boost::json;

std::string ImportResultJson(const domain::ImportResult& r) {
    json::array rejected;
    for (const auto& rej : r.rejected) {
        rejected.push_back(json::object{{"line", rej.line}, {"error", rej.error}});
    }
    json::array wings;
    for (const auto& w : r.wings_created) wings.push_back(json::value(w));
    return json::serialize(json::object{{"inserted", r.inserted},
                                        {"updated", r.updated},
                                        {"unchanged", r.unchanged},
                                        {"gone", r.gone},
                                        {"gone_skipped", r.gone_skipped},
                                        {"rejected", std::move(rejected)},
                                        {"wings_created", std::move(wings)}});
}

}  // namespace warden::web::api
