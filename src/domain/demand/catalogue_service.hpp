#pragma once
// The catalogue of assured national services (issue 11 item 4): DIGITAL_REVIEWER adds entries;
// GOVERNOR and DIGITAL_REVIEWER read it. Adding writes its audit entry in the same transaction.

#include <vector>

#include "domain/demand/catalogue.hpp"
#include "domain/ports.hpp"

namespace warden::domain {

/// The catalogue.
class CatalogueService {
  public:
    CatalogueService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    /// Every entry, by name (kForbidden without demand.catalogue.read).
    Result<std::vector<CatalogueEntry>> List(const Actor& by);
    /// Adds an entry (400 naming each bad field); returns it with its id.
    Result<CatalogueEntry> Add(const Actor& by, const CatalogueEntry& entry);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
