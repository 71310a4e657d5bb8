// The TMPP pages: the prisoner's TMPP section and actions, the Security queue, grants, compacts,
// phases, wing lists (HTML and CSV) and the risk rules page.

#include "web/pages/tmpp/tmpp_pages.hpp"

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class TmppPagesTest : public PagesTest {
  protected:
    const domain::Actor system_ = domain::Actor::System();

    // Jane Doe (A0002AA, wing A, GREEN) ready to be granted in phase 1.
    void ReadyToGrant(const std::string& number = "A0002AA") {
        ASSERT_TRUE(access_.RecordNeed(system_, number, "ISOLATING", ""));
        AddCompactVersionOnce();
        ASSERT_TRUE(access_.RecordCompact(system_, number, 1, "2026-11-20", "Officer Brown"));
        ASSERT_TRUE(access_.AssessEstablishment(system_, "MDI"));
        ASSERT_TRUE(access_.Decide(system_, number, "GREEN", ""));
    }

    void AddCompactVersionOnce() {
        if (!compact_added_) {
            ASSERT_TRUE(access_.AddCompactVersion(system_, "MDI",
                                                  "I will use the phone only for approved "
                                                  "numbers.\nI will not tamper with it.",
                                                  false));
            compact_added_ = true;
        }
    }

    void Grant(const std::string& number = "A0002AA") {
        ReadyToGrant(number);
        ASSERT_TRUE(access_.GrantAccess(system_, number, {}, ""));
    }

    // The error summary is shown with `text` in it.
    static bool ShowsError(const Response& r, const std::string& text) {
        return Contains(r.body, "govuk-error-summary") && Contains(r.body, text);
    }

    bool compact_added_ = false;
};

// ---- Prisoner page ----

TEST_F(TmppPagesTest, PrisonerPageShowsStateAndActionsByRole) {
    Browser officer = As("officer");
    Response r = Get("/prisoners/A0002AA", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "TMPP access: none recorded"));
    EXPECT_TRUE(Contains(r.body, ">No access</strong>"));
    EXPECT_TRUE(Contains(r.body, "href=\"/prisoners/A0002AA/tmpp/compact\""));
    EXPECT_FALSE(Contains(r.body, "href=\"/prisoners/A0002AA/tmpp/need\""));
    EXPECT_FALSE(Contains(r.body, "href=\"/prisoners/A0002AA/tmpp/grant\""));

    Browser governor = As("governor");
    Response g = Get("/prisoners/A0002AA", &governor);
    EXPECT_FALSE(Contains(g.body, "/tmpp/compact\""));

    Browser security = As("security");
    Response s = Get("/prisoners/A0002AA", &security);
    for (const std::string action : {"need", "compact", "decision", "grant"}) {
        EXPECT_TRUE(Contains(s.body, "href=\"/prisoners/A0002AA/tmpp/" + action + "\"")) << action;
    }
    EXPECT_FALSE(Contains(s.body, "/tmpp/withdraw\""));
    EXPECT_TRUE(HtmlProblems(s.body, security.csrf).empty());
}

TEST_F(TmppPagesTest, PrisonerPageShowsGrantRecommendationDecisionAndTimeline) {
    Grant();
    Browser officer = As("officer");
    Response r = Get("/prisoners/A0002AA", &officer);
    ASSERT_EQ(r.status, 200);
    const std::string html = Squash(r.body);
    EXPECT_TRUE(Contains(html, ">Granted</strong>"));
    EXPECT_TRUE(Contains(html, "Current grant"));
    EXPECT_TRUE(Contains(html, "Review date"));
    EXPECT_TRUE(Contains(html, "20 February 2027"));  // the decision's expiry (90 days)
    EXPECT_TRUE(Contains(html, "Isolating (symptoms or a positive test)"));
    EXPECT_TRUE(Contains(html, "Latest risk recommendation"));
    EXPECT_TRUE(Contains(html, "rules version " + domain::DefaultRiskRules().version));
    EXPECT_TRUE(Contains(html, "Risk decision of record"));
    EXPECT_TRUE(Contains(html, "(the recommended band)"));
    EXPECT_TRUE(Contains(html, "class=\"moj-timeline\""));
    EXPECT_TRUE(Contains(html, "Need recorded"));
    EXPECT_TRUE(Contains(html, "Compact signed"));
    EXPECT_TRUE(Contains(html, "Recommended band confirmed"));
    EXPECT_TRUE(Contains(html, "Access granted"));
    EXPECT_TRUE(Contains(html, "by system"));
    EXPECT_TRUE(Contains(html, "<p class=\"govuk-body\">Need: ISOLATING</p>"));
    EXPECT_TRUE(Contains(html, "Band: GREEN; Recommended: GREEN; Expires: 2027-02-20"));
    // Newest first.
    EXPECT_LT(html.find("Access granted"), html.find("Need recorded</h4>"));
}

TEST_F(TmppPagesTest, GonePrisonerHasAccessEndedAndNoActions) {
    Grant();
    std::string csv = CsvHeader() + CsvLine(Number(1), "John", "Smith", "MDI", "A", "XEL;PPRC") +
                      CsvLine(Number(3), "Bob", "Jones", "MDI", "B");
    ASSERT_TRUE(prisoners_.Import(system_, "MDI", csv, false));  // full: A0002AA is gone
    Browser security = As("security");
    Response r = Get("/prisoners/A0002AA", &security);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, ">Ended</strong>"));
    EXPECT_TRUE(Contains(r.body, "Access ended"));
    EXPECT_FALSE(Contains(r.body, "href=\"/prisoners/A0002AA/tmpp/"));
    Response refused = Post("/prisoners/A0002AA/tmpp/need", {{"need", "ISOLATING"}}, &security);
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(ShowsError(refused, "prisoner is gone"));
    EXPECT_TRUE(HtmlProblems(refused.body, security.csrf).empty());
}

