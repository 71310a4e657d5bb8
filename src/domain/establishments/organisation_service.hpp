#pragma once
// Regions, establishments and wings. Reading follows Actor::EstablishmentScope(); changes need
// ADMIN (or the system actor) and are audited.

#include <string>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain {

/// Manages the organisation: regions, establishments, wings.
class OrganisationService {
  public:
    OrganisationService(Store& store, const Clock& clock);

    /// kInvalidInput with field errors (code, name, riu_email); kConflict on a duplicate code.
    Status AddRegion(const Actor& by, const Region& region);
    Status UpdateRegion(const Actor& by, const Region& region);
    Result<std::vector<Region>> ListRegions(const Actor& by);

    /// kInvalidInput with field errors (code, name, region, spoc_email, security_email);
    /// kInvalidInput "Region X does not exist"; kConflict on a duplicate code.
    Status AddEstablishment(const Actor& by, const Establishment& e);
    Status UpdateEstablishment(const Actor& by, const Establishment& e);
    /// In the actor's scope.
    Result<std::vector<Establishment>> ListEstablishments(const Actor& by);
    /// With wings; kNotFound outside the actor's scope.
    Result<Establishment> GetEstablishment(const Actor& by, const std::string& code);
    /// Adds or changes a wing's kind.
    Status SaveWing(const Actor& by, const Location& wing);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
