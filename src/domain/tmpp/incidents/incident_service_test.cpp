#include "domain/tmpp/incidents/incident_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "domain/testing/in_memory_store.hpp"
#include "domain/tmpp/handsets/handset_service.hpp"
#include "domain/tmpp/incidents/working_days.hpp"

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
        : clock_(kNow),
          handsets_(store_, clock_),
          service_(store_, clock_, "https://w.example/", "monitor@example.org") {
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

TEST_F(IncidentServiceTest, EveryReadOfAnIncidentOrAListIsAuditedWithCodesOnly) {
    const std::string ref = ReturnWith("S0001", false);
    ASSERT_TRUE(service_.Get(monitoring_, ref).ok());
    auto reads = store_.AuditOf("incidents.read");
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].subject, "incident:" + ref);
    EXPECT_EQ(reads[0].establishment, "MDI");
    EXPECT_EQ(reads[0].detail, "status=DRAFT");
    IncidentQuery q;
    q.status = "DRAFT";
    auto page = service_.List(monitoring_, q);
    ASSERT_TRUE(page.ok()) << page.error().message;
    reads = store_.AuditOf("incidents.list.read");
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].subject, "incidents:all");
    EXPECT_EQ(reads[0].detail, "status=DRAFT type=any count=1");
    q.establishment = "MDI";
    q.overdue = "true";
    ASSERT_TRUE(service_.List(officer_, q).ok());
    reads = store_.AuditOf("incidents.list.read");
    ASSERT_EQ(reads.size(), 2u);
    EXPECT_EQ(reads[1].subject, "establishment:MDI");
    EXPECT_EQ(reads[1].establishment, "MDI");
    EXPECT_EQ(reads[1].detail, "status=DRAFT type=any overdue=true count=0");
    // Not found (or outside the caseload) writes nothing.
    EXPECT_FALSE(service_.Get(monitoring_, "MDI-TMPP-2026-00999").ok());
    EXPECT_EQ(store_.AuditOf("incidents.read").size(), 1u);
}

