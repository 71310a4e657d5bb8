// The digital demand pages: a governor drafts through the task list (saved as they go, errors
// naming each field), checks the answers with the whole-life cost and flags, and submits; a
// reviewer records advice on the proposal page, and the governor sees it.

#include "domain/testing/proposal_fields.hpp"
#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class DemandPagesTest : public PagesTest {
  protected:
    void SetUp() override {
        governor_ = As("governor");
        reviewer_ = As("reviewer");
    }

    void ExpectClean(const Response& r, const Browser& b) {
        EXPECT_TRUE(HtmlProblems(r.body, b.csrf).empty())
            << ::testing::PrintToString(HtmlProblems(r.body, b.csrf));
    }

    /// Drafts proposal 1 through the pages and fills every section.
    void DraftComplete() {
        Response created = Post("/proposals/new",
                                {{"establishment", "MDI"},
                                 {"title", "Biometric visitor enrolment"},
                                 {"need", "Visitors queue for an hour"}},
                                &governor_);
        ASSERT_EQ(created.status, 303) << created.body;
        ASSERT_EQ(HeaderOf(created, "Location"), "/proposals/1/tasks");
        ASSERT_EQ(Post("/proposals/1/edit/about",
                       {{"title", "Biometric visitor enrolment"},
                        {"summary", "Fingerprint enrolment of visitors"},
                        {"need", "Visitors queue for an hour"},
                        {"category", "BIOMETRICS"}},
                       &governor_)
                      .status,
                  303);
        ASSERT_EQ(Post("/proposals/1/edit/users",
                       {{"users", "STAFF"},
                        {"users", "PRISONERS_COMMUNAL"},
                        {"supplier", "Acme Biometrics"},
                        {"wanted_start-day", "1"},
                        {"wanted_start-month", "4"},
                        {"wanted_start-year", "2027"}},
                       &governor_)
                      .status,
                  303);
        ASSERT_EQ(Post("/proposals/1/edit/assurance",
                       {{"assurance", "free_offer"}, {"assurance", "personal_data"}}, &governor_)
                      .status,
                  303);
        Response costs = Post("/proposals/1/edit/costs",
                              {{"one_off_hardware_software_pence", "1,500.50"},
                               {"one_off_labour_pence", "1000"},
                               {"internal_staff_pence", ""},
                               {"yearly_support_pence", "200"},
                               {"yearly_live_service_pence", "£100"},
                               {"contract_years", "3"}},
                              &governor_);
        ASSERT_EQ(costs.status, 303) << costs.body;
        EXPECT_EQ(HeaderOf(costs, "Location"), "/proposals/1/tasks?saved=1");
    }

    Browser governor_;
    Browser reviewer_;
};

TEST_F(DemandPagesTest, NewProposalNamesEachMissingField) {
    Response list = Get("/proposals", &governor_);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(TitleOf(list.body), "Digital proposals – Warden");
    EXPECT_TRUE(Contains(list.body, "href=\"/proposals/new\""));
    ExpectClean(list, governor_);

    Response form = Get("/proposals/new", &governor_);
    ASSERT_EQ(form.status, 200);
    ExpectClean(form, governor_);

    Response bad = Post("/proposals/new", {{"establishment", "MDI"}}, &governor_);
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "govuk-error-summary"));
    EXPECT_TRUE(Contains(bad.body, "<a href=\"#title\">Enter a title</a>"));
    EXPECT_TRUE(Contains(bad.body, "<a href=\"#need\">Enter the need it meets</a>"));
    ExpectClean(bad, governor_);

    // An establishment outside the caseload is the establishment field's error.
    Response outside = Post("/proposals/new",
                            {{"establishment", "LEI"}, {"title", "T"}, {"need", "N"}}, &governor_);
    EXPECT_EQ(outside.status, 400);
    EXPECT_TRUE(Contains(outside.body, "<a href=\"#establishment\">"));
    EXPECT_TRUE(store_.state.demand.proposals.empty());
}

