// Background jobs on SQLite (a temporary file) and PostgreSQL (a fresh schema per test, when
// WARDEN_TEST_POSTGRES_URL is set): the scheduled_jobs claim, and the jobs' effects (ADR 0004).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "domain/jobs/jobs.hpp"
#include "domain/jobs/scheduler.hpp"
#include "domain/tmpp/access/access_service.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/sql_job_claims.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Repositories;
using domain::Scope;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

using testing::PostgresUrl;
using testing::UniqueName;

/// A migrated database for one test: a SQLite file in a temporary folder or a PostgreSQL schema.
class JobsContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override { OpenFreshStore("jobs"); }

    std::unique_ptr<domain::JobClaims> Claims() {
        auto claims = OpenJobClaims(url_);
        EXPECT_TRUE(claims.ok());
        return claims.ok() ? std::move(claims).value() : nullptr;
    }

    bool Claim(domain::JobClaims& claims, const std::string& job, TimePoint now,
               const std::string& owner) {
        auto claimed = claims.Claim(job, now, now + 5min, owner);
        EXPECT_TRUE(claimed.ok()) << claimed.error().message;
        return claimed.ok() && *claimed;
    }
};

TEST_P(JobsContractTest, OneOfTwoClaimersWinsEachPeriod) {
    auto a = Claims();
    auto b = Claims();
    ASSERT_TRUE(a && b);
    // A job never run is due at once; the first claimer wins the period, the second does not.
    EXPECT_TRUE(Claim(*a, "sessions", kNow, "a"));
    EXPECT_FALSE(Claim(*b, "sessions", kNow, "b"));
    EXPECT_FALSE(Claim(*b, "sessions", kNow + 4min + 59s, "b"));
    EXPECT_FALSE(Claim(*a, "sessions", kNow + 4min + 59s, "a"));
    // Another job has periods of its own.
    EXPECT_TRUE(Claim(*b, "decisions", kNow + 1min, "b"));
    // The next period may be claimed again, once.
    EXPECT_TRUE(Claim(*b, "sessions", kNow + 5min, "b"));
    EXPECT_FALSE(Claim(*a, "sessions", kNow + 5min, "a"));
    EXPECT_TRUE(Claim(*a, "sessions", kNow + 11min, "a"));  // next run is from the claim's now

    // The row records the last claim.
    std::string owner;
    std::string next;
    std::string last;
    auto c = GetParam() == Dialect::kSqlite
                 ? std::unique_ptr<SqlConnection>(
                       SqliteConnection::Open((dir_ / "warden.db").string(), SqliteMode::kWriter)
                           .value())
                 : std::unique_ptr<SqlConnection>(PgConnection::Open(url_).value());
    ASSERT_TRUE(QueryOne(*c,
                         "SELECT last_owner, next_run_at, last_run_at FROM scheduled_jobs "
                         "WHERE name = $1",
                         {"sessions"},
                         [&](const SqlRow& row) {
                             owner = row.String(0);
                             next = row.String(1);
                             last = row.String(2);
                         })
                    .value());
    EXPECT_EQ(owner, "a");
    EXPECT_EQ(next, FormatRfc3339(kNow + 16min));
    EXPECT_EQ(last, FormatRfc3339(kNow + 11min));
}

TEST_P(JobsContractTest, ConcurrentClaimersOnSeparateConnectionsHaveOneWinner) {
    constexpr int kClaimers = 6;
    for (int period = 0; period < 3; ++period) {
        const TimePoint now = kNow + period * 5min;
        std::vector<std::unique_ptr<domain::JobClaims>> claims;
        for (int i = 0; i < kClaimers; ++i) claims.push_back(Claims());
        std::atomic<int> winners{0};
        std::atomic<int> errors{0};
        std::atomic<bool> go{false};
        std::vector<std::thread> threads;
        for (int i = 0; i < kClaimers; ++i) {
            threads.emplace_back([&, i] {
                while (!go) std::this_thread::yield();
                auto r = claims[i]->Claim("job", now, now + 5min, "p" + std::to_string(i));
                if (!r.ok()) {
                    ++errors;
                } else if (*r) {
                    ++winners;
                }
            });
        }
        go = true;
        for (auto& t : threads) t.join();
        EXPECT_EQ(errors, 0);
        EXPECT_EQ(winners, 1) << "period " << period;
    }
}

TEST_P(JobsContractTest, DeleteExpiredSessionsJob) {
    Id user = 0;
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        domain::User u;
                        u.username = "jsmith";
                        u.created_at = kNow;
                        WARDEN_ASSIGN_OR_RETURN(user, r.users.Add(u));
                        WARDEN_TRY(r.users.AddSession({"old", user, "c", kNow - 9h, kNow - 1s}));
                        WARDEN_TRY(r.users.AddSession({"now", user, "c", kNow - 8h, kNow}));
                        return r.users.AddSession({"live", user, "c", kNow, kNow + 1s});
                    })
                    .ok());
    FixedClock clock(kNow);
    auto done = domain::DeleteExpiredSessions(*store_, clock);
    ASSERT_TRUE(done.ok()) << done.error().message;
    auto exists = [&](const std::string& hash) {
        bool found = false;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            found = r.users.GetSession(hash).ok();
                            return Ok();
                        })
                        .ok());
        return found;
    };
    EXPECT_FALSE(exists("old"));
    EXPECT_FALSE(exists("now"));
    EXPECT_TRUE(exists("live"));
}

