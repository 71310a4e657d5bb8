#include "domain/people/auth_service.hpp"

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {

namespace {

constexpr std::string_view kBadSignIn = "Enter a valid username and password";
constexpr std::string_view kSignInAgain = "Your session has ended. Sign in again";

// A credential lookup's result, with "not found" turned into kUnauthenticated with `message`
// (other errors, such as an unavailable database, pass through).
template <typename T>
Result<T> OrUnauthenticated(Result<T> found, std::string_view message) {
    if (!found.ok() && found.error().code == ErrorCode::kNotFound) {
        return Error::Unauthenticated(std::string(message));
    }
    return found;
}
constexpr size_t kMaxPasswordLength = 1024;

Actor ActorOf(const User& user, const std::string& source) {
    Actor actor;
    actor.user_id = user.id;
    actor.username = user.username;
    actor.roles = user.roles;
    actor.caseload = user.caseload;
    actor.source = source;
    return actor;
}

std::string UserSubject(std::string_view username) { return "user:" + Clip(username, 64); }

std::string JoinRoles(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) {
        if (!out.empty()) out += ',';
        out += RoleName(r);
    }
    return out;
}

std::string AccessDetail(const std::vector<Role>& roles, const std::vector<std::string>& caseload) {
    return "roles=" + JoinRoles(roles) + " caseload=" + Join(caseload, ",");
}

// A user as handed out of the service: never with the password hash.
User Redacted(User user) {
    user.password_hash.clear();
    return user;
}

// Checks roles and caseload; normalises the caseload (upper case, sorted, unique) and roles
// (unique, in AllRoles() order).
void CheckAccess(std::vector<Role>& roles, std::vector<std::string>& caseload,
                 std::vector<FieldError>& errors) {
    std::vector<Role> unique_roles;
    for (Role r : AllRoles()) {
        if (std::find(roles.begin(), roles.end(), r) != roles.end()) unique_roles.push_back(r);
    }
    roles = std::move(unique_roles);
    if (roles.empty()) errors.push_back({"roles", "Select at least one role"});

    std::set<std::string> codes;
    for (const auto& code : caseload) {
        std::string c = ToUpper(Trim(code));
        if (c.empty()) continue;
        if (!IsEstablishmentCode(c)) {
            errors.push_back(
                {"caseload", "Establishment code '" + Clip(c) + "' must be three letters"});
            continue;
        }
        codes.insert(c);
    }
    caseload.assign(codes.begin(), codes.end());
    Actor holder;
    holder.roles = roles;
    const bool works_in_establishments = Allowed(holder, Action::kPrisonersRead);
    if (works_in_establishments && caseload.empty()) {
        errors.push_back({"caseload", "Select at least one establishment for this user's roles"});
    }
}

// Adds a field error for each caseload code that is not an establishment.
Status CheckCaseloadExists(Repositories& repos, const std::vector<std::string>& caseload,
                           std::vector<FieldError>& errors) {
    for (const auto& code : caseload) {
        auto e = repos.establishments.Get(code, Scope::National());
        if (!e.ok()) {
            if (e.error().code != ErrorCode::kNotFound) return e.error();
            errors.push_back({"caseload", "Establishment " + code + " does not exist"});
        }
    }
    return Ok();
}

std::vector<FieldError> CheckPassword(const std::string& password, const AuthPolicy& policy) {
    if (password.size() < policy.min_password_length) {
        return {{"password", "Enter a password of at least " +
                                 std::to_string(policy.min_password_length) + " characters"}};
    }
    if (password.size() > kMaxPasswordLength) {
        return {{"password", "Enter a password of at most " + std::to_string(kMaxPasswordLength) +
                                 " characters"}};
    }
    return {};
}

Status UserNotFound(const std::string& username) {
    return Error::NotFound("User " + Clip(username, 64) + " does not exist");
}

}  // namespace

bool IsSystemActor(const Actor& actor) { return actor.system; }

// ---------------------------------------------------------------------------------------------
// AuthService

AuthService::AuthService(Store& store, PasswordHasher& hasher, Secrets& secrets, const Clock& clock,
                         AuthPolicy policy)
    : store_(store), hasher_(hasher), secrets_(secrets), clock_(clock), policy_(policy) {}

std::string AuthService::HashToken(const std::string& token) { return secrets_.Sha256Hex(token); }

