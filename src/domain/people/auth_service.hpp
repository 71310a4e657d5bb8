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
    int max_failed_signins = 5;                           // then the account locks
    std::chrono::seconds lockout{15 * 60};                // for this long
    std::chrono::seconds session_lifetime{8 * 3600};      // absolute session lifetime
    std::chrono::seconds session_idle{30 * 60};           // WARDEN_SESSION_IDLE_MINUTES
    std::chrono::seconds token_lifetime{90 * 24 * 3600};  // default API token lifetime
    std::size_t min_password_length = 12;
};

/// How often (at most) a session's idle limit or a token's last use is written: reading is
/// free, writing costs a transaction, so a request within a minute of the last write writes
/// nothing.
inline constexpr std::chrono::seconds kTouchInterval{60};

/// The longest lifetime an API token may be given.
inline constexpr int kMaxTokenDays = 366;

/// A signed-in user's change of their own password.
struct PasswordChange {
    std::string current_password;
    std::string new_password;
    std::string confirm_password;
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
    /// Creates an API token for `username` (ADMIN, or the system actor) valid for `days` (0:
    /// the policy's default, 90 days; at most kMaxTokenDays); returns the plaintext token, shown
    /// once. Audited.
    Result<std::string> CreateToken(const Actor& by, const std::string& username,
                                    const std::string& name, int days = 0);
    /// The user's API tokens, newest first, without their hashes (ADMIN or the system actor).
    Result<std::vector<ApiToken>> ListTokens(const Actor& by, const std::string& username);
    /// Revokes a token (ADMIN or the system actor); kNotFound when there is no such token, or
    /// when `owner` is given and the token is someone else's. Idempotent. Audited.
    Status RevokeToken(const Actor& by, Id token_id, const std::string& owner = {});
    /// A signed-in user changes their own password: kInvalidInput naming the field (current
    /// password wrong, new password too short, common or unconfirmed). Ends every session of
    /// the user and returns a new one for the browser that asked. Audited.
    Result<SignedIn> ChangePassword(const Actor& by, const PasswordChange& change);

    /// SHA-256 hex of a session or API token, as stored.
    std::string HashToken(const std::string& token);

  private:
    /// Verifies against a fixed dummy hash, so that every sign-in costs one Argon2 verify.
    void VerifyDummy(const std::string& password);
    /// A new session for `user` at `now`.
    SignedIn NewSession(const User& user, TimePoint now, const std::string& source);

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
