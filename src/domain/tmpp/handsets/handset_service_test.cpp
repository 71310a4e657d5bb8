#include "domain/tmpp/handsets/handset_service.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"

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

HandsetInput Input(const std::string& tag, const std::string& imei, const std::string& iccid) {
    return {tag, imei, "Nokia 105", iccid, "07700 900123", "S0001", "A"};
}

TEST(Luhn, ChecksDigits) {
    EXPECT_TRUE(LuhnValid("490154203237518"));
    EXPECT_FALSE(LuhnValid("490154203237519"));
    EXPECT_TRUE(LuhnValid("8944100000000000018"));
    EXPECT_FALSE(LuhnValid("89441000000000000x8"));
    EXPECT_FALSE(LuhnValid(""));
}

TEST(CheckHandset, NamesEveryFailingField) {
    auto fields =
        CheckHandset(NormaliseHandset({"", "49015420323751", "", "123", "12", "", "a b"}));
    std::vector<std::string> names;
    for (const auto& f : fields) names.push_back(f.field);
    EXPECT_EQ(names, (std::vector<std::string>{"tag", "imei", "model", "iccid", "phone_number",
                                               "seal", "home_wing"}));
    auto luhn =
        CheckHandset(NormaliseHandset(Input("T1", "490154203237519", "8944100000000000019")));
    ASSERT_EQ(luhn.size(), 2U);
    EXPECT_NE(luhn[0].message.find("check digit"), std::string::npos);
    EXPECT_EQ(luhn[1].field, "iccid");
    EXPECT_TRUE(
        CheckHandset(NormaliseHandset(Input("t-1", "4901 5420 3237 518", "8944100000000000018")))
            .empty());
}

TEST(DecideReturn, MismatchQuarantinesDamageDamages) {
    auto ok = DecideReturn("S1", "S1", true, ReturnCondition::kOk);
    EXPECT_EQ(ok.status, HandsetStatus::kAvailable);
    EXPECT_FALSE(ok.incident);
    auto seal = DecideReturn("S1", "S2", true, ReturnCondition::kOk);
    EXPECT_EQ(seal.status, HandsetStatus::kQuarantined);
    ASSERT_TRUE(seal.incident);
    EXPECT_EQ(seal.incident->type, "SEAL_TAMPERED");
    EXPECT_EQ(seal.incident->evidence, "seal recorded S1, seal seen S2, SIM present");
    auto sim = DecideReturn("S1", "S1", false, ReturnCondition::kOk);
    EXPECT_EQ(sim.status, HandsetStatus::kQuarantined);
    EXPECT_EQ(sim.incident->type, "SIM_TAMPERED");
    auto damaged = DecideReturn("S1", "S1", true, ReturnCondition::kDamaged);
    EXPECT_EQ(damaged.status, HandsetStatus::kDamaged);
    EXPECT_EQ(damaged.incident->type, "DAMAGE");
}

class HandsetServiceTest : public ::testing::Test {
  protected:
    HandsetServiceTest() : clock_(kNow), service_(store_, clock_) {
        auto& s = store_.state;
        s.regions["NE"] = {"NE", "North East", "riu@example.org"};
        s.establishments["MDI"] = {"MDI", "Moorland", "NE", "", "", 1, {}};
        s.establishments["LEI"] = {"LEI", "Leeds", "NE", "", "", 1, {}};
        for (const auto& [est, wing] : std::vector<std::pair<std::string, std::string>>{
                 {"MDI", "A"}, {"MDI", "B"}, {"LEI", "A"}}) {
            s.locations[{est, wing}] = Location{est, wing, LocationKind::kStandard, 0};
        }
        for (const char* n : {"A1111AA", "A2222BB", "A3333CC"}) {
            Prisoner p;
            p.prison_number = n;
            p.first_name = "John";
            p.last_name = "Smith";
            p.establishment = "MDI";
            p.wing = "A";
            s.prisoners[n] = p;
        }
        // A1111AA and A2222BB hold grants and are on wing A's list; A3333CC neither.
        WingList list;
        list.establishment = "MDI";
        list.wing = "A";
        list.version = 1;
        for (const char* n : {"A1111AA", "A2222BB"}) {
            Grant g;
            g.id = static_cast<Id>(s.grants.size() + 1);
            g.prison_number = n;
            g.establishment = "MDI";
            g.conditions = {"SUPERVISED_USE"};
            s.grants[g.id] = g;
            WingListEntry e;
            e.prison_number = n;
            e.conditions = g.conditions;
            list.entries.push_back(e);
        }
        s.wing_lists[{"MDI", "A", 1}] = list;
    }

