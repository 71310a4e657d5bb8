#pragma once
// Text for pages: dates and times in the GOV.UK style, numbers, role and phase labels.

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "domain/people/roles.hpp"

namespace warden::web::views {

/// "13 August 1980" for "1980-08-13"; the input itself when it is not a date.
std::string LongDate(std::string_view iso_date);
/// "22 November 2026 at 10:15 UTC".
std::string DateTime(TimePoint t);
/// "1,234".
std::string Thousands(long long n);
/// "Wing officer", "TMPP SPoC", ...
std::string_view RoleLabel(domain::Role role);
/// "Phase 0: TMPP not in use", "Phase 1", ...
std::string PhaseLabel(int phase);

}  // namespace warden::web::views
