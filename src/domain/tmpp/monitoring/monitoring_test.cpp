#include "domain/tmpp/monitoring/monitoring.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/incidents/working_days.hpp"
#include "domain/tmpp/monitoring/monitoring_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

TEST(Monitoring, TheWindowStartsElevenMonthsBeforeThisMonth) {
    EXPECT_EQ(FormatRfc3339(MonitoringWindowStart(kNow)), "2025-12-01T00:00:00Z");
    EXPECT_EQ(MonthOf(kNow), "2026-11");
    EXPECT_EQ(MonthOf(sys_days{year{2026} / 1 / 31} + hours{23}), "2026-01");
}

TEST(Monitoring, IncidentsPerMonthFillsEveryMonthOldestFirst) {
    const std::vector<IncidentCount> counts = {{"MDI", "LOSS", "2026-09", 2},
                                               {"LEI", "MISUSE", "2026-09", 1},
                                               {"MDI", "DAMAGE", "2026-11", 4}};
    auto months = IncidentsPerMonth(counts, MonitoringWindowStart(kNow), kNow);
    ASSERT_EQ(months.size(), 12U);
    EXPECT_EQ(months.front().month, "2025-12");
    EXPECT_EQ(months.front().label, "December 2025");
    EXPECT_EQ(months.front().count, 0);
    EXPECT_EQ(months[9].label, "September 2026");
    EXPECT_EQ(months[9].count, 3);
    EXPECT_EQ(months.back().count, 4);
}

class MonitoringServiceTest : public ::testing::Test {
  protected:
    MonitoringServiceTest() : clock_(kNow), service_(store_, clock_) {
        auto& s = store_.state;
        auto incident = [&](Id id, const char* est, IncidentType type, IncidentStatus status,
                            TimePoint discovered) {
            Incident i;
            i.id = id;
            i.reference = std::string(est) + "-TMPP-2026-0000" + std::to_string(id);
            i.establishment = est;
            i.type = type;
            i.status = status;
            i.discovered_at = discovered;
            i.reported_at = discovered;
            s.incidents.incidents[id] = i;
        };
        incident(1, "MDI", IncidentType::kLoss, IncidentStatus::kReported, kNow - days{10});
        incident(2, "MDI", IncidentType::kLoss, IncidentStatus::kClosed, kNow - days{12});
        incident(3, "LEI", IncidentType::kMisuse, IncidentStatus::kRiuNotified, kNow - days{60});
        incident(4, "MDI", IncidentType::kOther, IncidentStatus::kNotReportable, kNow);
        incident(5, "MDI", IncidentType::kOther, IncidentStatus::kReported, kNow - days{400});
        Handset h;
        h.tag = "T1";
        h.establishment = "MDI";
        h.status = HandsetStatus::kLost;
        s.handsets.handsets["T1"] = h;
        h.tag = "L1";
        h.establishment = "LEI";
        h.status = HandsetStatus::kAvailable;
        s.handsets.handsets["L1"] = h;
        Grant g;
        g.id = 1;
        g.establishment = "MDI";
        g.phase = 2;
        g.active = true;
        s.grants[1] = g;
        g.id = 2;
        g.active = false;
        s.grants[2] = g;
    }

    InMemoryStore store_;
    FixedClock clock_;
    MonitoringService service_;
};

TEST_F(MonitoringServiceTest, MonitoringSeesTheEstateSecurityTheirCaseloadOthersNothing) {
    Actor monitor{1, "monitor", {Role::kMonitoring}, {}, "test"};
    auto v = service_.View(monitor);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_TRUE(v->estate);
    // Not reportable and older than the window are left out.
    ASSERT_EQ(v->incidents.size(), 2U);
    EXPECT_EQ(v->incidents[0].establishment, "LEI");  // September first
    EXPECT_EQ(v->incidents[1].count, 2);              // MDI LOSS in November
    EXPECT_EQ(v->per_month.back().count, 2);
    // Open with the RIU notification overdue: 5 (oldest first) then 1.
    ASSERT_EQ(v->overdue.size(), 2U);
    EXPECT_EQ(v->overdue[0].incident.id, 5);
    EXPECT_EQ(v->overdue[1].incident.id, 1);
    EXPECT_EQ(v->handsets.size(), 2U);
    ASSERT_EQ(v->grants.size(), 1U);
    EXPECT_EQ(v->grants[0].phase, 2);
    ASSERT_EQ(store_.AuditOf("tmpp.monitoring.read").size(), 1U);
    const std::string detail = store_.AuditOf("tmpp.monitoring.read").front().detail;
    EXPECT_NE(detail.find("scope=estate"), std::string::npos) << detail;
    EXPECT_NE(detail.find("overdue=2"), std::string::npos) << detail;
    EXPECT_EQ(store_.AuditOf("tmpp.monitoring.read").front().establishment, "");

    Actor security{2, "security", {Role::kSecurity}, {"LEI"}, "test"};
    auto mine = service_.View(security);
    ASSERT_TRUE(mine.ok());
    EXPECT_FALSE(mine->estate);
    ASSERT_EQ(mine->incidents.size(), 1U);
    EXPECT_EQ(mine->incidents[0].type, "MISUSE");
    EXPECT_TRUE(mine->overdue.empty());
    ASSERT_EQ(mine->handsets.size(), 1U);
    EXPECT_EQ(mine->handsets[0].establishment, "LEI");
    EXPECT_TRUE(mine->grants.empty());
    // A caseload of one establishment: the read's audit entry concerns it.
    ASSERT_EQ(store_.AuditOf("tmpp.monitoring.read").size(), 2U);
    EXPECT_EQ(store_.AuditOf("tmpp.monitoring.read").back().establishment, "LEI");

    Actor officer{3, "officer", {Role::kWingOfficer}, {"MDI"}, "test"};
    EXPECT_EQ(service_.View(officer).error().code, ErrorCode::kForbidden);
}

