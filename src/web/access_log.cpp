#include "web/access_log.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "core/strings.hpp"
#include "web/log.hpp"

namespace warden::web {

namespace {

void AddField(std::string& out, std::string_view name, std::string_view value) {
    out += ",\"";
    out += name;
    out += "\":\"";
    out += JsonEscape(value);
    out += '"';
}

std::string_view LevelOf(const AccessRecord& record) {
    return record.status >= 500 ? "error" : "info";
}

}  // namespace

std::string AccessLogBody(const AccessRecord& record) {
    static const Request kEmpty;
    const Request& request = record.request != nullptr ? *record.request : kEmpty;
    std::string out =
        LogBody("request", {{"request_id", request.request_id},
                            {"method", request.method},
                            {"path", request.path},
                            {"route", request.route.empty() ? "unmatched" : request.route}});
    out.reserve(out.size() + 128);
    out += ",\"status\":" + std::to_string(record.status);
    out += ",\"bytes\":" + std::to_string(record.bytes);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f",
                  static_cast<double>(record.duration.count()) / 1000.0);
    out += ",\"duration_ms\":";
    out += duration;
    AddField(out, "remote", request.remote);
    if (!request.user.empty()) AddField(out, "user", request.user);
    return out;
}

std::string FormatAccessLine(const AccessRecord& record,
                             std::chrono::system_clock::time_point now) {
    return JsonLogLine(now, LevelOf(record), AccessLogBody(record));
}

void LogAccess(const AccessRecord& record) {
    spdlog::log(record.status >= 500 ? spdlog::level::err : spdlog::level::info, "{}",
                AccessLogBody(record));
}

}  // namespace warden::web