TEST_F(IncidentServiceTest, ReportingADraftEmailsTheSpocWithCodesOnly) {
    const std::string ref = ReturnWith("S0009");
    EXPECT_EQ(service_.Report(officer_, ref, {}).error().fields.at(0).field, "description");
    EXPECT_EQ(service_.Report(monitoring_, ref, Completion()).error().code, ErrorCode::kForbidden);
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

TEST_F(IncidentServiceTest, ADraftIsReportedAfterItsPrisonerHasMovedOn) {
    const std::string ref = ReturnWith("S0009");
    // Leeds's import transferred A1111AA since the return: outside the officer's caseload now.
    store_.state.prisoners.at("A1111AA").establishment = "LEI";
    // Named again by staff now, the prisoner is checked (in the caseload, held here)...
    IncidentInput naming = Completion();
    naming.prisoners = {"A1111AA"};
    auto named = service_.Report(officer_, ref, naming);
    ASSERT_FALSE(named.ok());
    EXPECT_EQ(named.error().fields.at(0).field, "prisoners");
    EXPECT_EQ(service_.Get(officer_, ref)->incident.status, IncidentStatus::kDraft);
    // ...but the draft's own prisoner, named by the return, does not block the report.
    auto reported = service_.Report(officer_, ref, Completion());
    ASSERT_TRUE(reported.ok()) << reported.error().message;
    EXPECT_EQ(reported->status, IncidentStatus::kReported);
    EXPECT_EQ(reported->prisoners, std::vector<std::string>{"A1111AA"});
    EXPECT_EQ(store_.state.outbox.messages.size(), 1U);
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
    // The officer may not dismiss the draft their return opened; the SPoC triages it.
    EXPECT_EQ(service_.MarkNotReportable(officer_, draft, "Seal misread: S0001").error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(service_.Get(officer_, draft)->incident.status, IncidentStatus::kDraft);
    ASSERT_TRUE(service_.MarkNotReportable(spoc_, draft, "Seal misread: S0001").ok());
    EXPECT_EQ(service_.Get(officer_, draft)->incident.status, IncidentStatus::kNotReportable);
    in.prisoners = {"B9999ZZ"};
    auto unknown = service_.Raise(officer_, in);
    EXPECT_EQ(unknown.error().fields.at(0).field, "prisoners");
    in.prisoners = {};
    in.establishment = "LEI";
    EXPECT_EQ(service_.Raise(officer_, in).error().fields.at(0).field, "establishment");
    // Staff with both establishments cannot name a Moorland prisoner in a Leeds incident.
    in.prisoners = {"A1111AA"};
    auto elsewhere = service_.Raise(MakeActor("both", Role::kSecurity, {"MDI", "LEI"}), in);
    ASSERT_FALSE(elsewhere.ok());
    ASSERT_EQ(elsewhere.error().fields.at(0).field, "prisoners");
    EXPECT_EQ(elsewhere.error().fields.at(0).message, "Prisoner A1111AA is not held at LEI");
    in.prisoners = {};
    in.establishment = "MDI";
    auto third = service_.Raise(spoc_, in);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third->reference, "MDI-TMPP-2026-00003");
    EXPECT_EQ(store_.state.outbox.messages.size(), 2U);
}

// Raises a NON_COMPLIANCE incident on wing A as the officer; returns its reference.
std::string RaiseOne(IncidentService& service, const Actor& by, const std::string& type) {
    IncidentInput in;
    in.type = type;
    in.establishment = "MDI";
    in.wing = "A";
    in.prisoners = {"A1111AA"};
    in.description = "Handset passed to another prisoner";
    auto r = service.Raise(by, in);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->reference : "";
}

TEST_F(IncidentServiceTest, SecurityNotifiesTheRiuCopyingMonitoringThenCloses) {
    const Actor security = MakeActor("security", Role::kSecurity);
    const std::string ref = RaiseOne(service_, officer_, "DAMAGE");
    EXPECT_EQ(service_.NotifyRiu(officer_, ref).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.NotifyRiu(monitoring_, ref).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.NotifyRiu(MakeActor("lei", Role::kSecurity, {"LEI"}), ref).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.Close(security, ref, "Words of advice", "").error().code,
              ErrorCode::kConflict);
    auto notified = service_.NotifyRiu(security, ref);
    ASSERT_TRUE(notified.ok()) << notified.error().message;
    EXPECT_EQ(notified->status, IncidentStatus::kRiuNotified);
    EXPECT_EQ(notified->riu_notified_at, kNow);
    ASSERT_EQ(store_.state.outbox.messages.size(), 2U);
    const auto& m = store_.state.outbox.messages.rbegin()->second;
    EXPECT_EQ(m.to, std::vector<std::string>{"riu@example.org"});
    EXPECT_EQ(m.cc, std::vector<std::string>{"monitor@example.org"});
    EXPECT_EQ(m.kind, "tmpp.incident.riu");
    for (const char* must : {"MDI-TMPP-2026-00001", "DAMAGE", "MDI", "A1111AA",
                             "https://w.example/tmpp/incidents/MDI-TMPP-2026-00001"}) {
        EXPECT_NE(m.body.find(must), std::string::npos) << must;
    }
    for (const char* never : {"Johnathan", "Smithers", "another prisoner"}) {
        EXPECT_EQ(m.body.find(never), std::string::npos) << never;
    }
    auto again = service_.NotifyRiu(security, ref);
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_NE(again.error().message.find("only REPORTED"), std::string::npos);
    EXPECT_EQ(service_.Close(security, ref, " ", "").error().fields.at(0).field, "outcome");
    auto closed = service_.Close(security, ref, "Words of advice", "");
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(closed->status, IncidentStatus::kClosed);
    EXPECT_EQ(closed->outcome, "Words of advice");
    auto v = service_.Get(monitoring_, ref);
    ASSERT_TRUE(v.ok());
    ASSERT_EQ(v->timeline.size(), 4U);
    EXPECT_EQ(v->timeline[2].what, "RIU_NOTIFIED");
    EXPECT_EQ(v->timeline[3].what, "CLOSED");
    ASSERT_EQ(v->notifications.size(), 2U);
    EXPECT_EQ(v->notifications[1].kind, "tmpp.incident.riu");
    EXPECT_EQ(store_.AuditOf("incidents.riu_notify").size(), 1U);
    EXPECT_EQ(store_.AuditOf("incidents.close").size(), 1U);
    for (const auto& e : store_.state.audit) {
        EXPECT_EQ(e.detail.find("Words of advice"), std::string::npos) << e.detail;
    }
}

TEST_F(IncidentServiceTest, TamperingClosesOnlyWithSanctionsOrNoPrisonerReason) {
    const Actor security = MakeActor("security", Role::kSecurity);
    const std::string ref = RaiseOne(service_, officer_, "NON_COMPLIANCE");
    ASSERT_TRUE(service_.NotifyRiu(security, ref).ok());
    auto refused = service_.Close(security, ref, "Done", "");
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("PLACED_ON_REPORT"), std::string::npos);
    // It names A1111AA, who was identified: the reason is refused and their sanctions needed.
    auto named = service_.Close(security, ref, "Done", "Handset found in a shared area");
    ASSERT_EQ(named.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(named.error().fields.at(0).field, "no_prisoner_reason");
    EXPECT_NE(named.error().fields.at(0).message.find("names A1111AA"), std::string::npos)
        << named.error().fields.at(0).message;
    EXPECT_EQ(store_.AuditOf("incidents.close").size(), 0U);
    // One naming no prisoner closes with the reason why none could be identified.
    IncidentInput in;
    in.type = "NON_COMPLIANCE";
    in.establishment = "MDI";
    in.wing = "A";
    in.description = "Handset found in a shared area";
    auto unnamed = service_.Raise(officer_, in);
    ASSERT_TRUE(unnamed.ok()) << unnamed.error().message;
    ASSERT_TRUE(service_.NotifyRiu(security, unnamed->reference).ok());
    auto none = service_.Close(security, unnamed->reference, "Done", "");
    EXPECT_EQ(none.error().code, ErrorCode::kConflict);
    EXPECT_NE(none.error().message.find("no prisoner is recorded"), std::string::npos);
    auto closed =
        service_.Close(security, unnamed->reference, "Done", "Handset found in a shared area");
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(closed->no_prisoner_reason, "Handset found in a shared area");
    // A type that needs no sanctions takes no such reason.
    const std::string damage = RaiseOne(service_, officer_, "DAMAGE");
    ASSERT_TRUE(service_.NotifyRiu(security, damage).ok());
    EXPECT_EQ(service_.Close(security, damage, "Repaired", "Unknown").error().code,
              ErrorCode::kInvalidInput);
}

TEST_F(IncidentServiceTest, AnRiuMissingItsAddressRefusesAndRollsBack) {
    store_.state.regions["NE"].riu_email = "";
    const Actor security = MakeActor("security", Role::kSecurity);
    const std::string ref = RaiseOne(service_, officer_, "OTHER");
    auto refused = service_.NotifyRiu(security, ref);
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("no RIU email"), std::string::npos);
    EXPECT_EQ(service_.Get(security, ref)->incident.status, IncidentStatus::kReported);
    EXPECT_EQ(store_.state.outbox.messages.size(), 1U);
}