TEST_F(DemandPagesTest, SectionsSaveAsYouGoAndNameBadFields) {
    DraftComplete();
    Response tasks = Get("/proposals/1/tasks?saved=1", &governor_);
    ASSERT_EQ(tasks.status, 200);
    EXPECT_TRUE(Contains(tasks.body, "govuk-task-list"));
    EXPECT_TRUE(Contains(tasks.body, "You have completed 4 of 4 sections."));
    EXPECT_TRUE(Contains(tasks.body, "Your answers have been saved"));
    ExpectClean(tasks, governor_);

    Response section = Get("/proposals/1/edit/costs", &governor_);
    ASSERT_EQ(section.status, 200);
    EXPECT_TRUE(Contains(section.body, "value=\"1500.50\""));
    ExpectClean(section, governor_);

    Response bad = Post("/proposals/1/edit/costs",
                        {{"one_off_hardware_software_pence", "lots"},
                         {"one_off_labour_pence", "-5"},
                         {"contract_years", "3"}},
                        &governor_);
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "href=\"#one_off_hardware_software_pence\""));
    EXPECT_TRUE(Contains(bad.body, "must be an amount in pounds"));
    EXPECT_TRUE(Contains(bad.body, "value=\"lots\""));
    ExpectClean(bad, governor_);

    Response negative =
        Post("/proposals/1/edit/costs", {{"one_off_labour_pence", "-5"}, {"contract_years", "11"}},
             &governor_);
    ASSERT_EQ(negative.status, 400) << negative.body;
    EXPECT_TRUE(
        Contains(negative.body, "<a href=\"#one_off_labour_pence\">One-off labour cost must be 0"));
    EXPECT_TRUE(Contains(negative.body, "<a href=\"#contract_years\">"));
    // Nothing of the refused form was saved.
    EXPECT_EQ(store_.state.demand.proposals.at(1).fields.one_off_labour_pence, 100000);
    EXPECT_EQ(Get("/proposals/1/edit/nothing", &governor_).status, 404);
}

// A section is "Not yet started" until the proposer saves it, even one whose answers may all be
// "no" (assurance and data): saving it with nothing ticked completes it.
TEST_F(DemandPagesTest, ASectionIsNotStartedUntilSaved) {
    ASSERT_EQ(
        Post("/proposals/new",
             {{"establishment", "MDI"}, {"title", "Kiosks"}, {"need", "Paper apps"}}, &governor_)
            .status,
        303);
    const auto status_of = [&](const std::string& key) {
        Response tasks = Get("/proposals/1/tasks", &governor_);
        EXPECT_EQ(tasks.status, 200) << tasks.body;
        const std::string open = "id=\"task-" + key + "-status\">";
        const auto at = tasks.body.find(open);
        if (at == std::string::npos) return std::string("(no status)");
        const auto end = tasks.body.find("</div>", at);
        return tasks.body.substr(at + open.size(), end - at - open.size());
    };
    EXPECT_TRUE(Contains(status_of("assurance"), "Not yet started"));
    EXPECT_TRUE(Contains(status_of("users"), "Not yet started"));
    EXPECT_TRUE(Contains(status_of("costs"), "Not yet started"));
    EXPECT_TRUE(Contains(status_of("about"), "Incomplete"));
    ASSERT_EQ(Post("/proposals/1/edit/assurance", {}, &governor_).status, 303);
    EXPECT_TRUE(Contains(status_of("assurance"), "Completed"));
    EXPECT_TRUE(Contains(Get("/proposals/1/tasks", &governor_).body,
                         "You have completed 1 of 4 sections."));
    const auto& timeline = store_.state.demand.events;
    ASSERT_FALSE(timeline.empty());
    EXPECT_EQ(timeline.back().detail, "Saved: Assurance and data");
}

