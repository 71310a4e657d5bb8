#include "domain/tmpp/access/access_service.hpp"

#include <gtest/gtest.h>

#include "domain/prisoners/prisoner_service.hpp"
#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/access/queue_service.hpp"
#include "domain/tmpp/handsets/handset_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Prisoner MakePrisoner(const std::string& number, const std::string& est = "MDI",
                      const std::string& wing = "A") {
    Prisoner p;
    p.prison_number = number;
    p.first_name = "John";
    p.last_name = "Smith";
    p.date_of_birth = "1990-05-01";
    p.establishment = est;
    p.wing = wing;
    p.cell = wing + "-1-001";
    p.legal_status = LegalStatus::kSentenced;
    p.security_category = SecurityCategory::kC;
    return p;
}

Actor MakeActor(const std::string& name, Role role, std::vector<std::string> caseload = {"MDI"}) {
    Actor a;
    a.user_id = 1;
    a.username = name;
    a.roles = {role};
    a.caseload = std::move(caseload);
    a.source = "test";
    return a;
}

class AccessServiceTest : public ::testing::Test {
  protected:
    AccessServiceTest() : clock_(kNow), rules_(store_, clock_), service_(store_, clock_, rules_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.establishments["LEI"] = {"LEI", "Leeds", "NE", "", "", 1, {}};
        for (const auto& [est, wing] : std::vector<std::pair<std::string, std::string>>{
                 {"MDI", "A"}, {"MDI", "B"}, {"LEI", "A"}}) {
            s.locations[{est, wing}] = Location{est, wing, LocationKind::kStandard, 0};
        }
        Add(MakePrisoner("A1111AA"));
        Add(MakePrisoner("A2222BB"));
        Add(MakePrisoner("A3333CC", "MDI", "B"));
        Add(MakePrisoner("L1111AA", "LEI"));
    }

    void Add(const Prisoner& p) { store_.state.prisoners[p.prison_number] = p; }
    Prisoner& P(const std::string& number) { return store_.state.prisoners.at(number); }

    // Need, compact v1 (signed), assessment and a confirmed decision: ready for a grant.
    void Ready(const std::string& number, const std::string& need = "ISOLATING",
               const std::string& band = "") {
        ASSERT_TRUE(service_.RecordNeed(security_, number, need, "").ok());
        if (store_.state.compacts.empty()) {
            ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
        }
        ASSERT_TRUE(
            service_.RecordCompact(officer_, number, 1, "2026-11-21", "Officer Jones").ok());
        ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());
        auto d = band.empty() ? service_.Decide(security_, number, "GREEN", "")
                              : service_.Decide(security_, number, band, "override for test");
        ASSERT_TRUE(d.ok()) << d.error().message;
    }

    AccessState StateOf(const std::string& number, const std::string& establishment = "MDI") {
        auto it = store_.state.access.find({number, establishment});
        return it == store_.state.access.end() ? AccessState::kNone : it->second.state;
    }

    std::string ConflictOf(const Result<Grant>& r) {
        EXPECT_FALSE(r.ok());
        if (r.ok()) return "";
        EXPECT_EQ(r.error().code, ErrorCode::kConflict) << r.error().message;
        return r.error().message;
    }

    InMemoryStore store_;
    FixedClock clock_;
    RiskRulesService rules_;
    AccessService service_;
    Actor security_ = MakeActor("sec", Role::kSecurity);
    Actor officer_ = MakeActor("officer", Role::kWingOfficer);
    Actor spoc_ = MakeActor("spoc", Role::kTmppSpoc);
    Actor governor_ = MakeActor("gov", Role::kGovernor);
    Actor leeds_security_ = MakeActor("leeds", Role::kSecurity, {"LEI"});
};

// ---- needs ----

TEST_F(AccessServiceTest, RecordNeedMovesToRequestedWithAuditAndTimeline) {
    auto need = service_.RecordNeed(security_, " a1111aa ", "isolating", "positive test");
    ASSERT_TRUE(need.ok()) << need.error().message;
    EXPECT_EQ(need->kind, NeedKind::kIsolating);
    EXPECT_EQ(need->prison_number, "A1111AA");
    EXPECT_EQ(need->detail, "positive test");
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kRequested);
    ASSERT_EQ(store_.AuditOf("tmpp.need.recorded").size(), 1u);
    EXPECT_EQ(store_.AuditOf("tmpp.need.recorded")[0].subject, "prisoner:A1111AA");
    auto view = service_.Access(officer_, "A1111AA");
    ASSERT_TRUE(view.ok());
    ASSERT_EQ(view->timeline.size(), 1u);
    EXPECT_EQ(EventKindName(view->timeline[0].kind), "need.recorded");
    EXPECT_EQ(view->timeline[0].by, "sec");
    EXPECT_EQ(view->timeline[0].at, kNow);
    EXPECT_EQ(view->access.state, AccessState::kRequested);
}

TEST_F(AccessServiceTest, StatesOfAListRespectTheCaseload) {
    ASSERT_TRUE(service_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    ASSERT_TRUE(
        service_.RecordNeed(MakeActor("l", Role::kSecurity, {"LEI"}), "L1111AA", "ISOLATING", "")
            .ok());
    auto states = service_.States(officer_, {P("A1111AA"), P("A2222BB"), P("L1111AA")});
    ASSERT_TRUE(states.ok());
    EXPECT_EQ(*states, (std::vector<AccessState>{AccessState::kRequested, AccessState::kNone,
                                                 AccessState::kNone}));
    EXPECT_EQ(service_.States(MakeActor("a", Role::kAdmin), {P("A1111AA")}).error().code,
              ErrorCode::kForbidden);
}

TEST_F(AccessServiceTest, EveryNeedKindIsAccepted) {
    for (auto kind : AllNeedKinds()) {
        auto r = service_.RecordNeed(security_, "A1111AA", std::string(NeedKindName(kind)),
                                     kind == NeedKind::kOther ? "wing regime" : "");
        EXPECT_TRUE(r.ok()) << NeedKindName(kind);
    }
}

TEST_F(AccessServiceTest, UnknownNeedIsInvalid) {
    for (const char* need : {"EASING_THE_REGIME", "REWARD", "", "PLACATING"}) {
        auto r = service_.RecordNeed(security_, "A1111AA", need, "because");
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(r.error().fields[0].field, "need");
    }
    EXPECT_TRUE(store_.state.needs.empty());
}

TEST_F(AccessServiceTest, OtherNeedRequiresAReason) {
    auto r = service_.RecordNeed(security_, "A1111AA", "OTHER", "   ");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().fields[0].field, "detail");
}

TEST_F(AccessServiceTest, OnlySecurityRecordsNeeds) {
    for (const Actor& a : {officer_, spoc_, governor_}) {
        auto r = service_.RecordNeed(a, "A1111AA", "ISOLATING", "");
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
    }
}

TEST_F(AccessServiceTest, OutsideCaseloadIsNotFound) {
    auto r = service_.RecordNeed(leeds_security_, "A1111AA", "ISOLATING", "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    auto c = service_.RecordCompact(MakeActor("o", Role::kWingOfficer, {"LEI"}), "A1111AA", 1,
                                    "2026-11-21", "X");
    EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.Decide(leeds_security_, "A1111AA", "GREEN", "x").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.GrantAccess(leeds_security_, "A1111AA", {}, "").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.Withdraw(leeds_security_, "A1111AA", "r", "").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.RiskAssessment(leeds_security_, "A1111AA").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.Access(leeds_security_, "A1111AA").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.AssessEstablishment(leeds_security_, "MDI").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.SetPhase(leeds_security_, "MDI", 2, "r").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.PublishWingList(leeds_security_, "MDI", "A").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.CurrentList(leeds_security_, "MDI", "A").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.RecordNeed(security_, "Z9999ZZ", "ISOLATING", "").error().code,
              ErrorCode::kNotFound);
}

