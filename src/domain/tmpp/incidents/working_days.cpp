#include "domain/tmpp/incidents/working_days.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace warden::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

using std::chrono::Monday;
using std::chrono::Saturday;
using std::chrono::Sunday;
using std::chrono::weekday;

constexpr sys_days D(int y, unsigned m, unsigned d) {
    return sys_days{year{y} / static_cast<int>(m) / static_cast<int>(d)};
}

// Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher).
sys_days Easter(int y) {
    const int a = y % 19;
    const int b = y / 100;
    const int c = y % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return D(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// The first Monday on or after `day`.
sys_days MondayFrom(sys_days day) { return day + (Monday - weekday{day}); }

// One-off bank holidays proclaimed for a single year (a coronation, a jubilee), and regular ones
// moved by proclamation (from, to); none is known from 2025 on. Add one when it is announced
// (docs/operations.md).
constexpr std::array<sys_days, 0> kOneOffBankHolidays{};
constexpr std::array<std::pair<sys_days, sys_days>, 0> kMovedBankHolidays{};

sys_days DayOf(TimePoint t) { return std::chrono::floor<days>(t); }

}  // namespace

std::vector<sys_days> BankHolidaysEnglandWales(int y) {
    // The regular eight (Good Friday and Christmas Day by custom, the others by the Banking and
    // Financial Dealings Act 1971 and royal proclamation): a New Year's Day, Christmas Day or
    // Boxing Day that falls at a weekend is replaced by the next weekday not already a holiday.
    std::vector<sys_days> out;
    const sys_days new_year = D(y, 1, 1);
    const weekday first{new_year};
    out.push_back(first == Saturday ? new_year + days{2}
                  : first == Sunday ? new_year + days{1}
                                    : new_year);
    out.push_back(Easter(y) - days{2});
    out.push_back(Easter(y) + days{1});
    out.push_back(MondayFrom(D(y, 5, 1)));
    out.push_back(MondayFrom(D(y, 5, 25)));
    out.push_back(MondayFrom(D(y, 8, 25)));
    const sys_days christmas = D(y, 12, 25);
    const weekday w{christmas};
    if (w == Saturday) {
        out.push_back(christmas + days{2});  // Monday 27th
        out.push_back(christmas + days{3});  // Tuesday 28th
    } else if (w == Sunday) {
        out.push_back(christmas + days{1});  // Boxing Day, Monday 26th
        out.push_back(christmas + days{2});  // Tuesday 27th for Christmas Day
    } else if (w == std::chrono::Friday) {
        out.push_back(christmas);
        out.push_back(christmas + days{3});  // Monday 28th for Boxing Day
    } else {
        out.push_back(christmas);
        out.push_back(christmas + days{1});
    }
    for (const auto& [from, to] : kMovedBankHolidays) {
        std::replace(out.begin(), out.end(), from, to);
    }
    for (sys_days extra : kOneOffBankHolidays) {
        if (year_month_day{extra}.year() == year{y}) out.push_back(extra);
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool IsWorkingDay(sys_days day) {
    const weekday w{day};
    if (w == Saturday || w == Sunday) return false;
    const auto holidays = BankHolidaysEnglandWales(static_cast<int>(year_month_day{day}.year()));
    return !std::binary_search(holidays.begin(), holidays.end(), day);
}

TimePoint RiuNotificationDueBy(TimePoint reported_at) {
    sys_days day = DayOf(reported_at) + days{1};
    while (!IsWorkingDay(day)) day += days{1};
    return TimePoint{day + days{1}};
}

TimePoint RiuOverdueCutoff(TimePoint now) {
    sys_days day = DayOf(now) - days{1};
    while (!IsWorkingDay(day)) day -= days{1};
    return TimePoint{day};
}

}  // namespace warden::domain