    void AddHandset(const std::string& tag, const std::string& imei, const std::string& iccid) {
        auto h = service_.Add(spoc_, "MDI", Input(tag, imei, iccid));
        ASSERT_TRUE(h.ok()) << h.error().message;
    }
    std::string Refusal(const std::string& tag, const std::string& number,
                        const std::string& seal = "S0001") {
        auto r = service_.Issue(officer_, tag, number, seal);
        EXPECT_FALSE(r.ok());
        if (r.ok()) return "";
        EXPECT_EQ(r.error().code, ErrorCode::kConflict) << r.error().message;
        return r.error().message;
    }

    InMemoryStore store_;
    FixedClock clock_;
    HandsetService service_;
    Actor spoc_ = MakeActor("spoc", Role::kTmppSpoc);
    Actor officer_ = MakeActor("officer", Role::kWingOfficer);
};

TEST_F(HandsetServiceTest, EveryReadOfTheRegisterOrAHandsetIsAuditedWithCodesOnly) {
    AddHandset("T1", "490154203237518", "8944100000000000018");
    auto list = service_.List(officer_, "MDI", "AVAILABLE", "A");
    ASSERT_TRUE(list.ok()) << list.error().message;
    auto reads = store_.AuditOf("handsets.list.read");
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].subject, "establishment:MDI");
    EXPECT_EQ(reads[0].establishment, "MDI");
    EXPECT_EQ(reads[0].detail, "status=AVAILABLE wing=A count=1");
    ASSERT_TRUE(service_.Get(officer_, "T1").ok());
    reads = store_.AuditOf("handsets.read");
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].subject, "handset:T1");
    EXPECT_EQ(reads[0].detail, "status=AVAILABLE");
    // A refused read (outside the caseload, a bad filter) writes nothing.
    EXPECT_FALSE(
        service_.List(MakeActor("leeds", Role::kWingOfficer, {"LEI"}), "MDI", "", "").ok());
    EXPECT_FALSE(service_.List(officer_, "MDI", "MISPLACED", "").ok());
    EXPECT_EQ(store_.AuditOf("handsets.list.read").size(), 1u);
}

TEST_F(HandsetServiceTest, SpocAddsOfficerMayNotAndDuplicatesAre409) {
    AddHandset("T1", "490154203237518", "8944100000000000018");
    auto officer =
        service_.Add(officer_, "MDI", Input("T2", "356938035643809", "8944100000000000026"));
    EXPECT_EQ(officer.error().code, ErrorCode::kForbidden);
    auto same_imei =
        service_.Add(spoc_, "MDI", Input("T2", "490154203237518", "8944100000000000026"));
    EXPECT_EQ(same_imei.error().code, ErrorCode::kConflict);
    EXPECT_NE(same_imei.error().message.find("IMEI"), std::string::npos);
    auto bad_wing = service_.Add(
        spoc_, "MDI",
        {"T3", "356938035643809", "Nokia", "8944100000000000026", "07700900123", "S1", "Z"});
    ASSERT_EQ(bad_wing.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(bad_wing.error().fields.at(0).field, "home_wing");
    // A wing not of the establishment is named with the other fields that fail, once.
    auto bad_both = service_.Add(
        spoc_, "MDI",
        {"T3", "356938035643800", "Nokia", "8944100000000000026", "07700900123", "S1", "Z"});
    ASSERT_EQ(bad_both.error().code, ErrorCode::kInvalidInput);
    std::vector<std::string> named;
    for (const auto& f : bad_both.error().fields) named.push_back(f.field);
    EXPECT_EQ(named, (std::vector<std::string>{"imei", "home_wing"}));
    auto other = service_.Add(spoc_, "LEI", Input("T4", "356938035643809", "8944100000000000026"));
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.AuditOf("handsets.add").size(), 1U);
}

