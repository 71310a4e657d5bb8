#pragma once
// The TMPP repository INTERFACES, one per aggregate (included by domain/ports.hpp, whose
// Repositories holds one of each). Storage implements them for SQLite and PostgreSQL
// (storage/tmpp/), the in-memory store for unit tests (domain/testing/in_memory_tmpp.hpp).
//
// Every method that reads establishment or prisoner data takes the caller's Scope and the
// implementation puts it into the query itself, so rows outside the scope are simply not found
// (state NONE, nullopt or an empty list). A row about a prisoner is inside the scope when the
// establishment it was recorded at (its own establishment column) is: the rows do NOT follow the
// prisoner on a transfer, so one establishment never reads another's needs, reasons, decisions,
// compacts or timeline (the services read a prisoner's rows in the scope of the prisoner's
// current establishment). National scope reads everything.
// Writes take no scope: the services check the caseload before they write.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/people/roles.hpp"
#include "domain/tmpp/access/access.hpp"

namespace warden::domain {

/// Each prisoner's access record, the Security queue and each prisoner's timeline.
class AccessRepository {
  public:
    virtual ~AccessRepository() = default;
    /// The prisoner's access record; state NONE (and empty establishment) when none is stored
    /// or the prisoner is outside `scope`.
    virtual Result<AccessRecord> GetAccess(const std::string& prison_number,
                                           const Scope& scope) = 0;
    /// Inserts or replaces the prisoner's access record.
    virtual Status PutAccess(const AccessRecord& access) = 0;
    /// The access records of the establishment that are neither NONE nor ENDED, by prison number
    /// (none when the establishment is outside `scope`).
    virtual Result<std::vector<AccessRecord>> OpenAccessAt(const std::string& establishment,
                                                           const Scope& scope) = 0;
    /// Every prisoner (not gone) of the establishment with access state, current needs, latest
    /// recommendation, decision and active grant, by prison number, in one query (none when the
    /// establishment is outside `scope`).
    virtual Result<std::vector<TmppQueueEntry>> QueueAt(const std::string& establishment,
                                                        const Scope& scope) = 0;
    /// One page of the Security queue of query.establishment: filtered, ordered (QueueBefore)
    /// and paged in the query (query.limit 1..500), with the count of matching entries (none
    /// when the establishment is outside `scope`).
    virtual Result<TmppQueuePage> QueuePage(const QueueQuery& query, const Scope& scope) = 0;
    /// Appends to the prisoner's timeline.
    virtual Status AddEvent(const AccessEvent& event) = 0;
    /// The prisoner's timeline, oldest first.
    virtual Result<std::vector<AccessEvent>> Timeline(const std::string& prison_number,
                                                      const Scope& scope) = 0;
};

/// The needs recorded for prisoners.
class NeedRepository {
  public:
    virtual ~NeedRepository() = default;
    /// Stores a need; returns its id.
    virtual Result<Id> AddNeed(const Need& need) = 0;
    /// The prisoner's needs, oldest first.
    virtual Result<std::vector<Need>> NeedsOf(const std::string& prison_number,
                                              const Scope& scope) = 0;
};

/// Each establishment's compact versions and the prisoners' signatures.
class CompactRepository {
  public:
    virtual ~CompactRepository() = default;
    /// kConflict when the establishment already has that version.
    virtual Status AddCompactVersion(const CompactVersion& version) = 0;
    /// The establishment's compact versions, by version.
    virtual Result<std::vector<CompactVersion>> CompactVersions(const std::string& establishment,
                                                                const Scope& scope) = 0;
    /// Stores a signature; returns its id.
    virtual Result<Id> AddSignature(const CompactSignature& signature) = 0;
    /// The prisoner's signatures, oldest first.
    virtual Result<std::vector<CompactSignature>> SignaturesOf(const std::string& prison_number,
                                                               const Scope& scope) = 0;
};

/// Risk recommendations, decisions and the risk rules files.
class RiskRepository {
  public:
    virtual ~RiskRepository() = default;
    /// Stores many recommendations at once (the backend's fastest bulk path).
    virtual Status AddRecommendations(const std::vector<StoredRecommendation>& recs) = 0;
    /// The prisoner's newest recommendation, if any.
    virtual Result<std::optional<StoredRecommendation>> LatestRecommendation(
        const std::string& prison_number, const Scope& scope) = 0;

