#pragma once
// TMPP access, from need to the wing list (DOMAIN.md, "TMPP: access, from need to the wing list"):
// the entities of a prisoner's access state machine
// NONE -> REQUESTED -> COMPACT_SIGNED -> ASSESSED -> GRANTED -> WITHDRAWN | ENDED.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/prisoners/prisoner.hpp"
#include "domain/tmpp/risk/risk_rules.hpp"
#include "domain/tmpp/risk/risk_scorer.hpp"

namespace warden::domain {

/// A genuine need for TMPP access.
enum class NeedKind {
    kIsolating,
    kShielding,
    kReverseCohort,
    kNoSafeFixedPhone,
    kFixedPhonesOutOfOrder,
    kOther,
};
/// "ISOLATING", ..., "OTHER".
std::string_view NeedKindName(NeedKind kind);
/// Inverse of NeedKindName (case-insensitive); nullopt for anything else.
std::optional<NeedKind> ParseNeedKind(std::string_view name);
/// Every need kind, in DOMAIN.md's order.
const std::vector<NeedKind>& AllNeedKinds();

/// Where a prisoner is in the access state machine.
enum class AccessState {
    kNone,
    kRequested,
    kCompactSigned,
    kAssessed,
    kGranted,
    kWithdrawn,
    kEnded,
};
/// "NONE", "REQUESTED", "COMPACT_SIGNED", "ASSESSED", "GRANTED", "WITHDRAWN", "ENDED".
std::string_view AccessStateName(AccessState state);
/// Inverse of AccessStateName (exact).
std::optional<AccessState> ParseAccessState(std::string_view name);

/// A prisoner's current access state (NONE when nothing was ever recorded).
struct AccessRecord {
    std::string prison_number;
    std::string establishment;
    AccessState state = AccessState::kNone;
    TimePoint updated_at{};
    Id ended_need_id = 0;  // needs up to this id came before the last withdrawal or end
};

/// One recorded need.
struct Need {
    Id id = 0;
    std::string prison_number;
    std::string establishment;
    NeedKind kind = NeedKind::kOther;
    std::string detail;  // required for OTHER
    std::string recorded_by;
    TimePoint recorded_at{};
};

/// One version of an establishment's TMPP compact.
struct CompactVersion {
    std::string establishment;
    int version = 0;  // 1, 2, ...
    std::string text;
    bool requires_resign = false;  // signatures of earlier versions no longer count
    std::string created_by;
    TimePoint created_at{};
};

/// A prisoner's signature of a compact version.
struct CompactSignature {
    Id id = 0;
    std::string prison_number;
    std::string establishment;
    int version = 0;
    std::string signed_on;  // YYYY-MM-DD
    std::string witnessed_by;
    std::string recorded_by;
    TimePoint recorded_at{};
};

/// A stored recommendation of the risk algorithm.
struct StoredRecommendation {
    Id id = 0;
    std::string prison_number;
    std::string establishment;
    TimePoint assessed_at{};
    std::string assessed_by;
    Recommendation recommendation;
};

/// The person's risk decision: the assessment of record.
struct RiskDecision {
    std::string prison_number;
    std::string establishment;
    RiskBand band = RiskBand::kGreen;
    std::optional<RiskBand> recommended_band;  // the algorithm's band, when there was one
    bool is_override = false;                  // band differs from the recommendation
    std::string reason;                        // required for an override
    std::string decided_by;
    TimePoint decided_at{};
    TimePoint expires_at{};
    bool needs_review = false;
    std::string review_reason;
    std::string inputs;  // RiskInputsFingerprint of the prisoner when decided
};

/// A rules file an ADMIN stored; the newest is in force (the shipped defaults while none is).
struct StoredRiskRules {
    std::string version;  // the file's version line, unique
    std::string text;     // the whole file, valid under ParseRiskRules
    std::string uploaded_by;
    TimePoint uploaded_at{};
};

/// The rule of one phase: which needs and bands may be granted.
struct PhaseRule {
    int phase = 0;
    std::vector<NeedKind> needs;
    std::vector<RiskBand> bands;
    std::vector<std::string> amber_conditions;  // conditions an AMBER grant must carry
};

/// The condition of a supervised AMBER grant in phase 2.
inline constexpr std::string_view kSupervisedUse = "SUPERVISED_USE";

/// The default phase table of DOMAIN.md (phases 0 to 3).
const std::vector<PhaseRule>& DefaultPhaseTable();
/// The rule for `phase` in `table`; nullopt when the table has none.
std::optional<PhaseRule> FindPhase(const std::vector<PhaseRule>& table, int phase);

/// Checks a phase table an establishment wants: phases 1, 2 and 3 once each (any order), each with
/// at least one need and one band, bands GREEN/AMBER only, amber_conditions empty or
/// SUPERVISED_USE and only with AMBER; needs, bands and conditions are put in canonical order.
/// Returns phases 0 ("none") to 3, or kInvalidInput with one field error per problem, on fields
/// "phase{N}_needs", "phase{N}_bands", "phase{N}_amber" (or "phases").
Result<std::vector<PhaseRule>> ValidatePhaseTable(const std::vector<PhaseRule>& phases);

/// The grant rule of a phase: why `rule` (phase `phase`; nullopt when the table has none) does not
/// allow granting `band` for `needs` (the current ones) with `conditions`, or nullopt when it
/// does. RED is never granted. Used by the grant, the phase change and its preview.
std::optional<std::string> PhaseRuleProblem(const std::optional<PhaseRule>& rule, int phase,
                                            RiskBand band, const std::vector<Need>& needs,
                                            const std::vector<std::string>& conditions);

/// A grant of TMPP access.
struct Grant {
    Id id = 0;
    std::string prison_number;
    std::string establishment;
    int phase = 0;
    RiskBand band = RiskBand::kGreen;
    std::vector<std::string> conditions;
    std::string review_on;  // YYYY-MM-DD
    std::string granted_by;
    TimePoint granted_at{};
    bool active = true;
    bool needs_review = false;  // no longer qualifies after a phase change
    std::string review_reason;
    // Set when the grant ends.
    std::optional<TimePoint> ended_at;
    std::string ended_by;
    bool withdrawn = false;  // ended by a withdrawal (else by the prisoner leaving)
    std::string end_reason;
    std::string incident_ref;
};

/// One prisoner (not gone) of an establishment with their TMPP access, as one bulk read returns
/// it for the Security queue and the phase previews.
struct TmppQueueEntry {
    Prisoner prisoner;
    AccessState state = AccessState::kNone;  // NONE when no access record is stored
    Id ended_need_id = 0;
    std::vector<NeedKind> needs;  // current needs (after the last withdrawal or end), by kind
    std::optional<StoredRecommendation> recommendation;  // the latest, without its fired rules
    std::optional<RiskDecision> decision;
    std::optional<Grant> grant;  // the active grant
};

/// What the Security queue shows and how (filtered, ordered and paged by the store's query).
struct QueueQuery {
    std::string establishment;
    std::optional<AccessState> state;  // none: every state
    std::optional<RiskBand> band;      // recommended band; none: any
    std::string wing;                  // empty: every wing
    std::string sort = "number";       // number, name, wing, state, band, score
    bool descending = false;
    int offset = 0;
    int limit = 50;  // 1..500
};

/// One page of the Security queue: its entries and how many entries match the query.
struct TmppQueuePage {
    std::vector<TmppQueueEntry> entries;
    int total = 0;
};

/// Whether `e` passes the query's wing, state and band filters.
bool QueueMatches(const TmppQueueEntry& e, const QueueQuery& query);
/// The queue's order: whether `a` comes before `b` for query.sort ("number" for any other value)
/// and query.descending, ties broken by prison number. The store's query orders the same way
/// (a contract test holds the two together).
bool QueueBefore(const TmppQueueEntry& a, const TmppQueueEntry& b, const QueueQuery& query);

/// Whether the latest recommendation `rec` may be confirmed at `now` (on its own or among many):
/// there is one, and no decision in force (not expired, not flagged for review) was made at or
/// after it.
bool RecommendationConfirmable(const std::optional<StoredRecommendation>& rec,
                               const std::optional<RiskDecision>& decision, TimePoint now);

/// The grant rule for one entry of a bulk read: PhaseRuleProblem for its active grant (band,
/// conditions) and current needs; nullopt when it has no active grant or the grant qualifies.
std::optional<std::string> GrantPhaseProblem(const std::optional<PhaseRule>& rule, int phase,
                                             const TmppQueueEntry& entry);

/// One event on a prisoner's access timeline as stored: `what` and `why` are the text of a
/// TimelineEvent (timeline.hpp: EncodeEvent, DecodeEvent).
struct AccessEvent {
    Id id = 0;
    std::string prison_number;
    TimePoint at{};
    std::string by;
    std::string what;  // "need.recorded", "compact.signed", "decision.confirmed", ...
    std::string why;
    std::string establishment;  // where it happened: only that establishment's timeline shows it
};

/// One change of an establishment's TMPP phase, with the reason given (the audit entry holds
/// only the codes).
struct PhaseHistoryEntry {
    Id id = 0;
    std::string establishment;
    TimePoint at{};
    std::string by;
    int from = 0;
    int to = 0;
    std::string reason;
};

/// One prisoner on a published wing list.
struct WingListEntry {
    std::string prison_number;
    std::string first_name;
    std::string last_name;
    std::string cell;
    RiskBand band = RiskBand::kGreen;
    std::vector<std::string> conditions;
    std::string review_on;
};

/// A numbered, immutable snapshot of a wing's authorised prisoners.
struct WingList {
    std::string establishment;
    std::string wing;
    int version = 0;
    std::string published_by;
    TimePoint published_at{};
    std::vector<WingListEntry> entries;  // by prison number
    std::vector<std::string> added;      // prison numbers, against the previous version
    std::vector<std::string> removed;
};

/// A withdrawal (or end) after a list was published.
struct ListWithdrawal {
    std::string prison_number;
    TimePoint at{};
    std::string reason;
    std::string incident_ref;
};

/// The wing view: the current published list, whether it is stale and why.
struct CurrentWingList {
    std::optional<WingList> list;  // none published yet
    bool stale = false;
    std::vector<ListWithdrawal> withdrawn_since;
};

/// A text of the risk inputs of a prisoner (alerts, category, legal status, the three counts);
/// two prisoners with the same text score the same.
std::string RiskInputsFingerprint(const Prisoner& p);

/// Fired rules as text, one per line "id<TAB>points<TAB>0|1<TAB>evidence" (escaped), for storage.
std::string EncodeFiredRules(const std::vector<FiredRule>& fired);
/// Inverse of EncodeFiredRules; kInternal for malformed text.
Result<std::vector<FiredRule>> DecodeFiredRules(std::string_view text);

/// NeedKinds as "A,B" and back (kInternal on an unknown name).
std::string JoinNeeds(const std::vector<NeedKind>& needs);
/// Inverse of JoinNeeds.
Result<std::vector<NeedKind>> SplitNeeds(std::string_view text);
/// RiskBands as "GREEN,AMBER" and back.
std::string JoinBands(const std::vector<RiskBand>& bands);
/// Inverse of JoinBands.
Result<std::vector<RiskBand>> SplitBands(std::string_view text);
/// Strings as "A,B" (items hold no commas) and back.
std::string JoinList(const std::vector<std::string>& items);
/// Inverse of JoinList ("" is the empty list).
std::vector<std::string> SplitList(std::string_view text);

}  // namespace warden::domain
