#pragma once
// The prisoner import's result in the API's shape: one writer for the API and the CLI.

#include <string>

#include "domain/prisoners/prisoner.hpp"

namespace warden::web::api {

/// {"inserted","updated","unchanged","gone","gone_skipped","rejected":[{"line","error"}],
/// "wings_created","transferred_in":[{"prison_number","from"}]} serialised (the API's and the
/// CLI's import result).
std::string ImportResultJson(const domain::ImportResult& result);

}  // namespace warden::web::api
