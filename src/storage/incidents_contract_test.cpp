// The incident repository contract on SQLite (a temporary file) and PostgreSQL (a fresh schema
// per test, when WARDEN_TEST_POSTGRES_URL is set): numbers per establishment and year handed out
// once each, even to 16 threads at once; unique references; reads in scope; the timeline with the
// email a step enqueued; the list's filters (establishment, state, type, RIU overdue) and cursor.

#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Incident;
using domain::IncidentEvent;
using domain::Repositories;
using domain::Scope;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

using testing::PostgresUrl;
using testing::UniqueName;

Incident MakeIncident(const std::string& reference, const std::string& est = "MDI") {
    Incident i;
    i.reference = reference;
    i.establishment = est;
    i.wing = "A";
    i.type = domain::IncidentType::kSealTampered;
    i.handset = "T1";
    i.prisoners = {"A1111AA", "A2222BB"};
    i.discovered_at = kNow;
    i.reporter = "officer";
    i.evidence = "seal recorded S1, seal seen S2, SIM present";
    i.created_at = kNow;
    i.updated_at = kNow;
    return i;
}

class IncidentsContractTest : public ::testing::TestWithParam<Dialect> {
  protected:
    void SetUp() override {
        if (GetParam() == Dialect::kSqlite) {
            dir_ = fs::temp_directory_path() / UniqueName("warden-incidents-test-");
            fs::create_directories(dir_);
            url_ = "sqlite:" + (dir_ / "warden.db").string();
        } else {
            if (PostgresUrl().empty()) {
                GTEST_SKIP() << "set WARDEN_TEST_POSTGRES_URL (bash scripts/pg-test.sh start) to "
                                "run the PostgreSQL contract tests";
            }
            auto admin = PgConnection::Open(PostgresUrl());
            ASSERT_TRUE(admin.ok()) << admin.error().message;
            admin_ = std::move(admin).value();
            schema_ = UniqueName("warden_incidents_test_");
            ASSERT_TRUE(admin_->ExecScript("CREATE SCHEMA " + schema_).ok());
            const std::string base = PostgresUrl();
            url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
                   "options=-csearch_path%3D" + schema_;
        }
        auto store = OpenStore(url_, kMigrations, true, testing::TestSeal());
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(store).value();
        ASSERT_TRUE(
            store_
                ->Write([](Repositories& r) -> Status {
                    WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@example.org"}));
                    WARDEN_TRY(r.establishments.Add({"MDI", "Moorland", "NE", "", "", 1, {}}));
                    return r.establishments.Add({"LEI", "Leeds", "NE", "", "", 1, {}});
                })
                .ok());
    }

    void TearDown() override {
        store_.reset();
        if (admin_) (void)admin_->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        if (!dir_.empty()) {
            std::error_code ec;
            fs::remove_all(dir_, ec);
        }
    }

    fs::path dir_;
    std::string url_;
    std::string schema_;
    std::unique_ptr<PgConnection> admin_;
    std::unique_ptr<domain::Store> store_;
};

TEST_P(IncidentsContractTest, NumbersArePerEstablishmentAndYearAndARolledBackOneIsNotKept) {
    std::vector<int> got;
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        for (const auto& [est, year] : std::vector<std::pair<std::string, int>>{
                                 {"MDI", 2026}, {"MDI", 2026}, {"LEI", 2026}, {"MDI", 2027}}) {
                            WARDEN_ASSIGN_OR_RETURN(int n, r.incidents.NextNumber(est, year));
                            got.push_back(n);
                        }
                        return Ok();
                    })
                    .ok());
    EXPECT_EQ(got, (std::vector<int>{1, 2, 1, 1}));
    EXPECT_FALSE(store_
                     ->Write([&](Repositories& r) -> Status {
                         WARDEN_TRY(r.incidents.NextNumber("MDI", 2026));
                         return Error::Conflict("roll back");
                     })
                     .ok());
    int next = 0;
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(next, r.incidents.NextNumber("MDI", 2026));
                        return Ok();
                    })
                    .ok());
    EXPECT_EQ(next, 3);
}

