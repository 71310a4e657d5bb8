#pragma once
// The TMPP handset register over SqlConnection (one SQL text for both databases).

#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Handsets, their timeline, issues and overdue limits in SQL.
class SqlHandsets final : public domain::HandsetRepository {
  public:
    explicit SqlHandsets(SqlConnection& c) : c_(c) {}
    Status Add(const domain::Handset& handset) override;
    Status Update(const domain::Handset& handset, const domain::Handset& as_read) override;
    Result<bool> MarkIssued(const std::string& tag, const std::string& seal,
                            TimePoint now) override;
    Result<domain::Handset> Get(const std::string& tag, const domain::Scope& scope) override;
    Result<domain::IssueFacts> IssueFactsOf(const std::string& tag,
                                            const std::string& prison_number,
                                            const domain::Scope& scope) override;
    Result<std::vector<domain::Handset>> List(const domain::HandsetQuery& query,
                                              const domain::Scope& scope) override;
    Status AddEvent(const domain::HandsetEvent& event) override;
    Result<std::vector<domain::HandsetEvent>> Timeline(const std::string& tag,
                                                       const domain::Scope& scope) override;
    Result<Id> OpenIssue(const domain::HandsetIssue& issue) override;
    Result<domain::IssueWrite> IssueUnderGrant(Id grant_id,
                                               const domain::HandsetIssue& issue) override;
    Result<bool> RequestRecall(Id issue_id, TimePoint at) override;
    Status CloseIssue(const domain::HandsetIssue& issue) override;
    Status CloseIssueAndUpdate(const domain::HandsetIssue& issue, const domain::Handset& handset,
                               const domain::Handset& as_read) override;
    Result<domain::HandsetWithIssue> GetWithOpenIssue(const std::string& tag,
                                                      const domain::Scope& scope) override;
    Result<std::optional<domain::HandsetIssue>> OpenIssueOfPrisoner(
        const std::string& prison_number, const domain::Scope& scope) override;
    Result<int> OverdueMinutes(const std::string& establishment,
                               const domain::Scope& scope) override;
    Status SetOverdueMinutes(const std::string& establishment, int minutes) override;
    // Stocktakes (sql_stocktakes.cpp).
    Result<bool> ChangeStatus(const std::string& tag, domain::HandsetStatus from,
                              domain::HandsetStatus to, TimePoint now) override;
    Result<Id> AddStocktake(const domain::Stocktake& stocktake) override;
    Result<std::vector<domain::Stocktake>> Stocktakes(const std::string& establishment,
                                                      const domain::Scope& scope,
                                                      int limit) override;
    Result<domain::Stocktake> GetStocktake(Id id, const domain::Scope& scope) override;

  private:
    Status LoadItems(domain::Stocktake& stocktake);
    Result<std::optional<domain::HandsetIssue>> OpenIssueWhere(const std::string& column,
                                                               const std::string& value,
                                                               const domain::Scope& scope);
    SqlConnection& c_;
};

}  // namespace warden::storage
