// What the audit log keeps of TMPP work and prisoner reads: codes, ids and counts (never the
// free text, which stays on the record), and one entry per read of prisoner data.

#include <gtest/gtest.h>

#include "domain/prisoners/prisoner_service.hpp"
#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/access/access_service.hpp"
#include "domain/tmpp/access/queue_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Prisoner MakePrisoner(const std::string& number, const std::string& last_name) {
    Prisoner p;
    p.prison_number = number;
    p.first_name = "John";
    p.last_name = last_name;
    p.date_of_birth = "1990-05-01";
    p.establishment = "MDI";
    p.wing = "A";
    p.cell = "A-1-001";
    p.legal_status = LegalStatus::kSentenced;
    p.security_category = SecurityCategory::kC;
    return p;
}

Actor MakeActor(const std::string& name, Role role) {
    Actor a;
    a.user_id = 1;
    a.username = name;
    a.roles = {role};
    a.caseload = {"MDI"};
    a.source = "test";
    return a;
}

class AccessAuditTest : public ::testing::Test {
  protected:
    AccessAuditTest()
        : clock_(kNow),
          rules_(store_, clock_),
          access_(store_, clock_, rules_),
          queue_(store_, clock_),
          prisoners_(store_, clock_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.locations[{"MDI", "A"}] = Location{"MDI", "A", LocationKind::kStandard, 0};
        for (const auto& p : {MakePrisoner("A1111AA", "Smith"), MakePrisoner("A2222BB", "Jones")}) {
            s.prisoners[p.prison_number] = p;
        }
    }

    // Every audit entry's detail.
    std::string AllDetails() const {
        std::string out;
        for (const auto& e : store_.state.audit) out += e.action + ": " + e.detail + "\n";
        return out;
    }

    InMemoryStore store_;
    FixedClock clock_;
    RiskRulesService rules_;
    AccessService access_;
    QueueService queue_;
    PrisonerService prisoners_;
    Actor security_ = MakeActor("sec", Role::kSecurity);
    Actor officer_ = MakeActor("officer", Role::kWingOfficer);
};

TEST_F(AccessAuditTest, TmppWorkIsAuditedWithCodesOnly) {
    ASSERT_TRUE(access_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    ASSERT_TRUE(access_.AddCompactVersion(security_, "MDI", "I agree.", false).ok());
    ASSERT_TRUE(
        access_.RecordCompact(officer_, "A1111AA", 1, "2026-11-21", "Officer Witness").ok());
    ASSERT_TRUE(access_.AssessEstablishment(security_, "MDI").ok());
    ASSERT_TRUE(access_.Decide(security_, "A1111AA", "GREEN", "").ok());
    auto granted = access_.GrantAccess(security_, "A1111AA", {}, "");
    ASSERT_TRUE(granted.ok()) << granted.error().message;
    ASSERT_TRUE(access_.Withdraw(security_, "A1111AA", "withdrawal narrative", "IR-1").ok());
    ASSERT_TRUE(access_.RecordNeed(security_, "A2222BB", "OTHER", "hearing aid secret").ok());
    ASSERT_TRUE(access_.Decide(security_, "A2222BB", "AMBER", "override narrative").ok());
    ASSERT_TRUE(access_.SetPhase(security_, "MDI", 0, "phase narrative").ok());

    const std::string details = AllDetails();
    for (const char* text :
         {"hearing", "Witness", "narrative", "IR-1", "reason", "detail=", "witnessed_by"}) {
        EXPECT_EQ(details.find(text), std::string::npos) << text << " in\n" << details;
    }
    ASSERT_EQ(store_.AuditOf("tmpp.need.recorded").size(), 2u);
    const AuditEntry need = store_.AuditOf("tmpp.need.recorded")[1];
    EXPECT_EQ(need.detail, "need=OTHER state=REQUESTED");
    EXPECT_EQ(need.establishment, "MDI");
    ASSERT_EQ(store_.AuditOf("tmpp.decision.overridden").size(), 1u);
    EXPECT_NE(store_.AuditOf("tmpp.decision.overridden")[0].detail.find("band=AMBER"),
              std::string::npos);
    // The free text stays on the record, for the people who may read the record.
    auto record = access_.Access(security_, "A2222BB");
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->needs.at(0).detail, "hearing aid secret");
}

