// The weekly review's rules on SQLite (a temporary file) and PostgreSQL (a fresh schema per test,
// when WARDEN_TEST_POSTGRES_URL is set), with a clock the test moves: a proposal joins the agenda
// of the review on or after its submission and stays on later agendas until its advice is issued,
// is overdue 10 days after submission, and issuing queues one email a proposer, once.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "domain/demand/proposal_service.hpp"
#include "domain/demand/review.hpp"
#include "domain/testing/proposal_fields.hpp"
#include "storage/contract_test_support.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Actor;
using domain::Repositories;
using domain::Role;

std::chrono::sys_days Day(int y, unsigned m, unsigned d) {
    return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                 std::chrono::day{d}};
}

class ReviewContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("review");
        if (IsSkipped() || HasFatalFailure()) return;
        proposals_ = std::make_unique<domain::ProposalService>(*store_, clock_);
        reviews_ = std::make_unique<domain::ReviewService>(
            *store_, clock_, *proposals_, std::chrono::Wednesday, "https://warden.test/");
        ASSERT_TRUE(store_
                        ->Write([](Repositories& r) -> Status {
                            WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@ne.example"}));
                            WARDEN_TRY(r.establishments.Add(
                                {"MDI", "Moorland", "NE", "t@x.example", "s@x.example", 0, {}}));
                            domain::User u;
                            u.username = "gov";
                            u.full_name = "Gov Ernor";
                            u.email = "gov@justice.gov.uk";
                            u.created_at = Day(2026, 11, 1);
                            WARDEN_ASSIGN_OR_RETURN(Id id, r.users.Add(u));
                            (void)id;
                            return Ok();
                        })
                        .ok());
    }

    Id Submitted(const std::string& title) {
        auto created =
            proposals_->Create(governor_, domain::testing::SubmittableFields("MDI", title));
        EXPECT_TRUE(created.ok()) << created.error().message;
        if (!created.ok()) return 0;
        EXPECT_TRUE(proposals_->Submit(governor_, created->proposal.id).ok());
        return created->proposal.id;
    }

    std::vector<domain::notify::OutboxMessage> Queued() {
        std::vector<domain::notify::OutboxMessage> out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(
                                out, r.outbox.List(domain::notify::MessageState::kPending, 100));
                            return Ok();
                        })
                        .ok());
        return out;
    }

    FixedClock clock_{Day(2026, 11, 30) + 10h};  // a Monday of 2026-W49; reviews on Wednesdays
    std::unique_ptr<domain::ProposalService> proposals_;
    std::unique_ptr<domain::ReviewService> reviews_;
    Actor governor_{1, "gov", {Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
};

TEST_P(ReviewContractTest, TheBacklogStaysOnTheAgendaOverdueUntilItsAdviceIsIssuedOnce) {
    const Id first = Submitted("Kiosks");
    auto agenda = reviews_->Agenda(reviewer_, "2026-W49");
    ASSERT_TRUE(agenda.ok()) << agenda.error().message;
    ASSERT_EQ(agenda->items.size(), 1u);
    EXPECT_EQ(agenda->items[0].proposal.id, first);
    EXPECT_FALSE(agenda->items[0].overdue);
    EXPECT_EQ(agenda->items[0].timeline.size(), 2u) << "created, submitted";

    clock_.Set(Day(2026, 12, 3) + 10h);  // Thursday: it joins next week's review
    const Id second = Submitted("Laptops");
    auto next = reviews_->Agenda(reviewer_, "2026-W50");
    ASSERT_TRUE(next.ok()) << next.error().message;
    ASSERT_EQ(next->items.size(), 2u) << "the first, not advised, stays on the next agenda";
    EXPECT_EQ(next->items[0].proposal.id, first);
    EXPECT_EQ(next->items[1].proposal.id, second);
    EXPECT_TRUE(reviews_->Agenda(reviewer_, "2026-W48")->items.empty());

    clock_.Set(Day(2026, 12, 10) + 11h);  // ten days and an hour after the first's submission
    auto current = reviews_->Agenda(reviewer_, "2026-W51");
    ASSERT_TRUE(current.ok()) << current.error().message;
    ASSERT_EQ(current->items.size(), 2u);
    EXPECT_TRUE(current->items[0].overdue);
    EXPECT_FALSE(current->items[1].overdue);
    ASSERT_TRUE(proposals_->Advise(reviewer_, first, "SUPPORTED", "Go ahead").ok());
    auto w52 = reviews_->Agenda(reviewer_, "2026-W52");
    ASSERT_TRUE(w52.ok()) << w52.error().message;
    ASSERT_EQ(w52->items.size(), 2u);
    EXPECT_TRUE(w52->items[0].advice_to_issue);

    auto issued = reviews_->Issue(reviewer_, "2026-W51");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 1);
    EXPECT_EQ(issued->awaiting_advice, 1);
    auto queued = Queued();
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].to, std::vector<std::string>{"gov@justice.gov.uk"});
    EXPECT_NE(queued[0].body.find("Proposal: Kiosks"), std::string::npos) << queued[0].body;
    EXPECT_NE(queued[0].body.find("https://warden.test/proposals/" + std::to_string(first)),
              std::string::npos);
    // Issued, it leaves later agendas; issuing again sends nothing twice.
    auto after = reviews_->Agenda(reviewer_, "2026-W52");
    ASSERT_EQ(after->items.size(), 1u);
    EXPECT_EQ(after->items[0].proposal.id, second);
    auto again = reviews_->Issue(reviewer_, "2026-W51");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->issued, 0);
    EXPECT_EQ(again->already_issued, 1);
    EXPECT_EQ(Queued().size(), 1u);
    auto view = proposals_->Get(governor_, first);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->timeline.back().what, "ADVICE_ISSUED");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