TEST_F(DemandPagesTest, CheckAnswersExplainsCostAndFlagsThenSubmits) {
    DraftComplete();
    Response check = Get("/proposals/1/check", &governor_);
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_TRUE(Contains(check.body, "£3,400.50"));
    EXPECT_TRUE(Contains(check.body,
                         "One-off costs £2,500.50 + (support £200 + live service "
                         "£100 a year) × 3 years"));
    EXPECT_TRUE(Contains(check.body, "FREE_OFFER_FUTURE_COSTS"));
    EXPECT_TRUE(Contains(check.body, "DATA_PROTECTION_REVIEW"));
    EXPECT_TRUE(Contains(check.body, "MULTI_YEAR"));
    EXPECT_TRUE(Contains(check.body, "href=\"/proposals/1/edit/costs\""));
    ExpectClean(check, governor_);

    Response submitted = Post("/proposals/1/submit", {}, &governor_);
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_TRUE(Contains(submitted.body, "govuk-panel--confirmation"));
    EXPECT_TRUE(Contains(submitted.body, "Proposal submitted"));
    ExpectClean(submitted, governor_);
    EXPECT_EQ(store_.state.demand.proposals.at(1).state, domain::ProposalState::kSubmitted);

    // Submitted: no more editing, and submitting again is refused.
    EXPECT_EQ(Get("/proposals/1/edit/about", &governor_).status, 409);
    EXPECT_EQ(Post("/proposals/1/edit/about", {{"title", "X"}, {"need", "Y"}}, &governor_).status,
              409);
    EXPECT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 409);
}

TEST_F(DemandPagesTest, SubmittingAnIncompleteProposalLinksToTheMissingAnswers) {
    ASSERT_EQ(Post("/proposals/new", {{"establishment", "MDI"}, {"title", "T"}, {"need", "N"}},
                   &governor_)
                  .status,
              303);
    Response refused = Post("/proposals/1/submit", {}, &governor_);
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_TRUE(Contains(refused.body, "<a href=\"#answer-summary\">Enter a summary</a>"));
    EXPECT_TRUE(Contains(refused.body, "<a href=\"#answer-supplier\">Enter the supplier</a>"));
    ExpectClean(refused, governor_);
}

TEST_F(DemandPagesTest, ReviewerRecordsAdviceAndTheGovernorSeesItOnTheTimeline) {
    DraftComplete();
    // Reviewers do not see drafts.
    EXPECT_EQ(Get("/proposals/1", &reviewer_).status, 404);
    ASSERT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 200);

    Response page = Get("/proposals/1", &reviewer_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "action=\"/proposals/1/advice\""));
    EXPECT_TRUE(Contains(page.body, "Submitted to HMPPS Digital"));
    ExpectClean(page, reviewer_);

    Response bad = Post("/proposals/1/advice", {{"outcome", "SUPPORTED"}}, &reviewer_);
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "<a href=\"#advice\">Enter the advice</a>"));
    ExpectClean(bad, reviewer_);

    Response advised = Post("/proposals/1/advice",
                            {{"outcome", "SUPPORTED_WITH_CONDITIONS"},
                             {"advice", "Use the national biometrics contract"}},
                            &reviewer_);
    ASSERT_EQ(advised.status, 303) << advised.body;
    EXPECT_EQ(HeaderOf(advised, "Location"), "/proposals/1?done=advised");
    EXPECT_EQ(store_.AuditOf("demand.proposal.advised").size(), 1u);

    Response seen = Get("/proposals/1", &governor_);
    ASSERT_EQ(seen.status, 200);
    EXPECT_TRUE(Contains(seen.body, "Use the national biometrics contract"));
    EXPECT_TRUE(Contains(seen.body, "Advice recorded: Supported with conditions"));
    EXPECT_TRUE(Contains(seen.body, "moj-timeline"));
    EXPECT_FALSE(Contains(seen.body, "action=\"/proposals/1/advice\""));
    ExpectClean(seen, governor_);
}

