// The OpenAPI paths and schemas of the TMPP incident routes (tmpp/incidents_api.cpp), merged
// into the document by OpenApiDocument (openapi.cpp).

#include <string_view>

#include "web/api/api.hpp"

namespace warden::web::api {
namespace {

constexpr std::string_view kIncidents = R"json({
  "paths": {
    "/api/v1/incidents": {
      "post": {"operationId": "raiseIncident", "tags": ["tmpp"], "summary": "Staff of the establishment raise an incident: it is REPORTED at once and the TMPP SPoC is emailed (codes and a link only). 400 names each failing field; 409 when the establishment has no SPoC address",
        "x-implemented": true,
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentInput"}}}},
        "responses": {"201": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/incidents/{ref}": {
      "get": {"operationId": "getIncident", "tags": ["tmpp"], "summary": "One incident with its timeline and the emails its steps queued, with their delivery state",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/IncidentReference"}],
        "responses": {"200": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
                      "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/incidents/{ref}/report": {"post": {"operationId": "reportIncident", "tags": ["tmpp"], "summary": "Complete a DRAFT (description required; the other fields replace the draft's when given) and report it: the TMPP SPoC is emailed. 409 when it is not a DRAFT",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/IncidentReference"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentInput"}}}},
        "responses": {"200": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/incidents/{ref}/not-reportable": {"post": {"operationId": "markIncidentNotReportable", "tags": ["tmpp"], "summary": "Mark a DRAFT NOT_REPORTABLE with a reason (a misread seal, say). 409 when it is not a DRAFT",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/IncidentReference"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}}}},
        "responses": {"200": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}}
  },
  "parameters": {
    "IncidentReference": {"name": "ref", "in": "path", "required": true, "schema": {"type": "string"}, "description": "e.g. MDI-TMPP-2026-00042"}
  },
  "schemas": {
    "IncidentInput": {"type": "object",
      "properties": {"type": {"type": "string", "enum": ["SEAL_TAMPERED", "SIM_TAMPERED", "DAMAGE", "LOSS", "MISUSE", "NON_COMPLIANCE", "OTHER"], "description": "required to raise; ignored when reporting a draft"},
                     "establishment": {"type": "string", "description": "required to raise; ignored when reporting a draft"},
                     "wing": {"type": "string"}, "handset": {"type": "string", "description": "asset tag"},
                     "prisoners": {"type": "array", "items": {"type": "string"}, "description": "prison numbers"},
                     "occurred_at": {"type": "string", "format": "date-time"}, "discovered_at": {"type": "string", "format": "date-time", "description": "now when not given"},
                     "description": {"type": "string", "description": "required; the system prefixes TMPP"}, "local_ir_number": {"type": "string"}}},
    "Incident": {"type": "object", "required": ["reference", "status", "type", "establishment", "prisoners", "discovered_at", "reporter", "description", "sanctions"],
      "properties": {"reference": {"type": "string"}, "status": {"type": "string", "enum": ["DRAFT", "REPORTED", "RIU_NOTIFIED", "CLOSED", "NOT_REPORTABLE"]},
                     "type": {"type": "string"}, "establishment": {"type": "string"}, "wing": {"type": ["string", "null"]}, "handset": {"type": ["string", "null"]},
                     "prisoners": {"type": "array", "items": {"type": "string"}}, "occurred_at": {"type": ["string", "null"], "format": "date-time"},
                     "discovered_at": {"type": "string", "format": "date-time"}, "reporter": {"type": "string"}, "description": {"type": "string"},
                     "local_ir_number": {"type": ["string", "null"]}, "evidence": {"type": ["string", "null"], "description": "what a return saw"},
                     "created_at": {"type": "string", "format": "date-time"}, "reported_at": {"type": ["string", "null"], "format": "date-time"},
                     "sanctions": {"type": "array", "description": "empty: sanctions are not built yet"},
                     "timeline": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}, "by": {"type": "string"}, "what": {"type": "string"}, "detail": {"type": "string"}}}},
                     "notifications": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "to": {"type": "array", "items": {"type": "string"}},
                       "state": {"type": "string", "enum": ["PENDING", "SENT", "DEAD"]}, "created_at": {"type": "string", "format": "date-time"}, "sent_at": {"type": ["string", "null"], "format": "date-time"}}}}}}
  }
})json";

}  // namespace

std::string_view IncidentOpenApi() { return kIncidents; }

}  // namespace warden::web::api
