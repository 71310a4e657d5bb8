// The digital demand dashboard: a reviewer sees the estate and a governor their caseload, as SVG
// bar charts drawn on the server with the same figures in a table beside each; overdue advice;
// every table as CSV through the safe CSV writer; everyone else is refused.

#include "domain/testing/proposal_fields.hpp"
#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class DashboardPagesTest : public PagesTest {
  protected:
    void SetUp() override {
        AddUser("governor.lei", {domain::Role::kGovernor}, {"LEI"});
        governor_ = As("governor");
        reviewer_ = As("reviewer");
    }

    void ExpectClean(const Response& r, const Browser& b) {
        EXPECT_TRUE(HtmlProblems(r.body, b.csrf).empty())
            << ::testing::PrintToString(HtmlProblems(r.body, b.csrf));
    }

    /// A proposal drafted by `proposer` at `establishment`, submitted unless `draft`.
    Id Propose(const std::string& proposer, const std::string& establishment,
               const std::string& title, const std::string& category, std::int64_t pence,
               bool draft = false) {
        const domain::Actor actor{
            0, proposer, {domain::Role::kGovernor}, {establishment}, "127.0.0.1"};
        domain::ProposalFields f = domain::testing::SubmittableFields(establishment, title);
        f.category = category;
        f.one_off_hardware_software_pence = pence;
        auto created = proposals_.Create(actor, f);
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        if (!created.ok()) return 0;
        if (!draft) {
            EXPECT_TRUE(proposals_.Submit(actor, created->proposal.id).ok());
        }
        return created->proposal.id;
    }

    /// Two submitted proposals at MDI (biometrics £1,500.50 and kiosks £200), one at LEI
    /// (biometrics £3,000) and a draft at MDI (£99).
    void SeedProposals() {
        Propose("governor", "MDI", "Biometric visitor enrolment", "BIOMETRICS", 150'050);
        Propose("governor", "MDI", "Wing kiosks", "KIOSKS", 20'000);
        Propose("governor.lei", "LEI", "=HYPERLINK(\"http://evil\")", "BIOMETRICS", 300'000);
        Propose("governor", "MDI", "Tablets draft", "LAPTOPS_TABLETS", 9'900, true);
    }

    Browser governor_;
    Browser reviewer_;
};

TEST_F(DashboardPagesTest, ReviewerSeesTheEstateAsChartsWithTheSameFiguresInTables) {
    SeedProposals();
    Response page = Get("/proposals/dashboard", &reviewer_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(TitleOf(page.body), "Digital demand dashboard – Warden");
    ExpectClean(page, reviewer_);
    const std::string html = Squash(page.body);
    EXPECT_TRUE(Contains(html, "All establishments"));
    EXPECT_TRUE(Contains(html, "<dd class=\"govuk-summary-list__value\" id=\"total-proposals\">3"));
    EXPECT_TRUE(Contains(html, "id=\"total-cost\">£4,700.50</dd>"));

    // Each chart is an accessible image named by its title, drawn without JavaScript.
    for (const char* id : {"by-category", "by-establishment", "by-region", "pipeline"}) {
        const std::string chart = std::string("chart-") + id;
        EXPECT_TRUE(Contains(
            html, "role=\"img\" aria-labelledby=\"" + chart + "-title " + chart + "-desc\""))
            << id;
        EXPECT_TRUE(Contains(html, "<title id=\"" + chart + "-title\">")) << id;
        EXPECT_TRUE(Contains(html, "id=\"" + std::string(id) + "-table\"")) << id;
        EXPECT_TRUE(Contains(html, "href=\"/proposals/dashboard/" + std::string(id) + ".csv\""))
            << id;
    }
    // The same figures in chart and table: biometrics at MDI and LEI, £4,500.50.
    EXPECT_TRUE(Contains(html, ">Biometrics</text>"));
    EXPECT_TRUE(Contains(html, ">£4,500.50</text>"));
    EXPECT_TRUE(Contains(html,
                         "<th scope=\"row\" class=\"govuk-table__header\">Biometrics</th><td "
                         "class=\"govuk-table__cell govuk-table__cell--numeric\">2</td><td "
                         "class=\"govuk-table__cell govuk-table__cell--numeric\">£4,500.50</td>"));
    // Establishments costliest first, named; the region of both.
    EXPECT_LT(html.find(">Leeds (LEI)</th>"), html.find(">Moorland (MDI)</th>"));
    EXPECT_TRUE(Contains(html,
                         ">Moorland (MDI)</th><td class=\"govuk-table__cell "
                         "govuk-table__cell--numeric\">2</td><td class=\"govuk-table__cell "
                         "govuk-table__cell--numeric\">£1,700.50</td>"));
    EXPECT_TRUE(Contains(html, ">North West</th>"));
    // Reviewers never see drafts: no Draft row, and the draft's cost is nowhere.
    EXPECT_FALSE(Contains(html, ">Draft</th>"));
    EXPECT_FALSE(Contains(html, "£99"));
    EXPECT_TRUE(Contains(html,
                         ">Submitted</th><td class=\"govuk-table__cell "
                         "govuk-table__cell--numeric\">3</td>"));
    EXPECT_TRUE(Contains(html, "id=\"no-overdue\""));
}

TEST_F(DashboardPagesTest, GovernorSeesOnlyTheCaseloadWithDrafts) {
    SeedProposals();
    Response page = Get("/proposals/dashboard", &governor_);
    ASSERT_EQ(page.status, 200) << page.body;
    ExpectClean(page, governor_);
    const std::string html = Squash(page.body);
    EXPECT_TRUE(Contains(html, "Your establishments: MDI"));
    EXPECT_TRUE(Contains(html, "id=\"total-cost\">£1,700.50</dd>"));
    EXPECT_FALSE(Contains(html, "Leeds"));
    EXPECT_FALSE(Contains(html, "HYPERLINK"));
    EXPECT_FALSE(Contains(html, "£3,000"));
    EXPECT_TRUE(Contains(html,
                         ">Draft</th><td class=\"govuk-table__cell "
                         "govuk-table__cell--numeric\">1</td><td class=\"govuk-table__cell "
                         "govuk-table__cell--numeric\">£99</td>"));

    Response csv = Get("/proposals/dashboard/by-establishment.csv", &governor_);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body,
              "establishment,name,proposals,whole_life_cost_pence,whole_life_cost_pounds\r\n"
              "MDI,Moorland,2,170050,1700.50\r\n");

    // The proposals list links to the dashboard.
    EXPECT_TRUE(Contains(Get("/proposals", &governor_).body, "href=\"/proposals/dashboard\""));
}

TEST_F(DashboardPagesTest, OverdueAdviceIsShownAndDownloaded) {
    SeedProposals();
    clock_.Advance(std::chrono::hours(24 * 12));
    reviewer_ = As("reviewer");  // the old session has timed out
    Response page = Get("/proposals/dashboard", &reviewer_);
    ASSERT_EQ(page.status, 200) << page.body;
    ExpectClean(page, reviewer_);
    const std::string html = Squash(page.body);
    EXPECT_TRUE(Contains(html, "id=\"total-overdue\">3</dd>"));
    EXPECT_TRUE(Contains(html, "id=\"overdue-table\""));
    EXPECT_TRUE(Contains(html,
                         "<a class=\"govuk-link\" href=\"/proposals/1\">Biometric visitor "
                         "enrolment</a>"));
    EXPECT_TRUE(Contains(html, "govuk-table__cell--numeric\">12</td>"));

    Response csv = Get("/proposals/dashboard/overdue.csv", &reviewer_);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
              "id,title,establishment,state,submitted_at,days_waiting,whole_life_cost_pence,"
              "whole_life_cost_pounds");
    EXPECT_TRUE(Contains(csv.body,
                         "1,Biometric visitor enrolment,MDI,SUBMITTED,"
                         "2026-11-22T10:00:00Z,12,150050,1500.50\r\n"));
    // A title that a spreadsheet would run is neutralised by CsvCell.
    EXPECT_TRUE(Contains(csv.body, ",\"'=HYPERLINK(\"\"http://evil\"\")\",LEI,"));
}

TEST_F(DashboardPagesTest, EveryTableDownloadsAsCsv) {
    SeedProposals();
    Response category = Get("/proposals/dashboard/by-category.csv", &reviewer_);
    ASSERT_EQ(category.status, 200) << category.body;
    EXPECT_EQ(category.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(HeaderOf(category, "Content-Disposition"),
              "attachment; filename=\"demand-by-category.csv\"");
    EXPECT_EQ(HeaderOf(category, "Cache-Control"), "no-store");
    EXPECT_TRUE(Contains(category.body,
                         "category,name,proposals,whole_life_cost_pence,whole_life_cost_pounds\r\n"
                         "IN_CELL_TECHNOLOGY,In-cell technology,0,0,0.00\r\n"
                         "BIOMETRICS,Biometrics,2,450050,4500.50\r\n"));
    Response region = Get("/proposals/dashboard/by-region.csv", &reviewer_);
    EXPECT_EQ(region.body,
              "region,name,proposals,whole_life_cost_pence,whole_life_cost_pounds\r\n"
              "NW,North West,3,470050,4700.50\r\n");
    Response pipeline = Get("/proposals/dashboard/pipeline.csv", &reviewer_);
    EXPECT_TRUE(Contains(pipeline.body,
                         "state,name,proposals,whole_life_cost_pence,"
                         "whole_life_cost_pounds\r\nSUBMITTED,Submitted,3,470050,"
                         "4700.50\r\n"));
    EXPECT_FALSE(Contains(pipeline.body, "DRAFT"));
    EXPECT_EQ(Get("/proposals/dashboard/nothing.csv", &reviewer_).status, 404);
    EXPECT_EQ(Get("/proposals/dashboard/by-category", &reviewer_).status, 404);
}

TEST_F(DashboardPagesTest, NothingSubmittedYetSaysSo) {
    Response page = Get("/proposals/dashboard", &reviewer_);
    ASSERT_EQ(page.status, 200) << page.body;
    ExpectClean(page, reviewer_);
    EXPECT_TRUE(Contains(page.body, "id=\"by-category-empty\""));
    EXPECT_TRUE(Contains(page.body, "id=\"no-overdue\""));
}

TEST_F(DashboardPagesTest, OthersAreRefused) {
    for (const char* user : {"monitoring", "security", "officer", "admin"}) {
        Browser b = As(user);
        EXPECT_EQ(Get("/proposals/dashboard", &b).status, 403) << user;
        EXPECT_EQ(Get("/proposals/dashboard/by-category.csv", &b).status, 403) << user;
    }
    // Signed out: to the sign-in page.
    EXPECT_EQ(Get("/proposals/dashboard").status, 303);
}

}  // namespace
}  // namespace warden::web::pages::testing
