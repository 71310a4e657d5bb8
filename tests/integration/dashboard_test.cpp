// The digital demand dashboard over HTTP against a real `warden serve`, on SQLite and
// PostgreSQL: a reviewer downloads the estate's tables as CSV, a governor only their caseload's,
// cells a spreadsheet would run are neutralised, and other roles are refused.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

std::string Proposal(const std::string& establishment, const std::string& title,
                     long long one_off_pence) {
    json::object o;
    o["establishment"] = establishment;
    o["title"] = title;
    o["summary"] = "Fingerprint enrolment";
    o["need"] = "Visitors queue for an hour";
    o["category"] = "BIOMETRICS";
    o["users"] = json::array{"STAFF"};
    o["supplier"] = "Acme Biometrics";
    o["wanted_start"] = "2027-04-01";
    o["one_off_hardware_software_pence"] = one_off_pence;
    o["yearly_support_pence"] = 10000;
    o["contract_years"] = 2;
    return json::serialize(o);
}

class DashboardTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        for (const auto& [name, roles, caseload] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"governor", "GOVERNOR", "MDI"},
                 {"governor.lei", "GOVERNOR", "LEI"},
                 {"digital", "DIGITAL_REVIEWER", ""}}) {
            std::vector<std::string> args = {
                "user",    "add", name, "--name", name, "--email", name + "@example.gov.uk",
                "--roles", roles};
            if (!caseload.empty()) {
                args.push_back("--caseload");
                args.push_back(caseload);
            }
            auto r = Warden(args, std::string(kPassword) + "\n");
            ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
        }
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        WardenTest::TearDown();
    }

    HttpClient Client() { return HttpClient("127.0.0.1", server_->port()); }

    /// Drafts and submits a proposal through the API as `username`.
    void Submit(const std::string& username, const std::string& body) {
        HttpClient client = Client();
        const std::map<std::string, std::string> auth = {
            {"Authorization", "Bearer " + TokenFor(username)},
            {"Content-Type", "application/json"}};
        auto created = client.Send("POST", "/api/v1/proposals", body, auth);
        ASSERT_EQ(created.status, 201) << created.body;
        const auto id = json::parse(created.body).as_object().at("id").as_int64();
        auto submitted =
            client.Send("POST", "/api/v1/proposals/" + std::to_string(id) + "/submit", "", auth);
        ASSERT_EQ(submitted.status, 200) << submitted.body;
    }

    /// A browser signed in as `username` through the sign-in form.
    HttpClient SignedIn(const std::string& username) {
        HttpClient client = Client();
        auto r = SignIn(client, username, kPassword);
        EXPECT_EQ(r.status, 303) << r.body;
        return client;
    }

    std::unique_ptr<ServerProcess> server_;
};

