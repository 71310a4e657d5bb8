#pragma once
// The JSON API under /api/v1 (API.md).

#include "web/router.hpp"
#include "web/services.hpp"

namespace warden::web::api {

/// Adds every implemented /api/v1 route (each Access::kRoles) to `router`.
void AddApiRoutes(Router& router, Services& services, const WebConfig& config);

/// Adds the TMPP access routes (tmpp_api.cpp); called by AddApiRoutes.
void AddTmppApiRoutes(Router& router, Services& services);

/// The OpenAPI 3.1 document of the whole API (implemented paths with schemas; the others marked
/// `x-implemented: false`), serialised once.
const std::string& OpenApiDocument();

}  // namespace warden::web::api
