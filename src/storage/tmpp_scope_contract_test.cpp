// The TMPP repositories put the caller's Scope into the SQL, on SQLite (a temporary file) and
// PostgreSQL (a fresh schema per test, when WARDEN_TEST_POSTGRES_URL is set): every scoped read
// finds the row for a scope that includes its establishment (and for National) and nothing for
// a scope that excludes it. Rows about a prisoner are scoped by their own establishment: they stay
// with the establishment that recorded them when the prisoner is transferred.

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::AccessState;
using domain::Prisoner;
using domain::Repositories;
using domain::RiskBand;
using domain::Scope;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;
const std::string kNumber = "A0001AA";
// The stored MDI phase table's last phase carries this AMBER condition (the default does not).
const std::vector<std::string> kMarker = {"SCOPED"};

using testing::PostgresUrl;
using testing::UniqueName;

Prisoner MakePrisoner(const std::string& establishment) {
    Prisoner p;
    p.prison_number = kNumber;
    p.first_name = "Ann";
    p.last_name = "One";
    p.date_of_birth = "1990-05-01";
    p.establishment = establishment;
    p.wing = "A";
    p.cell = "A-1-001";
    p.legal_status = domain::LegalStatus::kSentenced;
    p.security_category = domain::SecurityCategory::kC;
    return p;
}

// How many rows each scoped read found (the access record counts when not NONE, the phase table
// when it is the stored one).
struct Found {
    int access, open, queue, timeline, needs, versions, signatures, recommendation, decision,
        decisions_at, expired, phase_table, active_grant, grants_at, ended, wing_list;
};

