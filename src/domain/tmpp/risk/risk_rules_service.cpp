#include "domain/tmpp/risk/risk_rules_service.hpp"

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {

RiskRulesService::RiskRulesService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<std::shared_ptr<const RiskScorer>> RiskRulesService::ScorerFor(
    const std::optional<StoredRiskRules>& stored) {
    const std::string version = stored ? stored->version : DefaultRiskRules().version;
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(version);
        if (it != cache_.end()) return it->second;
    }
    std::shared_ptr<const RiskScorer> scorer;
    if (stored) {
        auto parsed = ParseRiskRules(stored->text);
        if (!parsed.ok()) {
            return Error::Internal("stored risk rules " + version +
                                   " are not valid: " + parsed.error().message);
        }
        scorer = std::make_shared<const RiskScorer>(std::move(*parsed));
    } else {
        scorer = std::make_shared<const RiskScorer>(DefaultRiskRules());
    }
    std::lock_guard lock(mutex_);
    return cache_.emplace(version, std::move(scorer)).first->second;
}

Result<std::shared_ptr<const RiskScorer>> RiskRulesService::InForce(Repositories& repos) {
    WARDEN_ASSIGN_OR_RETURN(auto stored, repos.risk.CurrentRiskRules());
    return ScorerFor(stored);
}

Result<std::shared_ptr<const RiskScorer>> RiskRulesService::Current(const Actor&) {
    std::shared_ptr<const RiskScorer> out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out, InForce(repos));
        return Ok();
    }));
    return out;
}

Result<RiskRulesView> RiskRulesService::Rules(const Actor&) {
    RiskRulesView view;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(view.history, repos.risk.RiskRulesHistory());
        if (!view.history.empty()) view.stored = view.history.front();
        WARDEN_ASSIGN_OR_RETURN(view.scorer, ScorerFor(view.stored));
        return Ok();
    }));
    return view;
}

Result<StoredRiskRules> RiskRulesService::Replace(const Actor& by, const std::string& text) {
    WARDEN_TRY(Require(by, Action::kTmppRulesReplace));
    if (Trim(text).empty()) return FieldsError({{"rules", "Choose or paste a rules file"}});
    if (text.size() > kMaxRulesLength) {
        return FieldsError({{"rules", "The rules file must be " + std::to_string(kMaxRulesLength) +
                                          " characters or fewer"}});
    }
    if (!IsValidUtf8(text)) return FieldsError({{"rules", "The rules file is not UTF-8 text"}});
    auto parsed = ParseRiskRules(text);
    if (!parsed.ok()) {
        return FieldsError({{"rules", "The rules file is not valid: " + parsed.error().message}});
    }
    if (parsed->version == DefaultRiskRules().version) {
        return Error::Conflict("Risk rules version " + parsed->version +
                               " is the shipped defaults: give the file a new version");
    }
    StoredRiskRules out;
    out.version = parsed->version;
    out.text = text;
    out.uploaded_by = by.username;
    out.uploaded_at = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto current, repos.risk.CurrentRiskRules());
        const std::string previous = current ? current->version : DefaultRiskRules().version;
        auto added = repos.risk.AddRiskRules(out);
        if (!added.ok()) {
            if (added.error().code == ErrorCode::kConflict) {
                return Error::Conflict("Risk rules version " + out.version +
                                       " already exists: give the file a new version");
            }
            return added;
        }
        return repos.audit.Append(NewAuditEntry(
            by, out.uploaded_at, "tmpp.risk_rules.replaced", "risk-rules:" + out.version,
            "version=" + out.version + " previous=" + previous +
                " rules=" + std::to_string(parsed->rules.size()) + " amber_at=" +
                std::to_string(parsed->amber_at) + " red_at=" + std::to_string(parsed->red_at)));
    }));
    return out;
}

}  // namespace warden::domain
