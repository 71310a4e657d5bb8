#include "domain/policy/policy.hpp"

#include <algorithm>

namespace warden::domain {
namespace {

constexpr Role kOfficer = Role::kWingOfficer;
constexpr Role kSpoc = Role::kTmppSpoc;
constexpr Role kSecurity = Role::kSecurity;
constexpr Role kGovernor = Role::kGovernor;
constexpr Role kMonitoring = Role::kMonitoring;
constexpr Role kReviewer = Role::kDigitalReviewer;
constexpr Role kAdmin = Role::kAdmin;

std::vector<PolicyRule> BuildTable() {
    const std::vector<Role> prison_staff = {kOfficer, kSpoc, kSecurity, kGovernor};
    const std::vector<Role> everyone = {kOfficer,    kSpoc,     kSecurity, kGovernor,
                                        kMonitoring, kReviewer, kAdmin};
    return {
        {Action::kEstablishmentsRead, "establishments.read", "see establishments and their wings",
         everyone},
        {Action::kPrisonersRead, "prisoners.read", "find prisoners and read their records",
         prison_staff},
        {Action::kPrisonersImport, "prisoners.import", "import a prisoner extract", {kSecurity}},
        {Action::kTmppRead, "tmpp.read",
         "read TMPP records, risk assessments and the phase of an establishment", prison_staff},
        {Action::kTmppListsRead, "tmpp.lists.read", "read, print and download published wing lists",
         prison_staff},
        {Action::kTmppNeedsRecord, "tmpp.needs.record", "record a TMPP need", {kSecurity}},
        {Action::kTmppCompactsSign,
         "tmpp.compacts.sign",
         "print a TMPP compact and record it signed",
         {kOfficer, kSpoc, kSecurity}},
        {Action::kTmppCompactsRead,
         "tmpp.compacts.read",
         "read the TMPP compact's versions",
         {kOfficer, kSpoc, kSecurity, kGovernor, kAdmin}},
        {Action::kTmppCompactsEdit,
         "tmpp.compacts.edit",
         "add a TMPP compact version",
         {kSecurity, kAdmin}},
        {Action::kTmppAssess,
         "tmpp.assess",
         "run the risk assessment and work the Security queue",
         {kSecurity}},
        {Action::kTmppDecide, "tmpp.decide", "decide a TMPP risk band", {kSecurity}},
        {Action::kTmppGrant, "tmpp.grant", "grant TMPP access", {kSecurity}},
        {Action::kTmppWithdraw, "tmpp.withdraw", "withdraw TMPP access", {kSecurity}},
        {Action::kTmppPhaseSet,
         "tmpp.phase.set",
         "set the TMPP phase and the phase table",
         {kSecurity}},
        {Action::kTmppListsPublish, "tmpp.lists.publish", "publish a wing list", {kSecurity}},
        {Action::kTmppRulesRead, "tmpp.rules.read", "read the risk rules in force", everyone},
        {Action::kTmppRulesReplace, "tmpp.rules.replace", "replace the risk rules", {kAdmin}},
        {Action::kHandsetsRead,
         "handsets.read",
         "read the TMPP handset register and who holds each handset",
         {kOfficer, kSpoc, kSecurity, kGovernor, kMonitoring}},
        {Action::kHandsetsManage,
         "handsets.manage",
         "add, edit, reseal and retire TMPP handsets and set the overdue limit",
         {kSpoc}},
        {Action::kHandsetsIssue,
         "handsets.issue",
         "issue TMPP handsets and take them back",
         {kOfficer, kSpoc}},
        {Action::kHandsetsStocktake,
         "handsets.stocktake",
         "take a stocktake of an establishment's TMPP handsets (missing handsets become LOST, "
         "seal mismatches QUARANTINED, each with a draft incident)",
         {kSpoc}},
        {Action::kTmppMonitoringRead,
         "tmpp.monitoring.read",
         "see the TMPP monitoring view of incidents, handsets and grants and download its tables "
         "(MONITORING the estate, SECURITY their caseload)",
         {kSecurity, kMonitoring}},
        {Action::kIncidentsRead,
         "incidents.read",
         "read TMPP incident reports with their timelines and emails",
         {kOfficer, kSpoc, kSecurity, kGovernor, kMonitoring}},
        {Action::kIncidentsRaise,
         "incidents.raise",
         "raise a TMPP incident, or complete and report a draft",
         {kOfficer, kSpoc, kSecurity}},
        {Action::kIncidentsTriage,
         "incidents.triage",
         "mark a draft TMPP incident not reportable, with the reason (a misread seal, say): "
         "not the wing officer whose return or check opened it",
         {kSpoc, kSecurity}},
        {Action::kIncidentsReview,
         "incidents.review",
         "notify the region's RIU of a reported TMPP incident and close the incident",
         {kSecurity}},
        {Action::kIncidentsSanction,
         "incidents.sanction",
         "record a sanction against a prisoner of a TMPP incident (withdrawal ends TMPP access)",
         {kSecurity}},
        {Action::kAuditRead,
         "audit.read",
         "read the audit log (codes and ids, never free text), within one of the scopes below",
         {kAdmin, kMonitoring, kSecurity}},
        {Action::kAuditReadAdministration,
         "audit.read.administration",
         "read the audit entries about users, sign-ins, establishments, configuration and the "
         "email outbox",
         {kAdmin}},
        {Action::kAuditReadEstate,
         "audit.read.estate",
         "read the audit entries of every establishment",
         {kMonitoring}},
        {Action::kAuditReadCaseload,
         "audit.read.caseload",
         "read the audit entries of the caseload's establishments",
         {kSecurity}},
        {Action::kUsersManage,
         "users.manage",
         "manage users, their roles, caseloads, passwords and API tokens",
         {kAdmin}},
        {Action::kOrganisationManage,
         "organisation.manage",
         "manage regions, establishments and wings",
         {kAdmin}},
        {Action::kOutboxManage,
         "outbox.manage",
         "see the email outbox, retry a dead email and send a test email",
         {kAdmin}},
        {Action::kDemandRead,
         "demand.proposals.read",
         "read digital demand proposals (a GOVERNOR their caseload's, a DIGITAL_REVIEWER every "
         "submitted one)",
         {kGovernor, kReviewer}},
        {Action::kDemandPropose,
         "demand.proposals.propose",
         "draft, edit, submit and withdraw a digital demand proposal",
         {kGovernor}},
        {Action::kDemandAdvise,
         "demand.proposals.advise",
         "review a digital demand proposal, record advice on it and close it",
         {kReviewer}},
        {Action::kDemandDashboard,
         "demand.dashboard.read",
         "see the digital demand dashboards and download their tables (a GOVERNOR their "
         "caseload's establishments, a DIGITAL_REVIEWER the estate)",
         {kGovernor, kReviewer}},
        {Action::kDemandCatalogueRead,
         "demand.catalogue.read",
         "read the catalogue of assured national services",
         {kGovernor, kReviewer}},
        {Action::kDemandCatalogueManage,
         "demand.catalogue.manage",
         "add a service to the catalogue of assured national services",
         {kReviewer}},
        {Action::kDemandEstate,
         "demand.estate.read",
         "see the estate view of open digital demand proposals grouped by category and "
         "similarity, and download it",
         {kReviewer}},
        {Action::kDemandGroup,
         "demand.groups.manage",
         "join similar digital demand proposals into a group with a lead establishment and "
         "advise the group at once",
         {kReviewer}},
    };
}

// "A", "A or B", "A, B or C".
std::string RoleList(const std::vector<Role>& roles) {
    std::string out;
    for (size_t i = 0; i < roles.size(); ++i) {
        if (i > 0) out += (i + 1 == roles.size()) ? " or " : ", ";
        out += RoleName(roles[i]);
    }
    return out;
}

}  // namespace

const std::vector<PolicyRule>& PolicyTable() {
    static const std::vector<PolicyRule> table = BuildTable();
    return table;
}

const PolicyRule& RuleFor(Action action) {
    // The table lists the actions in the enum's order (policy_test checks it).
    return PolicyTable().at(static_cast<size_t>(action));
}

std::string_view ActionName(Action action) { return RuleFor(action).name; }

bool Allowed(const Actor& actor, Action action) {
    if (actor.system) return true;
    const auto& roles = RuleFor(action).roles;
    return std::any_of(roles.begin(), roles.end(), [&](Role r) { return actor.Has(r); });
}

Status Require(const Actor& actor, Action action) {
    if (Allowed(actor, action)) return Ok();
    const PolicyRule& rule = RuleFor(action);
    return Error::Forbidden("You need the " + RoleList(rule.roles) + " role to " +
                            std::string(rule.what));
}

Scope ActionScope(const Actor& actor, Action action) {
    if (actor.system) return Scope::National();
    bool national = false;
    bool local = false;
    for (Role r : RuleFor(action).roles) {
        if (!actor.Has(r)) continue;
        (IsNationalRole(r) ? national : local) = true;
    }
    if (national) return Scope::National();
    if (local) return Scope::Of(actor.caseload);
    return Scope::Of({});
}

std::string PermissionsMarkdown() {
    std::string out =
        "# Permissions\n\n"
        "Who may take each action. This file is generated from the policy table in\n"
        "`src/domain/policy/policy.cpp` and checked by `policy_test`: run\n"
        "`WARDEN_UPDATE_DOCS=1 build/dev/src/domain/domain_tests --gtest_filter='Policy*'` after\n"
        "changing the table. Routes name an action, services check it, pages ask it what to show,\n"
        "and OpenAPI's `x-roles` comes from it. Caseloads apply on top: a record outside the\n"
        "user's caseload is not found. A national role (MONITORING, DIGITAL_REVIEWER, ADMIN)\n"
        "reads every establishment's records only for the actions it holds itself: a prison\n"
        "role held beside it keeps to the caseload (`ActionScope`).\n\n"
        "| action | what |";
    for (Role r : AllRoles()) out += " " + std::string(RoleName(r)) + " |";
    out += "\n|---|---|";
    for (size_t i = 0; i < AllRoles().size(); ++i) out += ":-:|";
    out += "\n";
    for (const auto& rule : PolicyTable()) {
        out += "| `" + std::string(rule.name) + "` | " + std::string(rule.what) + " |";
        for (Role r : AllRoles()) {
            bool yes = std::find(rule.roles.begin(), rule.roles.end(), r) != rule.roles.end();
            out += yes ? " ✓ |" : "  |";
        }
        out += "\n";
    }
    return out;
}

}  // namespace warden::domain