TEST_P(DashboardTest, ReviewerDownloadsTheEstateAndGovernorTheCaseloadAsCsv) {
    // Whole-life: £20,000 + £100 × 2 = £20,200 at MDI; £5,000 + £200 = £5,200 at LEI.
    Submit("governor", Proposal("MDI", "Biometric visitor enrolment", 2'000'000));
    Submit("governor.lei", Proposal("LEI", "=cmd|' /C calc'!A0", 500'000));

    HttpClient reviewer = SignedIn("digital");
    auto page = reviewer.Get("/proposals/dashboard");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<svg class=\"app-bar-chart\""), std::string::npos);
    EXPECT_NE(page.body.find("£25,400"), std::string::npos);

    auto by_establishment = reviewer.Get("/proposals/dashboard/by-establishment.csv");
    ASSERT_EQ(by_establishment.status, 200) << by_establishment.body;
    EXPECT_EQ(by_establishment.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(by_establishment.Header("content-disposition"),
              "attachment; filename=\"demand-by-establishment.csv\"");
    EXPECT_EQ(by_establishment.body,
              "establishment,name,proposals,whole_life_cost_pence,whole_life_cost_pounds\r\n"
              "MDI,HMP Moorland,1,2020000,20200.00\r\n"
              "LEI,HMP Leeds,1,520000,5200.00\r\n");
    auto by_region = reviewer.Get("/proposals/dashboard/by-region.csv");
    EXPECT_EQ(by_region.body,
              "region,name,proposals,whole_life_cost_pence,whole_life_cost_pounds\r\n"
              "YORKS,Yorkshire,2,2540000,25400.00\r\n");
    auto by_category = reviewer.Get("/proposals/dashboard/by-category.csv");
    EXPECT_NE(by_category.body.find("\r\nBIOMETRICS,Biometrics,2,2540000,25400.00\r\n"),
              std::string::npos)
        << by_category.body;
    auto pipeline = reviewer.Get("/proposals/dashboard/pipeline.csv");
    EXPECT_NE(pipeline.body.find("\r\nSUBMITTED,Submitted,2,2540000,25400.00\r\n"),
              std::string::npos)
        << pipeline.body;
    auto overdue = reviewer.Get("/proposals/dashboard/overdue.csv");
    ASSERT_EQ(overdue.status, 200);
    EXPECT_EQ(overdue.body,
              "id,title,establishment,state,submitted_at,days_waiting,whole_life_cost_pence,"
              "whole_life_cost_pounds\r\n");  // submitted today: nothing overdue

    HttpClient governor = SignedIn("governor");
    auto mine = governor.Get("/proposals/dashboard/by-establishment.csv");
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(mine.body,
              "establishment,name,proposals,whole_life_cost_pence,whole_life_cost_pounds\r\n"
              "MDI,HMP Moorland,1,2020000,20200.00\r\n");
    auto page_mine = governor.Get("/proposals/dashboard");
    ASSERT_EQ(page_mine.status, 200);
    EXPECT_EQ(page_mine.body.find("HMP Leeds"), std::string::npos);

    HttpClient security = SignedIn("security");
    EXPECT_EQ(security.Get("/proposals/dashboard").status, 403);
    EXPECT_EQ(security.Get("/proposals/dashboard/by-category.csv").status, 403);
    EXPECT_EQ(reviewer.Get("/proposals/dashboard/secrets.csv").status, 404);
}

TEST_P(DashboardTest, ACellASpreadsheetWouldRunIsNeutralised) {
    // An establishment's name is free text that reaches the CSV.
    auto added = Warden({"establishment", "add", "BWI", "--name", "@SUM(1+1)*cmd", "--region",
                         "YORKS", "--spoc-email", "spoc.bwi@example.gov.uk", "--security-email",
                         "security.bwi@example.gov.uk"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    auto user = Warden({"user", "add", "governor.bwi", "--name", "Gov", "--email",
                        "gov.bwi@example.gov.uk", "--roles", "GOVERNOR", "--caseload", "BWI"},
                       std::string(kPassword) + "\n");
    ASSERT_EQ(user.exit_code, 0) << user.err;
    Submit("governor.bwi", Proposal("BWI", "Kiosks", 500'000));
    HttpClient reviewer = SignedIn("digital");
    auto csv = reviewer.Get("/proposals/dashboard/by-establishment.csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("\r\nBWI,'@SUM(1+1)*cmd,1,520000,5200.00\r\n"), std::string::npos)
        << csv.body;
}

TEST_P(DashboardTest, TheEstateViewGroupsSimilarProposalsWithAHeadlineAndCsv) {
    Submit("governor", Proposal("MDI", "Biometric visitor enrolment", 2'000'000));
    Submit("governor.lei", Proposal("LEI", "=cmd|' /C calc'!A0", 500'000));
    HttpClient reviewer = SignedIn("digital");
    auto page = reviewer.Get("/proposals/estate");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("2 establishments propose biometrics from 1 supplier, £25,400 "
                             "whole-life"),
              std::string::npos)
        << page.body;
    auto csv = reviewer.Get("/proposals/estate.csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
              "group,headline,category,lead_proposal,proposal,establishment,title,supplier,state,"
              "whole_life_cost_pence,whole_life_cost_pounds");
    EXPECT_NE(
        csv.body.find(",LEI,'=cmd|' /C calc'!A0,Acme Biometrics,SUBMITTED,520000,5200.00\r\n"),
        std::string::npos)
        << csv.body;
    HttpClient governor = SignedIn("governor");
    EXPECT_EQ(governor.Get("/proposals/estate").status, 403);
    EXPECT_EQ(governor.Get("/proposals/estate.csv").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, DashboardTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