TEST_F(HandsetServiceTest, ANationalRoleBesideTheSpocRoleDoesNotWidenTheSpocsCaseload) {
    AddHandset("T1", "490154203237518", "8944100000000000018");
    // A Leeds SPoC who is also an ADMIN: ADMIN reads every establishment's record, but it does
    // not manage handsets, so MDI's register is not theirs to change or read.
    Actor leeds = MakeActor("leeds", Role::kTmppSpoc, {"LEI"});
    leeds.roles.push_back(Role::kAdmin);
    EXPECT_EQ(service_.Retire(leeds, "T1", "broken").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.Reseal(leeds, "T1", "S0002", "checked").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.Add(leeds, "MDI", Input("T2", "356938035643809", "8944100000000000026"))
                  .error()
                  .code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_.SetOverdueLimit(leeds, "MDI", 45).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.List(leeds, "MDI", "", "").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.Get(leeds, "T1").error().code, ErrorCode::kNotFound);
    // MONITORING reads the register itself: national.
    Actor monitor = MakeActor("monitor", Role::kMonitoring, {});
    EXPECT_TRUE(service_.Get(monitor, "T1").ok());
    EXPECT_EQ(store_.AuditOf("handsets.retire").size(), 0U);
}

TEST_F(HandsetServiceTest, EveryIssueRefusalNamesTheRule) {
    AddHandset("T1", "490154203237518", "8944100000000000018");
    AddHandset("T2", "356938035643809", "8944100000000000026");
    EXPECT_NE(Refusal("T1", "A3333CC").find("not on wing A's current published list"),
              std::string::npos);
    EXPECT_NE(Refusal("T1", "A1111AA", "S9999").find("does not match the seal recorded"),
              std::string::npos);
    auto issued = service_.Issue(officer_, "T1", "A1111AA", "s0001");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->conditions, std::vector<std::string>{"SUPERVISED_USE"});
    EXPECT_EQ(issued->handset.issued_to, "A1111AA");
    EXPECT_NE(Refusal("T1", "A2222BB").find("is ISSUED, not AVAILABLE"), std::string::npos);
    EXPECT_NE(Refusal("T2", "A1111AA").find("already holds handset T1"), std::string::npos);
    store_.state.grants[2].active = false;
    EXPECT_NE(Refusal("T2", "A2222BB").find("holds no active TMPP grant"), std::string::npos);
}

