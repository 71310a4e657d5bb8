// The OpenAPI paths and schemas of the TMPP stocktake routes (tmpp/stocktakes_api.cpp), merged
// into the document by OpenApiDocument (openapi.cpp).

#include <string_view>

#include "web/api/api.hpp"

namespace warden::web::api {
namespace {

constexpr std::string_view kStocktakes = R"json({
  "paths": {
    "/api/v1/establishments/{code}/stocktakes": {
      "post": {"operationId": "takeStocktake", "tags": ["tmpp"], "summary": "TMPP SPoC takes a stocktake: in one transaction each missing handset becomes LOST with a draft LOSS incident and each seal mismatch QUARANTINED with a draft SEAL_TAMPERED incident; the stocktake is kept. 400 names each bad entry (seen[2].tag)",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["seen"],
          "properties": {"seen": {"type": "array", "maxItems": 2000, "items": {"type": "object", "required": ["tag"],
            "properties": {"tag": {"type": "string"}, "seal": {"type": "string", "description": "the seal number read; empty or absent when only the tag was scanned"}}}}}}}}},
        "responses": {"201": {"description": "The stocktake", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stocktake"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}},
      "get": {"operationId": "listStocktakes", "tags": ["tmpp"], "summary": "The establishment's stocktakes, newest first (at most 100)",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
        "responses": {"200": {"description": "The stocktakes", "content": {"application/json": {"schema": {"type": "object", "required": ["establishment", "items"],
          "properties": {"establishment": {"type": "string"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/Stocktake"}}}}}}},
                      "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/stocktakes/{id}": {
      "get": {"operationId": "getStocktake", "tags": ["tmpp"], "summary": "One stocktake",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}, {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "The stocktake", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stocktake"}}}},
                      "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"}}}}
  },
  "parameters": {},
  "schemas": {
    "Stocktake": {"type": "object", "required": ["id", "establishment", "taken_at", "taken_by", "seen_count", "matched", "missing", "unknown", "seal_mismatches", "out", "seals_not_checked"],
      "properties": {"id": {"type": "integer"}, "establishment": {"type": "string"}, "taken_at": {"type": "string", "format": "date-time"}, "taken_by": {"type": "string"},
                     "seen_count": {"type": "integer", "description": "distinct handsets listed"}, "matched": {"type": "integer", "description": "seen in the register with the recorded seal"},
                     "missing": {"type": "array", "description": "in the register, not ISSUED, LOST or RETIRED, and not seen: now LOST", "items": {"type": "object",
                       "properties": {"tag": {"type": "string"}, "status_before": {"type": "string"}, "seal": {"type": "string"}, "status": {"type": "string", "enum": ["LOST"]},
                                      "incident": {"type": ["object", "null"], "properties": {"reference": {"type": "string"}}}}}},
                     "unknown": {"type": "array", "description": "seen but not in the establishment's register", "items": {"type": "object",
                       "properties": {"tag": {"type": "string"}, "seal": {"type": ["string", "null"]}}}},
                     "seal_mismatches": {"type": "array", "description": "seen with another seal: QUARANTINED with a draft SEAL_TAMPERED incident (incident null, status unchanged, when it was already QUARANTINED, LOST or RETIRED)", "items": {"type": "object",
                       "properties": {"tag": {"type": "string"}, "status_before": {"type": "string"}, "seal_recorded": {"type": "string"}, "seal_seen": {"type": "string"},
                                      "status": {"type": "string", "enum": ["QUARANTINED", "LOST", "RETIRED"]}, "incident": {"type": ["object", "null"], "properties": {"reference": {"type": "string"}}}}}},
                     "out": {"type": "array", "description": "the handsets out with prisoners (ISSUED)", "items": {"type": "object",
                       "properties": {"tag": {"type": "string"}, "issued_to": {"type": "string"}, "issued_at": {"type": ["string", "null"], "format": "date-time"}}}},
                     "seals_not_checked": {"type": "array", "description": "in hand and seen by the tag alone, so the seal was not checked against the register; nothing changes", "items": {"type": "object",
                       "properties": {"tag": {"type": "string"}, "seal_recorded": {"type": "string"}}}}}}
  }
})json";

}  // namespace

std::string_view StocktakeOpenApi() { return kStocktakes; }

}  // namespace warden::web::api