Result<SignedIn> AuthService::SignIn(const std::string& username, const std::string& password,
                                     const std::string& source) {
    const TimePoint now = clock_.Now();
    const std::string name = ToLower(Trim(username));

    // Read the user, then verify the password outside any transaction (it is slow on purpose).
    std::optional<User> found;
    if (IsUsername(name)) {
        WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
            auto user = repos.users.GetByUsername(name);
            if (user.ok()) {
                found = std::move(user).value();
            } else if (user.error().code != ErrorCode::kNotFound) {
                return user.error();
            }
            return Ok();
        }));
    }

    enum class Outcome { kOk, kUnknown, kDisabled, kLocked, kBadPassword };
    Outcome outcome;
    if (!found) {
        std::call_once(dummy_once_, [this] {
            auto hashed = hasher_.Hash("not a real password, for timing only");
            if (hashed.ok()) dummy_hash_ = std::move(hashed).value();
        });
        if (!dummy_hash_.empty()) hasher_.Verify(dummy_hash_, password);
        outcome = Outcome::kUnknown;
    } else if (found->locked_until && *found->locked_until > now) {
        outcome = Outcome::kLocked;  // the password is not even checked while locked
    } else {
        bool good =
            password.size() <= kMaxPasswordLength && hasher_.Verify(found->password_hash, password);
        if (!good) {
            outcome = Outcome::kBadPassword;
        } else if (found->disabled) {
            outcome = Outcome::kDisabled;
        } else {
            outcome = Outcome::kOk;
        }
    }

    SignedIn signed_in;
    std::optional<TimePoint> locked_until;
    // The outcome is recorded (counter, lockout, session, audit) in one transaction that commits
    // even when the sign-in fails.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry;
        entry.at = now;
        entry.actor = found ? found->username : "anonymous";
        entry.source = source;
        entry.subject = UserSubject(name.empty() ? std::string("-") : name);
        if (outcome == Outcome::kUnknown) {
            // What was typed is never kept: people paste passwords into the username field.
            entry.subject = UserSubject("unknown");
            entry.action = "auth.signin_failed";
            entry.detail = "result=unknown_user";
            return repos.audit.Append(std::move(entry));
        }
        WARDEN_ASSIGN_OR_RETURN(User user, repos.users.GetById(found->id));
        // Locked now, or locked by a concurrent sign-in since the user was read.
        if (outcome == Outcome::kLocked || (user.locked_until && *user.locked_until > now)) {
            outcome = Outcome::kLocked;
            locked_until = user.locked_until;
            entry.action = "auth.signin_failed";
            entry.detail = "result=locked";
            return repos.audit.Append(std::move(entry));
        }
        if (outcome == Outcome::kBadPassword) {
            user.failed_signins += 1;
            entry.action = "auth.signin_failed";
            entry.detail = "result=wrong_password failed=" + std::to_string(user.failed_signins) +
                           " max=" + std::to_string(policy_.max_failed_signins);
            if (user.failed_signins >= policy_.max_failed_signins) {
                user.locked_until = now + policy_.lockout;
                user.failed_signins = 0;
                entry.detail += " locked=true";
            }
            WARDEN_TRY(repos.users.Update(user));
            return repos.audit.Append(std::move(entry));
        }
        if (outcome == Outcome::kDisabled || user.disabled) {
            outcome = Outcome::kDisabled;
            entry.action = "auth.signin_failed";
            entry.detail = "result=disabled";
            return repos.audit.Append(std::move(entry));
        }
        user.failed_signins = 0;
        user.locked_until.reset();
        WARDEN_TRY(repos.users.Update(user));
        signed_in.token = secrets_.RandomToken();
        signed_in.session.token_hash = HashToken(signed_in.token);
        signed_in.session.user_id = user.id;
        signed_in.session.csrf_token = secrets_.RandomToken();
        signed_in.session.created_at = now;
        signed_in.session.expires_at = now + policy_.session_lifetime;
        WARDEN_TRY(repos.users.AddSession(signed_in.session));
        signed_in.actor = ActorOf(user, source);
        entry.action = "auth.signin";
        return repos.audit.Append(std::move(entry));
    }));

    switch (outcome) {
        case Outcome::kOk:
            return signed_in;
        case Outcome::kLocked: {
            auto left = locked_until ? *locked_until - now : policy_.lockout;
            auto minutes = std::max<long long>(1, (left.count() + 59) / 60);
            return Error::Unauthenticated(
                "This account is locked after too many failed sign-ins. Try again in " +
                std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes"));
        }
        default:
            return Error::Unauthenticated(std::string(kBadSignIn));
    }
}

