// The handset repository contract on SQLite (a temporary file) and PostgreSQL (a fresh schema per
// test, when WARDEN_TEST_POSTGRES_URL is set): unique tag, IMEI and ICCID; reads in scope; the
// conditional issue and the one-open-issue-per-handset-and-prisoner indexes under 64 threads.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
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

    // A wing A prisoner at MDI with an active grant.
    domain::Grant GrantFor(const std::string& number) {
        domain::Grant g;
        g.prison_number = number;
        g.establishment = "MDI";
        g.phase = 1;
        g.review_on = "2027-01-01";
        g.granted_by = "security";
        g.granted_at = kNow;
        EXPECT_TRUE(Write([&](Repositories& r) -> Status {
                        WARDEN_TRY(r.prisoners.Import(
                            "MDI", {testing::WingAPrisoner(number, "MDI")}, false, kNow));
                        WARDEN_ASSIGN_OR_RETURN(g.id, r.grants.AddGrant(g));
                        return Ok();
                    }).ok());
        return g;
    }

    // Ends `g` (a withdrawal) in a transaction that holds it for 300 ms; returns once it holds.
    std::thread WithdrawMeanwhile(const domain::Grant& g) {
        auto holding = std::make_shared<std::atomic<bool>>(false);
        std::thread withdrawal([this, g, holding] {
            EXPECT_TRUE(Write([&](Repositories& r) -> Status {
                            domain::Grant ended = g;
                            ended.active = false;
                            ended.ended_at = kNow;
                            ended.ended_by = "security";
                            ended.withdrawn = true;
                            WARDEN_TRY(r.grants.UpdateGrant(ended));
                            *holding = true;
                            std::this_thread::sleep_for(300ms);
                            return Ok();
                        }).ok());
        });
        for (int i = 0; i < 10'000 && !*holding; ++i) std::this_thread::sleep_for(1ms);
        return withdrawal;
    }
};

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

TEST_P(HandsetsContractTest, UpdateChangesAHandsetOnlyAsItWasRead) {
    const Handset stored = MakeHandset("T1", "490154203237518", "8944100000000000018");
    Handset changed = stored;
    changed.seal = "S9";
    changed.status = HandsetStatus::kRetired;
    changed.model = "Nokia 110";
    // Read with another status, seal, model, phone number or home wing than the row holds:
    // another writer came first; refused, and nothing changes.
    std::vector<Handset> stale(5, stored);
    stale[0].status = HandsetStatus::kQuarantined;
    stale[1].seal = "S2";
    stale[2].model = "Nokia 100";
    stale[3].phone_number = "07700900999";
    stale[4].home_wing = "B";
    for (const Handset& read : stale) {
        const Status refused =
            Write([&](Repositories& r) { return r.handsets.Update(changed, read); });
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
        EXPECT_NE(refused.error().message.find("T1"), std::string::npos);
    }
    ASSERT_TRUE(Write([&](Repositories& r) { return r.handsets.Update(changed, stored); }).ok());
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        auto got = r.handsets.Get("T1", Scope::National());
                        EXPECT_EQ(got->seal, "S9");
                        EXPECT_EQ(got->status, HandsetStatus::kRetired);
                        EXPECT_EQ(got->model, "Nokia 110");
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
                auto with = r.handsets.GetWithOpenIssue("T1", Scope::National());
                EXPECT_EQ(with->handset.issued_to, "A1111AA");
                open = *with->open;
                EXPECT_EQ(open.prison_number, "A1111AA");
                EXPECT_FALSE(r.handsets.GetWithOpenIssue("T2", Scope::National())->open);
                EXPECT_EQ(r.handsets.GetWithOpenIssue("T1", Scope::Of({"LEI"})).error().code,
                          ErrorCode::kNotFound);
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

// An issue locks the prisoner's grant before the handset: a withdrawal ending the grant in a
// transaction still open is waited for and seen (on PostgreSQL, whose writers run at READ
// COMMITTED, the issue's unlocked read saw the grant active and issued to a prisoner whose access
// had just been withdrawn, with nothing left to recall the handset).
TEST_P(HandsetsContractTest, AGrantEndedMeanwhileIsWaitedForAndSeenUnderItsLock) {
    const domain::Grant g = GrantFor("A1111AA");
    bool active = false;
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(active, r.grants.LockActiveGrant(g.id));
                    return Ok();
                }).ok());
    EXPECT_TRUE(active);

    std::thread withdrawal = WithdrawMeanwhile(g);
    active = true;
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(active, r.grants.LockActiveGrant(g.id));
                    return Ok();
                }).ok());
    withdrawal.join();
    EXPECT_FALSE(active);
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(active, r.grants.LockActiveGrant(g.id + 100));
                    return Ok();
                }).ok());
    EXPECT_FALSE(active);  // no such grant
}