/// A migrated database holding one MDI prisoner with a row of every TMPP kind.
class TmppScopeContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("tmpp_scope");
        if (IsSkipped() || HasFatalFailure()) return;
        Seed();
    }

    /// Runs `fn` in a Read and returns its result.
    template <typename Fn>
    auto InRead(Fn&& fn) {
        using R = std::invoke_result_t<Fn, Repositories&>;
        std::optional<R> out;
        Status s = store_->Read([&](Repositories& r) -> Status {
            out.emplace(fn(r));
            return out->ok() ? Ok() : Status(out->error());
        });
        if (!out) return R(s.error());
        return std::move(*out);
    }

    Status Write(const std::function<Status(Repositories&)>& work) { return store_->Write(work); }

    // MDI and LEI; prisoner A0001AA at MDI (wing A) with an access record, an event, a need, a
    // compact version and signature, a recommendation, an expired decision, a phase table, an
    // active and an ended grant, and a published wing list.
    void Seed() {
        ASSERT_TRUE(
            Write([](Repositories& r) -> Status {
                WARDEN_TRY(r.regions.Add({"YORKS", "Yorkshire", "riu@yorks.example"}));
                WARDEN_TRY(r.establishments.Add(
                    {"MDI", "HMP Moorland", "YORKS", "spoc@mdi", "sec@mdi", 1, {}}));
                WARDEN_TRY(r.establishments.Add(
                    {"LEI", "HMP Leeds", "YORKS", "spoc@lei", "sec@lei", 1, {}}));
                WARDEN_TRY(r.establishments.EnsureLocation(
                    {"MDI", "A", domain::LocationKind::kStandard, 0}));
                WARDEN_TRY(r.establishments.EnsureLocation(
                    {"LEI", "A", domain::LocationKind::kStandard, 0}));
                WARDEN_TRY(r.prisoners.Import("MDI", {MakePrisoner("MDI")}, true, kNow));
                WARDEN_TRY(r.access.PutAccess({kNumber, "MDI", AccessState::kGranted, kNow, 0}));
                WARDEN_TRY(
                    r.access.AddEvent({0, kNumber, kNow, "sec", "need.recorded", "", "MDI"}));
                WARDEN_TRY(r.needs.AddNeed(
                    {0, kNumber, "MDI", domain::NeedKind::kOther, "", "sec", kNow}));
                WARDEN_TRY(r.compacts.AddCompactVersion({"MDI", 1, "One", false, "sec", kNow}));
                WARDEN_TRY(r.compacts.AddSignature(
                    {0, kNumber, "MDI", 1, "2026-11-22", "witness", "sec", kNow}));
                domain::StoredRecommendation rec;
                rec.prison_number = kNumber;
                rec.establishment = "MDI";
                rec.assessed_at = kNow;
                rec.assessed_by = "sec";
                rec.recommendation.rules_version = "v1";
                WARDEN_TRY(r.risk.AddRecommendations({rec}));
                domain::RiskDecision d;
                d.prison_number = kNumber;
                d.establishment = "MDI";
                d.band = RiskBand::kGreen;
                d.decided_by = "sec";
                d.decided_at = kNow - 100 * 24h;
                d.expires_at = kNow - 1h;
                WARDEN_TRY(r.risk.PutDecision(d));
                auto table = domain::DefaultPhaseTable();
                table.back().amber_conditions = kMarker;
                WARDEN_TRY(r.phases.PutPhaseTable("MDI", table));
                domain::Grant g;
                g.prison_number = kNumber;
                g.establishment = "MDI";
                g.phase = 1;
                g.band = RiskBand::kGreen;
                g.review_on = "2027-01-01";
                g.granted_by = "sec";
                g.granted_at = kNow;
                g.active = false;
                g.ended_at = kNow + 1h;
                WARDEN_TRY(r.grants.AddGrant(g));
                g.active = true;
                g.ended_at.reset();
                WARDEN_TRY(r.grants.AddGrant(g));
                domain::WingList list;
                list.establishment = "MDI";
                list.wing = "A";
                list.version = 1;
                list.published_by = "sec";
                list.published_at = kNow;
                list.entries = {{kNumber, "Ann", "One", "A-1-001", RiskBand::kGreen, {}, ""}};
                return r.wing_lists.AddWingList(list);
            }).ok());
    }

    // How many rows each scoped read finds in `scope`.
    Found Count(const Scope& scope) {
        Found f{};
        auto count = InRead([&](Repositories& r) -> Result<Found> {
            Found out{};
            WARDEN_ASSIGN_OR_RETURN(auto access, r.access.GetAccess(kNumber, scope));
            out.access = access.state == AccessState::kNone ? 0 : 1;
            WARDEN_ASSIGN_OR_RETURN(auto open, r.access.OpenAccessAt("MDI", scope));
            out.open = static_cast<int>(open.size());
            WARDEN_ASSIGN_OR_RETURN(auto queue, r.access.QueueAt("MDI", scope));
            out.queue = static_cast<int>(queue.size());
            WARDEN_ASSIGN_OR_RETURN(auto timeline, r.access.Timeline(kNumber, scope));
            out.timeline = static_cast<int>(timeline.size());
            WARDEN_ASSIGN_OR_RETURN(auto needs, r.needs.NeedsOf(kNumber, scope));
            out.needs = static_cast<int>(needs.size());
            WARDEN_ASSIGN_OR_RETURN(auto versions, r.compacts.CompactVersions("MDI", scope));
            out.versions = static_cast<int>(versions.size());
            WARDEN_ASSIGN_OR_RETURN(auto signatures, r.compacts.SignaturesOf(kNumber, scope));
            out.signatures = static_cast<int>(signatures.size());
            WARDEN_ASSIGN_OR_RETURN(auto rec, r.risk.LatestRecommendation(kNumber, scope));
            out.recommendation = rec ? 1 : 0;
            WARDEN_ASSIGN_OR_RETURN(auto decision, r.risk.GetDecision(kNumber, scope));
            out.decision = decision ? 1 : 0;
            WARDEN_ASSIGN_OR_RETURN(auto at, r.risk.DecisionsAt("MDI", scope));
            out.decisions_at = static_cast<int>(at.size());
            WARDEN_ASSIGN_OR_RETURN(auto expired, r.risk.DecisionsExpiredBy(kNow, 10, scope));
            out.expired = static_cast<int>(expired.size());
            WARDEN_ASSIGN_OR_RETURN(auto table, r.phases.PhaseTable("MDI", scope));
            out.phase_table = table.back().amber_conditions == kMarker ? 1 : 0;
            WARDEN_ASSIGN_OR_RETURN(auto grant, r.grants.ActiveGrant(kNumber, scope));
            out.active_grant = grant ? 1 : 0;
            WARDEN_ASSIGN_OR_RETURN(auto grants, r.grants.ActiveGrantsAt("MDI", scope));
            out.grants_at = static_cast<int>(grants.size());
            WARDEN_ASSIGN_OR_RETURN(auto ended, r.grants.EndedSince("MDI", "A", kNow, scope));
            out.ended = static_cast<int>(ended.size());
            WARDEN_ASSIGN_OR_RETURN(auto list, r.wing_lists.LatestWingList("MDI", "A", scope));
            out.wing_list = list ? 1 : 0;
            return out;
        });
        EXPECT_TRUE(count.ok()) << count.error().message;
        if (count.ok()) f = *count;
        return f;
    }
};