TEST_P(IncidentsContractTest, SixteenConcurrentWritersNeverShareANumber) {
    std::mutex mutex;
    std::set<int> numbers;
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t) {
        threads.emplace_back([&] {
            for (int k = 0; k < 4; ++k) {
                int n = 0;
                Status s = store_->Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(n, r.incidents.NextNumber("MDI", 2026));
                    Incident i = MakeIncident(domain::IncidentReference("MDI", 2026, n));
                    WARDEN_TRY(r.incidents.Add(i));
                    return Ok();
                });
                ASSERT_TRUE(s.ok()) << s.error().message;
                std::lock_guard lock(mutex);
                EXPECT_TRUE(numbers.insert(n).second) << "number " << n << " handed out twice";
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(numbers.size(), 64U);
    EXPECT_EQ(*numbers.rbegin(), 64);
}

TEST_P(IncidentsContractTest, ReferencesAreUniqueReadsApplyTheScopeAndTheTimelineKeepsEmails) {
    Id id = 0;
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            id, r.incidents.Add(MakeIncident("MDI-TMPP-2026-00001")));
                        IncidentEvent e;
                        e.incident_id = id;
                        e.at = kNow;
                        e.by = "officer";
                        e.what = "DRAFTED";
                        e.detail = "Draft opened";
                        WARDEN_TRY(r.incidents.AddEvent(e));
                        e.what = "REPORTED";
                        e.outbox_id = 77;
                        WARDEN_TRY(r.incidents.AddEvent(e));
                        return Ok();
                    })
                    .ok());
    Status dup = store_->Write([&](Repositories& r) -> Status {
        WARDEN_TRY(r.incidents.Add(MakeIncident("MDI-TMPP-2026-00001")));
        return Ok();
    });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        auto got = r.incidents.Get("MDI-TMPP-2026-00001", Scope::Of({"MDI"}));
                        EXPECT_TRUE(got.ok());
                        if (!got.ok()) return Ok();
                        EXPECT_EQ(got->prisoners, (std::vector<std::string>{"A1111AA", "A2222BB"}));
                        EXPECT_EQ(got->type, domain::IncidentType::kSealTampered);
                        EXPECT_EQ(got->status, domain::IncidentStatus::kDraft);
                        EXPECT_FALSE(got->occurred_at);
                        EXPECT_EQ(got->discovered_at, kNow);
                        EXPECT_EQ(
                            r.incidents.Get("MDI-TMPP-2026-00001", Scope::Of({"LEI"})).error().code,
                            ErrorCode::kNotFound);
                        auto timeline = r.incidents.Timeline(id, Scope::National());
                        EXPECT_EQ(timeline->size(), 2U);
                        EXPECT_EQ(timeline->at(0).outbox_id, 0);
                        EXPECT_EQ(timeline->at(1).outbox_id, 77);
                        EXPECT_TRUE(r.incidents.Timeline(id, Scope::Of({"LEI"}))->empty());
                        return Ok();
                    })
                    .ok());
    Incident changed = MakeIncident("MDI-TMPP-2026-00001");
    changed.id = id;
    changed.status = domain::IncidentStatus::kReported;
    changed.reported_at = kNow + 1h;
    changed.occurred_at = kNow - 1h;
    changed.description = "TMPP: seal differs";
    changed.prisoners = {};
    changed.riu_notified_at = kNow + 2h;
    changed.closed_at = kNow + 3h;
    changed.outcome = "Advice given";
    changed.no_prisoner_reason = "Shared area";
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) {
                        return r.incidents.Update(changed, domain::IncidentStatus::kDraft);
                    })
                    .ok());
    // Stored REPORTED now: an update that read it as DRAFT (a concurrent step that lost the
    // race) is refused and changes nothing.
    Incident stale = changed;
    stale.status = domain::IncidentStatus::kNotReportable;
    stale.outcome = "lost the race";
    const Status refused = store_->Write(
        [&](Repositories& r) { return r.incidents.Update(stale, domain::IncidentStatus::kDraft); });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("MDI-TMPP-2026-00001"), std::string::npos);
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        auto got = r.incidents.Get("MDI-TMPP-2026-00001", Scope::National());
                        EXPECT_EQ(got->status, domain::IncidentStatus::kReported);
                        EXPECT_EQ(got->reported_at, kNow + 1h);
                        EXPECT_EQ(got->occurred_at, kNow - 1h);
                        EXPECT_TRUE(got->prisoners.empty());
                        EXPECT_EQ(got->description, "TMPP: seal differs");
                        EXPECT_EQ(got->riu_notified_at, kNow + 2h);
                        EXPECT_EQ(got->closed_at, kNow + 3h);
                        EXPECT_EQ(got->outcome, "Advice given");
                        EXPECT_EQ(got->no_prisoner_reason, "Shared area");
                        return Ok();
                    })
                    .ok());
}

