#include "web/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/strings.hpp"

namespace warden::web {
namespace {

constexpr std::string_view kBodyStart = "\"msg\":\"";

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

// Wraps each message as a JSON line: LogBody messages as they are, plain text as "msg".
class JsonFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        std::string_view payload(msg.payload.data(), msg.payload.size());
        std::string body = payload.substr(0, kBodyStart.size()) == kBodyStart ? std::string(payload)
                                                                              : LogBody(payload);
        const auto level = spdlog::level::to_string_view(msg.level);
        std::string line =
            JsonLogLine(msg.time, std::string_view(level.data(), level.size()), body);
        line += '\n';
        dest.append(line.data(), line.data() + line.size());
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JsonFormatter>();
    }
};

}  // namespace

std::string LogBody(std::string_view msg, std::initializer_list<LogField> fields) {
    std::string out;
    out.reserve(64 + msg.size());
    out += kBodyStart;
    out += JsonEscape(msg);
    out += '"';
    for (const auto& [name, value] : fields) {
        out += ",\"";
        out += name;
        out += "\":\"";
        out += JsonEscape(value);
        out += '"';
    }
    return out;
}

std::string JsonLogLine(std::chrono::system_clock::time_point time, std::string_view level,
                        std::string_view body) {
    std::string out;
    out.reserve(48 + body.size());
    out += "{\"time\":\"";
    out += FormatTime(time);
    out += "\",\"level\":\"";
    out += level;
    out += "\",";
    out += body;
    out += '}';
    return out;
}

void UseJsonLogs() {
    static std::once_flag once;
    std::call_once(once, [] {
        auto logger = std::make_shared<spdlog::logger>(
            "warden", std::make_shared<spdlog::sinks::stdout_sink_mt>());
        logger->set_formatter(std::make_unique<JsonFormatter>());
        logger->flush_on(spdlog::level::trace);
        spdlog::set_default_logger(std::move(logger));
    });
}

void Log(spdlog::level::level_enum level, std::string_view msg,
         std::initializer_list<LogField> fields) {
    spdlog::log(level, "{}", LogBody(msg, fields));
}

}  // namespace warden::web
