// The catalogue of assured national services (API.md: GET/POST /api/v1/catalogue; issue 11
// item 4). Handlers parse, call CatalogueService and render.

#include <boost/json.hpp>
#include <utility>

#include "web/api/api.hpp"
#include "web/api/demand/demand_json.hpp"
#include "web/api/json_support.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
using domain::Action;

/// The entry of a POST body; a field of the wrong JSON type is a 400 naming it (all at once).
Result<domain::CatalogueEntry> EntryFrom(const json::object& body) {
    domain::CatalogueEntry e;
    std::vector<FieldError> errors;
    for (auto [field, out] : {std::pair<const char*, std::string*>{"name", &e.name},
                              {"category", &e.category},
                              {"supplier", &e.supplier},
                              {"description", &e.description},
                              {"contact", &e.contact}}) {
        auto value = String(body, field);
        if (value.ok()) {
            *out = std::move(value).value();
        } else {
            for (const auto& f : value.error().fields) errors.push_back(f);
        }
    }
    if (!errors.empty()) {
        std::string message = errors.front().message;
        return Error::Invalid(std::move(message), std::move(errors));
    }
    return e;
}

}  // namespace

void AddCatalogueApiRoutes(Router& router, Services& services) {
    domain::CatalogueService* catalogue = &services.catalogue;

    router.Add({"GET", "/api/v1/catalogue", Access::kAction, Action::kDemandCatalogueRead,
                Api([catalogue](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
                    WARDEN_ASSIGN_OR_RETURN(auto entries, catalogue->List(*context.actor));
                    std::vector<Id> ids;
                    ids.reserve(entries.size());
                    for (const auto& e : entries) ids.push_back(e.id);
                    WARDEN_ASSIGN_OR_RETURN(ListSlice slice, SliceOf(ids, query));
                    json::array items;
                    for (size_t i = slice.begin; i < slice.end; ++i) {
                        items.push_back(CatalogueEntryJson(entries[i]));
                    }
                    return JsonOk(
                        json::object{{"items", std::move(items)},
                                     {"next_cursor", OrNull(slice.next_cursor.value_or(""))}});
                })});

    router.Add({"POST", "/api/v1/catalogue", Access::kAction, Action::kDemandCatalogueManage,
                Api([catalogue](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto entry, EntryFrom(body));
                    WARDEN_ASSIGN_OR_RETURN(auto added, catalogue->Add(*context.actor, entry));
                    return JsonOk(CatalogueEntryJson(added), 201);
                })});
}

}  // namespace warden::web::api
