#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/people/roles.hpp"

namespace warden::domain {

/// A member of staff who signs in.
struct User {
    Id id = 0;
    std::string username;
    std::string full_name;
    std::string email;
    std::vector<Role> roles;
    std::vector<std::string> caseload;  // establishment codes
    bool disabled = false;
    std::string password_hash;  // Argon2id encoded string
    int failed_signins = 0;
    std::optional<TimePoint> locked_until;
    TimePoint created_at{};
};

/// A browser session; the token itself is only in the cookie, the database holds its hash.
struct Session {
    std::string token_hash;
    Id user_id = 0;
    std::string csrf_token;
    TimePoint created_at{};
    TimePoint expires_at{};
};

/// An API bearer token; stored hashed.
struct ApiToken {
    Id id = 0;
    Id user_id = 0;
    std::string token_hash;
    std::string name;
    TimePoint created_at{};
};

}  // namespace warden::domain
