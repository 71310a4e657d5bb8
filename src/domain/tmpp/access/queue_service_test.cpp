#include "domain/tmpp/access/queue_service.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Prisoner MakePrisoner(const std::string& number, const std::string& last,
                      const std::string& wing = "A", std::vector<std::string> alerts = {}) {
    Prisoner p;
    p.prison_number = number;
    p.first_name = "John";
    p.last_name = last;
    p.date_of_birth = "1990-05-01";
    p.establishment = number[0] == 'L' ? "LEI" : "MDI";
    p.wing = wing;
    p.cell = wing + "-1-001";
    p.legal_status = LegalStatus::kSentenced;
    p.security_category = SecurityCategory::kC;
    p.alerts = std::move(alerts);
    return p;
}

Actor MakeActor(const std::string& name, Role role) {
    Actor a;
    a.user_id = 1;
    a.username = name;
    a.roles = {role};
    a.caseload = {"MDI"};
    a.source = "test";
    return a;
}

class QueueServiceTest : public ::testing::Test {
  protected:
    QueueServiceTest()
        : clock_(kNow),
          rules_(store_, clock_),
          access_(store_, clock_, rules_),
          queue_(store_, clock_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.establishments["LEI"] = {"LEI", "Leeds", "NE", "", "", 1, {}};
        for (const auto& [est, wing] : std::vector<std::pair<std::string, std::string>>{
                 {"MDI", "A"}, {"MDI", "B"}, {"LEI", "A"}}) {
            s.locations[{est, wing}] = Location{est, wing, LocationKind::kStandard, 0};
        }
        for (const auto& p :
             {MakePrisoner("A1111AA", "Smith"), MakePrisoner("A2222BB", "Adams", "A", {"XOCGN"}),
              MakePrisoner("A3333CC", "Jones", "B", {"XEL"}), MakePrisoner("L1111AA", "Leeds")}) {
            s.prisoners[p.prison_number] = p;
        }
    }

    // A GREEN grant for A1111AA in phase 1.
    void Grant() {
        ASSERT_TRUE(access_.RecordNeed(security_, "A1111AA", "ISOLATING", ""));
        ASSERT_TRUE(access_.AddCompactVersion(security_, "MDI", "I agree.", false));
        ASSERT_TRUE(access_.RecordCompact(security_, "A1111AA", 1, "2026-11-21", "Officer"));
        ASSERT_TRUE(access_.AssessEstablishment(security_, "MDI"));
        ASSERT_TRUE(access_.Decide(security_, "A1111AA", "GREEN", ""));
        ASSERT_TRUE(access_.GrantAccess(security_, "A1111AA", {}, ""));
    }

    static std::vector<std::string> Numbers(const QueuePage& page) {
        std::vector<std::string> out;
        for (const auto& r : page.rows) out.push_back(r.prisoner.prison_number);
        return out;
    }

    InMemoryStore store_;
    FixedClock clock_;
    RiskRulesService rules_;
    AccessService access_;
    QueueService queue_;
    Actor security_ = MakeActor("sec", Role::kSecurity);
    Actor officer_ = MakeActor("off", Role::kWingOfficer);
};