domain::RiskDecision MakeDecision(const std::string& number, TimePoint expires, bool review) {
    domain::RiskDecision d;
    d.prison_number = number;
    d.establishment = "MDI";
    d.band = domain::RiskBand::kGreen;
    d.recommended_band = domain::RiskBand::kGreen;
    d.decided_by = "sec";
    d.decided_at = expires - std::chrono::days{90};
    d.expires_at = expires;
    d.needs_review = review;
    d.review_reason = review ? "a later import changed a risk input" : "";
    d.inputs = "x";
    return d;
}

TEST_P(JobsContractTest, ExpireDecisionsJobMarksExpiredDecisionsForReviewWithAnAuditEntry) {
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        WARDEN_TRY(r.regions.Add({"YORKS", "Yorkshire", "riu@yorks.example"}));
                        WARDEN_TRY(r.establishments.Add(
                            {"MDI", "HMP Moorland", "YORKS", "spoc@mdi", "sec@mdi", 1, {}}));
                        std::vector<domain::Prisoner> rows;
                        for (const char* n : {"A0001AA", "A0002AA", "A0003AA", "A0004AA"}) {
                            domain::Prisoner p;
                            p.prison_number = n;
                            p.first_name = "John";
                            p.last_name = "Smith";
                            p.date_of_birth = "1990-05-01";
                            p.establishment = "MDI";
                            p.wing = "A";
                            p.cell = "A-1-001";
                            rows.push_back(p);
                        }
                        WARDEN_TRY(r.prisoners.Import("MDI", rows, false, kNow));
                        WARDEN_TRY(r.risk.PutDecision(MakeDecision("A0001AA", kNow - 1h, false)));
                        WARDEN_TRY(r.risk.PutDecision(MakeDecision("A0002AA", kNow, false)));
                        WARDEN_TRY(r.risk.PutDecision(MakeDecision("A0003AA", kNow + 1s, false)));
                        return r.risk.PutDecision(MakeDecision("A0004AA", kNow - 2h, true));
                    })
                    .ok());

    // The repository finds the expired decisions not yet marked, soonest expiry first.
    std::vector<domain::RiskDecision> due;
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            due, r.risk.DecisionsExpiredBy(kNow, 10, Scope::National()));
                        return Ok();
                    })
                    .ok());
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].prison_number, "A0001AA");
    EXPECT_EQ(due[1].prison_number, "A0002AA");
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            due, r.risk.DecisionsExpiredBy(kNow, 1, Scope::National()));
                        return Ok();
                    })
                    .ok());
    ASSERT_EQ(due.size(), 1u);

    FixedClock clock(kNow);
    domain::RiskRulesService rules(*store_, clock);
    domain::AccessService access(*store_, clock, rules);
    auto done = domain::ExpireDecisions(access);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(*done, "2 decisions expired and marked for review");
    auto again = domain::ExpireDecisions(access);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, "0 decisions expired and marked for review");

    ASSERT_TRUE(
        store_
            ->Read([&](Repositories& r) -> Status {
                WARDEN_ASSIGN_OR_RETURN(auto d1, r.risk.GetDecision("A0001AA", Scope::National()));
                EXPECT_TRUE(d1->needs_review);
                EXPECT_EQ(d1->review_reason, "the decision expired on 2026-11-22");
                WARDEN_ASSIGN_OR_RETURN(auto d3, r.risk.GetDecision("A0003AA", Scope::National()));
                EXPECT_FALSE(d3->needs_review);
                WARDEN_ASSIGN_OR_RETURN(auto d4, r.risk.GetDecision("A0004AA", Scope::National()));
                EXPECT_EQ(d4->review_reason, "a later import changed a risk input");
                WARDEN_ASSIGN_OR_RETURN(auto entries, r.audit.List("prisoner:A0002AA", 10, 0));
                EXPECT_EQ(entries.size(), 1u);
                if (!entries.empty()) {
                    EXPECT_EQ(entries[0].action, "tmpp.decision.expired");
                    EXPECT_EQ(entries[0].actor, "scheduler");
                    EXPECT_EQ(entries[0].source, "scheduler");
                }
                WARDEN_ASSIGN_OR_RETURN(auto timeline,
                                        r.access.Timeline("A0001AA", Scope::National()));
                EXPECT_EQ(timeline.size(), 1u);
                if (!timeline.empty()) {
                    EXPECT_EQ(timeline[0].what, "decision.expired");
                }
                WARDEN_ASSIGN_OR_RETURN(auto verified, r.audit.Verify());
                EXPECT_FALSE(verified.first_bad_seq.has_value()) << verified.problem;
                EXPECT_EQ(verified.entries, 2);
                return Ok();
            })
            .ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, JobsContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