Result<SignedIn> AuthService::Resume(const std::string& token, const std::string& source) {
    if (token.empty()) return Error::Unauthenticated(std::string(kSignInAgain));
    const TimePoint now = clock_.Now();
    SignedIn out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(
            auto session,
            OrUnauthenticated(repos.users.GetSession(HashToken(token)), kSignInAgain));
        if (session.expires_at <= now) return Error::Unauthenticated(std::string(kSignInAgain));
        WARDEN_ASSIGN_OR_RETURN(
            auto user, OrUnauthenticated(repos.users.GetById(session.user_id), kSignInAgain));
        if (user.disabled) return Error::Unauthenticated(std::string(kSignInAgain));
        out.token = token;
        out.session = std::move(session);
        out.actor = ActorOf(user, source);
        return Ok();
    }));
    return out;
}

Status AuthService::SignOut(const std::string& token, const std::string& source) {
    if (token.empty()) return Ok();
    const TimePoint now = clock_.Now();
    const std::string hash = HashToken(token);
    return store_.Write([&](Repositories& repos) -> Status {
        auto session = repos.users.GetSession(hash);
        if (!session.ok()) {
            return session.error().code == ErrorCode::kNotFound ? Ok() : Status(session.error());
        }
        WARDEN_TRY(repos.users.DeleteSession(hash));
        auto user = repos.users.GetById(session->user_id);
        std::string username = user.ok() ? user->username : std::to_string(session->user_id);
        AuditEntry entry;
        entry.at = now;
        entry.actor = username;
        entry.source = source;
        entry.action = "auth.signout";
        entry.subject = UserSubject(username);
        return repos.audit.Append(std::move(entry));
    });
}

Result<Actor> AuthService::Authenticate(const std::string& bearer_token,
                                        const std::string& source) {
    constexpr std::string_view kBadToken = "The API token is not valid";
    if (bearer_token.empty()) return Error::Unauthenticated(std::string(kBadToken));
    Actor actor;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(
            auto token,
            OrUnauthenticated(repos.users.GetToken(HashToken(bearer_token)), kBadToken));
        WARDEN_ASSIGN_OR_RETURN(auto user,
                                OrUnauthenticated(repos.users.GetById(token.user_id), kBadToken));
        if (user.disabled) return Error::Unauthenticated(std::string(kBadToken));
        actor = ActorOf(user, source);
        return Ok();
    }));
    return actor;
}

Result<std::string> AuthService::CreateToken(const Actor& by, const std::string& username,
                                             const std::string& name) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    std::string label(Trim(name));
    if (label.empty() || label.size() > 100) {
        return FieldsError({{"name", "Enter a name for the token of up to 100 characters"}});
    }
    const TimePoint now = clock_.Now();
    std::string plaintext = secrets_.RandomToken();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        auto user = repos.users.GetByUsername(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        ApiToken token;
        token.user_id = user->id;
        token.token_hash = HashToken(plaintext);
        token.name = label;
        token.created_at = now;
        WARDEN_TRY(repos.users.AddToken(token));
        return repos.audit.Append(
            NewAuditEntry(by, now, "token.create", UserSubject(username), "name=" + label));
    }));
    return plaintext;
}

// ---------------------------------------------------------------------------------------------
// UserAdminService

UserAdminService::UserAdminService(Store& store, PasswordHasher& hasher, const Clock& clock,
                                   AuthPolicy policy)
    : store_(store), hasher_(hasher), clock_(clock), policy_(policy) {}

