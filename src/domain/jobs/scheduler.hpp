#pragma once
// Periodic background jobs (ADR 0004). Each job runs at most once per period across every
// `warden serve` process that shares the database: before running, a process claims the job's
// period through JobClaims, and only the one whose claim succeeds runs it.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace warden::domain {

/// The shared record of when each job may next run (storage implements it over the
/// `scheduled_jobs` table).
class JobClaims {
  public:
    virtual ~JobClaims() = default;
    /// Claims the period of `job` that is due at `now`, atomically across processes: when the
    /// job has never run or its next run is at or before `now`, sets its next run to `next`,
    /// records `now` and `owner`, and returns true. Returns false when another claimer already
    /// holds the period (next run after `now`). Of several concurrent claimers at most one wins.
    virtual Result<bool> Claim(const std::string& job, TimePoint now, TimePoint next,
                               const std::string& owner) = 0;
};

/// One periodic job: a name unique among the jobs, how often it runs and what it does.
struct Job {
    std::string name;  // for example "sessions.delete-expired"
    std::chrono::seconds period{0};
    /// Does the work; returns a one-line summary for the log (may be empty) or the error.
    std::function<Result<std::string>()> run;
};

/// What one job did in a tick.
struct JobRun {
    std::string name;
    TimePoint at{};        // the clock's now when the period was claimed
    bool claimed = false;  // this process won the period and ran the job
    Status status = Ok();  // the claim's or the job's error
    std::string summary;   // the job's summary when it ran and succeeded
    std::chrono::milliseconds took{0};
};

/// Runs the jobs that are due. Not thread-safe: one thread ticks it (SchedulerThread).
class Scheduler {
  public:
    /// Called after each job that ran or failed to be claimed (for the log).
    using Observer = std::function<void(const JobRun&)>;

    /// `claims` and `clock` must outlive the scheduler; `owner` names this process in the table.
    Scheduler(JobClaims& claims, const Clock& clock, std::string owner, Observer observe = {});

    /// Adds a job; kInvalidInput for an empty or duplicate name, a period under one second or
    /// no work.
    Status Add(Job job);
    /// Changes the period of a job already added; kNotFound for an unknown name, kInvalidInput
    /// for a period under one second.
    Status SetPeriod(const std::string& name, std::chrono::seconds period);
    /// The jobs, in the order they were added.
    std::vector<std::string> Names() const;

    /// For each job, in order: claims its period when it may be due and runs it when this
    /// process won. A failed claim or job (error or exception) is reported and the other jobs
    /// still run; Tick never throws. Returns what happened to each job it tried to claim.
    std::vector<JobRun> Tick();

  private:
    struct Entry {
        Job job;
        std::optional<TimePoint> not_before;  // this process's own claim runs until then
    };
    JobClaims& claims_;
    const Clock& clock_;
    std::string owner_;
    Observer observe_;
    std::vector<Entry> entries_;
};

/// A thread that ticks a Scheduler every `interval` until stopped.
class SchedulerThread {
  public:
    SchedulerThread(Scheduler& scheduler, std::chrono::milliseconds interval);
    /// Stops and joins.
    ~SchedulerThread();
    SchedulerThread(const SchedulerThread&) = delete;
    SchedulerThread& operator=(const SchedulerThread&) = delete;

    /// Starts the thread; the first tick is immediate.
    void Start();
    /// Asks the thread to stop and waits for it (a running job is finished first). Idempotent.
    void Stop();
    /// The number of ticks completed so far.
    int ticks() const;

  private:
    void Loop();

    Scheduler& scheduler_;
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    int ticks_ = 0;
    std::thread thread_;
};

}  // namespace warden::domain