TEST_F(DemandPagesTest, ReviewerTakesIntoReviewThenClosesOnceAdvised) {
    DraftComplete();
    ASSERT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 200);
    Response page = Get("/proposals/1", &reviewer_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "action=\"/proposals/1/start-review\""));
    EXPECT_FALSE(Contains(page.body, "action=\"/proposals/1/close\""));
    EXPECT_FALSE(Contains(page.body, "href=\"/proposals/1/withdraw\""));
    // The governor may not take it into review.
    EXPECT_EQ(Post("/proposals/1/start-review", {}, &governor_).status, 403);

    Response started = Post("/proposals/1/start-review", {}, &reviewer_);
    ASSERT_EQ(started.status, 303) << started.body;
    EXPECT_EQ(HeaderOf(started, "Location"), "/proposals/1?done=in-review");
    Response in_review = Get("/proposals/1?done=in-review", &reviewer_);
    EXPECT_TRUE(Contains(in_review.body, "Proposal taken into review"));
    EXPECT_TRUE(Contains(in_review.body, "Taken into review"));
    EXPECT_FALSE(Contains(in_review.body, "action=\"/proposals/1/start-review\""));
    ExpectClean(in_review, reviewer_);
    EXPECT_EQ(store_.AuditOf("demand.proposal.review_started").size(), 1u);
    // Taken a second time (another tab): the page says why, and nothing changes.
    Response twice = Post("/proposals/1/start-review", {}, &reviewer_);
    ASSERT_EQ(twice.status, 409) << twice.body;
    EXPECT_TRUE(Contains(twice.body, "govuk-error-summary"));
    ExpectClean(twice, reviewer_);
    EXPECT_EQ(store_.AuditOf("demand.proposal.review_started").size(), 1u);

    ASSERT_EQ(
        Post("/proposals/1/advice", {{"outcome", "SUPPORTED"}, {"advice", "Go ahead"}}, &reviewer_)
            .status,
        303);
    Response advised = Get("/proposals/1", &reviewer_);
    EXPECT_TRUE(Contains(advised.body, "action=\"/proposals/1/close\""));
    Response closed = Post("/proposals/1/close", {}, &reviewer_);
    ASSERT_EQ(closed.status, 303) << closed.body;
    EXPECT_EQ(HeaderOf(closed, "Location"), "/proposals/1?done=closed");
    Response seen = Get("/proposals/1?done=closed", &governor_);
    EXPECT_TRUE(Contains(seen.body, "Proposal closed"));
    // Closed is not open: no withdrawing and no closing again.
    EXPECT_FALSE(Contains(seen.body, "href=\"/proposals/1/withdraw\""));
    EXPECT_EQ(Post("/proposals/1/close", {}, &reviewer_).status, 409);
    ExpectClean(seen, governor_);
}

TEST_F(DemandPagesTest, GovernorWithdrawsAfterConfirming) {
    DraftComplete();
    ASSERT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 200);
    Response page = Get("/proposals/1", &governor_);
    EXPECT_TRUE(Contains(page.body, "href=\"/proposals/1/withdraw\""));
    EXPECT_EQ(Get("/proposals/1/withdraw", &reviewer_).status, 403);

    Response confirm = Get("/proposals/1/withdraw", &governor_);
    ASSERT_EQ(confirm.status, 200) << confirm.body;
    EXPECT_EQ(TitleOf(confirm.body), "Withdraw Biometric visitor enrolment – Warden");
    EXPECT_TRUE(Contains(confirm.body, "Yes, withdraw the proposal"));
    ExpectClean(confirm, governor_);
    // Opening the confirmation changes nothing.
    EXPECT_TRUE(store_.AuditOf("demand.proposal.withdrawn").empty());

    Response withdrawn = Post("/proposals/1/withdraw", {}, &governor_);
    ASSERT_EQ(withdrawn.status, 303) << withdrawn.body;
    EXPECT_EQ(HeaderOf(withdrawn, "Location"), "/proposals?done=withdrawn");
    EXPECT_TRUE(Contains(Get("/proposals?done=withdrawn", &governor_).body, "Proposal withdrawn"));
    EXPECT_EQ(store_.AuditOf("demand.proposal.withdrawn").size(), 1u);

    // Again: the confirmation says why it cannot be, and offers no button.
    Response again = Get("/proposals/1/withdraw", &governor_);
    ASSERT_EQ(again.status, 409) << again.body;
    EXPECT_TRUE(Contains(again.body, "govuk-error-summary"));
    EXPECT_FALSE(Contains(again.body, "Yes, withdraw the proposal"));
    ExpectClean(again, governor_);
    EXPECT_EQ(Post("/proposals/1/withdraw", {}, &governor_).status, 409);
    EXPECT_EQ(store_.AuditOf("demand.proposal.withdrawn").size(), 1u);
}