Result<User> UserAdminService::Create(const Actor& by, const NewUser& input) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    User user;
    user.username = ToLower(Trim(input.username));
    user.full_name = std::string(Trim(input.full_name));
    user.email = ToLower(Trim(input.email));
    user.roles = input.roles;
    user.caseload = input.caseload;

    std::vector<FieldError> errors;
    if (!IsUsername(user.username)) {
        errors.push_back({"username",
                          "Enter a username of 3 to 64 lower-case letters, digits, '.', '_' or "
                          "'-'"});
    }
    if (user.full_name.empty() || user.full_name.size() > 200 || !IsValidUtf8(user.full_name)) {
        errors.push_back({"full_name", "Enter the user's full name (up to 200 characters)"});
    }
    if (!IsEmail(user.email)) {
        errors.push_back({"email",
                          "Enter an email address in the correct format, like "
                          "name@justice.gov.uk"});
    }
    CheckAccess(user.roles, user.caseload, errors);
    for (auto& e : CheckPassword(input.password, policy_)) errors.push_back(std::move(e));
    if (!errors.empty()) return FieldsError(std::move(errors));

    WARDEN_ASSIGN_OR_RETURN(user.password_hash, hasher_.Hash(input.password));
    const TimePoint now = clock_.Now();
    user.created_at = now;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        std::vector<FieldError> missing;
        WARDEN_TRY(CheckCaseloadExists(repos, user.caseload, missing));
        if (!missing.empty()) return FieldsError(std::move(missing));
        auto existing = repos.users.GetByUsername(user.username);
        if (existing.ok()) {
            return Error::Conflict("The username " + user.username + " is already in use");
        }
        if (existing.error().code != ErrorCode::kNotFound) return existing.error();
        WARDEN_ASSIGN_OR_RETURN(user.id, repos.users.Add(user));
        return repos.audit.Append(NewAuditEntry(by, now, "user.create", UserSubject(user.username),
                                                AccessDetail(user.roles, user.caseload)));
    }));
    return Redacted(std::move(user));
}

Result<std::vector<User>> UserAdminService::List(const Actor& by) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    std::vector<User> users;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(users, repos.users.List());
        return Ok();
    }));
    for (auto& u : users) u.password_hash.clear();
    return users;
}

Result<User> UserAdminService::Get(const Actor& by, const std::string& username) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    User user;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        auto found = repos.users.GetByUsername(username);
        if (!found.ok()) {
            return found.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                              : Status(found.error());
        }
        user = std::move(found).value();
        return Ok();
    }));
    return Redacted(std::move(user));
}

Status UserAdminService::SetAccess(const Actor& by, const std::string& username,
                                   const std::vector<Role>& roles,
                                   const std::vector<std::string>& caseload) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    if (!by.system && by.username == username) {
        return Error::Conflict("You cannot change your own roles or caseload");
    }
    std::vector<Role> new_roles = roles;
    std::vector<std::string> new_caseload = caseload;
    std::vector<FieldError> errors;
    CheckAccess(new_roles, new_caseload, errors);
    if (!errors.empty()) return FieldsError(std::move(errors));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto user = repos.users.GetByUsername(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        std::vector<FieldError> missing;
        WARDEN_TRY(CheckCaseloadExists(repos, new_caseload, missing));
        if (!missing.empty()) return FieldsError(std::move(missing));
        user->roles = new_roles;
        user->caseload = new_caseload;
        WARDEN_TRY(repos.users.Update(*user));
        WARDEN_TRY(repos.users.DeleteSessionsOf(user->id));
        return repos.audit.Append(NewAuditEntry(by, now, "user.access", UserSubject(user->username),
                                                AccessDetail(new_roles, new_caseload)));
    });
}

Status UserAdminService::SetDisabled(const Actor& by, const std::string& username, bool disabled) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    if (disabled && !by.system && by.username == username) {
        return Error::Conflict("You cannot disable your own account");
    }
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto user = repos.users.GetByUsername(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        user->disabled = disabled;
        WARDEN_TRY(repos.users.Update(*user));
        if (disabled) WARDEN_TRY(repos.users.DeleteSessionsOf(user->id));
        return repos.audit.Append(NewAuditEntry(by, now, disabled ? "user.disable" : "user.enable",
                                                UserSubject(user->username)));
    });
}

Status UserAdminService::ResetPassword(const Actor& by, const std::string& username,
                                       const std::string& password) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    auto errors = CheckPassword(password, policy_);
    if (!errors.empty()) return FieldsError(std::move(errors));
    // Fail fast for an unknown user before the (slow) hash.
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        auto user = repos.users.GetByUsername(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        return Ok();
    }));
    WARDEN_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto user = repos.users.GetByUsername(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        user->password_hash = hash;
        user->failed_signins = 0;
        user->locked_until.reset();
        WARDEN_TRY(repos.users.Update(*user));
        WARDEN_TRY(repos.users.DeleteSessionsOf(user->id));
        return repos.audit.Append(
            NewAuditEntry(by, now, "user.password_reset", UserSubject(user->username)));
    });
}

}  // namespace warden::domain
