// TMPP incidents over HTTP against a real `warden serve`, on SQLite and PostgreSQL, with a real
// SMTP server on loopback (tests/support/smtp_sink.py): staff raise an incident and the SPoC is
// emailed; Security notifies the region's RIU, copying the monitoring mailbox, and closes it;
// the list filters by establishment, state, type and overdue in the caller's scope; MONITORING
// reads every establishment's incidents and changes nothing. Emails carry codes, never names,
// dates of birth or the description.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "support/fixture.hpp"
#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono;

const std::string kCsv =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n"
    "A1111AA,Johnathan,Smithers,1980-01-02,MDI,A,A-1-001,SENTENCED,C,,0,0,0\n";

// The reference the server gives the establishment's n-th incident this (UTC) year.
std::string Ref(const std::string& establishment, int n) {
    const year_month_day today{floor<days>(system_clock::now())};
    char digits[8];
    std::snprintf(digits, sizeof digits, "%05d", n);
    return establishment + "-TMPP-" + std::to_string(static_cast<int>(today.year())) + "-" + digits;
}

class IncidentsApiTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        auto monitor = Warden({"user", "add", "monitor", "--name", "Mo Monitor", "--email",
                               "monitor@example.gov.uk", "--roles", "MONITORING"},
                              std::string(kPassword) + "\n");
        ASSERT_EQ(monitor.exit_code, 0) << monitor.err;
        security_ = TokenFor("security");
        officer_ = TokenFor("officer");
        leeds_ = TokenFor("leeds");
        monitor_ = TokenFor("monitor");
        smtp_port_ = FreePort();
        mail_dir_ = dir_ + "/mail";
        env_["WARDEN_SMTP_URL"] = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
        env_["WARDEN_MAIL_FROM"] = "warden@justice.example";
        env_["WARDEN_JOB_TICK_SECONDS"] = "1";
        env_["WARDEN_JOB_PERIODS"] = "outbox.send=1";
        env_["WARDEN_PUBLIC_URL"] = "http://warden.test:8080";
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
        auto imported = Call("POST", "/api/v1/establishments/MDI/prisoners/import", security_, kCsv,
                             "text/csv");
        ASSERT_EQ(imported.status, 200) << imported.body;
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
    static json::object Obj(const HttpResponse& r) { return json::parse(r.body).as_object(); }

    // The references a list answers, in order.
    std::vector<std::string> Refs(const std::string& query, const std::string& token) {
        auto r = Call("GET", "/api/v1/incidents" + query, token);
        EXPECT_EQ(r.status, 200) << r.body;
        std::vector<std::string> out;
        if (r.status != 200) return out;
        const json::object page = Obj(r);
        for (const auto& i : page.at("items").as_array()) {
            out.emplace_back(i.as_object().at("reference").as_string());
        }
        return out;
    }

    // Every email the sink received, as text.
    std::vector<std::string> Emails() {
        std::vector<std::string> out;
        for (const auto& entry : fs::directory_iterator(mail_dir_)) {
            if (entry.path().extension() != ".eml") continue;
            std::ifstream in(entry.path());
            std::stringstream s;
            s << in.rdbuf();
            out.push_back(s.str());
        }
        return out;
    }

    std::string security_, officer_, leeds_, monitor_;
    int smtp_port_ = 0;
    std::string mail_dir_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

const std::string kRaise =
    R"({"type":"MISUSE","establishment":"MDI","wing":"A","prisoners":["A1111AA"],)"
    R"("description":"Photographs sent to a victim","local_ir_number":"IR-9"})";

