#include "domain/tmpp/incidents/sanction.hpp"

#include <gtest/gtest.h>

namespace warden::domain {
namespace {

using namespace std::chrono;

Incident Tampering() {
    Incident i;
    i.id = 7;
    i.reference = "MDI-TMPP-2026-00007";
    i.type = IncidentType::kSealTampered;
    i.status = IncidentStatus::kRiuNotified;
    i.prisoners = {"A1111AA", "B2222BB"};
    i.discovered_at = sys_days{year{2026} / 11 / 20} + hours{9};
    return i;
}

Sanction Of(const std::string& number, SanctionKind kind) {
    Sanction x;
    x.incident_id = 7;
    x.prison_number = number;
    x.kind = kind;
    return x;
}

TEST(SanctionTest, KindsRoundTrip) {
    for (auto k : {SanctionKind::kWithdrawal, SanctionKind::kPlacedOnReport, SanctionKind::kOther})
        EXPECT_EQ(ParseSanctionKind(SanctionKindName(k)), k);
    EXPECT_FALSE(ParseSanctionKind("withdrawal"));
}

TEST(SanctionTest, AdjudicationReferencesAreAnEstablishmentAndSixDigits) {
    EXPECT_TRUE(IsAdjudicationReference("MDI-000123"));
    for (const char* bad :
         {"", "MDI-12345", "MDI-1234567", "MDI000123", "-000123", "MDI-00012X", "mdi 000123"}) {
        EXPECT_FALSE(IsAdjudicationReference(bad)) << bad;
    }
}

TEST(SanctionTest, EachFailingFieldIsNamed) {
    const Incident i = Tampering();
    Sanction out;
    auto fields = CheckSanctionInput({"C3333CC", "PLACED_ON_REPORT", "MDI-12", ""}, i, out);
    ASSERT_EQ(fields.size(), 2U);
    EXPECT_EQ(fields[0].field, "prisoner");
    EXPECT_EQ(fields[1].field, "reference");
    EXPECT_NE(fields[1].message.find("MDI-000123"), std::string::npos);
    fields = CheckSanctionInput({"a1111aa", "SUSPENDED", "", ""}, i, out);
    ASSERT_EQ(fields.size(), 1U);
    EXPECT_EQ(fields[0].field, "kind");
    fields = CheckSanctionInput({"a1111aa", "OTHER", "", " "}, i, out);
    ASSERT_EQ(fields.size(), 1U);
    EXPECT_EQ(fields[0].field, "description");
    fields = CheckSanctionInput({" a1111aa ", "placed_on_report", "mdi-000123", ""}, i, out);
    EXPECT_TRUE(fields.empty());
    EXPECT_EQ(out.prison_number, "A1111AA");
    EXPECT_EQ(out.kind, SanctionKind::kPlacedOnReport);
    EXPECT_EQ(out.reference, "MDI-000123");
}

TEST(SanctionTest, ClosingATamperingIncidentNeedsBothSanctionsForEveryPrisoner) {
    Incident i = Tampering();
    std::vector<Sanction> done{Of("A1111AA", SanctionKind::kWithdrawal),
                               Of("A1111AA", SanctionKind::kOther)};
    auto missing = MissingForClose(i, done);
    ASSERT_EQ(missing.size(), 2U);
    EXPECT_EQ(DescribeMissing(missing),
              "A1111AA has no PLACED_ON_REPORT; B2222BB has no WITHDRAWAL or PLACED_ON_REPORT");
    done.push_back(Of("A1111AA", SanctionKind::kPlacedOnReport));
    done.push_back(Of("B2222BB", SanctionKind::kPlacedOnReport));
    done.push_back(Of("B2222BB", SanctionKind::kWithdrawal));
    EXPECT_TRUE(MissingForClose(i, done).empty());
    for (auto type :
         {IncidentType::kSimTampered, IncidentType::kMisuse, IncidentType::kNonCompliance}) {
        i.type = type;
        EXPECT_EQ(MissingForClose(i, {}).size(), 2U);
    }
    for (auto type : {IncidentType::kDamage, IncidentType::kLoss, IncidentType::kOther}) {
        i.type = type;
        EXPECT_TRUE(MissingForClose(i, {}).empty());
    }
}

TEST(SanctionTest, PlacingOnReportIsDue48HoursAfterDiscoveryWhileAPrisonerLacksIt) {
    Incident i = Tampering();
    EXPECT_EQ(PlacedOnReportDueBy(i, {}), i.discovered_at + hours{48});
    std::vector<Sanction> one{Of("A1111AA", SanctionKind::kPlacedOnReport)};
    EXPECT_TRUE(PlacedOnReportDueBy(i, one));
    one.push_back(Of("B2222BB", SanctionKind::kPlacedOnReport));
    EXPECT_FALSE(PlacedOnReportDueBy(i, one));
    i.status = IncidentStatus::kDraft;
    EXPECT_FALSE(PlacedOnReportDueBy(i, {})) << "a draft is not reported yet";
    i.status = IncidentStatus::kReported;
    i.no_prisoner_reason = "Unknown";
    EXPECT_FALSE(PlacedOnReportDueBy(i, {}));
    i.no_prisoner_reason.clear();
    i.type = IncidentType::kLoss;
    EXPECT_FALSE(PlacedOnReportDueBy(i, {}));
}

}  // namespace
}  // namespace warden::domain