// An issue under a grant locks the grant, marks the handset and opens the issue, in that order,
// and does nothing past the first step that fails (one statement on PostgreSQL).
TEST_P(HandsetsContractTest, AnIssueUnderAGrantLocksItThenMarksAndOpens) {
    const auto issue_under = [&](Id grant, const HandsetIssue& issue) {
        domain::IssueWrite wrote;
        Status s = Write([&](Repositories& r) -> Status {
            WARDEN_ASSIGN_OR_RETURN(wrote, r.handsets.IssueUnderGrant(grant, issue));
            return Ok();
        });
        return s.ok() ? Result<domain::IssueWrite>(wrote) : Result<domain::IssueWrite>(s.error());
    };
    const auto status_of = [&](const std::string& tag) {
        HandsetStatus status = HandsetStatus::kRetired;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(Handset h,
                                                    r.handsets.Get(tag, Scope::National()));
                            status = h.status;
                            return Ok();
                        })
                        .ok());
        return status;
    };
    const domain::Grant first = GrantFor("A1111AA");
    const domain::Grant second = GrantFor("A2222BB");

    // A seal other than the one on record: the grant is locked, nothing else changes.
    HandsetIssue wrong_seal = MakeIssue("T1", "A1111AA");
    wrong_seal.seal_out = "WRONG";
    auto refused = issue_under(first.id, wrong_seal);
    ASSERT_TRUE(refused.ok()) << refused.error().message;
    EXPECT_TRUE(refused->granted);
    EXPECT_FALSE(refused->issue_id);
    EXPECT_EQ(status_of("T1"), HandsetStatus::kAvailable);

    // No such active grant: the handset is not touched.
    auto no_grant = issue_under(first.id + 100, MakeIssue("T1", "A1111AA"));
    ASSERT_TRUE(no_grant.ok());
    EXPECT_FALSE(no_grant->granted);
    EXPECT_FALSE(no_grant->issue_id);
    EXPECT_EQ(status_of("T1"), HandsetStatus::kAvailable);

    // Issued: the handset is ISSUED with its open issue.
    auto issued = issue_under(first.id, MakeIssue("T1", "A1111AA"));
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_TRUE(issued->granted);
    ASSERT_TRUE(issued->issue_id);
    EXPECT_EQ(status_of("T1"), HandsetStatus::kIssued);
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        auto held = r.handsets.OpenIssueOfPrisoner("A1111AA", Scope::National());
                        EXPECT_EQ((*held)->id, *issued->issue_id);
                        EXPECT_EQ((*held)->tag, "T1");
                        return Ok();
                    })
                    .ok());
    // Issued already: not AVAILABLE.
    auto again = issue_under(second.id, MakeIssue("T1", "A2222BB"));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->granted);
    EXPECT_FALSE(again->issue_id);

    // The prisoner holds a handset: the unique index refuses the issue, and the rolled-back
    // transaction leaves the second handset AVAILABLE.
    auto holds = issue_under(first.id, MakeIssue("T2", "A1111AA"));
    ASSERT_FALSE(holds.ok());
    EXPECT_EQ(holds.error().code, ErrorCode::kConflict);
    EXPECT_EQ(status_of("T2"), HandsetStatus::kAvailable);

    // A withdrawal ending the grant in a transaction still open is waited for and seen.
    std::thread withdrawal = WithdrawMeanwhile(second);
    auto after_withdrawal = issue_under(second.id, MakeIssue("T2", "A2222BB"));
    withdrawal.join();
    ASSERT_TRUE(after_withdrawal.ok());
    EXPECT_FALSE(after_withdrawal->granted);
    EXPECT_EQ(status_of("T2"), HandsetStatus::kAvailable);
}

