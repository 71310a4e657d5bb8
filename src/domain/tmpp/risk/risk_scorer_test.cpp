#include "domain/tmpp/risk/risk_scorer.hpp"

#include <gtest/gtest.h>

namespace warden::domain {
namespace {

// A sentenced, category C prisoner with nothing against them.
Prisoner Clean() {
    Prisoner p;
    p.prison_number = "A1234BC";
    p.establishment = "MDI";
    p.wing = "A";
    p.legal_status = LegalStatus::kSentenced;
    p.security_category = SecurityCategory::kC;
    return p;
}

Prisoner WithAlerts(std::vector<std::string> alerts) {
    Prisoner p = Clean();
    p.alerts = std::move(alerts);
    return p;
}

const RiskScorer& Default() {
    static const RiskScorer scorer(DefaultRiskRules());
    return scorer;
}

RiskRules MustParse(const std::string& text) {
    auto r = ParseRiskRules(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(r).value() : RiskRules{};
}

// The single rule that fired; fails the test when not exactly one fired.
FiredRule Only(const Recommendation& r) {
    EXPECT_EQ(r.fired.size(), 1u);
    return r.fired.empty() ? FiredRule{} : r.fired[0];
}

std::vector<std::string> Ids(const Recommendation& r) {
    std::vector<std::string> ids;
    for (const FiredRule& f : r.fired) ids.push_back(f.rule_id);
    return ids;
}

void ExpectRedOverride(const Recommendation& r, const std::string& id,
                       const std::string& evidence) {
    EXPECT_EQ(r.band, RiskBand::kRed);
    EXPECT_EQ(r.score, 0);
    FiredRule f = Only(r);
    EXPECT_EQ(f.rule_id, id);
    EXPECT_EQ(f.points, 0);
    EXPECT_TRUE(f.forces_red);
    EXPECT_EQ(f.evidence, evidence);
}

TEST(RiskScorerTest, CleanPrisonerIsGreenWithNothingFired) {
    auto r = Default().Score(Clean());
    EXPECT_EQ(r.rules_version, "default-1");
    EXPECT_EQ(r.score, 0);
    EXPECT_EQ(r.band, RiskBand::kGreen);
    EXPECT_TRUE(r.fired.empty());
}

TEST(RiskScorerTest, EachContactRestrictionAlertForcesRed) {
    for (std::string code :
         {"PPRC", "C1", "C2", "C3", "C4", "CC1", "CC2", "CC3", "CC4", "OHCO", "ONCR"}) {
        SCOPED_TRACE(code);
        ExpectRedOverride(Default().Score(WithAlerts({code})), "contact_restrictions",
                          "alert " + code);
    }
}

TEST(RiskScorerTest, SeveralContactRestrictionsFireOnceListingEach) {
    ExpectRedOverride(Default().Score(WithAlerts({"C1", "CC2", "PPRC"})), "contact_restrictions",
                      "alerts C1, CC2, PPRC");
}

TEST(RiskScorerTest, NearMissAlertCodesDoNotMatch) {
    for (std::string code : {"C5", "CC5", "C", "CC", "OHC", "PPR", "XE", "P4", "PVN"}) {
        SCOPED_TRACE(code);
        auto r = Default().Score(WithAlerts({code}));
        EXPECT_TRUE(r.fired.empty());
        EXPECT_EQ(r.band, RiskBand::kGreen);
    }
}

TEST(RiskScorerTest, CategoryAForcesRed) {
    Prisoner p = Clean();
    p.security_category = SecurityCategory::kA;
    ExpectRedOverride(Default().Score(p), "category_a", "category A");
}

TEST(RiskScorerTest, EscapeListForcesRed) {
    ExpectRedOverride(Default().Score(WithAlerts({"XEL"})), "escape_list", "alert XEL");
}

TEST(RiskScorerTest, PreviousTamperingForcesRed) {
    ExpectRedOverride(Default().Score(Clean(), RiskInputs{.previous_tmpp_tampering = true}),
                      "previous_tampering", "previous_tmpp_tampering = yes");
    EXPECT_TRUE(
        Default().Score(Clean(), RiskInputs{.previous_tmpp_tampering = false}).fired.empty());
}

TEST(RiskScorerTest, RedOverrideKeepsTheScoreOfOtherRules) {
    Prisoner p = Clean();
    p.security_category = SecurityCategory::kA;
    p.phone_intel_12m = 1;
    auto r = Default().Score(p);
    EXPECT_EQ(r.score, 15);
    EXPECT_EQ(r.band, RiskBand::kRed);
    EXPECT_EQ(Ids(r), (std::vector<std::string>{"category_a", "phone_intel"}));
    EXPECT_TRUE(r.fired[0].forces_red);
    EXPECT_FALSE(r.fired[1].forces_red);
}

TEST(RiskScorerTest, PhoneFindsScore40EachCappedAt80) {
    struct Case {
        int n;
        int points;
        std::string evidence;
    };
    for (const Case& c :
         {Case{1, 40, "phone_finds_12m = 1 (40 × 1)"}, Case{2, 80, "phone_finds_12m = 2 (40 × 2)"},
          Case{3, 80, "phone_finds_12m = 3 (40 × 3, capped at 80)"},
          Case{10, 80, "phone_finds_12m = 10 (40 × 10, capped at 80)"}}) {
        SCOPED_TRACE(c.n);
        Prisoner p = Clean();
        p.phone_finds_12m = c.n;
        auto r = Default().Score(p);
        EXPECT_EQ(r.score, c.points);
        FiredRule f = Only(r);
        EXPECT_EQ(f.rule_id, "phone_finds");
        EXPECT_EQ(f.points, c.points);
        EXPECT_FALSE(f.forces_red);
        EXPECT_EQ(f.evidence, c.evidence);
    }
}

TEST(RiskScorerTest, PhoneAdjudicationsScore25EachCappedAt50) {
    struct Case {
        int n;
        int points;
        std::string evidence;
    };
    for (const Case& c : {Case{1, 25, "phone_adjudications_12m = 1 (25 × 1)"},
                          Case{2, 50, "phone_adjudications_12m = 2 (25 × 2)"},
                          Case{3, 50, "phone_adjudications_12m = 3 (25 × 3, capped at 50)"}}) {
        SCOPED_TRACE(c.n);
        Prisoner p = Clean();
        p.phone_adjudications_12m = c.n;
        auto r = Default().Score(p);
        EXPECT_EQ(r.score, c.points);
        FiredRule f = Only(r);
        EXPECT_EQ(f.rule_id, "phone_adjudications");
        EXPECT_EQ(f.points, c.points);
        EXPECT_EQ(f.evidence, c.evidence);
    }
}

TEST(RiskScorerTest, PhoneIntelScore15EachCappedAt45) {
    struct Case {
        int n;
        int points;
        std::string evidence;
    };
    for (const Case& c :
         {Case{1, 15, "phone_intel_12m = 1 (15 × 1)"}, Case{2, 30, "phone_intel_12m = 2 (15 × 2)"},
          Case{3, 45, "phone_intel_12m = 3 (15 × 3)"},
          Case{4, 45, "phone_intel_12m = 4 (15 × 4, capped at 45)"}}) {
        SCOPED_TRACE(c.n);
        Prisoner p = Clean();
        p.phone_intel_12m = c.n;
        auto r = Default().Score(p);
        EXPECT_EQ(r.score, c.points);
        FiredRule f = Only(r);
        EXPECT_EQ(f.rule_id, "phone_intel");
        EXPECT_EQ(f.points, c.points);
        EXPECT_EQ(f.evidence, c.evidence);
    }
}

TEST(RiskScorerTest, ZeroOrNegativeCountsDoNotFire) {
    Prisoner p = Clean();
    p.phone_finds_12m = -2;  // bad data never scores
    p.phone_adjudications_12m = 0;
    EXPECT_TRUE(Default().Score(p).fired.empty());
}

TEST(RiskScorerTest, EachSeriousHarmAlertScores30) {
    for (std::string code : {"XOCGN", "RSP", "RDV"}) {
        SCOPED_TRACE(code);
        auto r = Default().Score(WithAlerts({code}));
        EXPECT_EQ(r.score, 30);
        EXPECT_EQ(r.band, RiskBand::kAmber);
        FiredRule f = Only(r);
        EXPECT_EQ(f.rule_id, "serious_harm_alerts");
        EXPECT_EQ(f.points, 30);
        EXPECT_EQ(f.evidence, "alert " + code + " (30 × 1)");
    }
}

TEST(RiskScorerTest, SeriousHarmAlertsAddUp) {
    auto two = Default().Score(WithAlerts({"RDV", "RSP"}));
    EXPECT_EQ(two.score, 60);
    EXPECT_EQ(two.band, RiskBand::kRed);
    EXPECT_EQ(Only(two).evidence, "alerts RDV, RSP (30 × 2)");
    auto three = Default().Score(WithAlerts({"RDV", "RSP", "XOCGN"}));
    EXPECT_EQ(three.score, 90);
    EXPECT_EQ(Only(three).points, 90);
    EXPECT_EQ(Only(three).evidence, "alerts RDV, RSP, XOCGN (30 × 3)");
}

TEST(RiskScorerTest, TerrorismActAlertScores30) {
    auto r = Default().Score(WithAlerts({"XTACT"}));
    EXPECT_EQ(r.score, 30);
    FiredRule f = Only(r);
    EXPECT_EQ(f.rule_id, "terrorism_or_mappa");
    EXPECT_EQ(f.points, 30);
    EXPECT_EQ(f.evidence, "alert XTACT");
}

TEST(RiskScorerTest, EachMappaLevelScores30) {
    for (std::string code : {"P1", "P2", "P3"}) {
        SCOPED_TRACE(code);
        auto r = Default().Score(WithAlerts({code}));
        EXPECT_EQ(r.score, 30);
        EXPECT_EQ(Only(r).rule_id, "terrorism_or_mappa");
        EXPECT_EQ(Only(r).evidence, "alert " + code);
    }
}

TEST(RiskScorerTest, TerrorismAndMappaScoreOnceTogether) {
    auto r = Default().Score(WithAlerts({"P1", "P2", "XTACT"}));
    EXPECT_EQ(r.score, 30);
    EXPECT_EQ(Only(r).points, 30);
    EXPECT_EQ(Only(r).evidence, "alerts P1, P2, XTACT");
}

TEST(RiskScorerTest, PprcIsContactRestrictionNotMappa) {
    auto r = Default().Score(WithAlerts({"PPRC"}));
    EXPECT_EQ(Ids(r), std::vector<std::string>{"contact_restrictions"});
    EXPECT_EQ(r.score, 0);
}

TEST(RiskScorerTest, OnlyRemandScores10) {
    for (LegalStatus s :
         {LegalStatus::kRemand, LegalStatus::kConvictedUnsentenced, LegalStatus::kSentenced,
          LegalStatus::kRecall, LegalStatus::kImmigrationDetainee, LegalStatus::kCivilPrisoner,
          LegalStatus::kOther}) {
        SCOPED_TRACE(std::string(LegalStatusName(s)));
        Prisoner p = Clean();
        p.legal_status = s;
        auto r = Default().Score(p);
        if (s == LegalStatus::kRemand) {
            EXPECT_EQ(r.score, 10);
            FiredRule f = Only(r);
            EXPECT_EQ(f.rule_id, "remand");
            EXPECT_EQ(f.points, 10);
            EXPECT_EQ(f.evidence, "legal status REMAND");
        } else {
            EXPECT_TRUE(r.fired.empty());
        }
    }
}

TEST(RiskScorerTest, CategoryBScores15AndOtherCategoriesNothing) {
    for (SecurityCategory c : {SecurityCategory::kB, SecurityCategory::kC, SecurityCategory::kD,
                               SecurityCategory::kYoi, SecurityCategory::kU}) {
        SCOPED_TRACE(std::string(SecurityCategoryName(c)));
        Prisoner p = Clean();
        p.security_category = c;
        auto r = Default().Score(p);
        if (c == SecurityCategory::kB) {
            EXPECT_EQ(r.score, 15);
            EXPECT_EQ(r.band, RiskBand::kGreen);
            EXPECT_EQ(Only(r).rule_id, "category_b");
            EXPECT_EQ(Only(r).evidence, "category B");
        } else {
            EXPECT_TRUE(r.fired.empty());
        }
    }
}

TEST(RiskScorerTest, DefaultBandsOnCombinedScores) {
    Prisoner p = Clean();
    p.legal_status = LegalStatus::kRemand;
    p.security_category = SecurityCategory::kB;
    auto r25 = Default().Score(p);  // 10 + 15
    EXPECT_EQ(r25.score, 25);
    EXPECT_EQ(r25.band, RiskBand::kGreen);

    p.legal_status = LegalStatus::kSentenced;
    p.phone_intel_12m = 1;  // 15 + 15
    auto r30 = Default().Score(p);
    EXPECT_EQ(r30.score, 30);
    EXPECT_EQ(r30.band, RiskBand::kAmber);

    p.phone_intel_12m = 0;
    p.phone_finds_12m = 1;  // 40 + 15
    auto r55 = Default().Score(p);
    EXPECT_EQ(r55.score, 55);
    EXPECT_EQ(r55.band, RiskBand::kAmber);

    auto r60 = Default().Score(WithAlerts({"RSP", "XTACT"}));  // 30 + 30
    EXPECT_EQ(r60.score, 60);
    EXPECT_EQ(r60.band, RiskBand::kRed);
}

TEST(RiskScorerTest, BandEdgesAt29And30And59And60) {
    RiskScorer scorer(
        MustParse("version edges\nband amber_at=30 red_at=60\n"
                  "rule id=one kind=count input=phone_intel_12m points=1 "
                  "description=One point each\n"));
    struct Case {
        int score;
        RiskBand band;
    };
    for (const Case& c :
         {Case{0, RiskBand::kGreen}, Case{29, RiskBand::kGreen}, Case{30, RiskBand::kAmber},
          Case{59, RiskBand::kAmber}, Case{60, RiskBand::kRed}, Case{61, RiskBand::kRed}}) {
        SCOPED_TRACE(c.score);
        Prisoner p = Clean();
        p.phone_intel_12m = c.score;
        auto r = scorer.Score(p);
        EXPECT_EQ(r.score, c.score);
        EXPECT_EQ(r.band, c.band);
    }
}

TEST(RiskScorerTest, EverythingAtOnceInRulesFileOrder) {
    Prisoner p = WithAlerts({"C2", "P2", "RSP", "XEL", "XTACT"});
    p.security_category = SecurityCategory::kB;
    p.legal_status = LegalStatus::kRemand;
    p.phone_finds_12m = 3;
    p.phone_adjudications_12m = 1;
    p.phone_intel_12m = 2;
    auto r = Default().Score(p, RiskInputs{.previous_tmpp_tampering = true});
    EXPECT_EQ(r.rules_version, "default-1");
    EXPECT_EQ(r.score, 80 + 25 + 30 + 30 + 30 + 10 + 15);
    EXPECT_EQ(r.band, RiskBand::kRed);
    EXPECT_EQ(Ids(r), (std::vector<std::string>{
                          "contact_restrictions", "escape_list", "previous_tampering",
                          "phone_finds", "phone_adjudications", "phone_intel",
                          "serious_harm_alerts", "terrorism_or_mappa", "remand", "category_b"}));
    std::vector<std::string> evidence;
    std::vector<int> points;
    for (const FiredRule& f : r.fired) {
        evidence.push_back(f.evidence);
        points.push_back(f.points);
    }
    EXPECT_EQ(evidence,
              (std::vector<std::string>{"alert C2", "alert XEL", "previous_tmpp_tampering = yes",
                                        "phone_finds_12m = 3 (40 × 3, capped at 80)",
                                        "phone_adjudications_12m = 1 (25 × 1)",
                                        "phone_intel_12m = 2 (15 × 2)", "alert RSP (30 × 1)",
                                        "alerts P2, XTACT", "legal status REMAND", "category B"}));
    EXPECT_EQ(points, (std::vector<int>{0, 0, 0, 80, 25, 30, 30, 30, 10, 15}));
}

TEST(RiskScorerTest, AmberWithoutOverrides) {
    Prisoner p = WithAlerts({"XOCGN"});
    p.phone_adjudications_12m = 1;
    auto r = Default().Score(p);
    EXPECT_EQ(r.score, 55);
    EXPECT_EQ(r.band, RiskBand::kAmber);
    EXPECT_EQ(Ids(r), (std::vector<std::string>{"phone_adjudications", "serious_harm_alerts"}));
}

TEST(RiskScorerTest, CustomRulesAndVersionAreCarried) {
    RiskScorer scorer(MustParse(
        "version local-7\nband amber_at=5 red_at=10\n"
        "rule id=finds_red kind=count input=phone_finds_12m points=red description=Any find\n"
        "rule id=harm kind=alert codes=RSP prefixes=R per=each points=3 cap=4 description=R\n"
        "rule id=tamper kind=flag input=previous_tmpp_tampering points=2 description=T\n"
        "rule id=open kind=category categories=C,D points=0 description=Open\n"
        "rule id=unsentenced kind=legal_status statuses=REMAND,CONVICTED_UNSENTENCED points=1 "
        "description=U\n"));
    EXPECT_EQ(scorer.rules().version, "local-7");

    Prisoner p = WithAlerts({"RDV", "RSP", "XEL"});
    p.legal_status = LegalStatus::kConvictedUnsentenced;
    auto r = scorer.Score(p, RiskInputs{.previous_tmpp_tampering = true});
    EXPECT_EQ(r.rules_version, "local-7");
    EXPECT_EQ(r.score, 4 + 2 + 0 + 1);
    EXPECT_EQ(r.band, RiskBand::kAmber);
    ASSERT_EQ(r.fired.size(), 4u);
    EXPECT_EQ(r.fired[0].evidence, "alerts RDV, RSP (3 × 2, capped at 4)");
    EXPECT_EQ(r.fired[0].points, 4);
    EXPECT_EQ(r.fired[1].evidence, "previous_tmpp_tampering = yes");
    EXPECT_EQ(r.fired[1].points, 2);
    EXPECT_EQ(r.fired[2].rule_id, "open");
    EXPECT_EQ(r.fired[2].points, 0);
    EXPECT_EQ(r.fired[2].evidence, "category C");
    EXPECT_EQ(r.fired[3].evidence, "legal status CONVICTED_UNSENTENCED");

    p.phone_finds_12m = 2;
    auto red = scorer.Score(p);
    EXPECT_EQ(red.band, RiskBand::kRed);
    EXPECT_EQ(red.fired[0].rule_id, "finds_red");
    EXPECT_EQ(red.fired[0].evidence, "phone_finds_12m = 2");
    EXPECT_EQ(red.fired[0].points, 0);
    EXPECT_TRUE(red.fired[0].forces_red);
}

TEST(RiskScorerTest, UncappedCountsDoNotOverflow) {
    RiskScorer scorer(
        MustParse("version big\nband amber_at=1 red_at=2\n"
                  "rule id=a kind=count input=phone_finds_12m points=1000 "
                  "description=A\n"
                  "rule id=b kind=count input=phone_intel_12m points=1000 "
                  "description=B\n"));
    Prisoner p = Clean();
    p.phone_finds_12m = 2000000000;
    p.phone_intel_12m = 2000000000;
    auto r = scorer.Score(p);
    EXPECT_EQ(r.score, 2147483647);
    EXPECT_EQ(r.band, RiskBand::kRed);
}

TEST(RiskScorerTest, ScoreIntoReusesAndResetsTheOutput) {
    Recommendation out;
    Prisoner p = WithAlerts({"XEL"});
    Default().ScoreInto(p, {}, out);
    EXPECT_EQ(out.band, RiskBand::kRed);
    Default().ScoreInto(Clean(), {}, out);
    EXPECT_EQ(out.band, RiskBand::kGreen);
    EXPECT_EQ(out.score, 0);
    EXPECT_TRUE(out.fired.empty());
}

TEST(RiskScorerTest, ScoreManyMatchesScoreInOrder) {
    std::vector<Prisoner> prisoners;
    for (int i = 0; i < 50; ++i) {
        Prisoner p = Clean();
        p.prison_number = "A" + std::to_string(1000 + i) + "BC";
        p.phone_finds_12m = i % 3;
        p.phone_intel_12m = i % 4;
        if (i % 5 == 0) p.alerts = {"RSP"};
        if (i % 7 == 0) p.security_category = SecurityCategory::kB;
        prisoners.push_back(p);
    }
    auto inputs = [](const Prisoner& p) {
        return RiskInputs{.previous_tmpp_tampering = p.prison_number == "A1013BC"};
    };
    auto many = Default().ScoreMany(prisoners, inputs);
    ASSERT_EQ(many.size(), prisoners.size());
    for (size_t i = 0; i < prisoners.size(); ++i) {
        SCOPED_TRACE(i);
        auto one = Default().Score(prisoners[i], inputs(prisoners[i]));
        EXPECT_EQ(many[i].rules_version, one.rules_version);
        EXPECT_EQ(many[i].score, one.score);
        EXPECT_EQ(many[i].band, one.band);
        ASSERT_EQ(many[i].fired.size(), one.fired.size());
        for (size_t j = 0; j < one.fired.size(); ++j) {
            EXPECT_EQ(many[i].fired[j].rule_id, one.fired[j].rule_id);
            EXPECT_EQ(many[i].fired[j].points, one.fired[j].points);
            EXPECT_EQ(many[i].fired[j].forces_red, one.fired[j].forces_red);
            EXPECT_EQ(many[i].fired[j].evidence, one.fired[j].evidence);
        }
    }
    EXPECT_EQ(many[13].band, RiskBand::kRed);
    EXPECT_EQ(many[13].fired[0].rule_id, "previous_tampering");
}

TEST(RiskScorerTest, ScoreManyWithoutInputsOrPrisoners) {
    EXPECT_TRUE(Default().ScoreMany({}).empty());
    auto r = Default().ScoreMany({Clean(), WithAlerts({"XEL"})});
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].band, RiskBand::kGreen);
    EXPECT_EQ(r[1].band, RiskBand::kRed);
}

}  // namespace
}  // namespace warden::domain
