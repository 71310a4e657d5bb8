#pragma once
// Internal to the TMPP access services (access_service.cpp, access_establishment.cpp): loading
// records in the actor's caseload, the derived access state, and recording a timeline event with
// its audit entry. Not for other callers.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/establishments/establishment.hpp"
#include "domain/ports.hpp"
#include "domain/tmpp/access/access.hpp"
#include "domain/tmpp/access/grant_rule.hpp"
#include "domain/tmpp/access/timeline.hpp"

namespace warden::domain::access_support {

inline constexpr size_t kMaxReasonLength = 1000;
inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxIncidentLength = 40;
inline constexpr size_t kMaxConditionLength = 40;
inline constexpr size_t kMaxCompactLength = 100000;

/// Trimmed, upper case.
std::string Normalise(const std::string& s);
/// "YYYY-MM-DD" of `t` (UTC).
std::string DateOf(TimePoint t);

/// The prisoner in the actor's caseload, or kNotFound ("Prisoner X was not found").
Result<Prisoner> LoadPrisoner(Repositories& repos, const Actor& by, const std::string& number);
/// The establishment `code` in `scope`, or kNotFound ("Establishment X was not found"), also
/// for a code that is not one.
Result<Establishment> LoadEstablishment(Repositories& repos, const std::string& code,
                                        const Scope& scope);
/// The establishment in the actor's caseload (PrisonerScope), or kNotFound.
Result<Establishment> LoadEstablishment(Repositories& repos, const Actor& by,
                                        const std::string& code);
/// The establishment whose compact `by` may edit, in CompactScope (the compact's text is not
/// prisoner data).
Result<Establishment> LoadCompactEstablishment(Repositories& repos, const Actor& by,
                                               const std::string& code);

/// Stores the state the facts put `p` in (and their establishment) when it changed; the facts
/// are read in `scope`, the caller's (which includes `p`).
Result<AccessState> Refresh(Repositories& repos, const Prisoner& p, TimePoint now,
                            const Scope& scope);

/// Stores `event` on the timeline of `number` at `establishment` (only that establishment reads
/// it), by `by` at `now`.
Status AddEvent(Repositories& repos, const std::string& number, const std::string& establishment,
                const std::string& by, TimePoint now, TimelineEvent event);
/// The scope of the TMPP rows about `p` recorded at their current establishment: the services
/// read a prisoner's needs, decisions, grants and timeline in it (after LoadPrisoner checked the
/// caseload), so that nobody, national readers included, mixes in another establishment's rows
/// after a transfer.
Scope Here(const Prisoner& p);
/// A change to one prisoner: the event, its audit entry ("tmpp." + the kind's name, with the
/// event's fields and the new state) and the refreshed state.
Status Record(Repositories& repos, const Actor& by, const Prisoner& p, TimePoint now,
              TimelineEvent event);

/// kInvalidInput on `field` when `value` is empty (`missing`), longer than `max` or not UTF-8.
Status RequireText(const std::string& value, const char* field, const std::string& missing,
                   size_t max);

/// The highest id of `needs` (0 for none).
Id MaxNeedId(const std::vector<Need>& needs);

/// The prisoner's active grant in `scope` under its lock (ADR 0012), for a writer that puts it back
/// whole: read, locked, and read again under the lock, so that a change committed meanwhile in
/// another transaction (PostgreSQL runs writers at READ COMMITTED) is waited for and seen, and a
/// grant ended meanwhile is none here, never ended a second time over the first's record.
Result<std::optional<Grant>> LockedActiveGrant(Repositories& repos, const std::string& number,
                                               const Scope& scope);

/// Marks the prisoner's decision `read` for review with `reason` when `due(decision)` holds and it
/// is not marked already. A decision that another transaction committed between the read and the
/// mark (PostgreSQL runs writers at READ COMMITTED) is never written over: it is read again in
/// `scope` and marked in turn only if `due` holds for it (at most three tries). True when a
/// decision was marked.
Result<bool> MarkDecisionForReviewIf(Repositories& repos, const RiskDecision& read,
                                     const std::string& reason, const Scope& scope,
                                     const std::function<bool(const RiskDecision&)>& due);

}  // namespace warden::domain::access_support