TEST_F(AccessServiceTest, GonePrisonerCannotHaveANeed) {
    P("A1111AA").gone = true;
    auto r = service_.RecordNeed(security_, "A1111AA", "ISOLATING", "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_NE(r.error().message.find("prisoner is gone"), std::string::npos);
}

TEST_F(AccessServiceTest, FailedAuditRollsBackTheNeed) {
    store_.fail_audit = true;
    EXPECT_FALSE(service_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    EXPECT_TRUE(store_.state.needs.empty());
    EXPECT_TRUE(store_.state.events.empty());
    EXPECT_TRUE(store_.state.access.empty());
}

// ---- compacts ----

TEST_F(AccessServiceTest, CompactVersionsAreNumberedPerEstablishment) {
    auto v1 = service_.AddCompactVersion(security_, "MDI", "Text one", false);
    auto v2 = service_.AddCompactVersion(security_, "mdi", "Text two", true);
    ASSERT_TRUE(v1.ok() && v2.ok());
    EXPECT_EQ(v1->version, 1);
    EXPECT_EQ(v2->version, 2);
    EXPECT_TRUE(v2->requires_resign);
    EXPECT_EQ(store_.AuditOf("tmpp.compact.version_added").size(), 2u);
    EXPECT_EQ(service_.AddCompactVersion(officer_, "MDI", "x", false).error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(service_.AddCompactVersion(security_, "MDI", " ", false).error().code,
              ErrorCode::kInvalidInput);
}

TEST_F(AccessServiceTest, AdminEditsTheCompactOfAnyEstablishment) {
    Actor admin = MakeActor("admin", Role::kAdmin, {});
    auto v1 = service_.AddCompactVersion(admin, "LEI", "Leeds compact", true);
    ASSERT_TRUE(v1.ok()) << v1.error().message;
    EXPECT_EQ(v1->version, 1);
    EXPECT_EQ(v1->created_by, "admin");
    EXPECT_EQ(service_.AddCompactVersion(admin, "XXX", "text", false).error().code,
              ErrorCode::kNotFound);
    // SECURITY stays within their caseload.
    EXPECT_EQ(service_.AddCompactVersion(security_, "LEI", "text", false).error().code,
              ErrorCode::kNotFound);
}

TEST_F(AccessServiceTest, WingStaffRecordSignedCompacts) {
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
    ASSERT_TRUE(service_.RecordNeed(security_, "A1111AA", "SHIELDING", "").ok());
    for (const Actor& a : {officer_, spoc_, security_}) {
        auto r = service_.RecordCompact(a, "A1111AA", 1, "2026-11-22", "Officer Jones");
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->signed_on, "2026-11-22");
        EXPECT_EQ(r->witnessed_by, "Officer Jones");
    }
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kCompactSigned);
    auto r = service_.RecordCompact(governor_, "A1111AA", 1, "2026-11-22", "X");
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
}

TEST_F(AccessServiceTest, CompactInputIsChecked) {
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
    EXPECT_EQ(service_.RecordCompact(officer_, "A1111AA", 2, "2026-11-22", "X").error().code,
              ErrorCode::kInvalidInput);  // no such version
    EXPECT_EQ(service_.RecordCompact(officer_, "A1111AA", 1, "2026-11-23", "X").error().code,
              ErrorCode::kInvalidInput);  // future
    EXPECT_EQ(service_.RecordCompact(officer_, "A1111AA", 1, "2026-02-30", "X").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(service_.RecordCompact(officer_, "A1111AA", 1, "2026-11-22", "").error().code,
              ErrorCode::kInvalidInput);
    P("A1111AA").gone = true;
    EXPECT_EQ(service_.RecordCompact(officer_, "A1111AA", 1, "2026-11-22", "X").error().code,
              ErrorCode::kConflict);
}

// ---- assessment ----

TEST_F(AccessServiceTest, AssessStoresEveryRecommendationInOneBulkCall) {
    P("A2222BB").alerts = {"XEL"};
    P("A3333CC").phone_finds_12m = 1;  // 40: AMBER
    Prisoner gone = MakePrisoner("A4444DD");
    gone.gone = true;
    Add(gone);
    auto r = service_.AssessEstablishment(security_, "MDI");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->assessed, 3);
    EXPECT_EQ(r->green, 1);
    EXPECT_EQ(r->amber, 1);
    EXPECT_EQ(r->red, 1);
    EXPECT_EQ(r->rules_version, DefaultRiskRules().version);
    EXPECT_EQ(store_.bulk_recommendation_calls, 1);
    ASSERT_EQ(store_.state.recommendations.size(), 3u);
    auto view = service_.RiskAssessment(officer_, "A2222BB");
    ASSERT_TRUE(view.ok());
    ASSERT_TRUE(view->recommendation);
    EXPECT_EQ(view->recommendation->recommendation.band, RiskBand::kRed);
    ASSERT_FALSE(view->recommendation->recommendation.fired.empty());
    EXPECT_NE(view->recommendation->recommendation.fired[0].evidence.find("XEL"),
              std::string::npos);
    EXPECT_EQ(view->recommendation->recommendation.rules_version, DefaultRiskRules().version);
    EXPECT_FALSE(view->decision);
    EXPECT_EQ(store_.AuditOf("tmpp.risk.assessed").size(), 1u);
}

TEST_F(AccessServiceTest, AssessSeveralAndAll) {
    Actor both = MakeActor("both", Role::kSecurity, {"MDI", "LEI"});
    auto r = service_.AssessEstablishments(both, {"MDI", "LEI", "mdi"});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->assessed, 4);
    EXPECT_EQ(store_.bulk_recommendation_calls, 1);
    auto all = service_.AssessAll(Actor::System());
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->assessed, 4);
    auto mine = service_.AssessAll(security_);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->assessed, 3);
    EXPECT_EQ(service_.AssessEstablishment(officer_, "MDI").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.AssessEstablishments(security_, {}).error().code, ErrorCode::kInvalidInput);
}

TEST_F(AccessServiceTest, AssessIsAllOrNothing) {
    store_.fail_audit = true;
    EXPECT_FALSE(service_.AssessEstablishment(security_, "MDI").ok());
    EXPECT_TRUE(store_.state.recommendations.empty());
}

// ---- decisions ----

TEST_F(AccessServiceTest, ConfirmAndOverride) {
    ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());
    auto confirmed = service_.Decide(security_, "A1111AA", "green", "");
    ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
    EXPECT_FALSE(confirmed->is_override);
    EXPECT_EQ(confirmed->expires_at, kNow + days{90});
    EXPECT_EQ(confirmed->decided_by, "sec");
    EXPECT_EQ(store_.AuditOf("tmpp.decision.confirmed").size(), 1u);

    auto missing = service_.Decide(security_, "A2222BB", "AMBER", "  ");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(missing.error().fields[0].field, "reason");

    auto overridden = service_.Decide(security_, "A2222BB", "AMBER", "intelligence");
    ASSERT_TRUE(overridden.ok());
    EXPECT_TRUE(overridden->is_override);
    EXPECT_EQ(overridden->recommended_band, RiskBand::kGreen);
    EXPECT_EQ(overridden->reason, "intelligence");
    EXPECT_EQ(store_.AuditOf("tmpp.decision.overridden").size(), 1u);
}

TEST_F(AccessServiceTest, ANewBandFlagsTheActiveGrantForReview) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    ASSERT_TRUE(service_.Decide(security_, "A1111AA", "GREEN", "").ok());
    EXPECT_FALSE(store_.state.grants.begin()->second.needs_review);
    ASSERT_TRUE(service_.Decide(security_, "A1111AA", "RED", "new intelligence").ok());
    const Grant& g = store_.state.grants.begin()->second;
    EXPECT_TRUE(g.active);
    EXPECT_TRUE(g.needs_review);
    EXPECT_EQ(g.review_reason, "the risk decision changed from GREEN to RED");
}

