#pragma once
// The monitoring view's aggregates over SqlConnection (one SQL text for both databases).

#include <vector>

#include "domain/ports.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Counts of incidents, handsets and grants, grouped in SQL with the Scope in the WHERE clause.
class SqlMonitoring final : public domain::MonitoringRepository {
  public:
    explicit SqlMonitoring(SqlConnection& c) : c_(c) {}
    Result<std::vector<domain::IncidentCount>> IncidentCounts(TimePoint since,
                                                              const domain::Scope& scope) override;
    Result<std::vector<domain::HandsetStatusCount>> HandsetCounts(
        const domain::Scope& scope) override;
    Result<std::vector<domain::GrantPhaseCount>> GrantCounts(const domain::Scope& scope) override;

  private:
    SqlConnection& c_;
};

}  // namespace warden::storage
