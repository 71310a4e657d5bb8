// Groups with a lead establishment and the estate view through ProposalService (in memory):
// the rules of a new group, advising the group at once (the members awaiting advice), audit and
// roles.

#include "domain/demand/group.hpp"

#include <gtest/gtest.h>

#include "domain/demand/proposal_service.hpp"
#include "domain/testing/in_memory_store.hpp"
#include "domain/testing/proposal_fields.hpp"

namespace warden::domain {
namespace {

using testing::InMemoryStore;

class GroupServiceTest : public ::testing::Test {
  protected:
    GroupServiceTest() : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}) {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        for (const char* code : {"MDI", "LEI", "BXI"}) {
            Establishment e;
            e.code = code;
            e.name = code;
            e.region_code = "NE";
            store_.state.establishments[code] = e;
        }
    }

    Id Submitted(const std::string& establishment, const std::string& title) {
        ProposalFields f = testing::SubmittableFields(establishment, title);
        f.summary = "Fingerprint gates";
        f.need = "Queues";
        f.one_off_hardware_software_pence = 100;
        auto created = service_.Create(Actor::System(), f);
        EXPECT_TRUE(created.ok());
        if (!created.ok()) return 0;
        EXPECT_TRUE(service_.Submit(Actor::System(), created->proposal.id).ok());
        return created->proposal.id;
    }

    InMemoryStore store_;
    FixedClock clock_;
    ProposalService service_{store_, clock_};
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
    Actor governor_{1, "gov", {Role::kGovernor}, {"MDI"}, "10.0.0.1"};
};

TEST_F(GroupServiceTest, AReviewerJoinsProposalsUnderALeadEstablishment) {
    const Id a = Submitted("MDI", "Biometric gates");
    const Id b = Submitted("LEI", "Fingerprint gates");
    auto g = service_.CreateGroup(reviewer_, " lei ", {b, a, a});
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->lead_establishment, "LEI");
    ASSERT_EQ(g->members.size(), 2u);
    EXPECT_EQ(g->members[0].id, a);
    EXPECT_EQ(g->members[0].establishment, "MDI");
    EXPECT_EQ(g->members[1].title, "Fingerprint gates");
    const auto audit = store_.AuditOf("demand.group.created");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "proposal_group:" + std::to_string(g->id));
    EXPECT_EQ(audit[0].detail, "lead=LEI proposals=" + std::to_string(a) + "," + std::to_string(b));

    // The governor sees the group and its lead on their proposal, and its timeline says so.
    auto seen = service_.Get(governor_, a);
    ASSERT_TRUE(seen.ok());
    ASSERT_TRUE(seen->group.has_value());
    EXPECT_EQ(seen->group->lead_establishment, "LEI");
    EXPECT_EQ(seen->group->members.size(), 2u);
    EXPECT_EQ(seen->timeline.back().what, "GROUPED");

    // A proposal is in one group at most.
    const Id c = Submitted("BXI", "Gates");
    auto again = service_.CreateGroup(reviewer_, "MDI", {a, c});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_NE(again.error().message.find("already in group"), std::string::npos);
}

TEST_F(GroupServiceTest, ANewGroupIsCheckedNamingTheField) {
    const Id a = Submitted("MDI", "Biometric gates");
    const Id b = Submitted("LEI", "Fingerprint gates");
    auto one = service_.CreateGroup(reviewer_, "MDI", {a});
    ASSERT_FALSE(one.ok());
    EXPECT_EQ(one.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(one.error().fields.at(0).field, "proposals");
    auto lead = service_.CreateGroup(reviewer_, "BXI", {a, b});
    ASSERT_FALSE(lead.ok());
    EXPECT_EQ(lead.error().fields.at(0).field, "lead_establishment");
    auto missing = service_.CreateGroup(reviewer_, "MDI", {a, 999});
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().fields.at(0).field, "proposals");
    ASSERT_TRUE(service_.Withdraw(Actor::System(), b).ok());
    auto withdrawn = service_.CreateGroup(reviewer_, "MDI", {a, b});
    ASSERT_FALSE(withdrawn.ok());
    EXPECT_EQ(withdrawn.error().code, ErrorCode::kConflict);
    EXPECT_NE(withdrawn.error().message.find("Proposal " + std::to_string(b)), std::string::npos);
    // Only a DIGITAL_REVIEWER groups.
    auto refused = service_.CreateGroup(governor_, "MDI", {a, b});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(store_.AuditOf("demand.group.created").empty());
}

TEST_F(GroupServiceTest, AdvisingTheGroupAdvisesEveryProposalInOneGo) {
    const Id a = Submitted("MDI", "Biometric gates");
    const Id b = Submitted("LEI", "Fingerprint gates");
    ASSERT_TRUE(service_.StartReview(reviewer_, b).ok());
    auto g = service_.CreateGroup(reviewer_, "MDI", {a, b});
    ASSERT_TRUE(g.ok());
    auto bad = service_.AdviseGroup(reviewer_, g->id, "MAYBE", "");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().fields.size(), 2u);
    auto advised = service_.AdviseGroup(reviewer_, g->id, "SUPPORTED_WITH_CONDITIONS",
                                        "Use the national contract led by MDI");
    ASSERT_TRUE(advised.ok()) << advised.error().message;
    for (const auto& m : advised->members) EXPECT_EQ(m.state, ProposalState::kAdvised);
    auto seen = service_.Get(governor_, a);
    ASSERT_TRUE(seen.ok());
    ASSERT_TRUE(seen->proposal.advice.has_value());
    EXPECT_EQ(seen->proposal.advice->text, "Use the national contract led by MDI");
    const auto audit = store_.AuditOf("demand.proposal.advised");
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[1].detail,
              "from=IN_REVIEW to=ADVISED outcome=SUPPORTED_WITH_CONDITIONS group=" +
                  std::to_string(g->id));
}