// Expects each scoped read to have found `n` rows in `scope`.
void ExpectFound(const Found& f, const char* scope, int n) {
    const std::pair<const char*, int> reads[] = {
        {"GetAccess", f.access},
        {"OpenAccessAt", f.open},
        {"QueueAt", f.queue},
        {"Timeline", f.timeline},
        {"NeedsOf", f.needs},
        {"CompactVersions", f.versions},
        {"SignaturesOf", f.signatures},
        {"LatestRecommendation", f.recommendation},
        {"GetDecision", f.decision},
        {"DecisionsAt", f.decisions_at},
        {"DecisionsExpiredBy", f.expired},
        {"PhaseTable", f.phase_table},
        {"ActiveGrant", f.active_grant},
        {"ActiveGrantsAt", f.grants_at},
        {"EndedSince", f.ended},
        {"LatestWingList", f.wing_list},
    };
    for (const auto& [read, found] : reads) EXPECT_EQ(found, n) << read << " in " << scope;
}

TEST_P(TmppScopeContractTest, EveryScopedReadFindsTheRowOnlyInAScopeThatIncludesIt) {
    ExpectFound(Count(Scope::National()), "National", 1);
    ExpectFound(Count(Scope::Of({"MDI"})), "MDI", 1);
    ExpectFound(Count(Scope::Of({"LEI", "MDI"})), "LEI+MDI", 1);
    ExpectFound(Count(Scope::Of({"LEI"})), "LEI", 0);
    ExpectFound(Count(Scope::Of({})), "nothing", 0);
}

TEST_P(TmppScopeContractTest, RowsAboutAPrisonerStayWithTheirEstablishmentOnATransfer) {
    // A full import at LEI moves the prisoner (a transfer in, reported); the rows stored at MDI
    // stay MDI's: LEI reads none of them, MDI still reads them all.
    std::vector<domain::TransferIn> transfers;
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    auto moved = r.prisoners.Import("LEI", {MakePrisoner("LEI")}, true, kNow + 1h);
                    if (!moved.ok()) return moved.error();
                    transfers = moved->transferred_in;
                    return Ok();
                }).ok());
    ASSERT_EQ(transfers.size(), 1U);
    EXPECT_EQ(transfers[0].prison_number, kNumber);
    EXPECT_EQ(transfers[0].from, "MDI");
    ExpectFound(Count(Scope::Of({"LEI"})), "LEI after the transfer", 0);
    const Found mdi = Count(Scope::Of({"MDI"}));
    EXPECT_EQ(mdi.access + mdi.timeline + mdi.needs + mdi.signatures + mdi.recommendation +
                  mdi.decision + mdi.active_grant + mdi.decisions_at + mdi.expired + mdi.ended,
              10);
    EXPECT_EQ(mdi.queue, 0);  // the prisoner is no longer at MDI
    // LEI's queue shows the prisoner with nothing of MDI's: no state, needs, decision or grant.
    auto queue =
        InRead([](Repositories& r) { return r.access.QueueAt("LEI", Scope::Of({"LEI"})); });
    ASSERT_TRUE(queue.ok()) << queue.error().message;
    ASSERT_EQ(queue->size(), 1U);
    const auto& entry = queue->front();
    EXPECT_EQ(entry.state, AccessState::kNone);
    EXPECT_TRUE(entry.needs.empty());
    EXPECT_FALSE(entry.recommendation.has_value());
    EXPECT_FALSE(entry.decision.has_value());
    EXPECT_FALSE(entry.grant.has_value());
}

TEST_P(TmppScopeContractTest, TheNewEstablishmentsRecordAndDecisionDoNotReplaceTheOldOnes) {
    // After a transfer LEI records access and decides: MDI's access record and decision (with
    // its reason) stay as they were, each read in its own establishment's scope.
    ASSERT_TRUE(
        Write([](Repositories& r) -> Status {
            auto moved = r.prisoners.Import("LEI", {MakePrisoner("LEI")}, true, kNow + 1h);
            if (!moved.ok()) return moved.error();
            WARDEN_TRY(r.access.PutAccess({kNumber, "LEI", AccessState::kRequested, kNow + 2h, 0}));
            domain::RiskDecision d;
            d.prison_number = kNumber;
            d.establishment = "LEI";
            d.band = RiskBand::kRed;
            d.reason = "LEI's reason";
            d.decided_by = "lei-sec";
            d.decided_at = kNow + 2h;
            d.expires_at = kNow + 90 * 24h;
            return r.risk.PutDecision(d);
        }).ok());
    for (const auto& [code, state, band] :
         std::vector<std::tuple<std::string, AccessState, RiskBand>>{
             {"MDI", AccessState::kGranted, RiskBand::kGreen},
             {"LEI", AccessState::kRequested, RiskBand::kRed}}) {
        auto access =
            InRead([&](Repositories& r) { return r.access.GetAccess(kNumber, Scope::Of({code})); });
        ASSERT_TRUE(access.ok()) << access.error().message;
        EXPECT_EQ(access->establishment, code);
        EXPECT_EQ(access->state, state) << code;
        auto decision =
            InRead([&](Repositories& r) { return r.risk.GetDecision(kNumber, Scope::Of({code})); });
        ASSERT_TRUE(decision.ok() && decision->has_value()) << code;
        EXPECT_EQ((*decision)->band, band) << code;
    }
    // A scope over both reads the latest (LEI's); each establishment's decisions list keeps its
    // own.
    auto both = InRead([](Repositories& r) {
        return r.access.GetAccess(kNumber, Scope::Of({"LEI", "MDI"}));
    });
    ASSERT_TRUE(both.ok());
    EXPECT_EQ(both->establishment, "LEI");
    auto at_mdi =
        InRead([](Repositories& r) { return r.risk.DecisionsAt("MDI", Scope::Of({"MDI"})); });
    ASSERT_TRUE(at_mdi.ok());
    ASSERT_EQ(at_mdi->size(), 1U);
    EXPECT_EQ(at_mdi->front().band, RiskBand::kGreen);
}

