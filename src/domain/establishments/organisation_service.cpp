#include "domain/establishments/organisation_service.hpp"

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {

namespace {

constexpr size_t kMaxName = 200;

bool GoodName(const std::string& name) {
    return !name.empty() && name.size() <= kMaxName && IsValidUtf8(name);
}

// Normalises and checks a region; field errors for each bad field.
std::vector<FieldError> CheckRegion(Region& r) {
    r.code = ToUpper(Trim(r.code));
    r.name = std::string(Trim(r.name));
    r.riu_email = ToLower(Trim(r.riu_email));
    std::vector<FieldError> errors;
    if (!IsRegionCode(r.code)) {
        errors.push_back(
            {"code", "Enter a region code of 2 to 12 capital letters, digits or underscores"});
    }
    if (!GoodName(r.name)) errors.push_back({"name", "Enter the region's name"});
    if (!IsEmail(r.riu_email)) {
        errors.push_back({"riu_email",
                          "Enter the RIU email address in the correct format, like "
                          "riu@justice.gov.uk"});
    }
    return errors;
}

// Normalises and checks an establishment; field errors for each bad field.
std::vector<FieldError> CheckEstablishment(Establishment& e) {
    e.code = ToUpper(Trim(e.code));
    e.name = std::string(Trim(e.name));
    e.region_code = ToUpper(Trim(e.region_code));
    e.spoc_email = ToLower(Trim(e.spoc_email));
    e.security_email = ToLower(Trim(e.security_email));
    std::vector<FieldError> errors;
    if (!IsEstablishmentCode(e.code)) {
        errors.push_back({"code", "Enter the establishment's three-letter code, like MDI"});
    }
    if (!GoodName(e.name)) errors.push_back({"name", "Enter the establishment's name"});
    if (!IsRegionCode(e.region_code)) errors.push_back({"region", "Choose a region"});
    if (!IsEmail(e.spoc_email)) {
        errors.push_back({"spoc_email",
                          "Enter the TMPP SPoC email address in the correct "
                          "format, like tmpp@justice.gov.uk"});
    }
    if (!IsEmail(e.security_email)) {
        errors.push_back({"security_email",
                          "Enter the Security email address in the correct "
                          "format, like security@justice.gov.uk"});
    }
    if (e.phase < 0 || e.phase > 3) errors.push_back({"phase", "Choose a phase from 0 to 3"});
    return errors;
}

std::string EstablishmentDetail(const Establishment& e) {
    return "name=" + e.name + " region=" + e.region_code + " phase=" + std::to_string(e.phase);
}

// kInvalidInput on the region field when the region does not exist.
Status RequireRegion(Repositories& repos, const std::string& code) {
    auto region = repos.regions.Get(code);
    if (region.ok()) return Ok();
    if (region.error().code != ErrorCode::kNotFound) return region.error();
    std::string message = "Region " + code + " does not exist";
    return Error::Invalid(message, {{"region", message}});
}

}  // namespace

OrganisationService::OrganisationService(Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Status OrganisationService::AddRegion(const Actor& by, const Region& input) {
    WARDEN_TRY(Require(by, Action::kOrganisationManage));
    Region region = input;
    auto errors = CheckRegion(region);
    if (!errors.empty()) return FieldsError(std::move(errors));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        if (repos.regions.Get(region.code).ok()) {
            return Error::Conflict("Region " + region.code + " already exists");
        }
        WARDEN_TRY(repos.regions.Add(region));
        return repos.audit.Append(NewAuditEntry(by, now, "region.create", "region:" + region.code,
                                                "name=" + region.name));
    });
}

Status OrganisationService::UpdateRegion(const Actor& by, const Region& input) {
    WARDEN_TRY(Require(by, Action::kOrganisationManage));
    Region region = input;
    auto errors = CheckRegion(region);
    if (!errors.empty()) return FieldsError(std::move(errors));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto existing = repos.regions.Get(region.code);
        if (!existing.ok()) {
            if (existing.error().code == ErrorCode::kNotFound) {
                return Error::NotFound("Region " + region.code + " does not exist");
            }
            return existing.error();
        }
        WARDEN_TRY(repos.regions.Update(region));
        return repos.audit.Append(NewAuditEntry(by, now, "region.update", "region:" + region.code,
                                                "name=" + region.name));
    });
}