TEST_F(AccessServiceTest, DecisionWithoutRecommendationNeedsReason) {
    EXPECT_EQ(service_.Decide(security_, "A1111AA", "GREEN", "").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_TRUE(service_.Decide(security_, "A1111AA", "GREEN", "local assessment").ok());
    EXPECT_EQ(service_.Decide(security_, "A1111AA", "BLUE", "x").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(service_.Decide(officer_, "A1111AA", "GREEN", "x").error().code,
              ErrorCode::kForbidden);
    P("A1111AA").gone = true;
    EXPECT_EQ(service_.Decide(security_, "A1111AA", "GREEN", "x").error().code,
              ErrorCode::kConflict);
}

TEST_F(AccessServiceTest, StateWalksTheMachine) {
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kNone);
    ASSERT_TRUE(service_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kRequested);
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
    ASSERT_TRUE(service_.RecordCompact(officer_, "A1111AA", 1, "2026-11-22", "X").ok());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kCompactSigned);
    ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());
    ASSERT_TRUE(service_.Decide(security_, "A1111AA", "GREEN", "").ok());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kAssessed);
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kGranted);
    clock_.Advance(hours{1});
    ASSERT_TRUE(service_.Withdraw(security_, "A1111AA", "misuse", "IR-1").ok());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kWithdrawn);
    // A withdrawal needs a new need before another grant.
    EXPECT_NE(
        ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("no need recorded"),
        std::string::npos);
    ASSERT_TRUE(service_.RecordNeed(security_, "A1111AA", "SHIELDING", "").ok());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kAssessed);
    auto view = service_.Access(security_, "A1111AA");
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->timeline.size(), 6u);
    EXPECT_EQ(view->needs.size(), 1u);
}

TEST_F(AccessServiceTest, RecommendationConfirmableUnlessADecisionInForceCameAfterIt) {
    StoredRecommendation rec;
    rec.assessed_at = kNow;
    RiskDecision d;
    d.decided_at = kNow + hours{1};
    d.expires_at = kNow + days{90};
    EXPECT_FALSE(RecommendationConfirmable(std::nullopt, std::nullopt, kNow));
    EXPECT_TRUE(RecommendationConfirmable(rec, std::nullopt, kNow));
    EXPECT_FALSE(RecommendationConfirmable(rec, d, kNow + hours{2}));
    EXPECT_TRUE(RecommendationConfirmable(rec, d, kNow + days{91}));  // expired
    d.needs_review = true;
    EXPECT_TRUE(RecommendationConfirmable(rec, d, kNow + hours{2}));
    d.needs_review = false;
    d.decided_at = kNow - hours{1};  // before the recommendation
    EXPECT_TRUE(RecommendationConfirmable(rec, d, kNow + hours{2}));
}

TEST_F(AccessServiceTest, ConfirmRecommendationsRecordsEachAndRefusesTheOthers) {
    ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());
    P("A3333CC").gone = true;
    Add(MakePrisoner("A4444DD"));  // not assessed
    auto done = service_.ConfirmRecommendations(
        security_, {"a1111aa", "A2222BB", "A1111AA", "B0001BB", "L1111AA", "A3333CC", "A4444DD"});
    ASSERT_TRUE(done.ok()) << done.error().message;
    ASSERT_EQ(done->confirmed.size(), 2u);
    EXPECT_EQ(done->confirmed[0].prison_number, "A1111AA");
    EXPECT_EQ(done->confirmed[1].prison_number, "A2222BB");
    EXPECT_FALSE(done->confirmed[0].is_override);
    EXPECT_EQ(done->confirmed[0].band, *done->confirmed[0].recommended_band);
    EXPECT_EQ(store_.AuditOf("tmpp.decision.confirmed").size(), 2u);
    std::vector<std::string> messages;
    for (const auto& r : done->refused) messages.push_back(r.message);
    EXPECT_EQ(messages, (std::vector<std::string>{
                            "B0001BB was not found",
                            "L1111AA was not found",  // outside the caseload
                            "A3333CC cannot be assessed: prisoner is gone",
                            "A4444DD has no recommendation to confirm",
                        }));
    auto view = service_.Access(security_, "A1111AA");
    ASSERT_TRUE(view.ok());
    ASSERT_EQ(view->timeline.size(), 1u);
    EXPECT_EQ(view->timeline[0].kind, EventKind::kDecisionConfirmed);

    // Decided after the latest recommendation: refused until the next assessment.
    auto again = service_.ConfirmRecommendations(security_, {"A1111AA"});
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->confirmed.empty());
    ASSERT_EQ(again->refused.size(), 1u);
    EXPECT_EQ(again->refused[0].message,
              "A1111AA already has a decision made after its latest recommendation");
    clock_.Advance(hours{1});
    ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());
    auto reassessed = service_.ConfirmRecommendations(security_, {"A1111AA"});
    ASSERT_TRUE(reassessed.ok());
    EXPECT_EQ(reassessed->confirmed.size(), 1u);
}

TEST_F(AccessServiceTest, ConfirmRecommendationsIsAllOrNothing) {
    ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());
    EXPECT_EQ(service_.ConfirmRecommendations(officer_, {"A1111AA"}).error().code,
              ErrorCode::kForbidden);
    store_.fail_audit = true;
    EXPECT_FALSE(service_.ConfirmRecommendations(security_, {"A1111AA", "A2222BB"}).ok());
    store_.fail_audit = false;
    EXPECT_TRUE(store_.state.decisions.empty());
    EXPECT_TRUE(store_.state.events.empty());
}

// ---- grants: every refusal ----

TEST_F(AccessServiceTest, GrantRecordsPhaseConditionsAndReviewDate) {
    Ready("A1111AA");
    auto g = service_.GrantAccess(security_, "A1111AA", {"evenings_only"}, "2026-12-31");
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->phase, 1);
    EXPECT_EQ(g->band, RiskBand::kGreen);
    EXPECT_EQ(g->conditions, std::vector<std::string>{"EVENINGS_ONLY"});
    EXPECT_EQ(g->review_on, "2026-12-31");
    EXPECT_EQ(g->granted_by, "sec");
    EXPECT_EQ(store_.AuditOf("tmpp.access.granted").size(), 1u);
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("already"),
              std::string::npos);
}

TEST_F(AccessServiceTest, GrantDefaultsReviewToDecisionExpiry) {
    Ready("A1111AA");
    auto g = service_.GrantAccess(security_, "A1111AA", {}, "");
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->review_on, "2027-02-20");
    EXPECT_EQ(service_.GrantAccess(security_, "A2222BB", {}, "2026-11-22").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(service_.GrantAccess(security_, "A2222BB", {"bad cond"}, "").error().code,
              ErrorCode::kInvalidInput);
}

TEST_F(AccessServiceTest, RefusedWithoutNeed) {
    EXPECT_EQ(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")),
              "A1111AA cannot be granted TMPP access: no need recorded");
}

TEST_F(AccessServiceTest, RefusedWithoutCompact) {
    ASSERT_TRUE(service_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    EXPECT_NE(
        ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("no signed compact"),
        std::string::npos);
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
    EXPECT_NE(
        ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("no signed compact"),
        std::string::npos);
}

TEST_F(AccessServiceTest, RefusedWithOutOfDateCompact) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "Version two", false).ok());
    // A new version that does not require re-signing keeps version 1 valid.
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    Ready("A2222BB");
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "Version three", true).ok());
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A2222BB", {}, ""))
                  .find("compact version 1 is out of date"),
              std::string::npos);
    EXPECT_EQ(StateOf("A2222BB"), AccessState::kAssessed);  // refreshed on the next change
    ASSERT_TRUE(service_.RecordCompact(officer_, "A2222BB", 3, "2026-11-22", "X").ok());
    EXPECT_TRUE(service_.GrantAccess(security_, "A2222BB", {}, "").ok());
}

