#include "domain/tmpp/handsets/stocktake.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/handsets/handset_service.hpp"
#include "domain/tmpp/handsets/stocktake_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Handset H(const std::string& tag, HandsetStatus status, const std::string& seal = "S1") {
    Handset h;
    h.tag = tag;
    h.seal = seal;
    h.establishment = "MDI";
    h.home_wing = "A";
    h.status = status;
    return h;
}

std::vector<std::string> Messages(const std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.field + ": " + e.message);
    return out;
}

TEST(ParseStocktakeLines, ReadsTagsAndSealsOneALineAndCountsADoubleScanOnce) {
    std::vector<StocktakeSeen> seen;
    auto errors = ParseStocktakeLines("t1\r\n\n  T2   s0002 \nT3,S3\nT1\nt2 S0002\n", seen);
    EXPECT_TRUE(errors.empty()) << Messages(errors).front();
    ASSERT_EQ(seen.size(), 3U);
    EXPECT_EQ(seen[0].tag, "T1");
    EXPECT_EQ(seen[0].seal, "");
    EXPECT_EQ(seen[1].tag, "T2");
    EXPECT_EQ(seen[1].seal, "S0002");
    EXPECT_EQ(seen[2].seal, "S3");
    // A line of separators only (a scanner's stray comma) is blank, not a crash.
    errors = ParseStocktakeLines("T1 S1\n,\n;\n , ;\t\nT2\n", seen);
    EXPECT_TRUE(errors.empty()) << Messages(errors).front();
    EXPECT_EQ(seen.size(), 2U);
    EXPECT_EQ(Messages(ParseStocktakeLines(",\n;\n", seen)),
              std::vector<std::string>{"seen: Scan or type at least one asset tag, one a line"});
}

TEST(ParseStocktakeLines, EveryBadLineIsNamedAndNothingIsKept) {
    std::vector<StocktakeSeen> seen;
    auto errors = ParseStocktakeLines("T1 S1\nT 2 S2\nT#3\nT4 S*\nT1 S9\n", seen);
    EXPECT_TRUE(seen.empty());
    EXPECT_EQ(Messages(errors),
              (std::vector<std::string>{
                  "seen: Line 2: \"T 2 S2\" has more than a tag and a seal number",
                  "seen: Line 3: \"T#3\": The asset tag must be 1 to 20 letters, digits or "
                  "hyphens",
                  "seen: Line 4: seal \"S*\" of T4: The seal number must be 1 to 20 letters, "
                  "digits or hyphens",
                  "seen: Line 5: T1 was read with seal S9, but line 1 read it with seal S1: check "
                  "the seal and scan it once"}));
    EXPECT_EQ(Messages(ParseStocktakeLines(" \n\n", seen)),
              std::vector<std::string>{"seen: Scan or type at least one asset tag, one a line"});
}

TEST(CheckStocktakeSeen, NamesTheEntryAndDeduplicates) {
    std::vector<StocktakeSeen> seen = {{" t1 ", "s1"}, {"", "S2"}, {"T3", "bad seal"}, {"T1", ""}};
    auto errors = CheckStocktakeSeen(seen);
    ASSERT_EQ(errors.size(), 2U);
    EXPECT_EQ(errors[0].field, "seen[1].tag");
    EXPECT_EQ(errors[1].field, "seen[2].seal");
    std::vector<StocktakeSeen> ok = {{"t1", "s1"}, {"T1", ""}, {"T2", ""}};
    EXPECT_TRUE(CheckStocktakeSeen(ok).empty());
    ASSERT_EQ(ok.size(), 2U);
    EXPECT_EQ(ok[0].seal, "S1");
    std::vector<StocktakeSeen> clash = {{"T1", "S1"}, {"T1", "S2"}};
    EXPECT_EQ(CheckStocktakeSeen(clash).at(0).field, "seen[1].seal");
    std::vector<StocktakeSeen> none;
    EXPECT_EQ(CheckStocktakeSeen(none).at(0).field, "seen");
}