TEST_F(MonitoringServiceTest, OverdueListsEachOverdueStepWithItsDueTimeEarliestFirst) {
    auto& s = store_.state;
    auto tampering = [&](Id id, IncidentType type, IncidentStatus status, TimePoint discovered) {
        Incident i;
        i.id = id;
        i.reference = "MDI-TMPP-2026-0000" + std::to_string(id);
        i.establishment = "MDI";
        i.type = type;
        i.status = status;
        i.prisoners = {"A1111AA", "B2222BB"};
        i.discovered_at = discovered;
        i.reported_at = discovered;
        s.incidents.incidents[id] = i;
    };
    // 6: the RIU was notified, but nobody was placed on report within 48 hours.
    tampering(6, IncidentType::kSealTampered, IncidentStatus::kRiuNotified, kNow - days{3});
    // 7: neither step was done.
    tampering(7, IncidentType::kMisuse, IncidentStatus::kReported, kNow - days{5});
    // 8: both prisoners were placed on report; nothing is overdue.
    tampering(8, IncidentType::kMisuse, IncidentStatus::kRiuNotified, kNow - days{5});
    // 9: one of two prisoners was placed on report; the other is still due.
    tampering(9, IncidentType::kNonCompliance, IncidentStatus::kRiuNotified, kNow - hours{50});
    // 10: discovered 47 hours ago: placing on report is not due yet.
    tampering(10, IncidentType::kMisuse, IncidentStatus::kRiuNotified, kNow - hours{47});
    for (const auto& [incident, prisoner] :
         std::vector<std::pair<Id, std::string>>{{8, "A1111AA"}, {8, "B2222BB"}, {9, "A1111AA"}}) {
        Sanction x;
        x.id = static_cast<Id>(s.incidents.sanctions.size() + 1);
        x.incident_id = incident;
        x.prison_number = prisoner;
        x.kind = SanctionKind::kPlacedOnReport;
        x.reference = "MDI-00012" + std::to_string(x.id);
        s.incidents.sanctions.push_back(x);
    }

    Actor monitor{1, "monitor", {Role::kMonitoring}, {}, "test"};
    auto v = service_.View(monitor);
    ASSERT_TRUE(v.ok()) << v.error().message;
    std::vector<Id> ids;
    for (const auto& o : v->overdue) ids.push_back(o.incident.id);
    // Earliest due first: 5 and 1 (RIU), 7 (RIU, then placing on report), 6, 9.
    EXPECT_EQ(ids, (std::vector<Id>{5, 1, 7, 6, 9}));
    ASSERT_EQ(v->overdue.size(), 5U);
    const auto& seven = v->overdue[2].steps;
    ASSERT_EQ(seven.size(), 2U);
    EXPECT_EQ(seven[0].step, "RIU_NOTIFICATION");
    EXPECT_EQ(seven[0].due_by, RiuNotificationDueBy(kNow - days{5}));
    EXPECT_EQ(seven[1].step, "PLACED_ON_REPORT");
    EXPECT_EQ(seven[1].due_by, kNow - days{5} + hours{48});
    const auto& six = v->overdue[3].steps;
    ASSERT_EQ(six.size(), 1U);
    EXPECT_EQ(six[0].step, "PLACED_ON_REPORT");
    EXPECT_EQ(six[0].due_by, kNow - days{1});
    ASSERT_EQ(v->overdue[4].steps.size(), 1U);
    EXPECT_EQ(v->overdue[4].steps[0].due_by, kNow - hours{2});
    ASSERT_EQ(v->overdue[0].steps.size(), 1U);
    EXPECT_EQ(v->overdue[0].steps[0].step, "RIU_NOTIFICATION");
    const std::string detail = store_.AuditOf("tmpp.monitoring.read").front().detail;
    EXPECT_NE(detail.find("overdue=5"), std::string::npos) << detail;
}

TEST(Monitoring, OverdueStepsFollowTheIncidentListRules) {
    Incident i;
    i.type = IncidentType::kSimTampered;
    i.status = IncidentStatus::kReported;
    i.prisoners = {"A1111AA"};
    i.discovered_at = kNow - days{5};  // a Tuesday
    i.reported_at = kNow - days{5};
    auto steps = OverdueSteps(i, {}, kNow);
    ASSERT_EQ(steps.size(), 2U);
    EXPECT_LE(steps[0].due_by, steps[1].due_by);
    // A reason that no prisoner could be identified: placing on report is not due.
    i.no_prisoner_reason = "Nobody seen";
    steps = OverdueSteps(i, {}, kNow);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_EQ(steps[0].step, "RIU_NOTIFICATION");
    // Closed: nothing is overdue.
    i.no_prisoner_reason.clear();
    i.status = IncidentStatus::kClosed;
    EXPECT_TRUE(OverdueSteps(i, {}, kNow).empty());
    // A type without the minimum sanctions: only the RIU step.
    i.status = IncidentStatus::kReported;
    i.type = IncidentType::kLoss;
    steps = OverdueSteps(i, {}, kNow);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_EQ(steps[0].step, "RIU_NOTIFICATION");
}

}  // namespace
}  // namespace warden::domain