TEST_F(TmppPagesTest, RecommendationShowsEachFiredRule) {
    ASSERT_TRUE(access_.AssessEstablishment(system_, "MDI"));
    Browser security = As("security");
    Response r = Get("/prisoners/A0001AA", &security);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "Rules that applied"));
    EXPECT_TRUE(Contains(r.body, "alert XEL"));
    EXPECT_TRUE(Contains(r.body, "<td class=\"govuk-table__cell\">RED</td>"));
    EXPECT_TRUE(Contains(r.body, "govuk-tag--red\">RED</strong>"));
}

// ---- Need ----

TEST_F(TmppPagesTest, RecordNeed) {
    Browser security = As("security");
    Response form = Get("/prisoners/A0002AA/tmpp/need", &security);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(HtmlProblems(form.body, security.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(form.body, security.csrf));
    for (const std::string need : {"ISOLATING", "SHIELDING", "REVERSE_COHORT",
                                   "NO_SAFE_FIXED_PHONE", "FIXED_PHONES_OUT_OF_ORDER", "OTHER"}) {
        EXPECT_TRUE(Contains(form.body, "value=\"" + need + "\"")) << need;
    }
    EXPECT_TRUE(Contains(form.body, "data-app-reveal=\"conditional-detail\""));

    Response done = Post("/prisoners/A0002AA/tmpp/need", {{"need", "SHIELDING"}}, &security);
    ASSERT_EQ(done.status, 303);
    EXPECT_EQ(HeaderOf(done, "Location"), "/prisoners/A0002AA?tmpp=need#tmpp");
    Response page = Get("/prisoners/A0002AA?tmpp=need", &security);
    EXPECT_TRUE(Contains(page.body, "Need recorded"));
    EXPECT_TRUE(Contains(page.body, ">Requested</strong>"));
    EXPECT_TRUE(Contains(page.body, "govuk-notification-banner--success"));
}

TEST_F(TmppPagesTest, RecordNeedRefusals) {
    Browser security = As("security");
    Response none = Post("/prisoners/A0002AA/tmpp/need", {}, &security);
    EXPECT_EQ(none.status, 400);
    EXPECT_TRUE(ShowsError(none, "Choose a need"));
    EXPECT_TRUE(Contains(none.body, "href=\"#need\""));

    Response other = Post("/prisoners/A0002AA/tmpp/need", {{"need", "OTHER"}}, &security);
    EXPECT_EQ(other.status, 400);
    EXPECT_TRUE(ShowsError(other, "Give the reason for an OTHER need"));
    EXPECT_TRUE(Contains(other.body, "href=\"#detail\""));
    // The reason field is revealed and OTHER stays chosen.
    EXPECT_FALSE(Contains(other.body, "govuk-radios__conditional--hidden"));
    EXPECT_TRUE(Contains(other.body, "value=\"OTHER\" checked"));

    Response hostile = Post("/prisoners/A0002AA/tmpp/need", {{"need", "REWARD"}}, &security);
    EXPECT_EQ(hostile.status, 400);

    Response with_reason =
        Post("/prisoners/A0002AA/tmpp/need",
             {{"need", "OTHER"}, {"detail", "Deaf: needs a text relay phone"}}, &security);
    EXPECT_EQ(with_reason.status, 303);
}

TEST_F(TmppPagesTest, ActionsNeedTheirRoleAndTheCaseload) {
    Browser officer = As("officer");
    EXPECT_EQ(Get("/prisoners/A0002AA/tmpp/need", &officer).status, 403);
    EXPECT_EQ(Post("/prisoners/A0002AA/tmpp/need", {{"need", "ISOLATING"}}, &officer).status, 403);
    EXPECT_EQ(Get("/prisoners/A0002AA/tmpp/grant", &officer).status, 403);
    EXPECT_EQ(Get("/establishments/MDI/tmpp", &officer).status, 403);
    EXPECT_EQ(Post("/establishments/MDI/wings/A/lists", {}, &officer).status, 403);
    Browser governor = As("governor");
    EXPECT_EQ(Get("/prisoners/A0002AA/tmpp/compact", &governor).status, 403);
    Browser admin = As("admin");
    EXPECT_EQ(Get("/establishments/MDI/wings/A/lists/current", &admin).status, 403);

    Browser security = As("security");
    for (const std::string path :
         {"/prisoners/B0001BB/tmpp/need", "/prisoners/B0001BB/tmpp/grant",
          "/prisoners/B0001BB/tmpp/compact/print", "/establishments/LEI/tmpp",
          "/establishments/LEI/tmpp/compact", "/establishments/LEI/tmpp/phase",
          "/establishments/LEI/wings/C/lists/current",
          "/establishments/LEI/wings/C/lists/current.csv"}) {
        Response r = Get(path, &security);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_FALSE(Contains(r.body, "Dsman")) << path;
    }
    EXPECT_EQ(Post("/prisoners/B0001BB/tmpp/need", {{"need", "ISOLATING"}}, &security).status, 404);
}

// ---- Compact ----

TEST_F(TmppPagesTest, AdminEditsTheCompactButSeesNoPrisoners) {
    Browser admin = As("admin");
    Response page = Get("/establishments/MDI/tmpp/compact", &admin);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "Add a new version"));
    Response added = Post("/establishments/MDI/tmpp/compact",
                          {{"text", "Compact text from the admin."}}, &admin);
    ASSERT_EQ(added.status, 303);
    EXPECT_EQ(HeaderOf(added, "Location"), "/establishments/MDI/tmpp/compact?added=1");
    EXPECT_TRUE(Contains(Get("/establishments/MDI/tmpp/compact", &admin).body,
                         "Compact text from the admin."));
    EXPECT_EQ(Get("/prisoners/A0002AA/tmpp/compact", &admin).status, 403);
}

