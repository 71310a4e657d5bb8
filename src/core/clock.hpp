#pragma once
// Time: an injectable clock and RFC 3339 / ISO date text, the form stored in both databases.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warden {

using TimePoint = std::chrono::sys_seconds;

/// The source of "now"; services receive one explicitly so tests can fix time.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock {
  public:
    TimePoint Now() const override;
};

/// A clock that stays where it is set, for tests.
class FixedClock final : public Clock {
  public:
    explicit FixedClock(TimePoint t) : now_(t) {}
    TimePoint Now() const override { return now_; }
    void Set(TimePoint t) { now_ = t; }
    void Advance(std::chrono::seconds d) { now_ += d; }

  private:
    TimePoint now_;
};

/// "2026-11-22T10:15:00Z".
std::string FormatRfc3339(TimePoint t);
/// Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC only).
std::optional<TimePoint> ParseRfc3339(std::string_view s);
/// "2026-11-22".
std::string FormatDate(std::chrono::year_month_day d);
/// Parses a real calendar date "YYYY-MM-DD"; nullopt for anything else (2026-02-30 too).
std::optional<std::chrono::year_month_day> ParseDate(std::string_view s);

}  // namespace warden