TEST_F(AccessAuditTest, EveryReadOfPrisonerDataIsAuditedOncePerPage) {
    const auto count = [&](const std::string& action) { return store_.AuditOf(action).size(); };

    PrisonerQuery q;
    q.establishment = "MDI";
    q.text = "Smith";
    auto list = prisoners_.List(officer_, q);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(count("prisoners.list"), 1u);
    const AuditEntry listed = store_.AuditOf("prisoners.list")[0];
    EXPECT_EQ(listed.subject, "establishment:MDI");
    EXPECT_EQ(listed.establishment, "MDI");
    EXPECT_EQ(listed.detail, "limit=50 search=name page=first count=1 total=1");
    q.text = "a2222bb";
    ASSERT_TRUE(prisoners_.List(officer_, q).ok());
    EXPECT_EQ(store_.AuditOf("prisoners.list")[1].detail,
              "limit=50 search=A2222BB page=first count=1 total=1");

    ASSERT_TRUE(access_.Access(officer_, "A1111AA").ok());
    ASSERT_EQ(count("tmpp.record.read"), 1u);
    EXPECT_EQ(store_.AuditOf("tmpp.record.read")[0].subject, "prisoner:A1111AA");
    EXPECT_EQ(store_.AuditOf("tmpp.record.read")[0].establishment, "MDI");

    ASSERT_TRUE(access_.RiskAssessment(officer_, "A1111AA").ok());
    EXPECT_EQ(count("tmpp.risk_assessment.read"), 1u);

    QueueQuery queue;
    queue.establishment = "MDI";
    queue.limit = 1;
    auto page = queue_.Queue(security_, queue);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(count("tmpp.queue.read"), 1u);
    EXPECT_EQ(store_.AuditOf("tmpp.queue.read")[0].detail,
              "sort=number dir=asc offset=0 limit=1 count=1 total=2");

    ASSERT_TRUE(queue_.Checklist(security_, "A1111AA").ok());
    EXPECT_EQ(count("tmpp.checklist.read"), 1u);

    ASSERT_TRUE(access_.CurrentList(officer_, "MDI", "A", "csv").ok());
    ASSERT_EQ(count("tmpp.wing_list.read"), 1u);
    EXPECT_EQ(store_.AuditOf("tmpp.wing_list.read")[0].subject, "wing:MDI/A");
    EXPECT_EQ(store_.AuditOf("tmpp.wing_list.read")[0].detail, "format=csv count=0");

    // A refused read writes nothing.
    const size_t before = store_.state.audit.size();
    EXPECT_FALSE(access_.Access(officer_, "Z9999ZZ").ok());
    EXPECT_EQ(store_.state.audit.size(), before);
}

TEST_F(AccessAuditTest, ThePrisonerPageReadsAndAuditsWithOneCommit) {
    ASSERT_TRUE(access_.RecordNeed(security_, "A1111AA", "ISOLATING", "").ok());
    ASSERT_TRUE(access_.AssessEstablishment(security_, "MDI").ok());
    const size_t before = store_.state.audit.size();
    const int writes = store_.writes;
    const int reads = store_.per_prisoner_reads;

    auto record = access_.PrisonerRecord(officer_, " a1111aa ");
    ASSERT_TRUE(record.ok()) << record.error().message;
    EXPECT_EQ(store_.writes, writes + 1);  // one commit for the three reads and their entry
    // Each per-prisoner fact the page shows is read once (access, needs, grant, recommendation,
    // decision): the decision no longer twice, as when the page loaded a grant's facts.
    EXPECT_EQ(store_.per_prisoner_reads, reads + 5);
    EXPECT_EQ(record->prisoner.prison_number, "A1111AA");
    EXPECT_EQ(record->prisoner.last_name, "Smith");
    EXPECT_EQ(record->access.access.state, AccessState::kRequested);
    ASSERT_EQ(record->access.needs.size(), 1u);
    EXPECT_EQ(record->access.needs[0].kind, NeedKind::kIsolating);
    EXPECT_FALSE(record->access.timeline.empty());
    EXPECT_EQ(record->risk.prison_number, "A1111AA");
    EXPECT_TRUE(record->risk.recommendation.has_value());
    EXPECT_FALSE(record->risk.decision.has_value());

    // One entry for the page's read of the record (ADR 0033): PrisonerService::Get's action,
    // with what Access and RiskAssessment would each have recorded of their reads.
    ASSERT_EQ(store_.state.audit.size(), before + 1);
    const auto& audit = store_.state.audit;
    EXPECT_EQ(audit[before].action, "prisoner.read");
    EXPECT_EQ(audit[before].detail,
              "establishment=MDI tmpp_state=REQUESTED needs=1 events=1 recommendation=yes "
              "decision=no");
    EXPECT_EQ(audit[before].subject, "prisoner:A1111AA");
    EXPECT_EQ(audit[before].establishment, "MDI");
    EXPECT_EQ(audit[before].actor, "officer");
    ASSERT_TRUE(access_.Access(officer_, "A1111AA").ok());
    EXPECT_EQ(store_.state.audit.back().detail, "state=REQUESTED needs=1 events=1");
    ASSERT_TRUE(prisoners_.Get(officer_, "A1111AA").ok());
    EXPECT_EQ(store_.state.audit.back().detail, "establishment=MDI");

    // Not found, outside the caseload or a failed audit write: nothing is returned or kept.
    const size_t kept = store_.state.audit.size();
    auto missing = access_.PrisonerRecord(officer_, "Z9999ZZ");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    Actor elsewhere = officer_;
    elsewhere.caseload = {"LEI"};
    auto outside = access_.PrisonerRecord(elsewhere, "A1111AA");
    ASSERT_FALSE(outside.ok());
    EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
    store_.fail_audit = true;
    EXPECT_FALSE(access_.PrisonerRecord(officer_, "A1111AA").ok());
    store_.fail_audit = false;
    EXPECT_EQ(store_.state.audit.size(), kept);
}

}  // namespace
}  // namespace warden::domain
