// The OpenAPI 3.1 document for GET /api/v1/openapi.json. The operations the router serves and
// their schemas are written out below as JSON; the rest of API.md's operations are listed in
// kPlanned and published under `x-planned`. openapi_test.cpp checks that every operation of
// docs/api-contract.md (the checked-in copy of API.md) is in `paths` when the router serves it and
// in `x-planned` otherwise, that every served /api/v1 route is in `paths`, and that every
// operation has a unique operationId; it also lints the document with Redocly (redocly.yaml).

#include <array>
#include <boost/json.hpp>
#include <string_view>

#include "web/api/api.hpp"
#include "web/api/demand/demand_openapi.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;

constexpr std::string_view kImplemented = R"json({
  "openapi": "3.1.0",
  "info": {
    "title": "Warden API",
    "version": "1",
    "description": "TMPP phone security management and local digital demand for HMPPS establishments. Authenticate with `Authorization: Bearer <token>` (from `warden token create`) or the browser session cookie (then send the session's CSRF token in `X-CSRF-Token` on unsafe methods). Records outside the caller's caseload answer 404. `paths` lists only the operations this version serves; `x-planned` lists the operations of the API contract that are not built yet (the server answers 404 to them).",
    "license": {"name": "Proprietary: not licensed for reuse", "identifier": "LicenseRef-Proprietary"}
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}, {"session": []}],
  "tags": [
    {"name": "operations", "description": "Health, readiness, build information, metrics and this document; no sign-in needed"},
    {"name": "establishments", "description": "Establishments in the caller's caseload, with their phase and wings"},
    {"name": "prisoners", "description": "Prisoners of an establishment, and the NOMIS-style import"},
    {"name": "tmpp", "description": "TMPP access: needs, compacts, risk assessment, grants, withdrawals, phases and wing lists"},
    {"name": "audit", "description": "The hash-chained audit log"},
    {"name": "demand", "description": "Digital demand: proposals with whole-life cost and flags, and the reviewers' advice"}
  ],
  "paths": {
    "/health": {"get": {"operationId": "getHealth", "tags": ["operations"], "summary": "Liveness", "security": [],
      "x-implemented": true,
      "responses": {"200": {"description": "Up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                    "401": {"$ref": "#/components/responses/BadToken"},
                    "431": {"$ref": "#/components/responses/HeadersTooLarge"}}}},
    "/health/ready": {"get": {"operationId": "getReadiness", "tags": ["operations"], "summary": "Readiness: the database answers", "security": [],
      "x-implemented": true,
      "responses": {"200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                    "401": {"$ref": "#/components/responses/BadToken"},
                    "431": {"$ref": "#/components/responses/HeadersTooLarge"},
                    "503": {"description": "The database does not answer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}}},
    "/info": {"get": {"operationId": "getInfo", "tags": ["operations"], "summary": "Version, commit and database backend", "security": [],
      "x-implemented": true,
      "responses": {"200": {"description": "Build information", "content": {"application/json": {"schema": {
        "type": "object", "required": ["version", "commit", "database"],
        "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "commit": {"type": "string"},
                       "database": {"type": "string", "enum": ["sqlite", "postgresql"]}}}}}},
                    "401": {"$ref": "#/components/responses/BadToken"},
                    "431": {"$ref": "#/components/responses/HeadersTooLarge"}}}},
    "/metrics": {"get": {"operationId": "getMetrics", "tags": ["operations"], "summary": "Prometheus metrics (text format 0.0.4)", "security": [],
      "x-implemented": true,
      "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}},
                    "401": {"$ref": "#/components/responses/BadToken"},
                    "431": {"$ref": "#/components/responses/HeadersTooLarge"}}}},
    "/api/v1/openapi.json": {"get": {"operationId": "getOpenApiDocument", "tags": ["operations"], "summary": "This document (no sign-in needed)", "security": [],
      "x-implemented": true,
      "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "401": {"$ref": "#/components/responses/BadToken"},
                    "431": {"$ref": "#/components/responses/Problem"}}}},
    "/api/v1/establishments": {"get": {"operationId": "listEstablishments", "tags": ["establishments"], "summary": "Establishments in the caller's caseload, with phase and wings",
      "x-implemented": true,
      "responses": {"200": {"description": "Establishments", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Establishment"}},
                       "next_cursor": {"type": ["string", "null"]}}}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}}}},
    "/api/v1/establishments/{code}": {"get": {"operationId": "getEstablishment", "tags": ["establishments"], "summary": "One establishment with its wings",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
      "responses": {"200": {"description": "The establishment", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Establishment"}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/prisoners": {"get": {"operationId": "listPrisoners", "tags": ["prisoners"], "summary": "Prisoners of an establishment",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"},
        {"name": "wing", "in": "query", "schema": {"type": "string"}, "description": "Only this wing"},
        {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Prison number prefix or part of a name"},
        {"$ref": "#/components/parameters/Limit"}, {"$ref": "#/components/parameters/Cursor"}],
      "responses": {"200": {"description": "A page of prisoners", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items", "next_cursor", "total"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Prisoner"}},
                       "next_cursor": {"type": ["string", "null"]}, "total": {"type": "integer"}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/prisoners/import": {"post": {"operationId": "importPrisoners", "tags": ["prisoners"], "summary": "NOMIS-style CSV import (one transaction; bad lines are reported, good lines load)",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"},
        {"name": "partial", "in": "query", "schema": {"type": "boolean", "default": false},
         "description": "true: the file is not the whole establishment, so nobody is marked gone"}],
      "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
      "responses": {"200": {"description": "Counts and rejected lines", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportResult"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"},
                    "413": {"$ref": "#/components/responses/Problem"},
                    "415": {"$ref": "#/components/responses/Problem"}}}},
    "/api/v1/prisoners/{number}": {"get": {"operationId": "getPrisoner", "tags": ["prisoners"], "summary": "One prisoner (the read is audited)",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "responses": {"200": {"description": "The prisoner", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Prisoner"}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/audit": {"get": {"operationId": "listAuditEntries", "tags": ["audit"], "summary": "Audit entries, newest first",
      "x-implemented": true,
      "parameters": [{"name": "subject", "in": "query", "schema": {"type": "string"}, "description": "e.g. prisoner:A1234BC"},
        {"$ref": "#/components/parameters/Limit"}, {"$ref": "#/components/parameters/Cursor"}],
      "responses": {"200": {"description": "A page of entries", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}},
                       "next_cursor": {"type": ["string", "null"]}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}}}}
  },
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer"},
      "session": {"type": "apiKey", "in": "cookie", "name": "warden_session"}
    },
    "parameters": {
      "EstablishmentCode": {"name": "code", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Z]{3}$"}},
      "PrisonNumber": {"name": "number", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Z][0-9]{4}[A-Z]{2}$"}},
      "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
      "Cursor": {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "next_cursor of the previous page"}
    },
    "responses": {
      "BadToken": {"description": "An Authorization header was sent and is not a valid bearer token (send none to call a public operation)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "HeadersTooLarge": {"description": "The request's header fields are too large", "content": {"text/plain": {"schema": {"type": "string"}}}},
      "Problem": {"description": "An error", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "BadRequest": {"description": "Bad input", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Unauthenticated": {"description": "No or bad credentials", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Forbidden": {"description": "The caller's roles do not allow this", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "NotFound": {"description": "Not found, or outside the caller's caseload", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "Conflict": {"description": "A state rule forbids it; detail says which", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    },
    "schemas": {
      "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["UP", "DOWN"]}}},
      "Problem": {"type": "object", "required": ["type", "title", "status", "detail", "errors"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                       "detail": {"type": "string"},
                       "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"],
                         "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}},
      "Wing": {"type": "object", "required": ["code", "kind", "prisoners"],
        "properties": {"code": {"type": "string"},
                       "kind": {"type": "string", "enum": ["STANDARD", "ISOLATION", "SHIELDING", "REVERSE_COHORT", "HEALTHCARE", "SEGREGATION"]},
                       "prisoners": {"type": "integer", "description": "current prisoners on the wing"}}},
      "Establishment": {"type": "object", "required": ["code", "name", "region", "phase", "wings"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "region": {"type": "string"},
                       "phase": {"type": "integer", "minimum": 0, "maximum": 3},
                       "wings": {"type": "array", "items": {"$ref": "#/components/schemas/Wing"}}}},
      "Prisoner": {"type": "object",
        "required": ["prison_number", "first_name", "last_name", "date_of_birth", "establishment", "wing", "cell",
                     "legal_status", "security_category", "alerts", "phone_finds_12m", "phone_adjudications_12m",
                     "phone_intel_12m", "gone", "updated_at", "tmpp"],
        "properties": {"prison_number": {"type": "string"}, "first_name": {"type": "string"}, "last_name": {"type": "string"},
                       "date_of_birth": {"type": "string", "format": "date"}, "establishment": {"type": "string"},
                       "wing": {"type": "string"}, "cell": {"type": ["string", "null"]},
                       "legal_status": {"type": "string", "enum": ["REMAND", "CONVICTED_UNSENTENCED", "SENTENCED", "RECALL", "IMMIGRATION_DETAINEE", "CIVIL_PRISONER", "OTHER"]},
                       "security_category": {"type": "string", "enum": ["A", "B", "C", "D", "YOI", "U"]},
                       "alerts": {"type": "array", "items": {"type": "string"}},
                       "phone_finds_12m": {"type": "integer", "minimum": 0},
                       "phone_adjudications_12m": {"type": "integer", "minimum": 0},
                       "phone_intel_12m": {"type": "integer", "minimum": 0},
                       "gone": {"type": "boolean", "description": "missing from the last full import: released or transferred"},
                       "updated_at": {"type": "string", "format": "date-time"},
                       "tmpp": {"type": "object", "required": ["state"], "description": "TMPP access; one prisoner also carries grant, recommended_band and decision", "properties": {"grant": {"type": ["object", "null"]}, "recommended_band": {"type": ["string", "null"]}, "decision": {"type": ["object", "null"]}, "state": {"type": "string",
                         "enum": ["NONE", "REQUESTED", "COMPACT_SIGNED", "ASSESSED", "GRANTED", "WITHDRAWN", "ENDED"]}}}}},
      "ImportResult": {"type": "object", "required": ["inserted", "updated", "unchanged", "gone", "rejected", "wings_created", "transferred_in"],
        "properties": {"inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
                       "gone": {"type": "integer"},
                       "gone_skipped": {"type": "boolean", "description": "a full import with rejected lines marks nobody gone"},
                       "rejected": {"type": "array", "items": {"type": "object", "required": ["line", "error"],
                         "properties": {"line": {"type": "integer", "description": "file line; the header is line 1"}, "error": {"type": "string"}}}},
                       "wings_created": {"type": "array", "items": {"type": "string"}},
                       "transferred_in": {"type": "array", "description": "prisoners held at another establishment (not gone) until this import: their TMPP access there was ended",
                         "items": {"type": "object", "required": ["prison_number", "from"],
                           "properties": {"prison_number": {"type": "string"}, "from": {"type": "string", "description": "the establishment they came from"}}}}}},
      "AuditEntry": {"type": "object", "required": ["seq", "at", "actor", "source", "action", "subject", "detail", "hash"],
        "properties": {"seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
                       "source": {"type": "string"}, "action": {"type": "string"}, "subject": {"type": "string"},
                       "detail": {"type": "string"}, "hash": {"type": "string"}}}
    }
  }
})json";

// The TMPP access operations (tmpp_api.cpp): merged into kImplemented's paths and schemas.
constexpr std::string_view kTmpp = R"json({
  "paths": {
    "/api/v1/establishments/{code}/phase": {"put": {"operationId": "setPhase", "tags": ["tmpp"], "summary": "Security sets the TMPP phase; answers with grants that no longer qualify (now flagged for review)",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["phase", "reason"],
        "properties": {"phase": {"type": "integer", "minimum": 0}, "reason": {"type": "string"}}}}}},
      "responses": {"200": {"description": "The phase change", "content": {"application/json": {"schema": {"type": "object",
        "required": ["establishment", "from", "phase", "no_longer_qualify"],
        "properties": {"establishment": {"type": "string"}, "from": {"type": "integer"}, "phase": {"type": "integer"},
                       "no_longer_qualify": {"type": "array", "items": {"$ref": "#/components/schemas/Grant"}}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/phase-table": {"put": {"operationId": "replacePhaseTable", "tags": ["tmpp"], "summary": "Security of the establishment replaces its phase table (phases 1 to 3; phase 0 is always none; RED is never granted); answers with the table and the grants that no longer qualify in the current phase (now flagged for review)",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["phases"],
        "properties": {"phases": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"$ref": "#/components/schemas/PhaseRule"}}}}}}},
      "responses": {"200": {"description": "The phase table stored", "content": {"application/json": {"schema": {"type": "object",
        "required": ["establishment", "phases", "no_longer_qualify"],
        "properties": {"establishment": {"type": "string"}, "phases": {"type": "array", "items": {"$ref": "#/components/schemas/PhaseRule"}},
                       "no_longer_qualify": {"type": "array", "items": {"$ref": "#/components/schemas/Grant"}}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/compacts": {"post": {"operationId": "addCompactVersion", "tags": ["tmpp"], "summary": "Security adds the establishment's next compact version",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"],
        "properties": {"text": {"type": "string"}, "requires_resign": {"type": "boolean", "default": false,
          "description": "signatures of earlier versions no longer allow a grant"}}}}}},
      "responses": {"201": {"description": "The new version", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"establishment": {"type": "string"}, "version": {"type": "integer"}, "text": {"type": "string"},
                       "requires_resign": {"type": "boolean"}, "created_by": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/prisoners/{number}/tmpp": {"get": {"operationId": "getPrisonerTmpp", "tags": ["tmpp"], "summary": "The prisoner's TMPP state, active grant, current needs and timeline",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "responses": {"200": {"description": "TMPP access", "content": {"application/json": {"schema": {"type": "object",
        "required": ["prison_number", "state", "grant", "needs", "timeline"],
        "properties": {"prison_number": {"type": "string"}, "state": {"$ref": "#/components/schemas/AccessState"},
                       "grant": {"oneOf": [{"$ref": "#/components/schemas/Grant"}, {"type": "null"}]},
                       "needs": {"type": "array", "items": {"$ref": "#/components/schemas/Need"}},
                       "timeline": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"},
                         "by": {"type": "string"}, "what": {"type": "string"}, "why": {"type": "string"}}}}}}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/prisoners/{number}/needs": {"post": {"operationId": "recordNeed", "tags": ["tmpp"], "summary": "Record a genuine need",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["need"],
        "properties": {"need": {"$ref": "#/components/schemas/NeedKind"}, "detail": {"type": "string", "description": "required for OTHER"}}}}}},
      "responses": {"201": {"description": "The need", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Need"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                    "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/prisoners/{number}/compacts": {"post": {"operationId": "recordCompactSignature", "tags": ["tmpp"], "summary": "Record the signed compact",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["compact_version", "signed_on", "witnessed_by"],
        "properties": {"compact_version": {"type": "integer", "minimum": 1}, "signed_on": {"type": "string", "format": "date"},
                       "witnessed_by": {"type": "string"}}}}}},
      "responses": {"201": {"description": "The signature", "content": {"application/json": {"schema": {"type": "object",
        "properties": {"id": {"type": "integer"}, "prison_number": {"type": "string"}, "establishment": {"type": "string"},
                       "compact_version": {"type": "integer"}, "signed_on": {"type": "string", "format": "date"},
                       "witnessed_by": {"type": "string"}, "recorded_by": {"type": "string"}, "recorded_at": {"type": "string", "format": "date-time"}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                    "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/establishments/{code}/risk-assessments": {"post": {"operationId": "runRiskAssessments", "tags": ["tmpp"], "summary": "Run the risk algorithm over the establishment (one transaction); counts per band",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}],
      "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"scope": {"type": "string", "enum": ["all"]}}}}}},
      "responses": {"200": {"description": "Counts", "content": {"application/json": {"schema": {"type": "object",
        "required": ["establishment", "rules_version", "assessed", "counts"],
        "properties": {"establishment": {"type": "string"}, "rules_version": {"type": "string"}, "assessed": {"type": "integer"},
                       "counts": {"type": "object", "properties": {"GREEN": {"type": "integer"}, "AMBER": {"type": "integer"}, "RED": {"type": "integer"}}}}}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/prisoners/{number}/risk-assessment": {"get": {"operationId": "getRiskAssessment", "tags": ["tmpp"], "summary": "Latest recommendation (score, band, fired rules with points and evidence, rules version) and decision",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "responses": {"200": {"description": "The assessment", "content": {"application/json": {"schema": {"type": "object",
        "required": ["prison_number", "recommendation", "decision", "decision_expired"],
        "properties": {"prison_number": {"type": "string"},
                       "recommendation": {"oneOf": [{"$ref": "#/components/schemas/Recommendation"}, {"type": "null"}]},
                       "decision": {"oneOf": [{"$ref": "#/components/schemas/Decision"}, {"type": "null"}]},
                       "decision_expired": {"type": "boolean"}}}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/prisoners/{number}/risk-assessment/decision": {"post": {"operationId": "decideRiskBand", "tags": ["tmpp"], "summary": "Security confirms (same band) or overrides (reason required) the recommendation",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["band"],
        "properties": {"band": {"$ref": "#/components/schemas/Band"}, "reason": {"type": "string"}}}}}},
      "responses": {"200": {"description": "The decision", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Decision"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                    "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/risk-rules": {"get": {"operationId": "getRiskRules", "tags": ["tmpp"], "summary": "The risk rules in force, with version, in plain English",
      "x-implemented": true,
      "responses": {"200": {"description": "The rules", "content": {"application/json": {"schema": {"type": "object",
        "required": ["version", "amber_at", "red_at", "bands", "rules"],
        "properties": {"version": {"type": "string"}, "default": {"type": "boolean", "description": "the shipped defaults are in force"},
                       "amber_at": {"type": "integer"}, "red_at": {"type": "integer"}, "bands": {"type": "string"},
                       "rules": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string"},
                         "points": {"type": "integer"}, "forces_red": {"type": "boolean"}, "cap": {"type": ["integer", "null"]},
                         "description": {"type": "string"}, "text": {"type": "string"}, "condition": {"type": "string"}}}},
                       "history": {"type": "array", "description": "replacements uploaded, newest (in force) first",
                         "items": {"type": "object", "properties": {"version": {"type": "string"}, "uploaded_by": {"type": "string"},
                           "uploaded_at": {"type": "string", "format": "date-time"}}}}}}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}}},
      "put": {"operationId": "replaceRiskRules", "tags": ["tmpp"], "summary": "Replace the risk rules with a new rules file (validated; a bad file is refused with its line-numbered reason and the old rules stay in force)",
        "x-implemented": true,
        "requestBody": {"required": true, "content": {"text/plain": {"schema": {"type": "string", "description": "the rules file, with a new version line"}}}},
        "responses": {"200": {"description": "The rules now in force, as GET returns them"},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"},
                      "415": {"$ref": "#/components/responses/Problem"}}}},
    "/api/v1/prisoners/{number}/grants": {"post": {"operationId": "grantAccess", "tags": ["tmpp"], "summary": "Grant TMPP access; 409 naming the unmet rule when need, compact, decision or phase do not allow it",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "requestBody": {"content": {"application/json": {"schema": {"type": "object",
        "properties": {"conditions": {"type": "array", "items": {"type": "string"}, "description": "e.g. SUPERVISED_USE (added for AMBER in phase 2)"},
                       "review_on": {"type": "string", "format": "date", "description": "default: the decision's expiry"}}}}}},
      "responses": {"201": {"description": "The grant", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Grant"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                    "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/prisoners/{number}/withdrawal": {"post": {"operationId": "withdrawAccess", "tags": ["tmpp"], "summary": "Withdraw from TMPP (marks the wing list stale)",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/PrisonNumber"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"],
        "properties": {"reason": {"type": "string"}, "incident": {"type": "string"}}}}}},
      "responses": {"200": {"description": "The ended grant", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Grant"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                    "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                    "409": {"$ref": "#/components/responses/Conflict"}}}},
    "/api/v1/establishments/{code}/wings/{wing}/lists": {"post": {"operationId": "publishWingList", "tags": ["tmpp"], "summary": "Publish the wing list: the next numbered snapshot, with what was added and removed",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}, {"$ref": "#/components/parameters/Wing"}],
      "responses": {"201": {"description": "The published list", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WingList"}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/wings/{wing}/lists/current": {"get": {"operationId": "getCurrentWingList", "tags": ["tmpp"], "summary": "The current wing list, with stale and the withdrawals since publication",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}, {"$ref": "#/components/parameters/Wing"}],
      "responses": {"200": {"description": "The current list (version null before the first publication)", "content": {"application/json": {"schema": {
        "allOf": [{"$ref": "#/components/schemas/WingList"}, {"type": "object", "required": ["stale", "withdrawals_since_publication"],
          "properties": {"stale": {"type": "boolean"}, "withdrawals_since_publication": {"type": "array", "items": {"type": "object",
            "properties": {"prison_number": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "reason": {"type": "string"},
                           "incident": {"type": ["string", "null"]}}}}}}]}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}},
    "/api/v1/establishments/{code}/wings/{wing}/lists/current.csv": {"get": {"operationId": "getCurrentWingListCsv", "tags": ["tmpp"], "summary": "The current wing list as CSV (status AUTHORISED or WITHDRAWN since publication)",
      "x-implemented": true,
      "parameters": [{"$ref": "#/components/parameters/EstablishmentCode"}, {"$ref": "#/components/parameters/Wing"}],
      "responses": {"200": {"description": "CSV: prison_number,first_name,last_name,cell,band,conditions,review_on,status", "content": {"text/csv": {"schema": {"type": "string"}}}},
                    "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                    "404": {"$ref": "#/components/responses/NotFound"}}}}
  },
  "parameters": {
    "Wing": {"name": "wing", "in": "path", "required": true, "schema": {"type": "string"}}
  },
  "schemas": {
    "Band": {"type": "string", "enum": ["GREEN", "AMBER", "RED"]},
    "NeedKind": {"type": "string", "enum": ["ISOLATING", "SHIELDING", "REVERSE_COHORT", "NO_SAFE_FIXED_PHONE", "FIXED_PHONES_OUT_OF_ORDER", "OTHER"]},
    "AccessState": {"type": "string", "enum": ["NONE", "REQUESTED", "COMPACT_SIGNED", "ASSESSED", "GRANTED", "WITHDRAWN", "ENDED"]},
    "Need": {"type": "object", "required": ["id", "prison_number", "need", "recorded_by", "recorded_at"],
      "properties": {"id": {"type": "integer"}, "prison_number": {"type": "string"}, "need": {"$ref": "#/components/schemas/NeedKind"},
                     "detail": {"type": ["string", "null"]}, "recorded_by": {"type": "string"}, "recorded_at": {"type": "string", "format": "date-time"}}},
    "Recommendation": {"type": "object", "required": ["rules_version", "score", "band", "fired"],
      "properties": {"rules_version": {"type": "string"}, "score": {"type": "integer"}, "band": {"$ref": "#/components/schemas/Band"},
                     "fired": {"type": "array", "items": {"type": "object", "required": ["rule", "points", "forces_red", "evidence"],
                       "properties": {"rule": {"type": "string"}, "points": {"type": "integer"}, "forces_red": {"type": "boolean"}, "evidence": {"type": "string"}}}},
                     "assessed_at": {"type": "string", "format": "date-time"}, "assessed_by": {"type": "string"}}},
    "Decision": {"type": "object", "required": ["prison_number", "band", "override", "decided_by", "decided_at", "expires_at", "needs_review"],
      "properties": {"prison_number": {"type": "string"}, "band": {"$ref": "#/components/schemas/Band"},
                     "recommended_band": {"oneOf": [{"$ref": "#/components/schemas/Band"}, {"type": "null"}]},
                     "override": {"type": "boolean"}, "reason": {"type": ["string", "null"]}, "decided_by": {"type": "string"},
                     "decided_at": {"type": "string", "format": "date-time"}, "expires_at": {"type": "string", "format": "date-time"},
                     "needs_review": {"type": "boolean", "description": "a later import changed a risk input"},
                     "review_reason": {"type": ["string", "null"]}}},
    "PhaseRule": {"type": "object", "required": ["phase", "needs", "bands"],
      "properties": {"phase": {"type": "integer", "minimum": 0, "maximum": 3},
                     "needs": {"type": "array", "items": {"type": "string", "enum": ["ISOLATING", "SHIELDING", "REVERSE_COHORT", "NO_SAFE_FIXED_PHONE", "FIXED_PHONES_OUT_OF_ORDER", "OTHER"]}},
                     "bands": {"type": "array", "items": {"type": "string", "enum": ["GREEN", "AMBER"]}},
                     "amber_conditions": {"type": "array", "items": {"type": "string", "enum": ["SUPERVISED_USE"]}, "description": "conditions an AMBER grant must carry"}}},
    "Grant": {"type": "object", "required": ["id", "prison_number", "establishment", "phase", "band", "conditions", "review_on", "granted_by", "granted_at", "active"],
      "properties": {"id": {"type": "integer"}, "prison_number": {"type": "string"}, "establishment": {"type": "string"},
                     "phase": {"type": "integer"}, "band": {"$ref": "#/components/schemas/Band"},
                     "conditions": {"type": "array", "items": {"type": "string"}}, "review_on": {"type": "string", "format": "date"},
                     "granted_by": {"type": "string"}, "granted_at": {"type": "string", "format": "date-time"}, "active": {"type": "boolean"},
                     "needs_review": {"type": "boolean"}, "review_reason": {"type": ["string", "null"]},
                     "ended_at": {"type": ["string", "null"], "format": "date-time"}, "ended_by": {"type": ["string", "null"]},
                     "withdrawn": {"type": "boolean"}, "end_reason": {"type": ["string", "null"]}, "incident": {"type": ["string", "null"]}}},
    "WingList": {"type": "object", "required": ["establishment", "wing", "version", "published_by", "published_at", "entries", "added", "removed"],
      "properties": {"establishment": {"type": "string"}, "wing": {"type": "string"}, "version": {"type": ["integer", "null"]},
                     "published_by": {"type": ["string", "null"]}, "published_at": {"type": ["string", "null"], "format": "date-time"},
                     "entries": {"type": "array", "items": {"type": "object", "properties": {"prison_number": {"type": "string"},
                       "first_name": {"type": "string"}, "last_name": {"type": "string"}, "cell": {"type": ["string", "null"]},
                       "band": {"$ref": "#/components/schemas/Band"}, "conditions": {"type": "array", "items": {"type": "string"}},
                       "review_on": {"type": "string", "format": "date"}}}},
                     "added": {"type": "array", "items": {"type": "string"}}, "removed": {"type": "array", "items": {"type": "string"}}}}
  }
})json";

// API.md operations not built yet: listed under `x-planned`, not in `paths`, so that clients
// generated from the document only call what the server serves.
struct Planned {
    const char* method;
    const char* path;
    const char* summary;
};

// Every operation of API.md is served today; the list stays so that a new contract row can be
// published as planned before it is built.
constexpr std::array<Planned, 0> kPlanned{};

// The "x-roles" and "x-action" of every operation the router serves, from the policy table;
// operations on the signed-in allowlist get "x-roles": ["any"].
void AddRoles(json::object& paths, const Router& router) {
    for (const auto& route : router.routes()) {
        auto* item = paths.if_contains(route.pattern);
        if (item == nullptr || !item->is_object()) continue;
        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto* operation = item->as_object().if_contains(method);
        if (operation == nullptr || !operation->is_object()) continue;
        json::array roles;
        if (route.access == Access::kSignedIn) roles.push_back("any");
        if (route.action) {
            for (auto role : domain::RuleFor(*route.action).roles) {
                roles.push_back(json::string(domain::RoleName(role)));
            }
            operation->as_object()["x-action"] = domain::ActionName(*route.action);
        }
        if (route.access != Access::kPublic) operation->as_object()["x-roles"] = std::move(roles);
    }
}

}  // namespace

std::string OpenApiDocument(const Router& router) {
    json::value doc = json::parse(kImplemented);
    json::object& paths = doc.as_object()["paths"].as_object();
    json::object& components = doc.as_object()["components"].as_object();
    for (std::string_view fragment : {kTmpp, DemandOpenApi(), HandsetOpenApi(), IncidentOpenApi(),
                                      StocktakeOpenApi(), OutboxOpenApi()}) {
        json::value part = json::parse(fragment);
        for (auto& [path, item] : part.as_object()["paths"].as_object()) paths[path] = item;
        for (const char* section : {"parameters", "schemas"}) {
            json::object& into = components[section].as_object();
            for (auto& [name, value] : part.as_object()[section].as_object()) into[name] = value;
        }
    }
    json::array planned;
    for (const auto& p : kPlanned) {
        planned.push_back(
            json::object{{"method", p.method}, {"path", p.path}, {"summary", p.summary}});
    }
    doc.as_object()["x-planned"] = std::move(planned);
    AddRoles(paths, router);
    return json::serialize(doc);
}

}  // namespace warden::web::api
