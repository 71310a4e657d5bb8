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
#include "domain/demand/catalogue.hpp"
#include "domain/demand/proposal_repository.hpp"
#include "domain/establishments/establishment.hpp"
#include "domain/notify/outbox.hpp"
#include "domain/people/roles.hpp"
#include "domain/people/user.hpp"
#include "domain/prisoners/prisoner.hpp"
#include "domain/tmpp/access/access.hpp"
#include "domain/tmpp/handsets/handset_repository.hpp"
#include "domain/tmpp/incidents/incident_repository.hpp"
#include "domain/tmpp/monitoring/monitoring.hpp"
#include "domain/tmpp/repositories.hpp"

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
    /// The name, region and emails; never the phase (SetPhase), so that an edit of the details
    /// cannot write back a phase read before Security changed it. kNotFound, kInvalidInput.
    virtual Status Update(const Establishment& e) = 0;
    /// Sets the TMPP phase alone and returns the phase it replaced, read under the row's lock
    /// (FOR UPDATE on PostgreSQL; SQLite has one writer). kNotFound when absent.
    virtual Result<int> SetPhase(const std::string& code, int phase) = 0;
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
    /// Replaces every field but id/username/created_at and the sign-in counter and lockout
    /// (which only the two calls below change, atomically).
    virtual Status Update(const User& user) = 0;
    /// Counts one failed sign-in atomically in SQL (never read-modify-write): when the count
    /// reaches `max_failed` it is reset to 0 and the account locked until `lock_until`.
    /// kNotFound for an unknown id.
    virtual Result<FailedSignIns> RecordFailedSignIn(Id user_id, int max_failed,
                                                     TimePoint lock_until) = 0;
    /// Sets the counter to 0 and clears the lockout (a success, or a password reset).
    virtual Status ResetFailedSignIns(Id user_id) = 0;
    virtual Result<User> GetByUsername(const std::string& username) = 0;  // kNotFound
    virtual Result<User> GetById(Id id) = 0;                              // kNotFound
    /// As the two above, with the row locked until the transaction ends (FOR UPDATE on
    /// PostgreSQL, whose writers run at READ COMMITTED; SQLite has one writer). Every
    /// read-modify-write of a user (Update) starts with one of these, so that a change committed
    /// meanwhile (a disable, new roles, a new password) is waited for and seen, not written back
    /// over with what was read before it.
    virtual Result<User> GetByUsernameForUpdate(const std::string& username) = 0;
    virtual Result<User> GetByIdForUpdate(Id id) = 0;
    virtual Result<std::vector<User>> List() = 0;  // by username

    virtual Status AddSession(const Session& session) = 0;
    virtual Result<Session> GetSession(const std::string& token_hash) = 0;  // kNotFound
    /// The session and its user in one read (every request's sign-in check); kNotFound when the
    /// session or its user is absent.
    virtual Result<SessionOfUser> GetSessionWithUser(const std::string& token_hash) = 0;
    virtual Status DeleteSession(const std::string& token_hash) = 0;
    virtual Status DeleteSessionsOf(Id user_id) = 0;
    /// Deletes sessions past their absolute or idle limit.
    virtual Status DeleteExpiredSessions(TimePoint now) = 0;
    /// Moves the session's idle limit forward (no-op for an unknown session).
    virtual Status TouchSession(const std::string& token_hash, TimePoint idle_expires_at) = 0;

    virtual Result<Id> AddToken(const ApiToken& token) = 0;
    virtual Result<ApiToken> GetToken(const std::string& token_hash) = 0;  // kNotFound
    /// The token and its user in one read (every API request's check); kNotFound when the token
    /// or its user is absent.
    virtual Result<TokenOfUser> GetTokenWithUser(const std::string& token_hash) = 0;
    virtual Result<ApiToken> GetTokenById(Id id) = 0;  // kNotFound
    /// The user's tokens, newest first, without their hashes.
    virtual Result<std::vector<ApiToken>> TokensOf(Id user_id) = 0;
    /// Marks the token revoked at `at` (kept for the listing); kNotFound for an unknown id.
    virtual Status RevokeToken(Id id, TimePoint at) = 0;
    /// Records that the token was used at `at`.
    virtual Status TouchToken(Id id, TimePoint at) = 0;
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
    /// its fastest bulk path (prepared statements on SQLite, COPY on PostgreSQL). Each row held
    /// at another establishment and not gone there is a transfer in (`transferred_in`, by
    /// prison number), found in the same pass.
    virtual Result<ImportResult> Import(const std::string& establishment,
                                        const std::vector<Prisoner>& rows, bool full,
                                        TimePoint now) = 0;
    /// Calls `fn` for each prisoner of `establishment` that is not gone, by prison number (no
    /// scope: the caller has checked it). Stops at and returns the first error of `fn`.
    virtual Status ForEachAt(const std::string& establishment,
                             const std::function<Status(const Prisoner&)>& fn) = 0;
};

