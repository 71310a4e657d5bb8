#include "domain/people/auth_service.hpp"

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/people/auth_support.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {

using auth_detail::ActorOf;
using auth_detail::kBadSignIn;
using auth_detail::kSignInAgain;
using auth_detail::OrUnauthenticated;
using auth_detail::UserNotFound;
using auth_detail::UserSubject;

namespace {

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

// The roles in `now` that reach prisoner data and were not in `before`.
std::vector<Role> PrisonerDataRolesGranted(const std::vector<Role>& before,
                                           const std::vector<Role>& now) {
    std::vector<Role> granted;
    for (Role r : now) {
        Actor holder;
        holder.roles = {r};
        if (!Allowed(holder, Action::kPrisonersRead)) continue;
        if (std::find(before.begin(), before.end(), r) == before.end()) granted.push_back(r);
    }
    return granted;
}

// A second, explicit entry when a change gives `username` a role with prisoner data: codes only
// ("user.prisoner_data_granted", "roles=SECURITY caseload=MDI").
Status AuditPrisonerDataGrant(Repositories& repos, const Actor& by, TimePoint now,
                              const std::string& username, const std::vector<Role>& before,
                              const std::vector<Role>& roles,
                              const std::vector<std::string>& caseload) {
    auto granted = PrisonerDataRolesGranted(before, roles);
    if (granted.empty()) return Ok();
    return repos.audit.Append(NewAuditEntry(by, now, "user.prisoner_data_granted",
                                            UserSubject(username),
                                            AccessDetail(granted, caseload)));
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
    return CheckNewPassword(password, policy.min_password_length);
}

}  // namespace

bool IsSystemActor(const Actor& actor) { return actor.system; }

// ---------------------------------------------------------------------------------------------
// AuthService

AuthService::AuthService(Store& store, PasswordHasher& hasher, Secrets& secrets, const Clock& clock,
                         AuthPolicy policy)
    : store_(store), hasher_(hasher), secrets_(secrets), clock_(clock), policy_(policy) {}

std::string AuthService::HashToken(const std::string& token) { return secrets_.Sha256Hex(token); }

void AuthService::VerifyDummy(const std::string& password) {
    std::call_once(dummy_once_, [this] {
        auto hashed = hasher_.Hash("not a real password, for timing only");
        if (hashed.ok()) dummy_hash_ = std::move(hashed).value();
    });
    if (!dummy_hash_.empty()) {
        (void)hasher_.Verify(dummy_hash_, password.substr(0, kMaxPasswordLength));
    }
}

SignedIn AuthService::NewSession(const User& user, TimePoint now, const std::string& source) {
    SignedIn signed_in;
    signed_in.token = secrets_.RandomToken();
    signed_in.session.token_hash = HashToken(signed_in.token);
    signed_in.session.user_id = user.id;
    signed_in.session.csrf_token = secrets_.RandomToken();
    signed_in.session.created_at = now;
    signed_in.session.expires_at = now + policy_.session_lifetime;
    signed_in.session.idle_expires_at = now + policy_.session_idle;
    signed_in.actor = ActorOf(user, source);
    return signed_in;
}

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

    // Every attempt runs exactly one Argon2 verify (against a dummy hash when the user is
    // unknown or locked), so the time taken does not tell the cases apart.
    enum class Outcome { kOk, kUnknown, kDisabled, kLocked, kBadPassword };
    Outcome outcome;
    if (!found) {
        VerifyDummy(password);
        outcome = Outcome::kUnknown;
    } else if (found->locked_until && *found->locked_until > now) {
        VerifyDummy(password);
        outcome = Outcome::kLocked;
    } else {
        // A password too long to be anyone's still costs one verify (against the dummy hash):
        // answering it at once would tell that the username exists.
        bool good = false;
        if (password.size() > kMaxPasswordLength) {
            VerifyDummy(password);
        } else {
            good = hasher_.Verify(found->password_hash, password);
        }
        if (!good) {
            outcome = Outcome::kBadPassword;
        } else if (found->disabled) {
            outcome = Outcome::kDisabled;
        } else {
            outcome = Outcome::kOk;
        }
    }

    SignedIn signed_in;
    // The outcome is recorded (counter, lockout, session, audit) in one transaction that commits
    // even when the sign-in fails. The counter changes only through single UPDATE statements.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry;
        entry.at = now;
        entry.actor = found ? found->username : "anonymous";
        entry.source = source;
        entry.subject = UserSubject(name.empty() ? std::string("-") : name);
        entry.action = "auth.signin_failed";
        if (outcome == Outcome::kUnknown) {
            // What was typed is never kept: people paste passwords into the username field.
            entry.subject = UserSubject("unknown");
            entry.detail = "result=unknown_user";
            return repos.audit.Append(std::move(entry));
        }
        WARDEN_ASSIGN_OR_RETURN(User user, repos.users.GetById(found->id));
        // Locked now, or locked by a concurrent sign-in since the user was read.
        if (outcome == Outcome::kLocked || (user.locked_until && *user.locked_until > now)) {
            outcome = Outcome::kLocked;
            entry.detail = "result=locked";
            return repos.audit.Append(std::move(entry));
        }
        if (outcome == Outcome::kBadPassword) {
            WARDEN_ASSIGN_OR_RETURN(
                auto counted, repos.users.RecordFailedSignIn(user.id, policy_.max_failed_signins,
                                                             now + policy_.lockout));
            if (counted.failed == 0) {
                entry.detail = "result=wrong_password locked=true";
            } else {
                entry.detail = "result=wrong_password failed=" + std::to_string(counted.failed) +
                               " max=" + std::to_string(policy_.max_failed_signins);
            }
            return repos.audit.Append(std::move(entry));
        }
        if (outcome == Outcome::kDisabled || user.disabled) {
            outcome = Outcome::kDisabled;
            entry.detail = "result=disabled";
            return repos.audit.Append(std::move(entry));
        }
        WARDEN_TRY(repos.users.ResetFailedSignIns(user.id));
        signed_in = NewSession(user, now, source);
        WARDEN_TRY(repos.users.AddSession(signed_in.session));
        entry.action = "auth.signin";
        return repos.audit.Append(std::move(entry));
    }));

    // Unknown, locked, disabled and wrong-password attempts get the same answer.
    if (outcome == Outcome::kOk) return signed_in;
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(policy_.lockout).count();
    return Error::Unauthenticated(
        std::string(kBadSignIn) + ". After " + std::to_string(policy_.max_failed_signins) +
        " failed attempts an account is locked for " + std::to_string(minutes) +
        (minutes == 1 ? " minute" : " minutes"));
}

