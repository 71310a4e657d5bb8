// The handset repository contract on SQLite (a temporary file) and PostgreSQL (a fresh schema per
// test, when WARDEN_TEST_POSTGRES_URL is set): unique tag, IMEI and ICCID; reads in scope; the
// conditional issue and the one-open-issue-per-handset-and-prisoner indexes under 64 threads.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/strings.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Handset;
using domain::HandsetIssue;
using domain::HandsetStatus;
using domain::Repositories;
using domain::Scope;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

using testing::PostgresUrl;
using testing::UniqueName;

Handset MakeHandset(const std::string& tag, const std::string& imei, const std::string& iccid,
                    const std::string& est = "MDI") {
    Handset h;
    h.tag = tag;
    h.imei = imei;
    h.model = "Nokia 105";
    h.iccid = iccid;
    h.phone_number = "07700900123";
    h.seal = "S1";
    h.establishment = est;
    h.home_wing = "A";
    h.updated_at = kNow;
    return h;
}

HandsetIssue MakeIssue(const std::string& tag, const std::string& number) {
    HandsetIssue i;
    i.tag = tag;
    i.establishment = "MDI";
    i.prison_number = number;
    i.seal_out = "S1";
    i.issued_by = "officer";
    i.issued_at = kNow;
    return i;
}

class HandsetsContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("handsets");
        if (IsSkipped() || HasFatalFailure()) return;
        ASSERT_TRUE(Write([](Repositories& r) -> Status {
                        WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@example.org"}));
                        WARDEN_TRY(r.establishments.Add({"MDI", "Moorland", "NE", "", "", 1, {}}));
                        WARDEN_TRY(r.establishments.Add({"LEI", "Leeds", "NE", "", "", 1, {}}));
                        WARDEN_TRY(r.handsets.Add(
                            MakeHandset("T1", "490154203237518", "8944100000000000018")));
                        WARDEN_TRY(r.handsets.Add(
                            MakeHandset("T2", "356938035643809", "8944100000000000026")));
                        return r.handsets.Add(
                            MakeHandset("L1", "864321050000004", "8944100000000000034", "LEI"));
                    }).ok());
    }

    Status Write(const std::function<Status(Repositories&)>& work) { return store_->Write(work); }
};

std::string BackendName(const ::testing::TestParamInfo<Dialect>& info) {
    return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
}

TEST_P(HandsetsContractTest, TagImeiAndIccidAreUniqueAndNamedInTheConflict) {
    auto conflict = [&](const Handset& h) {
        Status s = Write([&](Repositories& r) { return r.handsets.Add(h); });
        EXPECT_FALSE(s.ok());
        return s.ok() ? Error{} : s.error();
    };
    auto tag = conflict(MakeHandset("T1", "350000000000014", "8944100000000000000"));
    EXPECT_EQ(tag.code, ErrorCode::kConflict);
    auto imei = conflict(MakeHandset("T9", "490154203237518", "8944100000000000000"));
    EXPECT_EQ(imei.code, ErrorCode::kConflict);
    EXPECT_NE(ToLower(imei.message).find("imei"), std::string::npos) << imei.message;
    auto iccid = conflict(MakeHandset("T9", "350000000000014", "8944100000000000018"));
    EXPECT_NE(ToLower(iccid.message).find("iccid"), std::string::npos) << iccid.message;
}

TEST_P(HandsetsContractTest, ReadsApplyTheScopeAndListFilters) {
    ASSERT_TRUE(store_
                    ->Read([](Repositories& r) -> Status {
                        const Scope mdi = Scope::Of({"MDI"});
                        EXPECT_TRUE(r.handsets.Get("T1", mdi).ok());
                        EXPECT_EQ(r.handsets.Get("L1", mdi).error().code, ErrorCode::kNotFound);
                        EXPECT_TRUE(r.handsets.Get("L1", Scope::National()).ok());
                        auto all = r.handsets.List({}, mdi);
                        EXPECT_EQ(all->size(), 2U);
                        domain::HandsetQuery q;
                        q.status = HandsetStatus::kLost;
                        EXPECT_EQ(r.handsets.List(q, Scope::National())->size(), 0U);
                        q.status.reset();
                        q.establishment = "LEI";
                        EXPECT_EQ(r.handsets.List(q, Scope::National())->size(), 1U);
                        EXPECT_EQ(r.handsets.List(q, mdi)->size(), 0U);
                        EXPECT_EQ(*r.handsets.OverdueMinutes("MDI", mdi),
                                  domain::kDefaultOverdueMinutes);
                        return Ok();
                    })
                    .ok());
    ASSERT_TRUE(
        Write([](Repositories& r) { return r.handsets.SetOverdueMinutes("MDI", 45); }).ok());
    ASSERT_TRUE(Write([](Repositories& r) -> Status {
                    domain::HandsetEvent e;
                    e.tag = "L1";
                    e.at = kNow;
                    e.by = "spoc";
                    e.what = "ADDED";
                    return r.handsets.AddEvent(e);
                }).ok());
    ASSERT_TRUE(store_
                    ->Read([](Repositories& r) -> Status {
                        EXPECT_EQ(*r.handsets.OverdueMinutes("MDI", Scope::Of({"MDI"})), 45);
                        EXPECT_EQ(r.handsets.Timeline("L1", Scope::Of({"MDI"}))->size(), 0U);
                        EXPECT_EQ(r.handsets.Timeline("L1", Scope::Of({"LEI"}))->size(), 1U);
                        return Ok();
                    })
                    .ok());
}

