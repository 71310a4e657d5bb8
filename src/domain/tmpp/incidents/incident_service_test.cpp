#include "domain/tmpp/incidents/incident_service.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/handsets/handset_service.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Actor MakeActor(const std::string& name, Role role, std::vector<std::string> caseload = {"MDI"}) {
    Actor a;
    a.user_id = 1;
    a.username = name;
    a.roles = {role};
    a.caseload = std::move(caseload);
    a.source = "test";
    return a;
}

class IncidentServiceTest : public ::testing::Test {
  protected:
    IncidentServiceTest()
        : clock_(kNow), handsets_(store_, clock_), service_(store_, clock_, "https://w.example/") {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "spoc.mdi@example.org", "", 1, {}};
        s.establishments["LEI"] = {"LEI", "Leeds", "NE", "", "", 1, {}};
        s.locations[{"MDI", "A"}] = Location{"MDI", "A", LocationKind::kStandard, 0};
        s.locations[{"LEI", "A"}] = Location{"LEI", "A", LocationKind::kStandard, 0};
        Prisoner p;
        p.prison_number = "A1111AA";
        p.first_name = "Johnathan";
        p.last_name = "Smithers";
        p.establishment = "MDI";
        p.wing = "A";
        s.prisoners[p.prison_number] = p;
        Grant g;
        g.id = 1;
        g.prison_number = "A1111AA";
        g.establishment = "MDI";
        s.grants[1] = g;
        WingList list;
        list.establishment = "MDI";
        list.wing = "A";
        list.version = 1;
        WingListEntry e;
        e.prison_number = "A1111AA";
        list.entries.push_back(e);
        s.wing_lists[{"MDI", "A", 1}] = list;
        EXPECT_TRUE(handsets_
                        .Add(spoc_, "MDI",
                             {"T1", "490154203237518", "Nokia 105", "8944100000000000018",
                              "07700 900123", "S0001", "A"})
                        .ok());
    }

    // Issues T1 to A1111AA and takes it back with `seal`; returns the draft's reference.
    std::string ReturnWith(const std::string& seal, bool sim = true) {
        EXPECT_TRUE(handsets_.Issue(officer_, "T1", "A1111AA", "S0001").ok());
        auto back = handsets_.Return(officer_, "T1", seal, sim, "OK");
        EXPECT_TRUE(back.ok());
        return back.ok() ? back->incident_reference : "";
    }

    IncidentInput Completion() {
        IncidentInput in;
        in.description = "Seal number differs from the register";
        in.local_ir_number = "MDI-IR-77";
        return in;
    }

    InMemoryStore store_;
    FixedClock clock_;
    HandsetService handsets_;
    IncidentService service_;
    Actor spoc_ = MakeActor("spoc", Role::kTmppSpoc);
    Actor officer_ = MakeActor("officer", Role::kWingOfficer);
    Actor monitoring_ = MakeActor("monitor", Role::kMonitoring, {});
};

TEST_F(IncidentServiceTest, AMissingSimOpensASimTamperedDraftWithTheEvidence) {
    const std::string ref = ReturnWith("S0001", false);
    EXPECT_EQ(ref, "MDI-TMPP-2026-00001");
    auto v = service_.Get(officer_, ref);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->incident.type, IncidentType::kSimTampered);
    EXPECT_EQ(v->incident.status, IncidentStatus::kDraft);
    EXPECT_EQ(v->incident.wing, "A");
    EXPECT_EQ(v->incident.evidence, "seal recorded S0001, seal seen S0001, SIM missing");
    ASSERT_EQ(v->timeline.size(), 1U);
    EXPECT_EQ(v->timeline[0].what, "DRAFTED");
    EXPECT_TRUE(store_.state.outbox.messages.empty()) << "a draft emails no one";
    EXPECT_EQ(service_.Get(MakeActor("leeds", Role::kSecurity, {"LEI"}), ref).error().code,
              ErrorCode::kNotFound);
    EXPECT_TRUE(service_.Get(monitoring_, ref).ok());
}