TEST_F(AccessServiceTest, RefusedWithoutDecision) {
    ASSERT_TRUE(service_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    ASSERT_TRUE(service_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
    ASSERT_TRUE(service_.RecordCompact(officer_, "A1111AA", 1, "2026-11-21", "X").ok());
    ASSERT_TRUE(service_.AssessEstablishment(security_, "MDI").ok());  // a recommendation only
    EXPECT_NE(
        ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("no risk decision"),
        std::string::npos);
}

TEST_F(AccessServiceTest, RefusedWithExpiredDecision) {
    Ready("A1111AA");
    clock_.Advance(days{90});
    EXPECT_EQ(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")),
              "A1111AA cannot be granted TMPP access: the risk decision expired on 2027-02-20");
    auto view = service_.RiskAssessment(security_, "A1111AA");
    ASSERT_TRUE(view.ok());
    EXPECT_TRUE(view->decision_expired);
}

TEST_F(AccessServiceTest, ExpireDecisionsMarksExpiredOnesForReviewOnce) {
    Ready("A1111AA");
    clock_.Advance(days{1});
    Ready("A2222BB");
    const Actor scheduler = [] {
        Actor a = Actor::System("scheduler");
        a.source = "scheduler";
        return a;
    }();
    EXPECT_EQ(service_.ExpireDecisions(security_).error().code, ErrorCode::kForbidden);
    ASSERT_EQ(service_.ExpireDecisions(scheduler).value(), 0);
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kAssessed);

    clock_.Advance(days{89});  // A1111AA's decision expires now; A2222BB's tomorrow
    ASSERT_EQ(service_.ExpireDecisions(scheduler).value(), 1);
    const auto& d = store_.state.decisions.at({"A1111AA", "MDI"});
    EXPECT_TRUE(d.needs_review);
    EXPECT_EQ(d.review_reason, "the decision expired on 2027-02-20");
    EXPECT_FALSE(store_.state.decisions.at({"A2222BB", "MDI"}).needs_review);
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kCompactSigned);
    auto audit = store_.AuditOf("tmpp.decision.expired");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "prisoner:A1111AA");
    EXPECT_EQ(audit[0].actor, "scheduler");
    EXPECT_EQ(audit[0].source, "scheduler");
    auto view = service_.Access(security_, "A1111AA");
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(EventKindName(view->timeline.back().kind), "decision.expired");
    // The grant is still refused naming the expiry date, as before the job ran.
    EXPECT_EQ(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")),
              "A1111AA cannot be granted TMPP access: the risk decision expired on 2027-02-20");

    // Once marked, a decision is not expired again; a new decision starts afresh.
    ASSERT_EQ(service_.ExpireDecisions(scheduler).value(), 0);
    EXPECT_EQ(store_.AuditOf("tmpp.decision.expired").size(), 1u);
    ASSERT_TRUE(service_.Decide(security_, "A1111AA", "GREEN", "").ok());
    EXPECT_FALSE(store_.state.decisions.at({"A1111AA", "MDI"}).needs_review);
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kAssessed);
    clock_.Advance(days{1});
    ASSERT_EQ(service_.ExpireDecisions(scheduler).value(), 1);  // A2222BB
}

// A decision Security recorded between the expiry job's read and its mark is not expired: no
// event, no audit entry, not counted.
TEST_F(AccessServiceTest, ExpireDecisionsKeepsADecisionRecordedMeanwhile) {
    Ready("A1111AA");
    const Actor scheduler = Actor::System("scheduler");
    clock_.Advance(days{90});
    store_.state.before_next_mark = [&](testing::InMemoryTmppState& t) {
        RiskDecision& d = t.decisions.at({"A1111AA", "MDI"});
        d.decided_by = "sec2";
        d.decided_at = clock_.Now();
        d.expires_at = clock_.Now() + days{90};
    };
    ASSERT_EQ(service_.ExpireDecisions(scheduler).value(), 0);
    const RiskDecision& d = store_.state.decisions.at({"A1111AA", "MDI"});
    EXPECT_EQ(d.decided_by, "sec2");
    EXPECT_FALSE(d.needs_review);
    EXPECT_TRUE(store_.AuditOf("tmpp.decision.expired").empty());
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kAssessed);

    // One recorded meanwhile with the same expiry (another band, say) is expired in turn, once.
    clock_.Advance(days{90});
    store_.state.before_next_mark = [&](testing::InMemoryTmppState& t) {
        RiskDecision& meanwhile = t.decisions.at({"A1111AA", "MDI"});
        meanwhile.band = RiskBand::kAmber;
        meanwhile.decided_by = "sec3";
    };
    ASSERT_EQ(service_.ExpireDecisions(scheduler).value(), 1);
    const RiskDecision& expired = store_.state.decisions.at({"A1111AA", "MDI"});
    EXPECT_EQ(expired.decided_by, "sec3");
    EXPECT_EQ(expired.band, RiskBand::kAmber);
    EXPECT_TRUE(expired.needs_review);
    EXPECT_EQ(store_.AuditOf("tmpp.decision.expired").size(), 1u);
}

TEST_F(AccessServiceTest, RefusedAmberInPhaseOne) {
    Ready("A1111AA", "ISOLATING", "AMBER");
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, ""))
                  .find("band AMBER is not allowed in phase 1"),
              std::string::npos);
}

TEST_F(AccessServiceTest, RefusedNeedNotQualifyingInPhaseOne) {
    Ready("A1111AA", "NO_SAFE_FIXED_PHONE");
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, ""))
                  .find("need NO_SAFE_FIXED_PHONE does not qualify in phase 1"),
              std::string::npos);
}

TEST_F(AccessServiceTest, RedIsNeverGranted) {
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 3, "outbreak").ok());
    Ready("A1111AA", "ISOLATING", "RED");
    EXPECT_NE(
        ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("RED is never granted"),
        std::string::npos);
}

TEST_F(AccessServiceTest, PhaseChangeKeepsItsReasonInThePhaseHistory) {
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 3, "Outbreak on B wing").ok());
    clock_.Advance(hours{1});
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 1, "Outbreak over").ok());
    const auto& history = store_.state.phase_changes;
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].establishment, "MDI");
    EXPECT_EQ(history[0].by, "sec");
    EXPECT_EQ(history[0].from, 1);
    EXPECT_EQ(history[0].to, 3);
    EXPECT_EQ(history[0].reason, "Outbreak on B wing");
    EXPECT_EQ(history[1].at, kNow + hours{1});
    EXPECT_EQ(history[1].reason, "Outbreak over");
    // The audit entry holds the codes and the history row's id, never the reason.
    const auto audit = store_.AuditOf("tmpp.phase.set");
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[1].detail, "from=3 to=1 grants_for_review=0 id=2");
    // A refused change (no reason) leaves no history.
    EXPECT_FALSE(service_.SetPhase(security_, "MDI", 2, " ").ok());
    EXPECT_EQ(store_.state.phase_changes.size(), 2u);
    QueueService queue(store_, clock_);
    auto overview = queue.Phases(security_, "MDI");
    ASSERT_TRUE(overview.ok()) << overview.error().message;
    ASSERT_EQ(overview->history.size(), 2u);
    EXPECT_EQ(overview->history[0].reason, "Outbreak over");  // newest first
    EXPECT_TRUE(queue.Phases(leeds_security_, "MDI").error().code == ErrorCode::kNotFound);
}

TEST_F(AccessServiceTest, RefusedInPhaseZero) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 0, "outbreak over").ok());
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, ""))
                  .find("not in use in phase 0"),
              std::string::npos);
}

