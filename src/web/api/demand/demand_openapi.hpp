#pragma once
// The OpenAPI paths and schemas of the digital demand routes (demand_api.cpp), merged into the
// document by openapi.cpp.

#include <string_view>

namespace warden::web::api {

/// A JSON object with "paths", "parameters" and "schemas" to merge into the OpenAPI document.
std::string_view DemandOpenApi();

}  // namespace warden::web::api
