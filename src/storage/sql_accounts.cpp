// SqlUsers: the sign-in counter, session idle limits and API tokens (issue 8 item 5). The
// counter is only ever changed by single UPDATE statements, so parallel sign-ins cannot lose an
// increment or undo a concurrent reset or disable.

#include "storage/sql_repositories.hpp"

namespace warden::storage {

using domain::ApiToken;
using domain::FailedSignIns;

namespace {

SqlParam MaybeTime(const std::optional<TimePoint>& t) {
    if (!t) return SqlParam();
    return FormatRfc3339(*t);
}

Result<std::optional<TimePoint>> MaybeStoredTime(const SqlRow& row, int col, const char* what) {
    if (row.IsNull(col)) return std::optional<TimePoint>();
    auto t = ParseRfc3339(row.Text(col));
    if (!t) {
        return Error::Internal(std::string("stored ") + what + " '" + row.String(col) +
                               "' is not an RFC 3339 time");
    }
    return std::optional<TimePoint>(*t);
}

constexpr const char* kTokenColumns =
    "t.id, t.user_id, t.token_hash, t.name, t.created_at, t.expires_at, t.revoked_at, "
    "t.last_used_at";

Status ReadToken(const SqlRow& row, ApiToken& out) {
    out.id = row.Int(0);
    out.user_id = row.Int(1);
    out.token_hash = row.String(2);
    out.name = row.String(3);
    WARDEN_ASSIGN_OR_RETURN(auto created, MaybeStoredTime(row, 4, "created_at"));
    out.created_at = created.value_or(TimePoint{});
    WARDEN_ASSIGN_OR_RETURN(out.expires_at, MaybeStoredTime(row, 5, "expires_at"));
    WARDEN_ASSIGN_OR_RETURN(out.revoked_at, MaybeStoredTime(row, 6, "revoked_at"));
    WARDEN_ASSIGN_OR_RETURN(out.last_used_at, MaybeStoredTime(row, 7, "last_used_at"));
    return Ok();
}

}  // namespace

Result<FailedSignIns> SqlUsers::RecordFailedSignIn(Id user_id, int max_failed,
                                                   TimePoint lock_until) {
    // One statement: the right-hand sides see the row as it is when the row lock is taken.
    FailedSignIns out;
    WARDEN_ASSIGN_OR_RETURN(
        bool found,
        QueryOne(c_,
                 "UPDATE users SET "
                 "failed_signins = CASE WHEN failed_signins + 1 >= $2 THEN 0 "
                 "ELSE failed_signins + 1 END, "
                 "locked_until = CASE WHEN failed_signins + 1 >= $2 THEN $3 "
                 "ELSE locked_until END "
                 "WHERE id = $1 RETURNING failed_signins, locked_until",
                 {user_id, max_failed, FormatRfc3339(lock_until)}, [&](const SqlRow& row) {
                     out.failed = static_cast<int>(row.Int(0));
                     if (!row.IsNull(1)) out.locked_until = ParseRfc3339(row.Text(1));
                 }));
    if (!found) return Error::NotFound("no such user");
    return out;
}

Status SqlUsers::ResetFailedSignIns(Id user_id) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE users SET failed_signins = 0, locked_until = NULL WHERE id = $1",
                {user_id}));
    if (n == 0) return Error::NotFound("no such user");
    return Ok();
}

Status SqlUsers::TouchSession(const std::string& token_hash, TimePoint idle_expires_at) {
    WARDEN_TRY(c_.Exec("UPDATE sessions SET idle_expires_at = $2 WHERE token_hash = $1",
                       {token_hash, FormatRfc3339(idle_expires_at)}));
    return Ok();
}

Result<Id> SqlUsers::AddToken(const ApiToken& token) {
    Id id = 0;
    WARDEN_TRY(QueryOne(
        c_,
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at, expires_at, "
        "revoked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {token.user_id, token.token_hash, token.name, FormatRfc3339(token.created_at),
         MaybeTime(token.expires_at), MaybeTime(token.revoked_at), MaybeTime(token.last_used_at)},
        [&](const SqlRow& row) { id = row.Int(0); }));
    return id;
}

Result<std::vector<ApiToken>> SqlUsers::TokensWhere(const std::string& where,
                                                    const SqlParams& params) {
    std::vector<ApiToken> out;
    WARDEN_TRY(c_.Query(
        std::string("SELECT ") + kTokenColumns + " FROM api_tokens t WHERE " + where, params,
        [&](const SqlRow& row) -> Status { return ReadToken(row, out.emplace_back()); }));
    return out;
}

Result<ApiToken> SqlUsers::GetToken(const std::string& token_hash) {
    WARDEN_ASSIGN_OR_RETURN(auto found, TokensWhere("token_hash = $1", {token_hash}));
    if (found.empty()) return Error::NotFound("no such token");
    return std::move(found.front());
}

Result<domain::TokenOfUser> SqlUsers::GetTokenWithUser(const std::string& token_hash) {
    domain::TokenOfUser out;
    bool found = false;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kUserColumns + ", " + kTokenColumns +
                            " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                            "WHERE t.token_hash = $1",
                        {token_hash}, [&](const SqlRow& row) -> Status {
                            found = true;
                            WARDEN_TRY(ReadUser(row, out.user));
                            return ReadToken(OffsetRow(row, CountColumns(kUserColumns)), out.token);
                        }));
    if (!found) return Error::NotFound("no such token");
    return out;
}

Result<ApiToken> SqlUsers::GetTokenById(Id id) {
    WARDEN_ASSIGN_OR_RETURN(auto found, TokensWhere("id = $1", {id}));
    if (found.empty()) return Error::NotFound("no such token");
    return std::move(found.front());
}

Result<std::vector<ApiToken>> SqlUsers::TokensOf(Id user_id) {
    WARDEN_ASSIGN_OR_RETURN(auto found, TokensWhere("user_id = $1 ORDER BY id DESC", {user_id}));
    for (auto& t : found) t.token_hash.clear();
    return found;
}

Status SqlUsers::RevokeToken(Id id, TimePoint at) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
                {id, FormatRfc3339(at)}));
    if (n == 0) return Error::NotFound("no such token");
    return Ok();
}

Status SqlUsers::TouchToken(Id id, TimePoint at) {
    WARDEN_TRY(
        c_.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, FormatRfc3339(at)}));
    return Ok();
}

}  // namespace warden::storage
