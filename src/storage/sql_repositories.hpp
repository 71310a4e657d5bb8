#pragma once
// The repositories of domain/ports.hpp, written once over SqlConnection (ADR 0001). Each method
// runs in the transaction that the Store has open on the connection.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/demand/sql_catalogue.hpp"
#include "storage/demand/sql_proposals.hpp"
#include "storage/notify/sql_outbox.hpp"
#include "storage/sql.hpp"
#include "storage/tmpp/sql_handsets.hpp"
#include "storage/tmpp/sql_incidents.hpp"
#include "storage/tmpp/sql_monitoring.hpp"
#include "storage/tmpp/sql_tmpp.hpp"

namespace warden::storage {

/// The prisoners columns ReadPrisoner reads, in order, comma-separated.
extern const char* const kPrisonerColumns;
/// Reads a prisoner from columns 0.. of `row` (kPrisonerColumns).
Status ReadPrisoner(const SqlRow& row, domain::Prisoner& p);
/// The columns of a prisoner's summary (PrisonerQuery::summary), in order: the first columns of
/// kPrisonerColumns. On SQLite the wing's index prisoners_on_wing holds every one of them, so a
/// wing's list reads no table page.
extern const char* const kPrisonerSummaryColumns;

/// The users columns ReadUser reads, in order, of the table aliased `u` ("FROM users u").
extern const char* const kUserColumns;
/// Reads a user from columns 0.. of `row` (kUserColumns).
Status ReadUser(const SqlRow& row, domain::User& u);

/// Regions in SQL.
class SqlRegions final : public domain::RegionRepository {
  public:
    explicit SqlRegions(SqlConnection& c) : c_(c) {}
    Status Add(const domain::Region& region) override;
    Status Update(const domain::Region& region) override;
    Result<domain::Region> Get(const std::string& code) override;
    Result<std::vector<domain::Region>> List() override;

  private:
    SqlConnection& c_;
};

/// Establishments and their wings in SQL.
class SqlEstablishments final : public domain::EstablishmentRepository {
  public:
    explicit SqlEstablishments(SqlConnection& c) : c_(c) {}
    Status Add(const domain::Establishment& e) override;
    Status Update(const domain::Establishment& e) override;
    Result<int> SetPhase(const std::string& code, int phase) override;
    Result<domain::Establishment> Get(const std::string& code, const domain::Scope& scope) override;
    Result<std::vector<domain::Establishment>> List(const domain::Scope& scope) override;
    Result<bool> EnsureLocation(const domain::Location& location) override;
    Status UpdateLocation(const domain::Location& location) override;

  private:
    SqlConnection& c_;
};

/// Users, sessions and API tokens in SQL.
class SqlUsers final : public domain::UserRepository {
  public:
    explicit SqlUsers(SqlConnection& c) : c_(c) {}
    Result<Id> Add(const domain::User& user) override;
    Status Update(const domain::User& user) override;
    Result<domain::User> GetByUsername(const std::string& username) override;
    Result<domain::User> GetById(Id id) override;
    Result<domain::User> GetByUsernameForUpdate(const std::string& username) override;
    Result<domain::User> GetByIdForUpdate(Id id) override;
    Result<std::vector<domain::User>> List() override;
    Status AddSession(const domain::Session& session) override;
    Result<domain::Session> GetSession(const std::string& token_hash) override;
    Result<domain::SessionOfUser> GetSessionWithUser(const std::string& token_hash) override;
    Status DeleteSession(const std::string& token_hash) override;
    Status DeleteSessionsOf(Id user_id) override;
    Status DeleteExpiredSessions(TimePoint now) override;
    Result<domain::FailedSignIns> RecordFailedSignIn(Id user_id, int max_failed,
                                                     TimePoint lock_until) override;
    Status ResetFailedSignIns(Id user_id) override;
    Status TouchSession(const std::string& token_hash, TimePoint idle_expires_at) override;
    Result<Id> AddToken(const domain::ApiToken& token) override;
    Result<domain::ApiToken> GetToken(const std::string& token_hash) override;
    Result<domain::TokenOfUser> GetTokenWithUser(const std::string& token_hash) override;
    Result<domain::ApiToken> GetTokenById(Id id) override;
    Result<std::vector<domain::ApiToken>> TokensOf(Id user_id) override;
    Status RevokeToken(Id id, TimePoint at) override;
    Status TouchToken(Id id, TimePoint at) override;

