// The email outbox end to end (ADR 0006): `warden outbox send-test` queues emails, `warden serve`
// sends them to a real SMTP server on loopback (tests/support/smtp_sink.py, Debian's
// python3-aiosmtpd), which writes each message it accepts to a folder. Without WARDEN_SMTP_URL
// the emails wait and ADMIN's outbox page says why.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "support/fixture.hpp"
#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"

namespace warden::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class OutboxTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        smtp_port_ = FreePort();
        mail_dir_ = dir_ + "/mail";
        env_["WARDEN_SMTP_URL"] = "smtp://127.0.0.1:" + std::to_string(smtp_port_);
        env_["WARDEN_MAIL_FROM"] = "warden@justice.example";
        env_["WARDEN_JOB_TICK_SECONDS"] = "1";
        env_["WARDEN_JOB_PERIODS"] = "outbox.send=1";
        env_["WARDEN_OUTBOX_MAX_BACKOFF_SECONDS"] = "1";
        ASSERT_EQ(Warden({"migrate"}).exit_code, 0);
    }

    void Queue(int count) {
        auto r = Warden(
            {"outbox", "send-test", "ops@justice.example", "--count", std::to_string(count)});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        ASSERT_NE(r.out.find("queued for ops@justice.example"), std::string::npos) << r.out;
    }

    int smtp_port_ = 0;
    std::string mail_dir_;
};

TEST_P(OutboxTest, EveryEmailArrivesOnceWithItsHeaders) {
    Queue(40);
    SmtpSink sink(smtp_port_, mail_dir_);
    ASSERT_TRUE(sink.Start());
    ServerProcess server(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(server.Start(log)) << log;
    Received r = WaitFor(mail_dir_, 40, 90s);
    std::this_thread::sleep_for(2s);  // anything sent twice would arrive by now
    r = Read(mail_dir_);
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(r.by_message_id.size(), 40u) << server.Log();
    EXPECT_EQ(r.files, 40u);
    for (const auto& [id, n] : r.by_message_id) EXPECT_EQ(n, 1) << id;

    // The message is the one queued: sender, recipient, subject.
    std::ifstream first(mail_dir_ + "/00000001.eml");
    std::stringstream text;
    text << first.rdbuf();
    EXPECT_NE(text.str().find("From: warden@justice.example"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("To: ops@justice.example"), std::string::npos);
    EXPECT_NE(text.str().find("Subject: Warden test email"), std::string::npos);
    EXPECT_NE(server.Log().find("40 emails sent"), std::string::npos) << server.Log();
}

TEST_P(OutboxTest, WithTheMailServerDownThenBackEveryEmailArrivesOnce) {
    Queue(25);
    ServerProcess server(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(server.Start(log)) << log;
    // Nothing listens on the SMTP port: the sender fails and backs off.
    std::this_thread::sleep_for(4s);
    EXPECT_NE(server.Log().find("25 to retry"), std::string::npos) << server.Log();
    SmtpSink sink(smtp_port_, mail_dir_);
    ASSERT_TRUE(sink.Start());
    Received r = WaitFor(mail_dir_, 25, 90s);
    std::this_thread::sleep_for(2s);
    r = Read(mail_dir_);
    EXPECT_EQ(server.Stop(), 0);
    EXPECT_EQ(r.by_message_id.size(), 25u) << server.Log();
    EXPECT_EQ(r.files, 25u);
}

TEST_P(OutboxTest, KillNineWhileSendingLosesNothing) {
    // At-least-once with a stable Message-ID: after kill -9 between the server's acceptance and
    // the commit of SENT, the claimed batch (at most 100) is sent again with the same
    // Message-IDs once its lease expires; every email arrives, only that batch may repeat, and an
    // email whose SENT was committed before the kill arrives once.
    env_["WARDEN_OUTBOX_LEASE_SECONDS"] = "5";
    const size_t total = 1500;
    Queue(static_cast<int>(total));
    SmtpSink sink(smtp_port_, mail_dir_);
    ASSERT_TRUE(sink.Start());
    std::string log;
    {
        ServerProcess first(WardenBinary(), env_);
        ASSERT_TRUE(first.Start(log)) << log;
        const auto until = std::chrono::steady_clock::now() + 90s;
        while (Read(mail_dir_).files < 150 && std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(20ms);
        }
        ASSERT_EQ(kill(first.pid(), SIGKILL), 0);
        EXPECT_EQ(first.Stop(), 128 + SIGKILL);
    }
    const size_t at_kill = Read(mail_dir_).by_message_id.size();
    EXPECT_LT(at_kill, total) << "the kill came after everything was sent";
    // The emails whose acceptance was committed (SENT) before the kill.
    const std::string sent_sql = "SELECT message_id FROM outbox_messages WHERE state = 'SENT'";
    CommandResult sent = Sql(sent_sql);
    ASSERT_EQ(sent.exit_code, 0) << sent.err;
    std::vector<std::string> acknowledged;
    std::istringstream lines(sent.out);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) acknowledged.push_back(line);
    }
    EXPECT_FALSE(acknowledged.empty()) << "the kill came before any SENT was committed";
    ServerProcess second(WardenBinary(), env_);
    ASSERT_TRUE(second.Start(log)) << log;
    Received r = WaitFor(mail_dir_, total, 120s);
    std::this_thread::sleep_for(2s);
    r = Read(mail_dir_);
    EXPECT_EQ(second.Stop(), 0);
    EXPECT_EQ(r.by_message_id.size(), total) << second.Log();
    EXPECT_LE(r.files - r.by_message_id.size(), 100u);
    for (const auto& [id, n] : r.by_message_id) EXPECT_LE(n, 2) << id;
    // Nothing already acknowledged is sent again.
    for (const auto& id : acknowledged) {
        auto it = r.by_message_id.find(id);
        ASSERT_NE(it, r.by_message_id.end()) << id;
        EXPECT_EQ(it->second, 1) << id << " was SENT before the kill and arrived again";
    }
}

TEST_P(OutboxTest, TheOperatorsApiShowsWhatIsWaitingAndRetriesOnlyTheDead) {
    // Over HTTP (API.md: GET /api/v1/outbox, POST /api/v1/outbox/{id}/retry): with the mail
    // server down, the queued emails wait with the sender's last error; only ADMIN may look.
    LoadOrganisation();
    const std::string admin = TokenFor("admin");
    const std::string security = TokenFor("security");
    Queue(3);
    ServerProcess server(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(server.Start(log)) << log;
    HttpClient client("127.0.0.1", server.port());
    const auto call = [&](const std::string& method, const std::string& target,
                          const std::string& token) {
        return client.Send(method, target, "", {{"Authorization", "Bearer " + token}});
    };
    const auto until = std::chrono::steady_clock::now() + 30s;
    boost::json::object outbox;
    do {
        std::this_thread::sleep_for(200ms);
        HttpResponse r = call("GET", "/api/v1/outbox?state=PENDING", admin);
        ASSERT_EQ(r.status, 200) << r.body;
        outbox = boost::json::parse(r.body).as_object();
    } while (outbox.at("items").as_array().at(0).at("last_error").is_null() &&
             std::chrono::steady_clock::now() < until);
    EXPECT_EQ(outbox.at("counts").at("PENDING").as_int64(), 3);
    EXPECT_EQ(outbox.at("counts").at("SENT").as_int64(), 0);
    EXPECT_TRUE(outbox.at("sending").as_bool());
    const auto& items = outbox.at("items").as_array();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].at("to").as_array().at(0).as_string(), "ops@justice.example");
    EXPECT_EQ(items[0].at("subject").as_string(), "Warden test email");
    EXPECT_FALSE(items[0].at("last_error").is_null()) << "the sender's failure is shown";
    EXPECT_GE(items[0].at("attempts").as_int64(), 1);
    const std::string id = std::to_string(items[0].at("id").as_int64());

    HttpResponse sent = call("GET", "/api/v1/outbox?state=SENT", admin);
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_TRUE(boost::json::parse(sent.body).at("items").as_array().empty());
    EXPECT_EQ(call("GET", "/api/v1/outbox?state=WAITING", admin).status, 400);
    HttpResponse live = call("POST", "/api/v1/outbox/" + id + "/retry", admin);
    EXPECT_EQ(live.status, 409) << live.body;
    EXPECT_NE(live.body.find("only a dead email can be retried"), std::string::npos) << live.body;
    EXPECT_EQ(call("POST", "/api/v1/outbox/999999/retry", admin).status, 404);
    EXPECT_EQ(call("GET", "/api/v1/outbox", security).status, 403);
    EXPECT_EQ(call("POST", "/api/v1/outbox/" + id + "/retry", security).status, 403);
    EXPECT_EQ(server.Stop(), 0);
}

