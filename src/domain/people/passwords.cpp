#include "domain/people/passwords.hpp"

#include <unordered_set>

#include "core/strings.hpp"

namespace warden::domain {

namespace {

const std::unordered_set<std::string>& CommonSet() {
    static const std::unordered_set<std::string> set = [] {
        std::unordered_set<std::string> s;
        for (std::string_view p : CommonPasswordList()) s.insert(ToLower(p));
        return s;
    }();
    return set;
}

}  // namespace

bool IsCommonPassword(std::string_view password) { return CommonSet().contains(ToLower(password)); }

std::size_t CommonPasswordCount() { return CommonSet().size(); }

std::vector<FieldError> CheckNewPassword(const std::string& password, std::size_t min_length,
                                         const std::string& field) {
    if (password.size() < min_length) {
        return {
            {field, "Enter a password of at least " + std::to_string(min_length) + " characters"}};
    }
    if (password.size() > kMaxPasswordLength) {
        return {{field, "Enter a password of at most " + std::to_string(kMaxPasswordLength) +
                            " characters"}};
    }
    if (IsCommonPassword(password)) {
        return {
            {field, "This password is too common and easy to guess. Choose a different password"}};
    }
    return {};
}

}  // namespace warden::domain