TEST_F(HandsetServiceTest, ReturnQuarantinesOnMismatchAndResealMakesAvailable) {
    AddHandset("T1", "490154203237518", "8944100000000000018");
    ASSERT_TRUE(service_.Issue(officer_, "T1", "A1111AA", "S0001").ok());
    clock_.Set(kNow + minutes{31});
    auto view = service_.Get(officer_, "T1");
    ASSERT_TRUE(view.ok());
    EXPECT_TRUE(view->overdue);
    auto back = service_.Return(officer_, "T1", "S0002", true, "OK");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->handset.status, HandsetStatus::kQuarantined);
    ASSERT_TRUE(back->incident);
    EXPECT_EQ(back->incident->type, "SEAL_TAMPERED");
    EXPECT_EQ(store_.state.handsets.issues.at(0).seal_seen, "S0002");
    auto again = service_.Issue(officer_, "T1", "A1111AA", "S0001");
    EXPECT_NE(again.error().message.find("QUARANTINED"), std::string::npos);
    EXPECT_EQ(service_.Reseal(officer_, "T1", "S0003", "inspected").error().code,
              ErrorCode::kForbidden);
    EXPECT_EQ(service_.Reseal(spoc_, "T1", "S0003", "").error().fields.at(0).field, "note");
    auto resealed = service_.Reseal(spoc_, "T1", "S0003", "Inspected: seal misread, no damage");
    ASSERT_TRUE(resealed.ok());
    EXPECT_EQ(resealed->status, HandsetStatus::kAvailable);
    auto timeline = service_.Get(officer_, "T1")->timeline;
    std::vector<std::string> what;
    for (const auto& e : timeline) what.push_back(e.what);
    EXPECT_EQ(what, (std::vector<std::string>{"ADDED", "ISSUED", "RETURNED", "RESEALED"}));
    EXPECT_NE(timeline[2].detail.find("draft SEAL_TAMPERED incident MDI-TMPP-2026-00001 opened"),
              std::string::npos);
    EXPECT_EQ(back->incident_reference, "MDI-TMPP-2026-00001");
    ASSERT_EQ(store_.state.incidents.incidents.size(), 1U);
    const Incident& draft = store_.state.incidents.incidents.begin()->second;
    EXPECT_EQ(draft.status, IncidentStatus::kDraft);
    EXPECT_EQ(draft.type, IncidentType::kSealTampered);
    EXPECT_EQ(draft.handset, "T1");
    EXPECT_EQ(draft.prisoners, std::vector<std::string>{"A1111AA"});
    EXPECT_EQ(draft.evidence, "seal recorded S0001, seal seen S0002, SIM present");
    EXPECT_EQ(store_.AuditOf("incidents.draft").size(), 1U);
    ASSERT_TRUE(service_.Retire(spoc_, "T1", "Screen cracked beyond repair").ok());
    EXPECT_EQ(service_.Get(officer_, "T1")->handset.status, HandsetStatus::kRetired);
}

TEST_F(HandsetServiceTest, OverdueLimitIsPerEstablishmentAndTheWingBoardShowsIt) {
    AddHandset("T1", "490154203237518", "8944100000000000018");
    AddHandset("T2", "356938035643809", "8944100000000000026");
    ASSERT_TRUE(service_.Issue(officer_, "T1", "A1111AA", "S0001").ok());
    EXPECT_EQ(service_.SetOverdueLimit(spoc_, "MDI", 0).error().code, ErrorCode::kInvalidInput);
    ASSERT_TRUE(service_.SetOverdueLimit(spoc_, "MDI", 10).ok());
    clock_.Set(kNow + minutes{11});
    auto board = service_.Wing(officer_, "MDI", "A");
    ASSERT_TRUE(board.ok()) << board.error().message;
    ASSERT_EQ(board->entries.size(), 2U);
    ASSERT_TRUE(board->entries[0].holding);
    EXPECT_EQ(board->entries[0].holding->tag, "T1");
    EXPECT_TRUE(board->entries[0].overdue);
    EXPECT_FALSE(board->entries[1].holding);
    ASSERT_EQ(board->available.size(), 1U);
    EXPECT_EQ(board->available[0].tag, "T2");
    // The board names prisoners: its read is audited with codes and counts.
    const auto wing_reads = store_.AuditOf("handsets.wing.read");
    ASSERT_EQ(wing_reads.size(), 1U);
    EXPECT_EQ(wing_reads[0].subject, "wing:MDI/A");
    EXPECT_EQ(wing_reads[0].establishment, "MDI");
    EXPECT_NE(wing_reads[0].detail.find("entries=2 out=1"), std::string::npos)
        << wing_reads[0].detail;
    EXPECT_EQ(service_.Wing(officer_, "MDI", "Z").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.AuditOf("handsets.wing.read").size(), 1U);  // a refused read writes nothing
    auto list = service_.List(officer_, "MDI", "issued", "");
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1U);
    EXPECT_TRUE(list->at(0).overdue);
    EXPECT_EQ(service_.List(officer_, "MDI", "LOST?", "").error().fields.at(0).field, "status");
}

}  // namespace
}  // namespace warden::domain
