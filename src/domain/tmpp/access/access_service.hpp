#pragma once
// TMPP access services: needs, compacts, bulk risk assessment, decisions, grants, withdrawals,
// phases and published wing lists (DOMAIN.md, "TMPP: access, from need to the wing list").
// Every state change writes its audit entry and timeline event in the same transaction.

#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/access/access.hpp"
#include "domain/tmpp/access/timeline.hpp"
#include "domain/tmpp/risk/risk_rules_service.hpp"

namespace warden::domain {

/// Counts of a bulk risk assessment.
struct AssessmentSummary {
    std::string rules_version;
    std::vector<std::string> establishments;
    int assessed = 0;
    int green = 0;
    int amber = 0;
    int red = 0;
};

/// A prisoner's latest recommendation and decision of record.
struct RiskAssessmentView {
    std::string prison_number;
    std::optional<StoredRecommendation> recommendation;
    std::optional<RiskDecision> decision;
    bool decision_expired = false;
};

/// A prisoner's TMPP access: state, active grant, needs and timeline.
struct AccessView {
    AccessRecord access;
    std::optional<Grant> grant;
    std::vector<Need> needs;
    std::vector<TimelineEvent> timeline;  // oldest first
};

/// What the prisoner page shows: the prisoner, their TMPP access and their risk assessment.
struct PrisonerRecordView {
    Prisoner prisoner;
    AccessView access;
    RiskAssessmentView risk;
};

/// A prisoner whose recommendation ConfirmRecommendations did not confirm, and why.
struct ConfirmRefusal {
    std::string prison_number;
    std::string message;  // "A1234BC has no recommendation to confirm", ...
};

/// The outcome of confirming many recommendations.
struct Confirmations {
    std::vector<RiskDecision> confirmed;
    std::vector<ConfirmRefusal> refused;  // in the order given
};

/// The outcome of a phase change: the grants that no longer qualify (now flagged for review).
struct PhaseChange {
    std::string establishment;
    int from = 0;
    int to = 0;
    std::vector<Grant> no_longer_qualify;
};

/// The outcome of replacing a phase table: the table stored and the active grants that no longer
/// qualify in the establishment's current phase (now flagged for review).
struct PhaseTableChange {
    std::string establishment;
    std::vector<PhaseRule> table;  // phases 0 to 3
    std::vector<Grant> no_longer_qualify;
};

/// The TMPP access workflow of one prisoner, and the per-establishment phase and wing lists.
class AccessService {
  public:
    /// Default lifetime of a risk decision.
    static constexpr int kDefaultDecisionDays = 90;

    /// `rules` (the rules in force) must outlive the service.
    AccessService(Store& store, const Clock& clock, RiskRulesService& rules,
                  int decision_days = kDefaultDecisionDays);

    /// The prisoner's access state, grant, needs and timeline (any prisoner-data role).
    Result<AccessView> Access(const Actor& by, const std::string& prison_number);

    /// The prisoner page's reads in one transaction: the prisoner (in the actor's caseload, gone or
    /// not), Access and RiskAssessment, and one audit entry for the page's read of the record
    /// ("prisoner.read", whose detail adds what Access and RiskAssessment record of their reads:
    /// ADR 0033). Nothing is returned unless the entry is stored.
    Result<PrisonerRecordView> PrisonerRecord(const Actor& by, const std::string& prison_number);

    /// The access states of `prisoners` (for lists) at the establishment where each is held, in
    /// one read: NONE for one never recorded there or held outside the actor's caseload. A
    /// national reader sees the same state as the establishment, never another establishment's
    /// record from before a transfer.
    Result<std::vector<AccessState>> States(const Actor& by,
                                            const std::vector<Prisoner>& prisoners);

    /// SECURITY records a genuine need; `detail` is required for OTHER.
    Result<Need> RecordNeed(const Actor& by, const std::string& prison_number,
                            const std::string& need, const std::string& detail);

    /// SECURITY adds the establishment's next compact version (numbered from 1).
    Result<CompactVersion> AddCompactVersion(const Actor& by, const std::string& establishment,
                                             const std::string& text, bool requires_resign);

    /// WING_OFFICER, TMPP_SPOC or SECURITY records a signed compact (an existing version of the
    /// prisoner's establishment, signed on a date not in the future, with its witness).
    Result<CompactSignature> RecordCompact(const Actor& by, const std::string& prison_number,
                                           int version, const std::string& signed_on,
                                           const std::string& witnessed_by);