TEST_P(IncidentsApiTest, RaiseNotifyTheRiuAndCloseEmailsOnceWithCodesOnly) {
    SmtpSink sink(smtp_port_, mail_dir_);
    ASSERT_TRUE(sink.Start());
    auto bad = Call("POST", "/api/v1/incidents", officer_,
                    R"({"type":"NOPE","establishment":"MDI","description":""})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    std::set<std::string> fields;
    const json::object problem = Obj(bad);
    for (const auto& e : problem.at("errors").as_array()) {
        fields.insert(std::string(e.as_object().at("field").as_string()));
    }
    EXPECT_TRUE(fields.count("type")) << bad.body;
    EXPECT_TRUE(fields.count("description")) << bad.body;
    EXPECT_EQ(Call("POST", "/api/v1/incidents", monitor_, kRaise).status, 403);
    // JSON allows \u0000; PostgreSQL's text does not, so neither database gets it.
    auto nul = Call("POST", "/api/v1/incidents", officer_,
                    R"({"type":"OTHER","establishment":"MDI","description":"a\u0000b"})");
    ASSERT_EQ(nul.status, 400) << nul.body;
    EXPECT_NE(nul.body.find("\"description\""), std::string::npos) << nul.body;

    auto raised = Call("POST", "/api/v1/incidents", officer_, kRaise);
    ASSERT_EQ(raised.status, 201) << raised.body;
    const json::object r = Obj(raised);
    const std::string ref(r.at("reference").as_string());
    EXPECT_EQ(ref, Ref("MDI", 1));
    EXPECT_EQ(r.at("status").as_string(), "REPORTED");
    EXPECT_EQ(r.at("description").as_string(), "TMPP: Photographs sent to a victim");
    EXPECT_FALSE(r.at("overdue").as_bool());
    EXPECT_TRUE(r.at("riu_notification_due_by").is_string());

    auto got = Call("GET", "/api/v1/incidents/" + ref, security_);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(Call("GET", "/api/v1/incidents/" + ref, leeds_).status, 404);
    EXPECT_EQ(Call("GET", "/api/v1/incidents/" + ref, monitor_).status, 200);

    EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", officer_).status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", monitor_).status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", leeds_).status, 404);
    auto early =
        Call("POST", "/api/v1/incidents/" + ref + "/close", security_, R"({"outcome":"Advice"})");
    EXPECT_EQ(early.status, 409) << early.body;
    auto notified = Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", security_);
    ASSERT_EQ(notified.status, 200) << notified.body;
    EXPECT_EQ(Obj(notified).at("status").as_string(), "RIU_NOTIFIED");
    EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", security_).status,
              409);

    // Both emails arrive once: the SPoC's, and the RIU's with the monitoring mailbox copied.
    Received got_mail = WaitFor(mail_dir_, 2, seconds(60));
    std::this_thread::sleep_for(seconds(2));  // nothing more arrives
    got_mail = Read(mail_dir_);
    ASSERT_EQ(got_mail.files, 2U) << server_->Log();
    EXPECT_EQ(got_mail.by_message_id.size(), 2U);
    int riu = 0;
    for (const auto& text : Emails()) {
        EXPECT_NE(text.find(ref), std::string::npos) << text;
        EXPECT_NE(text.find("MISUSE"), std::string::npos) << text;
        EXPECT_NE(text.find("A1111AA"), std::string::npos) << text;
        EXPECT_NE(text.find("http://warden.test:8080/tmpp/incidents/" + ref), std::string::npos);
        // Personal data and intelligence stay out of the whole email but its Message-ID, a random
        // UUID that may hold "1980" by chance (it once did: c19808c).
        std::string checked = text;
        if (const auto id = checked.find("Message-ID:"); id != std::string::npos) {
            checked.erase(id, checked.find('\n', id) - id);
        }
        for (const char* never : {"Johnathan", "Smithers", "1980", "Photographs", "IR-9"}) {
            EXPECT_EQ(checked.find(never), std::string::npos) << never << " in " << text;
        }
        if (text.find("riu@example.gov.uk") != std::string::npos) {
            ++riu;
            EXPECT_NE(text.find("Cc: mobilePINmonitoring@justice.gov.uk"), std::string::npos)
                << text;
        } else {
            EXPECT_NE(text.find("spoc.mdi@example.gov.uk"), std::string::npos) << text;
        }
    }
    EXPECT_EQ(riu, 1);

    // The incident shows both emails SENT, and its steps in order.
    json::object v;
    for (int i = 0; i < 50; ++i) {
        v = Obj(Call("GET", "/api/v1/incidents/" + ref, security_));
        bool sent = true;
        for (const auto& n : v.at("notifications").as_array()) {
            sent = sent && n.as_object().at("state").as_string() == "SENT";
        }
        if (sent) break;
        std::this_thread::sleep_for(milliseconds(200));
    }
    ASSERT_EQ(v.at("notifications").as_array().size(), 2U);
    for (const auto& n : v.at("notifications").as_array()) {
        EXPECT_EQ(n.as_object().at("state").as_string(), "SENT") << json::serialize(v);
    }

    auto no_outcome = Call("POST", "/api/v1/incidents/" + ref + "/close", security_, "{}");
    EXPECT_EQ(no_outcome.status, 400) << no_outcome.body;
    EXPECT_NE(no_outcome.body.find("outcome"), std::string::npos);
    EXPECT_EQ(
        Call("POST", "/api/v1/incidents/" + ref + "/close", monitor_, R"({"outcome":"Advice"})")
            .status,
        403);
    // MISUSE closes only with both sanctions against A1111AA (who holds no TMPP access here).
    auto missing = Call("POST", "/api/v1/incidents/" + ref + "/close", security_,
                        R"({"outcome":"Words of advice given"})");
    ASSERT_EQ(missing.status, 409) << missing.body;
    EXPECT_NE(missing.body.find("A1111AA has no WITHDRAWAL or PLACED_ON_REPORT"), std::string::npos)
        << missing.body;
    for (const char* body : {R"({"prisoner":"A1111AA","kind":"WITHDRAWAL"})",
                             R"({"prisoner":"A1111AA","kind":"PLACED_ON_REPORT",)"
                             R"("reference":"MDI-000042"})"}) {
        auto sanctioned = Call("POST", "/api/v1/incidents/" + ref + "/sanctions", security_, body);
        ASSERT_EQ(sanctioned.status, 201) << sanctioned.body;
    }
    auto closed = Call("POST", "/api/v1/incidents/" + ref + "/close", security_,
                       R"({"outcome":"Words of advice given"})");
    ASSERT_EQ(closed.status, 200) << closed.body;
    const json::object c = Obj(closed);
    EXPECT_EQ(c.at("status").as_string(), "CLOSED");
    std::vector<std::string> steps;
    for (const auto& e : c.at("timeline").as_array()) {
        steps.emplace_back(e.as_object().at("what").as_string());
    }
    EXPECT_EQ(steps, (std::vector<std::string>{"RAISED", "REPORTED", "RIU_NOTIFIED", "SANCTION",
                                               "SANCTION", "CLOSED"}));

    // Each step audited with codes only.
    auto audit = Call("GET", "/api/v1/audit?subject=incident:" + ref, security_);
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::set<std::string> actions;
    const json::object entries = Obj(audit);
    for (const auto& e : entries.at("items").as_array()) {
        actions.insert(std::string(e.as_object().at("action").as_string()));
    }
    EXPECT_EQ(actions,
              (std::set<std::string>{"incidents.raise", "incidents.report", "incidents.riu_notify",
                                     "incidents.sanction", "incidents.close", "incidents.read"}));
    EXPECT_EQ(audit.body.find("Photographs"), std::string::npos);
    EXPECT_EQ(audit.body.find("Words of advice"), std::string::npos);
}

