// The weekly review of digital demand over HTTP against a real `warden serve`, on SQLite and
// PostgreSQL: a submitted proposal joins the agenda of the next review (ISO week, review day
// from WARDEN_REVIEW_DAY), a week that does not exist is a 400, and issuing the week's advice
// emails the proposer once through the outbox to a real SMTP server on loopback.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

#include "support/fixture.hpp"
#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono;

const std::string kProposal = R"({
  "establishment": "MDI", "title": "Biometric visitor enrolment", "summary": "Fingerprints",
  "need": "Visitors queue for an hour", "category": "BIOMETRICS", "users": ["STAFF"],
  "supplier": "Acme Biometrics", "wanted_start": "2027-04-01",
  "one_off_hardware_software_pence": 2000000, "contract_years": 1})";

/// The ISO week of the next `review_day` on or after today (UTC), like "2026-W49".
std::string NextReviewWeek(weekday review_day) {
    const sys_days today = floor<days>(system_clock::now());
    const sys_days review = today + (review_day - weekday{today});
    const sys_days thursday = review + days{4} - days{weekday{review}.iso_encoding()};
    const year y = year_month_day{thursday}.year();
    const sys_days jan4{y / 1 / 4};
    const sys_days week1 = jan4 - days{weekday{jan4}.iso_encoding() - 1};
    const std::string w = std::to_string((thursday - week1).count() / 7 + 1);
    return std::to_string(static_cast<int>(y)) + "-W" + (w.size() < 2 ? "0" + w : w);
}

class ReviewTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        for (const auto& [name, roles, caseload] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"governor", "GOVERNOR", "MDI"}, {"digital", "DIGITAL_REVIEWER", ""}}) {
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
        governor_ = TokenFor("governor");
        reviewer_ = TokenFor("digital");
        smtp_port_ = FreePort();
        mail_dir_ = dir_ + "/mail";
        env_["WARDEN_SMTP_URL"] = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
        env_["WARDEN_MAIL_FROM"] = "warden@justice.example";
        env_["WARDEN_JOB_TICK_SECONDS"] = "1";
        env_["WARDEN_JOB_PERIODS"] = "outbox.send=1";
        env_["WARDEN_PUBLIC_URL"] = "http://warden.test:8080";
        env_["WARDEN_REVIEW_DAY"] = "friday";
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        WardenTest::TearDown();
    }

    HttpResponse Call(const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body = "") {
        std::map<std::string, std::string> h = {{"Authorization", "Bearer " + token}};
        if (!body.empty()) h["Content-Type"] = "application/json";
        return client_->Send(method, target, body, h);
    }
    static json::object Obj(const HttpResponse& r) { return json::parse(r.body).as_object(); }

    /// A proposal drafted and submitted by the governor; returns its id.
    std::string Submitted() {
        auto created = Call("POST", "/api/v1/proposals", governor_, kProposal);
        EXPECT_EQ(created.status, 201) << created.body;
        const std::string id = std::to_string(Obj(created).at("id").as_int64());
        auto submitted = Call("POST", "/api/v1/proposals/" + id + "/submit", governor_);
        EXPECT_EQ(submitted.status, 200) << submitted.body;
        EXPECT_FALSE(Obj(submitted).at("overdue").as_bool());
        return id;
    }

    std::string governor_, reviewer_;
    int smtp_port_ = 0;
    std::string mail_dir_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(ReviewTest, SubmittedProposalJoinsTheNextWeeksAgenda) {
    const std::string id = Submitted();
    const std::string week = NextReviewWeek(Friday);
    auto agenda = Call("GET", "/api/v1/reviews/" + week, reviewer_);
    ASSERT_EQ(agenda.status, 200) << agenda.body;
    const json::object a = Obj(agenda);
    EXPECT_EQ(a.at("iso_week").as_string(), week);
    EXPECT_EQ(a.at("review_day").as_string(), "FRIDAY");
    ASSERT_EQ(a.at("items").as_array().size(), 1u);
    const json::object item = a.at("items").as_array()[0].as_object();
    EXPECT_EQ(std::to_string(item.at("id").as_int64()), id);
    EXPECT_FALSE(item.at("overdue").as_bool());

    // Weeks that do not exist, and who may ask.
    EXPECT_EQ(Call("GET", "/api/v1/reviews/2026-W54", reviewer_).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/reviews/2025-W53", reviewer_).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/reviews/nonsense", reviewer_).status, 400);
    EXPECT_EQ(Call("POST", "/api/v1/reviews/2026-W54/issue", reviewer_).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/reviews/" + week, governor_).status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/reviews/" + week + "/issue", governor_).status, 403);
}

TEST_P(ReviewTest, IssuingEmailsTheAdviceOnceThroughTheOutbox) {
    SmtpSink sink(smtp_port_, mail_dir_);
    ASSERT_TRUE(sink.Start());
    const std::string id = Submitted();
    Submitted();  // on the agenda without advice
    const std::string week = NextReviewWeek(Friday);
    auto advised = Call("POST", "/api/v1/proposals/" + id + "/advice", reviewer_,
                        R"({"outcome":"SUPPORTED_WITH_CONDITIONS",)"
                        R"("advice":"Use the national biometrics contract"})");
    ASSERT_EQ(advised.status, 200) << advised.body;
    EXPECT_TRUE(Obj(advised).at("advice").as_object().at("issued_at").is_null());

    auto issued = Call("POST", "/api/v1/reviews/" + week + "/issue", reviewer_);
    ASSERT_EQ(issued.status, 200) << issued.body;
    EXPECT_EQ(Obj(issued).at("issued").as_int64(), 1);
    EXPECT_EQ(Obj(issued).at("awaiting_advice").as_int64(), 1);
    auto again = Call("POST", "/api/v1/reviews/" + week + "/issue", reviewer_);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(Obj(again).at("issued").as_int64(), 0);
    EXPECT_EQ(Obj(again).at("already_issued").as_int64(), 1);

    Received r = WaitFor(mail_dir_, 1, seconds(60));
    std::this_thread::sleep_for(seconds(3));  // nothing more arrives
    r = Read(mail_dir_);
    ASSERT_EQ(r.files, 1u) << server_->Log();
    std::string text;
    for (const auto& entry : fs::directory_iterator(mail_dir_)) {
        if (entry.path().extension() != ".eml") continue;
        std::ifstream in(entry.path());
        std::stringstream s;
        s << in.rdbuf();
        text = s.str();
    }
    EXPECT_NE(text.find("governor@example.gov.uk"), std::string::npos) << text;
    EXPECT_NE(text.find("Biometric visitor enrolment"), std::string::npos) << text;
    EXPECT_NE(text.find("Supported with conditions"), std::string::npos) << text;
    EXPECT_NE(text.find("Use the national biometrics contract"), std::string::npos) << text;
    EXPECT_NE(text.find("http://warden.test:8080/proposals/" + id), std::string::npos) << text;

    auto proposal = Obj(Call("GET", "/api/v1/proposals/" + id, governor_));
    EXPECT_EQ(proposal.at("timeline").as_array().back().as_object().at("what").as_string(),
              "ADVICE_ISSUED");
    EXPECT_EQ(proposal.at("advice").as_object().at("issued_at"),
              proposal.at("timeline").as_array().back().as_object().at("at"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