TEST(DecideStocktake, FindsMissingUnknownMismatchesAndHandsetsOut) {
    Handset out = H("T4", HandsetStatus::kIssued);
    out.issued_to = "A1111AA";
    out.issued_at = kNow;
    const std::vector<Handset> reg = {
        H("T1", HandsetStatus::kAvailable),   H("T2", HandsetStatus::kDamaged),
        H("T3", HandsetStatus::kQuarantined), out,
        H("T5", HandsetStatus::kLost),        H("T6", HandsetStatus::kRetired),
        H("T7", HandsetStatus::kAvailable),   H("T8", HandsetStatus::kQuarantined)};
    const std::vector<StocktakeSeen> seen = {{"T1", "S1"}, {"T2", "S9"}, {"T8", "S7"},
                                             {"T7", ""},   {"X1", "S1"}, {"T5", "S5"}};
    auto plan = DecideStocktake(reg, seen);
    std::vector<std::string> got;
    for (const auto& i : plan.items) {
        got.push_back(i.tag + " " + std::string(StocktakeFindingName(i.finding)) +
                      (StocktakeChangesHandset(i) ? " changes" : "") + " " +
                      StocktakeStatusAfter(i));
    }
    // A LOST handset seen with another seal (T5) is listed and left LOST, as a QUARANTINED one.
    EXPECT_EQ(got, (std::vector<std::string>{
                       "T1 SEEN AVAILABLE", "T2 SEAL_MISMATCH changes QUARANTINED",
                       "T3 MISSING changes LOST", "T4 OUT ISSUED", "T5 SEAL_MISMATCH LOST",
                       "T7 SEEN AVAILABLE", "T8 SEAL_MISMATCH QUARANTINED", "X1 UNKNOWN "}));
    EXPECT_EQ(plan.items[3].prisoner, "A1111AA");
    EXPECT_EQ(plan.items[4].seal_seen, "S5");
    EXPECT_EQ(StocktakeEvidence(plan.items[1]), "stocktake: seal recorded S1, seal seen S9");
    EXPECT_EQ(StocktakeEvidence(plan.items[2]),
              "stocktake: not seen, register status QUARANTINED, seal recorded S1");
    // T7 was listed by its tag alone: seen, but its seal is not checked, nor counted as matched.
    Stocktake kept;
    kept.items = plan.items;
    EXPECT_TRUE(SealMatched(plan.items[0]));
    EXPECT_TRUE(SealNotChecked(plan.items[5]));
    EXPECT_FALSE(SealMatched(plan.items[5]));
    EXPECT_EQ(kept.MatchedCount(), 1);
    ASSERT_EQ(kept.SealsNotChecked().size(), 1U);
    EXPECT_EQ(kept.SealsNotChecked().front().tag, "T7");
}

class StocktakeServiceTest : public ::testing::Test {
  protected:
    StocktakeServiceTest() : clock_(kNow), handsets_(store_, clock_), stocktakes_(store_, clock_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.establishments["LEI"] = {"LEI", "Leeds", "NE", "", "", 1, {}};
        s.locations[{"MDI", "A"}] = Location{"MDI", "A", LocationKind::kStandard, 0};
        for (const auto& [tag, imei, iccid] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"T1", "490154203237518", "8944100000000000018"},
                 {"T2", "356938035643809", "8944100000000000026"},
                 {"T3", "864321050000004", "8944100000000000034"}}) {
            auto h = handsets_.Add(spoc_, "MDI",
                                   {tag, imei, "Nokia 105", iccid, "07700900123", "S1", "A"});
            EXPECT_TRUE(h.ok()) << h.error().message;
        }
    }

    InMemoryStore store_;
    FixedClock clock_;
    HandsetService handsets_;
    StocktakeService stocktakes_;
    Actor spoc_{1, "spoc", {Role::kTmppSpoc}, {"MDI"}, "test"};
    Actor officer_{2, "officer", {Role::kWingOfficer}, {"MDI"}, "test"};
};

