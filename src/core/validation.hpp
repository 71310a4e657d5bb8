#pragma once
// Validation of identifiers used across Warden.

#include <string_view>

namespace warden {

/// A prison number: a letter, four digits, two letters ("A1234BC"), upper case.
bool IsPrisonNumber(std::string_view s);
/// An establishment (agency) code: three upper-case letters ("MDI").
bool IsEstablishmentCode(std::string_view s);
/// A region code: 2 to 12 upper-case letters, digits or underscores.
bool IsRegionCode(std::string_view s);
/// A plausible email address: one '@', non-empty local part, a dotted domain, no spaces.
bool IsEmail(std::string_view s);
/// A username: 3 to 64 of lower-case letters, digits, '.', '_' and '-'.
bool IsUsername(std::string_view s);
/// A wing/location code: 1 to 10 upper-case letters, digits or '-'.
bool IsLocationCode(std::string_view s);

}  // namespace warden