TEST_F(GroupServiceTest, AGroupsAdviceGoesToTheMembersAwaitingItOnly) {
    const Id a = Submitted("MDI", "Biometric gates");
    const Id b = Submitted("LEI", "Fingerprint gates");
    const Id c = Submitted("BXI", "Biometric fingerprint gates");
    ASSERT_TRUE(service_.Advise(reviewer_, c, "NOT_SUPPORTED", "Use national").ok());
    auto g = service_.CreateGroup(reviewer_, "MDI", {a, b, c});  // c is grouped advised
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(MembersAwaitingAdvice(*g), (std::vector<Id>{a, b}));
    ASSERT_TRUE(service_.Withdraw(Actor::System(), b).ok());
    auto advised = service_.AdviseGroup(reviewer_, g->id, "SUPPORTED", "MDI leads");
    ASSERT_TRUE(advised.ok()) << advised.error().message;
    EXPECT_EQ(advised->members[0].state, ProposalState::kAdvised);
    EXPECT_EQ(advised->members[1].state, ProposalState::kWithdrawn);
    EXPECT_EQ(advised->members[2].state, ProposalState::kAdvised);
    EXPECT_EQ(service_.Get(reviewer_, a)->proposal.advice->text, "MDI leads");
    // The withdrawn one has no advice; the one advised on its own keeps its advice.
    EXPECT_FALSE(service_.Get(reviewer_, b)->proposal.advice.has_value());
    EXPECT_EQ(service_.Get(reviewer_, c)->proposal.advice->text, "Use national");
    const auto audit = store_.AuditOf("demand.proposal.advised");
    ASSERT_EQ(audit.size(), 2u);  // c's own advice, then a's from the group
    EXPECT_EQ(audit[1].subject, "proposal:" + std::to_string(a));
    EXPECT_TRUE(MembersAwaitingAdvice(*advised).empty());

    // None awaits now: refused, nothing changes.
    auto refused = service_.AdviseGroup(reviewer_, g->id, "NOT_SUPPORTED", "Again");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(refused.error().message,
              "No proposal in group " + std::to_string(g->id) +
                  " awaits advice: each has been advised, returned to its proposer, withdrawn or "
                  "closed. Nothing was advised");
    EXPECT_EQ(service_.Get(reviewer_, a)->proposal.advice->text, "MDI leads");
    EXPECT_EQ(store_.AuditOf("demand.proposal.advised").size(), 2u);
}

TEST_F(GroupServiceTest, AMemberReturnedOrWithdrawnIsLeftOutForOtherEstablishments) {
    const Id a = Submitted("MDI", "Biometric gates");
    const Id b = Submitted("LEI", "Fingerprint gates");
    auto g = service_.CreateGroup(reviewer_, "MDI", {a, b});
    ASSERT_TRUE(g.ok()) << g.error().message;
    // MDI's governor reads LEI's member as a related proposal: not its state.
    auto before = service_.Get(governor_, a);
    ASSERT_TRUE(before.ok()) << before.error().message;
    ASSERT_EQ(before->group->members.size(), 2u);
    EXPECT_TRUE(before->group->members[0].readable);
    EXPECT_FALSE(before->group->members[1].readable);
    ASSERT_TRUE(service_.Advise(reviewer_, b, "MORE_INFORMATION_NEEDED", "Say more").ok());
    // LEI's unsubmitted edits are not MDI's to see (as related proposals leave RETURNED out).
    auto mine = service_.Get(governor_, a);
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    ASSERT_TRUE(mine->group.has_value());
    ASSERT_EQ(mine->group->members.size(), 1u);
    EXPECT_EQ(mine->group->members[0].id, a);
    // The reviewer, who may open it, sees both, with their states.
    EXPECT_EQ(service_.Get(reviewer_, a)->group->members.size(), 2u);
    EXPECT_TRUE(service_.Get(reviewer_, a)->group->members[1].readable);
    // Withdrawn with its unsubmitted edits, it stays out.
    ASSERT_TRUE(service_.Withdraw(Actor::System(), b).ok());
    EXPECT_EQ(service_.Get(governor_, a)->group->members.size(), 1u);
}

TEST_F(GroupServiceTest, TheEstateViewIsAnAuditedReadForReviewers) {
    Submitted("MDI", "Biometric gates");
    Submitted("LEI", "Fingerprint gates");
    auto view = service_.Estate(reviewer_);
    ASSERT_TRUE(view.ok());
    ASSERT_EQ(view->groups.size(), 1u);
    EXPECT_EQ(view->groups[0].headline,
              "2 establishments propose biometrics from 1 supplier, £2 whole-life");
    const auto audit = store_.AuditOf("demand.estate.read");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].detail, "proposals=2 groups=1");
    auto refused = service_.Estate(governor_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace warden::domain