TEST_F(DemandPagesTest, TheListShowsFiftyProposalsAPage) {
    const auto system = domain::Actor::System();
    for (int i = 1; i <= 51; ++i) {
        domain::ProposalFields f;
        f.establishment = "MDI";
        f.title = "Proposal number " + std::to_string(i);
        f.need = "A need";
        ASSERT_TRUE(proposals_.Create(system, f).ok());
    }
    const auto rows = [](const std::string& body) {
        const std::string row =
            "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/proposals/";
        size_t n = 0;
        for (size_t at = body.find(row); at != std::string::npos; at = body.find(row, at + 1)) ++n;
        return n;
    };
    Response first = Get("/proposals", &governor_);
    ASSERT_EQ(first.status, 200) << first.body;
    ExpectClean(first, governor_);
    EXPECT_EQ(rows(first.body), 50u);
    EXPECT_TRUE(Contains(first.body, "51 proposals"));
    EXPECT_TRUE(Contains(first.body, "Page 1 of 2"));
    EXPECT_TRUE(Contains(first.body, "href=\"/proposals?page=2\" rel=\"next\""));
    EXPECT_FALSE(Contains(first.body, "rel=\"prev\""));

    Response second = Get("/proposals?page=2", &governor_);
    ASSERT_EQ(second.status, 200) << second.body;
    ExpectClean(second, governor_);
    EXPECT_EQ(rows(second.body), 1u);
    EXPECT_TRUE(Contains(second.body, "Page 2 of 2"));
    EXPECT_TRUE(Contains(second.body, "href=\"/proposals\" rel=\"prev\""));
    EXPECT_FALSE(Contains(second.body, "rel=\"next\""));

    // A page past the last, or not a number, shows the last or the first; the filter is kept.
    EXPECT_TRUE(Contains(Get("/proposals?page=99", &governor_).body, "Page 2 of 2"));
    EXPECT_TRUE(Contains(Get("/proposals?page=x", &governor_).body, "Page 1 of 2"));
    Response drafts = Get("/proposals?state=DRAFT", &governor_);
    EXPECT_TRUE(Contains(drafts.body, "href=\"/proposals?state=DRAFT&amp;page=2\" rel=\"next\""))
        << drafts.body;
    Response submitted = Get("/proposals?state=SUBMITTED", &governor_);
    EXPECT_EQ(rows(submitted.body), 0u);
    EXPECT_FALSE(Contains(submitted.body, "govuk-pagination"));
}

TEST_F(DemandPagesTest, ReviewerIssuesTheWeeksAdviceFromTheAgenda) {
    DraftComplete();
    ASSERT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 200);
    // Sunday 22 November 2026: the next Wednesday review is in 2026-W48.
    Response agenda = Get("/reviews", &reviewer_);
    ASSERT_EQ(agenda.status, 200) << agenda.body;
    EXPECT_EQ(TitleOf(agenda.body), "Weekly review 2026-W48 – Warden");
    EXPECT_TRUE(Contains(agenda.body, "Review on 25 November 2026"));
    EXPECT_TRUE(Contains(agenda.body, "href=\"/proposals/1\""));
    EXPECT_FALSE(Contains(agenda.body, "action=\"/reviews/issue\""));  // no advice yet
    ExpectClean(agenda, reviewer_);

    // Eleven days later it is overdue.
    clock_.Advance(std::chrono::hours(24 * 11));
    reviewer_ = As("reviewer");  // the old sessions have timed out
    governor_ = As("governor");
    Response overdue = Get("/reviews?week=2026-W48", &reviewer_);
    EXPECT_TRUE(Contains(overdue.body, "Overdue")) << overdue.body;
    EXPECT_TRUE(Contains(overdue.body, "id=\"overdue-warning\""));

    ASSERT_EQ(
        Post("/proposals/1/advice", {{"outcome", "SUPPORTED"}, {"advice", "Go ahead"}}, &reviewer_)
            .status,
        303);
    Response ready = Get("/reviews?week=2026-W48", &reviewer_);
    EXPECT_TRUE(Contains(ready.body, "action=\"/reviews/issue\""));
    EXPECT_TRUE(Contains(ready.body, "1 with advice recorded, 1 of them not yet emailed"));
    EXPECT_TRUE(Contains(ready.body, "Not yet emailed")) << ready.body;
    EXPECT_FALSE(Contains(ready.body, "id=\"overdue-warning\""));
    ExpectClean(ready, reviewer_);
    Response issued = Post("/reviews/issue", {{"week", "2026-W48"}}, &reviewer_);
    ASSERT_EQ(issued.status, 303) << issued.body;
    EXPECT_EQ(HeaderOf(issued, "Location"), "/reviews?week=2026-W48&issued=1");
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);
    EXPECT_EQ(Post("/reviews/issue", {{"week", "2026-W48"}}, &reviewer_).status, 303);
    EXPECT_EQ(store_.state.outbox.messages.size(), 1u);  // nothing sent twice
    Response banner = Get("/reviews?week=2026-W48&issued=1", &reviewer_);
    EXPECT_TRUE(Contains(banner.body, "The advice on 1 proposal will be emailed to the proposer"));
    EXPECT_TRUE(Contains(banner.body, "Emailed to the proposer")) << banner.body;
    EXPECT_FALSE(Contains(banner.body, "action=\"/reviews/issue\""));  // nothing left to issue

    EXPECT_EQ(Get("/reviews?week=2026-W54", &reviewer_).status, 400);
    EXPECT_EQ(Post("/reviews/issue", {{"week", "2026-W54"}}, &reviewer_).status, 400);
    EXPECT_EQ(Get("/reviews", &governor_).status, 403);
}

