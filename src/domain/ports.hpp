#pragma once
// Repository and infrastructure INTERFACES. Storage implements them for SQLite and PostgreSQL;
// services receive them explicitly. Every method that reads establishment data takes a Scope,
// and the implementation puts it into the query itself.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/establishments/establishment.hpp"
#include "domain/people/roles.hpp"
#include "domain/people/user.hpp"
#include "domain/prisoners/prisoner.hpp"
#include "domain/tmpp/access/access.hpp"
#include "domain/tmpp/handsets/handset.hpp"

namespace warden::domain {

/// Regions.
class RegionRepository {
  public:
    virtual ~RegionRepository() = default;
    /// kConflict when the code exists.
    virtual Status Add(const Region& region) = 0;
    virtual Status Update(const Region& region) = 0;          // kNotFound
    virtual Result<Region> Get(const std::string& code) = 0;  // kNotFound
    virtual Result<std::vector<Region>> List() = 0;           // by code
};

/// Establishments and their wings.
class EstablishmentRepository {
  public:
    virtual ~EstablishmentRepository() = default;
    /// kConflict when the code exists; kInvalidInput when the region does not.
    virtual Status Add(const Establishment& e) = 0;
    virtual Status Update(const Establishment& e) = 0;  // name, region, emails, phase
    /// With wings (and their current prisoner counts); kNotFound when absent or out of scope.
    virtual Result<Establishment> Get(const std::string& code, const Scope& scope) = 0;
    /// By code, without wings.
    virtual Result<std::vector<Establishment>> List(const Scope& scope) = 0;
    /// Inserts the wing when absent; returns true when it was created.
    virtual Result<bool> EnsureLocation(const Location& location) = 0;
    virtual Status UpdateLocation(const Location& location) = 0;
};

/// Users, sessions and API tokens.
class UserRepository {
  public:
    virtual ~UserRepository() = default;
    /// Returns the new id; kConflict when the username exists.
    virtual Result<Id> Add(const User& user) = 0;
    /// Replaces every field but id/username/created_at.
    virtual Status Update(const User& user) = 0;
    virtual Result<User> GetByUsername(const std::string& username) = 0;  // kNotFound
    virtual Result<User> GetById(Id id) = 0;                              // kNotFound
    virtual Result<std::vector<User>> List() = 0;                         // by username

    virtual Status AddSession(const Session& session) = 0;
    virtual Result<Session> GetSession(const std::string& token_hash) = 0;  // kNotFound
    virtual Status DeleteSession(const std::string& token_hash) = 0;
    virtual Status DeleteSessionsOf(Id user_id) = 0;
    virtual Status DeleteExpiredSessions(TimePoint now) = 0;

    virtual Result<Id> AddToken(const ApiToken& token) = 0;
    virtual Result<ApiToken> GetToken(const std::string& token_hash) = 0;  // kNotFound
};

/// Prisoners.
class PrisonerRepository {
  public:
    virtual ~PrisonerRepository() = default;
    /// kNotFound when absent or outside `scope`.
    virtual Result<Prisoner> Get(const std::string& prison_number, const Scope& scope) = 0;
    /// kNotFound when the establishment is outside `scope`.
    virtual Result<PrisonerPage> List(const PrisonerQuery& query, const Scope& scope) = 0;
    /// Upserts `rows` (already validated, all of `establishment`), keyed by prison number,
    /// counting inserted / updated / unchanged; when `full`, marks the establishment's other
    /// prisoners gone and counts them. Runs inside the caller's transaction. The backend uses
    /// its fastest bulk path (prepared statements on SQLite, COPY on PostgreSQL).
    virtual Result<ImportResult> Import(const std::string& establishment,
                                        const std::vector<Prisoner>& rows, bool full,
                                        TimePoint now) = 0;
    /// Calls `fn` for each prisoner of `establishment` that is not gone, by prison number (no
    /// scope: the caller has checked it). Stops at and returns the first error of `fn`.
    virtual Status ForEachAt(const std::string& establishment,
                             const std::function<Status(const Prisoner&)>& fn) = 0;
};

/// TMPP access: needs, compacts, risk recommendations and decisions, phases, grants, wing
/// lists and each prisoner's timeline. Callers check the caseload before they call.
class TmppRepository {
  public:
    virtual ~TmppRepository() = default;