Result<std::vector<Region>> OrganisationService::ListRegions(const Actor& /*by*/) {
    std::vector<Region> regions;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(regions, repos.regions.List());
        return Ok();
    }));
    return regions;
}

Status OrganisationService::AddEstablishment(const Actor& by, const Establishment& input) {
    WARDEN_TRY(Require(by, Action::kOrganisationManage));
    Establishment e = input;
    e.wings.clear();
    auto errors = CheckEstablishment(e);
    if (!errors.empty()) return FieldsError(std::move(errors));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        WARDEN_TRY(RequireRegion(repos, e.region_code));
        if (repos.establishments.Get(e.code, Scope::National()).ok()) {
            return Error::Conflict("Establishment " + e.code + " already exists");
        }
        WARDEN_TRY(repos.establishments.Add(e));
        return repos.audit.Append(NewAuditEntry(by, now, "establishment.create",
                                                "establishment:" + e.code, EstablishmentDetail(e)));
    });
}

Status OrganisationService::UpdateEstablishment(const Actor& by, const Establishment& input) {
    WARDEN_TRY(Require(by, Action::kOrganisationManage));
    Establishment e = input;
    e.wings.clear();
    auto errors = CheckEstablishment(e);
    if (!errors.empty()) return FieldsError(std::move(errors));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto existing = repos.establishments.Get(e.code, Scope::National());
        if (!existing.ok()) {
            if (existing.error().code == ErrorCode::kNotFound) {
                return Error::NotFound("Establishment " + e.code + " does not exist");
            }
            return existing.error();
        }
        WARDEN_TRY(RequireRegion(repos, e.region_code));
        // The phase is Security's to set (tmpp.phase.set): Update never writes it, and the
        // audit entry shows the one read here.
        e.phase = existing->phase;
        WARDEN_TRY(repos.establishments.Update(e));
        return repos.audit.Append(NewAuditEntry(by, now, "establishment.update",
                                                "establishment:" + e.code, EstablishmentDetail(e)));
    });
}

Result<std::vector<Establishment>> OrganisationService::ListEstablishments(const Actor& by) {
    std::vector<Establishment> out;
    const Scope scope = by.EstablishmentScope();
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out, repos.establishments.List(scope));
        return Ok();
    }));
    return out;
}

Result<Establishment> OrganisationService::GetEstablishment(const Actor& by,
                                                            const std::string& code) {
    const std::string wanted = ToUpper(Trim(code));
    const Scope scope = by.EstablishmentScope();
    Establishment out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        auto e = repos.establishments.Get(wanted, scope);
        if (!e.ok()) {
            if (e.error().code == ErrorCode::kNotFound) {
                return Error::NotFound("Establishment " + Clip(wanted, 10) + " was not found");
            }
            return e.error();
        }
        out = std::move(e).value();
        return Ok();
    }));
    return out;
}

Status OrganisationService::SaveWing(const Actor& by, const Location& input) {
    WARDEN_TRY(Require(by, Action::kOrganisationManage));
    Location wing = input;
    wing.establishment = ToUpper(Trim(wing.establishment));
    wing.code = ToUpper(Trim(wing.code));
    wing.prisoner_count = 0;
    if (!IsLocationCode(wing.code)) {
        return FieldsError(
            {{"code", "Enter a wing code of 1 to 10 capital letters, digits or '-'"}});
    }
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        auto e = repos.establishments.Get(wing.establishment, Scope::National());
        if (!e.ok()) {
            if (e.error().code == ErrorCode::kNotFound) {
                return Error::NotFound("Establishment " + Clip(wing.establishment, 10) +
                                       " was not found");
            }
            return e.error();
        }
        WARDEN_ASSIGN_OR_RETURN(bool created, repos.establishments.EnsureLocation(wing));
        if (!created) WARDEN_TRY(repos.establishments.UpdateLocation(wing));
        return repos.audit.Append(NewAuditEntry(
            by, now, created ? "wing.create" : "wing.update", "establishment:" + wing.establishment,
            "wing=" + wing.code + " kind=" + std::string(LocationKindName(wing.kind))));
    });
}

}  // namespace warden::domain