TEST_F(IncidentServiceTest, TheListFiltersAndFlagsOverdueRiuNotifications) {
    const Actor security = MakeActor("security", Role::kSecurity);
    // Reported on Friday 2026-11-20: the RIU is due by the end of Monday 2026-11-23.
    FixedClock friday(sys_days{year{2026} / 11 / 20} + hours{15});
    IncidentService at_friday(store_, friday, "https://w.example", "monitor@example.org");
    const std::string old_ref = RaiseOne(at_friday, officer_, "MISUSE");
    const std::string draft = ReturnWith("S0009");  // Sunday 2026-11-22 10:00 (kNow)
    FixedClock tuesday(sys_days{year{2026} / 11 / 24} + hours{9});
    IncidentService at_tuesday(store_, tuesday, "https://w.example", "monitor@example.org");
    const std::string fresh = RaiseOne(at_tuesday, officer_, "LOSS");
    auto all = service_.List(security, {});
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->items.size(), 3U);
    EXPECT_EQ(all->items[0].incident.reference, fresh);
    EXPECT_FALSE(all->items[2].overdue) << "due by the end of Monday";
    IncidentQuery overdue;
    overdue.overdue = "true";
    auto late = at_tuesday.List(monitoring_, overdue);
    ASSERT_TRUE(late.ok()) << late.error().message;
    ASSERT_EQ(late->items.size(), 1U);
    EXPECT_EQ(late->items[0].incident.reference, old_ref);
    EXPECT_TRUE(late->items[0].overdue);
    overdue.overdue = "false";
    EXPECT_EQ(at_tuesday.List(monitoring_, overdue)->items.size(), 2U);
    IncidentQuery drafts;
    drafts.status = "DRAFT";
    auto d = service_.List(security, drafts);
    ASSERT_EQ(d->items.size(), 1U);
    EXPECT_EQ(d->items[0].incident.reference, draft);
    IncidentQuery bad;
    bad.type = "NOPE";
    bad.overdue = "maybe";
    auto refused = service_.List(security, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().fields.size(), 2U);
    IncidentQuery page;
    page.limit = 2;
    auto first = service_.List(security, page);
    ASSERT_EQ(first->items.size(), 2U);
    ASSERT_FALSE(first->next_cursor.empty());
    page.cursor = first->next_cursor;
    auto second = service_.List(security, page);
    ASSERT_EQ(second->items.size(), 1U);
    EXPECT_EQ(second->items[0].incident.reference, old_ref);
    EXPECT_TRUE(second->next_cursor.empty());
    const Actor leeds = MakeActor("leeds", Role::kSecurity, {"LEI"});
    EXPECT_TRUE(service_.List(leeds, {})->items.empty());
    // A filter naming an establishment outside the caseload is not found, and not audited as a
    // read of it; one that is not a code at all, likewise.
    const size_t audited = store_.AuditOf("incidents.list.read").size();
    IncidentQuery moorland;
    moorland.establishment = "MDI";
    EXPECT_EQ(service_.List(leeds, moorland).error().code, ErrorCode::kNotFound);
    moorland.establishment = "not a code";
    EXPECT_EQ(service_.List(leeds, moorland).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.AuditOf("incidents.list.read").size(), audited);
    // A national role beside a prison role does not widen the prison role's caseload: a Leeds
    // officer who is also a DIGITAL_REVIEWER reads Leeds' incidents only.
    Actor officer_reviewer = MakeActor("lr", Role::kWingOfficer, {"LEI"});
    officer_reviewer.roles.push_back(Role::kDigitalReviewer);
    EXPECT_TRUE(service_.List(officer_reviewer, {})->items.empty());
    EXPECT_EQ(service_.Get(officer_reviewer, fresh).error().code, ErrorCode::kNotFound);
}

