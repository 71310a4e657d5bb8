// The stocktake and monitoring pages: scanned lines, one a line, take a stocktake and open its
// result; a bad line is named and changes nothing; the monitoring view draws its chart on the
// server and downloads each table as CSV, for MONITORING and SECURITY only.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class StocktakePagesTest : public PagesTest {};

TEST_F(StocktakePagesTest, ScannedLinesTakeAStocktakeAndABadLineIsNamed) {
    Browser spoc = As("spoc");
    auto form = Get("/establishments/MDI/stocktakes/new", &spoc);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(Contains(form.body, "<textarea")) << form.body;
    Browser officer = As("officer");
    EXPECT_EQ(Get("/establishments/MDI/stocktakes/new", &officer).status, 403);

    auto bad = Post("/establishments/MDI/stocktakes", {{"seen", "T1 S0001\nT 1 S2\n"}}, &spoc);
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "Line 2: &quot;T 1 S2&quot; has more than a tag and a seal"))
        << bad.body;
    EXPECT_TRUE(Contains(bad.body, "href=\"#seen\"")) << bad.body;
    EXPECT_TRUE(Contains(bad.body, "T1 S0001")) << "the lines are kept";
    EXPECT_TRUE(store_.state.handsets.stocktakes.empty());

    auto taken = Post("/establishments/MDI/stocktakes", {{"seen", "ZZ9\r\n"}}, &spoc);
    ASSERT_EQ(taken.status, 303) << taken.body;
    EXPECT_EQ(HeaderOf(taken, "Location"), "/establishments/MDI/stocktakes/1");
    EXPECT_EQ(store_.state.handsets.handsets.at("T1").status, domain::HandsetStatus::kLost);
    auto result = Get("/establishments/MDI/stocktakes/1", &officer);
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_TRUE(Contains(result.body, "Missing (1)")) << result.body;
    EXPECT_TRUE(Contains(result.body, "href=\"/tmpp/incidents/MDI-TMPP-2026-00001\""))
        << result.body;
    EXPECT_TRUE(Contains(result.body, "<li>ZZ9</li>")) << result.body;
    auto list = Get("/establishments/MDI/stocktakes", &officer);
    ASSERT_EQ(list.status, 200);
    EXPECT_TRUE(Contains(list.body, "href=\"/establishments/MDI/stocktakes/1\"")) << list.body;
    EXPECT_FALSE(Contains(list.body, "Take a stocktake")) << "officers do not take stocktakes";
}

TEST_F(StocktakePagesTest, AHandsetScannedByItsTagAloneIsListedAsSealNotChecked) {
    Browser spoc = As("spoc");
    ASSERT_EQ(Post("/establishments/MDI/stocktakes", {{"seen", "T1\n"}}, &spoc).status, 303);
    EXPECT_EQ(store_.state.handsets.handsets.at("T1").status, domain::HandsetStatus::kAvailable);
    auto result = Get("/establishments/MDI/stocktakes/1", &spoc);
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_TRUE(Contains(result.body, "Seals not checked (1)")) << result.body;
    EXPECT_TRUE(Contains(result.body, "<td class=\"govuk-table__cell\">S0001</td>")) << result.body;
    EXPECT_TRUE(Contains(result.body, "Missing (0)")) << result.body;

    ASSERT_EQ(Post("/establishments/MDI/stocktakes", {{"seen", "T1 S0001"}}, &spoc).status, 303);
    auto checked = Get("/establishments/MDI/stocktakes/2", &spoc);
    ASSERT_EQ(checked.status, 200) << checked.body;
    EXPECT_TRUE(Contains(checked.body, "Seals not checked (0)")) << checked.body;
}

TEST_F(StocktakePagesTest, MonitoringDrawsTheChartOnTheServerAndDownloadsEveryTable) {
    Browser spoc = As("spoc");
    ASSERT_EQ(Post("/establishments/MDI/stocktakes", {{"seen", "ZZ9"}}, &spoc).status, 303);
    Browser monitoring = As("monitoring");
    auto page = Get("/tmpp/monitoring", &monitoring);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "<svg class=\"app-bar-chart\"")) << page.body;
    EXPECT_TRUE(Contains(page.body, "id=\"chart-incidents-per-month-title\"")) << page.body;
    EXPECT_FALSE(Contains(page.body, "<script src=\"/assets/chart")) << "no JavaScript chart";
    EXPECT_TRUE(Contains(page.body, "November 2026")) << page.body;
    for (const char* csv : {"incidents-per-month", "incidents", "overdue", "handsets", "grants"}) {
        auto r = Get(std::string("/tmpp/monitoring/") + csv + ".csv", &monitoring);
        EXPECT_EQ(r.status, 200) << csv;
        EXPECT_EQ(r.content_type, "text/csv; charset=utf-8") << csv;
        EXPECT_TRUE(Contains(page.body, std::string("href=\"/tmpp/monitoring/") + csv + ".csv\""))
            << csv;
    }
    auto incidents = Get("/tmpp/monitoring/incidents.csv", &monitoring);
    EXPECT_EQ(incidents.body, "month,establishment,type,incidents\r\n2026-11,MDI,LOSS,1\r\n");
    Browser security = As("security");
    EXPECT_EQ(Get("/tmpp/monitoring", &security).status, 200);
    Browser officer = As("officer");
    EXPECT_EQ(Get("/tmpp/monitoring", &officer).status, 403);
    EXPECT_EQ(Get("/tmpp/monitoring/handsets.csv", &officer).status, 403);
}

}  // namespace
}  // namespace warden::web::pages::testing
