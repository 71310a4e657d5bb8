#include "domain/tmpp/access/grant_rule.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace warden::domain {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Prisoner MakePrisoner() {
    Prisoner p;
    p.prison_number = "A1111AA";
    p.establishment = "MDI";
    return p;
}

// Facts that allow a GREEN grant in phase 1 of the default table.
AccessFacts Ready(RiskBand band = RiskBand::kGreen) {
    AccessFacts f;
    Need n;
    n.id = 1;
    n.kind = NeedKind::kIsolating;
    f.needs.push_back(n);
    CompactVersion v;
    v.version = 1;
    f.versions.push_back(v);
    CompactSignature s;
    s.version = 1;
    s.establishment = "MDI";
    f.signatures.push_back(s);
    RiskDecision d;
    d.band = band;
    d.decided_at = kNow - hours{1};
    d.expires_at = kNow + days{90};
    f.decision = d;
    return f;
}

bool AllMet(const GrantRuling& r) {
    return std::all_of(r.checks.begin(), r.checks.end(), [](const GrantCheck& c) { return c.met; });
}

GrantRuling Rule(const AccessFacts& f, int phase = 1, const Prisoner& p = MakePrisoner(),
                 const std::vector<std::string>& wanted = {}) {
    return RuleOnGrant(p, f, phase, FindPhase(DefaultPhaseTable(), phase), wanted, kNow);
}

TEST(GrantRuleTest, ReadyFactsAllowAGrantWithEveryCheckMet) {
    auto r = Rule(Ready());
    EXPECT_TRUE(r.allowed());
    EXPECT_TRUE(AllMet(r));
    ASSERT_EQ(r.checks.size(), 6u);
    std::vector<std::string> ids;
    for (const auto& c : r.checks) ids.push_back(c.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"need", "compact", "decision", "band", "not_red",
                                             "present"}));
    EXPECT_EQ(r.checks[0].label, "Need recorded and qualifying in phase 1");
    EXPECT_EQ(r.checks[1].detail, "Signed version 1.");
    EXPECT_EQ(r.checks[2].detail, "GREEN, until 2027-02-20.");
    EXPECT_EQ(r.checks[5].detail, "In custody at MDI.");
    EXPECT_TRUE(r.conditions.empty());
}

TEST(GrantRuleTest, TheRefusalIsTheFirstUnmetRuleInTheGrantsOrder) {
    Prisoner gone = MakePrisoner();
    gone.gone = true;
    AccessFacts nothing;
    EXPECT_EQ(Rule(nothing, 1, gone).refusal, "prisoner is gone");
    EXPECT_EQ(Rule(nothing).refusal, "no need recorded");
    EXPECT_EQ(Rule(nothing).checks[0].detail, "No need is recorded.");

    AccessFacts granted = Ready();
    granted.grant = Grant{};
    EXPECT_EQ(Rule(granted).refusal, "they already have TMPP access");
    EXPECT_TRUE(AllMet(Rule(granted)));  // the checks hold, but there is a grant already

    AccessFacts unsigned_ = Ready();
    unsigned_.signatures.clear();
    EXPECT_EQ(Rule(unsigned_).refusal, "no signed compact");
    EXPECT_EQ(Rule(unsigned_).checks[1].detail, "No signed compact is recorded.");

    AccessFacts resign = Ready();
    CompactVersion v2;
    v2.version = 2;
    v2.requires_resign = true;
    resign.versions.push_back(v2);
    EXPECT_EQ(Rule(resign).refusal, "compact version 1 is out of date");
    EXPECT_EQ(Rule(resign).checks[1].detail, "Signed version 1; version 2 must be signed.");

    AccessFacts expired = Ready();
    expired.decision->expires_at = kNow - hours{1};
    EXPECT_EQ(Rule(expired).refusal, "the risk decision expired on 2026-11-22");
    EXPECT_EQ(Rule(expired).checks[2].detail, "The decision expired on 2026-11-22.");

    AccessFacts review = Ready();
    review.decision->needs_review = true;
    review.decision->review_reason = "a later import changed a risk input";
    EXPECT_EQ(Rule(review).refusal,
              "the risk decision needs review (a later import changed a risk input)");

    EXPECT_EQ(Rule(Ready(RiskBand::kRed)).refusal, "RED is never granted");
    EXPECT_EQ(Rule(Ready(RiskBand::kRed)).checks[4].detail, "RED is never granted.");
    EXPECT_EQ(Rule(Ready(), 0).refusal, "TMPP is not in use in phase 0");
    EXPECT_EQ(Rule(Ready(RiskBand::kAmber), 1).refusal, "band AMBER is not allowed in phase 1");

    AccessFacts other = Ready();
    other.needs[0].kind = NeedKind::kOther;
    EXPECT_EQ(Rule(other).refusal, "need OTHER does not qualify in phase 1");
    EXPECT_EQ(Rule(other).checks[0].detail, "Recorded: OTHER (does not qualify).");
}

TEST(GrantRuleTest, AnAmberGrantCarriesThePhasesConditions) {
    auto r = Rule(Ready(RiskBand::kAmber), 2, MakePrisoner(), {"CALLS_LOGGED"});
    EXPECT_TRUE(r.allowed()) << r.refusal.value_or("");
    EXPECT_EQ(r.conditions, (std::vector<std::string>{"CALLS_LOGGED", "SUPERVISED_USE"}));
    EXPECT_EQ(r.checks[3].detail,
              "AMBER may be granted in phase 2. It needs the condition SUPERVISED_USE, which is "
              "added.");
}

TEST(GrantRuleTest, TheChecklistAndTheRefusalAgree) {
    // Every combination of the facts: allowed exactly when every check is met and no grant is
    // active.
    for (int mask = 0; mask < 128; ++mask) {
        Prisoner p = MakePrisoner();
        p.gone = mask & 1;
        AccessFacts f = Ready((mask & 2) ? RiskBand::kAmber : RiskBand::kGreen);
        if (mask & 4) f.needs.clear();
        if (mask & 8) f.signatures.clear();
        if (mask & 16) f.decision.reset();
        if (mask & 32) f.grant = Grant{};
        const int phase = (mask & 64) ? 2 : 1;
        auto r = Rule(f, phase, p);
        EXPECT_EQ(r.allowed(), AllMet(r) && !f.grant) << "mask " << mask;
    }
}

}  // namespace
}  // namespace warden::domain
