#include "domain/tmpp/access/grant_rule.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace warden::domain {

namespace {

std::string DateOf(TimePoint t) {
    return FormatDate(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)});
}

// The compact version a grant needs signed (0 when there is no compact) and the best signed.
struct CompactStanding {
    int needed = 0;
    int best = 0;
};

CompactStanding StandingOf(const AccessFacts& f) {
    CompactStanding s;
    s.needed = f.versions.empty() ? 0 : 1;
    for (const auto& v : f.versions) {
        if (v.requires_resign) s.needed = std::max(s.needed, v.version);
    }
    for (const auto& sig : f.signatures) s.best = std::max(s.best, sig.version);
    return s;
}

bool Has(const auto& list, const auto& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

GrantCheck NeedCheck(const AccessFacts& f, const std::optional<PhaseRule>& rule,
                     const std::string& in_phase) {
    GrantCheck need{"need", "Need recorded and qualifying" + in_phase, false, {}};
    if (f.needs.empty()) {
        need.detail = "No need is recorded.";
        return need;
    }
    std::vector<std::string> kinds;
    for (const auto& n : f.needs) {
        const bool ok = rule && Has(rule->needs, n.kind);
        need.met = need.met || ok;
        kinds.push_back(std::string(NeedKindName(n.kind)) + (ok ? "" : " (does not qualify)"));
    }
    need.detail = "Recorded: " + Join(kinds, ", ") + ".";
    return need;
}

GrantCheck CompactCheck(const Prisoner& p, const AccessFacts& f) {
    GrantCheck compact{"compact", "Compact signed at the current version", false, {}};
    const CompactStanding s = StandingOf(f);
    if (f.versions.empty()) {
        compact.detail = p.establishment + " has no compact yet.";
    } else if (s.best == 0) {
        compact.detail = "No signed compact is recorded.";
    } else if (s.best < s.needed) {
        compact.detail = "Signed version " + std::to_string(s.best) + "; version " +
                         std::to_string(s.needed) + " must be signed.";
    } else {
        compact.met = true;
        compact.detail = "Signed version " + std::to_string(s.best) + ".";
    }
    return compact;
}

GrantCheck DecisionCheck(const AccessFacts& f, TimePoint now) {
    GrantCheck decision{"decision", "Risk decision in force and not expired", false, {}};
    if (!f.decision) {
        decision.detail = "No risk decision is recorded.";
    } else if (now >= f.decision->expires_at) {
        decision.detail = "The decision expired on " + DateOf(f.decision->expires_at) + ".";
    } else if (f.decision->needs_review) {
        decision.detail = "The decision needs review: " + f.decision->review_reason + ".";
    } else {
        decision.met = true;
        decision.detail = std::string(RiskBandName(f.decision->band)) + ", until " +
                          DateOf(f.decision->expires_at) + ".";
    }
    return decision;
}

// The "band" and "not_red" checks.
std::pair<GrantCheck, GrantCheck> BandChecks(const AccessFacts& f,
                                             const std::optional<PhaseRule>& rule,
                                             const std::string& in_phase) {
    GrantCheck band{"band", "Band allowed" + in_phase, false, {}};
    GrantCheck not_red{"not_red", "Band is not RED", false, {}};
    if (!f.decision) {
        band.detail = not_red.detail = "No band is decided.";
        return {band, not_red};
    }
    const RiskBand b = f.decision->band;
    const std::string name(RiskBandName(b));
    band.met = rule && Has(rule->bands, b);
    band.detail = name + (band.met ? " may be granted" : " may not be granted") + in_phase + ".";
    if (band.met && b == RiskBand::kAmber && !rule->amber_conditions.empty()) {
        band.detail +=
            " It needs the condition " + Join(rule->amber_conditions, ", ") + ", which is added.";
    }
    not_red.met = b != RiskBand::kRed;
    not_red.detail = not_red.met ? name + "." : "RED is never granted.";
    return {band, not_red};
}

// The first unmet rule, in the order a grant names it.
std::optional<std::string> Refusal(const Prisoner& p, const AccessFacts& f, int phase,
                                   const std::optional<PhaseRule>& rule,
                                   const std::vector<std::string>& conditions, TimePoint now) {
    if (p.gone) return "prisoner is gone";
    if (f.grant) return "they already have TMPP access";
    if (f.needs.empty()) return "no need recorded";
    if (auto problem = CompactProblem(f)) return problem;
    if (auto problem = DecisionProblem(f, now)) return problem;
    return PhaseRuleProblem(rule, phase, f.decision->band, f.needs, conditions);
}

}  // namespace

