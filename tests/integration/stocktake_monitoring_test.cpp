// TMPP stocktakes and the national monitoring view over HTTP against a real `warden serve`, on
// SQLite and PostgreSQL: a stocktake marks the missing handset LOST and quarantines the seal
// mismatch, each with a draft incident, in one transaction; a bad entry is a 400 naming it that
// changes nothing; the monitoring view aggregates in scope and downloads each table as CSV.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "core/clock.hpp"
#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

const std::string kHeader =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";
const std::vector<std::string> kImeis = {"490154203237518", "356938035643809", "864321050000004",
                                         "350000000000014"};
const std::vector<std::string> kIccids = {"8944100000000000018", "8944100000000000026",
                                          "8944100000000000034", "8944100000000000000"};

class StocktakeMonitoringTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        for (const auto& [user, roles, caseload] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"spoc", "TMPP_SPOC", "MDI"}, {"monitor", "MONITORING", ""}}) {
            std::vector<std::string> args = {
                "user",    "add", user, "--name", user, "--email", user + "@example.gov.uk",
                "--roles", roles};
            if (!caseload.empty()) {
                args.push_back("--caseload");
                args.push_back(caseload);
            }
            auto r = Warden(args, std::string(kPassword) + "\n");
            ASSERT_EQ(r.exit_code, 0) << r.err;
        }
        security_ = TokenFor("security");
        officer_ = TokenFor("officer");
        spoc_ = TokenFor("spoc");
        monitor_ = TokenFor("monitor");
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
        // Four handsets; MDI-H3 is issued to A1111AA, who holds a grant on wing A's list.
        Ok(Call("POST", "/api/v1/establishments/MDI/prisoners/import", security_,
                kHeader + "A1111AA,John,Smith,1980-01-02,MDI,A,A-1-001,SENTENCED,C,,0,0,0\n",
                "text/csv"));
        Ok(Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                "{\"phase\":1,\"reason\":\"outbreak\"}"));
        Ok(Call("POST", "/api/v1/establishments/MDI/compacts", security_,
                "{\"text\":\"I will use it well.\"}"),
           201);
        Ok(Call("POST", "/api/v1/establishments/MDI/risk-assessments", security_,
                "{\"scope\":\"all\"}"));
        const std::string p = "/api/v1/prisoners/A1111AA";
        Ok(Call("POST", p + "/needs", security_, "{\"need\":\"ISOLATING\"}"), 201);
        Ok(Call("POST", p + "/compacts", officer_,
                "{\"compact_version\":1,\"signed_on\":\"2020-01-01\",\"witnessed_by\":\"Jo\"}"),
           201);
        Ok(Call("POST", p + "/risk-assessment/decision", security_,
                "{\"band\":\"GREEN\",\"reason\":\"\"}"));
        Ok(Call("POST", p + "/grants", security_, "{\"conditions\":[\"SUPERVISED_USE\"]}"), 201);
        Ok(Call("POST", "/api/v1/establishments/MDI/wings/A/lists", security_), 201);
        for (int i = 0; i < 4; ++i) {
            Ok(Call("POST", "/api/v1/establishments/MDI/handsets", spoc_,
                    "{\"tag\":\"MDI-H" + std::to_string(i) + "\",\"imei\":\"" + kImeis.at(i) +
                        "\",\"model\":\"Nokia 105\",\"iccid\":\"" + kIccids.at(i) +
                        "\",\"phone_number\":\"07700 900123\",\"seal\":\"S000" + std::to_string(i) +
                        "\",\"home_wing\":\"A\"}"),
               201);
        }
        Ok(Call("POST", "/api/v1/handsets/MDI-H3/issue", officer_,
                "{\"prisoner\":\"A1111AA\",\"seal\":\"S0003\"}"));
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        WardenTest::TearDown();
    }

    HttpResponse Call(const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body = "",
                      const std::string& type = "application/json") {
        std::map<std::string, std::string> h = {{"Authorization", "Bearer " + token}};
        if (!body.empty()) h["Content-Type"] = type;
        return client_->Send(method, target, body, h);
    }
    void Ok(const HttpResponse& r, int status = 200) { ASSERT_EQ(r.status, status) << r.body; }
    std::string StatusOf(const std::string& tag) {
        auto r = Call("GET", "/api/v1/handsets/" + tag, officer_);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? std::string(json::parse(r.body).at("status").as_string()) : "";
    }

    std::string security_;
    std::string officer_;
    std::string spoc_;
    std::string monitor_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(StocktakeMonitoringTest, AStocktakeLosesTheMissingAndQuarantinesTheMismatchWithDrafts) {
    const std::string path = "/api/v1/establishments/MDI/stocktakes";
    EXPECT_EQ(Call("POST", path, officer_, "{\"seen\":[{\"tag\":\"MDI-H0\"}]}").status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/establishments/LEI/stocktakes", spoc_,
                   "{\"seen\":[{\"tag\":\"MDI-H0\"}]}")
                  .status,
              404);
    // A bad entry is named and nothing changes.
    auto bad = Call("POST", path, spoc_,
                    "{\"seen\":[{\"tag\":\"MDI-H0\",\"seal\":\"S0000\"},{\"tag\":\"H#1\"}]}");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("seen[1].tag"), std::string::npos) << bad.body;
    EXPECT_EQ(StatusOf("MDI-H2"), "AVAILABLE");
    auto none = Call("GET", path, officer_);
    ASSERT_EQ(none.status, 200) << none.body;
    EXPECT_TRUE(json::parse(none.body).at("items").as_array().empty());

    auto taken = Call("POST", path, spoc_,
                      "{\"seen\":[{\"tag\":\"mdi-h0\",\"seal\":\"S0000\"},"
                      "{\"tag\":\"MDI-H1\",\"seal\":\"S9999\"},{\"tag\":\"ZZ9\",\"seal\":\"\"},"
                      "{\"tag\":\"MDI-H0\"}]}");
    ASSERT_EQ(taken.status, 201) << taken.body;
    auto t = json::parse(taken.body).as_object();
    EXPECT_EQ(t.at("taken_by").as_string(), "spoc");
    EXPECT_EQ(t.at("seen_count").as_int64(), 3);
    EXPECT_EQ(t.at("matched").as_int64(), 1);
    EXPECT_TRUE(t.at("seals_not_checked").as_array().empty()) << "MDI-H0's seal was read once";
    const auto& missing = t.at("missing").as_array();
    ASSERT_EQ(missing.size(), 1U) << taken.body;
    EXPECT_EQ(missing.at(0).at("tag").as_string(), "MDI-H2");
    const std::string loss(missing.at(0).at("incident").at("reference").as_string());
    const auto& mismatches = t.at("seal_mismatches").as_array();
    ASSERT_EQ(mismatches.size(), 1U);
    EXPECT_EQ(mismatches.at(0).at("seal_seen").as_string(), "S9999");
    const std::string seal(mismatches.at(0).at("incident").at("reference").as_string());
    ASSERT_EQ(t.at("unknown").as_array().size(), 1U);
    EXPECT_EQ(t.at("unknown").as_array().at(0).at("tag").as_string(), "ZZ9");
    ASSERT_EQ(t.at("out").as_array().size(), 1U);
    EXPECT_EQ(t.at("out").as_array().at(0).at("issued_to").as_string(), "A1111AA");

    EXPECT_EQ(StatusOf("MDI-H2"), "LOST");
    EXPECT_EQ(StatusOf("MDI-H1"), "QUARANTINED");
    EXPECT_EQ(StatusOf("MDI-H0"), "AVAILABLE");
    EXPECT_EQ(StatusOf("MDI-H3"), "ISSUED");
    for (const auto& [ref, type, tag] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {loss, "LOSS", "MDI-H2"}, {seal, "SEAL_TAMPERED", "MDI-H1"}}) {
        auto i = Call("GET", "/api/v1/incidents/" + ref, officer_);
        ASSERT_EQ(i.status, 200) << i.body;
        auto o = json::parse(i.body).as_object();
        EXPECT_EQ(o.at("status").as_string(), "DRAFT");
        EXPECT_EQ(o.at("type").as_string(), type);
        EXPECT_EQ(o.at("handset").as_string(), tag);
    }
    // Kept, listed and readable, by the page too; the audit log has the stocktake's entry.
    const std::string id = std::to_string(t.at("id").as_int64());
    auto list = Call("GET", path, officer_);
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body).at("items").as_array().size(), 1U);
    auto one = Call("GET", path + "/" + id, officer_);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(json::parse(one.body).at("missing").as_array().size(), 1U);
    EXPECT_EQ(Call("GET", "/api/v1/establishments/LEI/stocktakes/" + id, TokenFor("leeds")).status,
              404);
    auto page = Call("GET", "/establishments/MDI/stocktakes/" + id, officer_);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("/tmpp/incidents/" + loss), std::string::npos);
    auto audit = Call("GET", "/api/v1/audit?subject=establishment:MDI", security_);
    EXPECT_NE(audit.body.find("\"handsets.stocktake\""), std::string::npos) << audit.body;
    // Reading stocktakes is audited too (they name who held handsets out).
    EXPECT_NE(audit.body.find("\"handsets.stocktakes.read\""), std::string::npos) << audit.body;
    auto read = Call("GET", "/api/v1/audit?subject=stocktake:" + id, security_);
    EXPECT_NE(read.body.find("\"handsets.stocktake.read\""), std::string::npos) << read.body;
    auto lost = Call("GET", "/api/v1/audit?subject=handset:MDI-H2", security_);
    EXPECT_NE(lost.body.find("incident=" + loss), std::string::npos) << lost.body;
}