TEST_F(TmppPagesTest, CompactVersionsAndSigning) {
    Browser officer = As("officer");
    Response empty = Get("/prisoners/A0002AA/tmpp/compact", &officer);
    ASSERT_EQ(empty.status, 200);
    EXPECT_TRUE(Contains(empty.body, "MDI has no TMPP compact yet"));

    Browser security = As("security");
    Response missing = Post("/establishments/MDI/tmpp/compact", {{"text", " "}}, &security);
    EXPECT_EQ(missing.status, 400);
    EXPECT_TRUE(ShowsError(missing, "Enter the text of the compact"));
    Response added =
        Post("/establishments/MDI/tmpp/compact",
             {{"text", "Line one.\nLine two."}, {"requires_resign", "true"}}, &security);
    ASSERT_EQ(added.status, 303);
    EXPECT_EQ(HeaderOf(added, "Location"), "/establishments/MDI/tmpp/compact?added=1");
    Response list = Get("/establishments/MDI/tmpp/compact?added=1", &officer);
    EXPECT_TRUE(Contains(list.body, "Compact version 1 added"));
    EXPECT_TRUE(Contains(list.body, "Version 1 (current)"));
    EXPECT_TRUE(Contains(list.body, "<p class=\"govuk-body\">Line two.</p>"));
    EXPECT_FALSE(Contains(list.body, "Add a new version"));  // officers do not add versions

    Response form = Get("/prisoners/A0002AA/tmpp/compact", &officer);
    EXPECT_TRUE(Contains(form.body, "<option value=\"1\" selected>Version 1 (current)</option>"));
    EXPECT_TRUE(Contains(form.body, "id=\"signed_on-day\" name=\"signed_on-day\""));
    EXPECT_TRUE(Contains(form.body, "value=\"2026\""));  // today prefilled
    EXPECT_TRUE(HtmlProblems(form.body, officer.csrf).empty());

    Response future = Post("/prisoners/A0002AA/tmpp/compact",
                           {{"compact_version", "1"},
                            {"signed_on-day", "1"},
                            {"signed_on-month", "1"},
                            {"signed_on-year", "2030"},
                            {"witnessed_by", "Officer Brown"}},
                           &officer);
    EXPECT_EQ(future.status, 400);
    EXPECT_TRUE(ShowsError(future, "cannot be in the future"));
    EXPECT_TRUE(Contains(future.body, "href=\"#signed_on-day\""));

    Response signed_ok = Post("/prisoners/A0002AA/tmpp/compact",
                              {{"compact_version", "1"},
                               {"signed_on-day", "20"},
                               {"signed_on-month", "11"},
                               {"signed_on-year", "2026"},
                               {"witnessed_by", "Officer Brown"}},
                              &officer);
    ASSERT_EQ(signed_ok.status, 303);
    EXPECT_EQ(HeaderOf(signed_ok, "Location"), "/prisoners/A0002AA?tmpp=compact#tmpp");
    Response page = Get("/prisoners/A0002AA", &officer);
    EXPECT_TRUE(Contains(page.body,
                         "Compact version: 1; Signed on: 2026-11-20; Witnessed by: Officer Brown"));
}

