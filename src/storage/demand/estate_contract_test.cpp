// The estate view and groups of proposals (issue 11 item 4; ADR 0016) on SQLite and PostgreSQL:
// EstateProposals returns the same open proposals, terms and whole-life costs on both databases
// and applies the scope in its SQL, so GroupEstate gives one grouping.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/demand/proposal_service.hpp"
#include "domain/testing/proposal_fields.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Actor;
using domain::ProposalFields;
using domain::Repositories;
using domain::Role;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + 10h;

class EstateContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("estate");
        if (IsSkipped() || HasFatalFailure()) return;
        ASSERT_TRUE(store_
                        ->Write([](Repositories& r) -> Status {
                            WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@ne.example"}));
                            for (const char* code : {"MDI", "LEI", "BXI"}) {
                                WARDEN_TRY(r.establishments.Add(
                                    {code, code, "NE", "t@x.example", "s@x.example", 0, {}}));
                            }
                            return Ok();
                        })
                        .ok());
        proposals_ = std::make_unique<domain::ProposalService>(*store_, clock_);
    }

    /// A proposal of `establishment` drafted by the system actor and submitted (unless
    /// `submit` is false); returns its id.
    Id Propose(const std::string& establishment, const std::string& title,
               const std::string& category, const std::string& supplier, std::int64_t one_off_pence,
               bool submit = true) {
        ProposalFields f = domain::testing::SubmittableFields(establishment, title);
        f.category = category;
        f.supplier = supplier;
        f.one_off_hardware_software_pence = one_off_pence;
        f.yearly_support_pence = 100;
        f.contract_years = 2;
        auto created = proposals_->Create(Actor::System(), f);
        EXPECT_TRUE(created.ok()) << created.error().message;
        if (!created.ok()) return 0;
        if (submit) {
            EXPECT_TRUE(proposals_->Submit(Actor::System(), created->proposal.id).ok());
        }
        return created->proposal.id;
    }

    FixedClock clock_{kNow};
    std::unique_ptr<domain::ProposalService> proposals_;
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
    Actor governor_{2, "gov", {Role::kGovernor}, {"MDI"}, "10.0.0.2"};
};

TEST_P(EstateContractTest, OneGroupingOfTheOpenProposalsOnBothDatabases) {
    const Id a = Propose("MDI", "Fingerprint gates for visitors", "BIOMETRICS", "Acme", 50'000'000);
    const Id b = Propose("LEI", "Visitor fingerprint checks", "BIOMETRICS", "Beta Ltd", 40'000'000);
    const Id c = Propose("BXI", "Iris scanning", "BIOMETRICS", "ACME", 30'000'000);
    const Id kiosk = Propose("LEI", "Canteen kiosk", "KIOSKS", "Kiosco", 1'000'000);
    Propose("BXI", "Fingerprint gates", "BIOMETRICS", "Acme", 1, /*submit=*/false);  // draft
    const Id withdrawn = Propose("BXI", "Fingerprint gates", "BIOMETRICS", "Acme", 1);
    ASSERT_TRUE(proposals_->Withdraw(Actor::System(), withdrawn).ok());
    const Id returned = Propose("BXI", "Fingerprint doors", "BIOMETRICS", "Acme", 1);
    ASSERT_TRUE(
        proposals_->Advise(reviewer_, returned, "MORE_INFORMATION_NEEDED", "Which doors?").ok());
    ASSERT_TRUE(proposals_->Advise(reviewer_, c, "SUPPORTED", "Go ahead").ok());  // ADVISED

    auto view = proposals_->Estate(reviewer_);
    ASSERT_TRUE(view.ok()) << view.error().message;
    ASSERT_EQ(view->proposals.size(), 4u);
    ASSERT_EQ(view->groups.size(), 2u);
    EXPECT_EQ(view->groups[0].proposals, (std::vector<Id>{a, b, c}));
    EXPECT_EQ(view->groups[0].lead_proposal, a);
    EXPECT_EQ(view->groups[0].headline,
              "3 establishments propose biometrics from 2 suppliers, £1.2m whole-life");
    EXPECT_EQ(view->groups[1].proposals, (std::vector<Id>{kiosk}));
    const domain::EstateProposal* found = view->Find(b);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->item.establishment, "LEI");
    EXPECT_EQ(found->item.terms, "checks fingerprint summary visitor");
    EXPECT_EQ(found->whole_life_cost_pence, 40'000'200);
    EXPECT_EQ(found->state, domain::ProposalState::kSubmitted);

    // Only a DIGITAL_REVIEWER sees the estate view.
    auto refused = proposals_->Estate(governor_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_P(EstateContractTest, TheScopeIsInTheQuery) {
    Propose("MDI", "Fingerprint gates", "BIOMETRICS", "Acme", 1);
    const Id lei = Propose("LEI", "Fingerprint gates", "BIOMETRICS", "Acme", 1);
    std::vector<domain::EstateProposal> found;
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            found, r.proposals.EstateProposals(domain::Scope::Of({"LEI"})));
                        return Ok();
                    })
                    .ok());
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].item.id, lei);
}

