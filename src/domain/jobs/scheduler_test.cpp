#include "domain/jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "domain/jobs/jobs.hpp"
#include "domain/testing/in_memory_store.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

/// The claims of scheduled_jobs, in memory: the same rule as the SQL UPDATE.
class FakeClaims final : public JobClaims {
  public:
    Result<bool> Claim(const std::string& job, TimePoint now, TimePoint next,
                       const std::string& owner) override {
        ++calls;
        if (fail) return Error::Unavailable("database down");
        auto it = rows.try_emplace(job, Row{now, owner}).first;
        if (it->second.next_run_at > now) return false;
        it->second = Row{next, owner};
        return true;
    }
    struct Row {
        TimePoint next_run_at;
        std::string last_owner;
    };
    std::map<std::string, Row> rows;
    bool fail = false;
    int calls = 0;
};

Job Counting(const std::string& name, seconds period, int& runs) {
    return {name, period, [&runs]() -> Result<std::string> {
                ++runs;
                return std::string("ran");
            }};
}

TEST(SchedulerTest, RunsADueJobOncePerPeriod) {
    FakeClaims claims;
    FixedClock clock(kNow);
    Scheduler scheduler(claims, clock, "host:1");
    int runs = 0;
    ASSERT_TRUE(scheduler.Add(Counting("sessions", minutes{5}, runs)).ok());

    auto first = scheduler.Tick();  // never run: due at once
    ASSERT_EQ(first.size(), 1u);
    EXPECT_TRUE(first[0].claimed);
    EXPECT_TRUE(first[0].status.ok());
    EXPECT_EQ(first[0].summary, "ran");
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(claims.rows.at("sessions").next_run_at, kNow + minutes{5});
    EXPECT_EQ(claims.rows.at("sessions").last_owner, "host:1");

    clock.Advance(minutes{4} + seconds{59});
    EXPECT_TRUE(scheduler.Tick().empty());
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(claims.calls, 1) << "its own period is not claimed again before it ends";

    clock.Advance(seconds{1});
    EXPECT_EQ(scheduler.Tick().size(), 1u);
    EXPECT_EQ(runs, 2);
    EXPECT_EQ(claims.rows.at("sessions").next_run_at, kNow + minutes{10});
}

TEST(SchedulerTest, TwoProcessesSharingClaimsRunEachPeriodOnce) {
    FakeClaims claims;
    FixedClock clock(kNow);
    Scheduler a(claims, clock, "a");
    Scheduler b(claims, clock, "b");
    int runs_a = 0;
    int runs_b = 0;
    ASSERT_TRUE(a.Add(Counting("job", seconds{60}, runs_a)).ok());
    ASSERT_TRUE(b.Add(Counting("job", seconds{60}, runs_b)).ok());
    for (int i = 0; i < 30; ++i) {  // every 20 s for 10 minutes, b ticking first half the time
        if (i % 2) {
            b.Tick();
            a.Tick();
        } else {
            a.Tick();
            b.Tick();
        }
        clock.Advance(seconds{20});
    }
    EXPECT_EQ(runs_a + runs_b, 10);
}

TEST(SchedulerTest, AFailingJobIsReportedAndTheOthersStillRun) {
    FakeClaims claims;
    FixedClock clock(kNow);
    std::vector<JobRun> seen;
    Scheduler scheduler(claims, clock, "me", [&](const JobRun& r) { seen.push_back(r); });
    int runs = 0;
    int failures = 0;
    ASSERT_TRUE(scheduler
                    .Add({"fails", seconds{10},
                          [&]() -> Result<std::string> {
                              ++failures;
                              return Error::Unavailable("database down");
                          }})
                    .ok());
    ASSERT_TRUE(scheduler
                    .Add({"throws", seconds{10},
                          []() -> Result<std::string> { throw std::runtime_error("boom"); }})
                    .ok());
    ASSERT_TRUE(scheduler.Add(Counting("works", seconds{10}, runs)).ok());

    auto tick = scheduler.Tick();
    ASSERT_EQ(tick.size(), 3u);
    EXPECT_EQ(tick[0].status.error().message, "database down");
    EXPECT_EQ(tick[1].status.error().code, ErrorCode::kInternal);
    EXPECT_NE(tick[1].status.error().message.find("boom"), std::string::npos);
    EXPECT_TRUE(tick[2].status.ok());
    EXPECT_EQ(runs, 1);
    ASSERT_EQ(seen.size(), 3u);

    // The failed period is spent; the job runs again in the next one.
    clock.Advance(seconds{10});
    EXPECT_EQ(scheduler.Tick().size(), 3u);
    EXPECT_EQ(failures, 2);
    EXPECT_EQ(runs, 2);
}