TEST_P(IncidentsApiTest, TheListFiltersInScopeAndMonitoringReadsEveryEstablishment) {
    ASSERT_EQ(Call("POST", "/api/v1/incidents", officer_, kRaise).status, 201);
    auto loss = Call("POST", "/api/v1/incidents", security_,
                     R"({"type":"LOSS","establishment":"MDI","description":"Handset missing"})");
    ASSERT_EQ(loss.status, 201) << loss.body;
    auto leeds = Call("POST", "/api/v1/incidents", leeds_,
                      R"({"type":"OTHER","establishment":"LEI","description":"Charger gone"})");
    ASSERT_EQ(leeds.status, 201) << leeds.body;
    EXPECT_EQ(Call("POST", "/api/v1/incidents", leeds_,
                   R"({"type":"OTHER","establishment":"MDI","description":"x"})")
                  .status,
              400);
    ASSERT_EQ(
        Call("POST", "/api/v1/incidents/" + Ref("MDI", 1) + "/riu-notification", security_).status,
        200);

    using V = std::vector<std::string>;
    EXPECT_EQ(Refs("", security_), (V{Ref("MDI", 2), Ref("MDI", 1)}));
    EXPECT_EQ(Refs("", monitor_), (V{Ref("LEI", 1), Ref("MDI", 2), Ref("MDI", 1)}));
    // An establishment outside the caseload is not found, as its records are.
    EXPECT_EQ(Call("GET", "/api/v1/incidents?establishment=LEI", security_).status, 404);
    EXPECT_EQ(Refs("?establishment=LEI", monitor_), V{Ref("LEI", 1)});
    EXPECT_EQ(Refs("?type=LOSS", monitor_), V{Ref("MDI", 2)});
    EXPECT_EQ(Refs("?status=RIU_NOTIFIED", officer_), V{Ref("MDI", 1)});
    EXPECT_EQ(Refs("?status=REPORTED&establishment=MDI", monitor_), V{Ref("MDI", 2)});
    EXPECT_EQ(Refs("?overdue=true", monitor_), V{}) << "reported just now";
    EXPECT_EQ(Refs("?overdue=false", monitor_).size(), 3U);
    auto page = Call("GET", "/api/v1/incidents?limit=2", monitor_);
    ASSERT_EQ(page.status, 200);
    const std::string cursor(Obj(page).at("next_cursor").as_string());
    EXPECT_EQ(Refs("?limit=2&cursor=" + cursor, monitor_), V{Ref("MDI", 1)});
    auto bad = Call("GET", "/api/v1/incidents?status=OPEN&overdue=soon", monitor_);
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_NE(bad.body.find("\"status\""), std::string::npos);
    EXPECT_NE(bad.body.find("\"overdue\""), std::string::npos);
    EXPECT_EQ(Call("GET", "/api/v1/incidents", TokenFor("admin")).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentsApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