TEST_P(HandsetsContractTest, IssueIsConditionalAndOneOpenIssuePerHandsetAndPrisoner) {
    ASSERT_TRUE(Write([](Repositories& r) -> Status {
                    EXPECT_FALSE(*r.handsets.MarkIssued("T1", "WRONG", kNow));
                    EXPECT_TRUE(*r.handsets.MarkIssued("T1", "S1", kNow));
                    EXPECT_FALSE(*r.handsets.MarkIssued("T1", "S1", kNow));
                    return r.handsets.OpenIssue(MakeIssue("T1", "A1111AA")).ok()
                               ? Ok()
                               : Error::Internal("open");
                }).ok());
    Status second = Write([](Repositories& r) -> Status {
        return r.handsets.OpenIssue(MakeIssue("T2", "A1111AA")).ok() ? Ok()
                                                                     : Error::Conflict("two");
    });
    EXPECT_FALSE(second.ok());
    HandsetIssue open;
    ASSERT_TRUE(
        store_
            ->Read([&](Repositories& r) -> Status {
                auto h = r.handsets.Get("T1", Scope::National());
                EXPECT_EQ(h->status, HandsetStatus::kIssued);
                EXPECT_EQ(h->issued_to, "A1111AA");
                auto held = r.handsets.OpenIssueOfPrisoner("A1111AA", Scope::Of({"MDI"}));
                EXPECT_TRUE(held->has_value());
                EXPECT_FALSE(
                    r.handsets.OpenIssueOfPrisoner("A1111AA", Scope::Of({"LEI"}))->has_value());
                open = **r.handsets.OpenIssueOfHandset("T1", Scope::National());
                EXPECT_FALSE(open.recall_requested_at);
                EXPECT_FALSE(h->recall_requested_at);
                return Ok();
            })
            .ok());
    // A withdrawal flags the open issue for recall (migration 0020); the first request stands.
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    auto first = r.handsets.RequestRecall(open.id, kNow + 1min);
                    EXPECT_TRUE(first.ok() && *first);
                    auto again = r.handsets.RequestRecall(open.id, kNow + 2min);
                    EXPECT_TRUE(again.ok() && !*again);  // flagged already: changes nothing
                    return Ok();
                }).ok());
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        auto h = r.handsets.Get("T1", Scope::National());
                        EXPECT_EQ(h->recall_requested_at, kNow + 1min);
                        auto held = r.handsets.OpenIssueOfPrisoner("A1111AA", Scope::National());
                        EXPECT_EQ((*held)->recall_requested_at, kNow + 1min);
                        return Ok();
                    })
                    .ok());
    open.returned_at = kNow + 5min;
    open.returned_by = "officer";
    open.seal_seen = "S2";
    open.sim_present = false;
    open.condition = "OK";
    open.outcome = "QUARANTINED";
    ASSERT_TRUE(Write([&](Repositories& r) { return r.handsets.CloseIssue(open); }).ok());
    EXPECT_EQ(Write([&](Repositories& r) { return r.handsets.CloseIssue(open); }).error().code,
              ErrorCode::kNotFound);
    // Closed: the prisoner may be issued again.
    EXPECT_TRUE(Write([](Repositories& r) -> Status {
                    auto id = r.handsets.OpenIssue(MakeIssue("T2", "A1111AA"));
                    return id.ok() ? Ok() : id.error();
                }).ok());
}

TEST_P(HandsetsContractTest, SixtyFourConcurrentIssuesOfOneHandsetHaveOneWinner) {
    std::atomic<int> won{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 64; ++i) {
        threads.emplace_back([&, i] {
            char number[16];
            std::snprintf(number, sizeof number, "A%04dAA", i);
            Status s = Write([&](Repositories& r) -> Status {
                WARDEN_ASSIGN_OR_RETURN(bool marked, r.handsets.MarkIssued("T1", "S1", kNow));
                if (!marked) return Error::Conflict("taken");
                return r.handsets.OpenIssue(MakeIssue("T1", number)).ok()
                           ? Ok()
                           : Error::Conflict("open issue");
            });
            if (s.ok()) ++won;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(won.load(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, HandsetsContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres), BackendName);

}  // namespace
}  // namespace warden::storage
