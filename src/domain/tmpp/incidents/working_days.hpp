#pragma once
// Working days in England and Wales (Monday to Friday, except the bank holidays, worked out for
// any year by their rules in working_days.cpp), and the incident deadline that counts them:
// Security notifies the RIU within 1 working day of an incident being reported (DOMAIN.md,
// "Reporting chain").
//
// Days are UTC calendar days. An incident reported on day D must have its RIU notification by
// the end of the first working day after D: reported on Friday (or Saturday, or Sunday), due by
// the end of Monday, or Tuesday when Monday is a bank holiday.

#include <chrono>
#include <vector>

#include "core/clock.hpp"

namespace warden::domain {

/// The bank holidays of England and Wales in year `y`, ascending: New Year's Day, Good Friday,
/// Easter Monday, the early May, spring and summer Mondays, Christmas Day and Boxing Day (with
/// their weekday substitutes), and any one-off holiday proclaimed for that year that this build
/// lists. From 2025 on they are GOV.UK's dates (www.gov.uk/bank-holidays).
std::vector<std::chrono::sys_days> BankHolidaysEnglandWales(int y);

/// Monday to Friday and not a bank holiday.
bool IsWorkingDay(std::chrono::sys_days day);

/// When the RIU notification of an incident reported at `reported_at` becomes overdue: the end
/// (24:00 UTC) of the first working day after the day it was reported.
TimePoint RiuNotificationDueBy(TimePoint reported_at);

/// The incidents reported before this time have an overdue RIU notification at `now` (if still
/// REPORTED): the start of the latest working day before today. Consistent with
/// RiuNotificationDueBy: reported_at < RiuOverdueCutoff(now) exactly when
/// now >= RiuNotificationDueBy(reported_at).
TimePoint RiuOverdueCutoff(TimePoint now);

}  // namespace warden::domain
