// The stocktake part of the handset repository contract (migration 0021) on SQLite and
// PostgreSQL: the conditional status change, a stocktake kept with its items in order, and reads
// that apply the Scope.

#include <gtest/gtest.h>

#include <tuple>

#include "storage/contract_test_support.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Handset;
using domain::HandsetStatus;
using domain::Repositories;
using domain::Scope;
using domain::Stocktake;
using domain::StocktakeFinding;
using domain::StocktakeItem;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

Handset MakeHandset(const std::string& tag, const std::string& imei, const std::string& iccid,
                    const std::string& est) {
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

StocktakeItem Item(StocktakeFinding finding, const std::string& tag) {
    StocktakeItem i;
    i.finding = finding;
    i.tag = tag;
    i.status_before = "AVAILABLE";
    i.seal_recorded = "S1";
    return i;
}

class StocktakesContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("stocktakes");
        if (IsSkipped() || HasFatalFailure()) return;
        ASSERT_TRUE(
            store_
                ->Write([](Repositories& r) -> Status {
                    WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@example.org"}));
                    WARDEN_TRY(r.establishments.Add({"MDI", "Moorland", "NE", "", "", 1, {}}));
                    WARDEN_TRY(r.establishments.Add({"LEI", "Leeds", "NE", "", "", 1, {}}));
                    return r.handsets.Add(
                        MakeHandset("T1", "490154203237518", "8944100000000000018", "MDI"));
                })
                .ok());
    }
};

TEST_P(StocktakesContractTest, ChangeStatusOnlyFromTheExpectedStatus) {
    ASSERT_TRUE(store_
                    ->Write([](Repositories& r) -> Status {
                        auto wrong = r.handsets.ChangeStatus("T1", HandsetStatus::kIssued,
                                                             HandsetStatus::kLost, kNow + 1min);
                        EXPECT_FALSE(*wrong);
                        auto right = r.handsets.ChangeStatus("T1", HandsetStatus::kAvailable,
                                                             HandsetStatus::kLost, kNow + 1min);
                        EXPECT_TRUE(*right);
                        auto again = r.handsets.ChangeStatus("T1", HandsetStatus::kAvailable,
                                                             HandsetStatus::kLost, kNow + 2min);
                        EXPECT_FALSE(*again);
                        auto h = r.handsets.Get("T1", Scope::National());
                        EXPECT_EQ(h->status, HandsetStatus::kLost);
                        EXPECT_EQ(h->updated_at, kNow + 1min);
                        return Ok();
                    })
                    .ok());
}

TEST_P(StocktakesContractTest, StocktakesAreKeptWithTheirItemsAndReadInScope) {
    Stocktake first;
    first.establishment = "MDI";
    first.taken_at = kNow;
    first.taken_by = "spoc";
    first.seen_count = 2;
    StocktakeItem missing = Item(StocktakeFinding::kMissing, "T1");
    missing.incident = "MDI-TMPP-2026-00001";
    StocktakeItem unknown = Item(StocktakeFinding::kUnknown, "ZZ9");
    unknown.status_before.clear();
    unknown.seal_recorded.clear();
    unknown.seal_seen = "S7";
    StocktakeItem out = Item(StocktakeFinding::kOut, "T3");
    out.prisoner = "A1234BC";
    out.issued_at = kNow - 20min;
    first.items = {missing, unknown, out};
    Stocktake second = first;
    second.taken_at = kNow + 1h;
    second.items = {Item(StocktakeFinding::kSeen, "T1")};
    Stocktake leeds = second;
    leeds.establishment = "LEI";
    Id first_id = 0;
    Id leeds_id = 0;
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(first_id, r.handsets.AddStocktake(first));
                        WARDEN_TRY(r.handsets.AddStocktake(second));
                        WARDEN_ASSIGN_OR_RETURN(leeds_id, r.handsets.AddStocktake(leeds));
                        return Ok();
                    })
                    .ok());
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        const Scope mdi = Scope::Of({"MDI"});
                        auto got = r.handsets.GetStocktake(first_id, mdi);
                        EXPECT_TRUE(got.ok());
                        if (!got.ok()) return Ok();
                        EXPECT_EQ(got->establishment, "MDI");
                        EXPECT_EQ(got->taken_by, "spoc");
                        EXPECT_EQ(got->taken_at, kNow);
                        EXPECT_EQ(got->seen_count, 2);
                        EXPECT_EQ(got->items.size(), 3U);
                        if (got->items.size() == 3) {
                            EXPECT_EQ(got->items[0].finding, StocktakeFinding::kMissing);
                            EXPECT_EQ(got->items[0].incident, "MDI-TMPP-2026-00001");
                            EXPECT_EQ(got->items[1].tag, "ZZ9");
                            EXPECT_EQ(got->items[1].seal_seen, "S7");
                            EXPECT_EQ(got->items[2].prisoner, "A1234BC");
                            EXPECT_EQ(got->items[2].issued_at, kNow - 20min);
                            EXPECT_FALSE(got->items[0].issued_at);
                        }
                        // Out of scope: not found, and not listed.
                        EXPECT_EQ(r.handsets.GetStocktake(leeds_id, mdi).error().code,
                                  ErrorCode::kNotFound);
                        EXPECT_TRUE(r.handsets.Stocktakes("LEI", mdi, 10)->empty());
                        auto list = r.handsets.Stocktakes("MDI", mdi, 10);
                        EXPECT_EQ(list->size(), 2U);
                        if (list->size() == 2) {
                            EXPECT_EQ(list->at(0).taken_at, kNow + 1h);  // newest first
                            EXPECT_EQ(list->at(0).items.size(), 1U);
                            EXPECT_EQ(list->at(1).items.size(), 3U);
                        }
                        EXPECT_EQ(r.handsets.Stocktakes("MDI", mdi, 1)->size(), 1U);
                        return Ok();
                    })
                    .ok());
}

