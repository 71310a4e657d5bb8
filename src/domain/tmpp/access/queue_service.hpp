#pragma once
// Read-only TMPP views the pages need beyond AccessService: the Security queue of an establishment,
// its compact versions and phase table, the grant checklist of a prisoner (the grant rule of
// grant_rule.hpp, RuleOnGrant) and the grants a phase change would stop (PhaseRuleProblem).

#include <optional>
#include <string>
#include <vector>

#include "domain/establishments/establishment.hpp"
#include "domain/ports.hpp"
#include "domain/tmpp/access/access.hpp"
#include "domain/tmpp/access/grant_rule.hpp"

namespace warden::domain {

/// One prisoner in the queue.
struct QueueRow {
    Prisoner prisoner;
    AccessState state = AccessState::kNone;
    std::optional<StoredRecommendation> recommendation;
    std::optional<RiskDecision> decision;
    bool decision_expired = false;
    bool confirmable = false;  // RecommendationConfirmable: may be selected to confirm
};

/// A page of the queue.
struct QueuePage {
    std::vector<QueueRow> rows;
    int total = 0;  // matching rows
};

/// Whether a prisoner may be granted TMPP access now.
struct GrantChecklist {
    Prisoner prisoner;
    int phase = 0;
    std::optional<PhaseRule> rule;
    std::optional<RiskDecision> decision;
    std::optional<Grant> grant;      // the active grant, if any
    std::vector<GrantCheck> checks;  // RuleOnGrant's
    bool all_met = false;            // a grant would be allowed now
};

/// An establishment's phase, phase table and the active grants flagged for review.
struct PhaseOverview {
    Establishment establishment;
    std::vector<PhaseRule> table;
    std::vector<Grant> for_review;
    std::vector<PhaseHistoryEntry> history;  // phase changes with their reasons, newest first
};

/// What changing the phase would do: the active grants that would stop qualifying.
struct PhasePreview {
    Establishment establishment;
    int from = 0;
    int to = 0;
    std::optional<PhaseRule> rule;
    std::vector<Grant> would_stop;
    std::vector<std::string> reasons;  // one per would_stop
};

/// Read-only TMPP views for the pages.
class QueueService {
  public:
    QueueService(Store& store, const Clock& clock);

    /// SECURITY: the establishment's prisoners (not gone) with TMPP state, latest recommendation
    /// and decision, filtered, sorted and paged.
    Result<QueuePage> Queue(const Actor& by, const QueueQuery& query);

    /// The establishment's compact versions, by version (any prisoner-data role).
    Result<std::vector<CompactVersion>> CompactVersions(const Actor& by, const std::string& code);

    /// The establishment's phase table and grants flagged for review (any prisoner-data role).
    Result<PhaseOverview> Phases(const Actor& by, const std::string& code);

    /// SECURITY: the active grants that would stop qualifying in `phase`; kInvalidInput for a
    /// phase the table does not have.
    Result<PhasePreview> PreviewPhase(const Actor& by, const std::string& code, int phase);

    /// SECURITY: what replacing the phase table with `phases` (as AccessService::SetPhaseTable
    /// takes them) would do in the current phase; kInvalidInput as SetPhaseTable. Changes nothing.
    Result<PhasePreview> PreviewPhaseTable(const Actor& by, const std::string& code,
                                           const std::vector<PhaseRule>& phases);

    /// SECURITY: which grant conditions hold for the prisoner now.
    Result<GrantChecklist> Checklist(const Actor& by, const std::string& prison_number);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