TEST_F(AccessServiceTest, RefusedWhenGone) {
    Ready("A1111AA");
    P("A1111AA").gone = true;
    EXPECT_EQ(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")),
              "A1111AA cannot be granted TMPP access: prisoner is gone");
}

TEST_F(AccessServiceTest, OnlySecurityGrants) {
    Ready("A1111AA");
    for (const Actor& a : {officer_, spoc_, governor_}) {
        EXPECT_EQ(service_.GrantAccess(a, "A1111AA", {}, "").error().code, ErrorCode::kForbidden);
        EXPECT_EQ(service_.Withdraw(a, "A1111AA", "r", "").error().code, ErrorCode::kForbidden);
        EXPECT_EQ(service_.SetPhase(a, "MDI", 2, "r").error().code, ErrorCode::kForbidden);
        EXPECT_EQ(service_.PublishWingList(a, "MDI", "A").error().code, ErrorCode::kForbidden);
    }
}

TEST_F(AccessServiceTest, PhaseTwoGrantsAmberWithSupervisedUse) {
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 2, "more need").ok());
    Ready("A1111AA", "NO_SAFE_FIXED_PHONE", "AMBER");
    auto g = service_.GrantAccess(security_, "A1111AA", {}, "");
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->conditions, std::vector<std::string>{"SUPERVISED_USE"});
}

TEST_F(AccessServiceTest, PhaseThreeAllowsEveryNeed) {
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 3, "r").ok());
    Ready("A1111AA", "FIXED_PHONES_OUT_OF_ORDER", "AMBER");
    EXPECT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
}

// ---- withdrawal ----

TEST_F(AccessServiceTest, WithdrawEndsTheGrant) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    EXPECT_EQ(service_.Withdraw(security_, "A1111AA", " ", "").error().code,
              ErrorCode::kInvalidInput);
    auto w = service_.Withdraw(security_, "A1111AA", "seal tampered", "IR-42");
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_FALSE(w->active);
    EXPECT_TRUE(w->withdrawn);
    EXPECT_EQ(w->end_reason, "seal tampered");
    EXPECT_EQ(w->incident_ref, "IR-42");
    EXPECT_EQ(store_.AuditOf("tmpp.access.withdrawn").size(), 1u);
    EXPECT_EQ(service_.Withdraw(security_, "A1111AA", "again", "").error().code,
              ErrorCode::kConflict);
}

// A grant ended between the withdrawal's read and its lock (another transaction, PostgreSQL's
// READ COMMITTED): the withdrawal is refused, writing nothing over the first ending's record.
TEST_F(AccessServiceTest, AWithdrawalOfAGrantEndedMeanwhileIsRefused) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    bool ended_meanwhile = false;
    store_.state.before_next_grant_lock = [&](testing::InMemoryTmppState& t) {
        ended_meanwhile = true;
        t.grants.begin()->second.active = false;
    };
    auto w = service_.Withdraw(security_, "A1111AA", "seal tampered", "IR-42");
    EXPECT_TRUE(ended_meanwhile);
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().code, ErrorCode::kConflict);
    EXPECT_EQ(w.error().message, "A1111AA has no TMPP access to withdraw");
    EXPECT_TRUE(store_.AuditOf("tmpp.access.withdrawn").empty());
    // (The in-memory store rolled back the simulated ending with the refused withdrawal, and
    // with it the hook's use.)
    store_.state.before_next_grant_lock = nullptr;
}

// ---- phase ----

TEST_F(AccessServiceTest, StricterPhaseFlagsGrantsForReview) {
    ASSERT_TRUE(service_.SetPhase(security_, "MDI", 3, "outbreak").ok());
    Ready("A1111AA", "ISOLATING");                  // GREEN: still qualifies in 1
    Ready("A2222BB", "FIXED_PHONES_OUT_OF_ORDER");  // need does not qualify in 1
    Ready("A3333CC", "ISOLATING", "AMBER");         // band does not qualify in 1
    for (const char* n : {"A1111AA", "A2222BB", "A3333CC"}) {
        ASSERT_TRUE(service_.GrantAccess(security_, n, {}, "").ok()) << n;
    }
    EXPECT_EQ(service_.SetPhase(security_, "MDI", 2, "").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(service_.SetPhase(security_, "MDI", 4, "r").error().code, ErrorCode::kInvalidInput);
    auto change = service_.SetPhase(security_, "MDI", 1, "outbreak easing");
    ASSERT_TRUE(change.ok()) << change.error().message;
    EXPECT_EQ(change->from, 3);
    EXPECT_EQ(change->to, 1);
    ASSERT_EQ(change->no_longer_qualify.size(), 2u);
    EXPECT_EQ(change->no_longer_qualify[0].prison_number, "A2222BB");
    EXPECT_NE(change->no_longer_qualify[0].review_reason.find("FIXED_PHONES_OUT_OF_ORDER"),
              std::string::npos);
    EXPECT_EQ(change->no_longer_qualify[1].prison_number, "A3333CC");
    EXPECT_NE(change->no_longer_qualify[1].review_reason.find("band AMBER"), std::string::npos);
    EXPECT_EQ(store_.state.establishments["MDI"].phase, 1);
    int flagged = 0;
    for (const auto& [id, g] : store_.state.grants) flagged += g.needs_review ? 1 : 0;
    EXPECT_EQ(flagged, 2);
    EXPECT_EQ(store_.AuditOf("tmpp.phase.set").size(), 2u);
}

TEST_F(AccessServiceTest, PhaseTableIsPerEstablishment) {
    std::vector<PhaseRule> table = DefaultPhaseTable();
    table[1].bands = {RiskBand::kGreen, RiskBand::kAmber};
    store_.state.phases["MDI"] = table;
    Ready("A1111AA", "ISOLATING", "AMBER");
    EXPECT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
}

TEST_F(AccessServiceTest, SecurityEditsThePhaseTableAndGrantsFollowIt) {
    // Phase 1 (the default) allows GREEN for ISOLATING only.
    Ready("A1111AA", "FIXED_PHONES_OUT_OF_ORDER");
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, ""))
                  .find("does not qualify in phase 1"),
              std::string::npos);
    std::vector<PhaseRule> phases = {
        {1, {NeedKind::kFixedPhonesOutOfOrder, NeedKind::kIsolating}, {RiskBand::kGreen}, {}},
        {2, {NeedKind::kIsolating}, {RiskBand::kAmber, RiskBand::kGreen}, {"SUPERVISED_USE"}},
        {3, AllNeedKinds(), {RiskBand::kGreen, RiskBand::kAmber}, {}},
    };
    auto change = service_.SetPhaseTable(security_, "mdi", phases);
    ASSERT_TRUE(change.ok()) << change.error().message;
    ASSERT_EQ(change->table.size(), 4u);
    EXPECT_TRUE(change->table[0].needs.empty());
    EXPECT_TRUE(change->table[0].bands.empty());
    EXPECT_EQ(change->table[1].needs,
              (std::vector<NeedKind>{NeedKind::kIsolating, NeedKind::kFixedPhonesOutOfOrder}));
    EXPECT_EQ(change->table[2].bands, (std::vector<RiskBand>{RiskBand::kGreen, RiskBand::kAmber}));
    EXPECT_EQ(change->table[2].amber_conditions, std::vector<std::string>{"SUPERVISED_USE"});
    EXPECT_TRUE(change->no_longer_qualify.empty());
    EXPECT_EQ(store_.state.phases["MDI"].size(), 4u);
    auto audit = store_.AuditOf("tmpp.phase_table.set");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "establishment:MDI");
    EXPECT_NE(audit[0].detail.find("to=1:ISOLATING,FIXED_PHONES_OUT_OF_ORDER/GREEN"),
              std::string::npos)
        << audit[0].detail;

    // The grant now follows the stored table.
    auto g = service_.GrantAccess(security_, "A1111AA", {}, "");
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->phase, 1);

    // Narrowing the current phase flags the grant that stops qualifying.
    phases[0].needs = {NeedKind::kIsolating};
    auto narrower = service_.SetPhaseTable(security_, "MDI", phases);
    ASSERT_TRUE(narrower.ok()) << narrower.error().message;
    ASSERT_EQ(narrower->no_longer_qualify.size(), 1u);
    EXPECT_EQ(narrower->no_longer_qualify[0].prison_number, "A1111AA");
    EXPECT_TRUE(store_.state.grants.begin()->second.needs_review);
}

