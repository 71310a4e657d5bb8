#pragma once
// JSON and CSV of TMPP handsets, shared by the API routes (handsets_api.cpp) and the pages.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "domain/tmpp/handsets/handset_service.hpp"
#include "domain/tmpp/handsets/stocktake.hpp"

namespace warden::web::api {

/// A handset as API.md and issue 10 name its fields: tag, imei, model, iccid, phone_number,
/// seal, establishment, home_wing, status, overdue and, while issued, issued_to and issued_at.
boost::json::object HandsetJson(const domain::Handset& h, bool overdue);
/// The register as CSV (every cell through CsvCell), with a header row.
std::string HandsetsCsv(const std::vector<domain::HandsetRow>& rows);
/// A stocktake as its API answers it: id, establishment, taken_at, taken_by, seen_count, matched,
/// missing, unknown, seal_mismatches, out and seals_not_checked (tmpp/stocktakes_api.cpp).
boost::json::object StocktakeJson(const domain::Stocktake& s);

}  // namespace warden::web::api