// A return closes the open issue and then updates the handset as read; nothing when either fails
// (one statement on PostgreSQL).
TEST_P(HandsetsContractTest, AReturnClosesTheIssueThenUpdatesTheHandsetAsRead) {
    const domain::Grant g = GrantFor("A1111AA");
    HandsetIssue open;
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto wrote, r.handsets.IssueUnderGrant(g.id, MakeIssue("T1", "A1111AA")));
                    open = MakeIssue("T1", "A1111AA");
                    open.id = *wrote.issue_id;
                    return Ok();
                }).ok());
    const auto read = [&] {
        domain::HandsetWithIssue out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(
                                out, r.handsets.GetWithOpenIssue("T1", Scope::National()));
                            return Ok();
                        })
                        .ok());
        return out;
    };
    const Handset as_read = read().handset;
    HandsetIssue closing = open;
    closing.returned_at = kNow + 5min;
    closing.returned_by = "officer";
    closing.seal_seen = "S1";
    closing.condition = "OK";
    closing.outcome = "AVAILABLE";
    Handset returned = as_read;
    returned.status = HandsetStatus::kAvailable;
    returned.updated_at = kNow + 5min;
    const auto close = [&](const HandsetIssue& issue, const Handset& as) {
        return Write(
            [&](Repositories& r) { return r.handsets.CloseIssueAndUpdate(issue, returned, as); });
    };

    // The handset changed since it was read: kConflict, and the issue stays open.
    Handset stale = as_read;
    stale.seal = "S0";
    Status changed = close(closing, stale);
    ASSERT_FALSE(changed.ok());
    EXPECT_EQ(changed.error().code, ErrorCode::kConflict);
    EXPECT_TRUE(read().open);
    EXPECT_EQ(read().handset.status, HandsetStatus::kIssued);

    // No such open issue: kNotFound, and the handset is not touched.
    HandsetIssue other = closing;
    other.id = open.id + 100;
    Status missing = close(other, as_read);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(read().handset.status, HandsetStatus::kIssued);

    // Returned: the issue closed and the handset AVAILABLE; a second return finds no open issue.
    Status done = close(closing, as_read);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_FALSE(read().open);
    EXPECT_EQ(read().handset.status, HandsetStatus::kAvailable);
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        auto held = r.handsets.OpenIssueOfPrisoner("A1111AA", Scope::National());
                        EXPECT_FALSE(held->has_value());
                        return Ok();
                    })
                    .ok());
    EXPECT_EQ(close(closing, as_read).error().code, ErrorCode::kNotFound);
}

