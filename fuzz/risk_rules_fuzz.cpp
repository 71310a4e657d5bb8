// Fuzzes the risk-rules parser (ParseRiskRules in src/domain/tmpp/risk/risk_rules.hpp), which
// reads the rules files that TMPP_ADMIN uploads. On any bytes: no crash; an accepted file keeps
// every documented limit (thresholds, points, caps, ids, lists), describes itself in plain English,
// and scores a prisoner with the largest counts an import accepts without overflow (UBSan) into a
// score >= 0 whose band agrees with the thresholds.

#include <climits>
#include <set>
#include <string>

#include "domain/tmpp/risk/risk_rules.hpp"
#include "domain/tmpp/risk/risk_scorer.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace warden::domain;

void CheckRules(const RiskRules& rules) {
    FUZZ_CHECK(!rules.version.empty() && rules.version.size() <= 32, "version length");
    FUZZ_CHECK(1 <= rules.amber_at && rules.amber_at < rules.red_at && rules.red_at <= 1000000,
               "band thresholds");
    std::set<std::string> ids;
    for (const auto& rule : rules.rules) {
        FUZZ_CHECK(!rule.id.empty() && ids.insert(rule.id).second, "rule ids present and unique");
        FUZZ_CHECK(rule.points >= 0 && rule.points <= 1000, "points 0..1000");
        FUZZ_CHECK(!rule.forces_red || rule.points == 0, "a RED rule has no points");
        if (rule.cap) {
            FUZZ_CHECK(*rule.cap >= rule.points && *rule.cap <= 1000000, "cap range");
            FUZZ_CHECK(rule.kind == RiskRuleKind::kCount ||
                           (rule.kind == RiskRuleKind::kAlert && rule.per_each),
                       "cap only on counts and per=each alerts");
        }
        if (rule.kind == RiskRuleKind::kAlert) {
            FUZZ_CHECK(!rule.codes.empty() || !rule.prefixes.empty(), "an alert rule matches");
        }
        FUZZ_CHECK(rule.line >= 1, "rule line");
    }
    auto sentences = DescribeRules(rules);
    FUZZ_CHECK(sentences.size() == rules.rules.size(), "one sentence per rule");
    FUZZ_CHECK(!DescribeBands(rules).empty(), "bands described");
    FUZZ_CHECK(BandForScore(rules, 0) == RiskBand::kGreen, "score 0 is GREEN");
    FUZZ_CHECK(BandForScore(rules, rules.amber_at) == RiskBand::kAmber, "amber_at is AMBER");
    FUZZ_CHECK(BandForScore(rules, rules.red_at) == RiskBand::kRed, "red_at is RED");
}

void Score(const RiskRules& rules) {
    RiskScorer scorer(rules);
    Prisoner p;
    p.prison_number = "A1234BC";
    p.establishment = "MDI";
    p.wing = "A";
    p.alerts = {"P1", "P2", "P3", "PPRC", "XA", "XEL", "XSA"};
    p.phone_finds_12m = INT_MAX;  // the largest count ParseImport accepts
    p.phone_adjudications_12m = INT_MAX;
    p.phone_intel_12m = INT_MAX;
    for (int category = 0; category <= static_cast<int>(SecurityCategory::kU); ++category) {
        p.security_category = static_cast<SecurityCategory>(category);
        p.legal_status = static_cast<LegalStatus>(category % 4);
        Recommendation r = scorer.Score(p, RiskInputs{.previous_tmpp_tampering = true});
        FUZZ_CHECK(r.score >= 0, "a negative score");
        FUZZ_CHECK(r.rules_version == rules.version, "the score's rules version");
        bool red = false;
        for (const auto& fired : r.fired) red = red || fired.forces_red;
        FUZZ_CHECK(red || r.band == BandForScore(rules, r.score), "band disagrees with score");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parsed = ParseRiskRules(warden::fuzz::AsText(data, size));
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().message.empty(), "a refused file without a reason");
        return 0;
    }
    CheckRules(*parsed);
    Score(*parsed);
    return 0;
}
