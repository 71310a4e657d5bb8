#include "domain/tmpp/risk/risk_rules_service.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

// Two rules: one phone find is AMBER, two are RED.
const char* kLocalRules =
    "# local rules\n"
    "version local-2\n"
    "band amber_at=10 red_at=20\n"
    "rule id=finds kind=count input=phone_finds_12m points=15 description=Phone or SIM finds\n";

Actor MakeActor(const std::string& name, Role role) {
    Actor a;
    a.user_id = 1;
    a.username = name;
    a.roles = {role};
    a.caseload = {"MDI"};
    a.source = "test";
    return a;
}

class RiskRulesServiceTest : public ::testing::Test {
  protected:
    RiskRulesServiceTest() : clock_(kNow), rules_(store_, clock_), access_(store_, clock_, rules_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.locations[{"MDI", "A"}] = Location{"MDI", "A", LocationKind::kStandard, 0};
        Prisoner p;
        p.prison_number = "A1111AA";
        p.first_name = "John";
        p.last_name = "Smith";
        p.date_of_birth = "1990-05-01";
        p.establishment = "MDI";
        p.wing = "A";
        p.cell = "A-1-001";
        p.legal_status = LegalStatus::kSentenced;
        p.security_category = SecurityCategory::kC;
        p.phone_finds_12m = 1;
        s.prisoners[p.prison_number] = p;
    }

    InMemoryStore store_;
    FixedClock clock_;
    RiskRulesService rules_;
    AccessService access_;
    Actor admin_ = MakeActor("admin", Role::kAdmin);
    Actor security_ = MakeActor("sec", Role::kSecurity);
};

TEST_F(RiskRulesServiceTest, DefaultsAreInForceWhileNoneIsStored) {
    auto view = rules_.Rules(security_);
    ASSERT_TRUE(view.ok()) << view.error().message;
    EXPECT_EQ(view->scorer->rules().version, DefaultRiskRules().version);
    EXPECT_FALSE(view->stored);
    EXPECT_TRUE(view->history.empty());
}

TEST_F(RiskRulesServiceTest, AdminReplacesTheRulesWithAudit) {
    auto done = rules_.Replace(admin_, kLocalRules);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(done->version, "local-2");
    EXPECT_EQ(done->uploaded_by, "admin");
    EXPECT_EQ(done->uploaded_at, kNow);
    auto view = rules_.Rules(security_);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->scorer->rules().version, "local-2");
    ASSERT_TRUE(view->stored);
    EXPECT_EQ(view->stored->text, kLocalRules);
    ASSERT_EQ(view->history.size(), 1u);
    auto audit = store_.AuditOf("tmpp.risk_rules.replaced");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "risk-rules:local-2");
    EXPECT_NE(audit[0].detail.find("previous=" + DefaultRiskRules().version), std::string::npos);
}

TEST_F(RiskRulesServiceTest, AssessmentAppliesTheRulesInForce) {
    auto before = access_.AssessEstablishment(security_, "MDI");
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(before->rules_version, DefaultRiskRules().version);
    ASSERT_TRUE(rules_.Replace(admin_, kLocalRules).ok());
    auto after = access_.AssessEstablishment(security_, "MDI");
    ASSERT_TRUE(after.ok()) << after.error().message;
    EXPECT_EQ(after->rules_version, "local-2");
    EXPECT_EQ(after->amber, 1);
    auto rec = access_.RiskAssessment(security_, "A1111AA");
    ASSERT_TRUE(rec.ok());
    ASSERT_TRUE(rec->recommendation);
    EXPECT_EQ(rec->recommendation->recommendation.rules_version, "local-2");
    EXPECT_EQ(rec->recommendation->recommendation.score, 15);
}

TEST_F(RiskRulesServiceTest, ABadFileIsRefusedWithItsLineAndTheOldRulesStay) {
    ASSERT_TRUE(rules_.Replace(admin_, kLocalRules).ok());
    auto bad = rules_.Replace(admin_,
                              "version local-3\nband amber_at=10 red_at=20\n"
                              "rule id=x kind=nonsense points=1 description=Bad\n");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(bad.error().message.find("line 3"), std::string::npos) << bad.error().message;
    ASSERT_EQ(bad.error().fields.size(), 1u);
    EXPECT_EQ(bad.error().fields[0].field, "rules");
    auto view = rules_.Rules(security_);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->scorer->rules().version, "local-2");
    EXPECT_EQ(view->history.size(), 1u);
    EXPECT_EQ(rules_.Replace(admin_, "  \n").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(rules_.Replace(admin_, "version x\n\xff\n").error().code, ErrorCode::kInvalidInput);
    using namespace std::string_literals;
    auto nul = rules_.Replace(admin_, "version local-3\nband amber_at=10 red_at=20\0\n"s);
    ASSERT_FALSE(nul.ok());
    EXPECT_EQ(nul.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(nul.error().message.find("line 2"), std::string::npos) << nul.error().message;
    EXPECT_EQ(rules_.Rules(security_)->scorer->rules().version, "local-2");
}

TEST_F(RiskRulesServiceTest, AVersionIsNeverReused) {
    ASSERT_TRUE(rules_.Replace(admin_, kLocalRules).ok());
    auto again = rules_.Replace(admin_, kLocalRules);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    auto defaults = rules_.Replace(admin_, std::string(DefaultRiskRulesText()));
    ASSERT_FALSE(defaults.ok());
    EXPECT_EQ(defaults.error().code, ErrorCode::kConflict);
}

TEST_F(RiskRulesServiceTest, OnlyAnAdminReplaces) {
    auto r = rules_.Replace(security_, kLocalRules);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(store_.state.risk_rules.empty());
}

TEST_F(RiskRulesServiceTest, AFailedAuditStoresNothing) {
    store_.fail_audit = true;
    EXPECT_FALSE(rules_.Replace(admin_, kLocalRules).ok());
    EXPECT_TRUE(store_.state.risk_rules.empty());
}

TEST_F(RiskRulesServiceTest, AnotherProcessSeesTheReplacement) {
    // A second service over the same database stands for another `warden serve` process.
    RiskRulesService other(store_, clock_);
    auto first = other.Rules(security_);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->scorer->rules().version, DefaultRiskRules().version);
    ASSERT_TRUE(rules_.Replace(admin_, kLocalRules).ok());
    auto second = other.Rules(security_);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->scorer->rules().version, "local-2");
    auto current = other.Current(security_);
    ASSERT_TRUE(current.ok());
    EXPECT_EQ((*current)->rules().version, "local-2");
    AccessService other_access(store_, clock_, other);
    auto assessed = other_access.AssessEstablishment(security_, "MDI");
    ASSERT_TRUE(assessed.ok());
    EXPECT_EQ(assessed->rules_version, "local-2");
}

}  // namespace
}  // namespace warden::domain
