#include "storage/sql_job_claims.hpp"

namespace warden::storage {

namespace {

Status EnsureRow(SqlConnection& c, const std::string& job, TimePoint now) {
    WARDEN_TRY(
        c.Exec("INSERT INTO scheduled_jobs (name, next_run_at, last_run_at, last_owner) "
               "VALUES ($1, $2, NULL, '') ON CONFLICT (name) DO NOTHING",
               {job, FormatRfc3339(now)}));
    return Ok();
}

Result<bool> Update(SqlConnection& c, const std::string& job, TimePoint now, TimePoint next,
                    const std::string& owner) {
    // One statement: the row lock (PostgreSQL) or the write lock (SQLite) makes a second
    // claimer re-check next_run_at after the first committed, and find it in the future.
    return QueryOne(c,
                    "UPDATE scheduled_jobs SET next_run_at = $2, last_run_at = $3, "
                    "last_owner = $4 WHERE name = $1 AND next_run_at <= $3 RETURNING name",
                    {job, FormatRfc3339(next), FormatRfc3339(now), owner}, [](const SqlRow&) {});
}

}  // namespace

Result<bool> ClaimJob(SqlConnection& c, const std::string& job, TimePoint now, TimePoint next,
                      const std::string& owner) {
    WARDEN_TRY(EnsureRow(c, job, now));
    return Update(c, job, now, next, owner);
}

Result<bool> SqlJobClaims::Claim(const std::string& job, TimePoint now, TimePoint next,
                                 const std::string& owner) {
    std::lock_guard lock(mutex_);
    if (!c_ || !c_->Healthy()) {
        c_.reset();
        WARDEN_ASSIGN_OR_RETURN(c_, connect_());
    }
    if (!known_.count(job)) {
        WARDEN_TRY(EnsureRow(*c_, job, now));
        known_.insert(job);
    }
    return Update(*c_, job, now, next, owner);
}

}  // namespace warden::storage