TEST(WorkingDaysTest, WeekendsAndBankHolidaysAreNotWorkingDays) {
    EXPECT_TRUE(IsWorkingDay(sys_days{year{2026} / 11 / 20}));   // Friday
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2026} / 11 / 21}));  // Saturday
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2026} / 12 / 25}));  // Christmas Day
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2026} / 12 / 28}));  // Boxing Day substitute
    EXPECT_TRUE(IsWorkingDay(sys_days{year{2026} / 12 / 29}));
    // Reported on Thursday 24 December 2026: due by the end of Tuesday 29 December.
    const TimePoint due = RiuNotificationDueBy(sys_days{year{2026} / 12 / 24} + hours{16});
    EXPECT_EQ(due, TimePoint{sys_days{year{2026} / 12 / 30}});
    // At 08:00 on Wednesday 30 December, incidents reported before Tuesday 29th are overdue.
    EXPECT_EQ(RiuOverdueCutoff(sys_days{year{2026} / 12 / 30} + hours{8}),
              TimePoint{sys_days{year{2026} / 12 / 29}});
}

// The rules give GOV.UK's published dates (www.gov.uk/bank-holidays), substitutes included:
// Christmas on a Friday (2026), a Saturday (2021, 2027) and New Year's Day on a Saturday (2028).
TEST(WorkingDaysTest, TheRulesGiveThePublishedBankHolidays) {
    const auto dates = [](int y, std::initializer_list<std::pair<unsigned, unsigned>> md) {
        std::vector<sys_days> out;
        for (auto [m, d] : md)
            out.push_back(sys_days{year{y} / static_cast<int>(m) / static_cast<int>(d)});
        return out;
    };
    EXPECT_EQ(BankHolidaysEnglandWales(2021),
              dates(2021, {{1, 1}, {4, 2}, {4, 5}, {5, 3}, {5, 31}, {8, 30}, {12, 27}, {12, 28}}));
    EXPECT_EQ(BankHolidaysEnglandWales(2024),
              dates(2024, {{1, 1}, {3, 29}, {4, 1}, {5, 6}, {5, 27}, {8, 26}, {12, 25}, {12, 26}}));
    EXPECT_EQ(
        BankHolidaysEnglandWales(2025),
        dates(2025, {{1, 1}, {4, 18}, {4, 21}, {5, 5}, {5, 26}, {8, 25}, {12, 25}, {12, 26}}));
    EXPECT_EQ(BankHolidaysEnglandWales(2026),
              dates(2026, {{1, 1}, {4, 3}, {4, 6}, {5, 4}, {5, 25}, {8, 31}, {12, 25}, {12, 28}}));
    EXPECT_EQ(
        BankHolidaysEnglandWales(2027),
        dates(2027, {{1, 1}, {3, 26}, {3, 29}, {5, 3}, {5, 31}, {8, 30}, {12, 27}, {12, 28}}));
    EXPECT_EQ(
        BankHolidaysEnglandWales(2028),
        dates(2028, {{1, 3}, {4, 14}, {4, 17}, {5, 1}, {5, 29}, {8, 28}, {12, 25}, {12, 26}}));
    // Past the years published so far, the rules go on: Easter 2035 is on 25 March, and
    // Christmas 2033 is on a Sunday (Boxing Day Monday 26th, Christmas's substitute Tuesday 27th).
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2035} / 3 / 23}));  // Good Friday
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2035} / 3 / 26}));  // Easter Monday
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2033} / 12 / 26}));
    EXPECT_FALSE(IsWorkingDay(sys_days{year{2033} / 12 / 27}));
    EXPECT_TRUE(IsWorkingDay(sys_days{year{2033} / 12 / 28}));
    for (int y = 2025; y <= 2100; ++y) {
        const auto list = BankHolidaysEnglandWales(y);
        EXPECT_EQ(list.size(), 8U) << y;
        EXPECT_TRUE(std::is_sorted(list.begin(), list.end())) << y;
        for (sys_days d : list) {
            EXPECT_FALSE(IsWorkingDay(d)) << y;
            const std::chrono::weekday w{d};
            EXPECT_TRUE(w != std::chrono::Saturday && w != std::chrono::Sunday) << y;
        }
    }
}

