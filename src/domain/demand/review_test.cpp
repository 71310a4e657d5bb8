#include "domain/demand/review.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"
#include "domain/testing/proposal_fields.hpp"

namespace warden::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year;
using testing::InMemoryStore;

sys_days Day(int y, unsigned m, unsigned d) {
    return sys_days{year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

TEST(IsoWeekTest, WeeksOfDatesAndWhichWeeksExist) {
    EXPECT_EQ(IsoWeekOf(Day(2026, 11, 30)).Name(), "2026-W49");
    EXPECT_EQ(IsoWeekOf(Day(2027, 1, 1)).Name(), "2026-W53");  // a Friday in 2026's week 53
    EXPECT_EQ(IsoWeekOf(Day(2025, 12, 29)).Name(), "2026-W01");
    ASSERT_TRUE(ParseIsoWeek("2026-W49"));
    EXPECT_EQ(ParseIsoWeek("2026-W49")->week, 49u);
    EXPECT_TRUE(ParseIsoWeek("2026-W53"));   // 2026 begins on a Thursday: 53 weeks
    EXPECT_FALSE(ParseIsoWeek("2025-W53"));  // 52 weeks
    EXPECT_FALSE(ParseIsoWeek("2026-W54"));
    EXPECT_FALSE(ParseIsoWeek("2026-W00"));
    EXPECT_FALSE(ParseIsoWeek("2026-W4"));
    EXPECT_FALSE(ParseIsoWeek("2026W49x"));
    EXPECT_FALSE(ParseIsoWeek("1999-W10"));
    EXPECT_FALSE(ParseIsoWeek("20a6-W10"));
    EXPECT_EQ(DayOfWeek(*ParseIsoWeek("2026-W49"), std::chrono::Wednesday), Day(2026, 12, 2));
    EXPECT_EQ(DayOfWeek(*ParseIsoWeek("2026-W01"), std::chrono::Monday), Day(2025, 12, 29));
}

TEST(IsoWeekTest, ASubmissionJoinsTheNextReviewOnOrAfterItsDay) {
    const auto wed = std::chrono::Wednesday;
    EXPECT_EQ(NextReviewDay(Day(2026, 11, 30) + std::chrono::hours(9), wed), Day(2026, 12, 2));
    EXPECT_EQ(NextReviewDay(Day(2026, 12, 2) + std::chrono::hours(23), wed), Day(2026, 12, 2));
    EXPECT_EQ(NextReviewDay(Day(2026, 12, 3), wed), Day(2026, 12, 9));
    EXPECT_EQ(NextReviewDay(Day(2026, 12, 6), std::chrono::Monday), Day(2026, 12, 7));
    EXPECT_EQ(ParseWeekday(" friday "), std::chrono::Friday);
    EXPECT_FALSE(ParseWeekday("Fri"));
    EXPECT_EQ(WeekdayName(std::chrono::Wednesday), "WEDNESDAY");
}

class ReviewServiceTest : public ::testing::Test {
  protected:
    ReviewServiceTest()
        : clock_(Day(2026, 11, 30) + std::chrono::hours(10)),
          proposals_(store_, clock_),
          reviews_(store_, clock_, proposals_, std::chrono::Wednesday, "https://warden.test/") {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        Establishment e;
        e.code = "MDI";
        e.name = "Moorland";
        e.region_code = "NE";
        store_.state.establishments["MDI"] = e;
        User u;
        u.id = 1;
        u.username = "gov";
        u.email = "gov@justice.gov.uk";
        store_.state.users[1] = u;
    }

    /// A proposal drafted and submitted by `by` (MDI's governor unless given) for `establishment`.
    Id Submitted(const std::string& title, const std::string& establishment = "MDI",
                 const Actor* by = nullptr) {
        const Actor& proposer = by != nullptr ? *by : governor_;
        auto created =
            proposals_.Create(proposer, testing::SubmittableFields(establishment, title));
        EXPECT_TRUE(created.ok());
        if (!created.ok()) return 0;
        EXPECT_TRUE(proposals_.Submit(proposer, created->proposal.id).ok());
        return created->proposal.id;
    }

    InMemoryStore store_;
    FixedClock clock_;
    ProposalService proposals_;
    ReviewService reviews_;
    Actor governor_{1, "gov", {Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
};

TEST_F(ReviewServiceTest, AgendaItemsCarryTheirRelatedProposalsAtOtherEstablishments) {
    Establishment leeds;
    leeds.code = "LEI";
    leeds.name = "Leeds";
    leeds.region_code = "NE";
    store_.state.establishments["LEI"] = leeds;
    const Id here = Submitted("Fingerprint visitors biometrics");
    const Actor leeds_governor{2, "gov", {Role::kGovernor}, {"LEI"}, "10.0.0.2"};
    const Id there = Submitted("Fingerprint visitors at the gate", "LEI", &leeds_governor);
    ASSERT_NE(there, 0);

    auto agenda = reviews_.Agenda(reviewer_, "2026-W49");
    ASSERT_TRUE(agenda.ok()) << agenda.error().message;
    ASSERT_EQ(agenda->items.size(), 2u);
    for (const auto& item : agenda->items) {
        ASSERT_EQ(item.related.size(), 1u) << item.proposal.id;
        const Id other = item.proposal.id == here ? there : here;
        EXPECT_EQ(item.related[0].id, other);
        EXPECT_NE(item.related[0].why.find("Same supplier"), std::string::npos)
            << item.related[0].why;
    }
    // A list of the estate does not rank every proposal.
    auto list = proposals_.List(reviewer_, {});
    ASSERT_TRUE(list.ok());
    for (const auto& v : *list) EXPECT_TRUE(v.related.empty());
}

TEST_F(ReviewServiceTest, AgendaHoldsTheWeeksSubmissionsAndMarksOverdue) {
    const Id first = Submitted("Kiosks");
    EXPECT_EQ(reviews_.CurrentWeek().Name(), "2026-W49");
    auto agenda = reviews_.Agenda(reviewer_, "2026-W49");
    ASSERT_TRUE(agenda.ok()) << agenda.error().message;
    ASSERT_EQ(agenda->items.size(), 1u);
    EXPECT_EQ(agenda->items[0].proposal.id, first);
    EXPECT_FALSE(agenda->items[0].overdue);
    EXPECT_EQ(agenda->review_date, Day(2026, 12, 2));

    clock_.Set(Day(2026, 12, 3) + std::chrono::hours(10));  // Thursday: next week's review
    const Id second = Submitted("Laptops");
    auto next = reviews_.Agenda(reviewer_, "2026-W50");
    ASSERT_TRUE(next.ok());
    // The first, not advised at its week's review, stays on the next week's agenda too.
    ASSERT_EQ(next->items.size(), 2u);
    EXPECT_EQ(next->items[0].proposal.id, first);
    EXPECT_EQ(next->items[1].proposal.id, second);
    EXPECT_TRUE(reviews_.Agenda(reviewer_, "2026-W48")->items.empty()) << "before either";

    clock_.Set(Day(2026, 12, 10) + std::chrono::hours(11));  // 10 days and an hour later
    auto later = reviews_.Agenda(reviewer_, "2026-W49");
    ASSERT_TRUE(later.ok());
    EXPECT_TRUE(later->items[0].overdue);
    // This week's agenda shows the backlog, overdue; once advised, the first leaves it.
    auto current = reviews_.Agenda(reviewer_, "2026-W51");
    ASSERT_TRUE(current.ok());
    ASSERT_EQ(current->items.size(), 2u);
    EXPECT_TRUE(current->items[0].overdue);
    ASSERT_TRUE(proposals_.Advise(reviewer_, first, "SUPPORTED", "Go ahead").ok());
    // Advised, its advice is on its week's agenda (2026-W51), and on later weeks' until issued.
    auto w52 = reviews_.Agenda(reviewer_, "2026-W52");
    ASSERT_EQ(w52->items.size(), 2u);
    EXPECT_TRUE(w52->items[0].advice_to_issue);
    ASSERT_EQ(reviews_.Issue(reviewer_, "2026-W51")->issued, 1);
    ASSERT_EQ(reviews_.Agenda(reviewer_, "2026-W52")->items.size(), 1u);
    EXPECT_EQ(reviews_.Agenda(reviewer_, "2026-W52")->items[0].proposal.id, second);

    auto bad = reviews_.Agenda(reviewer_, "2026-W54");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(bad.error().fields.at(0).field, "iso_week");
    EXPECT_EQ(reviews_.Agenda(governor_, "2026-W49").error().code, ErrorCode::kForbidden);
}

TEST_F(ReviewServiceTest, AResubmittedProposalAwaitsNewAdviceAndItsEarlierAdviceIsNotSent) {
    const Id id = Submitted("Kiosks");
    ASSERT_TRUE(
        proposals_.Advise(reviewer_, id, "MORE_INFORMATION_NEEDED", "Say which wings").ok());
    clock_.Set(Day(2026, 12, 3) + std::chrono::hours(10));  // Thursday: next week's review
    auto resubmitted = proposals_.Submit(governor_, id);
    ASSERT_TRUE(resubmitted.ok()) << resubmitted.error().message;
    EXPECT_FALSE(resubmitted->advised);
    // The earlier advice stays on the record...
    ASSERT_TRUE(resubmitted->proposal.advice.has_value());
    EXPECT_EQ(resubmitted->proposal.advice->text, "Say which wings");
    // ...but the new week's agenda shows the proposal awaiting advice, and issuing sends nothing.
    auto agenda = reviews_.Agenda(reviewer_, "2026-W50");
    ASSERT_TRUE(agenda.ok()) << agenda.error().message;
    ASSERT_EQ(agenda->items.size(), 1u);
    EXPECT_FALSE(agenda->items[0].advised);
    auto none = reviews_.Issue(reviewer_, "2026-W50");
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_EQ(none->issued, 0);
    EXPECT_EQ(none->awaiting_advice, 1);
    EXPECT_TRUE(store_.state.outbox.messages.empty());
    // New advice on the resubmission is issued, once.
    clock_.Set(Day(2026, 12, 9) + std::chrono::hours(10));
    ASSERT_TRUE(proposals_.Advise(reviewer_, id, "SUPPORTED", "Go ahead").ok());
    EXPECT_TRUE(reviews_.Agenda(reviewer_, "2026-W50")->items[0].advised);
    auto issued = reviews_.Issue(reviewer_, "2026-W50");
    ASSERT_TRUE(issued.ok());
    EXPECT_EQ(issued->issued, 1);
    ASSERT_EQ(store_.state.outbox.messages.size(), 1u);
    EXPECT_NE(store_.state.outbox.messages.begin()->second.body.find("Go ahead"),
              std::string::npos);
}

TEST_F(ReviewServiceTest, LateAdviceIsIssuedWithTheWeekItWasGivenIn) {
    const Id id = Submitted("Kiosks");  // Monday 2026-11-30: the review of 2026-W49
    auto on_time = reviews_.Issue(reviewer_, "2026-W49");
    ASSERT_TRUE(on_time.ok());
    EXPECT_EQ(on_time->awaiting_advice, 1);
    clock_.Set(Day(2026, 12, 8) + std::chrono::hours(10));  // advised in 2026-W50, late
    ASSERT_TRUE(proposals_.Advise(reviewer_, id, "SUPPORTED", "Go ahead").ok());
    auto agenda = reviews_.Agenda(reviewer_, "2026-W50");
    ASSERT_EQ(agenda->items.size(), 1u);
    EXPECT_TRUE(agenda->items[0].advised);
    auto issued = reviews_.Issue(reviewer_, "2026-W50");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 1);
    ASSERT_EQ(store_.state.outbox.messages.size(), 1u);
    // Issuing its own week again, or a later week, sends nothing twice.
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W49")->issued, 0);
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W51")->issued, 0);
    EXPECT_TRUE(reviews_.Agenda(reviewer_, "2026-W51")->items.empty());
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
}

TEST_F(ReviewServiceTest, AdviceRecordedAfterItsWeeksIssueIsSentWithTheNextWeeksIssue) {
    const Id id = Submitted("Kiosks");  // Monday 2026-11-30: the review of 2026-W49
    clock_.Set(Day(2026, 12, 2) + std::chrono::hours(9));  // the review day, morning
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W49")->awaiting_advice, 1);
    clock_.Set(Day(2026, 12, 2) + std::chrono::hours(15));  // the afternoon: 2026-W49's advice
    ASSERT_TRUE(proposals_.Advise(reviewer_, id, "SUPPORTED", "Go ahead").ok());
    // Not yet emailed, it is on the next week's agenda, whose issue sends it, once.
    auto next = reviews_.Agenda(reviewer_, "2026-W50");
    ASSERT_TRUE(next.ok()) << next.error().message;
    ASSERT_EQ(next->items.size(), 1u);
    EXPECT_TRUE(next->items[0].advised);
    EXPECT_TRUE(next->items[0].advice_to_issue);
    auto issued = reviews_.Issue(reviewer_, "2026-W50");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 1);
    ASSERT_EQ(store_.state.outbox.messages.size(), 1u);
    auto view = proposals_.Get(reviewer_, id);
    ASSERT_TRUE(view.ok());
    ASSERT_TRUE(view->proposal.advice->issued_at.has_value());
    EXPECT_EQ(*view->proposal.advice->issued_at, clock_.Now());
    EXPECT_FALSE(view->advice_to_issue);
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W49")->already_issued, 1);
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W51")->issued, 0);
    EXPECT_TRUE(reviews_.Agenda(reviewer_, "2026-W51")->items.empty());
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
}

TEST_F(ReviewServiceTest, AProposalWithdrawnAfterItsAdviceIsNotEmailed) {
    const Id id = Submitted("Kiosks");
    ASSERT_TRUE(proposals_.Advise(reviewer_, id, "SUPPORTED", "Go ahead").ok());
    auto withdrawn = proposals_.Withdraw(governor_, id);
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    EXPECT_FALSE(withdrawn->advice_to_issue);
    auto issued = reviews_.Issue(reviewer_, "2026-W49");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 0);
    EXPECT_EQ(issued->awaiting_advice, 0);
    EXPECT_TRUE(store_.state.outbox.messages.empty());
    EXPECT_TRUE(reviews_.Agenda(reviewer_, "2026-W50")->items.empty());
}

TEST_F(ReviewServiceTest, AnIssueTimeOlderThanTheAdviceDoesNotCountAsIssued) {
    // A server that knew no issue times re-advised a proposal whose earlier advice was issued:
    // the stored issue time is the earlier advice's.
    const Id id = Submitted("Kiosks");
    ASSERT_TRUE(proposals_.Advise(reviewer_, id, "SUPPORTED", "Go ahead").ok());
    auto& stored = store_.state.demand.proposals.at(id);
    stored.advice->issued_at = stored.advice->at - std::chrono::hours(1);
    auto agenda = reviews_.Agenda(reviewer_, "2026-W49");
    ASSERT_TRUE(agenda.ok()) << agenda.error().message;
    ASSERT_EQ(agenda->items.size(), 1u);
    EXPECT_TRUE(agenda->items[0].advice_to_issue);
    EXPECT_FALSE(agenda->items[0].advice_issued);
    auto issued = reviews_.Issue(reviewer_, "2026-W49");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 1);
    EXPECT_EQ(issued->already_issued, 0);
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
    auto view = proposals_.Get(reviewer_, id);
    ASSERT_TRUE(view.ok());
    EXPECT_TRUE(view->advice_issued);
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W49")->already_issued, 1);
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
}