TEST_F(AccessServiceTest, APhaseTableIsValidated) {
    const std::vector<PhaseRule> good = {
        {1, {NeedKind::kIsolating}, {RiskBand::kGreen}, {}},
        {2, {NeedKind::kIsolating}, {RiskBand::kGreen}, {}},
        {3, {NeedKind::kIsolating}, {RiskBand::kGreen}, {}},
    };
    const auto field_of = [&](std::vector<PhaseRule> phases) -> std::string {
        auto r = service_.SetPhaseTable(security_, "MDI", phases);
        EXPECT_FALSE(r.ok());
        if (r.ok()) return "";
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
        return r.error().fields.empty() ? "" : r.error().fields[0].field;
    };
    auto red = good;
    red[1].bands = {RiskBand::kGreen, RiskBand::kRed};
    EXPECT_EQ(field_of(red), "phase2_bands");
    auto no_need = good;
    no_need[2].needs.clear();
    EXPECT_EQ(field_of(no_need), "phase3_needs");
    auto no_band = good;
    no_band[0].bands.clear();
    EXPECT_EQ(field_of(no_band), "phase1_bands");
    auto supervised_green = good;
    supervised_green[0].amber_conditions = {"SUPERVISED_USE"};
    EXPECT_EQ(field_of(supervised_green), "phase1_amber");
    auto other_condition = good;
    other_condition[0].bands = {RiskBand::kAmber};
    other_condition[0].amber_conditions = {"ESCORTED"};
    EXPECT_EQ(field_of(other_condition), "phase1_amber");
    EXPECT_EQ(field_of({good[0], good[1]}), "phases");
    EXPECT_EQ(field_of({good[0], good[1], good[2], good[2]}), "phases");
    auto zero = good;
    zero.push_back({0, {NeedKind::kIsolating}, {RiskBand::kGreen}, {}});
    EXPECT_EQ(field_of(zero), "phases");
    EXPECT_TRUE(store_.state.phases.empty());

    EXPECT_EQ(service_.SetPhaseTable(officer_, "MDI", good).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.SetPhaseTable(leeds_security_, "MDI", good).error().code,
              ErrorCode::kNotFound);
    store_.fail_audit = true;
    EXPECT_FALSE(service_.SetPhaseTable(security_, "MDI", good).ok());
    EXPECT_TRUE(store_.state.phases.empty());
}

// ---- wing lists ----

TEST_F(AccessServiceTest, PublishNumberedListsWithDiff) {
    Ready("A1111AA");
    Ready("A3333CC");  // wing B
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    ASSERT_TRUE(service_.GrantAccess(security_, "A3333CC", {}, "").ok());
    auto first = service_.PublishWingList(security_, "MDI", "a");
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->version, 1);
    EXPECT_EQ(first->wing, "A");
    ASSERT_EQ(first->entries.size(), 1u);
    EXPECT_EQ(first->entries[0].prison_number, "A1111AA");
    EXPECT_EQ(first->added, std::vector<std::string>{"A1111AA"});
    EXPECT_TRUE(first->removed.empty());
    EXPECT_EQ(first->published_by, "sec");

    Ready("A2222BB");
    ASSERT_TRUE(service_.GrantAccess(security_, "A2222BB", {}, "").ok());
    clock_.Advance(minutes{5});
    ASSERT_TRUE(service_.Withdraw(security_, "A1111AA", "misuse", "IR-7").ok());
    auto current = service_.CurrentList(officer_, "MDI", "A");
    ASSERT_TRUE(current.ok());
    ASSERT_TRUE(current->list);
    EXPECT_EQ(current->list->version, 1);
    EXPECT_TRUE(current->stale);
    ASSERT_EQ(current->withdrawn_since.size(), 1u);
    EXPECT_EQ(current->withdrawn_since[0].prison_number, "A1111AA");
    EXPECT_EQ(current->withdrawn_since[0].incident_ref, "IR-7");

    clock_.Advance(minutes{5});
    auto second = service_.PublishWingList(security_, "MDI", "A");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->version, 2);
    EXPECT_EQ(second->added, std::vector<std::string>{"A2222BB"});
    EXPECT_EQ(second->removed, std::vector<std::string>{"A1111AA"});
    auto fresh = service_.CurrentList(officer_, "MDI", "A");
    ASSERT_TRUE(fresh.ok());
    EXPECT_FALSE(fresh->stale);
    EXPECT_EQ(fresh->list->version, 2);
    // The first snapshot is unchanged.
    EXPECT_EQ(std::get<2>(store_.state.wing_lists.begin()->first), 1);
    EXPECT_EQ(store_.state.wing_lists.begin()->second.entries.size(), 1u);
    EXPECT_EQ(store_.AuditOf("tmpp.wing_list.published").size(), 2u);
}

TEST_F(AccessServiceTest, WithdrawalInTheSecondOfPublicationMarksTheListStale) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    ASSERT_TRUE(service_.PublishWingList(security_, "MDI", "A").ok());
    ASSERT_TRUE(service_.Withdraw(security_, "A1111AA", "misuse", "").ok());
    auto current = service_.CurrentList(officer_, "MDI", "A");
    ASSERT_TRUE(current.ok());
    EXPECT_TRUE(current->stale);
}

TEST_F(AccessServiceTest, UnknownWingAndNoListYet) {
    EXPECT_EQ(service_.PublishWingList(security_, "MDI", "Z").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.CurrentList(officer_, "MDI", "Z").error().code, ErrorCode::kNotFound);
    auto none = service_.CurrentList(officer_, "MDI", "A");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->list);
    EXPECT_FALSE(none->stale);
}

// ---- effects of a later import ----

class ImportEffectsTest : public AccessServiceTest {
  protected:
    std::string Csv(const std::vector<std::string>& rows) {
        std::string csv =
            "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,"
            "legal_status,security_category,alerts,phone_finds_12m,phone_adjudications_12m,"
            "phone_intel_12m\n";
        for (const auto& r : rows) csv += r + "\n";
        return csv;
    }
    std::string Row(const std::string& number, const std::string& wing = "A",
                    const std::string& category = "C", const std::string& finds = "0") {
        return number + ",John,Smith,1990-05-01,MDI," + wing + "," + wing + "-1-001,SENTENCED," +
               category + ",," + finds + ",0,0";
    }
    // The only grant withdrawn by another transaction between a read of it and its lock.
    void WithdrawnAtTheNextGrantLock() {
        store_.state.before_next_grant_lock = [](testing::InMemoryTmppState& t) {
            Grant& g = t.grants.begin()->second;
            g.active = false;
            g.withdrawn = true;
            g.end_reason = "seal tampered";
            g.incident_ref = "IR-42";
        };
    }
    void ExpectTheWithdrawalKept() {
        const Grant& g = store_.state.grants.begin()->second;
        EXPECT_FALSE(g.active);
        EXPECT_TRUE(g.withdrawn);
        EXPECT_EQ(g.end_reason, "seal tampered");
        EXPECT_EQ(g.incident_ref, "IR-42");
    }
    PrisonerService prisoners_{store_, clock_};
};

