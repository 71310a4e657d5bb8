// The risk rule "a previous TMPP tampering incident" (issue 10 item 8): read in bulk by the
// assessment, with the incident reference as evidence, following the prisoner across transfers.

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Actor Security(std::vector<std::string> caseload) {
    Actor a;
    a.user_id = 1;
    a.username = "security";
    a.roles = {Role::kSecurity};
    a.caseload = std::move(caseload);
    a.source = "test";
    return a;
}

class TamperingRuleTest : public ::testing::Test {
  protected:
    TamperingRuleTest() : clock_(kNow), rules_(store_, clock_), service_(store_, clock_, rules_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.establishments["LEI"] = {"LEI", "Leeds", "NE", "", "", 1, {}};
        for (const auto& [number, est] : std::vector<std::pair<std::string, std::string>>{
                 {"A1111AA", "MDI"}, {"A2222BB", "MDI"}, {"L1111AA", "LEI"}}) {
            Prisoner p;
            p.prison_number = number;
            p.establishment = est;
            p.wing = "A";
            p.security_category = SecurityCategory::kC;
            p.legal_status = LegalStatus::kSentenced;
            s.prisoners[number] = p;
        }
    }

    void AddIncident(const std::string& reference, IncidentType type, IncidentStatus status,
                     std::vector<std::string> prisoners) {
        domain::Incident i;
        i.id = static_cast<Id>(store_.state.incidents.incidents.size() + 1);
        i.reference = reference;
        i.establishment = "MDI";
        i.type = type;
        i.status = status;
        i.prisoners = std::move(prisoners);
        i.description = "TMPP: narrative that stays at MDI";
        store_.state.incidents.incidents[i.id] = i;
    }

    const StoredRecommendation& Latest(const std::string& number) {
        const StoredRecommendation* out = nullptr;
        for (const auto& r : store_.state.recommendations) {
            if (r.prison_number == number) out = &r;
        }
        EXPECT_NE(out, nullptr) << number;
        return *out;
    }

    InMemoryStore store_;
    FixedClock clock_;
    RiskRulesService rules_;
    AccessService service_;
};

TEST_F(TamperingRuleTest, AReportedTamperingIncidentMakesLaterAssessmentsRedWithItsReference) {
    AddIncident("MDI-TMPP-2026-00001", IncidentType::kSealTampered, IncidentStatus::kReported,
                {"A1111AA"});
    AddIncident("MDI-TMPP-2026-00002", IncidentType::kSimTampered, IncidentStatus::kClosed,
                {"A1111AA"});
    // None of these count: a draft, one not reportable, and other types.
    AddIncident("MDI-TMPP-2026-00003", IncidentType::kSealTampered, IncidentStatus::kDraft,
                {"A2222BB"});
    AddIncident("MDI-TMPP-2026-00004", IncidentType::kSimTampered, IncidentStatus::kNotReportable,
                {"A2222BB"});
    AddIncident("MDI-TMPP-2026-00005", IncidentType::kMisuse, IncidentStatus::kClosed, {"A2222BB"});
    auto r = service_.AssessEstablishment(Security({"MDI"}), "MDI");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->red, 1);
    EXPECT_EQ(r->green, 1);
    const auto& red = Latest("A1111AA").recommendation;
    EXPECT_EQ(red.band, RiskBand::kRed);
    ASSERT_EQ(red.fired.size(), 1U);
    EXPECT_EQ(red.fired[0].rule_id, "previous_tampering");
    EXPECT_TRUE(red.fired[0].forces_red);
    EXPECT_EQ(red.fired[0].evidence,
              "previous_tmpp_tampering = yes (MDI-TMPP-2026-00001, MDI-TMPP-2026-00002)");
    EXPECT_EQ(Latest("A2222BB").recommendation.band, RiskBand::kGreen);
}

TEST_F(TamperingRuleTest, TheFactFollowsThePrisonerAcrossTransfersWithoutTheNarrative) {
    AddIncident("MDI-TMPP-2026-00001", IncidentType::kSealTampered, IncidentStatus::kRiuNotified,
                {"A1111AA"});
    store_.state.prisoners["A1111AA"].establishment = "LEI";  // transferred since
    auto r = service_.AssessEstablishment(Security({"LEI"}), "LEI");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->red, 1);
    const auto& rec = Latest("A1111AA");
    EXPECT_EQ(rec.establishment, "LEI");
    ASSERT_EQ(rec.recommendation.fired.size(), 1U);
    EXPECT_NE(rec.recommendation.fired[0].evidence.find("MDI-TMPP-2026-00001"), std::string::npos);
    EXPECT_EQ(rec.recommendation.fired[0].evidence.find("narrative"), std::string::npos);
}

TEST_F(TamperingRuleTest, TheWholeEstateReadsTheFactsOnce) {
    AddIncident("MDI-TMPP-2026-00001", IncidentType::kSealTampered, IncidentStatus::kReported,
                {"A1111AA", "L1111AA"});
    auto r = service_.AssessAll(Actor::System());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->assessed, 3);
    EXPECT_EQ(r->red, 2);
    EXPECT_EQ(store_.state.incidents.tampering_fact_reads, 1);
}

}  // namespace
}  // namespace warden::domain
