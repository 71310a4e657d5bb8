#pragma once
// The access log: one JSON line per request on stdout.

#include <chrono>
#include <string>
#include <string_view>

#include "web/server/http_server.hpp"

namespace warden::web {

/// `s` as the inside of a JSON string: quotes, backslashes and control characters escaped,

/// The JSON line (without newline) for one request: time, level, msg, request_id, method, path
/// (never the query string, which can carry personal data), route, status, bytes, duration_ms,
/// remote and user (when signed in).
std::string FormatAccessLine(const AccessRecord& record, std::chrono::system_clock::time_point now);

/// Writes FormatAccessLine for `record` to stdout (one write per line).
void LogAccess(const AccessRecord& record);

}  // namespace warden::web