TEST_P(StocktakeMonitoringTest, AHandsetListedByItsTagAloneIsSeenButItsSealNotChecked) {
    auto taken = Call("POST", "/api/v1/establishments/MDI/stocktakes", spoc_,
                      "{\"seen\":[{\"tag\":\"MDI-H0\",\"seal\":\"S0000\"},"
                      "{\"tag\":\"MDI-H1\"},{\"tag\":\"MDI-H2\",\"seal\":\"\"}]}");
    ASSERT_EQ(taken.status, 201) << taken.body;
    auto t = json::parse(taken.body).as_object();
    EXPECT_EQ(t.at("matched").as_int64(), 1);
    EXPECT_TRUE(t.at("missing").as_array().empty()) << taken.body;
    EXPECT_TRUE(t.at("seal_mismatches").as_array().empty()) << taken.body;
    const auto& unchecked = t.at("seals_not_checked").as_array();
    ASSERT_EQ(unchecked.size(), 2U) << taken.body;
    EXPECT_EQ(unchecked.at(0).at("tag").as_string(), "MDI-H1");
    EXPECT_EQ(unchecked.at(0).at("seal_recorded").as_string(), "S0001");
    EXPECT_EQ(unchecked.at(1).at("tag").as_string(), "MDI-H2");
    EXPECT_EQ(StatusOf("MDI-H1"), "AVAILABLE");
    EXPECT_EQ(StatusOf("MDI-H2"), "AVAILABLE");
    // Read back the same, and the audit entry counts them.
    auto one = Call(
        "GET", "/api/v1/establishments/MDI/stocktakes/" + std::to_string(t.at("id").as_int64()),
        officer_);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(json::parse(one.body).at("seals_not_checked").as_array().size(), 2U);
    auto audit = Call("GET", "/api/v1/audit?subject=establishment:MDI", security_);
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_NE(audit.body.find("seals_not_checked=2"), std::string::npos) << audit.body;
}