// An issue's facts come in one statement, each as its own repository reads it: the prisoner in
// scope, their open issue, their active grant and their entry on their wing's latest list only.
TEST_P(HandsetsContractTest, AnIssueReadsItsFactsInOneStatement) {
    auto list = [](int version, std::vector<std::string> numbers) {
        domain::WingList l;
        l.establishment = "MDI";
        l.wing = "A";
        l.version = version;
        l.published_by = "spoc";
        l.published_at = kNow + std::chrono::minutes(version);
        for (const auto& n : numbers) {
            domain::WingListEntry& e = l.entries.emplace_back();
            e.prison_number = n;
            e.first_name = "John";
            e.last_name = "Smith";
            e.cell = "A-1-001";
            e.conditions = {"SUPERVISED"};
            e.review_on = "2027-01-01";
        }
        return l;
    };
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_TRY(r.prisoners.Import("MDI",
                                                  {testing::WingAPrisoner("A1111AA", "MDI"),
                                                   testing::WingAPrisoner("A2222BB", "MDI"),
                                                   testing::WingAPrisoner("A3333CC", "MDI")},
                                                  false, kNow));
                    WARDEN_TRY(r.prisoners.Import("LEI", {testing::WingAPrisoner("A4444DD", "LEI")},
                                                  false, kNow));
                    // A1111AA was on version 1 only; A2222BB is on version 2, the latest.
                    WARDEN_TRY(r.wing_lists.AddWingList(list(1, {"A1111AA", "A2222BB"})));
                    WARDEN_TRY(r.wing_lists.AddWingList(list(2, {"A2222BB", "A3333CC"})));
                    for (const auto& number : {"A1111AA", "A2222BB"}) {
                        domain::Grant g;
                        g.prison_number = number;
                        g.establishment = "MDI";
                        g.phase = 1;
                        g.conditions = {"SUPERVISED"};
                        g.review_on = "2027-01-01";
                        g.granted_by = "security";
                        g.granted_at = kNow;
                        WARDEN_TRY(r.grants.AddGrant(g));
                    }
                    WARDEN_TRY(r.handsets.MarkIssued("T2", "S1", kNow));
                    WARDEN_TRY(r.handsets.OpenIssue(MakeIssue("T2", "A2222BB")));
                    return Ok();
                }).ok());
    const Scope mdi = Scope::Of({"MDI"});
    std::map<std::string, Result<domain::IssueFacts>> read;
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        for (const auto& n : {"A1111AA", "A2222BB", "A3333CC", "A4444DD"}) {
                            read.emplace(n, r.handsets.IssueFactsOf("T1", n, mdi));
                        }
                        read.emplace("L1", r.handsets.IssueFactsOf("L1", "A2222BB", mdi));
                        read.emplace("T2", r.handsets.IssueFactsOf("T2", "A3333CC", mdi));
                        return Ok();
                    })
                    .ok());
    // Off the latest list, with a grant, no handset.
    const auto& a1 = read.at("A1111AA");
    ASSERT_TRUE(a1.ok()) << a1.error().message;
    EXPECT_EQ(a1->handset.tag, "T1");
    EXPECT_EQ(a1->handset.status, HandsetStatus::kAvailable);
    ASSERT_TRUE(a1->prisoner.has_value());
    EXPECT_EQ(a1->prisoner->wing, "A");
    ASSERT_TRUE(a1->wing_list.has_value());
    EXPECT_EQ(a1->wing_list->version, 2);
    EXPECT_EQ(a1->wing_list->published_by, "spoc");
    EXPECT_TRUE(a1->wing_list->entries.empty());
    ASSERT_TRUE(a1->grant.has_value());
    EXPECT_EQ(a1->grant->conditions, std::vector<std::string>{"SUPERVISED"});
    EXPECT_FALSE(a1->held.has_value());
    // On the latest list (its own entry only), with a grant, holding T2.
    const auto& a2 = read.at("A2222BB");
    ASSERT_TRUE(a2.ok()) << a2.error().message;
    ASSERT_TRUE(a2->wing_list.has_value());
    ASSERT_EQ(a2->wing_list->entries.size(), 1U);
    EXPECT_EQ(a2->wing_list->entries[0].prison_number, "A2222BB");
    EXPECT_EQ(a2->wing_list->entries[0].conditions, std::vector<std::string>{"SUPERVISED"});
    ASSERT_TRUE(a2->held.has_value());
    EXPECT_EQ(a2->held->tag, "T2");
    EXPECT_TRUE(a2->grant.has_value());
    // On the list without a grant.
    const auto& a3 = read.at("A3333CC");
    ASSERT_TRUE(a3.ok());
    ASSERT_EQ(a3->wing_list->entries.size(), 1U);
    EXPECT_FALSE(a3->grant.has_value());
    // A prisoner outside the scope is not read at all.
    const auto& a4 = read.at("A4444DD");
    ASSERT_TRUE(a4.ok());
    EXPECT_FALSE(a4->prisoner.has_value());
    EXPECT_FALSE(a4->wing_list.has_value());
    // A handset outside the scope is not found; an issued one carries its holder.
    EXPECT_EQ(read.at("L1").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(read.at("T2").ok());
    EXPECT_EQ(read.at("T2")->handset.issued_to, "A2222BB");
    EXPECT_FALSE(read.at("T2")->held.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, HandsetsContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
