// The incident entity: the reference MDI-TMPP-2026-00042, the TMPP prefix, the field checks.

#include "domain/tmpp/incidents/incident.hpp"

#include <gtest/gtest.h>

namespace warden::domain {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

TEST(IncidentReference, HasTheEstablishmentYearAndFiveDigits) {
    EXPECT_EQ(IncidentReference("MDI", 2026, 42), "MDI-TMPP-2026-00042");
    EXPECT_TRUE(IsIncidentReference("MDI-TMPP-2026-00042"));
    EXPECT_TRUE(IsIncidentReference("MDI-TMPP-2026-123456"));
    EXPECT_FALSE(IsIncidentReference("MDI-TMPP-26-00042"));
    EXPECT_FALSE(IsIncidentReference("mdi-tmpp-2026-00042"));
    EXPECT_FALSE(IsIncidentReference("MDI-2026-00042"));
    EXPECT_FALSE(IsIncidentReference(""));
}

TEST(TmppDescription, PrefixesTmppOnce) {
    EXPECT_EQ(TmppDescription("  Seal broken  "), "TMPP: Seal broken");
    EXPECT_EQ(TmppDescription("TMPP handset seal broken"), "TMPP handset seal broken");
}

TEST(CheckIncidentInput, NamesEveryFailingField) {
    IncidentInput in;
    in.type = "BROKEN";
    in.establishment = "M";
    in.wing = "a b";
    in.handset = "T 1";
    in.prisoners = {"X1"};
    in.occurred_at = "yesterday";
    in.discovered_at = "2030-01-01T00:00:00Z";
    in.local_ir_number = "IR 1";
    Incident out;
    std::vector<std::string> names;
    for (const auto& f : CheckIncidentInput(in, true, kNow, out)) names.push_back(f.field);
    EXPECT_EQ(names, (std::vector<std::string>{"type", "establishment", "wing", "handset",
                                               "prisoners", "occurred_at", "discovered_at",
                                               "description", "local_ir_number"}));
    IncidentInput good;
    good.type = "misuse";
    good.establishment = "mdi";
    good.prisoners = {"a1111aa", "A1111AA"};
    good.occurred_at = "2026-11-22T09:00:00Z";
    good.description = "Seen filming on the landing";
    EXPECT_TRUE(CheckIncidentInput(good, true, kNow, out).empty());
    EXPECT_EQ(out.type, IncidentType::kMisuse);
    EXPECT_EQ(out.establishment, "MDI");
    EXPECT_EQ(out.prisoners, std::vector<std::string>{"A1111AA"});
    EXPECT_EQ(out.description, "TMPP: Seen filming on the landing");
}

}  // namespace
}  // namespace warden::domain
