// `warden serve` as a real process, driven over HTTP, on SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

const char* kCsv =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n"
    "A1234BC,John,Smith,1980-01-02,MDI,A,A-1-001,REMAND,C,,0,0,0\n"
    "B2345CD,Jane,Jones,1975-05-06,MDI,NEW,N-1-001,SENTENCED,B,XEL,1,0,2\n"
    "C3456DE,Bad,Date,1975-02-30,MDI,A,A-1-003,SENTENCED,B,,0,0,0\n";

class ServerTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0) << "SIGTERM must end warden serve with 0";
        }
        WardenTest::TearDown();
    }
    HttpResponse Api(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = "", const std::string& type = "application/json") {
        std::map<std::string, std::string> h = {{"Authorization", "Bearer " + token}};
        if (!body.empty()) h["Content-Type"] = type;
        return client_->Send(method, target, body, h);
    }

    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(ServerTest, HealthInfoAndMetricsArePublic) {
    auto health = client_->Get("/health");
    EXPECT_EQ(health.status, 200);
    auto ready = client_->Get("/health/ready");
    EXPECT_EQ(ready.status, 200);
    auto info = client_->Get("/info");
    ASSERT_EQ(info.status, 200);
    auto doc = json::parse(info.body).as_object();
    EXPECT_TRUE(doc.contains("version"));
    EXPECT_TRUE(doc.contains("commit"));
    auto metrics = client_->Get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("warden_http_requests_total"), std::string::npos);
    EXPECT_NE(metrics.body.find("warden_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_P(ServerTest, EveryResponseCarriesSecurityHeadersAndARequestId) {
    auto r = client_->Get("/health");
    EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(r.Header("content-security-policy").find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_FALSE(r.Header("referrer-policy").empty());
    EXPECT_FALSE(r.Header("x-request-id").empty());
}

TEST_P(ServerTest, ApiNeedsCredentials) {
    auto r = client_->Get("/api/v1/establishments");
    EXPECT_EQ(r.status, 401);
    EXPECT_NE(r.Header("content-type").find("application/problem+json"), std::string::npos);
    auto bad = Api("GET", "/api/v1/establishments", "not-a-token");
    EXPECT_EQ(bad.status, 401);
}

TEST_P(ServerTest, ImportThenFindPrisonersWithinTheCaseloadOnly) {
    auto security = TokenFor("security");
    auto imported =
        Api("POST", "/api/v1/establishments/MDI/prisoners/import", security, kCsv, "text/csv");
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto result = json::parse(imported.body).as_object();
    EXPECT_EQ(result.at("inserted").as_int64(), 2);
    EXPECT_EQ(result.at("updated").as_int64(), 0);
    ASSERT_EQ(result.at("rejected").as_array().size(), 1u);
    EXPECT_EQ(result.at("rejected").as_array()[0].as_object().at("line").as_int64(), 4);

    auto est = Api("GET", "/api/v1/establishments/MDI", security);
    ASSERT_EQ(est.status, 200) << est.body;
    EXPECT_NE(est.body.find("\"NEW\""), std::string::npos) << "the new wing was created";

    auto list = Api("GET", "/api/v1/establishments/MDI/prisoners?q=smi", security);
    ASSERT_EQ(list.status, 200) << list.body;
    auto items = json::parse(list.body).as_object().at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].as_object().at("prison_number").as_string(), "A1234BC");

    auto one = Api("GET", "/api/v1/prisoners/B2345CD", security);
    ASSERT_EQ(one.status, 200) << one.body;

    // Leeds security cannot see Moorland's prisoners: 404, as if they did not exist.
    auto leeds = TokenFor("leeds");
    EXPECT_EQ(Api("GET", "/api/v1/prisoners/B2345CD", leeds).status, 404);
    EXPECT_EQ(Api("GET", "/api/v1/establishments/MDI/prisoners", leeds).status, 404);
    EXPECT_EQ(
        Api("POST", "/api/v1/establishments/MDI/prisoners/import", leeds, kCsv, "text/csv").status,
        404);
    // An officer may read but not import.
    auto officer = TokenFor("officer");
    EXPECT_EQ(Api("GET", "/api/v1/prisoners/A1234BC", officer).status, 200);
    EXPECT_EQ(Api("POST", "/api/v1/establishments/MDI/prisoners/import", officer, kCsv, "text/csv")
                  .status,
              403);
    // ADMIN alone has no access to prisoner data.
    auto admin = TokenFor("admin");
    EXPECT_EQ(Api("GET", "/api/v1/prisoners/A1234BC", admin).status, 403);

    // The read was audited: MDI's Security sees it, ADMIN does not (no prisoner entries), and
    // Leeds' Security does not (not their caseload).
    auto audit = Api("GET", "/api/v1/audit?subject=prisoner:B2345CD", security);
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_NE(audit.body.find("prisoner.read"), std::string::npos) << audit.body;
    auto lists = Api("GET", "/api/v1/audit?subject=establishment:MDI", security);
    EXPECT_NE(lists.body.find("prisoners.list"), std::string::npos) << lists.body;
    auto hidden = Api("GET", "/api/v1/audit?subject=prisoner:B2345CD", admin);
    ASSERT_EQ(hidden.status, 200) << hidden.body;
    EXPECT_EQ(hidden.body.find("prisoner.read"), std::string::npos) << hidden.body;
    auto other = Api("GET", "/api/v1/audit?subject=prisoner:B2345CD", leeds);
    EXPECT_EQ(other.body.find("prisoner.read"), std::string::npos) << other.body;
}