TEST_F(DemandPagesTest, TheAgendaSaysAWithdrawnProposalsAdviceIsNotEmailed) {
    DraftComplete();
    ASSERT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 200);
    ASSERT_EQ(
        Post("/proposals/1/advice", {{"outcome", "SUPPORTED"}, {"advice", "Go ahead"}}, &reviewer_)
            .status,
        303);
    ASSERT_EQ(Post("/proposals/1/withdraw", {}, &governor_).status, 303);
    Response agenda = Get("/reviews?week=2026-W48", &reviewer_);
    ASSERT_EQ(agenda.status, 200) << agenda.body;
    EXPECT_TRUE(Contains(agenda.body, "Withdrawn: not emailed")) << agenda.body;
    EXPECT_FALSE(Contains(agenda.body, "Not yet emailed"));
    EXPECT_FALSE(Contains(agenda.body, "action=\"/reviews/issue\""));  // nothing to send
    ExpectClean(agenda, reviewer_);
}

TEST_F(DemandPagesTest, TheProposalPageShowsRelatedProposalsAndCatalogueMatches) {
    DraftComplete();
    Response none = Get("/proposals/1", &governor_);
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_TRUE(Contains(none.body, "No similar proposals at other establishments."));
    EXPECT_TRUE(Contains(none.body, "No assured national service matches."));

    const auto system = domain::Actor::System();
    ASSERT_TRUE(catalogue_
                    .Add(system, {0,
                                  "Assured biometric enrolment",
                                  "BIOMETRICS",
                                  "Acme Biometrics",
                                  "Fingerprint enrolment for visitors",
                                  "digital@example.gov.uk",
                                  "",
                                  {}})
                    .ok());
    domain::ProposalFields f =
        domain::testing::SubmittableFields("LEI", "Visitor fingerprint kiosks");
    f.summary = "Fingerprint enrolment at the gate";
    f.need = "Visitors queue";
    f.supplier = "Acme Biometrics";
    auto leeds = proposals_.Create(system, f);
    ASSERT_TRUE(leeds.ok()) << leeds.error().message;
    ASSERT_TRUE(proposals_.Submit(system, leeds->proposal.id).ok());

    Response page = Get("/proposals/1", &governor_);
    ASSERT_EQ(page.status, 200) << page.body;
    ExpectClean(page, governor_);
    EXPECT_TRUE(Contains(page.body, "Similar proposals at other establishments"));
    EXPECT_TRUE(Contains(page.body, "Visitor fingerprint kiosks"));
    EXPECT_TRUE(Contains(page.body, "LEI · proposal 2"));
    EXPECT_TRUE(Contains(page.body,
                         "Same supplier (Acme Biometrics); same category (Biometrics); shared "
                         "terms: enrolment, fingerprint, queue, visitor, visitors"));
    // The MDI governor may not open LEI's proposal: no link to it.
    EXPECT_FALSE(Contains(page.body, "href=\"/proposals/2\""));
    EXPECT_TRUE(Contains(page.body, "Assured biometric enrolment"));
    EXPECT_TRUE(Contains(page.body, "Contact: digital@example.gov.uk"));

    // The reviewer, who may open it, gets a link.
    ASSERT_EQ(Post("/proposals/1/submit", {}, &governor_).status, 200);
    Response reviewed = Get("/proposals/1", &reviewer_);
    ASSERT_EQ(reviewed.status, 200) << reviewed.body;
    ExpectClean(reviewed, reviewer_);
    EXPECT_TRUE(Contains(reviewed.body, "href=\"/proposals/2\""));

    // The week's agenda says how many similar proposals each item has elsewhere.
    Response agenda = Get("/reviews", &reviewer_);
    ASSERT_EQ(agenda.status, 200) << agenda.body;
    ExpectClean(agenda, reviewer_);
    EXPECT_TRUE(Contains(agenda.body, "href=\"/proposals/1#related-heading\">1<span"));
    EXPECT_TRUE(Contains(agenda.body, "href=\"/proposals/2#related-heading\">1<span"));
}

