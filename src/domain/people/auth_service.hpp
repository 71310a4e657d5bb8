#pragma once
// Sign-in, sessions, API tokens and the ADMIN's management of users.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain {

/// Tunables of sign-in.
struct AuthPolicy {
    int max_failed_signins = 5;                       // then the account locks
    std::chrono::seconds lockout{15 * 60};            // for this long
    std::chrono::seconds session_lifetime{8 * 3600};  // absolute session lifetime
    std::size_t min_password_length = 12;
};

/// A new browser session: `token` goes into the cookie (only its hash is stored).
struct SignedIn {
    std::string token;
    Session session;
    Actor actor;
};

/// Authenticates people (password, session cookie, bearer token).
class AuthService {
  public:
    AuthService(Store& store, PasswordHasher& hasher, Secrets& secrets, const Clock& clock,
                AuthPolicy policy = {});

    /// kUnauthenticated with a message that does not reveal whether the user exists, or that the
    /// account is locked (and until when) after too many failures. Audited.
    Result<SignedIn> SignIn(const std::string& username, const std::string& password,
                            const std::string& source);
    /// The actor and session for a cookie token; kUnauthenticated when unknown, expired or the
    /// user is disabled.
    Result<SignedIn> Resume(const std::string& token, const std::string& source);
    /// Ends the session (idempotent). Audited.
    Status SignOut(const std::string& token, const std::string& source);
    /// The actor for an API bearer token; kUnauthenticated when unknown or the user is disabled.
    Result<Actor> Authenticate(const std::string& bearer_token, const std::string& source);
    /// Creates an API token for `username` (ADMIN, or the system actor); returns the plaintext
    /// token, shown once. Audited.
    Result<std::string> CreateToken(const Actor& by, const std::string& username,
                                    const std::string& name);

    /// SHA-256 hex of a session or API token, as stored.
    std::string HashToken(const std::string& token);

  private:
    Store& store_;
    PasswordHasher& hasher_;
    Secrets& secrets_;
    const Clock& clock_;
    AuthPolicy policy_;
    // A hash to verify against when the user does not exist, so that the time taken does not
    // reveal it; made on first use.
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

/// What an ADMIN supplies to create a user.
struct NewUser {
    std::string username;
    std::string full_name;
    std::string email;
    std::vector<Role> roles;
    std::vector<std::string> caseload;
    std::string password;
};

/// ADMIN's management of users. Every method needs ADMIN (kForbidden otherwise), or the system
/// actor, and is audited.
class UserAdminService {
  public:
    UserAdminService(Store& store, PasswordHasher& hasher, const Clock& clock,
                     AuthPolicy policy = {});

    /// kInvalidInput with per-field errors (username, full_name, email, roles, caseload,
    /// password); kConflict for a duplicate username; kInvalidInput for an unknown establishment.
    Result<User> Create(const Actor& by, const NewUser& user);
    Result<std::vector<User>> List(const Actor& by);
    Result<User> Get(const Actor& by, const std::string& username);
    /// Replaces roles and caseload (validated as in Create). Ends the user's sessions.
    Status SetAccess(const Actor& by, const std::string& username, const std::vector<Role>& roles,
                     const std::vector<std::string>& caseload);
    /// Disabling ends the user's sessions.
    Status SetDisabled(const Actor& by, const std::string& username, bool disabled);
    /// Sets a new password, clears the lockout, ends the user's sessions.
    Status ResetPassword(const Actor& by, const std::string& username, const std::string& password);

  private:
    Store& store_;
    PasswordHasher& hasher_;
    const Clock& clock_;
    AuthPolicy policy_;
};

/// True when `actor` is the system actor used by operator commands.
bool IsSystemActor(const Actor& actor);

}  // namespace warden::domain