    /// The prisoner's decision of record, if any.
    virtual Result<std::optional<RiskDecision>> GetDecision(const std::string& prison_number,
                                                            const Scope& scope) = 0;
    /// Inserts or replaces the prisoner's decision of record.
    virtual Status PutDecision(const RiskDecision& decision) = 0;
    /// Marks the decision `read` for review with `reason`, only while it is not already and is
    /// still the decision that was read (the same band, inputs, time and expiry): a decision
    /// recorded meanwhile in another transaction (PostgreSQL runs writers at READ COMMITTED) is
    /// kept, not written back over. True when it was marked.
    virtual Result<bool> MarkDecisionForReview(const RiskDecision& read,
                                               const std::string& reason) = 0;
    /// The decisions recorded at the establishment, by prison number.
    virtual Result<std::vector<RiskDecision>> DecisionsAt(const std::string& establishment,
                                                          const Scope& scope) = 0;
    /// Up to `limit` decisions recorded at an establishment in `scope` that expired at or before
    /// `now` and are not marked for review, soonest expiry first. The expiry job passes
    /// Scope::National().
    virtual Result<std::vector<RiskDecision>> DecisionsExpiredBy(TimePoint now, int limit,
                                                                 const Scope& scope) = 0;

    /// Stores a replacement rules file (it comes into force); kConflict when the version exists.
    virtual Status AddRiskRules(const StoredRiskRules& rules) = 0;
    /// The newest stored rules file (the one in force), if any. The rules are national, not
    /// establishment data: no scope.
    virtual Result<std::optional<StoredRiskRules>> CurrentRiskRules() = 0;
    /// Every stored rules file, newest first.
    virtual Result<std::vector<StoredRiskRules>> RiskRulesHistory() = 0;
};

/// Each establishment's phase table.
class PhaseRepository {
  public:
    virtual ~PhaseRepository() = default;
    /// The establishment's phase table; DefaultPhaseTable() when none is stored or the
    /// establishment is outside `scope` (its stored table is then not found).
    virtual Result<std::vector<PhaseRule>> PhaseTable(const std::string& establishment,
                                                      const Scope& scope) = 0;
    /// Replaces the establishment's phase table.
    virtual Status PutPhaseTable(const std::string& establishment,
                                 const std::vector<PhaseRule>& table) = 0;
    /// Stores one phase change; returns its id.
    virtual Result<Id> AddPhaseChange(const PhaseHistoryEntry& change) = 0;
    /// The establishment's phase changes, newest first (none when it is outside `scope`).
    virtual Result<std::vector<PhaseHistoryEntry>> PhaseHistory(const std::string& establishment,
                                                                const Scope& scope) = 0;
};

/// TMPP access grants.
class GrantRepository {
  public:
    virtual ~GrantRepository() = default;
    /// Stores a grant; returns its id (kConflict when the prisoner has an active grant).
    virtual Result<Id> AddGrant(const Grant& grant) = 0;
    /// Replaces the grant with `grant.id` (kNotFound when absent).
    virtual Status UpdateGrant(const Grant& grant) = 0;
    /// True when the grant with `id` is still active, read under its row lock until the
    /// transaction ends (PostgreSQL; SQLite has one writer): a change committed meanwhile (a
    /// withdrawal) is waited for and seen, and one started later waits for this transaction.
    virtual Result<bool> LockActiveGrant(Id id) = 0;
    /// The prisoner's active grant, if any.
    virtual Result<std::optional<Grant>> ActiveGrant(const std::string& prison_number,
                                                     const Scope& scope) = 0;
    /// The active grants made at the establishment, by prison number.
    virtual Result<std::vector<Grant>> ActiveGrantsAt(const std::string& establishment,
                                                      const Scope& scope) = 0;
    /// Grants made at the establishment that ended after `since`, to prisoners on any published
    /// list of `wing` (wherever they are now: a prisoner who moved away still makes the list
    /// stale), oldest first.
    virtual Result<std::vector<Grant>> EndedSince(const std::string& establishment,
                                                  const std::string& wing, TimePoint since,
                                                  const Scope& scope) = 0;
};

/// Published wing lists.
class WingListRepository {
  public:
    virtual ~WingListRepository() = default;
    /// The newest published list of the wing, if any.
    virtual Result<std::optional<WingList>> LatestWingList(const std::string& establishment,
                                                           const std::string& wing,
                                                           const Scope& scope) = 0;
    /// Stores a published list; kConflict when that version exists.
    virtual Status AddWingList(const WingList& list) = 0;
};

}  // namespace warden::domain