TEST_F(ReviewServiceTest, AdviceCommittedAfterTheIssueReadItsClockIsSentOnce) {
    const Id id = Submitted("Kiosks");
    const TimePoint issue_clock = clock_.Now();
    // The advice commits after the issue read its clock, before it locked the proposal.
    clock_.Set(issue_clock + std::chrono::seconds(1));
    ASSERT_TRUE(proposals_.Advise(reviewer_, id, "SUPPORTED", "Go ahead").ok());
    clock_.Set(issue_clock);
    ASSERT_EQ(reviews_.Issue(reviewer_, "2026-W49")->issued, 1);
    auto view = proposals_.Get(reviewer_, id);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(*view->proposal.advice->issued_at, view->proposal.advice->at);
    EXPECT_TRUE(view->advice_issued);
    clock_.Set(issue_clock + std::chrono::hours(1));
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W49")->issued, 0);
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
}

TEST_F(ReviewServiceTest, IssuingEmailsEachProposerOnceWithAuditAndTimeline) {
    const Id advised = Submitted("Kiosks");
    Submitted("Laptops");  // no advice yet
    ASSERT_TRUE(proposals_.Advise(reviewer_, advised, "SUPPORTED", "Go ahead").ok());

    auto issued = reviews_.Issue(reviewer_, "2026-W49");
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 1);
    EXPECT_EQ(issued->awaiting_advice, 1);
    ASSERT_EQ(store_.state.outbox.messages.size(), 1u);
    const auto& m = store_.state.outbox.messages.begin()->second;
    EXPECT_EQ(m.to, std::vector<std::string>{"gov@justice.gov.uk"});
    EXPECT_EQ(m.kind, "demand.advice.issued");
    EXPECT_NE(m.body.find("Proposal: Kiosks"), std::string::npos);
    EXPECT_NE(m.body.find("Outcome: Supported"), std::string::npos);
    EXPECT_NE(m.body.find("Go ahead"), std::string::npos);
    EXPECT_NE(m.body.find("https://warden.test/proposals/" + std::to_string(advised)),
              std::string::npos);
    ASSERT_EQ(store_.AuditOf("demand.advice.issued").size(), 1u);
    EXPECT_NE(store_.AuditOf("demand.advice.issued")[0].detail.find("iso_week=2026-W49"),
              std::string::npos);
    auto view = proposals_.Get(governor_, advised);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->timeline.back().what, "ADVICE_ISSUED");

    // Issuing again sends nothing twice.
    auto again = reviews_.Issue(reviewer_, "2026-W49");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->issued, 0);
    EXPECT_EQ(again->already_issued, 1);
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
    EXPECT_EQ(reviews_.Issue(reviewer_, "2026-W00").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(reviews_.Issue(governor_, "2026-W49").error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace warden::domain