TEST_P(StocktakeMonitoringTest, MonitoringAggregatesInScopeAndDownloadsEachTable) {
    Ok(Call("POST", "/api/v1/establishments/MDI/stocktakes", spoc_,
            "{\"seen\":[{\"tag\":\"MDI-H0\",\"seal\":\"S0000\"},{\"tag\":\"MDI-H1\"}]}"),
       201);  // MDI-H2 LOST with a LOSS draft
    Ok(Call("POST", "/api/v1/incidents", officer_,
            "{\"type\":\"MISUSE\",\"establishment\":\"MDI\",\"wing\":\"A\","
            "\"description\":\"Photos sent\"}"),
       201);
    EXPECT_EQ(Call("GET", "/tmpp/monitoring", officer_).status, 403);
    auto page = Call("GET", "/tmpp/monitoring", monitor_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<svg class=\"app-bar-chart\""), std::string::npos);
    EXPECT_NE(page.body.find("Every establishment"), std::string::npos);
    auto incidents = Call("GET", "/tmpp/monitoring/incidents.csv", monitor_);
    ASSERT_EQ(incidents.status, 200);
    EXPECT_EQ(incidents.headers["content-type"], "text/csv; charset=utf-8");
    EXPECT_NE(incidents.body.find(",MDI,LOSS,1\r\n"), std::string::npos) << incidents.body;
    EXPECT_NE(incidents.body.find(",MDI,MISUSE,1\r\n"), std::string::npos) << incidents.body;
    auto per_month = Call("GET", "/tmpp/monitoring/incidents-per-month.csv", monitor_);
    EXPECT_NE(per_month.body.find(",2\r\n"), std::string::npos) << per_month.body;
    auto handsets = Call("GET", "/tmpp/monitoring/handsets.csv", monitor_);
    EXPECT_EQ(handsets.body,
              "establishment,available,issued,quarantined,damaged,lost,retired,total\r\n"
              "MDI,2,1,0,0,1,0,4\r\n");
    auto grants = Call("GET", "/tmpp/monitoring/grants.csv", monitor_);
    EXPECT_EQ(grants.body,
              "establishment,phase_0,phase_1,phase_2,phase_3,total\r\nMDI,0,1,0,0,1\r\n");
    // Seal tampering by A1111AA discovered three days ago, reported now: the RIU notification is
    // not due yet, but A1111AA was not placed on report within 48 hours.
    const TimePoint discovered =
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
        std::chrono::hours{72};
    auto raised = Call("POST", "/api/v1/incidents", officer_,
                       "{\"type\":\"SEAL_TAMPERED\",\"establishment\":\"MDI\",\"wing\":\"A\","
                       "\"prisoners\":[\"A1111AA\"],\"discovered_at\":\"" +
                           FormatRfc3339(discovered) + "\",\"description\":\"Seal cut\"}");
    ASSERT_EQ(raised.status, 201) << raised.body;
    const std::string tampered(json::parse(raised.body).at("reference").as_string());
    auto overdue = Call("GET", "/tmpp/monitoring/overdue.csv", monitor_);
    ASSERT_EQ(overdue.status, 200);
    EXPECT_EQ(overdue.body.substr(0, overdue.body.find("\r\n")),
              "reference,type,establishment,status,reported_at,due_by,overdue_step");
    // One row: the placing on report, due 48 hours after discovery.
    EXPECT_NE(overdue.body.find("\r\n" + tampered + ",SEAL_TAMPERED,MDI,REPORTED,"),
              std::string::npos)
        << overdue.body;
    EXPECT_NE(overdue.body.find("," + FormatRfc3339(discovered + std::chrono::hours{48}) +
                                ",PLACED_ON_REPORT\r\n"),
              std::string::npos)
        << overdue.body;
    EXPECT_EQ(overdue.body.find("RIU_NOTIFICATION"), std::string::npos) << overdue.body;
    auto listed = Call("GET", "/tmpp/monitoring", monitor_);
    EXPECT_NE(listed.body.find("/tmpp/incidents/" + tampered), std::string::npos) << listed.body;
    EXPECT_NE(listed.body.find("Placing on report, due by"), std::string::npos) << listed.body;
    // Security at Leeds sees their caseload only.
    auto leeds = Call("GET", "/tmpp/monitoring/handsets.csv", TokenFor("leeds"));
    ASSERT_EQ(leeds.status, 200);
    EXPECT_EQ(leeds.body,
              "establishment,available,issued,quarantined,damaged,lost,retired,total\r\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, StocktakeMonitoringTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
