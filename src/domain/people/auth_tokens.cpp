// AuthService: API tokens (create, authenticate, list, revoke) and a user's change of their own
// password.

#include <algorithm>

#include "core/strings.hpp"
#include "domain/people/auth_service.hpp"
#include "domain/people/auth_support.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {

using auth_detail::ActorOf;
using auth_detail::FindUser;
using auth_detail::kBadToken;
using auth_detail::OrUnauthenticated;
using auth_detail::UserSubject;

Result<Actor> AuthService::Authenticate(const std::string& bearer_token,
                                        const std::string& source) {
    if (bearer_token.empty()) return Error::Unauthenticated(std::string(kBadToken));
    const TimePoint now = clock_.Now();
    Actor actor;
    ApiToken token;
    WARDEN_TRY(store_.ReadOneStatement([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(
            auto found,
            OrUnauthenticated(repos.users.GetTokenWithUser(HashToken(bearer_token)), kBadToken));
        token = std::move(found.token);
        // A revoked or expired token is not valid.
        if (token.revoked_at) return Error::Unauthenticated(std::string(kBadToken));
        if (token.expires_at && *token.expires_at <= now) {
            return Error::Unauthenticated(std::string(kBadToken));
        }
        if (found.user.disabled) return Error::Unauthenticated(std::string(kBadToken));
        actor = ActorOf(found.user, source);
        return Ok();
    }));
    // Record the use, writing at most once per kTouchInterval.
    if (!token.last_used_at || now - *token.last_used_at >= kTouchInterval) {
        WARDEN_TRY(store_.Write(
            [&](Repositories& repos) -> Status { return repos.users.TouchToken(token.id, now); }));
    }
    return actor;
}

Result<std::string> AuthService::CreateToken(const Actor& by, const std::string& username,
                                             const std::string& name, int days) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    std::string label(Trim(name));
    std::vector<FieldError> errors;
    const bool control = std::any_of(label.begin(), label.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (label.empty() || label.size() > 100 || !IsValidUtf8(label) || control) {
        errors.push_back({"name", "Enter a name for the token of up to 100 characters"});
    }
    if (days < 0 || days > kMaxTokenDays) {
        errors.push_back(
            {"days", "Enter a number of days from 1 to " + std::to_string(kMaxTokenDays)});
    }
    if (!errors.empty()) return FieldsError(std::move(errors));
    const TimePoint now = clock_.Now();
    const auto lifetime =
        days == 0 ? policy_.token_lifetime : std::chrono::seconds(std::chrono::days(days));
    std::string plaintext = secrets_.RandomToken();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(User user, FindUser(repos, username));
        ApiToken token;
        token.user_id = user.id;
        token.token_hash = HashToken(plaintext);
        token.name = label;
        token.created_at = now;
        token.expires_at = now + lifetime;
        WARDEN_ASSIGN_OR_RETURN(Id id, repos.users.AddToken(token));
        return repos.audit.Append(NewAuditEntry(
            by, now, "token.create", UserSubject(username),
            "token=" + std::to_string(id) + " expires=" + FormatRfc3339(*token.expires_at)));
    }));
    return plaintext;
}

Result<std::vector<ApiToken>> AuthService::ListTokens(const Actor& by,
                                                      const std::string& username) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    std::vector<ApiToken> tokens;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(User user, FindUser(repos, username));
        WARDEN_ASSIGN_OR_RETURN(tokens, repos.users.TokensOf(user.id));
        return Ok();
    }));
    return tokens;
}

Status AuthService::RevokeToken(const Actor& by, Id token_id, const std::string& owner) {
    WARDEN_TRY(Require(by, Action::kUsersManage));
    const TimePoint now = clock_.Now();
    const Error not_found =
        Error::NotFound("API token " + std::to_string(token_id) + " does not exist");
    return store_.Write([&](Repositories& repos) -> Status {
        auto token = repos.users.GetTokenById(token_id);
        if (!token.ok()) {
            return token.error().code == ErrorCode::kNotFound ? not_found : Status(token.error());
        }
        WARDEN_ASSIGN_OR_RETURN(User user, repos.users.GetById(token->user_id));
        if (!owner.empty() && user.username != owner) return not_found;
        if (token->revoked_at) return Ok();
        WARDEN_TRY(repos.users.RevokeToken(token_id, now));
        return repos.audit.Append(NewAuditEntry(by, now, "token.revoke", UserSubject(user.username),
                                                "token=" + std::to_string(token_id)));
    });
}

Result<SignedIn> AuthService::ChangePassword(const Actor& by, const PasswordChange& change) {
    if (by.system || by.user_id == 0) {
        return Error::Forbidden("Only a signed-in user can change their own password");
    }
    User user;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(user, repos.users.GetById(by.user_id));
        return Ok();
    }));
    std::vector<FieldError> errors;
    const bool current_ok = change.current_password.size() <= kMaxPasswordLength &&
                            hasher_.Verify(user.password_hash, change.current_password);
    if (!current_ok) {
        errors.push_back({"current_password", "Your current password is incorrect"});
    }
    for (auto& e :
         CheckNewPassword(change.new_password, policy_.min_password_length, "new_password")) {
        errors.push_back(std::move(e));
    }
    if (change.new_password == change.current_password && current_ok) {
        errors.push_back(
            {"new_password", "Your new password must be different from your current password"});
    }
    if (change.confirm_password != change.new_password) {
        errors.push_back({"confirm_password", "The passwords do not match"});
    }
    if (!errors.empty()) {
        const TimePoint now = clock_.Now();
        if (!current_ok) {
            // A wrong current password is a failed attempt at the account: audited.
            WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
                return repos.audit.Append(NewAuditEntry(by, now, "user.password_change_failed",
                                                        UserSubject(user.username),
                                                        "current password wrong"));
            }));
        }
        return FieldsError(std::move(errors));
    }
    WARDEN_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(change.new_password));
    const TimePoint now = clock_.Now();
    SignedIn signed_in;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(User current, repos.users.GetByIdForUpdate(by.user_id));
        if (current.disabled)
            return Error::Unauthenticated("Your session has ended. Sign in again");
        current.password_hash = hash;
        WARDEN_TRY(repos.users.Update(current));
        // Every session of the user ends; the browser that asked gets a new one.
        WARDEN_TRY(repos.users.DeleteSessionsOf(current.id));
        signed_in = NewSession(current, now, by.source);
        WARDEN_TRY(repos.users.AddSession(signed_in.session));
        return repos.audit.Append(
            NewAuditEntry(by, now, "user.password_change", UserSubject(current.username)));
    }));
    return signed_in;
}

}  // namespace warden::domain