    /// The prisoner's access record; state NONE (and empty establishment) when none is stored.
    virtual Result<AccessRecord> GetAccess(const std::string& prison_number) = 0;
    /// Inserts or replaces the prisoner's access record.
    virtual Status PutAccess(const AccessRecord& access) = 0;
    /// The access records of the establishment that are neither NONE nor ENDED, by prison number.
    virtual Result<std::vector<AccessRecord>> OpenAccessAt(const std::string& establishment) = 0;
    /// Every prisoner (not gone) of the establishment with access state, current needs, latest
    /// recommendation, decision and active grant, by prison number, in one query.
    virtual Result<std::vector<TmppQueueEntry>> QueueAt(const std::string& establishment) = 0;
    /// Appends to the prisoner's timeline.
    virtual Status AddEvent(const AccessEvent& event) = 0;
    /// The prisoner's timeline, oldest first.
    virtual Result<std::vector<AccessEvent>> Timeline(const std::string& prison_number) = 0;

    /// Stores a need; returns its id.
    virtual Result<Id> AddNeed(const Need& need) = 0;
    /// The prisoner's needs, oldest first.
    virtual Result<std::vector<Need>> NeedsOf(const std::string& prison_number) = 0;

    /// kConflict when the establishment already has that version.
    virtual Status AddCompactVersion(const CompactVersion& version) = 0;
    /// The establishment's compact versions, by version.
    virtual Result<std::vector<CompactVersion>> CompactVersions(
        const std::string& establishment) = 0;
    /// Stores a signature; returns its id.
    virtual Result<Id> AddSignature(const CompactSignature& signature) = 0;
    /// The prisoner's signatures, oldest first.
    virtual Result<std::vector<CompactSignature>> SignaturesOf(
        const std::string& prison_number) = 0;

    /// Stores many recommendations at once (the backend's fastest bulk path).
    virtual Status AddRecommendations(const std::vector<StoredRecommendation>& recs) = 0;
    /// The prisoner's newest recommendation, if any.
    virtual Result<std::optional<StoredRecommendation>> LatestRecommendation(
        const std::string& prison_number) = 0;

    /// The prisoner's decision of record, if any.
    virtual Result<std::optional<RiskDecision>> GetDecision(const std::string& prison_number) = 0;
    /// Inserts or replaces the prisoner's decision of record.
    virtual Status PutDecision(const RiskDecision& decision) = 0;
    /// The decisions of the establishment's prisoners, by prison number.
    virtual Result<std::vector<RiskDecision>> DecisionsAt(const std::string& establishment) = 0;
    /// Up to `limit` decisions that expired at or before `now` and are not marked for review,
    /// soonest expiry first.
    virtual Result<std::vector<RiskDecision>> DecisionsExpiredBy(TimePoint now, int limit) = 0;

    /// Stores a replacement rules file (it comes into force); kConflict when the version exists.
    virtual Status AddRiskRules(const StoredRiskRules& rules) = 0;
    /// The newest stored rules file (the one in force), if any.
    virtual Result<std::optional<StoredRiskRules>> CurrentRiskRules() = 0;
    /// Every stored rules file, newest first.
    virtual Result<std::vector<StoredRiskRules>> RiskRulesHistory() = 0;

    /// The establishment's phase table (DefaultPhaseTable() when none is stored).
    virtual Result<std::vector<PhaseRule>> PhaseTable(const std::string& establishment) = 0;
    /// Replaces the establishment's phase table.
    virtual Status PutPhaseTable(const std::string& establishment,
                                 const std::vector<PhaseRule>& table) = 0;

    /// Stores a grant; returns its id.
    virtual Result<Id> AddGrant(const Grant& grant) = 0;
    /// Replaces the grant with `grant.id` (kNotFound when absent).
    virtual Status UpdateGrant(const Grant& grant) = 0;
    /// The prisoner's active grant, if any.
    virtual Result<std::optional<Grant>> ActiveGrant(const std::string& prison_number) = 0;
    /// The active grants of the establishment's prisoners, by prison number.
    virtual Result<std::vector<Grant>> ActiveGrantsAt(const std::string& establishment) = 0;
    /// Grants of prisoners now on `wing` that ended after `since`, oldest first.
    virtual Result<std::vector<Grant>> EndedSince(const std::string& establishment,
                                                  const std::string& wing, TimePoint since) = 0;