TEST_F(IncidentServiceTest, ReportingADraftEmailsTheSpocWithCodesOnly) {
    const std::string ref = ReturnWith("S0009");
    EXPECT_EQ(service_.Report(officer_, ref, {}).error().fields.at(0).field, "description");
    EXPECT_EQ(service_.Report(monitoring_, ref, Completion()).error().code,
              ErrorCode::kForbidden);
    auto reported = service_.Report(officer_, ref, Completion());
    ASSERT_TRUE(reported.ok()) << reported.error().message;
    EXPECT_EQ(reported->status, IncidentStatus::kReported);
    EXPECT_EQ(reported->description, "TMPP: Seal number differs from the register");
    ASSERT_EQ(store_.state.outbox.messages.size(), 1U);
    const auto& m = store_.state.outbox.messages.begin()->second;
    EXPECT_EQ(m.to, std::vector<std::string>{"spoc.mdi@example.org"});
    EXPECT_EQ(m.reference, ref);
    for (const char* must : {"MDI-TMPP-2026-00001", "SEAL_TAMPERED", "MDI", "T1", "A1111AA",
                             "https://w.example/tmpp/incidents/MDI-TMPP-2026-00001"}) {
        EXPECT_NE(m.body.find(must), std::string::npos) << must;
    }
    for (const char* never : {"Johnathan", "Smithers", "differs", "MDI-IR-77"}) {
        EXPECT_EQ(m.body.find(never), std::string::npos) << never;
        EXPECT_EQ(m.subject.find(never), std::string::npos) << never;
    }
    auto v = service_.Get(officer_, ref);
    ASSERT_EQ(v->notifications.size(), 1U);
    EXPECT_EQ(v->notifications[0].state, "PENDING");
    EXPECT_EQ(v->timeline.back().what, "REPORTED");
    auto again = service_.Report(officer_, ref, Completion());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_NE(again.error().message.find("only a DRAFT"), std::string::npos);
    for (const auto& e : store_.state.audit) {
        EXPECT_EQ(e.detail.find("differs"), std::string::npos) << e.detail;
    }
    EXPECT_EQ(store_.AuditOf("incidents.report").size(), 1U);
    EXPECT_EQ(store_.AuditOf("incidents.report").at(0).establishment, "MDI");
}

TEST_F(IncidentServiceTest, RaisedIncidentsAreReportedAtOnceAndNumbersAreNeverReused) {
    IncidentInput in = Completion();
    in.type = "NON_COMPLIANCE";
    in.establishment = "MDI";
    in.wing = "A";
    in.prisoners = {"A1111AA"};
    auto first = service_.Raise(officer_, in);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->reference, "MDI-TMPP-2026-00001");
    EXPECT_EQ(first->status, IncidentStatus::kReported);
    const std::string draft = ReturnWith("S0009");
    EXPECT_EQ(draft, "MDI-TMPP-2026-00002");
    ASSERT_TRUE(service_.MarkNotReportable(officer_, draft, "Seal misread: S0001").ok());
    EXPECT_EQ(service_.Get(officer_, draft)->incident.status, IncidentStatus::kNotReportable);
    in.prisoners = {"B9999ZZ"};
    auto unknown = service_.Raise(officer_, in);
    EXPECT_EQ(unknown.error().fields.at(0).field, "prisoners");
    in.prisoners = {};
    in.establishment = "LEI";
    EXPECT_EQ(service_.Raise(officer_, in).error().fields.at(0).field, "establishment");
    in.establishment = "MDI";
    auto third = service_.Raise(spoc_, in);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third->reference, "MDI-TMPP-2026-00003");
    EXPECT_EQ(store_.state.outbox.messages.size(), 2U);
}

}  // namespace
}  // namespace warden::domain
