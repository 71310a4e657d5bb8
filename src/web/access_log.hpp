#pragma once
// The access log: one JSON line per request, through the JSON logger (web/log.hpp).

#include <chrono>
#include <string>
#include <string_view>

#include "web/server/http_server.hpp"

namespace warden::web {

/// The fields of one request's log line ("msg":"request","request_id":...), for the JSON logger.
std::string AccessLogBody(const AccessRecord& record);

/// The JSON line (without newline) for one request: time, level, msg, request_id, method, path
/// (never the query string, which can carry personal data), route, status, bytes, duration_ms,
/// remote and user (when signed in).
std::string FormatAccessLine(const AccessRecord& record, std::chrono::system_clock::time_point now);

/// Logs `record` through spdlog's JSON logger (web/log.hpp): the line FormatAccessLine makes.
void LogAccess(const AccessRecord& record);

}  // namespace warden::web
