#pragma once
// The TMPP risk rules in force (DOMAIN.md, "TMPP: the risk algorithm"): the newest rules file an
// ADMIN stored, or the shipped defaults while there is none. The rules live in the database, so
// every process sharing it applies the same ones; only parsed scorers are cached here, by version
// (a stored version never changes).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/access/access.hpp"
#include "domain/tmpp/risk/risk_scorer.hpp"

namespace warden::domain {

/// The rules in force and the replacements stored so far.
struct RiskRulesView {
    std::shared_ptr<const RiskScorer> scorer;  // the rules in force, parsed
    std::optional<StoredRiskRules> stored;     // none: the shipped defaults are in force
    std::vector<StoredRiskRules> history;      // every stored file, newest first
};

/// Reads, caches and replaces the TMPP risk rules.
class RiskRulesService {
  public:
    /// Most characters a rules file may have.
    static constexpr size_t kMaxRulesLength = 200000;

    RiskRulesService(Store& store, const Clock& clock);

    /// The scorer of the rules in force, read in the caller's transaction.
    Result<std::shared_ptr<const RiskScorer>> InForce(Repositories& repos);

    /// The scorer of the rules in force, in a read of its own (any signed-in user).
    Result<std::shared_ptr<const RiskScorer>> Current(const Actor& by);

    /// The rules in force and the history (any signed-in user: the rules are transparent).
    Result<RiskRulesView> Rules(const Actor& by);

    /// ADMIN replaces the rules: `text` is validated with ParseRiskRules (kInvalidInput
    /// "line N: problem", the old rules staying in force); kConflict when its version exists.
    Result<StoredRiskRules> Replace(const Actor& by, const std::string& text);

  private:
    Result<std::shared_ptr<const RiskScorer>> ScorerFor(const std::optional<StoredRiskRules>& s);

    Store& store_;
    const Clock& clock_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const RiskScorer>> cache_;  // by version
};

}  // namespace warden::domain
