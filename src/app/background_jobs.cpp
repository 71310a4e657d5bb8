#include "app/background_jobs.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "web/log.hpp"

namespace warden::app {

namespace {

void LogRun(const domain::JobRun& run) {
    const std::string at = FormatRfc3339(run.at);
    const std::string took = std::to_string(run.took.count());
    if (!run.claimed) {
        web::Log(spdlog::level::warn, "job could not claim its period",
                 {{"job", run.name}, {"error", run.status.error().message}});
    } else if (!run.status.ok()) {
        web::Log(spdlog::level::err, "job failed",
                 {{"job", run.name},
                  {"at", at},
                  {"took_ms", took},
                  {"error", run.status.error().message}});
    } else {
        web::Log(spdlog::level::info, "job ran",
                 {{"job", run.name}, {"at", at}, {"took_ms", took}, {"summary", run.summary}});
    }
}

}  // namespace

std::string JobOwner() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host[0] ? host : "unknown") + ":" + std::to_string(getpid());
}

BackgroundJobs::BackgroundJobs(std::unique_ptr<domain::JobClaims> claims, const Clock& clock,
                               std::chrono::seconds tick)
    : claims_(std::move(claims)),
      scheduler_(*claims_, clock, JobOwner(), LogRun),
      thread_(scheduler_, tick) {}

BackgroundJobs::~BackgroundJobs() { Stop(); }

void BackgroundJobs::Add(domain::Job job) {
    Status added = scheduler_.Add(std::move(job));
    if (added_.ok() && !added.ok()) added_ = added;
}

Status BackgroundJobs::Configure(const std::map<std::string, int>& periods) {
    WARDEN_TRY(added_);
    for (const auto& [name, seconds] : periods) {
        Status set = scheduler_.SetPeriod(name, std::chrono::seconds{seconds});
        if (!set.ok()) {
            std::string known;
            for (const auto& n : scheduler_.Names()) known += (known.empty() ? "" : ", ") + n;
            return Error::Invalid("WARDEN_JOB_PERIODS names no job '" + name +
                                  "' (the jobs: " + known + ")");
        }
    }
    return Ok();
}

void BackgroundJobs::Start() { thread_.Start(); }

void BackgroundJobs::Stop() { thread_.Stop(); }

}  // namespace warden::app