    /// SECURITY scores every prisoner (not gone) of the establishments under the rules in force
    /// and stores all the recommendations in one transaction with one bulk call.
    Result<AssessmentSummary> AssessEstablishments(const Actor& by,
                                                   const std::vector<std::string>& codes);
    /// AssessEstablishments for one establishment.
    Result<AssessmentSummary> AssessEstablishment(const Actor& by, const std::string& code);
    /// AssessEstablishments for every establishment in the actor's caseload (all for the system).
    Result<AssessmentSummary> AssessAll(const Actor& by);

    /// The latest recommendation and decision (any prisoner-data role).
    Result<RiskAssessmentView> RiskAssessment(const Actor& by, const std::string& prison_number);

    /// SECURITY confirms the recommended band, or overrides it with a reason (a reason is also
    /// required when there is no recommendation). The decision expires after decision_days. An
    /// active grant of another band is flagged for review.
    Result<RiskDecision> Decide(const Actor& by, const std::string& prison_number,
                                const std::string& band, const std::string& reason);

    /// SECURITY confirms the latest recommended band of each of `prison_numbers` (each once), in
    /// one transaction: for each, what Decide records with that band and no reason (the decision,
    /// its audit entry and timeline event). A prisoner not found, without a recommendation, gone,
    /// or whose decision in force was made after the latest recommendation
    /// (RecommendationConfirmable) is refused and left out; the others are recorded. Any other
    /// failure records none.
    Result<Confirmations> ConfirmRecommendations(const Actor& by,
                                                 const std::vector<std::string>& prison_numbers);

    /// SECURITY grants access; kConflict naming the unmet rule (RuleOnGrant, grant_rule.hpp)
    /// when need, compact, decision or phase do not allow it. `review_on` empty: the decision's
    /// expiry date.
    Result<Grant> GrantAccess(const Actor& by, const std::string& prison_number,
                              const std::vector<std::string>& conditions,
                              const std::string& review_on);

    /// SECURITY withdraws the active grant, with a reason and an optional incident reference.
    Result<Grant> Withdraw(const Actor& by, const std::string& prison_number,
                           const std::string& reason, const std::string& incident);

    /// SECURITY sets the establishment's phase (with a reason); returns the active grants that no
    /// longer qualify, which are flagged for review.
    Result<PhaseChange> SetPhase(const Actor& by, const std::string& establishment, int phase,
                                 const std::string& reason);

    /// SECURITY of the establishment replaces its phase table. `phases` gives phases 1, 2 and 3
    /// once each: at least one need and one band each, bands GREEN and AMBER only (RED is never
    /// granted), amber_conditions empty or SUPERVISED_USE (only with AMBER). Phase 0 is always
    /// "none". Active grants that no longer qualify in the current phase are flagged for review.
    Result<PhaseTableChange> SetPhaseTable(const Actor& by, const std::string& establishment,
                                           const std::vector<PhaseRule>& phases);

    /// SECURITY publishes the wing's list of authorised prisoners: the next numbered snapshot,
    /// with what was added and removed since the previous one.
    Result<WingList> PublishWingList(const Actor& by, const std::string& establishment,
                                     const std::string& wing);

    /// The wing's current published list, stale when access ended after it was published (any
    /// prisoner-data role). The read is audited ("tmpp.wing_list.read") with `format` (page,
    /// json, csv, print).
    Result<CurrentWingList> CurrentList(const Actor& by, const std::string& establishment,
                                        const std::string& wing, std::string_view format = "page");

    /// The system actor (the scheduler) marks every decision that has expired and is not yet
    /// marked for review as needing review ("the decision expired on DATE"), with a timeline
    /// event and an audit entry each, and refreshes the prisoner's access state; returns how many
    /// it marked. Grants and the grant rules are unchanged: they check the expiry date itself.
    Result<int> ExpireDecisions(const Actor& by);

  private:
    Store& store_;
    const Clock& clock_;
    RiskRulesService& rules_;
    int decision_days_;
};

/// The effects of an import on TMPP access, run inside the import's transaction: a prisoner
/// transferred in has their access at the establishment they came from ENDED (active grant ended
/// with the reason "Transferred to X", event on that establishment's timeline, audit entry
/// "tmpp.access.transferred" against the prisoner there); a decision whose prisoner's risk inputs
/// changed is marked for review; a prisoner marked gone has their access ENDED (active grant
/// ended). `rows` are the imported rows; `transfers` the import's transfers in; `marked_gone`
/// whether the import marked missing prisoners gone.
Status ApplyImportToAccess(Repositories& repos, const Actor& by, const std::string& establishment,
                           const std::vector<Prisoner>& rows,
                           const std::vector<TransferIn>& transfers, bool marked_gone,
                           TimePoint now);

}  // namespace warden::domain