TEST_F(TmppPagesTest, PrintableCompact) {
    AddCompactVersionOnce();
    Browser officer = As("officer");
    Response r = Get("/prisoners/A0002AA/tmpp/compact/print", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(TitleOf(r.body), "TMPP compact for Jane Doe – Warden");
    EXPECT_TRUE(Contains(r.body, "Jane Doe"));
    EXPECT_TRUE(Contains(r.body, "A0002AA"));
    EXPECT_TRUE(Contains(r.body, "Moorland"));
    EXPECT_TRUE(Contains(r.body, "I will not tamper with it."));
    EXPECT_TRUE(Contains(r.body, "Prisoner's signature"));
    EXPECT_TRUE(Contains(r.body, "Witnessing officer (signature)"));
    EXPECT_TRUE(HtmlProblems(r.body, officer.csrf).empty());
}

// ---- Queue ----

TEST_F(TmppPagesTest, QueueRunsTheAssessmentAndFilters) {
    Browser security = As("security");
    Response before = Get("/establishments/MDI/tmpp", &security);
    ASSERT_EQ(before.status, 200);
    EXPECT_TRUE(Contains(before.body, "Not assessed"));
    EXPECT_TRUE(HtmlProblems(before.body, security.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(before.body, security.csrf));

    Response run = Post("/establishments/MDI/tmpp/assess", {}, &security);
    ASSERT_EQ(run.status, 303);
    Response after = Get(HeaderOf(run, "Location"), &security);
    EXPECT_TRUE(
        Contains(after.body, "Risk assessment run for 3 prisoners: 2 GREEN, 0 AMBER, 1 RED"));

    Response red = Get("/establishments/MDI/tmpp?band=RED", &security);
    EXPECT_TRUE(Contains(red.body, "href=\"/prisoners/A0001AA#tmpp\""));
    EXPECT_FALSE(Contains(red.body, "href=\"/prisoners/A0002AA#tmpp\""));
    EXPECT_TRUE(Contains(red.body, "1 prisoner"));

    Response wing = Get("/establishments/MDI/tmpp?wing=B", &security);
    EXPECT_TRUE(Contains(wing.body, "href=\"/prisoners/A0003AA#tmpp\""));
    EXPECT_FALSE(Contains(wing.body, "href=\"/prisoners/A0002AA#tmpp\""));

    Response by_band = Get("/establishments/MDI/tmpp?sort=band&order=desc", &security);
    EXPECT_LT(by_band.body.find("/prisoners/A0001AA#tmpp"),
              by_band.body.find("/prisoners/A0002AA#tmpp"));
    Response by_number = Get("/establishments/MDI/tmpp?sort=number&order=desc", &security);
    EXPECT_LT(by_number.body.find("/prisoners/A0003AA#tmpp"),
              by_number.body.find("/prisoners/A0001AA#tmpp"));
    Response by_name = Get("/establishments/MDI/tmpp?sort=name", &security);
    EXPECT_LT(by_name.body.find("/prisoners/A0002AA#tmpp"),  // Doe before Jones before Smith
              by_name.body.find("/prisoners/A0003AA#tmpp"));

    ASSERT_TRUE(access_.RecordNeed(system_, "A0003AA", "ISOLATING", ""));
    Response requested = Get("/establishments/MDI/tmpp?state=REQUESTED", &security);
    EXPECT_TRUE(Contains(requested.body, "href=\"/prisoners/A0003AA#tmpp\""));
    EXPECT_FALSE(Contains(requested.body, "href=\"/prisoners/A0001AA#tmpp\""));
}

TEST_F(TmppPagesTest, QueuePaginates) {
    std::string csv = CsvHeader();
    for (int i = 0; i < 60; ++i) csv += CsvLine(Number(100 + i), "P", "Many", "MDI", "C");
    ASSERT_TRUE(prisoners_.Import(system_, "MDI", csv, true));  // partial
    Browser security = As("security");
    Response first = Get("/establishments/MDI/tmpp", &security);
    EXPECT_TRUE(Contains(first.body, "63 prisoners"));
    EXPECT_TRUE(Contains(first.body, "Page 1 of 2"));
    EXPECT_TRUE(Contains(first.body, "href=\"/establishments/MDI/tmpp?page=2\" rel=\"next\""));
    Response second = Get("/establishments/MDI/tmpp?page=2", &security);
    EXPECT_TRUE(Contains(second.body, "Page 2 of 2"));
    EXPECT_TRUE(Contains(second.body, "href=\"/establishments/MDI/tmpp\" rel=\"prev\""));
}

TEST_F(TmppPagesTest, ConfirmManyRecommendations) {
    ASSERT_TRUE(access_.AssessEstablishment(system_, "MDI"));
    Browser security = As("security");
    Response none = Post("/establishments/MDI/tmpp/decisions", {}, &security);
    EXPECT_EQ(none.status, 400);
    EXPECT_TRUE(ShowsError(none, "Select the recommendations to confirm"));

    Response done = Post("/establishments/MDI/tmpp/decisions",
                         {{"prisoners", "A0001AA"}, {"prisoners", "A0002AA"}}, &security);
    ASSERT_EQ(done.status, 303);
    EXPECT_EQ(HeaderOf(done, "Location"), "/establishments/MDI/tmpp?confirmed=2");
    EXPECT_TRUE(Contains(Get("/establishments/MDI/tmpp?confirmed=2", &security).body,
                         "2 recommendations confirmed"));
    auto a = access_.RiskAssessment(system_, "A0001AA");
    ASSERT_TRUE(a && a->decision);
    EXPECT_EQ(a->decision->band, domain::RiskBand::kRed);
    EXPECT_FALSE(a->decision->is_override);
    EXPECT_EQ(store_.AuditOf("tmpp.decision.confirmed").size(), 2u);
    // Decided prisoners can no longer be selected; the others still can.
    Response queue = Get("/establishments/MDI/tmpp", &security);
    EXPECT_FALSE(Contains(queue.body, "id=\"select-A0001AA\""));
    EXPECT_TRUE(Contains(queue.body, "id=\"select-A0003AA\""));

    Response bad = Post("/establishments/MDI/tmpp/decisions",
                        {{"prisoners", "A0003AA"}, {"prisoners", "B0001BB"}}, &security);
    EXPECT_EQ(bad.status, 409);
    EXPECT_TRUE(ShowsError(bad, "B0001BB was not found"));
    EXPECT_TRUE(Contains(bad.body, "1 other recommendations were confirmed"));
}

// ---- Decision ----

TEST_F(TmppPagesTest, DecideConfirmsOrOverridesWithAReason) {
    ASSERT_TRUE(access_.AssessEstablishment(system_, "MDI"));
    Browser security = As("security");
    Response form = Get("/prisoners/A0002AA/tmpp/decision", &security);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(Contains(form.body, "GREEN (the recommended band)"));
    EXPECT_TRUE(Contains(form.body, "value=\"GREEN\" checked"));
    EXPECT_TRUE(HtmlProblems(form.body, security.csrf).empty());

    Response no_reason = Post("/prisoners/A0002AA/tmpp/decision", {{"band", "AMBER"}}, &security);
    EXPECT_EQ(no_reason.status, 400);
    EXPECT_TRUE(ShowsError(no_reason, "Give a reason for overriding the recommended band GREEN"));
    EXPECT_TRUE(Contains(no_reason.body, "href=\"#reason\""));

    Response ok = Post("/prisoners/A0002AA/tmpp/decision",
                       {{"band", "AMBER"}, {"reason", "Recent intelligence"}}, &security);
    ASSERT_EQ(ok.status, 303);
    Response page = Get("/prisoners/A0002AA", &security);
    EXPECT_TRUE(Contains(page.body, "(overrides the recommendation)"));
    EXPECT_TRUE(Contains(page.body, "Recent intelligence"));
}

// ---- Grant ----

TEST_F(TmppPagesTest, GrantTaskListShowsUnmetConditionsAndRefusal) {
    Browser security = As("security");
    Response list = Get("/prisoners/A0002AA/tmpp/grant", &security);
    ASSERT_EQ(list.status, 200);
    EXPECT_TRUE(Contains(list.body, "govuk-task-list"));
    EXPECT_TRUE(Contains(list.body, "Need recorded and qualifying in phase 1"));
    EXPECT_TRUE(Contains(list.body, "0 of 6") || Contains(list.body, "1 of 6"));
    EXPECT_TRUE(Contains(list.body, "Not met"));
    EXPECT_TRUE(HtmlProblems(list.body, security.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(list.body, security.csrf));

    Response refused = Post("/prisoners/A0002AA/tmpp/grant", {}, &security);
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(ShowsError(refused, "A0002AA cannot be granted TMPP access: no need recorded"));

    // A need that does not qualify in phase 1.
    ReadyToGrant("A0003AA");
    ASSERT_TRUE(access_.RecordNeed(system_, "A0002AA", "FIXED_PHONES_OUT_OF_ORDER", ""));
    ASSERT_TRUE(access_.RecordCompact(system_, "A0002AA", 1, "2026-11-20", "Officer Brown"));
    ASSERT_TRUE(access_.Decide(system_, "A0002AA", "GREEN", ""));
    Response phase = Post("/prisoners/A0002AA/tmpp/grant", {}, &security);
    EXPECT_EQ(phase.status, 409);
    EXPECT_TRUE(ShowsError(phase, "does not qualify in phase 1"));
}

TEST_F(TmppPagesTest, GrantWithConditionsAndReviewDate) {
    ReadyToGrant();
    Browser security = As("security");
    Response list = Get("/prisoners/A0002AA/tmpp/grant", &security);
    EXPECT_TRUE(Contains(list.body, "6 of 6"));
    EXPECT_FALSE(Contains(list.body, "Not met"));

    Response bad_date = Post(
        "/prisoners/A0002AA/tmpp/grant",
        {{"review_on-day", "1"}, {"review_on-month", "1"}, {"review_on-year", "2020"}}, &security);
    EXPECT_EQ(bad_date.status, 400);
    EXPECT_TRUE(ShowsError(bad_date, "The review date must be in the future"));
    EXPECT_TRUE(Contains(bad_date.body, "href=\"#review_on-day\""));

    Response ok = Post("/prisoners/A0002AA/tmpp/grant",
                       {{"conditions", "SUPERVISED_USE"},
                        {"review_on-day", "1"},
                        {"review_on-month", "2"},
                        {"review_on-year", "2027"}},
                       &security);
    ASSERT_EQ(ok.status, 303);
    EXPECT_EQ(HeaderOf(ok, "Location"), "/prisoners/A0002AA?tmpp=granted#tmpp");
    Response page = Get("/prisoners/A0002AA?tmpp=granted", &security);
    EXPECT_TRUE(Contains(page.body, "TMPP access granted"));
    EXPECT_TRUE(Contains(page.body, "SUPERVISED_USE"));
    EXPECT_TRUE(Contains(page.body, "1 February 2027"));
    EXPECT_TRUE(Contains(page.body, "href=\"/prisoners/A0002AA/tmpp/withdraw\""));

    Response again = Post("/prisoners/A0002AA/tmpp/grant", {}, &security);
    EXPECT_EQ(again.status, 409);
    EXPECT_TRUE(ShowsError(again, "they already have TMPP access"));
}

// ---- Withdraw ----

TEST_F(TmppPagesTest, Withdraw) {
    Browser security = As("security");
    Response nothing = Post("/prisoners/A0002AA/tmpp/withdraw", {{"reason", "Misuse"}}, &security);
    EXPECT_EQ(nothing.status, 409);
    EXPECT_TRUE(ShowsError(nothing, "A0002AA has no TMPP access to withdraw"));

    Grant();
    Response no_reason = Post("/prisoners/A0002AA/tmpp/withdraw", {}, &security);
    EXPECT_EQ(no_reason.status, 400);
    EXPECT_TRUE(ShowsError(no_reason, "Give the reason for the withdrawal"));

    Response ok =
        Post("/prisoners/A0002AA/tmpp/withdraw",
             {{"reason", "Found with a second SIM"}, {"incident", "IR-2026-042"}}, &security);
    ASSERT_EQ(ok.status, 303);
    Response page = Get("/prisoners/A0002AA?tmpp=withdrawn", &security);
    EXPECT_TRUE(Contains(page.body, "TMPP access withdrawn"));
    EXPECT_TRUE(Contains(page.body, ">Withdrawn</strong>"));
    EXPECT_TRUE(Contains(page.body, "Found with a second SIM"));
}

// ---- Phase ----

TEST_F(TmppPagesTest, PhaseChangeListsTheGrantsThatStopQualifying) {
    Grant();
    Browser governor = As("governor");
    Response view = Get("/establishments/MDI/tmpp/phase", &governor);
    ASSERT_EQ(view.status, 200);
    EXPECT_TRUE(Contains(view.body, "ISOLATING, SHIELDING, REVERSE_COHORT"));
    EXPECT_TRUE(Contains(view.body, "GREEN; AMBER with SUPERVISED_USE"));
    EXPECT_FALSE(Contains(view.body, "Change the phase"));

    Browser security = As("security");
    Response page = Get("/establishments/MDI/tmpp/phase", &security);
    EXPECT_TRUE(Contains(page.body, "Change the phase"));
    EXPECT_TRUE(HtmlProblems(page.body, security.csrf).empty());

    Response bad = Post("/establishments/MDI/tmpp/phase/check", {{"phase", "9"}}, &security);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(ShowsError(bad, "Choose a phase from 0 to 3"));

    Response check = Post("/establishments/MDI/tmpp/phase/check", {{"phase", "0"}}, &security);
    ASSERT_EQ(check.status, 200);
    EXPECT_TRUE(Contains(check.body, "Check the phase change"));
    EXPECT_TRUE(Contains(check.body, "<td class=\"govuk-table__cell\">A0002AA</td>"));
    EXPECT_TRUE(Contains(check.body, "TMPP is not in use in phase 0"));
    EXPECT_EQ(store_.AuditOf("tmpp.phase.set").size(), 0u);  // nothing changed yet

    Response no_reason = Post("/establishments/MDI/tmpp/phase", {{"phase", "0"}}, &security);
    EXPECT_EQ(no_reason.status, 400);
    EXPECT_TRUE(ShowsError(no_reason, "Give the reason for the phase change"));
    EXPECT_TRUE(Contains(no_reason.body, "A0002AA"));

    Response ok = Post("/establishments/MDI/tmpp/phase",
                       {{"phase", "0"}, {"reason", "Outbreak over"}}, &security);
    ASSERT_EQ(ok.status, 303);
    EXPECT_EQ(HeaderOf(ok, "Location"), "/establishments/MDI/tmpp/phase?changed=1");
    Response after = Get("/establishments/MDI/tmpp/phase?changed=1", &security);
    EXPECT_TRUE(Contains(after.body, "Phase changed: 1 grants flagged for review"));
    EXPECT_TRUE(Contains(after.body, "Phase 0"));
    EXPECT_TRUE(Contains(after.body, "href=\"/prisoners/A0002AA#tmpp\""));
    EXPECT_TRUE(Contains(after.body, "no longer qualifies"));
    // The phase history keeps the reason (the audit entry holds only codes).
    EXPECT_TRUE(Contains(after.body, "Phase changes"));
    EXPECT_TRUE(Contains(after.body, "<td class=\"govuk-table__cell\">Outbreak over</td>"));
    EXPECT_TRUE(HtmlProblems(after.body, security.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(after.body, security.csrf));
}

TEST_F(TmppPagesTest, SecurityEditsThePhaseTable) {
    Grant();  // A0002AA: ISOLATING, GREEN, phase 1
    Browser governor = As("governor");
    EXPECT_EQ(Get("/establishments/MDI/tmpp/phase/table", &governor).status, 403);
    Browser security = As("security");
    Response page = Get("/establishments/MDI/tmpp/phase", &security);
    EXPECT_TRUE(Contains(page.body, "href=\"/establishments/MDI/tmpp/phase/table\""));
    Response form = Get("/establishments/MDI/tmpp/phase/table", &security);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(HtmlProblems(form.body, security.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(form.body, security.csrf));
    EXPECT_TRUE(Contains(form.body,
                         "id=\"phase1_needs\" name=\"phase1_needs\" type=\"checkbox\" "
                         "value=\"ISOLATING\" checked"));
    EXPECT_TRUE(Contains(form.body,
                         "name=\"phase2_amber\" type=\"checkbox\" "
                         "value=\"SUPERVISED_USE\" checked"));

    std::vector<std::pair<std::string, std::string>> fields = {
        {"phase1_needs", "SHIELDING"},      {"phase1_bands", "GREEN"},
        {"phase2_needs", "ISOLATING"},      {"phase2_needs", "SHIELDING"},
        {"phase2_bands", "GREEN"},          {"phase2_bands", "AMBER"},
        {"phase2_amber", "SUPERVISED_USE"}, {"phase3_needs", "OTHER"},
        {"phase3_bands", "AMBER"},
    };
    auto bad_fields = fields;
    bad_fields[1] = {"phase1_bands", "RED"};
    Response bad = Post("/establishments/MDI/tmpp/phase/table/check", bad_fields, &security);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(ShowsError(bad, "RED is never granted"));
    EXPECT_TRUE(Contains(bad.body, "href=\"#phase1_bands\""));
    EXPECT_TRUE(HtmlProblems(bad.body, security.csrf).empty());

    Response check = Post("/establishments/MDI/tmpp/phase/table/check", fields, &security);
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_TRUE(Contains(check.body, "Check the new phase table"));
    EXPECT_TRUE(Contains(check.body, "<td class=\"govuk-table__cell\">A0002AA</td>"));
    EXPECT_TRUE(Contains(check.body, "need ISOLATING does not qualify in phase 1"));
    EXPECT_TRUE(Contains(check.body, "name=\"phase3_needs\" value=\"OTHER\""));
    EXPECT_TRUE(HtmlProblems(check.body, security.csrf).empty());
    EXPECT_TRUE(store_.state.phases.empty());  // nothing changed yet

    EXPECT_EQ(Post("/establishments/MDI/tmpp/phase/table", fields, &security, false).status, 403);
    Response saved = Post("/establishments/MDI/tmpp/phase/table", fields, &security);
    ASSERT_EQ(saved.status, 303) << saved.body;
    EXPECT_EQ(HeaderOf(saved, "Location"), "/establishments/MDI/tmpp/phase?table=1");
    Response after = Get("/establishments/MDI/tmpp/phase?table=1", &security);
    EXPECT_TRUE(Contains(after.body, "Phase table saved: 1 grants flagged for review"));
    EXPECT_TRUE(Contains(after.body, "ISOLATING, SHIELDING"));
    EXPECT_TRUE(Contains(after.body, "href=\"/prisoners/A0002AA#tmpp\""));
    ASSERT_EQ(store_.state.phases["MDI"].size(), 4u);
    EXPECT_EQ(store_.AuditOf("tmpp.phase_table.set").size(), 1u);

    // The phase change preview reads the stored table: phase 3 now allows only OTHER.
    Response preview = Post("/establishments/MDI/tmpp/phase/check", {{"phase", "3"}}, &security);
    ASSERT_EQ(preview.status, 200);
    EXPECT_TRUE(Contains(preview.body, "band GREEN is not allowed in phase 3"));
}

// ---- Wing lists ----

TEST_F(TmppPagesTest, PublishAndViewAWingList) {
    Browser officer = As("officer");
    Response empty = Get("/establishments/MDI/wings/A/lists/current", &officer);
    ASSERT_EQ(empty.status, 200);
    EXPECT_TRUE(Contains(empty.body, "No list has been published for wing A yet"));
    EXPECT_FALSE(Contains(empty.body, "Publish the wing"));
    EXPECT_EQ(Get("/establishments/MDI/wings/A/lists/current.csv", &officer).status, 404);

    Grant();
    Browser security = As("security");
    Response published = Post("/establishments/MDI/wings/A/lists", {}, &security);
    ASSERT_EQ(published.status, 303);
    EXPECT_EQ(HeaderOf(published, "Location"),
              "/establishments/MDI/wings/A/lists/current?published=1");
    Response banner = Get("/establishments/MDI/wings/A/lists/current?published=1", &security);
    EXPECT_TRUE(
        Contains(banner.body, "Version 1 of the wing A list published: 1 added, 0 removed"));
    EXPECT_TRUE(HtmlProblems(banner.body, security.csrf).empty());

    Response list = Get("/establishments/MDI/wings/A/lists/current", &officer);
    ASSERT_EQ(list.status, 200);
    const std::string html = Squash(list.body);
    EXPECT_TRUE(Contains(html, "Doe, Jane"));
    EXPECT_TRUE(Contains(html, "A-1-01"));
    EXPECT_TRUE(Contains(html, "22 November 2026 at 10:00 UTC by security"));
    EXPECT_TRUE(Contains(html, "1 authorised prisoner"));
    EXPECT_FALSE(Contains(html, "out of date"));
    EXPECT_TRUE(Contains(html, "href=\"/establishments/MDI/wings/A/lists/current.csv\""));

    // A withdrawal shows at once, before the next publication.
    clock_.Advance(std::chrono::minutes(5));
    ASSERT_TRUE(access_.Withdraw(system_, "A0002AA", "Tampered seal", "IR-7"));
    Response stale = Get("/establishments/MDI/wings/A/lists/current", &officer);
    EXPECT_TRUE(Contains(stale.body, "This list is out of date"));
    EXPECT_TRUE(Contains(stale.body, "Tampered seal"));
    EXPECT_TRUE(Contains(stale.body, "(incident IR-7)"));
    EXPECT_TRUE(Contains(stale.body, ">Withdrawn</strong>"));

    Response again = Post("/establishments/MDI/wings/A/lists", {}, &security);
    Response v2 = Get(HeaderOf(again, "Location"), &security);
    EXPECT_TRUE(Contains(v2.body, "Version 2 of the wing A list published: 0 added, 1 removed"));
    EXPECT_FALSE(Contains(v2.body, "out of date"));
}

TEST_F(TmppPagesTest, WingListCsv) {
    Grant();
    ASSERT_TRUE(access_.PublishWingList(system_, "MDI", "A"));
    Browser officer = As("officer");
    Response csv = Get("/establishments/MDI/wings/A/lists/current.csv", &officer);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(HeaderOf(csv, "Content-Disposition"), "attachment; filename=\"tmpp-MDI-A-v1.csv\"");
    EXPECT_EQ(csv.body.rfind("list_version,published_at,published_by,prison_number,", 0), 0u);
    EXPECT_TRUE(
        Contains(csv.body, ",system,A0002AA,Doe,Jane,A-1-01,GREEN,,2027-02-20,AUTHORISED\r\n"));

    clock_.Advance(std::chrono::minutes(5));
    ASSERT_TRUE(access_.Withdraw(system_, "A0002AA", "Misuse", ""));
    Response stale = Get("/establishments/MDI/wings/A/lists/current.csv", &officer);
    EXPECT_TRUE(Contains(stale.body, ",WITHDRAWN 2026-11-22T10:05:00Z\r\n"));
}

// Both CSVs of a wing list, the page's and the API's, go through one writer (core CsvCell): a
// name that a spreadsheet would run as a formula comes out as text.
TEST_F(TmppPagesTest, BothWingListCsvsNeutraliseFormulas) {
    ASSERT_TRUE(prisoners_.Import(
        system_, "MDI", CsvHeader() + CsvLine(Number(2), "@SUM(A1)", "=HYPERLINK(1)", "MDI", "A"),
        true));
    Grant();
    ASSERT_TRUE(access_.PublishWingList(system_, "MDI", "A"));
    Browser officer = As("officer");
    for (const std::string path : {"/establishments/MDI/wings/A/lists/current.csv",
                                   "/api/v1/establishments/MDI/wings/A/lists/current.csv"}) {
        Response csv = Get(path, &officer);
        ASSERT_EQ(csv.status, 200) << path;
        EXPECT_TRUE(Contains(csv.body, ",'@SUM(A1),")) << path << "\n" << csv.body;
        EXPECT_TRUE(Contains(csv.body, ",'=HYPERLINK(1),")) << path << "\n" << csv.body;
        EXPECT_FALSE(Contains(csv.body, ",@SUM")) << path;
        EXPECT_FALSE(Contains(csv.body, ",=HYPERLINK")) << path;
    }
}

// A success banner shows numbers parsed from the query, or what the service says, never the
// query's own text (a crafted link cannot put words on a GOV.UK page).
TEST_F(TmppPagesTest, BannersNeverEchoTheQueryString) {
    Browser security = As("security");
    Response queue = Get("/establishments/MDI/tmpp?assessed=all%20of%20them&green=1", &security);
    ASSERT_EQ(queue.status, 200);
    EXPECT_FALSE(Contains(queue.body, "all of them"));
    EXPECT_FALSE(Contains(queue.body, "Risk assessment run for"));
    Response counted = Get("/establishments/MDI/tmpp?assessed=3&green=1&amber=1&red=1", &security);
    EXPECT_TRUE(Contains(counted.body, "Risk assessment run for 3 prisoners: 1 GREEN"));
    Response confirmed = Get("/establishments/MDI/tmpp?confirmed=Call%20us", &security);
    EXPECT_FALSE(Contains(confirmed.body, "Call us"));
    Response rules = Get("/tmpp/rules?replaced=Call%20us%20on%200800", &security);
    ASSERT_EQ(rules.status, 200);
    EXPECT_FALSE(Contains(rules.body, "Call us on 0800"));
    EXPECT_TRUE(Contains(rules.body, "are now in force"));
}

// ---- Risk rules ----

TEST_F(TmppPagesTest, RiskRulesPageForEveryRole) {
    for (const std::string user : {"officer", "security", "governor", "monitoring", "reviewer"}) {
        Browser b = As(user);
        Response r = Get("/tmpp/rules", &b);
        ASSERT_EQ(r.status, 200) << user;
        EXPECT_TRUE(Contains(r.body, domain::DefaultRiskRules().version)) << user;
        EXPECT_TRUE(Contains(r.body, domain::DescribeBands(domain::DefaultRiskRules()))) << user;
        for (const auto& s : domain::DescribeRules(domain::DefaultRiskRules())) {
            EXPECT_TRUE(Contains(r.body, HtmlEscape(s.text))) << s.id;
        }
    }
    EXPECT_EQ(Get("/tmpp/rules").status, 303);  // signed out: to the sign-in page
}

TEST_F(TmppPagesTest, AnAdminReplacesTheRules) {
    const std::string rules =
        "version local-2\n"
        "band amber_at=10 red_at=20\n"
        "rule id=xel kind=alert codes=XEL per=once points=15 description=Escape list\n";
    Browser security = As("security");
    Response seen = Get("/tmpp/rules", &security);
    ASSERT_EQ(seen.status, 200);
    EXPECT_FALSE(Contains(seen.body, "Replace the rules"));
    EXPECT_TRUE(Contains(seen.body, "The shipped defaults have always been in force"));
    EXPECT_EQ(Get("/tmpp/rules/replace", &security).status, 403);
    EXPECT_EQ(Post("/tmpp/rules/replace", {{"rules", rules}}, &security).status, 403);

    Browser admin = As("admin");
    Response page = Get("/tmpp/rules", &admin);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "href=\"/tmpp/rules/replace\""));
    Response form = Get("/tmpp/rules/replace", &admin);
    ASSERT_EQ(form.status, 200);
    EXPECT_TRUE(HtmlProblems(form.body, admin.csrf).empty());
    EXPECT_TRUE(Contains(form.body, "type=\"file\""));

    // A bad file: the reason with its line, the text kept, nothing changed.
    Response bad = PostMultipart(
        "/tmpp/rules/replace",
        {{"rules_file", "version local-3\nband amber_at=10 red_at=20\nrule id=x kind=what\n",
          "rules.txt"}},
        admin);
    ASSERT_EQ(bad.status, 400);
    EXPECT_TRUE(ShowsError(bad, "line 3")) << bad.body;
    EXPECT_TRUE(HtmlProblems(bad.body, admin.csrf).empty());
    EXPECT_TRUE(store_.state.risk_rules.empty());
    Response empty = PostMultipart("/tmpp/rules/replace", {{"rules", "", ""}}, admin);
    EXPECT_EQ(empty.status, 400);
    EXPECT_TRUE(ShowsError(empty, "Choose or paste a rules file"));
    EXPECT_EQ(PostMultipart("/tmpp/rules/replace", {{"rules", rules, ""}}, admin, false).status,
              403);

    // Pasted text, then the same version again from a file.
    Response done = PostMultipart("/tmpp/rules/replace", {{"rules", rules, ""}}, admin);
    ASSERT_EQ(done.status, 303) << done.body;
    EXPECT_EQ(HeaderOf(done, "location"), "/tmpp/rules?replaced=local-2");
    Response banner = Get("/tmpp/rules?replaced=local-2", &admin);
    ASSERT_EQ(banner.status, 200);
    EXPECT_TRUE(Contains(banner.body, "Risk rules version local-2 are now in force"));
    EXPECT_TRUE(Contains(banner.body, "local-2 (in force)"));
    EXPECT_TRUE(Contains(banner.body, "Test admin") || Contains(banner.body, ">admin<"));
    Response again =
        PostMultipart("/tmpp/rules/replace", {{"rules_file", rules, "rules.txt"}}, admin);
    EXPECT_EQ(again.status, 409);
    EXPECT_TRUE(ShowsError(again, "already exists"));
    Response officer_view = Get("/tmpp/rules", &security);
    EXPECT_TRUE(Contains(officer_view.body, "Escape list") || Contains(officer_view.body, "XEL"));
    EXPECT_TRUE(Contains(officer_view.body, "local-2"));
    Response queue = Get("/establishments/MDI/tmpp", &security);
    ASSERT_EQ(queue.status, 200);
    EXPECT_TRUE(Contains(queue.body, "Risk rules (version local-2)"));
}

}  // namespace
}  // namespace warden::web::pages::testing
