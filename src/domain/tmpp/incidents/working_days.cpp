#include "domain/tmpp/incidents/working_days.hpp"

#include <algorithm>
#include <array>

namespace warden::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year;

constexpr sys_days D(int y, unsigned m, unsigned d) {
    return sys_days{year{y} / static_cast<int>(m) / static_cast<int>(d)};
}

// The bank holidays of England and Wales (www.gov.uk/bank-holidays), ascending. Extend the list
// each year when GOV.UK publishes the next one (docs/operations.md, "TMPP incident deadlines").
constexpr std::array kBankHolidays = {
    D(2025, 1, 1),  D(2025, 4, 18), D(2025, 4, 21),  D(2025, 5, 5),
    D(2025, 5, 26), D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26),  //
    D(2026, 1, 1),  D(2026, 4, 3),  D(2026, 4, 6),   D(2026, 5, 4),
    D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),  //
    D(2027, 1, 1),  D(2027, 3, 26), D(2027, 3, 29),  D(2027, 5, 3),
    D(2027, 5, 31), D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28),  //
    D(2028, 1, 3),  D(2028, 4, 14), D(2028, 4, 17),  D(2028, 5, 1),
    D(2028, 5, 29), D(2028, 8, 28), D(2028, 12, 25), D(2028, 12, 26),
};
constexpr int kLastYear = 2028;

sys_days DayOf(TimePoint t) { return std::chrono::floor<days>(t); }

}  // namespace

std::span<const sys_days> BankHolidaysEnglandWales() { return kBankHolidays; }

int BankHolidaysLastYear() { return kLastYear; }

bool IsWorkingDay(sys_days day) {
    const std::chrono::weekday w{day};
    if (w == std::chrono::Saturday || w == std::chrono::Sunday) return false;
    return !std::binary_search(kBankHolidays.begin(), kBankHolidays.end(), day);
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
