// The OpenAPI paths and schemas of the outbox routes (outbox_api.cpp), merged into the document
// by OpenApiDocument (openapi.cpp).

#include <string_view>

#include "web/api/api.hpp"

namespace warden::web::api {
namespace {

constexpr std::string_view kOutbox = R"json({
  "paths": {
    "/api/v1/outbox": {
      "get": {"operationId": "listOutbox", "tags": ["operations"], "summary": "ADMIN: the counts of pending, sent and dead email messages and the newest messages (of one state with ?state=), newest first; bodies are not listed",
        "x-implemented": true,
        "parameters": [{"name": "state", "in": "query", "required": false, "schema": {"type": "string", "enum": ["PENDING", "SENT", "DEAD"]}},
                       {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}],
        "responses": {"200": {"description": "The outbox", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Outbox"}}}},
                      "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
                      "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/outbox/{id}/retry": {
      "post": {"operationId": "retryOutboxMessage", "tags": ["operations"], "summary": "ADMIN: a DEAD message becomes PENDING again and is retried for another 24 hours (audited); 409 when it is not DEAD",
        "x-implemented": true,
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "The message is pending again", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "state"],
          "properties": {"id": {"type": "integer"}, "state": {"type": "string", "enum": ["PENDING"]}}}}}},
                      "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
                      "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}}
  },
  "parameters": {},
  "schemas": {
    "Outbox": {"type": "object", "required": ["counts", "sending", "why_not_sending", "items"],
      "properties": {"counts": {"type": "object", "required": ["PENDING", "SENT", "DEAD"],
                       "properties": {"PENDING": {"type": "integer"}, "SENT": {"type": "integer"}, "DEAD": {"type": "integer"}}},
                     "sending": {"type": "boolean", "description": "this server sends the outbox (an SMTP server is configured)"},
                     "why_not_sending": {"type": ["string", "null"]},
                     "items": {"type": "array", "items": {"$ref": "#/components/schemas/OutboxMessage"}}}},
    "OutboxMessage": {"type": "object", "required": ["id", "state", "kind", "reference", "to", "cc", "subject", "message_id", "created_at", "attempts", "next_attempt_at", "sent_at", "last_error"],
      "properties": {"id": {"type": "integer"}, "state": {"type": "string", "enum": ["PENDING", "SENT", "DEAD"]},
                     "kind": {"type": "string"}, "reference": {"type": ["string", "null"]},
                     "to": {"type": "array", "items": {"type": "string"}}, "cc": {"type": "array", "items": {"type": "string"}},
                     "subject": {"type": "string"}, "message_id": {"type": "string"},
                     "created_at": {"type": "string", "format": "date-time"}, "attempts": {"type": "integer"},
                     "next_attempt_at": {"type": "string", "format": "date-time"},
                     "sent_at": {"type": ["string", "null"], "format": "date-time"}, "last_error": {"type": ["string", "null"]}}}
  }
})json";

}  // namespace

std::string_view OutboxOpenApi() { return kOutbox; }

}  // namespace warden::web::api