// The list: newest first, in scope, by establishment, status and type, the RIU-overdue
// condition both ways, and the id cursor.
TEST_P(IncidentsContractTest, TheListFiltersInScopeNewestFirst) {
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        Incident a = MakeIncident("MDI-TMPP-2026-00001");
                        a.status = domain::IncidentStatus::kReported;
                        a.reported_at = kNow - 72h;
                        WARDEN_TRY(r.incidents.Add(a));
                        Incident b = MakeIncident("LEI-TMPP-2026-00001", "LEI");
                        b.type = domain::IncidentType::kLoss;
                        WARDEN_TRY(r.incidents.Add(b));
                        Incident c = MakeIncident("MDI-TMPP-2026-00002");
                        c.status = domain::IncidentStatus::kReported;
                        c.reported_at = kNow;
                        WARDEN_TRY(r.incidents.Add(c));
                        return Ok();
                    })
                    .ok());
    auto refs = [&](const domain::IncidentFilter& f, const Scope& scope) {
        std::vector<std::string> out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(auto got, r.incidents.List(f, scope));
                            for (const auto& i : got) out.push_back(i.reference);
                            return Ok();
                        })
                        .ok());
        return out;
    };
    using V = std::vector<std::string>;
    domain::IncidentFilter all;
    EXPECT_EQ(refs(all, Scope::National()),
              (V{"MDI-TMPP-2026-00002", "LEI-TMPP-2026-00001", "MDI-TMPP-2026-00001"}));
    EXPECT_EQ(refs(all, Scope::Of({"MDI"})), (V{"MDI-TMPP-2026-00002", "MDI-TMPP-2026-00001"}));
    domain::IncidentFilter lei;
    lei.establishment = "LEI";
    EXPECT_TRUE(refs(lei, Scope::Of({"MDI"})).empty());
    domain::IncidentFilter loss;
    loss.type = domain::IncidentType::kLoss;
    EXPECT_EQ(refs(loss, Scope::National()), (V{"LEI-TMPP-2026-00001"}));
    domain::IncidentFilter drafts;
    drafts.status = domain::IncidentStatus::kDraft;
    EXPECT_EQ(refs(drafts, Scope::National()), (V{"LEI-TMPP-2026-00001"}));
    domain::IncidentFilter overdue;
    overdue.riu_overdue = true;
    overdue.riu_due_before = kNow - 24h;
    EXPECT_EQ(refs(overdue, Scope::National()), (V{"MDI-TMPP-2026-00001"}));
    overdue.riu_overdue = false;
    EXPECT_EQ(refs(overdue, Scope::National()), (V{"MDI-TMPP-2026-00002", "LEI-TMPP-2026-00001"}));
    domain::IncidentFilter page;
    page.limit = 1;
    auto first = refs(page, Scope::National());
    EXPECT_EQ(first, (V{"MDI-TMPP-2026-00002"}));
    page.before_id = 3;
    page.limit = 5;
    EXPECT_EQ(refs(page, Scope::National()), (V{"LEI-TMPP-2026-00001", "MDI-TMPP-2026-00001"}));
}

