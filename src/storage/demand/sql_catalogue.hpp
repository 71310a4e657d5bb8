#pragma once
// The catalogue of assured national services over SqlConnection (migration 0015).

#include <vector>

#include "domain/demand/catalogue.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// The catalogue in SQL.
class SqlCatalogue final : public domain::CatalogueRepository {
  public:
    explicit SqlCatalogue(SqlConnection& c) : c_(c) {}
    Result<Id> Add(const domain::CatalogueEntry& entry) override;
    Result<std::vector<domain::CatalogueEntry>> List() override;
    Result<std::vector<domain::SimilarCandidate>> Candidates(const domain::SimilarityProbe& probe,
                                                             int limit) override;
    Status MergeSearchIndex() override;

  private:
    SqlConnection& c_;
};

}  // namespace warden::storage
