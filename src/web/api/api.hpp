#pragma once
// The JSON API under /api/v1 (API.md).

#include <string>
#include <string_view>

#include "web/router.hpp"
#include "web/services.hpp"

namespace warden::web::api {

/// Adds every implemented /api/v1 route to `router`: each Access::kAction except the public
/// GET /api/v1/openapi.json.
void AddApiRoutes(Router& router, Services& services, const WebConfig& config);

/// Adds the TMPP access routes (tmpp_api.cpp); called by AddApiRoutes.
void AddTmppApiRoutes(Router& router, Services& services);
/// Adds the TMPP handset routes (tmpp/handsets_api.cpp); called by AddApiRoutes.
void AddHandsetApiRoutes(Router& router, Services& services);
/// Adds the TMPP incident routes (tmpp/incidents_api.cpp); called by AddApiRoutes.
void AddIncidentApiRoutes(Router& router, Services& services);
/// Adds the TMPP stocktake routes (tmpp/stocktakes_api.cpp); called by AddApiRoutes.
void AddStocktakeApiRoutes(Router& router, Services& services);

/// Adds the digital demand routes (demand/demand_api.cpp); called by AddApiRoutes.
void AddDemandApiRoutes(Router& router, Services& services);
/// Adds the catalogue routes (demand/catalogue_api.cpp); called by AddApiRoutes.
void AddCatalogueApiRoutes(Router& router, Services& services);
/// Groups of proposals with a lead establishment (DIGITAL_REVIEWER).
void AddGroupApiRoutes(Router& router, Services& services);
/// The email outbox (ADMIN; outbox_api.cpp); called by AddApiRoutes.
void AddOutboxApiRoutes(Router& router, Services& services);

/// The OpenAPI 3.1 document of the API that `router` serves (the rest of API.md under
/// `x-planned`), with each operation's "x-roles" and "x-action" from the policy table.
std::string OpenApiDocument(const Router& router);
/// The paths, parameters and schemas of the handset routes (openapi_handsets.cpp).
std::string_view HandsetOpenApi();
/// The OpenAPI fragment of the incident routes (openapi_incidents.cpp).
std::string_view IncidentOpenApi();
/// The OpenAPI fragment of the stocktake routes (openapi_stocktakes.cpp).
std::string_view StocktakeOpenApi();
/// The OpenAPI fragment of the outbox routes (openapi_outbox.cpp).
std::string_view OutboxOpenApi();

}  // namespace warden::web::api