TEST_F(QueueServiceTest, QueueFiltersSortsAndPages) {
    ASSERT_TRUE(access_.AssessEstablishment(security_, "MDI"));
    QueueQuery q;
    q.establishment = "mdi";
    const int reads_before = store_.per_prisoner_reads;
    const int queue_before = store_.queue_reads;
    auto all = queue_.Queue(security_, q);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(store_.queue_reads - queue_before, 1);  // one bulk read, no N+1
    EXPECT_EQ(store_.per_prisoner_reads, reads_before);
    EXPECT_EQ(all->total, 3);
    EXPECT_EQ(Numbers(*all), (std::vector<std::string>{"A1111AA", "A2222BB", "A3333CC"}));
    ASSERT_TRUE(all->rows[0].recommendation.has_value());
    EXPECT_EQ(all->rows[0].state, AccessState::kNone);

    q.sort = "name";
    EXPECT_EQ(Numbers(*queue_.Queue(security_, q)),
              (std::vector<std::string>{"A2222BB", "A3333CC", "A1111AA"}));
    q.sort = "band";
    q.descending = true;
    EXPECT_EQ(Numbers(*queue_.Queue(security_, q)),
              (std::vector<std::string>{"A3333CC", "A2222BB", "A1111AA"}));

    q.band = RiskBand::kAmber;
    EXPECT_EQ(Numbers(*queue_.Queue(security_, q)), (std::vector<std::string>{"A2222BB"}));
    q.band.reset();
    q.wing = "B";
    EXPECT_EQ(Numbers(*queue_.Queue(security_, q)), (std::vector<std::string>{"A3333CC"}));
    q.wing.clear();
    ASSERT_TRUE(access_.RecordNeed(security_, "A1111AA", "ISOLATING", ""));
    q.state = AccessState::kRequested;
    EXPECT_EQ(Numbers(*queue_.Queue(security_, q)), (std::vector<std::string>{"A1111AA"}));

    QueueQuery paged;
    paged.establishment = "MDI";
    paged.limit = 2;
    paged.offset = 2;
    auto second = queue_.Queue(security_, paged);
    EXPECT_EQ(second->total, 3);
    EXPECT_EQ(Numbers(*second), (std::vector<std::string>{"A3333CC"}));
}

