#pragma once
// Who may do what: one table of named actions and the roles allowed to take each (DOMAIN.md,
// "Users and roles"). Routes name an action, services check the same action, views ask the policy
// what to show; OpenAPI's x-roles and docs/permissions.md are generated from this table.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/people/roles.hpp"

namespace warden::domain {

/// A named action that a role may be allowed to take.
enum class Action {
    kEstablishmentsRead,
    kPrisonersRead,
    kPrisonersImport,
    kTmppRead,
    kTmppListsRead,
    kTmppNeedsRecord,
    kTmppCompactsSign,
    kTmppCompactsRead,
    kTmppCompactsEdit,
    kTmppAssess,
    kTmppDecide,
    kTmppGrant,
    kTmppWithdraw,
    kTmppPhaseSet,
    kTmppListsPublish,
    kTmppRulesRead,
    kTmppRulesReplace,
    kHandsetsRead,
    kHandsetsManage,
    kHandsetsIssue,
    kHandsetsStocktake,
    kTmppMonitoringRead,
    kIncidentsRead,
    kIncidentsRaise,
    kIncidentsTriage,
    kIncidentsReview,
    kIncidentsSanction,
    kAuditRead,
    kAuditReadAdministration,
    kAuditReadEstate,
    kAuditReadCaseload,
    kUsersManage,
    kOrganisationManage,
    kOutboxManage,
    kDemandRead,
    kDemandPropose,
    kDemandAdvise,
    kDemandDashboard,
    kDemandCatalogueRead,
    kDemandCatalogueManage,
    kDemandEstate,
    kDemandGroup,
};

/// One row of the policy table.
struct PolicyRule {
    Action action;
    std::string_view name;  // "tmpp.grant"
    std::string_view what;  // "grant TMPP access": completes "You need ... to <what>"
    std::vector<Role> roles;
};

/// Every action, in the order docs/permissions.md lists them.
const std::vector<PolicyRule>& PolicyTable();
/// The table's row for `action`.
const PolicyRule& RuleFor(Action action);
/// "tmpp.grant", ...
std::string_view ActionName(Action action);
/// True when `actor` may take `action`: one of its roles is allowed, or it is the system actor.
bool Allowed(const Actor& actor, Action action);
/// Ok when Allowed, else kForbidden naming the roles that may ("You need the SECURITY role to
/// grant TMPP access").
Status Require(const Actor& actor, Action action);
/// The establishments whose records `actor` may take `action` on: every establishment for the
/// system actor or when a national role of the actor's (MONITORING, DIGITAL_REVIEWER, ADMIN) is
/// itself allowed the action; the caseload when only its prison roles are; none otherwise. So a
/// prison role held beside a national one keeps to its caseload (an ADMIN who is also a TMPP_SPOC
/// takes stocktakes of the caseload's establishments, not the estate's).
Scope ActionScope(const Actor& actor, Action action);
/// The role-by-action matrix as Markdown: the body of docs/permissions.md.
std::string PermissionsMarkdown();

}  // namespace warden::domain
