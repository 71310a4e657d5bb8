#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace warden {
namespace {

using namespace std::chrono;

TEST(ClockTest, Rfc3339RoundTrip) {
    TimePoint t = sys_days{2026y / November / 22} + 10h + 15min + 7s;
    EXPECT_EQ(FormatRfc3339(t), "2026-11-22T10:15:07Z");
    auto parsed = ParseRfc3339("2026-11-22T10:15:07Z");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
    EXPECT_EQ(FormatRfc3339(TimePoint{}), "1970-01-01T00:00:00Z");
}

TEST(ClockTest, Rfc3339Rejects) {
    EXPECT_FALSE(ParseRfc3339("2026-11-22T10:15:07"));
    EXPECT_FALSE(ParseRfc3339("2026-11-22T10:15:07+01:00"));
    EXPECT_FALSE(ParseRfc3339("2026-11-22 10:15:07Z"));
    EXPECT_FALSE(ParseRfc3339("2026-11-22T24:00:00Z"));
    EXPECT_FALSE(ParseRfc3339("2026-11-22T10:60:00Z"));
    EXPECT_FALSE(ParseRfc3339("2026-02-30T10:00:00Z"));
    EXPECT_FALSE(ParseRfc3339(""));
}

TEST(ClockTest, Dates) {
    auto d = ParseDate("2024-02-29");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, 2024y / February / 29);
    EXPECT_EQ(FormatDate(*d), "2024-02-29");
    EXPECT_TRUE(ParseDate("2000-02-29"));   // divisible by 400
    EXPECT_FALSE(ParseDate("1900-02-29"));  // divisible by 100
    EXPECT_FALSE(ParseDate("2026-02-29"));
    EXPECT_FALSE(ParseDate("2026-02-30"));
    EXPECT_FALSE(ParseDate("2026-04-31"));
    EXPECT_FALSE(ParseDate("2026-13-01"));
    EXPECT_FALSE(ParseDate("2026-00-10"));
    EXPECT_FALSE(ParseDate("2026-01-00"));
    EXPECT_FALSE(ParseDate("2026-1-01"));
    EXPECT_FALSE(ParseDate("2026/01/01"));
    EXPECT_FALSE(ParseDate("26-01-01"));
    EXPECT_FALSE(ParseDate("2026-01-01x"));
    EXPECT_FALSE(ParseDate("+026-01-01"));
    EXPECT_TRUE(ParseDate("2026-12-31"));
}

TEST(ClockTest, FixedClock) {
    FixedClock clock(TimePoint{} + 100s);
    clock.Advance(5s);
    EXPECT_EQ(clock.Now(), TimePoint{} + 105s);
    clock.Set(TimePoint{});
    EXPECT_EQ(clock.Now(), TimePoint{});
}

TEST(ClockTest, SystemClockIsRecent) {
    SystemClock clock;
    EXPECT_GT(clock.Now(), sys_days{2024y / January / 1});
}

}  // namespace
}  // namespace warden
