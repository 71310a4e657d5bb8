#include "web/views/format.hpp"

#include <chrono>

namespace warden::web::views {
namespace {

constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};

std::string DayMonthYear(std::chrono::year_month_day d) {
    return std::to_string(static_cast<unsigned>(d.day())) + " " +
           std::string(kMonths[static_cast<unsigned>(d.month()) - 1]) + " " +
           std::to_string(static_cast<int>(d.year()));
}

// "07" for 7 (0 to 99).
std::string TwoDigits(long long n) {
    std::string out(2, '0');
    out[0] = static_cast<char>('0' + (n / 10) % 10);
    out[1] = static_cast<char>('0' + n % 10);
    return out;
}

}  // namespace

std::string LongDate(std::string_view iso_date) {
    auto date = ParseDate(iso_date);
    if (!date) return std::string(iso_date);
    return DayMonthYear(*date);
}

std::string DateTime(TimePoint t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::hh_mm_ss time{t - day};
    return DayMonthYear(std::chrono::year_month_day{day}) + " at " +
           TwoDigits(time.hours().count()) + ":" + TwoDigits(time.minutes().count()) + " UTC";
}

std::string Thousands(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    if (n < 0) out += '-';
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string_view RoleLabel(domain::Role role) {
    using domain::Role;
    switch (role) {
        case Role::kWingOfficer:
            return "Wing officer";
        case Role::kTmppSpoc:
            return "TMPP single point of contact (SPoC)";
        case Role::kSecurity:
            return "Security";
        case Role::kGovernor:
            return "Governor";
        case Role::kMonitoring:
            return "National monitoring";
        case Role::kDigitalReviewer:
            return "HMPPS Digital reviewer";
        case Role::kAdmin:
            return "Administrator";
    }
    return "Unknown role";
}

std::string PhaseLabel(int phase) {
    if (phase == 0) return "Phase 0: TMPP not in use";
    return "Phase " + std::to_string(phase);
}

}  // namespace warden::web::views