    /// The newest published list of the wing, if any.
    virtual Result<std::optional<WingList>> LatestWingList(const std::string& establishment,
                                                           const std::string& wing) = 0;
    /// Stores a published list; kConflict when that version exists.
    virtual Status AddWingList(const WingList& list) = 0;
};

/// The TMPP handset register, issues and each handset's timeline. Reads take the caller's Scope
/// and the SQL applies it (a handset outside it is not found).
class HandsetRepository {
  public:
    virtual ~HandsetRepository() = default;
    /// Stores a new handset; kConflict naming the field (tag, imei or iccid) that is taken.
    virtual Status Add(const Handset& handset) = 0;
    /// Replaces model, phone number, seal, home wing, status and updated_at (kNotFound).
    virtual Status Update(const Handset& handset) = 0;
    /// Sets the status to ISSUED only when it is AVAILABLE with `seal` (the conditional UPDATE
    /// that makes concurrent issues safe); returns whether it did.
    virtual Result<bool> MarkIssued(const std::string& tag, const std::string& seal,
                                    TimePoint now) = 0;
    /// With issued_to/issued_at from the open issue; kNotFound when absent or out of scope.
    virtual Result<Handset> Get(const std::string& tag, const Scope& scope) = 0;
    /// The handsets of the query in scope, by establishment then tag.
    virtual Result<std::vector<Handset>> List(const HandsetQuery& query, const Scope& scope) = 0;
    /// Appends to the handset's timeline.
    virtual Status AddEvent(const HandsetEvent& event) = 0;
    /// The handset's timeline in scope, oldest first.
    virtual Result<std::vector<HandsetEvent>> Timeline(const std::string& tag,
                                                       const Scope& scope) = 0;
    /// Opens an issue; kConflict when the handset or the prisoner already has an open one (the
    /// unique indexes decide, whatever the concurrency). Returns its id.
    virtual Result<Id> OpenIssue(const HandsetIssue& issue) = 0;
    /// Records the return on the open issue `issue.id` (kNotFound when it is not open).
    virtual Status CloseIssue(const HandsetIssue& issue) = 0;
    /// The open issue of the handset, if any (in scope).
    virtual Result<std::optional<HandsetIssue>> OpenIssueOfHandset(const std::string& tag,
                                                                   const Scope& scope) = 0;
    /// The open issue held by the prisoner, if any (in scope).
    virtual Result<std::optional<HandsetIssue>> OpenIssueOfPrisoner(
        const std::string& prison_number, const Scope& scope) = 0;
    /// The establishment's overdue limit in minutes (kDefaultOverdueMinutes when none is set).
    virtual Result<int> OverdueMinutes(const std::string& establishment, const Scope& scope) = 0;
    /// Sets the establishment's overdue limit.
    virtual Status SetOverdueMinutes(const std::string& establishment, int minutes) = 0;
};

/// Result of checking the audit chain.
struct AuditVerification {
    Id entries = 0;
    std::optional<Id> first_bad_seq;  // set when a row does not match its hash or chain
    std::string problem;
};

/// The append-only audit log.
class AuditLog {
  public:
    virtual ~AuditLog() = default;
    /// Sets seq, prev_hash and hash (chained to the last entry) and stores the entry.
    virtual Status Append(AuditEntry entry) = 0;
    /// Newest first; `subject` empty for all; entries with seq < before_seq when before_seq > 0.
    virtual Result<std::vector<AuditEntry>> List(const std::string& subject, int limit,
                                                 Id before_seq) = 0;
    /// Walks the whole chain in order, recomputing every hash.
    virtual Result<AuditVerification> Verify() = 0;
};

/// The repositories bound to one connection inside one transaction.
struct Repositories {
    RegionRepository& regions;
    EstablishmentRepository& establishments;
    UserRepository& users;
    PrisonerRepository& prisoners;
    AuditLog& audit;
    TmppRepository& tmpp;
    HandsetRepository& handsets;
};

/// A database: runs work in a transaction on a pooled connection.
class Store {
  public:
    virtual ~Store() = default;
    /// A read-write transaction: committed when `work` returns Ok, rolled back otherwise (and on
    /// exception). Writes are serialised on SQLite.
    virtual Status Write(const std::function<Status(Repositories&)>& work) = 0;
    /// A read-only transaction (a consistent snapshot).
    virtual Status Read(const std::function<Status(Repositories&)>& work) = 0;
    /// kUnavailable when the database does not answer.
    virtual Status Ping() = 0;
    /// "sqlite" or "postgresql".
    virtual std::string Backend() const = 0;
};

/// Password hashing (Argon2id).
class PasswordHasher {
  public:
    virtual ~PasswordHasher() = default;
    virtual Result<std::string> Hash(const std::string& password) = 0;
    virtual bool Verify(const std::string& encoded, const std::string& password) = 0;
};

/// Random secrets and one-way hashes of them.
class Secrets {
  public:
    virtual ~Secrets() = default;
    /// A URL-safe random token with `bytes` bytes of entropy.
    virtual std::string RandomToken(size_t bytes = 32) = 0;
    /// SHA-256 hex of `data` (for storing tokens and chaining audit entries).
    virtual std::string Sha256Hex(const std::string& data) = 0;
};

}  // namespace warden::domain