TEST_F(DemandPagesTest, ReviewerAddsToTheCatalogueWithErrorsNamingEachField) {
    Response empty = Get("/catalogue", &reviewer_);
    ASSERT_EQ(empty.status, 200) << empty.body;
    ExpectClean(empty, reviewer_);
    EXPECT_TRUE(Contains(empty.body, "The catalogue is empty."));
    EXPECT_TRUE(Contains(empty.body, "Add a service"));

    Response bad = Post("/catalogue", {{"category", "NOPE"}}, &reviewer_);
    ASSERT_EQ(bad.status, 400) << bad.body;
    ExpectClean(bad, reviewer_);
    EXPECT_TRUE(Contains(bad.body, "govuk-error-summary"));
    for (const char* id : {"name", "category", "supplier", "description", "contact"}) {
        EXPECT_TRUE(Contains(bad.body, std::string("href=\"#") + id + "\"")) << id;
    }

    Response added = Post("/catalogue",
                          {{"name", "National biometric identity"},
                           {"category", "BIOMETRICS"},
                           {"supplier", "IdentiPrint Ltd"},
                           {"description", "Assured fingerprint readers"},
                           {"contact", "biometrics@digital.justice.gov.uk"}},
                          &reviewer_);
    ASSERT_EQ(added.status, 303) << added.body;
    EXPECT_EQ(HeaderOf(added, "Location"), "/catalogue?added=1");
    Response list = Get("/catalogue?added=1", &reviewer_);
    ASSERT_EQ(list.status, 200);
    ExpectClean(list, reviewer_);
    EXPECT_TRUE(Contains(list.body, "Service added to the catalogue"));
    EXPECT_TRUE(Contains(list.body, "National biometric identity"));

    // A governor reads it without the form; others may not open it.
    Response read = Get("/catalogue", &governor_);
    ASSERT_EQ(read.status, 200);
    ExpectClean(read, governor_);
    EXPECT_TRUE(Contains(read.body, "IdentiPrint Ltd"));
    EXPECT_FALSE(Contains(read.body, "Add a service"));
    EXPECT_EQ(Post("/catalogue", {{"name", "x"}}, &governor_).status, 403);
    Browser security = As("security");
    EXPECT_EQ(Get("/catalogue", &security).status, 403);
}

TEST_F(DemandPagesTest, OthersMayNotOpenThePages) {
    Browser monitoring = As("monitoring");
    EXPECT_EQ(Get("/proposals", &monitoring).status, 403);
    EXPECT_EQ(Get("/proposals/new", &reviewer_).status, 403);
    EXPECT_EQ(
        Post("/proposals/1/advice", {{"outcome", "SUPPORTED"}, {"advice", "x"}}, &governor_).status,
        403);
}

}  // namespace
}  // namespace warden::web::pages::testing