Status LoadAccessState(Repositories& repos, const Prisoner& p, const Scope& scope, AccessFacts& f) {
    WARDEN_ASSIGN_OR_RETURN(f.access, repos.access.GetAccess(p.prison_number, scope));
    WARDEN_ASSIGN_OR_RETURN(auto needs, repos.needs.NeedsOf(p.prison_number, scope));
    for (auto& n : needs) {
        if (n.id > f.access.ended_need_id) f.needs.push_back(std::move(n));
    }
    WARDEN_ASSIGN_OR_RETURN(f.grant, repos.grants.ActiveGrant(p.prison_number, scope));
    return Ok();
}

Result<AccessFacts> LoadAccessFacts(Repositories& repos, const Prisoner& p, const Scope& scope) {
    AccessFacts f;
    WARDEN_TRY(LoadAccessState(repos, p, scope, f));
    WARDEN_ASSIGN_OR_RETURN(f.versions, repos.compacts.CompactVersions(p.establishment, scope));
    WARDEN_ASSIGN_OR_RETURN(auto signatures, repos.compacts.SignaturesOf(p.prison_number, scope));
    for (auto& s : signatures) {
        if (s.establishment == p.establishment) f.signatures.push_back(std::move(s));
    }
    WARDEN_ASSIGN_OR_RETURN(f.decision, repos.risk.GetDecision(p.prison_number, scope));
    return f;
}

std::optional<std::string> CompactProblem(const AccessFacts& f) {
    if (f.versions.empty() || f.signatures.empty()) return "no signed compact";
    const CompactStanding s = StandingOf(f);
    if (s.best < s.needed) return "compact version " + std::to_string(s.best) + " is out of date";
    return std::nullopt;
}

std::optional<std::string> DecisionProblem(const AccessFacts& f, TimePoint now) {
    if (!f.decision) return "no risk decision";
    if (now >= f.decision->expires_at) {
        return "the risk decision expired on " + DateOf(f.decision->expires_at);
    }
    if (f.decision->needs_review) {
        return "the risk decision needs review (" + f.decision->review_reason + ")";
    }
    return std::nullopt;
}

GrantRuling RuleOnGrant(const Prisoner& p, const AccessFacts& f, int phase,
                        const std::optional<PhaseRule>& rule,
                        const std::vector<std::string>& wanted, TimePoint now) {
    GrantRuling out;
    const std::string in_phase = " in phase " + std::to_string(phase);
    out.checks.push_back(NeedCheck(f, rule, in_phase));
    out.checks.push_back(CompactCheck(p, f));
    out.checks.push_back(DecisionCheck(f, now));
    auto [band, not_red] = BandChecks(f, rule, in_phase);
    out.checks.push_back(std::move(band));
    out.checks.push_back(std::move(not_red));
    GrantCheck present{"present", "Prisoner is still in custody here", !p.gone, {}};
    present.detail = p.gone ? "The prisoner is gone (released or transferred)."
                            : "In custody at " + p.establishment + ".";
    out.checks.push_back(std::move(present));

    out.conditions = wanted;
    if (rule && f.decision && f.decision->band == RiskBand::kAmber) {
        for (const auto& c : rule->amber_conditions) {
            if (!Has(out.conditions, c)) out.conditions.push_back(c);
        }
    }
    out.refusal = Refusal(p, f, phase, rule, out.conditions, now);
    return out;
}

}  // namespace warden::domain
