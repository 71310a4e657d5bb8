#pragma once
// The TMPP repositories of domain/tmpp/repositories.hpp over SqlConnection, one per aggregate
// (one SQL text for both databases): sql_access.cpp (access, queue, timeline, needs),
// sql_grants.cpp (compacts, grants, wing lists), sql_risk.cpp (recommendations, decisions, risk
// rules, phase tables and their history). Each read puts the caller's Scope into its WHERE clause.

#include <optional>
#include <string>
#include <vector>

#include "domain/tmpp/repositories.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Access records, the Security queue and timelines in SQL.
class SqlAccess final : public domain::AccessRepository {
  public:
    explicit SqlAccess(SqlConnection& c) : c_(c) {}
    Result<domain::AccessRecord> GetAccess(const std::string& prison_number,
                                           const domain::Scope& scope) override;
    Status PutAccess(const domain::AccessRecord& access) override;
    Result<std::vector<domain::AccessRecord>> OpenAccessAt(const std::string& establishment,
                                                           const domain::Scope& scope) override;
    Result<std::vector<domain::TmppQueueEntry>> QueueAt(const std::string& establishment,
                                                        const domain::Scope& scope) override;
    Result<domain::TmppQueuePage> QueuePage(const domain::QueueQuery& query,
                                            const domain::Scope& scope) override;
    Status AddEvent(const domain::AccessEvent& event) override;
    Result<std::vector<domain::AccessEvent>> Timeline(const std::string& prison_number,
                                                      const domain::Scope& scope) override;

  private:
    SqlConnection& c_;
};

/// Needs in SQL.
class SqlNeeds final : public domain::NeedRepository {
  public:
    explicit SqlNeeds(SqlConnection& c) : c_(c) {}
    Result<Id> AddNeed(const domain::Need& need) override;
    Result<std::vector<domain::Need>> NeedsOf(const std::string& prison_number,
                                              const domain::Scope& scope) override;

  private:
    SqlConnection& c_;
};

/// Compact versions and signatures in SQL.
class SqlCompacts final : public domain::CompactRepository {
  public:
    explicit SqlCompacts(SqlConnection& c) : c_(c) {}
    Status AddCompactVersion(const domain::CompactVersion& version) override;
    Result<std::vector<domain::CompactVersion>> CompactVersions(
        const std::string& establishment, const domain::Scope& scope) override;
    Result<Id> AddSignature(const domain::CompactSignature& signature) override;
    Result<std::vector<domain::CompactSignature>> SignaturesOf(const std::string& prison_number,
                                                               const domain::Scope& scope) override;

  private:
    SqlConnection& c_;
};

/// Recommendations (bulk-inserted: multi-row prepared inserts on SQLite, COPY on PostgreSQL),
/// decisions and risk rules in SQL.
class SqlRisk final : public domain::RiskRepository {
  public:
    explicit SqlRisk(SqlConnection& c) : c_(c) {}
    Status AddRecommendations(const std::vector<domain::StoredRecommendation>& recs) override;
    Result<std::optional<domain::StoredRecommendation>> LatestRecommendation(
        const std::string& prison_number, const domain::Scope& scope) override;
    Result<std::optional<domain::RiskDecision>> GetDecision(const std::string& prison_number,
                                                            const domain::Scope& scope) override;
    Status PutDecision(const domain::RiskDecision& decision) override;
    Result<bool> MarkDecisionForReview(const domain::RiskDecision& read,
                                       const std::string& reason) override;
    Result<std::vector<domain::RiskDecision>> DecisionsAt(const std::string& establishment,
                                                          const domain::Scope& scope) override;
    Result<std::vector<domain::RiskDecision>> DecisionsExpiredBy(
        TimePoint now, int limit, const domain::Scope& scope) override;
    Status AddRiskRules(const domain::StoredRiskRules& rules) override;
    Result<std::optional<domain::StoredRiskRules>> CurrentRiskRules() override;
    Result<std::vector<domain::StoredRiskRules>> RiskRulesHistory() override;

  private:
    SqlConnection& c_;
};

/// Phase tables in SQL.
class SqlPhases final : public domain::PhaseRepository {
  public:
    explicit SqlPhases(SqlConnection& c) : c_(c) {}
    Result<std::vector<domain::PhaseRule>> PhaseTable(const std::string& establishment,
                                                      const domain::Scope& scope) override;
    Status PutPhaseTable(const std::string& establishment,
                         const std::vector<domain::PhaseRule>& table) override;
    Result<Id> AddPhaseChange(const domain::PhaseHistoryEntry& change) override;
    Result<std::vector<domain::PhaseHistoryEntry>> PhaseHistory(
        const std::string& establishment, const domain::Scope& scope) override;

  private:
    SqlConnection& c_;
};

/// Grants in SQL.
class SqlGrants final : public domain::GrantRepository {
  public:
    explicit SqlGrants(SqlConnection& c) : c_(c) {}
    Result<Id> AddGrant(const domain::Grant& grant) override;
    Status UpdateGrant(const domain::Grant& grant) override;
    Result<bool> LockActiveGrant(Id id) override;
    Result<std::optional<domain::Grant>> ActiveGrant(const std::string& prison_number,
                                                     const domain::Scope& scope) override;
    Result<std::vector<domain::Grant>> ActiveGrantsAt(const std::string& establishment,
                                                      const domain::Scope& scope) override;
    Result<std::vector<domain::Grant>> EndedSince(const std::string& establishment,
                                                  const std::string& wing, TimePoint since,
                                                  const domain::Scope& scope) override;

  private:
    SqlConnection& c_;
};

/// Published wing lists in SQL.
class SqlWingLists final : public domain::WingListRepository {
  public:
    explicit SqlWingLists(SqlConnection& c) : c_(c) {}
    Result<std::optional<domain::WingList>> LatestWingList(const std::string& establishment,
                                                           const std::string& wing,
                                                           const domain::Scope& scope) override;
    Status AddWingList(const domain::WingList& list) override;

  private:
    SqlConnection& c_;
};

/// Every TMPP repository over one connection.
struct SqlTmppRepositories {
    explicit SqlTmppRepositories(SqlConnection& c)
        : access(c), needs(c), compacts(c), risk(c), phases(c), grants(c), wing_lists(c) {}
    SqlAccess access;
    SqlNeeds needs;
    SqlCompacts compacts;
    SqlRisk risk;
    SqlPhases phases;
    SqlGrants grants;
    SqlWingLists wing_lists;
};

}  // namespace warden::storage
