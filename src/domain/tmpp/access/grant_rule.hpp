#pragma once
// The grant rule of TMPP access, in one place (DOMAIN.md, "TMPP: access, from need to the wing
// list"): the facts about a prisoner that the access state and the grant look at, and one function
// that rules on a grant, giving both the checklist the grant page shows and the first unmet rule a
// refused grant names.

#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/access/access.hpp"

namespace warden::domain {

/// Everything the access state and the grant rule look at for one prisoner.
struct AccessFacts {
    AccessRecord access;
    std::vector<Need> needs;                   // current: recorded after the last withdrawal or end
    std::vector<CompactVersion> versions;      // of the prisoner's establishment
    std::vector<CompactSignature> signatures;  // at the prisoner's establishment
    std::optional<RiskDecision> decision;
    std::optional<Grant> grant;  // the active grant
};

/// Reads the facts of `p` in `scope`, the caller's (which includes `p`).
Result<AccessFacts> LoadAccessFacts(Repositories& repos, const Prisoner& p, const Scope& scope);
/// Reads only what a read of `p`'s access shows: `access`, `needs` and `grant` of `f` (three
/// statements, where LoadAccessFacts runs six).
Status LoadAccessState(Repositories& repos, const Prisoner& p, const Scope& scope, AccessFacts& f);

/// Why the compact does not allow a grant ("no signed compact", "compact version 1 is out of
/// date"), or nullopt when a valid one is signed.
std::optional<std::string> CompactProblem(const AccessFacts& f);
/// Why the decision does not allow a grant ("no risk decision", "the risk decision expired on
/// ...", "the risk decision needs review (...)"), or nullopt when it does.
std::optional<std::string> DecisionProblem(const AccessFacts& f, TimePoint now);

/// One condition of a grant, as the task list shows it.
struct GrantCheck {
    std::string id;     // "need", "compact", "decision", "band", "not_red", "present"
    std::string label;  // "Need recorded and qualifying in phase 1"
    bool met = false;
    std::string detail;  // why it holds or not
};

/// The grant rule applied to one prisoner.
struct GrantRuling {
    /// The conditions of a grant, in the task list's order: need, compact, decision, band,
    /// not_red, present.
    std::vector<GrantCheck> checks;
    /// The conditions a grant would carry: the wanted ones and the phase's AMBER conditions.
    std::vector<std::string> conditions;
    /// The first unmet rule, as a refused grant names it ("prisoner is gone", "they already have
    /// TMPP access", "no need recorded", the compact's, the decision's, then PhaseRuleProblem's);
    /// nullopt when the grant is allowed, which is when every check is met and there is no active
    /// grant.
    std::optional<std::string> refusal;

    bool allowed() const { return !refusal.has_value(); }
};

/// Rules on granting `p` (with `facts`) TMPP access at `now` in `phase` (`rule`: that phase of the
/// establishment's table; nullopt when it has none) with the `wanted` conditions (codes, without
/// duplicates).
GrantRuling RuleOnGrant(const Prisoner& p, const AccessFacts& facts, int phase,
                        const std::optional<PhaseRule>& rule,
                        const std::vector<std::string>& wanted, TimePoint now);

}  // namespace warden::domain
