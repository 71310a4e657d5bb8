#pragma once
// Small text helpers (std only).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

/// Removes ASCII whitespace at both ends.
std::string_view Trim(std::string_view s);
/// ASCII upper case.
std::string ToUpper(std::string_view s);
/// ASCII lower case.
std::string ToLower(std::string_view s);
/// Splits on `sep`; keeps empty pieces.
std::vector<std::string> Split(std::string_view s, char sep);
/// Joins with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
/// True when `s` is valid UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
/// Parses a non-negative decimal integer that fits in int; nullopt-like -1 on failure.
int ParseNonNegativeInt(std::string_view s);
/// Escapes &, <, >, ", ' for HTML.
std::string HtmlEscape(std::string_view s);
/// Lower-case hex of bytes.
std::string ToHex(std::string_view bytes);

/// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when it is not valid.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);
/// `s` escaped for the inside of a JSON string; invalid UTF-8 becomes U+FFFD.
std::string JsonEscape(std::string_view s);

}  // namespace warden
