// Establishments, prisoner lists (search, wing filter, pagination) and a prisoner's page.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class PrisonerPagesTest : public PagesTest {
  protected:
    // Adds `n` more prisoners to MDI wing "C" (numbers from 100) with a partial import.
    void AddPrisoners(int n) {
        std::string csv = CsvHeader();
        for (int i = 0; i < n; ++i) {
            csv += CsvLine(Number(100 + i), "First" + std::to_string(i), "Last", "MDI", "C");
        }
        ASSERT_TRUE(prisoners_.Import(domain::Actor::System(), "MDI", csv, true));
    }

    // The number of prisoner rows in a list page.
    static int Rows(const std::string& html) {
        int n = 0;
        for (size_t pos = 0; (pos = html.find("href=\"/prisoners/", pos)) != std::string::npos;
             ++pos) {
            ++n;
        }
        return n;
    }
};

TEST_F(PrisonerPagesTest, EstablishmentsListShowsTheCaseloadOnly) {
    Browser officer = As("officer");
    Response r = Get("/establishments", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "href=\"/establishments/MDI\">Moorland</a>"));
    EXPECT_FALSE(Contains(r.body, "Leeds"));
    Browser monitoring = As("monitoring");
    EXPECT_TRUE(Contains(Get("/establishments", &monitoring).body, "Leeds"));
}