// The cutoff and the due time agree for every hour of two months, holidays included.
TEST(WorkingDaysTest, CutoffAndDueTimeAgree) {
    const TimePoint start = sys_days{year{2026} / 12 / 1};
    for (int h = 0; h < 24 * 60; h += 5) {
        const TimePoint reported = start + hours{h};
        for (int later = 0; later < 24 * 8; later += 7) {
            const TimePoint now = reported + hours{later};
            EXPECT_EQ(reported < RiuOverdueCutoff(now), now >= RiuNotificationDueBy(reported))
                << h << " " << later;
        }
    }
}

// ---- Sanctions (issue 10 item 7) ----

SanctionInput SanctionOf(const std::string& kind, const std::string& reference = {}) {
    return {"A1111AA", kind, reference, kind == "OTHER" ? "Loss of association for 7 days" : ""};
}

TEST_F(IncidentServiceTest, OnlySecurityRecordsSanctionsOnAReportedIncidentNamingThePrisoner) {
    const Actor security = MakeActor("security", Role::kSecurity);
    const std::string draft = ReturnWith("S0009");
    EXPECT_EQ(service_.RecordSanction(security, draft, SanctionOf("WITHDRAWAL")).error().code,
              ErrorCode::kConflict)
        << "a draft is not sanctioned";
    const std::string ref = RaiseOne(service_, officer_, "MISUSE");
    EXPECT_EQ(service_.RecordSanction(officer_, ref, SanctionOf("WITHDRAWAL")).error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(service_
                  .RecordSanction(MakeActor("lei", Role::kSecurity, {"LEI"}), ref,
                                  SanctionOf("WITHDRAWAL"))
                  .error()
                  .code,
              ErrorCode::kNotFound);
    auto bad = service_.RecordSanction(security, ref, SanctionOf("PLACED_ON_REPORT", "12345"));
    ASSERT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(bad.error().fields.at(0).field, "reference");
    SanctionInput stranger = SanctionOf("OTHER");
    stranger.prisoner = "B2222BB";
    EXPECT_EQ(service_.RecordSanction(security, ref, stranger).error().fields.at(0).field,
              "prisoner");
    auto other = service_.RecordSanction(security, ref, SanctionOf("OTHER"));
    ASSERT_TRUE(other.ok()) << other.error().message;
    EXPECT_TRUE(store_.state.grants[1].active) << "OTHER does not withdraw";
    auto v = service_.Get(monitoring_, ref);
    ASSERT_EQ(v->sanctions.size(), 1U);
    EXPECT_EQ(v->sanctions[0].description, "Loss of association for 7 days");
    EXPECT_EQ(v->timeline.back().what, "SANCTION");
    const auto audit = store_.AuditOf("incidents.sanction");
    ASSERT_EQ(audit.size(), 1U);
    EXPECT_NE(audit[0].detail.find("kind=OTHER sanctioned=A1111AA"), std::string::npos)
        << audit[0].detail;
    EXPECT_EQ(audit[0].detail.find("association"), std::string::npos) << "codes only";
}

TEST_F(IncidentServiceTest, AWithdrawalSanctionIsTheTmppWithdrawalAndRecallsTheHandset) {
    const Actor security = MakeActor("security", Role::kSecurity);
    ASSERT_TRUE(handsets_.Issue(officer_, "T1", "A1111AA", "S0001").ok());
    const std::string ref = RaiseOne(service_, officer_, "NON_COMPLIANCE");
    auto withdrawn = service_.RecordSanction(security, ref, SanctionOf("WITHDRAWAL"));
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    const Grant& g = store_.state.grants[1];
    EXPECT_FALSE(g.active);
    EXPECT_TRUE(g.withdrawn);
    EXPECT_EQ(g.incident_ref, ref);
    EXPECT_EQ(g.ended_at, kNow);
    const auto key = std::make_pair(std::string("A1111AA"), std::string("MDI"));
    EXPECT_EQ(store_.state.access[key].state, AccessState::kWithdrawn);
    auto held = handsets_.Get(officer_, "T1");
    ASSERT_TRUE(held.ok()) << held.error().message;
    EXPECT_EQ(held->handset.recall_requested_at, kNow);
    EXPECT_EQ(held->timeline.back().what, "RECALL_REQUESTED");
    EXPECT_EQ(store_.AuditOf("tmpp.access.withdrawn").size(), 1U);
    EXPECT_EQ(store_.AuditOf("handsets.recall_requested").size(), 1U);
    auto v = service_.Get(security, ref);
    EXPECT_NE(v->timeline.back().detail.find("handset T1 is flagged for recall"), std::string::npos)
        << v->timeline.back().detail;
    EXPECT_EQ(service_.RecordSanction(security, ref, SanctionOf("WITHDRAWAL")).error().code,
              ErrorCode::kConflict)
        << "once per prisoner";
    // Issuing is now refused, naming the rule.
    ASSERT_TRUE(handsets_.Return(officer_, "T1", "S0001", true, "OK").ok());
    auto refused = handsets_.Issue(officer_, "T1", "A1111AA", "S0001");
    ASSERT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("grant"), std::string::npos) << refused.error().message;
}

