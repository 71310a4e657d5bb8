#pragma once
// The repositories of domain/ports.hpp, written once over SqlConnection (ADR 0001). Each method
// runs in the transaction that the Store has open on the connection.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/sql.hpp"
#include "storage/tmpp/sql_handsets.hpp"

namespace warden::storage {

/// The prisoners columns ReadPrisoner reads, in order, comma-separated.
extern const char* const kPrisonerColumns;
/// Reads a prisoner from columns 0.. of `row` (kPrisonerColumns).
Status ReadPrisoner(const SqlRow& row, domain::Prisoner& p);

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
    Result<std::vector<domain::User>> List() override;
    Status AddSession(const domain::Session& session) override;
    Result<domain::Session> GetSession(const std::string& token_hash) override;
    Status DeleteSession(const std::string& token_hash) override;
    Status DeleteSessionsOf(Id user_id) override;
    Status DeleteExpiredSessions(TimePoint now) override;
    Result<Id> AddToken(const domain::ApiToken& token) override;
    Result<domain::ApiToken> GetToken(const std::string& token_hash) override;

  private:
    Result<domain::User> GetWhere(const std::string& sql, const SqlParams& params);
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

/// TMPP access in SQL (tmpp/sql_access.cpp, tmpp/sql_risk.cpp); recommendations are bulk-inserted
/// (multi-row prepared inserts on SQLite, COPY on PostgreSQL).
class SqlTmpp final : public domain::TmppRepository {
  public:
    explicit SqlTmpp(SqlConnection& c) : c_(c) {}
    Result<domain::AccessRecord> GetAccess(const std::string& prison_number) override;
    Status PutAccess(const domain::AccessRecord& access) override;
    Result<std::vector<domain::AccessRecord>> OpenAccessAt(
        const std::string& establishment) override;
    Result<std::vector<domain::TmppQueueEntry>> QueueAt(const std::string& establishment) override;
    Status AddEvent(const domain::AccessEvent& event) override;
    Result<std::vector<domain::AccessEvent>> Timeline(const std::string& prison_number) override;
    Result<Id> AddNeed(const domain::Need& need) override;
    Result<std::vector<domain::Need>> NeedsOf(const std::string& prison_number) override;
    Status AddCompactVersion(const domain::CompactVersion& version) override;
    Result<std::vector<domain::CompactVersion>> CompactVersions(
        const std::string& establishment) override;
    Result<Id> AddSignature(const domain::CompactSignature& signature) override;
    Result<std::vector<domain::CompactSignature>> SignaturesOf(
        const std::string& prison_number) override;
    Status AddRecommendations(const std::vector<domain::StoredRecommendation>& recs) override;
    Result<std::optional<domain::StoredRecommendation>> LatestRecommendation(
        const std::string& prison_number) override;
    Result<std::optional<domain::RiskDecision>> GetDecision(
        const std::string& prison_number) override;
    Status PutDecision(const domain::RiskDecision& decision) override;
    Result<std::vector<domain::RiskDecision>> DecisionsAt(
        const std::string& establishment) override;
    Result<std::vector<domain::RiskDecision>> DecisionsExpiredBy(TimePoint now, int limit) override;
    Status AddRiskRules(const domain::StoredRiskRules& rules) override;
    Result<std::optional<domain::StoredRiskRules>> CurrentRiskRules() override;
    Result<std::vector<domain::StoredRiskRules>> RiskRulesHistory() override;
    Result<std::vector<domain::PhaseRule>> PhaseTable(const std::string& establishment) override;
    Status PutPhaseTable(const std::string& establishment,
                         const std::vector<domain::PhaseRule>& table) override;
    Result<Id> AddGrant(const domain::Grant& grant) override;
    Status UpdateGrant(const domain::Grant& grant) override;
    Result<std::optional<domain::Grant>> ActiveGrant(const std::string& prison_number) override;
    Result<std::vector<domain::Grant>> ActiveGrantsAt(const std::string& establishment) override;
    Result<std::vector<domain::Grant>> EndedSince(const std::string& establishment,
                                                  const std::string& wing,
                                                  TimePoint since) override;
    Result<std::optional<domain::WingList>> LatestWingList(const std::string& establishment,
                                                           const std::string& wing) override;
    Status AddWingList(const domain::WingList& list) override;

  private:
    Result<std::vector<domain::Grant>> GrantsWhere(const std::string& where,
                                                   const SqlParams& params);
    SqlConnection& c_;
};

/// The hash-chained audit log in SQL.
class SqlAuditLog final : public domain::AuditLog {
  public:
    explicit SqlAuditLog(SqlConnection& c) : c_(c) {}
    Status Append(domain::AuditEntry entry) override;
    Result<std::vector<domain::AuditEntry>> List(const std::string& subject, int limit,
                                                 Id before_seq) override;
    Result<domain::AuditVerification> Verify() override;

  private:
    SqlConnection& c_;
};

/// Every repository over one connection, as the domain::Repositories a Store hands to work.
class SqlRepositories {
  public:
    explicit SqlRepositories(SqlConnection& c)
        : regions_(c),
          establishments_(c),
          users_(c),
          prisoners_(c),
          audit_(c),
          tmpp_(c),
          handsets_(c),
          repos_{regions_, establishments_, users_, prisoners_, audit_, tmpp_, handsets_} {}
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
    SqlTmpp tmpp_;
    SqlHandsets handsets_;
    domain::Repositories repos_;
};

/// SQL condition "`column` is inside the scope", using parameters $n and $n+1 (see ScopeParams).
std::string ScopeCondition(Dialect d, const std::string& column, int n);
/// Appends the two parameters of ScopeCondition for `scope`.
void AppendScopeParams(Dialect d, const domain::Scope& scope, SqlParams& params);

/// Advisory lock keys (PostgreSQL): the audit chain, prisoner imports and migrations.
inline constexpr std::int64_t kAuditLockKey = 0x5744'4e41'5544'4954;      // "WDNAUDIT"
inline constexpr std::int64_t kImportLockKey = 0x5744'4e49'4d50'4f52;     // "WDNIMPOR"
inline constexpr std::int64_t kMigrationLockKey = 0x5744'4e4d'4947'5241;  // "WDNMIGRA"

}  // namespace warden::storage