TEST_F(ImportEffectsTest, ChangedRiskInputMarksDecisionForReview) {
    Ready("A1111AA");
    Ready("A2222BB");
    clock_.Advance(hours{1});
    // A1111AA's category changes; A2222BB only moves cell (not a risk input).
    auto r = prisoners_.Import(
        security_, "MDI", Csv({Row("A1111AA", "A", "B"), Row("A2222BB", "B"), Row("A3333CC", "B")}),
        false);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(store_.state.decisions.at({"A1111AA", "MDI"}).needs_review);
    EXPECT_FALSE(store_.state.decisions.at({"A2222BB", "MDI"}).needs_review);
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kCompactSigned);
    EXPECT_NE(ConflictOf(service_.GrantAccess(security_, "A1111AA", {}, "")).find("needs review"),
              std::string::npos);
    ASSERT_EQ(store_.AuditOf("tmpp.import_effects").size(), 1u);
    // A new decision clears the review.
    ASSERT_TRUE(service_.Decide(security_, "A1111AA", "GREEN", "reviewed").ok());
    EXPECT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
}

// Security's decision committed between the import's read and its mark (PostgreSQL runs writers
// at READ COMMITTED): kept as Security recorded it, and marked in turn only when it was decided on
// the facts the import changed.
TEST_F(ImportEffectsTest, ADecisionRecordedMeanwhileIsKeptAndMarkedOnlyIfTheImportChangedItsFacts) {
    Ready("A1111AA");
    clock_.Advance(hours{1});
    // Decided on the facts before the import (its transaction could not see the import's rows).
    store_.state.before_next_mark = [&](testing::InMemoryTmppState& t) {
        RiskDecision& d = t.decisions.at({"A1111AA", "MDI"});
        d.band = RiskBand::kGreen;
        d.decided_by = "sec2";
        d.decided_at = clock_.Now();
        d.expires_at = clock_.Now() + days{90};
    };
    ASSERT_TRUE(prisoners_.Import(security_, "MDI", Csv({Row("A1111AA", "A", "B")}), false).ok());
    const RiskDecision marked = store_.state.decisions.at({"A1111AA", "MDI"});
    EXPECT_EQ(marked.decided_by, "sec2");
    EXPECT_EQ(marked.band, RiskBand::kGreen);
    EXPECT_TRUE(marked.needs_review);
    EXPECT_EQ(marked.review_reason, "a later import changed a risk input");
    ASSERT_EQ(store_.AuditOf("tmpp.import_effects").size(), 1u);
    EXPECT_EQ(store_.AuditOf("tmpp.import_effects")[0].detail, "decisions_for_review=1 ended=0");

    // Decided on the facts of the next import: kept, not marked, nothing recorded.
    ASSERT_TRUE(service_.Decide(security_, "A1111AA", "GREEN", "reviewed").ok());
    clock_.Advance(hours{1});
    Prisoner next = store_.state.prisoners.at("A1111AA");
    next.security_category = SecurityCategory::kA;
    store_.state.before_next_mark =
        [&, fresh = RiskInputsFingerprint(next)](testing::InMemoryTmppState& t) {
            RiskDecision& d = t.decisions.at({"A1111AA", "MDI"});
            d.decided_by = "sec3";
            d.decided_at = clock_.Now();
            d.inputs = fresh;
        };
    ASSERT_TRUE(prisoners_.Import(security_, "MDI", Csv({Row("A1111AA", "A", "A")}), false).ok());
    const RiskDecision kept = store_.state.decisions.at({"A1111AA", "MDI"});
    EXPECT_EQ(kept.decided_by, "sec3");
    EXPECT_FALSE(kept.needs_review);
    EXPECT_EQ(store_.AuditOf("tmpp.import_effects").size(), 1u);
}

TEST_F(ImportEffectsTest, GonePrisonerHasAccessEnded) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    ASSERT_TRUE(service_.RecordNeed(security_, "A2222BB", "ISOLATING", "").ok());
    ASSERT_TRUE(service_.PublishWingList(security_, "MDI", "A").ok());
    clock_.Advance(hours{1});
    auto r = prisoners_.Import(security_, "MDI", Csv({Row("A3333CC", "B")}), false);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->gone, 2);
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kEnded);
    EXPECT_EQ(StateOf("A2222BB"), AccessState::kEnded);
    for (const auto& [id, g] : store_.state.grants) {
        EXPECT_FALSE(g.active);
        EXPECT_EQ(g.end_reason, "prisoner is gone");
    }
    auto list = service_.CurrentList(officer_, "MDI", "A");
    ASSERT_TRUE(list.ok());
    EXPECT_TRUE(list->stale);
    // A partial import marks nobody gone and ends nothing.
    ASSERT_TRUE(service_.RecordNeed(security_, "A3333CC", "ISOLATING", "").ok());
    ASSERT_TRUE(prisoners_.Import(security_, "MDI", Csv({Row("A1111AA")}), true).ok());
    EXPECT_EQ(StateOf("A3333CC"), AccessState::kRequested);
}

// A withdrawal committed between the import's read of the grant and its lock: the grant keeps
// the withdrawal's record (withdrawn, the incident), not "prisoner is gone" written over it.
TEST_F(ImportEffectsTest, AGonePrisonersGrantWithdrawnMeanwhileKeepsTheWithdrawal) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    clock_.Advance(hours{1});
    WithdrawnAtTheNextGrantLock();
    auto r = prisoners_.Import(security_, "MDI", Csv({Row("A3333CC", "B")}), false);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ExpectTheWithdrawalKept();
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kEnded);
}

// A withdrawal committed at MDI between a transfer-in import's read of the grant and its lock:
// the grant keeps the withdrawal's record, not "Transferred to LEI" written over it.
TEST_F(ImportEffectsTest, ATransferredPrisonersGrantWithdrawnMeanwhileKeepsTheWithdrawal) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    clock_.Advance(hours{1});
    WithdrawnAtTheNextGrantLock();
    auto r = prisoners_.Import(
        leeds_security_, "LEI",
        Csv({"A1111AA,John,Smith,1990-05-01,LEI,A,A-1-001,SENTENCED,C,,0,0,0"}), true);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->transferred_in.size(), 1u);
    ExpectTheWithdrawalKept();
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kEnded);
}

