// The OpenAPI paths and schemas of the TMPP handset routes (handsets_api.cpp), merged into the
// document by OpenApiDocument (openapi.cpp).

#include <string_view>

#include "web/api/api.hpp"

namespace warden::web::api {
namespace {

constexpr std::string_view kHandsets = R"json({
  "paths": {
    "/api/v1/establishments/{code}/handsets": {
      "post": {"operationId": "addHandset", "tags": ["tmpp"], "summary": "TMPP SPoC adds a handset to the register (AVAILABLE); 400 names each failing field, 409 a taken tag, IMEI or ICCID",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HandsetInput"}}}},
        "responses": {"201": {"description": "The handset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Handset"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}},
      "get": {"operationId": "listHandsets", "tags": ["tmpp"], "summary": "The establishment's handset register, filtered by status and home wing",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}, {"$ref": "#/components/parameters/HandsetStatus"},
                       {"name": "wing", "in": "query", "schema": {"type": "string"}, "description": "home wing"}],
        "responses": {"200": {"description": "The handsets", "content": {"application/json": {"schema": {"type": "object", "required": ["establishment", "items"],
          "properties": {"establishment": {"type": "string"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/Handset"}}}}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/handsets.csv": {"get": {"operationId": "downloadHandsets", "tags": ["tmpp"], "summary": "The register as CSV (cells neutralised against formula injection)",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}, {"$ref": "#/components/parameters/HandsetStatus"},
                       {"name": "wing", "in": "query", "schema": {"type": "string"}, "description": "home wing"}],
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/handset-overdue-limit": {"put": {"operationId": "setHandsetOverdueLimit", "tags": ["tmpp"], "summary": "TMPP SPoC sets how long a handset may be out before it is overdue (default 30 minutes)",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["overdue_minutes"],
          "properties": {"overdue_minutes": {"type": "integer", "minimum": 1, "maximum": 1440}}}}}},
        "responses": {"200": {"description": "The limit", "content": {"application/json": {"schema": {"type": "object", "required": ["establishment", "overdue_minutes"],
          "properties": {"establishment": {"type": "string"}, "overdue_minutes": {"type": "integer"}}}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/handsets/{tag}": {
      "get": {"operationId": "getHandset", "tags": ["tmpp"], "summary": "One handset with its timeline",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/HandsetTag"}],
        "responses": {"200": {"description": "The handset", "content": {"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/Handset"},
          {"type": "object", "required": ["overdue_minutes", "timeline"], "properties": {"overdue_minutes": {"type": "integer"},
            "timeline": {"type": "array", "items": {"type": "object", "required": ["at", "by", "what", "detail"],
              "properties": {"at": {"type": "string", "format": "date-time"}, "by": {"type": "string"}, "what": {"type": "string"}, "detail": {"type": "string"}}}}}}]}}}},
                      "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"}}},
      "put": {"operationId": "editHandset", "tags": ["tmpp"], "summary": "TMPP SPoC corrects model, phone number and home wing (other fields are ignored)",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/HandsetTag"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HandsetInput"}}}},
        "responses": {"200": {"description": "The handset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Handset"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/handsets/{tag}/issue": {"post": {"operationId": "issueHandset", "tags": ["tmpp"], "summary": "Issue to a prisoner on their wing's current list with an active grant and no handset; the seal read must match. 409 names the unmet rule",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/HandsetTag"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["prisoner", "seal"],
          "properties": {"prisoner": {"type": "string"}, "seal": {"type": "string"}}}}}},
        "responses": {"200": {"description": "Issued, with the grant's conditions", "content": {"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/Handset"},
          {"type": "object", "required": ["conditions"], "properties": {"conditions": {"type": "array", "items": {"type": "string"}}}}]}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/handsets/{tag}/return": {"post": {"operationId": "returnHandset", "tags": ["tmpp"], "summary": "Take a handset back: a seal mismatch or missing SIM quarantines it, DAMAGED makes it DAMAGED; each opens a draft incident in the same transaction, named in incident",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/HandsetTag"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["seal", "sim_present"],
          "properties": {"seal": {"type": "string"}, "sim_present": {"type": "boolean"}, "condition": {"type": "string", "enum": ["OK", "DAMAGED"], "default": "OK"}}}}}},
        "responses": {"200": {"description": "Returned", "content": {"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/Handset"},
          {"type": "object", "required": ["returned_from", "incident"], "properties": {"returned_from": {"type": "string"},
            "incident": {"type": ["object", "null"], "properties": {"reference": {"type": "string"}, "type": {"type": "string", "enum": ["SEAL_TAMPERED", "SIM_TAMPERED", "DAMAGE"]}, "evidence": {"type": "string"}}}}}]}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/handsets/{tag}/reseal": {"post": {"operationId": "resealHandset", "tags": ["tmpp"], "summary": "TMPP SPoC reseals a handset in hand after inspection: a new seal and a note; AVAILABLE again",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/HandsetTag"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["seal", "note"],
          "properties": {"seal": {"type": "string"}, "note": {"type": "string"}}}}}},
        "responses": {"200": {"description": "Resealed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Handset"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/handsets/{tag}/retire": {"post": {"operationId": "retireHandset", "tags": ["tmpp"], "summary": "TMPP SPoC retires a handset that is not issued, with a reason",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/HandsetTag"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"],
          "properties": {"reason": {"type": "string"}}}}}},
        "responses": {"200": {"description": "Retired", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Handset"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}}
  },
  "parameters": {
    "HandsetTag": {"name": "tag", "in": "path", "required": true, "schema": {"type": "string"}, "description": "asset tag"},
    "HandsetStatus": {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["AVAILABLE", "ISSUED", "QUARANTINED", "DAMAGED", "LOST", "RETIRED"]}}
  },
  "schemas": {
    "HandsetInput": {"type": "object", "required": ["tag", "imei", "model", "iccid", "phone_number", "seal", "home_wing"],
      "properties": {"tag": {"type": "string"}, "imei": {"type": "string", "description": "15 digits, Luhn-checked"}, "model": {"type": "string"},
                     "iccid": {"type": "string", "description": "18 to 20 digits, Luhn-checked"}, "phone_number": {"type": "string"},
                     "seal": {"type": "string"}, "home_wing": {"type": "string"}}},
    "Handset": {"type": "object", "required": ["tag", "imei", "model", "iccid", "phone_number", "seal", "establishment", "home_wing", "status", "overdue", "updated_at"],
      "properties": {"tag": {"type": "string"}, "imei": {"type": "string"}, "model": {"type": "string"}, "iccid": {"type": "string"},
                     "phone_number": {"type": "string"}, "seal": {"type": "string"}, "establishment": {"type": "string"}, "home_wing": {"type": "string"},
                     "status": {"type": "string", "enum": ["AVAILABLE", "ISSUED", "QUARANTINED", "DAMAGED", "LOST", "RETIRED"]},
                     "overdue": {"type": "boolean"}, "updated_at": {"type": "string", "format": "date-time"},
                     "issued_to": {"type": "string", "description": "prison number, while issued"},
                     "issued_at": {"type": "string", "format": "date-time", "description": "while issued"},
                     "recall_requested": {"type": "boolean", "description": "while issued: the holder's TMPP access was withdrawn, so the handset must be recalled"},
                     "recall_requested_at": {"type": ["string", "null"], "format": "date-time", "description": "while issued: when the recall was requested"}}}
  }
})json";

}  // namespace

std::string_view HandsetOpenApi() { return kHandsets; }

}  // namespace warden::web::api