TEST_P(ServerTest, ThePrisonerPageWritesOneAuditEntryForItsThreeReads) {
    auto imported = Api("POST", "/api/v1/establishments/MDI/prisoners/import", TokenFor("security"),
                        kCsv, "text/csv");
    ASSERT_EQ(imported.status, 200) << imported.body;
    HttpClient officer("127.0.0.1", server_->port());
    ASSERT_EQ(SignIn(officer, "officer", kPassword).status, 303);
    const auto count = [&] { return Sql("SELECT COUNT(*) FROM audit_log").out; };
    const std::string before = count();

    auto page = officer.Get("/prisoners/B2345CD");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<h1 class=\"govuk-heading-l\">Jane Jones</h1>"), std::string::npos);
    EXPECT_NE(page.body.find("govuk-tag--red\">XEL</strong>"), std::string::npos);
    EXPECT_NE(page.body.find("id=\"tmpp-heading\">TMPP access</h2>"), std::string::npos);
    EXPECT_NE(page.body.find("title=\"NONE\">No access</strong>"), std::string::npos);

    // One read of the prisoner's record, one entry (ADR 0033): what the page showed of TMPP
    // access and the risk assessment is in its detail, as codes and counts.
    auto entries =
        Sql("SELECT action || ' ' || detail || ' ' || subject || ' ' || actor FROM audit_log "
            "WHERE subject = 'prisoner:B2345CD' ORDER BY seq");
    EXPECT_EQ(entries.out,
              "prisoner.read establishment=MDI tmpp_state=NONE needs=0 events=0 "
              "recommendation=no decision=no prisoner:B2345CD officer\n");
    EXPECT_EQ(std::stoi(count()), std::stoi(before) + 1);

    // Another establishment's prisoner, or none: 404 and nothing written.
    const std::string after = count();
    const std::string leeds = dir_ + "/leeds.csv";
    {
        std::ofstream out(leeds);
        out << "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,"
               "legal_status,security_category,alerts,phone_finds_12m,"
               "phone_adjudications_12m,phone_intel_12m\n"
               "L1111LL,Lee,Leeds,1980-01-02,LEI,A,A-1-001,REMAND,C,,0,0,0\n";
    }
    auto lei = Warden({"import", "prisoners", leeds, "--establishment", "LEI"});
    ASSERT_EQ(lei.exit_code, 0) << lei.out << lei.err;
    const std::string with_import = count();
    EXPECT_EQ(officer.Get("/prisoners/L1111LL").status, 404);
    EXPECT_EQ(officer.Get("/prisoners/Z9999ZZ").status, 404);
    EXPECT_EQ(officer.Get("/prisoners/not-a-number").status, 404);
    EXPECT_EQ(count(), with_import);
    EXPECT_NE(before, after);
}

TEST_P(ServerTest, BadImportsAreRefusedAndChangeNothing) {
    auto security = TokenFor("security");
    auto empty =
        Api("POST", "/api/v1/establishments/MDI/prisoners/import", security, "\n", "text/csv");
    EXPECT_EQ(empty.status, 400) << empty.body;
    auto shape = Api("POST", "/api/v1/establishments/MDI/prisoners/import", security, "a,b\n1,2\n",
                     "text/csv");
    EXPECT_EQ(shape.status, 400) << shape.body;
    // Declared larger than the upload limit: refused from the headers, before any body is read.
    auto too_big = client_->Raw(
        "POST /api/v1/establishments/MDI/prisoners/import HTTP/1.1\r\nHost: x\r\n"
        "Authorization: Bearer " +
        security +
        "\r\nContent-Type: text/csv\r\n"
        "Content-Length: 73400320\r\n\r\n");
    EXPECT_EQ(too_big.substr(0, 12), "HTTP/1.1 413") << too_big;
    auto list = Api("GET", "/api/v1/establishments/MDI/prisoners", security);
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body).as_object().at("items").as_array().size(), 0u);
}

TEST_P(ServerTest, SignInWithAFormAndCsrf) {
    auto page = client_->Get("/sign-in");
    ASSERT_EQ(page.status, 200);
    auto csrf = InputValue(page.body, "csrf_token");
    ASSERT_FALSE(csrf.empty()) << page.body;
    auto wrong = client_->Send(
        "POST", "/sign-in", "csrf_token=" + FormEncode(csrf) + "&username=security&password=wrong",
        {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(wrong.status, 200);  // the form again, with an error summary
    EXPECT_NE(wrong.body.find("govuk-error-summary"), std::string::npos);
    auto csrf2 = InputValue(wrong.body, "csrf_token");
    auto ok = client_->Send("POST", "/sign-in",
                            "csrf_token=" + FormEncode(csrf2.empty() ? csrf : csrf2) +
                                "&username=security&password=" + FormEncode(kPassword),
                            {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(ok.status, 303) << ok.body;
    auto cookie = ok.Header("set-cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    auto home = client_->Get("/");
    EXPECT_EQ(home.status, 200);
    // A session POST without the CSRF token is refused.
    auto no_csrf = client_->Send("POST", "/api/v1/establishments/MDI/prisoners/import", kCsv,
                                 {{"Content-Type", "text/csv"}});
    EXPECT_EQ(no_csrf.status, 403);
}

TEST_P(ServerTest, OversizedBodiesAre413) {
    auto r = client_->Raw(
        "POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
        "\r\nContent-Length: 2097152\r\n\r\n");
    EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413") << r;
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
