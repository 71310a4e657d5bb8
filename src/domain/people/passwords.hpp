#pragma once
// Rules for new passwords (set by ADMIN or changed by their owner): a minimum and maximum
// length, and not on the list of common passwords kept in the repository
// (src/domain/people/common_passwords.txt, compiled in).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace warden::domain {

/// The longest password accepted (Argon2 hashes any length; this bounds the work).
inline constexpr std::size_t kMaxPasswordLength = 1024;

/// True when `password`, ignoring case, is on the common-password list.
bool IsCommonPassword(std::string_view password);

/// How many entries the common-password list has.
std::size_t CommonPasswordCount();

/// Field errors (on `field`) for a new password: too short, too long, or common.
std::vector<FieldError> CheckNewPassword(const std::string& password, std::size_t min_length,
                                         const std::string& field = "password");

/// The compiled-in list (generated from common_passwords.txt by CMake).
const std::vector<std::string_view>& CommonPasswordList();

}  // namespace warden::domain