TEST_F(ImportEffectsTest, TransferInEndsAccessThereAndKeepsItsRecordsThere) {
    Ready("A1111AA");
    ASSERT_TRUE(service_.GrantAccess(security_, "A1111AA", {}, "").ok());
    ASSERT_TRUE(service_.PublishWingList(security_, "MDI", "A").ok());
    clock_.Advance(hours{1});
    auto r = prisoners_.Import(
        leeds_security_, "LEI",
        Csv({"A1111AA,John,Smith,1990-05-01,LEI,A,A-1-001,SENTENCED,C,,0,0,0"}), true);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->transferred_in.size(), 1u);
    EXPECT_EQ(r->transferred_in[0].prison_number, "A1111AA");
    EXPECT_EQ(r->transferred_in[0].from, "MDI");
    // The MDI grant and access ended, with the reason, audited against the prisoner at MDI.
    ASSERT_EQ(store_.state.grants.size(), 1u);
    const Grant& g = store_.state.grants.begin()->second;
    EXPECT_FALSE(g.active);
    EXPECT_FALSE(g.withdrawn);
    EXPECT_EQ(g.end_reason, "Transferred to LEI");
    EXPECT_EQ(StateOf("A1111AA"), AccessState::kEnded);
    const auto audit = store_.AuditOf("tmpp.access.transferred");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "prisoner:A1111AA");
    EXPECT_EQ(audit[0].establishment, "MDI");
    EXPECT_NE(audit[0].detail.find("from=MDI to=LEI grant="), std::string::npos);
    // MDI's timeline says why its access ended; no LEI event was written.
    std::vector<TimelineEvent> ended;
    for (const auto& stored : store_.state.events) {
        EXPECT_EQ(stored.establishment, "MDI");
        auto event = DecodeEvent(stored);
        ASSERT_TRUE(event.ok()) << event.error().message;
        if (event->kind == EventKind::kAccessEnded) ended.push_back(*event);
    }
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].reason, "Transferred to LEI");
    EXPECT_EQ(ended[0].by, "leeds");
    // LEI reads none of MDI's needs, reasons, decision or timeline.
    auto view = service_.Access(leeds_security_, "A1111AA");
    ASSERT_TRUE(view.ok()) << view.error().message;
    EXPECT_EQ(view->access.state, AccessState::kNone);
    EXPECT_TRUE(view->needs.empty());
    EXPECT_TRUE(view->timeline.empty());
    EXPECT_FALSE(view->grant.has_value());
    auto risk = service_.RiskAssessment(leeds_security_, "A1111AA");
    ASSERT_TRUE(risk.ok()) << risk.error().message;
    EXPECT_FALSE(risk->decision.has_value());
    EXPECT_FALSE(risk->recommendation.has_value());
    // MDI's list is stale, and MDI can still read and publish it (without the prisoner).
    auto list = service_.CurrentList(security_, "MDI", "A");
    ASSERT_TRUE(list.ok()) << list.error().message;
    EXPECT_TRUE(list->stale);
    ASSERT_EQ(list->withdrawn_since.size(), 1u);
    EXPECT_EQ(list->withdrawn_since[0].reason, "Transferred to LEI");
    auto published = service_.PublishWingList(security_, "MDI", "A");
    ASSERT_TRUE(published.ok()) << published.error().message;
    EXPECT_TRUE(published->entries.empty());
    EXPECT_EQ(published->removed, std::vector<std::string>{"A1111AA"});
    // At LEI the record starts afresh.
    ASSERT_TRUE(service_.RecordNeed(leeds_security_, "A1111AA", "SHIELDING", "").ok());
    auto fresh = service_.Access(leeds_security_, "A1111AA");
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(fresh->access.state, AccessState::kRequested);
    ASSERT_EQ(fresh->needs.size(), 1u);
    EXPECT_EQ(fresh->needs[0].kind, NeedKind::kShielding);
    // MDI keeps its own ENDED record and decision; a reader of both establishments' lists reads
    // the state where the prisoner is held.
    EXPECT_EQ(store_.state.access.at({"A1111AA", "MDI"}).state, AccessState::kEnded);
    EXPECT_EQ(store_.state.access.at({"A1111AA", "LEI"}).state, AccessState::kRequested);
    EXPECT_EQ(store_.state.decisions.count({"A1111AA", "MDI"}), 1u);
    auto states =
        service_.States(MakeActor("both", Role::kSecurity, {"MDI", "LEI"}), {P("A1111AA")});
    ASSERT_TRUE(states.ok()) << states.error().message;
    EXPECT_EQ(*states, std::vector<AccessState>{AccessState::kRequested});
}

// A prisoner who leaves (transferred or gone) while holding a handset leaves it flagged for
// recall at the establishment it belongs to, as a withdrawal does.
TEST_F(ImportEffectsTest, TransferOrGoneRecallsAHeldHandset) {
    HandsetService handsets(store_, clock_);
    for (const std::string number : {"A1111AA", "A2222BB"}) {
        Ready(number);
        ASSERT_TRUE(service_.GrantAccess(security_, number, {}, "").ok());
    }
    ASSERT_TRUE(service_.PublishWingList(security_, "MDI", "A").ok());
    const std::vector<std::pair<HandsetInput, std::string>> held = {
        {{"T1", "490154203237518", "Nokia 105", "8944100000000000018", "07700 900121", "S0001",
          "A"},
         "A1111AA"},
        {{"T2", "490154203237526", "Nokia 105", "8944100000000000026", "07700 900122", "S0002",
          "A"},
         "A2222BB"}};
    for (const auto& [input, number] : held) {
        ASSERT_TRUE(handsets.Add(spoc_, "MDI", input).ok());
        auto issued = handsets.Issue(officer_, input.tag, number, input.seal);
        ASSERT_TRUE(issued.ok()) << issued.error().message;
    }
    clock_.Advance(hours{1});
    // A1111AA arrives at LEI; A2222BB is in neither import: gone from MDI's full import.
    ASSERT_TRUE(prisoners_
                    .Import(leeds_security_, "LEI",
                            Csv({"A1111AA,John,Smith,1990-05-01,LEI,A,A-1-001,SENTENCED,C,,0,0,0"}),
                            true)
                    .ok());
    auto t1 = handsets.Get(spoc_, "T1");
    ASSERT_TRUE(t1.ok()) << t1.error().message;
    EXPECT_EQ(t1->handset.recall_requested_at, clock_.Now());
    EXPECT_EQ(t1->timeline.back().what, "RECALL_REQUESTED");
    EXPECT_EQ(t1->timeline.back().detail,
              "TMPP access of A1111AA ended on transfer to LEI: recall the handset");
    EXPECT_EQ(t1->timeline.back().by, "leeds");
    ASSERT_TRUE(prisoners_.Import(security_, "MDI", Csv({Row("A3333CC", "B")}), false).ok());
    auto t2 = handsets.Get(spoc_, "T2");
    ASSERT_TRUE(t2.ok()) << t2.error().message;
    EXPECT_EQ(t2->handset.recall_requested_at, clock_.Now());
    EXPECT_EQ(t2->timeline.back().detail,
              "TMPP access of A2222BB ended as the prisoner is gone: recall the handset");
    const auto audit = store_.AuditOf("handsets.recall_requested");
    ASSERT_EQ(audit.size(), 2u);
    for (const auto& entry : audit) EXPECT_EQ(entry.establishment, "MDI");
    // Each is still issued to its holder until it comes back.
    EXPECT_EQ(t1->handset.status, HandsetStatus::kIssued);
    EXPECT_EQ(t2->handset.status, HandsetStatus::kIssued);
}

TEST_F(ImportEffectsTest, ImportWithoutTmppRecordsChangesNothing) {
    ASSERT_TRUE(prisoners_.Import(security_, "MDI", Csv({Row("A1111AA", "A", "B")}), false).ok());
    EXPECT_TRUE(store_.AuditOf("tmpp.import_effects").empty());
}

// ---- helpers ----

TEST(AccessTextTest, FiredRulesRoundTrip) {
    std::vector<FiredRule> fired = {{"finds", 80, false, "phone_finds_12m = 3\t(cap)\\x\nend"},
                                    {"xel", 0, true, "alert XEL"}};
    auto back = DecodeFiredRules(EncodeFiredRules(fired));
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[0].evidence, fired[0].evidence);
    EXPECT_EQ((*back)[0].points, 80);
    EXPECT_TRUE((*back)[1].forces_red);
    EXPECT_TRUE(DecodeFiredRules("").value().empty());
    EXPECT_FALSE(DecodeFiredRules("a\tb").ok());
}

TEST(AccessTextTest, NamesRoundTrip) {
    for (auto k : AllNeedKinds()) EXPECT_EQ(ParseNeedKind(NeedKindName(k)), k);
    EXPECT_FALSE(ParseNeedKind("NOPE"));
    for (int i = 0; i <= static_cast<int>(AccessState::kEnded); ++i) {
        auto s = static_cast<AccessState>(i);
        EXPECT_EQ(ParseAccessState(AccessStateName(s)), s);
    }
    EXPECT_EQ(SplitNeeds(JoinNeeds(AllNeedKinds())).value(), AllNeedKinds());
    std::vector<RiskBand> bands = {RiskBand::kGreen, RiskBand::kAmber};
    EXPECT_EQ(SplitBands(JoinBands(bands)).value(), bands);
    EXPECT_TRUE(SplitList("").empty());
    EXPECT_EQ(DefaultPhaseTable().size(), 4u);
    EXPECT_FALSE(FindPhase(DefaultPhaseTable(), 7));
}

}  // namespace
}  // namespace warden::domain
