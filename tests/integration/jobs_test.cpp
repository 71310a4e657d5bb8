// Background jobs of `warden serve` (ADR 0004): two servers on one database run each job once
// per period between them.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

#include "core/clock.hpp"
#include "support/fixture.hpp"

namespace warden::testing {
namespace {

// The claim times of the runs of `job` in a server's JSON log lines
// ({..."msg":"job ran","job":"NAME","at":"TIME",...}).
std::vector<TimePoint> RunsOf(const std::string& log, const std::string& job) {
    std::vector<TimePoint> out;
    const std::regex line("\"msg\":\"job ran\",\"job\":\"" + job + "\",\"at\":\"([0-9TZ:-]+)\"");
    for (std::sregex_iterator it(log.begin(), log.end(), line), end; it != end; ++it) {
        auto t = ParseRfc3339((*it)[1].str());
        if (t) out.push_back(*t);
    }
    return out;
}

using JobsTest = WardenTest;

TEST_P(JobsTest, TwoServersOnOneDatabaseRunAJobOncePerPeriod) {
    env_["WARDEN_JOB_TICK_SECONDS"] = "1";
    env_["WARDEN_JOB_PERIODS"] = "sessions.delete-expired=2";
    ASSERT_EQ(Warden({"migrate"}).exit_code, 0);
    ServerProcess a(WardenBinary(), env_);
    ServerProcess b(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(a.Start(log)) << log;
    ASSERT_TRUE(b.Start(log)) << log;
    std::this_thread::sleep_for(std::chrono::milliseconds(7500));
    EXPECT_EQ(a.Stop(), 0);
    EXPECT_EQ(b.Stop(), 0);

    const std::string log_a = a.Log();
    const std::string log_b = b.Log();
    auto runs = RunsOf(log_a, "sessions\\.delete-expired");
    auto runs_b = RunsOf(log_b, "sessions\\.delete-expired");
    runs.insert(runs.end(), runs_b.begin(), runs_b.end());
    std::sort(runs.begin(), runs.end());
    EXPECT_GE(runs.size(), 3u) << log_a << "\n----\n" << log_b;
    for (size_t i = 1; i < runs.size(); ++i) {
        EXPECT_GE(runs[i] - runs[i - 1], std::chrono::seconds{2})
            << "two runs in one period, at " << FormatRfc3339(runs[i - 1]) << " and "
            << FormatRfc3339(runs[i]) << "\n"
            << log_a << "\n----\n"
            << log_b;
    }
    // The hourly job ran once, at the first tick of whichever server started first.
    EXPECT_EQ(RunsOf(log_a, "tmpp\\.decisions\\.expire").size() +
                  RunsOf(log_b, "tmpp\\.decisions\\.expire").size(),
              1u)
        << log_a << "\n----\n"
        << log_b;
    // So did the search indexes' merge (ADR 0024; every minute; "job ran" only when it succeeded).
    EXPECT_EQ(RunsOf(log_a, "demand\\.search\\.merge").size() +
                  RunsOf(log_b, "demand\\.search\\.merge").size(),
              1u)
        << log_a << "\n----\n"
        << log_b;
}

TEST_P(JobsTest, AnUnknownJobInTheConfigurationStopsStartUp) {
    env_["WARDEN_JOB_PERIODS"] = "no.such.job=60";
    ASSERT_EQ(Warden({"migrate"}).exit_code, 0);
    auto r = Warden({"serve"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("WARDEN_JOB_PERIODS names no job 'no.such.job'"), std::string::npos)
        << r.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, JobsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
