#include "core/validation.hpp"

namespace warden {

namespace {

bool IsUpperAlpha(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerAlpha(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

bool IsPrisonNumber(std::string_view s) {
    return s.size() == 7 && IsUpperAlpha(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3]) &&
           IsDigit(s[4]) && IsUpperAlpha(s[5]) && IsUpperAlpha(s[6]);
}

bool IsEstablishmentCode(std::string_view s) {
    return s.size() == 3 && IsUpperAlpha(s[0]) && IsUpperAlpha(s[1]) && IsUpperAlpha(s[2]);
}

bool IsRegionCode(std::string_view s) {
    if (s.size() < 2 || s.size() > 12) return false;
    for (char c : s) {
        if (!IsUpperAlpha(c) && !IsDigit(c) && c != '_') return false;
    }
    return true;
}

bool IsEmail(std::string_view s) {
    if (s.size() > 254) return false;
    size_t at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    for (char c : s) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7F || c == '<' || c == '>' || c == ',' ||
            c == ';' || c == '"') {
            return false;
        }
    }
    std::string_view domain = s.substr(at + 1);
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
        domain.find('.') == std::string_view::npos || domain.find("..") != std::string_view::npos) {
        return false;
    }
    return true;
}

bool IsUsername(std::string_view s) {
    if (s.size() < 3 || s.size() > 64) return false;
    for (char c : s) {
        if (!IsLowerAlpha(c) && !IsDigit(c) && c != '.' && c != '_' && c != '-') return false;
    }
    return true;
}

bool IsLocationCode(std::string_view s) {
    if (s.empty() || s.size() > 10) return false;
    for (char c : s) {
        if (!IsUpperAlpha(c) && !IsDigit(c) && c != '-') return false;
    }
    return true;
}

}  // namespace warden
