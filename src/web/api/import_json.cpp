#include "web/api/import_json.hpp"

#include <boost/json.hpp>

namespace warden::web::api {

namespace json = boost::json;

std::string ImportResultJson(const domain::ImportResult& r) {
    json::array rejected;
    for (const auto& rej : r.rejected) {
        rejected.push_back(json::object{{"line", rej.line}, {"error", rej.error}});
    }
    json::array transferred;
    for (const auto& t : r.transferred_in) {
        transferred.push_back(json::object{{"prison_number", t.prison_number}, {"from", t.from}});
    }
    json::array wings;
    for (const auto& w : r.wings_created) wings.push_back(json::value(w));
    return json::serialize(json::object{{"inserted", r.inserted},
                                        {"updated", r.updated},
                                        {"unchanged", r.unchanged},
                                        {"gone", r.gone},
                                        {"gone_skipped", r.gone_skipped},
                                        {"rejected", std::move(rejected)},
                                        {"wings_created", std::move(wings)},
                                        {"transferred_in", std::move(transferred)}});
}

}  // namespace warden::web::api