/// Seals audit entries: HMAC-SHA-256 under a key kept outside the database (ADR 0007).
class AuditSeal {
  public:
    virtual ~AuditSeal() = default;
    /// Lower-case hex HMAC-SHA-256 of `data` under the key.
    virtual std::string Seal(const std::string& data) const = 0;
};

/// Result of checking the audit chain.
struct AuditVerification {
    Id entries = 0;
    Id legacy_entries = 0;            // entries on the unkeyed chain, sealed by a rekey entry
    std::optional<Id> first_bad_seq;  // set when a row does not match its hash or chain
    std::string problem;
};

/// Which audit entries a reader may see (AuditService builds it from the reader's roles).
struct AuditQuery {
    std::string subject;  // empty for all
    int limit = 100;
    Id before_seq = 0;  // entries with seq < before_seq when > 0
    /// False: every entry (of the subject). True: only the entries that match `action_prefixes`
    /// (an action starting with one of them) or `establishments` (an entry's establishment in
    /// it), either or both.
    bool any_of = false;
    std::optional<std::vector<std::string>> action_prefixes;
    Scope establishments = Scope::Of({});
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
    /// Newest first, the entries `query` allows.
    virtual Result<std::vector<AuditEntry>> Find(const AuditQuery& query) = 0;
    /// Walks the whole chain in order, recomputing every seal (and the plain SHA-256 of the
    /// entries a rekey entry sealed).
    virtual Result<AuditVerification> Verify() = 0;
    /// Seals the entries written before the chain was keyed: when the log starts with entries on
    /// the plain SHA-256 chain that no rekey entry covers yet, appends `anchor` (action
    /// "audit.rekey", detail "legacy_through=N") and returns N; returns 0 when there is nothing
    /// to seal. kConflict when the existing chain does not verify.
    virtual Result<Id> Rekey(AuditEntry anchor) = 0;
};

/// The repositories bound to one connection inside one transaction.
struct Repositories {
    RegionRepository& regions;
    EstablishmentRepository& establishments;
    UserRepository& users;
    PrisonerRepository& prisoners;
    AuditLog& audit;
    // TMPP (domain/tmpp/repositories.hpp)
    AccessRepository& access;
    NeedRepository& needs;
    CompactRepository& compacts;
    RiskRepository& risk;
    PhaseRepository& phases;
    GrantRepository& grants;
    WingListRepository& wing_lists;
    notify::Outbox& outbox;
    ProposalRepository& proposals;
    HandsetRepository& handsets;
    IncidentRepository& incidents;
    CatalogueRepository& catalogue;
    MonitoringRepository& monitoring;
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
    /// A read that runs exactly one SELECT (a lookup by key, such as the sign-in check of every
    /// request): a statement sees one snapshot, so it needs no transaction of its own, and on
    /// PostgreSQL it is sent without BEGIN and COMMIT. A second statement, or a write, fails
    /// (kInternal) and runs nothing.
    virtual Status ReadOneStatement(const std::function<Status(Repositories&)>& work) = 0;
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
