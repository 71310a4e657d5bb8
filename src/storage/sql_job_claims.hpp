#pragma once
// JobClaims over the `scheduled_jobs` table (ADR 0004): one row per job; a claim is one atomic
// UPDATE that advances the job's next run, so one claimer wins each period on either database.

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "domain/jobs/scheduler.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Claims on a connection of its own (autocommit), reconnecting after the connection breaks.
class SqlJobClaims final : public domain::JobClaims {
  public:
    using Connect = std::function<Result<std::unique_ptr<SqlConnection>>()>;
    explicit SqlJobClaims(Connect connect) : connect_(std::move(connect)) {}

    Result<bool> Claim(const std::string& job, TimePoint now, TimePoint next,
                       const std::string& owner) override;

  private:
    Connect connect_;
    std::mutex mutex_;
    std::unique_ptr<SqlConnection> c_;
    std::set<std::string> known_;  // jobs whose row this process has made sure of
};

/// Claims the period of `job` on `c` (see domain::JobClaims::Claim); inserts the job's row first
/// (due at `now`) when it is missing.
Result<bool> ClaimJob(SqlConnection& c, const std::string& job, TimePoint now, TimePoint next,
                      const std::string& owner);

}  // namespace warden::storage
