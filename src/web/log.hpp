#pragma once
// Warden's one logging style: spdlog, writing one JSON object per line on stdout:
// {"time","level","msg", then the event's fields (request_id, route, job...)}.

#include <spdlog/common.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace warden::web {

/// One named field of a log line; the value is written as a JSON string.
using LogField = std::pair<std::string_view, std::string_view>;

/// `"msg":"<msg>"` followed by `,"name":"value"` for each field, every value JSON-escaped: the
/// body of a line, which the JSON formatter wraps with time and level.
std::string LogBody(std::string_view msg, std::initializer_list<LogField> fields = {});
/// A whole line (without newline) for `body` at `level` and `time`.
std::string JsonLogLine(std::chrono::system_clock::time_point time, std::string_view level,
                        std::string_view body);

/// Makes spdlog's default logger write JSON lines on stdout (idempotent). A message that is not
/// a LogBody (a library's plain text) becomes the line's "msg".
void UseJsonLogs();

/// Logs `msg` with `fields` through spdlog's default logger.
void Log(spdlog::level::level_enum level, std::string_view msg,
         std::initializer_list<LogField> fields = {});

}  // namespace warden::web
