#pragma once
// The TMPP risk scorer: deterministic and explainable (DOMAIN.md, "TMPP: the risk algorithm").
// Built once from a RiskRules, it scores one prisoner or a whole estate; every result carries the
// rules version, the score, the band and each rule that fired with its points and evidence.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/prisoners/prisoner.hpp"
#include "domain/tmpp/risk/risk_rules.hpp"

namespace warden::domain {

/// Risk inputs that are not on the prisoner record; the caller supplies them.
struct RiskInputs {
    bool previous_tmpp_tampering = false;
    /// The references of the tampering incidents behind previous_tmpp_tampering ("MDI-TMPP-
    /// 2026-00042, ..."), the rule's evidence: codes only, never another establishment's text.
    std::string tampering_references;
};

/// One rule that applied to a prisoner, with why.
struct FiredRule {
    std::string rule_id;
    int points = 0;           // 0 for a RED rule
    bool forces_red = false;  // the band is RED whatever the score
    std::string evidence;     // "phone_finds_12m = 3 (40 × 3, capped at 80)", "alert XEL"
};

/// The algorithm's recommendation for one prisoner.
struct Recommendation {
    std::string rules_version;
    int score = 0;
    RiskBand band = RiskBand::kGreen;
    std::vector<FiredRule> fired;  // in rules-file order
};

/// Scores prisoners against one set of rules; immutable, so safe to share between threads.
class RiskScorer {
  public:
    /// Precomputes the lookups of `rules` (which must come from ParseRiskRules).
    explicit RiskScorer(RiskRules rules);

    /// The rules this scorer applies.
    const RiskRules& rules() const { return rules_; }

    /// Scores one prisoner.
    Recommendation Score(const Prisoner& p, const RiskInputs& extra = {}) const;

    /// Scores one prisoner into `out`, reusing its buffers (for tight loops).
    void ScoreInto(const Prisoner& p, const RiskInputs& extra, Recommendation& out) const;

    /// Scores many prisoners, in order; `inputs` may be empty (no extra inputs for anyone).
    std::vector<Recommendation> ScoreMany(
        const std::vector<Prisoner>& prisoners,
        const std::function<RiskInputs(const Prisoner&)>& inputs = {}) const;

  private:
    // A rule with its lookups precomputed.
    struct Compiled {
        RiskRuleKind kind;
        RiskInput input;
        bool forces_red;
        bool per_each;
        int points;
        std::int64_t cap;                       // -1: no cap
        std::uint32_t category_mask;            // bit per SecurityCategory
        std::uint32_t status_mask;              // bit per LegalStatus
        std::vector<std::string> sorted_codes;  // for binary search
        std::vector<std::string> prefixes;
    };

    static bool AlertMatches(const Compiled& c, const std::string& alert);

    RiskRules rules_;
    std::vector<Compiled> compiled_;
};

}  // namespace warden::domain