TEST_P(TmppScopeContractTest, APrisonerGoneElsewhereIsNotATransferIn) {
    std::vector<domain::TransferIn> transfers{{"x", "y"}};
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    Prisoner other = MakePrisoner("MDI");
                    other.prison_number = "A0002AA";
                    auto gone =
                        r.prisoners.Import("MDI", {other}, true, kNow + 1h);  // A0001AA gone
                    if (!gone.ok()) return gone.error();
                    auto moved = r.prisoners.Import("LEI", {MakePrisoner("LEI")}, true, kNow + 2h);
                    if (!moved.ok()) return moved.error();
                    transfers = moved->transferred_in;
                    return moved->updated == 1 ? Ok() : Error::Internal("not updated");
                }).ok());
    EXPECT_TRUE(transfers.empty());
}

TEST_P(TmppScopeContractTest, RowsAreScopedByTheirOwnEstablishmentWithNoPrisonerStored) {
    ASSERT_TRUE(Write([](Repositories& r) -> Status {
                    domain::RiskDecision d;
                    d.prison_number = "Z9999ZZ";
                    d.establishment = "MDI";
                    d.band = RiskBand::kGreen;
                    d.decided_by = "sec";
                    d.decided_at = kNow;
                    d.expires_at = kNow + 24h;
                    return r.risk.PutDecision(d);
                }).ok());
    for (const auto& [scope, found] : std::vector<std::pair<Scope, bool>>{
             {Scope::National(), true}, {Scope::Of({"MDI"}), true}, {Scope::Of({"LEI"}), false}}) {
        auto decision =
            InRead([&](Repositories& r) { return r.risk.GetDecision("Z9999ZZ", scope); });
        ASSERT_TRUE(decision.ok()) << decision.error().message;
        EXPECT_EQ(decision->has_value(), found);
    }
}

TEST_P(TmppScopeContractTest, PhaseChangesKeepTheirReasonAndAreReadInScope) {
    ASSERT_TRUE(
        Write([](Repositories& r) -> Status {
            WARDEN_TRY(r.phases.AddPhaseChange(
                {0, "MDI", kNow, "sec", 1, 2, "Phones fixed on \"A\" wing; tab\there"}));
            WARDEN_TRY(r.phases.AddPhaseChange({0, "MDI", kNow + 1h, "sec2", 2, 3, "Outbreak"}));
            return Ok();
        }).ok());
    auto mdi =
        InRead([](Repositories& r) { return r.phases.PhaseHistory("MDI", Scope::Of({"MDI"})); });
    ASSERT_TRUE(mdi.ok()) << mdi.error().message;
    ASSERT_EQ(mdi->size(), 2U);
    EXPECT_EQ((*mdi)[0].to, 3);  // newest first
    EXPECT_EQ((*mdi)[0].by, "sec2");
    EXPECT_EQ((*mdi)[1].from, 1);
    EXPECT_EQ((*mdi)[1].to, 2);
    EXPECT_EQ((*mdi)[1].at, kNow);
    EXPECT_EQ((*mdi)[1].reason, "Phones fixed on \"A\" wing; tab\there");
    EXPECT_GT((*mdi)[0].id, (*mdi)[1].id);
    auto lei =
        InRead([](Repositories& r) { return r.phases.PhaseHistory("MDI", Scope::Of({"LEI"})); });
    ASSERT_TRUE(lei.ok()) << lei.error().message;
    EXPECT_TRUE(lei->empty());
    auto national =
        InRead([](Repositories& r) { return r.phases.PhaseHistory("MDI", Scope::National()); });
    ASSERT_TRUE(national.ok()) << national.error().message;
    EXPECT_EQ(national->size(), 2U);
}

INSTANTIATE_TEST_SUITE_P(Backends, TmppScopeContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