TEST_P(OutboxTest, WithoutAnSmtpUrlEmailsWaitAndThePageSaysWhy) {
    // With the mail server up but WARDEN_SMTP_URL unset, nothing is sent: the emails stay
    // PENDING, untried, and the API and ADMIN's outbox page say why.
    LoadOrganisation();
    Queue(2);
    SmtpSink sink(smtp_port_, mail_dir_);
    ASSERT_TRUE(sink.Start());
    env_.erase("WARDEN_SMTP_URL");
    env_.erase("WARDEN_JOB_PERIODS");  // names the sender, which does not run
    ServerProcess server(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(server.Start(log)) << log;
    std::this_thread::sleep_for(3s);  // three ticks of the job scheduler
    HttpClient client("127.0.0.1", server.port());
    HttpResponse api = client.Send("GET", "/api/v1/outbox", "",
                                   {{"Authorization", "Bearer " + TokenFor("admin")}});
    ASSERT_EQ(api.status, 200) << api.body;
    const boost::json::object outbox = boost::json::parse(api.body).as_object();
    EXPECT_FALSE(outbox.at("sending").as_bool());
    EXPECT_NE(
        std::string(outbox.at("why_not_sending").as_string()).find("WARDEN_SMTP_URL is not set"),
        std::string::npos);
    EXPECT_EQ(outbox.at("counts").at("PENDING").as_int64(), 2);
    for (const auto& item : outbox.at("items").as_array()) {
        EXPECT_EQ(item.at("attempts").as_int64(), 0);
    }
    EXPECT_EQ(Read(mail_dir_).files, 0U);

    HttpResponse form = client.Get("/sign-in");
    ASSERT_EQ(form.status, 200);
    HttpResponse signed_in =
        client.Send("POST", "/sign-in",
                    "csrf_token=" + FormEncode(InputValue(form.body, "csrf_token")) +
                        "&username=admin&password=" + FormEncode(kPassword),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(signed_in.status, 303) << signed_in.body;
    HttpResponse page = client.Get("/admin/outbox");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Emails are not being sent."), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("WARDEN_SMTP_URL is not set"), std::string::npos);
    EXPECT_EQ(server.Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
