#pragma once
// The background jobs of `warden serve` (ADR 0004): claims on the database, the scheduler, the
// thread that ticks it and the log line of each run.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/jobs/scheduler.hpp"

namespace warden::app {

/// Owns the scheduler of one `warden serve` process. Add the jobs, Start after the server
/// listens, Stop (or destroy) after it stops.
class BackgroundJobs {
  public:
    /// `claims` record the periods in the database; `tick` is how often due jobs are looked for.
    BackgroundJobs(std::unique_ptr<domain::JobClaims> claims, const Clock& clock,
                   std::chrono::seconds tick);
    ~BackgroundJobs();
    BackgroundJobs(const BackgroundJobs&) = delete;
    BackgroundJobs& operator=(const BackgroundJobs&) = delete;

    /// Adds a job (the first bad job is reported by Start).
    void Add(domain::Job job);
    /// Applies WARDEN_JOB_PERIODS overrides; kInvalidInput naming an unknown job, or the first
    /// job Add refused.
    Status Configure(const std::map<std::string, int>& periods);
    /// Starts ticking (the first tick at once).
    void Start();
    /// Stops ticking, after the job that is running (if any) finishes. Idempotent.
    void Stop();

  private:
    std::unique_ptr<domain::JobClaims> claims_;
    domain::Scheduler scheduler_;
    domain::SchedulerThread thread_;
    Status added_ = Ok();
};

/// This process's name in `scheduled_jobs.last_owner`: "HOST:PID".
std::string JobOwner();

}  // namespace warden::app
