#include "domain/tmpp/monitoring/monitoring.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
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

    Actor officer{3, "officer", {Role::kWingOfficer}, {"MDI"}, "test"};
    EXPECT_EQ(service_.View(officer).error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace warden::domain