Result<SignedIn> AuthService::Resume(const std::string& token, const std::string& source) {
    if (token.empty()) return Error::Unauthenticated(std::string(kSignInAgain));
    const TimePoint now = clock_.Now();
    SignedIn out;
    WARDEN_TRY(store_.ReadOneStatement([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(
            auto found,
            OrUnauthenticated(repos.users.GetSessionWithUser(HashToken(token)), kSignInAgain));
        const Session& session = found.session;
        if (session.expires_at <= now) return Error::Unauthenticated(std::string(kSignInAgain));
        if (session.idle_expires_at && *session.idle_expires_at <= now) {
            return Error::Unauthenticated(std::string(kSignInAgain));
        }
        if (found.user.disabled) return Error::Unauthenticated(std::string(kSignInAgain));
        out.token = token;
        out.session = std::move(found.session);
        out.actor = ActorOf(found.user, source);
        return Ok();
    }));
    // Move the idle limit forward, writing at most once per kTouchInterval.
    const TimePoint idle_limit = now + policy_.session_idle;
    if (!out.session.idle_expires_at ||
        idle_limit - *out.session.idle_expires_at >= kTouchInterval) {
        WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
            return repos.users.TouchSession(out.session.token_hash, idle_limit);
        }));
        out.session.idle_expires_at = idle_limit;
    }
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
        WARDEN_TRY(
            repos.audit.Append(NewAuditEntry(by, now, "user.create", UserSubject(user.username),
                                             AccessDetail(user.roles, user.caseload))));
        return AuditPrisonerDataGrant(repos, by, now, user.username, {}, user.roles, user.caseload);
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
        auto user = repos.users.GetByUsernameForUpdate(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        std::vector<FieldError> missing;
        WARDEN_TRY(CheckCaseloadExists(repos, new_caseload, missing));
        if (!missing.empty()) return FieldsError(std::move(missing));
        const std::vector<Role> old_roles = user->roles;
        user->roles = new_roles;
        user->caseload = new_caseload;
        WARDEN_TRY(repos.users.Update(*user));
        WARDEN_TRY(repos.users.DeleteSessionsOf(user->id));
        WARDEN_TRY(
            repos.audit.Append(NewAuditEntry(by, now, "user.access", UserSubject(user->username),
                                             AccessDetail(new_roles, new_caseload))));
        return AuditPrisonerDataGrant(repos, by, now, user->username, old_roles, new_roles,
                                      new_caseload);
    });
}

Status UserAdminService::SetDisabled(const Actor& by, const std::string& username, bool disabled) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    if (disabled && !by.system && by.username == username) {
        return Error::Conflict("You cannot disable your own account");
    }
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto user = repos.users.GetByUsernameForUpdate(username);
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
        auto user = repos.users.GetByUsernameForUpdate(username);
        if (!user.ok()) {
            return user.error().code == ErrorCode::kNotFound ? UserNotFound(username)
                                                             : Status(user.error());
        }
        user->password_hash = hash;
        WARDEN_TRY(repos.users.Update(*user));
        WARDEN_TRY(repos.users.ResetFailedSignIns(user->id));
        WARDEN_TRY(repos.users.DeleteSessionsOf(user->id));
        return repos.audit.Append(
            NewAuditEntry(by, now, "user.password_reset", UserSubject(user->username)));
    });
}

}  // namespace warden::domain
