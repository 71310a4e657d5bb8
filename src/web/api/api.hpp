#pragma once
// The JSON API under /api/v1 (API.md).

#include "web/router.hpp"
#include "web/services.hpp"

namespace warden::web::api {

/// Adds every implemented /api/v1 route to `router`: each Access::kAction except the public
/// GET /api/v1/openapi.json.
void AddApiRoutes(Router& router, Services& services, const WebConfig& config);

/// Adds the TMPP access routes (tmpp_api.cpp); called by AddApiRoutes.
void AddTmppApiRoutes(Router& router, Services& services);

/// The OpenAPI 3.1 document of the API: the served operations in `paths`, with schemas; API.md's
/// operations not built yet under `x-planned`. Serialised once.
const std::string& OpenApiDocument();

}  // namespace warden::web::api
