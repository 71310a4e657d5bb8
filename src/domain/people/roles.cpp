#include "domain/people/roles.hpp"

#include <algorithm>

#include "domain/policy/policy.hpp"

namespace warden::domain {

namespace {

struct RoleEntry {
    Role role;
    std::string_view name;
};

constexpr RoleEntry kRoles[] = {
    {Role::kWingOfficer, "WING_OFFICER"},
    {Role::kTmppSpoc, "TMPP_SPOC"},
    {Role::kSecurity, "SECURITY"},
    {Role::kGovernor, "GOVERNOR"},
    {Role::kMonitoring, "MONITORING"},
    {Role::kDigitalReviewer, "DIGITAL_REVIEWER"},
    {Role::kAdmin, "ADMIN"},
};

}  // namespace

const std::vector<Role>& AllRoles() {
    static const std::vector<Role> roles = [] {
        std::vector<Role> out;
        for (const auto& entry : kRoles) out.push_back(entry.role);
        return out;
    }();
    return roles;
}

std::string_view RoleName(Role role) {
    for (const auto& entry : kRoles) {
        if (entry.role == role) return entry.name;
    }
    return "UNKNOWN";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (const auto& entry : kRoles) {
        if (entry.name == name) return entry.role;
    }
    return std::nullopt;
}

bool IsNationalRole(Role role) {
    return role == Role::kMonitoring || role == Role::kDigitalReviewer || role == Role::kAdmin;
}

bool Scope::Allows(std::string_view code) const {
    if (all) return true;
    return std::find(establishments.begin(), establishments.end(), code) != establishments.end();
}

bool Actor::Has(Role role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Actor::HasAny(std::initializer_list<Role> wanted) const {
    return std::any_of(wanted.begin(), wanted.end(), [this](Role r) { return Has(r); });
}

Scope Actor::EstablishmentScope() const {
    if (system || std::any_of(roles.begin(), roles.end(), IsNationalRole)) return Scope::National();
    return Scope::Of(caseload);
}

Scope Actor::PrisonerScope() const {
    if (system) return Scope::National();
    if (Allowed(*this, Action::kPrisonersRead)) return Scope::Of(caseload);
    return Scope::Of({});
}

Actor Actor::System(std::string name) {
    Actor actor;
    actor.user_id = 0;
    actor.username = std::move(name);
    actor.roles = AllRoles();
    actor.source = "cli";
    actor.system = true;
    return actor;
}

}  // namespace warden::domain