  private:
    Result<domain::User> GetWhere(const std::string& sql, const SqlParams& params);
    Result<std::vector<domain::ApiToken>> TokensWhere(const std::string& where,
                                                      const SqlParams& params);
    SqlConnection& c_;
};

/// Prisoners in SQL; Import takes each backend's bulk path.
class SqlPrisoners final : public domain::PrisonerRepository {
  public:
    explicit SqlPrisoners(SqlConnection& c) : c_(c) {}
    Result<domain::Prisoner> Get(const std::string& prison_number,
                                 const domain::Scope& scope) override;
    Result<domain::PrisonerPage> List(const domain::PrisonerQuery& query,
                                      const domain::Scope& scope) override;
    Result<domain::ImportResult> Import(const std::string& establishment,
                                        const std::vector<domain::Prisoner>& rows, bool full,
                                        TimePoint now) override;
    Status ForEachAt(const std::string& establishment,
                     const std::function<Status(const domain::Prisoner&)>& fn) override;

  private:
    SqlConnection& c_;
};

/// The keyed, hash-chained audit log in SQL (ADR 0007).
class SqlAuditLog final : public domain::AuditLog {
  public:
    SqlAuditLog(SqlConnection& c, const domain::AuditSeal& seal) : c_(c), seal_(seal) {}
    Status Append(domain::AuditEntry entry) override;
    Result<std::vector<domain::AuditEntry>> List(const std::string& subject, int limit,
                                                 Id before_seq) override;
    Result<std::vector<domain::AuditEntry>> Find(const domain::AuditQuery& query) override;
    Result<domain::AuditVerification> Verify() override;
    Result<Id> Rekey(domain::AuditEntry anchor) override;

  private:
    std::string Sealed(const domain::AuditEntry& e) const;
    // The highest "legacy_through" of the rekey entries sealed under this key (0: none).
    Result<Id> SealedLegacyThrough();
    // Walks the chains; entries up to `legacy_through` may be on the plain SHA-256 chain, and
    // leading plain entries beyond it are counted in `unsealed_legacy`.
    Result<domain::AuditVerification> Walk(Id legacy_through, Id& unsealed_legacy);
    // PostgreSQL: takes (or takes again) this transaction's chain lock, then reads the next seq
    // and the chain's last hash into `entry.seq` and `last_hash` (left as is on a new chain).
    Status LockChainAndReadHead(domain::AuditEntry& entry, std::string& last_hash);
    SqlConnection& c_;
    const domain::AuditSeal& seal_;
    int chain_ = -1;  // the chain this transaction appends to, once it has taken its lock
};

/// Every repository over one connection, as the domain::Repositories a Store hands to work.
class SqlRepositories {
  public:
    SqlRepositories(SqlConnection& c, const domain::AuditSeal& seal)
        : regions_(c),
          establishments_(c),
          users_(c),
          prisoners_(c),
          audit_(c, seal),
          tmpp_(c),
          outbox_(c),
          proposals_(c),
          handsets_(c),
          incidents_(c),
          catalogue_(c),
          monitoring_(c),
          repos_{regions_,     establishments_,  users_,         prisoners_, audit_,
                 tmpp_.access, tmpp_.needs,      tmpp_.compacts, tmpp_.risk, tmpp_.phases,
                 tmpp_.grants, tmpp_.wing_lists, outbox_,        proposals_, handsets_,
                 incidents_,   catalogue_,       monitoring_} {}
    SqlRepositories(const SqlRepositories&) = delete;
    SqlRepositories& operator=(const SqlRepositories&) = delete;

    /// The repositories, for Store work functions.
    domain::Repositories& repos() { return repos_; }

  private:
    SqlRegions regions_;
    SqlEstablishments establishments_;
    SqlUsers users_;
    SqlPrisoners prisoners_;
    SqlAuditLog audit_;
    SqlTmppRepositories tmpp_;
    SqlOutbox outbox_;
    SqlProposals proposals_;
    SqlHandsets handsets_;
    SqlIncidents incidents_;
    SqlCatalogue catalogue_;
    SqlMonitoring monitoring_;
    domain::Repositories repos_;
};

/// SQL condition "`column` is inside the scope", using parameters $n and $n+1 (see ScopeParams).
std::string ScopeCondition(Dialect d, const std::string& column, int n);
/// Appends the two parameters of ScopeCondition for `scope`.
void AppendScopeParams(Dialect d, const domain::Scope& scope, SqlParams& params);

/// Advisory lock keys (PostgreSQL): prisoner imports and migrations.
inline constexpr std::int64_t kImportLockKey = 0x5744'4e49'4d50'4f52;     // "WDNIMPOR"
inline constexpr std::int64_t kMigrationLockKey = 0x5744'4e4d'4947'5241;  // "WDNMIGRA"
/// The audit log's chains (ADR 0019): on PostgreSQL an append holds the advisory lock
/// (kAuditChainLockClass, chain) until its transaction ends; SQLite has one writer and one chain.
inline constexpr std::int32_t kAuditChainLockClass = 0x5744'4e41;  // "WDNA"
inline constexpr int kAuditChains = 32;

}  // namespace warden::storage
