#include "domain/demand/catalogue_service.hpp"

#include <utility>

#include "core/strings.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {

Result<std::vector<CatalogueEntry>> CatalogueService::List(const Actor& by) {
    WARDEN_TRY(Require(by, Action::kDemandCatalogueRead));
    std::vector<CatalogueEntry> out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out, repos.catalogue.List());
        return Ok();
    }));
    return out;
}

Result<CatalogueEntry> CatalogueService::Add(const Actor& by, const CatalogueEntry& input) {
    WARDEN_TRY(Require(by, Action::kDemandCatalogueManage));
    CatalogueEntry entry = input;
    entry.name = std::string(Trim(entry.name));
    entry.supplier = std::string(Trim(entry.supplier));
    entry.contact = std::string(Trim(entry.contact));
    WARDEN_TRY(ValidateCatalogueEntry(entry));
    entry.added_by = by.username;
    entry.added_at = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(entry.id, repos.catalogue.Add(entry));
        return repos.audit.Append(NewAuditEntry(by, entry.added_at, "demand.catalogue.added",
                                                "catalogue:" + std::to_string(entry.id),
                                                "kind=" + entry.category));
    }));
    return entry;
}

}  // namespace warden::domain