TEST(SchedulerTest, AFailedClaimRunsNothingAndIsRetriedAtTheNextTick) {
    FakeClaims claims;
    FixedClock clock(kNow);
    Scheduler scheduler(claims, clock, "me");
    int runs = 0;
    ASSERT_TRUE(scheduler.Add(Counting("job", hours{1}, runs)).ok());
    claims.fail = true;
    auto tick = scheduler.Tick();
    ASSERT_EQ(tick.size(), 1u);
    EXPECT_FALSE(tick[0].claimed);
    EXPECT_EQ(tick[0].status.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(runs, 0);
    claims.fail = false;
    clock.Advance(seconds{30});
    EXPECT_EQ(scheduler.Tick().size(), 1u);
    EXPECT_EQ(runs, 1);
}

TEST(SchedulerTest, JobsAndPeriodsAreChecked) {
    FakeClaims claims;
    FixedClock clock(kNow);
    Scheduler scheduler(claims, clock, "me");
    int runs = 0;
    EXPECT_EQ(scheduler.Add(Counting("", seconds{1}, runs)).error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(scheduler.Add(Counting("a", seconds{0}, runs)).error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(scheduler.Add({"a", seconds{1}, {}}).error().code, ErrorCode::kInvalidInput);
    ASSERT_TRUE(scheduler.Add(Counting("a", seconds{1}, runs)).ok());
    EXPECT_EQ(scheduler.Add(Counting("a", seconds{2}, runs)).error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(scheduler.SetPeriod("b", seconds{5}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(scheduler.SetPeriod("a", seconds{0}).error().code, ErrorCode::kInvalidInput);
    ASSERT_TRUE(scheduler.SetPeriod("a", seconds{30}).ok());
    scheduler.Tick();
    EXPECT_EQ(claims.rows.at("a").next_run_at, kNow + seconds{30});
    EXPECT_EQ(scheduler.Names(), std::vector<std::string>{"a"});
}

TEST(SchedulerThreadTest, TicksAtOnceAndStopsWithoutWaitingForTheInterval) {
    FakeClaims claims;
    FixedClock clock(kNow);
    Scheduler scheduler(claims, clock, "me");
    int runs = 0;
    ASSERT_TRUE(scheduler.Add(Counting("job", seconds{1}, runs)).ok());
    SchedulerThread thread(scheduler, hours{1});
    thread.Start();
    const auto deadline = steady_clock::now() + seconds{10};
    while (thread.ticks() == 0 && steady_clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds{5});
    }
    const auto stopping = steady_clock::now();
    thread.Stop();
    EXPECT_LT(steady_clock::now() - stopping, seconds{5});
    EXPECT_EQ(thread.ticks(), 1);
    EXPECT_EQ(runs, 1);
    thread.Stop();  // idempotent
}

TEST(StandardJobsTest, DeleteExpiredSessionsKeepsTheLiveOnes) {
    testing::InMemoryStore store;
    FixedClock clock(kNow);
    store.state.sessions["old"] = Session{"old", 1, "c", kNow - hours{9}, kNow - seconds{1}};
    store.state.sessions["now"] = Session{"now", 1, "c", kNow - hours{8}, kNow};
    store.state.sessions["live"] = Session{"live", 1, "c", kNow, kNow + hours{8}};
    auto done = DeleteExpiredSessions(store, clock);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(store.state.sessions.size(), 1u);
    EXPECT_TRUE(store.state.sessions.count("live"));
}

TEST(StandardJobsTest, MergeSearchIndexesMergesTheProposalsAndTheCatalogues) {
    testing::InMemoryStore store;
    auto done = MergeSearchIndexes(store);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(*done, "search indexes merged");
    EXPECT_EQ(store.state.demand.proposal_index_merges, 1);
    EXPECT_EQ(store.state.demand.catalogue_index_merges, 1);
}

}  // namespace
}  // namespace warden::domain
