#include "core/clock.hpp"

#include <cstdio>

namespace warden {

namespace {

// Parses exactly `n` ASCII digits at `s[pos]`; -1 when any is not a digit.
int Digits(std::string_view s, size_t pos, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

TimePoint SystemClock::Now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string FormatRfc3339(TimePoint t) {
    auto days = std::chrono::floor<std::chrono::days>(t);
    std::chrono::year_month_day ymd{days};
    std::chrono::hh_mm_ss<std::chrono::seconds> hms{t - days};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

std::optional<TimePoint> ParseRfc3339(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SSZ
    if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') {
        return std::nullopt;
    }
    auto date = ParseDate(s.substr(0, 10));
    if (!date) return std::nullopt;
    int hh = Digits(s, 11, 2);
    int mm = Digits(s, 14, 2);
    int ss = Digits(s, 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) return std::nullopt;
    return std::chrono::sys_days{*date} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
           std::chrono::seconds{ss};
}

std::string FormatDate(std::chrono::year_month_day d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = Digits(s, 0, 4);
    int m = Digits(s, 5, 2);
    int d = Digits(s, 8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{y},
                                    std::chrono::month{static_cast<unsigned>(m)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

}  // namespace warden