// Migration 0020: sanctions (the minimum ones once per prisoner), the 48-hour "placed on report"
// condition of the overdue filter, and the tampering facts of the risk rule, read in one query in
// the scope of where each prisoner is held now (the fact follows them across transfers).
TEST_P(IncidentsContractTest, SanctionsTheReportDeadlineAndTamperingFactsThatFollowThePrisoner) {
    using domain::IncidentStatus;
    using domain::IncidentType;
    using domain::Sanction;
    using domain::SanctionKind;
    using V = std::vector<std::string>;
    auto held = [](const std::string& number, const std::string& est) {
        return std::vector<domain::Prisoner>{testing::WingAPrisoner(number, est)};
    };
    Id tampered = 0;
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        WARDEN_TRY(r.prisoners.Import("MDI", held("A1111AA", "MDI"), false, kNow));
                        // Named on an MDI incident, held at LEI now.
                        WARDEN_TRY(r.prisoners.Import("LEI", held("A2222BB", "LEI"), false, kNow));
                        Incident i = MakeIncident("MDI-TMPP-2026-00001");
                        i.status = IncidentStatus::kReported;
                        WARDEN_ASSIGN_OR_RETURN(tampered, r.incidents.Add(i));
                        Incident draft = MakeIncident("MDI-TMPP-2026-00002");
                        draft.type = IncidentType::kSimTampered;
                        WARDEN_TRY(r.incidents.Add(draft));
                        Incident misuse = MakeIncident("MDI-TMPP-2026-00003");
                        misuse.type = IncidentType::kMisuse;
                        misuse.status = IncidentStatus::kClosed;
                        WARDEN_TRY(r.incidents.Add(misuse));
                        // Added with nobody, then updated: the prisoners follow Update.
                        Incident later = MakeIncident("MDI-TMPP-2026-00004");
                        later.type = IncidentType::kSimTampered;
                        later.prisoners.clear();
                        WARDEN_ASSIGN_OR_RETURN(later.id, r.incidents.Add(later));
                        later.prisoners = {"A1111AA"};
                        later.status = IncidentStatus::kClosed;
                        return r.incidents.Update(later, IncidentStatus::kDraft);
                    })
                    .ok());
    auto facts = [&](const Scope& scope) {
        V out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(auto found, r.incidents.TamperingFacts(scope));
                            for (const auto& f : found) {
                                out.push_back(f.prison_number + " " + f.reference);
                            }
                            return Ok();
                        })
                        .ok());
        return out;
    };
    EXPECT_EQ(facts(Scope::National()),
              (V{"A1111AA MDI-TMPP-2026-00001", "A1111AA MDI-TMPP-2026-00004",
                 "A2222BB MDI-TMPP-2026-00001"}));
    EXPECT_EQ(facts(Scope::Of({"LEI"})), (V{"A2222BB MDI-TMPP-2026-00001"}));
    EXPECT_EQ(facts(Scope::Of({"MDI"})).size(), 2U);

    auto sanction = [&](const std::string& number, SanctionKind kind) {
        Sanction x;
        x.incident_id = tampered;
        x.prison_number = number;
        x.kind = kind;
        x.reference = kind == SanctionKind::kPlacedOnReport ? "MDI-000123" : "";
        x.description = kind == SanctionKind::kOther ? "Loss of association" : "";
        x.recorded_by = "security";
        x.recorded_at = kNow;
        return store_->Write([&](Repositories& r) -> Status {
            WARDEN_TRY(r.incidents.AddSanction(x));
            return Ok();
        });
    };
    EXPECT_TRUE(sanction("A1111AA", SanctionKind::kWithdrawal).ok());
    EXPECT_EQ(sanction("A1111AA", SanctionKind::kWithdrawal).error().code, ErrorCode::kConflict);
    EXPECT_TRUE(sanction("A1111AA", SanctionKind::kOther).ok());
    EXPECT_TRUE(sanction("A1111AA", SanctionKind::kOther).ok()) << "other sanctions repeat";
    EXPECT_TRUE(sanction("A1111AA", SanctionKind::kPlacedOnReport).ok());

    auto overdue = [&]() {
        V out;
        domain::IncidentFilter f;
        f.riu_overdue = true;
        f.riu_due_before = kNow - 48h;  // no RIU notification is late
        f.report_due_before = kNow + 1h;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(auto found,
                                                    r.incidents.List(f, Scope::National()));
                            for (const auto& i : found) out.push_back(i.reference);
                            return Ok();
                        })
                        .ok());
        return out;
    };
    EXPECT_EQ(overdue(), (V{"MDI-TMPP-2026-00001"})) << "A2222BB is not placed on report";
    EXPECT_TRUE(sanction("A2222BB", SanctionKind::kPlacedOnReport).ok());
    EXPECT_TRUE(overdue().empty());

    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            auto mine, r.incidents.Sanctions({tampered}, Scope::Of({"MDI"})));
                        EXPECT_EQ(mine.size(), 5U);
                        EXPECT_EQ(mine.at(0).kind, SanctionKind::kWithdrawal);
                        EXPECT_EQ(mine.at(2).description, "Loss of association");
                        EXPECT_EQ(mine.at(3).reference, "MDI-000123");
                        EXPECT_EQ(mine.at(0).recorded_at, kNow);
                        WARDEN_ASSIGN_OR_RETURN(
                            auto theirs, r.incidents.Sanctions({tampered}, Scope::Of({"LEI"})));
                        EXPECT_TRUE(theirs.empty());
                        return Ok();
                    })
                    .ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentsContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
