#pragma once
// TMPP incident reports over SqlConnection (one SQL text for both databases).

#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Incidents, their numbering and their timelines in SQL (migrations 0013 and 0020).
class SqlIncidents final : public domain::IncidentRepository {
  public:
    explicit SqlIncidents(SqlConnection& c) : c_(c) {}
    Result<int> NextNumber(const std::string& establishment, int year) override;
    Result<Id> Add(const domain::Incident& incident) override;
    Status Update(const domain::Incident& incident, domain::IncidentStatus was) override;
    Result<std::vector<domain::Incident>> List(const domain::IncidentFilter& filter,
                                               const domain::Scope& scope) override;
    Result<domain::Incident> Get(const std::string& reference, const domain::Scope& scope) override;
    Result<Id> AddEvent(const domain::IncidentEvent& event) override;
    Result<std::vector<domain::IncidentEvent>> Timeline(Id incident_id,
                                                        const domain::Scope& scope) override;
    Result<Id> AddSanction(const domain::Sanction& sanction) override;
    Result<std::vector<domain::Sanction>> Sanctions(const std::vector<Id>& incident_ids,
                                                    const domain::Scope& scope) override;
    Result<std::vector<domain::TamperingFact>> TamperingFacts(
        const domain::Scope& prisoners) override;

  private:
    SqlConnection& c_;
};

}  // namespace warden::storage
