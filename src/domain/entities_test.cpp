#include <gtest/gtest.h>

#include "domain/audit/audit.hpp"
#include "domain/establishments/establishment.hpp"
#include "domain/people/auth_service.hpp"
#include "domain/people/roles.hpp"
#include "domain/prisoners/prisoner.hpp"

namespace warden::domain {
namespace {

TEST(RolesTest, NamesRoundTrip) {
    ASSERT_EQ(AllRoles().size(), 7u);
    EXPECT_EQ(AllRoles().front(), Role::kWingOfficer);
    EXPECT_EQ(AllRoles().back(), Role::kAdmin);
    for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
    EXPECT_EQ(RoleName(Role::kTmppSpoc), "TMPP_SPOC");
    EXPECT_EQ(RoleName(Role::kDigitalReviewer), "DIGITAL_REVIEWER");
    EXPECT_FALSE(ParseRole("admin").has_value());
    EXPECT_FALSE(ParseRole("ROOT").has_value());
    EXPECT_FALSE(ParseRole("").has_value());
}

TEST(RolesTest, Scope) {
    EXPECT_TRUE(Scope::National().Allows("MDI"));
    EXPECT_TRUE(Scope::Of({"MDI", "LEI"}).Allows("LEI"));
    EXPECT_FALSE(Scope::Of({"MDI"}).Allows("LEI"));
    EXPECT_FALSE(Scope::Of({}).Allows("MDI"));
    EXPECT_FALSE(Scope{}.Allows("MDI"));
}

TEST(RolesTest, EstablishmentScopeIsNationalForNationalRoles) {
    Actor officer{1, "o", {Role::kWingOfficer}, {"MDI"}, "ip"};
    EXPECT_FALSE(officer.EstablishmentScope().all);
    EXPECT_TRUE(officer.EstablishmentScope().Allows("MDI"));
    EXPECT_FALSE(officer.EstablishmentScope().Allows("LEI"));
    for (Role national : {Role::kMonitoring, Role::kDigitalReviewer, Role::kAdmin}) {
        Actor a{2, "n", {national}, {}, "ip"};
        EXPECT_TRUE(a.EstablishmentScope().all);
    }
}

TEST(RolesTest, PrisonerScopeFollowsCaseloadAndRole) {
    for (Role r : {Role::kWingOfficer, Role::kTmppSpoc, Role::kSecurity, Role::kGovernor}) {
        Actor a{1, "a", {r}, {"MDI"}, "ip"};
        EXPECT_TRUE(a.PrisonerScope().Allows("MDI"));
        EXPECT_FALSE(a.PrisonerScope().Allows("LEI"));
    }
    Actor admin{1, "admin", {Role::kAdmin}, {"MDI"}, "ip"};
    EXPECT_FALSE(admin.PrisonerScope().Allows("MDI"));  // ADMIN alone: no prisoner data
    Actor monitor{1, "m", {Role::kMonitoring}, {"MDI"}, "ip"};
    EXPECT_FALSE(monitor.PrisonerScope().Allows("MDI"));
    Actor both{1, "b", {Role::kAdmin, Role::kSecurity}, {"MDI"}, "ip"};
    EXPECT_TRUE(both.PrisonerScope().Allows("MDI"));
    EXPECT_FALSE(both.PrisonerScope().Allows("LEI"));
}

TEST(RolesTest, HasAndHasAny) {
    Actor a{1, "a", {Role::kSecurity}, {}, ""};
    EXPECT_TRUE(a.Has(Role::kSecurity));
    EXPECT_FALSE(a.Has(Role::kAdmin));
    EXPECT_TRUE(a.HasAny({Role::kAdmin, Role::kSecurity}));
    EXPECT_FALSE(a.HasAny({Role::kAdmin}));
}

TEST(RolesTest, SystemActor) {
    Actor system = Actor::System();
    EXPECT_EQ(system.username, "system");
    EXPECT_TRUE(IsSystemActor(system));
    EXPECT_TRUE(system.EstablishmentScope().all);
    EXPECT_TRUE(system.PrisonerScope().all);
    Actor impostor{5, "system", {Role::kAdmin}, {}, "ip"};
    EXPECT_FALSE(IsSystemActor(impostor));
}

TEST(EstablishmentTest, LocationKinds) {
    for (auto kind :
         {LocationKind::kStandard, LocationKind::kIsolation, LocationKind::kShielding,
          LocationKind::kReverseCohort, LocationKind::kHealthcare, LocationKind::kSegregation}) {
        EXPECT_EQ(ParseLocationKind(LocationKindName(kind)), kind);
        EXPECT_FALSE(LocationKindLabel(kind).empty());
    }
    EXPECT_EQ(LocationKindName(LocationKind::kReverseCohort), "REVERSE_COHORT");
    EXPECT_EQ(LocationKindLabel(LocationKind::kReverseCohort), "Reverse cohort (new arrivals)");
    EXPECT_FALSE(ParseLocationKind("WING").has_value());
}

TEST(PrisonerTest, LegalStatusCaseInsensitive) {
    EXPECT_EQ(ParseLegalStatus("remand"), LegalStatus::kRemand);
    EXPECT_EQ(ParseLegalStatus("Convicted_Unsentenced"), LegalStatus::kConvictedUnsentenced);
    EXPECT_EQ(ParseLegalStatus("IMMIGRATION_DETAINEE"), LegalStatus::kImmigrationDetainee);
    EXPECT_FALSE(ParseLegalStatus("CONVICTED").has_value());
    EXPECT_FALSE(ParseLegalStatus("").has_value());
    EXPECT_EQ(LegalStatusName(LegalStatus::kCivilPrisoner), "CIVIL_PRISONER");
    EXPECT_EQ(LegalStatusLabel(LegalStatus::kRemand), "Remand");
}

TEST(PrisonerTest, SecurityCategoryCaseInsensitive) {
    EXPECT_EQ(ParseSecurityCategory("yoi"), SecurityCategory::kYoi);
    EXPECT_EQ(ParseSecurityCategory("b"), SecurityCategory::kB);
    EXPECT_EQ(ParseSecurityCategory("U"), SecurityCategory::kU);
    EXPECT_FALSE(ParseSecurityCategory("E").has_value());
    EXPECT_FALSE(ParseSecurityCategory("AB").has_value());
    EXPECT_EQ(SecurityCategoryName(SecurityCategory::kYoi), "YOI");
}

TEST(AuditTest, CanonicalForm) {
    AuditEntry e;
    e.seq = 7;
    e.at = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + std::chrono::hours{10};
    e.actor = "jsmith";
    e.source = "10.0.0.1";
    e.action = "prisoner.read";
    e.subject = "prisoner:A1234BC";
    e.detail = "establishment=MDI";
    e.prev_hash = std::string(64, '0');
    e.hash = "ignored";
    EXPECT_EQ(AuditEntryCanonical(e),
              "7\x1f"
              "2026-11-22T10:00:00Z\x1fjsmith\x1f"
              "10.0.0.1\x1fprisoner.read\x1f"
              "prisoner:A1234BC\x1f"
              "establishment=MDI\x1f" +
                  std::string(64, '0'));
    AuditEntry changed = e;
    changed.detail = "establishment=LEI";
    EXPECT_NE(AuditEntryCanonical(changed), AuditEntryCanonical(e));
}

}  // namespace
}  // namespace warden::domain