TEST_F(StocktakeServiceTest, MissingBecomeLostMismatchesQuarantinedEachWithADraft) {
    auto taken = stocktakes_.Take(spoc_, "mdi", {{"T1", "S1"}, {"T2", "S2"}, {"ZZ1", ""}});
    ASSERT_TRUE(taken.ok()) << taken.error().message;
    EXPECT_EQ(taken->taken_by, "spoc");
    EXPECT_EQ(taken->taken_at, kNow);
    EXPECT_EQ(taken->seen_count, 3);
    auto missing = taken->Of(StocktakeFinding::kMissing);
    ASSERT_EQ(missing.size(), 1U);
    EXPECT_EQ(missing[0].tag, "T3");
    EXPECT_EQ(missing[0].incident, "MDI-TMPP-2026-00002");
    auto mismatch = taken->Of(StocktakeFinding::kSealMismatch);
    ASSERT_EQ(mismatch.size(), 1U);
    EXPECT_EQ(mismatch[0].incident, "MDI-TMPP-2026-00001");
    EXPECT_EQ(taken->Of(StocktakeFinding::kUnknown).at(0).tag, "ZZ1");
    EXPECT_EQ(handsets_.Get(officer_, "T3")->handset.status, HandsetStatus::kLost);
    EXPECT_EQ(handsets_.Get(officer_, "T2")->handset.status, HandsetStatus::kQuarantined);
    EXPECT_EQ(handsets_.Get(officer_, "T1")->handset.status, HandsetStatus::kAvailable);
    ASSERT_EQ(store_.state.incidents.incidents.size(), 2U);
    const Incident& seal = store_.state.incidents.incidents.at(1);
    EXPECT_EQ(seal.type, IncidentType::kSealTampered);
    EXPECT_EQ(seal.status, IncidentStatus::kDraft);
    EXPECT_EQ(seal.handset, "T2");
    EXPECT_EQ(seal.evidence, "stocktake: seal recorded S1, seal seen S2");
    EXPECT_EQ(store_.state.incidents.incidents.at(2).type, IncidentType::kLoss);
    ASSERT_EQ(store_.AuditOf("handsets.stocktake").size(), 1U);
    const std::string detail = store_.AuditOf("handsets.stocktake").front().detail;
    EXPECT_NE(detail.find("missing=1"), std::string::npos) << detail;
    EXPECT_NE(detail.find("seal_mismatches=1"), std::string::npos) << detail;
    EXPECT_EQ(store_.AuditOf("handsets.stocktake.lost").size(), 1U);
    EXPECT_EQ(store_.AuditOf("handsets.stocktake.quarantine").size(), 1U);
    EXPECT_EQ(store_.AuditOf("incidents.draft").size(), 2U);
    EXPECT_EQ(handsets_.Get(officer_, "T3")->timeline.back().what, "LOST");

    // A second stocktake: T3 is LOST (not missing again), T2 QUARANTINED (no second draft).
    clock_.Set(kNow + hours{1});
    auto second = stocktakes_.Take(spoc_, "MDI", {{"T1", ""}, {"T2", "S2"}});
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_TRUE(second->Of(StocktakeFinding::kMissing).empty());
    EXPECT_EQ(second->Of(StocktakeFinding::kSealMismatch).at(0).incident, "");
    EXPECT_EQ(store_.state.incidents.incidents.size(), 2U);

    auto list = stocktakes_.List(officer_, "MDI");
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2U);
    EXPECT_EQ(list->at(0).id, second->id);
    EXPECT_EQ(stocktakes_.Get(officer_, "MDI", taken->id)->items.size(), taken->items.size());
    EXPECT_EQ(stocktakes_.Get(officer_, "LEI", taken->id).error().code, ErrorCode::kNotFound);
    // Stocktakes name who held handsets out: every read is audited, a refused one is not.
    const auto lists = store_.AuditOf("handsets.stocktakes.read");
    ASSERT_EQ(lists.size(), 1U);
    EXPECT_EQ(lists[0].subject, "establishment:MDI");
    EXPECT_EQ(lists[0].detail, "count=2");
    const auto reads = store_.AuditOf("handsets.stocktake.read");
    ASSERT_EQ(reads.size(), 1U);
    EXPECT_EQ(reads[0].subject, "stocktake:" + std::to_string(taken->id));
}

TEST_F(StocktakeServiceTest, OnlyTheSpocOfTheEstablishmentAndBadEntriesChangeNothing) {
    EXPECT_EQ(stocktakes_.Take(officer_, "MDI", {{"T1", "S1"}}).error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(stocktakes_.Take(spoc_, "LEI", {{"T1", "S1"}}).error().code, ErrorCode::kNotFound);
    auto bad = stocktakes_.Take(spoc_, "MDI", {{"T1", "S1"}, {"T#2", ""}});
    ASSERT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(bad.error().fields.at(0).field, "seen[1].tag");
    EXPECT_TRUE(store_.state.incidents.incidents.empty());
    EXPECT_TRUE(store_.state.handsets.stocktakes.empty());
    EXPECT_EQ(handsets_.Get(officer_, "T3")->handset.status, HandsetStatus::kAvailable);
}

}  // namespace
}  // namespace warden::domain
