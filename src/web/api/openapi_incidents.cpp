// The OpenAPI paths and schemas of the TMPP incident routes (tmpp/incidents_api.cpp), merged
// into the document by OpenApiDocument (openapi.cpp).

#include <string_view>

#include "web/api/api.hpp"

namespace warden::web::api {
namespace {

constexpr std::string_view kIncidents = R"json({
  "paths": {
    "/api/v1/incidents": {
      "get": {"operationId": "listIncidents", "tags": ["tmpp"], "summary": "Incidents in the caller's caseload (MONITORING: every establishment's), newest first. 400 names a bad filter",
        "x-implemented": true,
        "parameters": [{"name": "establishment", "in": "query", "schema": {"type": "string"}},
          {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["DRAFT", "REPORTED", "RIU_NOTIFIED", "CLOSED", "NOT_REPORTABLE"]}},
          {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["SEAL_TAMPERED", "SIM_TAMPERED", "DAMAGE", "LOSS", "MISUSE", "NON_COMPLIANCE", "OTHER"]}},
          {"name": "overdue", "in": "query", "schema": {"type": "string", "enum": ["true", "false"]}, "description": "true: only incidents whose RIU notification is overdue (REPORTED and not notified within 1 working day); false: all others"},
          {"$ref": "#/components/parameters/Limit"}, {"$ref": "#/components/parameters/Cursor"}],
        "responses": {"200": {"description": "A page of incidents (without timelines)", "content": {"application/json": {"schema": {
          "type": "object", "required": ["items", "next_cursor"],
          "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"}}, "next_cursor": {"type": ["string", "null"]}}}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}}},
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
    "/api/v1/incidents/{ref}/riu-notification": {"post": {"operationId": "notifyIncidentRiu", "tags": ["tmpp"], "summary": "Security notifies the region's RIU of a REPORTED incident, copying the national monitoring mailbox (WARDEN_MONITORING_EMAIL); codes and a link only. The incident becomes RIU_NOTIFIED. 409 when it is not REPORTED or the region has no RIU address",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/IncidentReference"}],
        "responses": {"200": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
                      "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/incidents/{ref}/close": {"post": {"operationId": "closeIncident", "tags": ["tmpp"], "summary": "Security closes an RIU_NOTIFIED incident with its outcome. SEAL_TAMPERED, SIM_TAMPERED, MISUSE and NON_COMPLIANCE incidents need, for every prisoner involved, both a WITHDRAWAL and a PLACED_ON_REPORT sanction, or, when the incident names no prisoner, no_prisoner_reason: 409 naming each prisoner and sanction missing otherwise; 400 on no_prisoner_reason when the incident names a prisoner (who was identified) or its type needs no sanctions",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/IncidentReference"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["outcome"], "properties": {"outcome": {"type": "string"}, "no_prisoner_reason": {"type": "string", "description": "why no prisoner could be identified: only for a SEAL_TAMPERED, SIM_TAMPERED, MISUSE or NON_COMPLIANCE incident that names no prisoner"}}}}}},
        "responses": {"200": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                      "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/incidents/{ref}/sanctions": {"post": {"operationId": "recordIncidentSanction", "tags": ["tmpp"], "summary": "Security records a sanction against a prisoner involved in a REPORTED or RIU_NOTIFIED incident. WITHDRAWAL is the TMPP withdrawal (the grant ends, issuing is refused, the wing list is stale, a held handset is flagged for recall); PLACED_ON_REPORT needs the adjudication reference (e.g. MDI-000123); OTHER needs a description. 400 naming the field; 409 when the state does not allow it or the prisoner already has that sanction",
        "x-implemented": true,
        "parameters": [{"$ref": "#/components/parameters/IncidentReference"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["prisoner", "kind"], "properties": {"prisoner": {"type": "string", "description": "a prison number the incident names"}, "kind": {"type": "string", "enum": ["WITHDRAWAL", "PLACED_ON_REPORT", "OTHER"]}, "reference": {"type": "string", "description": "PLACED_ON_REPORT: the adjudication reference, an establishment code, a hyphen and six digits"}, "description": {"type": "string", "description": "OTHER: what the sanction is"}}}}}},
        "responses": {"201": {"description": "The incident with its sanctions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
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
    "Incident": {"type": "object", "required": ["reference", "status", "type", "establishment", "prisoners", "discovered_at", "reporter", "description", "overdue", "sanctions"],
      "properties": {"reference": {"type": "string"}, "status": {"type": "string", "enum": ["DRAFT", "REPORTED", "RIU_NOTIFIED", "CLOSED", "NOT_REPORTABLE"]},
                     "type": {"type": "string"}, "establishment": {"type": "string"}, "wing": {"type": ["string", "null"]}, "handset": {"type": ["string", "null"]},
                     "prisoners": {"type": "array", "items": {"type": "string"}}, "occurred_at": {"type": ["string", "null"], "format": "date-time"},
                     "discovered_at": {"type": "string", "format": "date-time"}, "reporter": {"type": "string"}, "description": {"type": "string"},
                     "local_ir_number": {"type": ["string", "null"]}, "evidence": {"type": ["string", "null"], "description": "what a return saw"},
                     "created_at": {"type": "string", "format": "date-time"}, "reported_at": {"type": ["string", "null"], "format": "date-time"},
                     "riu_notified_at": {"type": ["string", "null"], "format": "date-time"},
                     "riu_notification_due_by": {"type": ["string", "null"], "format": "date-time", "description": "while REPORTED: the end of the first working day (England and Wales) after the day it was reported"},
                     "overdue": {"type": "boolean", "description": "riu_notification_overdue or placed_on_report_overdue"},
                     "riu_notification_overdue": {"type": "boolean", "description": "REPORTED and the RIU notification is past riu_notification_due_by"},
                     "placed_on_report_due_by": {"type": ["string", "null"], "format": "date-time", "description": "while a SEAL_TAMPERED, SIM_TAMPERED, MISUSE or NON_COMPLIANCE incident is REPORTED or RIU_NOTIFIED, without a no-prisoner reason, and a prisoner it names has no PLACED_ON_REPORT: 48 hours after discovery"},
                     "placed_on_report_overdue": {"type": "boolean", "description": "past placed_on_report_due_by"},
                     "closed_at": {"type": ["string", "null"], "format": "date-time"}, "outcome": {"type": ["string", "null"]},
                     "no_prisoner_reason": {"type": ["string", "null"]},
                     "sanctions": {"type": "array", "description": "oldest first", "items": {"type": "object", "properties": {"prisoner": {"type": "string"}, "kind": {"type": "string", "enum": ["WITHDRAWAL", "PLACED_ON_REPORT", "OTHER"]}, "reference": {"type": ["string", "null"], "description": "the adjudication reference"}, "description": {"type": ["string", "null"]}, "recorded_by": {"type": "string"}, "recorded_at": {"type": "string", "format": "date-time"}}}},
                     "timeline": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}, "by": {"type": "string"}, "what": {"type": "string"}, "detail": {"type": "string"}}}},
                     "notifications": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string", "description": "tmpp.incident.reported (to the SPoC) or tmpp.incident.riu (to the RIU, copying monitoring)"}, "to": {"type": "array", "items": {"type": "string"}}, "cc": {"type": "array", "items": {"type": "string"}},
                       "state": {"type": "string", "enum": ["PENDING", "SENT", "DEAD"]}, "created_at": {"type": "string", "format": "date-time"}, "sent_at": {"type": ["string", "null"], "format": "date-time"}}}}}}
  }
})json";

}  // namespace

std::string_view IncidentOpenApi() { return kIncidents; }

}  // namespace warden::web::api
