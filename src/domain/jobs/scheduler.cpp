#include "domain/jobs/scheduler.hpp"

#include <algorithm>
#include <exception>

namespace warden::domain {

Scheduler::Scheduler(JobClaims& claims, const Clock& clock, std::string owner, Observer observe)
    : claims_(claims), clock_(clock), owner_(std::move(owner)), observe_(std::move(observe)) {}

Status Scheduler::Add(Job job) {
    if (job.name.empty()) return Error::Invalid("a job needs a name");
    if (job.period < std::chrono::seconds{1}) {
        return Error::Invalid("job " + job.name + " needs a period of at least one second");
    }
    if (!job.run) return Error::Invalid("job " + job.name + " has no work");
    for (const auto& e : entries_) {
        if (e.job.name == job.name) return Error::Invalid("job " + job.name + " is added twice");
    }
    entries_.push_back({std::move(job), std::nullopt});
    return Ok();
}

Status Scheduler::SetPeriod(const std::string& name, std::chrono::seconds period) {
    auto it = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.job.name == name; });
    if (it == entries_.end()) return Error::NotFound("there is no job named '" + name + "'");
    if (period < std::chrono::seconds{1}) {
        return Error::Invalid("job " + name + " needs a period of at least one second");
    }
    it->job.period = period;
    it->not_before.reset();
    return Ok();
}

std::vector<std::string> Scheduler::Names() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e.job.name);
    return out;
}

std::vector<JobRun> Scheduler::Tick() {
    std::vector<JobRun> runs;
    for (auto& entry : entries_) {
        const TimePoint now = clock_.Now();
        // This process claimed the current period itself: nobody may run it before then.
        if (entry.not_before && now < *entry.not_before) continue;
        JobRun run;
        run.name = entry.job.name;
        run.at = now;
        const TimePoint next = now + entry.job.period;
        try {
            auto claimed = claims_.Claim(entry.job.name, now, next, owner_);
            if (!claimed.ok()) {
                run.status = claimed.error();
            } else if (*claimed) {
                run.claimed = true;
                entry.not_before = next;
                const auto started = std::chrono::steady_clock::now();
                try {
                    auto done = entry.job.run();
                    if (done.ok()) {
                        run.summary = std::move(done).value();
                    } else {
                        run.status = done.error();
                    }
                } catch (const std::exception& e) {
                    run.status = Error::Internal("job " + entry.job.name + " threw: " + e.what());
                } catch (...) {
                    run.status = Error::Internal("job " + entry.job.name + " threw");
                }
                run.took = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started);
            }
        } catch (const std::exception& e) {
            run.status = Error::Internal("claiming job " + entry.job.name + " threw: " + e.what());
        } catch (...) {
            run.status = Error::Internal("claiming job " + entry.job.name + " threw");
        }
        if (!run.claimed && run.status.ok()) continue;  // another process holds the period
        if (observe_) {
            try {
                observe_(run);
            } catch (...) {  // a failing log line must not stop the scheduler
            }
        }
        runs.push_back(std::move(run));
    }
    return runs;
}

SchedulerThread::SchedulerThread(Scheduler& scheduler, std::chrono::milliseconds interval)
    : scheduler_(scheduler), interval_(interval) {}

SchedulerThread::~SchedulerThread() { Stop(); }

void SchedulerThread::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] { Loop(); });
}

void SchedulerThread::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

int SchedulerThread::ticks() const {
    std::lock_guard lock(mutex_);
    return ticks_;
}

void SchedulerThread::Loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        (void)scheduler_.Tick();
        lock.lock();
        ++ticks_;
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
}

}  // namespace warden::domain