TEST_F(PrisonerPagesTest, EstablishmentPageShowsWingsPhaseAndContacts) {
    Browser officer = As("officer");
    Response r = Get("/establishments/MDI", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(TitleOf(r.body), "Moorland (MDI) – Warden");
    EXPECT_TRUE(Contains(r.body, "Phase 1"));
    EXPECT_TRUE(Contains(r.body, "mailto:tmpp.mdi@justice.gov.uk"));
    EXPECT_TRUE(Contains(r.body, "mailto:riu.nw@justice.gov.uk"));
    EXPECT_TRUE(Contains(r.body, "<td class=\"govuk-table__cell\">Standard</td>"));
    EXPECT_TRUE(Contains(r.body, "3 prisoners in custody"));
    EXPECT_FALSE(Contains(r.body, "Add a wing"));        // not ADMIN
    EXPECT_FALSE(Contains(r.body, "Import prisoners"));  // not SECURITY
    EXPECT_TRUE(HtmlProblems(r.body, officer.csrf).empty());
}

TEST_F(PrisonerPagesTest, OutOfCaseloadIsNotFound) {
    Browser officer = As("officer");
    for (const std::string path : {"/establishments/LEI", "/establishments/LEI/prisoners",
                                   "/prisoners/B0001BB", "/prisoners/Z9999ZZ"}) {
        Response r = Get(path, &officer);
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(TitleOf(r.body), "Page not found – Warden") << path;
        EXPECT_FALSE(Contains(r.body, "Leeds")) << path;
        EXPECT_FALSE(Contains(r.body, "Dsman")) << path;
    }
    Browser security = As("security");
    EXPECT_EQ(Get("/establishments/LEI/import", &security).status, 404);
}

TEST_F(PrisonerPagesTest, ListShowsEveryColumnAndLinksToThePrisoner) {
    Browser officer = As("officer");
    Response r = Get("/establishments/MDI/prisoners", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(TitleOf(r.body), "Prisoners at Moorland – Warden");
    EXPECT_TRUE(
        Contains(r.body, "<a class=\"govuk-link\" href=\"/prisoners/A0001AA\">A0001AA</a>"));
    EXPECT_TRUE(Contains(r.body, "Smith, John"));
    EXPECT_TRUE(Contains(r.body, "A-1-01"));
    EXPECT_TRUE(Contains(r.body, "Sentenced"));
    EXPECT_TRUE(Contains(r.body, "3 prisoners"));
    EXPECT_EQ(Rows(r.body), 3);
    EXPECT_FALSE(Contains(r.body, "govuk-pagination"));
    EXPECT_TRUE(HtmlProblems(r.body, officer.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(r.body, officer.csrf));
}

TEST_F(PrisonerPagesTest, AnUnavailableDatabaseIsA503PageWithoutItsErrorText) {
    Browser officer = As("officer");
    store_.fail_audit = true;  // the list's audit entry cannot be stored
    Response r = Get("/establishments/MDI/prisoners", &officer);
    store_.fail_audit = false;
    EXPECT_EQ(r.status, 503);
    EXPECT_TRUE(Contains(r.body, "Sorry, the service is unavailable"));
    EXPECT_FALSE(Contains(r.body, "audit log unavailable")) << r.body;
    EXPECT_FALSE(Contains(r.body, "Smith, John")) << "no page without its audit entry";
}

TEST_F(PrisonerPagesTest, SearchAndWingFilter) {
    Browser officer = As("officer");
    Response by_name = Get("/establishments/MDI/prisoners?q=smi", &officer);
    EXPECT_EQ(Rows(by_name.body), 1);
    EXPECT_TRUE(Contains(by_name.body, "1 prisoner match your search"));
    EXPECT_TRUE(Contains(by_name.body, "value=\"smi\""));
    Response by_number = Get("/establishments/MDI/prisoners?q=A0002", &officer);
    EXPECT_EQ(Rows(by_number.body), 1);
    EXPECT_TRUE(Contains(by_number.body, "Doe, Jane"));
    Response wing = Get("/establishments/MDI/prisoners?wing=A", &officer);
    EXPECT_EQ(Rows(wing.body), 2);
    EXPECT_TRUE(Contains(wing.body, "<option value=\"A\" selected>A (2)</option>"));
    Response none = Get("/establishments/MDI/prisoners?q=nobody", &officer);
    EXPECT_EQ(Rows(none.body), 0);
    EXPECT_TRUE(Contains(none.body, "No prisoners match your search"));
    Response hostile = Get("/establishments/MDI/prisoners?q=%3Cscript%3E", &officer);
    EXPECT_FALSE(Contains(hostile.body, "<script>"));
    EXPECT_TRUE(Contains(hostile.body, "value=\"&lt;script&gt;\""));
}

TEST_F(PrisonerPagesTest, CursorPagination) {
    AddPrisoners(150);
    Browser officer = As("officer");
    Response first = Get("/establishments/MDI/prisoners", &officer);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(Rows(first.body), 100);
    EXPECT_TRUE(Contains(first.body, "153 prisoners"));
    EXPECT_TRUE(Contains(first.body, "Page 1 of 2"));
    std::smatch next;
    ASSERT_TRUE(std::regex_search(first.body, next,
                                  std::regex(R"re(href="([^"]*cursor=[^"]*)" rel="next")re")));
    EXPECT_FALSE(Contains(first.body, "rel=\"prev\""));
    std::string next_href = std::regex_replace(next[1].str(), std::regex("&amp;"), "&");

    Response second = Get(next_href, &officer);
    ASSERT_EQ(second.status, 200);
    EXPECT_EQ(Rows(second.body), 53);
    EXPECT_TRUE(Contains(second.body, "Page 2 of 2"));
    EXPECT_FALSE(Contains(second.body, "rel=\"next\""));
    EXPECT_TRUE(Contains(second.body, "href=\"/establishments/MDI/prisoners\" rel=\"prev\""));
    EXPECT_TRUE(Contains(second.body, "First page"));

    // The filter is kept across pages.
    Response wing = Get("/establishments/MDI/prisoners?wing=C", &officer);
    EXPECT_TRUE(Contains(wing.body, "wing=C&amp;cursor="));
}

TEST_F(PrisonerPagesTest, PrisonerPageShowsEveryFieldAndIsAudited) {
    Browser officer = As("officer");
    Response r = Get("/prisoners/A0001AA", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(TitleOf(r.body), "John Smith (A0001AA) – Warden");
    EXPECT_TRUE(Contains(r.body, "13 August 1980"));
    EXPECT_TRUE(Contains(r.body, "<strong class=\"govuk-tag govuk-tag--red\">PPRC</strong>"));
    EXPECT_TRUE(Contains(r.body, "<strong class=\"govuk-tag govuk-tag--red\">XEL</strong>"));
    EXPECT_TRUE(Contains(r.body, "In custody"));
    EXPECT_TRUE(Contains(r.body, "TMPP access: none recorded"));
    EXPECT_TRUE(Contains(r.body, "C</dd>"));
    EXPECT_EQ(store_.AuditOf("prisoner.read").size(), 1u);
    EXPECT_TRUE(HtmlProblems(r.body, officer.csrf).empty());
    // Lower case numbers work too.
    EXPECT_EQ(Get("/prisoners/a0002aa", &officer).status, 200);
}

TEST_F(PrisonerPagesTest, GonePrisonerIsShownAsGone) {
    std::string csv = CsvHeader() + CsvLine(Number(1), "John", "Smith", "MDI", "A") +
                      CsvLine(Number(2), "Jane", "Doe", "MDI", "A");
    ASSERT_TRUE(prisoners_.Import(domain::Actor::System(), "MDI", csv, false));
    Browser officer = As("officer");
    Response r = Get("/prisoners/A0003AA", &officer);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "Gone: released or transferred"));
    EXPECT_TRUE(Contains(r.body, "Any TMPP access has ended"));
}

TEST_F(PrisonerPagesTest, FindPrisonerByNumber) {
    Browser officer = As("officer");
    Response page = Get("/prisoners", &officer);
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "href=\"/establishments/MDI/prisoners\""));
    Response found = Get("/prisoners?number=+a0001aa+", &officer);
    EXPECT_EQ(found.status, 303);
    EXPECT_EQ(HeaderOf(found, "Location"), "/prisoners/A0001AA");
    Response bad = Get("/prisoners?number=12345", &officer);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(Contains(bad.body,
                         "<a href=\"#number\">Enter a prison number in the correct "
                         "format, like A1234BC</a>"));
    EXPECT_TRUE(Contains(bad.body, "aria-describedby=\"number-hint number-error\""));
}

}  // namespace
}  // namespace warden::web::pages::testing