TEST_F(QueueServiceTest, QueueIsForSecurityInTheCaseload) {
    QueueQuery q;
    q.establishment = "MDI";
    EXPECT_EQ(queue_.Queue(officer_, q).error().code, ErrorCode::kForbidden);
    q.establishment = "LEI";
    EXPECT_EQ(queue_.Queue(security_, q).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(queue_.Checklist(security_, "L1111AA").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(queue_.CompactVersions(security_, "LEI").error().code, ErrorCode::kNotFound);
}

TEST_F(QueueServiceTest, ChecklistShowsWhichConditionsHold) {
    auto before = queue_.Checklist(security_, "A1111AA");
    ASSERT_TRUE(before.ok());
    EXPECT_FALSE(before->all_met);
    ASSERT_EQ(before->checks.size(), 6u);
    EXPECT_FALSE(before->checks[0].met);  // need
    EXPECT_TRUE(before->checks[5].met);   // in custody

    ASSERT_TRUE(access_.RecordNeed(security_, "A1111AA", "ISOLATING", ""));
    ASSERT_TRUE(access_.AddCompactVersion(security_, "MDI", "I agree.", false));
    ASSERT_TRUE(access_.RecordCompact(security_, "A1111AA", 1, "2026-11-21", "Officer"));
    ASSERT_TRUE(access_.AssessEstablishment(security_, "MDI"));
    ASSERT_TRUE(access_.Decide(security_, "A1111AA", "GREEN", ""));
    auto ready = queue_.Checklist(security_, "A1111AA");
    EXPECT_TRUE(ready->all_met);

    // A new version that requires re-signing: the compact no longer holds.
    ASSERT_TRUE(access_.AddCompactVersion(security_, "MDI", "I agree again.", true));
    auto resign = queue_.Checklist(security_, "A1111AA");
    EXPECT_FALSE(resign->all_met);
    EXPECT_FALSE(resign->checks[1].met);
    EXPECT_EQ(resign->checks[1].detail, "Signed version 1; version 2 must be signed.");

    // An expired decision.
    clock_.Advance(std::chrono::hours(24 * 91));
    auto expired = queue_.Checklist(security_, "A1111AA");
    EXPECT_FALSE(expired->checks[2].met);
}

TEST_F(QueueServiceTest, PreviewPhaseListsGrantsThatWouldStopQualifying) {
    Grant();
    const int reads_before = store_.per_prisoner_reads;
    auto keep = queue_.PreviewPhase(security_, "MDI", 3);
    ASSERT_TRUE(keep.ok());
    EXPECT_EQ(store_.per_prisoner_reads, reads_before);  // one bulk read, no N+1
    EXPECT_TRUE(keep->would_stop.empty());
    auto stop = queue_.PreviewPhase(security_, "MDI", 0);
    ASSERT_TRUE(stop.ok());
    ASSERT_EQ(stop->would_stop.size(), 1u);
    EXPECT_EQ(stop->would_stop[0].prison_number, "A1111AA");
    EXPECT_EQ(stop->reasons[0], "TMPP is not in use in phase 0");
    EXPECT_EQ(stop->from, 1);
    EXPECT_EQ(queue_.PreviewPhase(security_, "MDI", 7).error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(queue_.PreviewPhase(officer_, "MDI", 0).error().code, ErrorCode::kForbidden);

    // The preview agrees with what SetPhase flags.
    auto changed = access_.SetPhase(security_, "MDI", 0, "Outbreak over");
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->no_longer_qualify.size(), 1u);
    auto overview = queue_.Phases(officer_, "MDI");
    ASSERT_TRUE(overview.ok());
    EXPECT_EQ(overview->establishment.phase, 0);
    ASSERT_EQ(overview->for_review.size(), 1u);
    EXPECT_EQ(overview->table.size(), 4u);
}

TEST_F(QueueServiceTest, PreviewPhaseTableUsesTheWantedTable) {
    Grant();  // A1111AA, ISOLATING, GREEN, phase 1
    std::vector<PhaseRule> phases = {
        {1, {NeedKind::kShielding}, {RiskBand::kGreen}, {}},
        {2, {NeedKind::kIsolating}, {RiskBand::kGreen}, {}},
        {3, {NeedKind::kIsolating}, {RiskBand::kGreen}, {}},
    };
    auto preview = queue_.PreviewPhaseTable(security_, "MDI", phases);
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    ASSERT_EQ(preview->would_stop.size(), 1u);
    EXPECT_EQ(preview->reasons[0], "need ISOLATING does not qualify in phase 1");
    EXPECT_TRUE(store_.state.phases.empty());  // nothing stored
    phases[0].needs.push_back(NeedKind::kIsolating);
    EXPECT_TRUE(queue_.PreviewPhaseTable(security_, "MDI", phases)->would_stop.empty());
    phases[0].bands = {RiskBand::kRed};
    EXPECT_EQ(queue_.PreviewPhaseTable(security_, "MDI", phases).error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(queue_.PreviewPhaseTable(officer_, "MDI", phases).error().code,
              ErrorCode::kForbidden);
}

TEST(PhaseRuleProblemTest, IsTheGrantRule) {
    const auto& table = DefaultPhaseTable();
    Need isolating;
    isolating.kind = NeedKind::kIsolating;
    Need broken;
    broken.kind = NeedKind::kFixedPhonesOutOfOrder;
    EXPECT_FALSE(PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kGreen, {isolating}, {}));
    EXPECT_EQ(*PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kRed, {isolating}, {}),
              "RED is never granted");
    EXPECT_EQ(*PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kAmber, {isolating}, {}),
              "band AMBER is not allowed in phase 1");
    EXPECT_EQ(*PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kGreen, {broken}, {}),
              "need FIXED_PHONES_OUT_OF_ORDER does not qualify in phase 1");
    Need other;
    other.kind = NeedKind::kOther;
    EXPECT_EQ(
        *PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kGreen, {broken, other, broken}, {}),
        "needs FIXED_PHONES_OUT_OF_ORDER, OTHER do not qualify in phase 1");
    EXPECT_FALSE(
        PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kGreen, {broken, isolating}, {}));
    EXPECT_EQ(*PhaseRuleProblem(FindPhase(table, 0), 0, RiskBand::kGreen, {isolating}, {}),
              "TMPP is not in use in phase 0");
    EXPECT_EQ(*PhaseRuleProblem(std::nullopt, 7, RiskBand::kGreen, {isolating}, {}),
              "TMPP is not in use in phase 7");
    EXPECT_EQ(*PhaseRuleProblem(FindPhase(table, 1), 1, RiskBand::kGreen, {}, {}),
              "no need is recorded in phase 1");
    EXPECT_EQ(*PhaseRuleProblem(FindPhase(table, 2), 2, RiskBand::kAmber, {isolating}, {}),
              "band AMBER needs the condition SUPERVISED_USE in phase 2");
    EXPECT_FALSE(PhaseRuleProblem(FindPhase(table, 2), 2, RiskBand::kAmber, {isolating},
                                  {std::string(kSupervisedUse)}));
    EXPECT_FALSE(PhaseRuleProblem(FindPhase(table, 3), 3, RiskBand::kGreen, {broken}, {}));
}

}  // namespace
}  // namespace warden::domain
