#pragma once
// Helpers shared by the files that implement AuthService and UserAdminService (internal to
// src/domain/people).

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/people/passwords.hpp"
#include "domain/people/user.hpp"
#include "domain/policy/policy.hpp"
#include "domain/service_support.hpp"

namespace warden::domain::auth_detail {

/// The start of the one answer to a failed sign-in, whatever the reason (unknown user, wrong
/// password, locked or disabled account), so that it reveals nothing.
inline constexpr std::string_view kBadSignIn = "Enter a valid username and password";
inline constexpr std::string_view kSignInAgain = "Your session has ended. Sign in again";
inline constexpr std::string_view kBadToken = "The API token is not valid";

/// A credential lookup's result, with "not found" turned into kUnauthenticated with `message`
/// (other errors, such as an unavailable database, pass through).
template <typename T>
Result<T> OrUnauthenticated(Result<T> found, std::string_view message) {
    if (!found.ok() && found.error().code == ErrorCode::kNotFound) {
        return Error::Unauthenticated(std::string(message));
    }
    return found;
}

inline Actor ActorOf(const User& user, const std::string& source) {
    Actor actor;
    actor.user_id = user.id;
    actor.username = user.username;
    actor.roles = user.roles;
    actor.caseload = user.caseload;
    actor.source = source;
    return actor;
}

inline std::string UserSubject(std::string_view username) { return "user:" + Clip(username, 64); }

inline Error UserNotFound(const std::string& username) {
    return Error::NotFound("User " + Clip(username, 64) + " does not exist");
}

/// The user, or UserNotFound.
inline Result<User> FindUser(Repositories& repos, const std::string& username) {
    auto user = repos.users.GetByUsername(username);
    if (!user.ok() && user.error().code == ErrorCode::kNotFound) {
        return UserNotFound(username);
    }
    return user;
}

}  // namespace warden::domain::auth_detail
