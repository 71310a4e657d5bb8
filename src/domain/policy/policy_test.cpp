#include "domain/policy/policy.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace warden::domain {
namespace {

Actor With(std::vector<Role> roles) {
    Actor a;
    a.username = "u";
    a.roles = std::move(roles);
    return a;
}

TEST(PolicyTest, TableListsEveryActionOnceInEnumOrder) {
    std::set<std::string_view> names;
    for (size_t i = 0; i < PolicyTable().size(); ++i) {
        EXPECT_EQ(static_cast<size_t>(PolicyTable()[i].action), i);
        EXPECT_TRUE(names.insert(PolicyTable()[i].name).second) << PolicyTable()[i].name;
        EXPECT_FALSE(PolicyTable()[i].roles.empty()) << PolicyTable()[i].name;
        EXPECT_FALSE(PolicyTable()[i].what.empty()) << PolicyTable()[i].name;
    }
    EXPECT_EQ(RuleFor(Action::kOrganisationManage).name, "organisation.manage");
}

TEST(PolicyTest, RolesAllowTheirActionsOnly) {
    EXPECT_TRUE(Allowed(With({Role::kSecurity}), Action::kTmppGrant));
    EXPECT_FALSE(Allowed(With({Role::kWingOfficer}), Action::kTmppGrant));
    EXPECT_TRUE(Allowed(With({Role::kWingOfficer}), Action::kTmppCompactsSign));
    EXPECT_FALSE(Allowed(With({Role::kAdmin}), Action::kPrisonersRead));
    EXPECT_TRUE(Allowed(With({Role::kAdmin}), Action::kTmppCompactsEdit));
    EXPECT_TRUE(Allowed(With({Role::kMonitoring}), Action::kAuditRead));
    EXPECT_FALSE(Allowed(With({}), Action::kEstablishmentsRead));
    EXPECT_TRUE(Allowed(With({Role::kGovernor, Role::kAdmin}), Action::kUsersManage));
    EXPECT_TRUE(Allowed(Actor::System(), Action::kTmppGrant));
}

TEST(PolicyTest, RefusalNamesTheRolesAndTheAction) {
    auto one = Require(With({Role::kGovernor}), Action::kTmppGrant);
    ASSERT_FALSE(one.ok());
    EXPECT_EQ(one.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(one.error().message, "You need the SECURITY role to grant TMPP access");
    auto many = Require(With({Role::kGovernor}), Action::kTmppCompactsSign);
    EXPECT_EQ(many.error().message,
              "You need the WING_OFFICER, TMPP_SPOC or SECURITY role to print a TMPP compact and "
              "record it signed");
    EXPECT_TRUE(Require(With({Role::kSecurity}), Action::kTmppGrant).ok());
}

TEST(PolicyTest, ActionScopeIsNationalOnlyWhenANationalRoleHoldsTheAction) {
    Actor spoc_admin = With({Role::kTmppSpoc, Role::kAdmin});
    spoc_admin.caseload = {"LEI"};
    // ADMIN may not take stocktakes: the SPoC role does, for its caseload only.
    EXPECT_FALSE(ActionScope(spoc_admin, Action::kHandsetsStocktake).all);
    EXPECT_EQ(ActionScope(spoc_admin, Action::kHandsetsStocktake).establishments,
              std::vector<std::string>{"LEI"});
    EXPECT_FALSE(ActionScope(spoc_admin, Action::kHandsetsManage).all);
    // The same user's establishment records are national (ADMIN reads every establishment).
    EXPECT_TRUE(spoc_admin.EstablishmentScope().all);
    Actor officer_reviewer = With({Role::kWingOfficer, Role::kDigitalReviewer});
    officer_reviewer.caseload = {"MDI"};
    EXPECT_EQ(ActionScope(officer_reviewer, Action::kIncidentsRead).establishments,
              std::vector<std::string>{"MDI"});
    // MONITORING holds these reads itself: national, with or without a prison role beside it.
    Actor monitor = With({Role::kMonitoring, Role::kSecurity});
    monitor.caseload = {"MDI"};
    EXPECT_TRUE(ActionScope(monitor, Action::kIncidentsRead).all);
    EXPECT_TRUE(ActionScope(monitor, Action::kTmppMonitoringRead).all);
    EXPECT_FALSE(ActionScope(monitor, Action::kIncidentsSanction).all);
    // A role without the action sees nothing; the system actor everything.
    EXPECT_FALSE(ActionScope(With({Role::kAdmin}), Action::kHandsetsRead).all);
    EXPECT_TRUE(ActionScope(With({Role::kAdmin}), Action::kHandsetsRead).establishments.empty());
    EXPECT_TRUE(ActionScope(Actor::System(), Action::kHandsetsStocktake).all);
}

// docs/permissions.md is the table as a matrix; it fails here when stale.
TEST(PolicyTest, PermissionsDocIsCurrent) {
    const char* root = std::getenv("WARDEN_SOURCE_DIR");
    ASSERT_NE(root, nullptr) << "WARDEN_SOURCE_DIR is set by CTest";
    const std::string path = std::string(root) + "/docs/permissions.md";
    const std::string expected = PermissionsMarkdown();
    if (const char* update = std::getenv("WARDEN_UPDATE_DOCS"); update && *update == '1') {
        std::ofstream(path, std::ios::binary) << expected;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream actual;
    actual << in.rdbuf();
    EXPECT_EQ(actual.str(), expected)
        << "docs/permissions.md is stale: run this test with WARDEN_UPDATE_DOCS=1";
}

}  // namespace
}  // namespace warden::domain