TEST_F(IncidentServiceTest, ATamperingIncidentClosesOnlyWithBothSanctionsForEachPrisoner) {
    const Actor security = MakeActor("security", Role::kSecurity);
    const std::string ref = RaiseOne(service_, officer_, "SEAL_TAMPERED");
    ASSERT_TRUE(service_.NotifyRiu(security, ref).ok());
    auto refused = service_.Close(security, ref, "Done", "");
    ASSERT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("A1111AA has no WITHDRAWAL or PLACED_ON_REPORT"),
              std::string::npos)
        << refused.error().message;
    ASSERT_TRUE(service_.RecordSanction(security, ref, SanctionOf("WITHDRAWAL")).ok());
    refused = service_.Close(security, ref, "Done", "");
    EXPECT_NE(refused.error().message.find("A1111AA has no PLACED_ON_REPORT"), std::string::npos)
        << refused.error().message;
    auto v = service_.Get(security, ref);
    ASSERT_EQ(v->missing_for_close.size(), 1U);
    ASSERT_TRUE(
        service_.RecordSanction(security, ref, SanctionOf("PLACED_ON_REPORT", "MDI-000123")).ok());
    auto closed = service_.Close(security, ref, "Adjudication proven", "");
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_EQ(closed->status, IncidentStatus::kClosed);
}

