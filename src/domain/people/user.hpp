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
    TimePoint expires_at{};  // absolute limit (8 hours after sign-in)
    /// Idle limit: moved forward as the session is used (at most once a minute); none when unset.
    std::optional<TimePoint> idle_expires_at;
};

/// An API bearer token; stored hashed.
struct ApiToken {
    Id id = 0;
    Id user_id = 0;
    std::string token_hash;
    std::string name;
    TimePoint created_at{};
    std::optional<TimePoint> expires_at;    // none: never (tokens made before expiry existed)
    std::optional<TimePoint> revoked_at;    // set when revoked; a revoked token is never valid
    std::optional<TimePoint> last_used_at;  // recorded at most once a minute
};

/// A session with its user, read together (UserRepository::GetSessionWithUser).
struct SessionOfUser {
    Session session;
    User user;
};

/// An API token with its user, read together (UserRepository::GetTokenWithUser).
struct TokenOfUser {
    ApiToken token;
    User user;
};

/// The counter after a failed sign-in, as the database left it.
struct FailedSignIns {
    int failed = 0;  // failures since the last success or lockout (0 when this one locked)
    std::optional<TimePoint> locked_until;
};

}  // namespace warden::domain
