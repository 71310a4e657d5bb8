#pragma once
// Roles, users and the acting user (DOMAIN.md, "Users and roles").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace warden::domain {

/// The roles of DOMAIN.md.
enum class Role {
    kWingOfficer,
    kTmppSpoc,
    kSecurity,
    kGovernor,
    kMonitoring,
    kDigitalReviewer,
    kAdmin,
};

/// Every role, in DOMAIN.md's order.
const std::vector<Role>& AllRoles();
/// "WING_OFFICER", "TMPP_SPOC", ...
std::string_view RoleName(Role role);
/// Inverse of RoleName (exact, upper case); nullopt for an unknown role.
std::optional<Role> ParseRole(std::string_view name);
/// True for the roles whose work is national rather than an establishment's: MONITORING,
/// DIGITAL_REVIEWER and ADMIN.
bool IsNationalRole(Role role);

/// Which establishments a query may read. `all` is national scope; an empty list sees nothing.
struct Scope {
    bool all = false;
    std::vector<std::string> establishments;

    bool Allows(std::string_view code) const;
    static Scope National() { return {true, {}}; }
    static Scope Of(std::vector<std::string> codes) { return {false, std::move(codes)}; }
};

/// The signed-in user on whose behalf a service acts.
struct Actor {
    Id user_id = 0;
    std::string username;
    std::vector<Role> roles;
    std::vector<std::string> caseload;
    std::string source;   // client address, for the audit log
    bool system = false;  // set only by Actor::System(): an operator command on the server

    bool Has(Role role) const;
    bool HasAny(std::initializer_list<Role> roles) const;
    /// Establishments whose records (establishment, wings) this actor may read: national roles
    /// (MONITORING, DIGITAL_REVIEWER, ADMIN) read all establishments, others their caseload.
    /// Only for the establishment records themselves: the records of an action (handsets,
    /// incidents, ...) take ActionScope(actor, action) (policy.hpp), which keeps a prison role
    /// held beside a national one to its caseload.
    Scope EstablishmentScope() const;
    /// Establishments whose prisoner data this actor may read: the caseload, for the roles that
    /// work with prisoners (WING_OFFICER, TMPP_SPOC, SECURITY, GOVERNOR); nothing otherwise
    /// (ADMIN alone gives no access to prisoner data).
    Scope PrisonerScope() const;
    /// The actor used by operator commands run on the server itself.
    static Actor System(std::string name = "system");
};

}  // namespace warden::domain