TEST_P(EstateContractTest, GroupsAreStoredAndTheirAdviceGoesToTheMembersAwaitingIt) {
    const Id a = Propose("MDI", "Fingerprint gates", "BIOMETRICS", "Acme", 1);
    const Id b = Propose("LEI", "Fingerprint gates", "BIOMETRICS", "Acme", 1);
    const Id c = Propose("BXI", "Fingerprint gates", "BIOMETRICS", "Acme", 1);
    auto g = proposals_->CreateGroup(reviewer_, "LEI", {a, b, c});
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->lead_establishment, "LEI");
    EXPECT_EQ(g->created_by, "digital");
    EXPECT_EQ(g->created_at, kNow);
    ASSERT_EQ(g->members.size(), 3u);
    EXPECT_EQ(g->members[1].establishment, "LEI");
    EXPECT_EQ(g->members[1].title, "Fingerprint gates");
    EXPECT_EQ(g->members[1].state, domain::ProposalState::kSubmitted);
    // The scope is in the members' SQL; GroupOf finds the group of a proposal.
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            auto scoped, r.proposals.GetGroup(g->id, domain::Scope::Of({"MDI"})));
                        EXPECT_EQ(scoped.members.size(), 1u);
                        WARDEN_ASSIGN_OR_RETURN(Id of_a, r.proposals.GroupOf(a));
                        EXPECT_EQ(of_a, g->id);
                        WARDEN_ASSIGN_OR_RETURN(Id none, r.proposals.GroupOf(a + 100));
                        EXPECT_EQ(none, 0);
                        auto missing = r.proposals.GetGroup(g->id + 1, domain::Scope::National());
                        EXPECT_FALSE(missing.ok());
                        return Ok();
                    })
                    .ok());
    // A proposal is in one group at most (the primary key holds it too).
    auto again = proposals_->CreateGroup(reviewer_, "MDI", {a, b});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    // Past the service's check (as a concurrent group would be), the key answers a clean 409.
    domain::ProposalGroup taken;
    taken.lead_establishment = "MDI";
    taken.created_by = "digital";
    taken.created_at = kNow;
    taken.members.push_back({a, "MDI", "Fingerprint gates", domain::ProposalState::kSubmitted});
    const Status raced = store_->Write([&](Repositories& r) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Id id, r.proposals.AddGroup(taken));
        ADD_FAILURE() << "stored group " << id;
        return Ok();
    });
    ASSERT_FALSE(raced.ok());
    EXPECT_EQ(raced.error().code, ErrorCode::kConflict);
    EXPECT_EQ(raced.error().message, "proposal " + std::to_string(a) + " is already in a group");

    // One member withdrawn: the group's advice goes to the other two, on a real transaction.
    ASSERT_TRUE(proposals_->Withdraw(Actor::System(), c).ok());
    auto advised = proposals_->AdviseGroup(reviewer_, g->id, "SUPPORTED", "LEI leads");
    ASSERT_TRUE(advised.ok()) << advised.error().message;
    ASSERT_EQ(advised->members.size(), 3u);
    EXPECT_EQ(advised->members[0].state, domain::ProposalState::kAdvised);
    EXPECT_EQ(advised->members[1].state, domain::ProposalState::kAdvised);
    EXPECT_EQ(advised->members[2].state, domain::ProposalState::kWithdrawn);
    auto seen = proposals_->Get(reviewer_, a);
    ASSERT_TRUE(seen.ok());
    ASSERT_TRUE(seen->proposal.advice.has_value());
    EXPECT_EQ(seen->proposal.advice->text, "LEI leads");
    ASSERT_TRUE(seen->group.has_value());
    EXPECT_EQ(seen->group->lead_establishment, "LEI");
    EXPECT_FALSE(proposals_->Get(reviewer_, c)->proposal.advice.has_value());

    // None awaits advice now: refused, nothing changes.
    auto refused = proposals_->AdviseGroup(reviewer_, g->id, "NOT_SUPPORTED", "Again");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(proposals_->Get(reviewer_, b)->proposal.advice->text, "LEI leads");
}

INSTANTIATE_TEST_SUITE_P(Backends, EstateContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