TEST_F(IncidentServiceTest, PlacingOnReportIsOverdue48HoursAfterDiscovery) {
    const Actor security = MakeActor("security", Role::kSecurity);
    IncidentInput in;
    in.type = "SIM_TAMPERED";
    in.establishment = "MDI";
    in.prisoners = {"A1111AA"};
    in.description = "SIM card missing";
    in.discovered_at = "2026-11-20T09:00:00Z";  // 49 hours before kNow
    auto late = service_.Raise(officer_, in);
    ASSERT_TRUE(late.ok()) << late.error().message;
    in.discovered_at = "2026-11-21T11:00:00Z";  // 23 hours before kNow
    auto fresh = service_.Raise(officer_, in);
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    IncidentQuery overdue;
    overdue.overdue = "true";
    auto list = service_.List(monitoring_, overdue);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->items.size(), 1U);
    EXPECT_EQ(list->items[0].incident.reference, late->reference);
    EXPECT_TRUE(list->items[0].report_overdue);
    EXPECT_FALSE(list->items[0].riu_overdue);
    EXPECT_TRUE(list->items[0].overdue);
    auto v = service_.Get(security, fresh->reference);
    EXPECT_EQ(v->report_due_by, sys_days{year{2026} / 11 / 23} + hours{11});
    EXPECT_FALSE(v->report_overdue);
    ASSERT_TRUE(
        service_
            .RecordSanction(security, late->reference, SanctionOf("PLACED_ON_REPORT", "MDI-000124"))
            .ok());
    EXPECT_TRUE(service_.List(monitoring_, overdue)->items.empty());
    EXPECT_FALSE(service_.Get(security, late->reference)->report_due_by);
}

TEST_F(IncidentServiceTest, ReportedTamperingMarksAContradictedDecisionForReview) {
    RiskDecision d;
    d.prison_number = "A1111AA";
    d.establishment = "MDI";
    d.band = RiskBand::kGreen;
    d.decided_at = kNow - hours{24};
    d.expires_at = kNow + hours{24 * 80};
    const auto key = std::make_pair(std::string("A1111AA"), std::string("MDI"));
    store_.state.decisions[key] = d;
    RaiseOne(service_, officer_, "MISUSE");
    EXPECT_FALSE(store_.state.decisions[key].needs_review) << "only tampering feeds the risk rule";
    const std::string ref = RaiseOne(service_, officer_, "SEAL_TAMPERED");
    const RiskDecision& after = store_.state.decisions[key];
    EXPECT_TRUE(after.needs_review);
    EXPECT_NE(after.review_reason.find(ref), std::string::npos) << after.review_reason;
    EXPECT_EQ(store_.AuditOf("tmpp.decision.review").size(), 1U);

    // Security's decision committed between the incident's read and its mark is kept: marked in
    // turn when it is not RED, not when it is.
    for (const RiskBand band : {RiskBand::kAmber, RiskBand::kRed}) {
        d.decided_at += hours{1};
        store_.state.decisions[key] = d;
        store_.state.before_next_mark = [&](testing::InMemoryTmppState& t) {
            RiskDecision& meanwhile = t.decisions.at(key);
            meanwhile.band = band;
            meanwhile.decided_by = "sec2";
            meanwhile.decided_at = kNow;
        };
        RaiseOne(service_, officer_, "SEAL_TAMPERED");
        const RiskDecision& kept = store_.state.decisions[key];
        EXPECT_EQ(kept.band, band);
        EXPECT_EQ(kept.decided_by, "sec2");
        EXPECT_EQ(kept.needs_review, band != RiskBand::kRed) << RiskBandName(band);
    }
    EXPECT_EQ(store_.AuditOf("tmpp.decision.review").size(), 2U);
}

}  // namespace
}  // namespace warden::domain
