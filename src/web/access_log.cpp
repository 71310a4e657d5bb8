#include "web/access_log.hpp"

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace warden::web {

namespace {

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return len;
}

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

std::string JsonEscape(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t len = Utf8SequenceLength(s, i);
            if (len == 0) {
                out += "\\ufffd";
                ++i;
            } else {
                out.append(s.substr(i, len));
                i += len;
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 0xF];
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    return out;
}

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
