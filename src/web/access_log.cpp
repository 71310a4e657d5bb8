#include "web/access_log.hpp"

#include <cstdint>
#include <cstdio>
#include <ctime>

#include "core/strings.hpp"

namespace warden::web {

namespace {

std::string FormatTime(std::chrono::system_clock::time_point now) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
    int millis = static_cast<int>(ms.count() % 1000);
    if (millis < 0) {
        millis += 1000;
        --secs;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

void AddField(std::string& out, std::string_view name, std::string_view value) {
    out += ",\"";
    out += name;
    out += "\":\"";
    out += JsonEscape(value);
    out += '"';
}

}  // namespace

std::string FormatAccessLine(const AccessRecord& record,
                             std::chrono::system_clock::time_point now) {
    static const Request kEmpty;
    const Request& request = record.request != nullptr ? *record.request : kEmpty;
    std::string out;
    out.reserve(256);
    out += "{\"time\":\"" + FormatTime(now) + "\"";
    AddField(out, "level", record.status >= 500 ? "error" : "info");
    AddField(out, "msg", "request");
    AddField(out, "request_id", request.request_id);
    AddField(out, "method", request.method);
    AddField(out, "path", request.path);
    AddField(out, "route", request.route.empty() ? "unmatched" : request.route);
    out += ",\"status\":" + std::to_string(record.status);
    out += ",\"bytes\":" + std::to_string(record.bytes);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f",
                  static_cast<double>(record.duration.count()) / 1000.0);
    out += ",\"duration_ms\":";
    out += duration;
    AddField(out, "remote", request.remote);
    if (!request.user.empty()) AddField(out, "user", request.user);
    out += '}';
    return out;
}

void LogAccess(const AccessRecord& record) {
    std::string line = FormatAccessLine(record, std::chrono::system_clock::now());
    line += '\n';
    // One fwrite per line: stdio locks the stream, so lines from io threads never interleave.
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

}  // namespace warden::web