// The monitoring view's aggregates (sql_monitoring.cpp): grouped in SQL, in scope, in order.
TEST_P(StocktakesContractTest, MonitoringCountsGroupInScope) {
    ASSERT_TRUE(store_
                    ->Write([](Repositories& r) -> Status {
                        WARDEN_TRY(r.handsets.Add(
                            MakeHandset("T2", "356938035643809", "8944100000000000026", "MDI")));
                        WARDEN_TRY(r.handsets.Add(
                            MakeHandset("L1", "864321050000004", "8944100000000000034", "LEI")));
                        WARDEN_TRY(r.handsets.ChangeStatus("T2", HandsetStatus::kAvailable,
                                                           HandsetStatus::kLost, kNow));
                        auto incident = [&](const char* ref, const char* est,
                                            domain::IncidentType type,
                                            domain::IncidentStatus status, TimePoint at) {
                            domain::Incident i;
                            i.reference = ref;
                            i.establishment = est;
                            i.type = type;
                            i.status = status;
                            i.discovered_at = at;
                            i.created_at = at;
                            i.updated_at = at;
                            return r.incidents.Add(i);
                        };
                        using domain::IncidentStatus;
                        using domain::IncidentType;
                        WARDEN_TRY(incident("MDI-TMPP-2026-00001", "MDI", IncidentType::kLoss,
                                            IncidentStatus::kDraft, kNow));
                        WARDEN_TRY(incident("MDI-TMPP-2026-00002", "MDI", IncidentType::kLoss,
                                            IncidentStatus::kClosed, kNow - 24h));
                        WARDEN_TRY(incident("MDI-TMPP-2026-00003", "MDI", IncidentType::kOther,
                                            IncidentStatus::kNotReportable, kNow));
                        WARDEN_TRY(incident("LEI-TMPP-2026-00001", "LEI", IncidentType::kMisuse,
                                            IncidentStatus::kReported, kNow - 24h * 40));
                        WARDEN_TRY(incident("LEI-TMPP-2025-00001", "LEI", IncidentType::kMisuse,
                                            IncidentStatus::kReported, kNow - 24h * 400));
                        for (const auto& [number, est, phase, active] :
                             std::vector<std::tuple<std::string, std::string, int, bool>>{
                                 {"A1111AA", "MDI", 1, true},
                                 {"A2222BB", "MDI", 1, true},
                                 {"A3333CC", "MDI", 2, true},
                                 {"A4444DD", "LEI", 1, true},
                                 {"A5555EE", "MDI", 1, false}}) {
                            domain::Grant g;
                            g.prison_number = number;
                            g.establishment = est;
                            g.phase = phase;
                            g.active = active;
                            g.review_on = "2026-12-01";
                            g.granted_by = "security";
                            g.granted_at = kNow;
                            WARDEN_TRY(r.grants.AddGrant(g));
                        }
                        return Ok();
                    })
                    .ok());
    const TimePoint since = kNow - 24h * 300;
    ASSERT_TRUE(
        store_
            ->Read([&](Repositories& r) -> Status {
                auto all = r.monitoring.IncidentCounts(since, Scope::National());
                EXPECT_TRUE(all.ok());
                if (!all.ok()) return Ok();
                std::vector<std::string> got;
                for (const auto& c : *all) {
                    got.push_back(c.month + " " + c.establishment + " " + c.type + " " +
                                  std::to_string(c.count));
                }
                EXPECT_EQ(got,
                          (std::vector<std::string>{"2026-10 LEI MISUSE 1", "2026-11 MDI LOSS 2"}));
                auto mdi = r.monitoring.IncidentCounts(since, Scope::Of({"MDI"}));
                EXPECT_EQ(mdi->size(), 1U);
                auto handsets = r.monitoring.HandsetCounts(Scope::National());
                got.clear();
                for (const auto& c : *handsets) {
                    got.push_back(c.establishment + " " + c.status + " " + std::to_string(c.count));
                }
                EXPECT_EQ(got, (std::vector<std::string>{"LEI AVAILABLE 1", "MDI AVAILABLE 1",
                                                         "MDI LOST 1"}));
                EXPECT_EQ(r.monitoring.HandsetCounts(Scope::Of({"LEI"}))->size(), 1U);
                auto grants = r.monitoring.GrantCounts(Scope::Of({"MDI"}));
                got.clear();
                for (const auto& c : *grants) {
                    got.push_back(c.establishment + " " + std::to_string(c.phase) + " " +
                                  std::to_string(c.count));
                }
                EXPECT_EQ(got, (std::vector<std::string>{"MDI 1 2", "MDI 2 1"}));
                EXPECT_TRUE(r.monitoring.GrantCounts(Scope::Of({}))->empty());
                return Ok();
            })
            .ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, StocktakesContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
