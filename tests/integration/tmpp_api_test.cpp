// TMPP access over HTTP against a real `warden serve`, on SQLite and PostgreSQL: every 409 of a
// grant names the unmet rule; withdrawal marks the published wing list stale; every read of TMPP
// data is audited with codes only; the CLI assesses.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

const std::string kHeader =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";

std::string Row(const std::string& number, const std::string& wing = "A",
                const std::string& alerts = "", const std::string& category = "C") {
    return number + ",John,Smith,1980-01-02,MDI," + wing + "," + wing + "-1-001,SENTENCED," +
           category + "," + alerts + ",0,0,0\n";
}

const std::string kCsv = kHeader + Row("A1111AA") + Row("A2222BB") + Row("A3333CC", "A", "XEL") +
                         Row("A4444DD", "B") + Row("A5555EE");

class TmppApiTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        security_ = TokenFor("security");
        officer_ = TokenFor("officer");
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
    HttpResponse Post(const std::string& target, const std::string& body,
                      const std::string& token = "") {
        return Call("POST", target, token.empty() ? security_ : token, body);
    }

    /// The problem+json detail of a 409, or a failure.
    std::string Conflict(const HttpResponse& r) {
        EXPECT_EQ(r.status, 409) << r.body;
        EXPECT_NE(r.Header("content-type").find("application/problem+json"), std::string::npos);
        if (r.status != 409) return "";
        return std::string(json::parse(r.body).as_object().at("detail").as_string());
    }
    std::string Grant(const std::string& number, const std::string& body = "{}") {
        return Conflict(Post("/api/v1/prisoners/" + number + "/grants", body));
    }

    void Need(const std::string& number, const std::string& need) {
        auto r = Post("/api/v1/prisoners/" + number + "/needs", "{\"need\":\"" + need + "\"}");
        ASSERT_EQ(r.status, 201) << r.body;
    }
    void Compact(const std::string& number, int version) {
        auto r = Post("/api/v1/prisoners/" + number + "/compacts",
                      "{\"compact_version\":" + std::to_string(version) +
                          ",\"signed_on\":\"2020-01-01\",\"witnessed_by\":\"Officer Jones\"}",
                      officer_);
        ASSERT_EQ(r.status, 201) << r.body;
    }
    void Decide(const std::string& number, const std::string& band,
                const std::string& reason = "") {
        auto r = Post("/api/v1/prisoners/" + number + "/risk-assessment/decision",
                      "{\"band\":\"" + band + "\",\"reason\":\"" + reason + "\"}");
        ASSERT_EQ(r.status, 200) << r.body;
    }
    void Setup(int phase) {
        auto p = Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                      "{\"phase\":" + std::to_string(phase) + ",\"reason\":\"outbreak\"}");
        ASSERT_EQ(p.status, 200) << p.body;
        auto c = Post("/api/v1/establishments/MDI/compacts", "{\"text\":\"I will use it well.\"}");
        ASSERT_EQ(c.status, 201) << c.body;
        auto a = Post("/api/v1/establishments/MDI/risk-assessments", "{\"scope\":\"all\"}");
        ASSERT_EQ(a.status, 200) << a.body;
    }

    std::string security_;
    std::string officer_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(TmppApiTest, AdminOrSecurityEditTheCompactOfficersDoNot) {
    const std::string body = "{\"text\":\"Use the phone only for the calls you are allowed.\"}";
    auto admin = Call("POST", "/api/v1/establishments/LEI/compacts", TokenFor("admin"), body);
    EXPECT_EQ(admin.status, 201) << admin.body;
    auto officer = Call("POST", "/api/v1/establishments/MDI/compacts", officer_, body);
    EXPECT_EQ(officer.status, 403) << officer.body;
    // SECURITY of MDI does not see LEI's compact: outside the caseload is not found.
    auto other = Call("POST", "/api/v1/establishments/LEI/compacts", security_, body);
    EXPECT_EQ(other.status, 404) << other.body;
}

TEST_P(TmppApiTest, EveryGrantRefusalIs409NamingTheUnmetRule) {
    Setup(1);
    EXPECT_NE(Grant("A1111AA").find("no need recorded"), std::string::npos);
    Need("A1111AA", "ISOLATING");
    EXPECT_NE(Grant("A1111AA").find("no signed compact"), std::string::npos);
    Compact("A1111AA", 1);
    auto v2 = Post("/api/v1/establishments/MDI/compacts",
                   "{\"text\":\"Version two.\",\"requires_resign\":true}");
    ASSERT_EQ(v2.status, 201) << v2.body;
    EXPECT_NE(Grant("A1111AA").find("compact version 1 is out of date"), std::string::npos);
    Compact("A1111AA", 2);
    EXPECT_NE(Grant("A1111AA").find("no risk decision"), std::string::npos);
    Decide("A1111AA", "AMBER", "local intelligence");
    EXPECT_NE(Grant("A1111AA").find("band AMBER is not allowed in phase 1"), std::string::npos);

    Need("A2222BB", "NO_SAFE_FIXED_PHONE");
    Compact("A2222BB", 2);
    Decide("A2222BB", "GREEN");
    EXPECT_NE(Grant("A2222BB").find("need NO_SAFE_FIXED_PHONE does not qualify in phase 1"),
              std::string::npos);

    Need("A3333CC", "ISOLATING");
    Compact("A3333CC", 2);
    Decide("A3333CC", "RED");  // confirms the recommendation (alert XEL)
    EXPECT_NE(Grant("A3333CC").find("RED is never granted"), std::string::npos);

    Need("A5555EE", "ISOLATING");
    Compact("A5555EE", 2);
    Decide("A5555EE", "GREEN");
    auto full = Call("POST", "/api/v1/establishments/MDI/prisoners/import", security_,
                     kHeader + Row("A1111AA") + Row("A2222BB") + Row("A3333CC", "A", "XEL") +
                         Row("A4444DD", "B"),
                     "text/csv");
    ASSERT_EQ(full.status, 200) << full.body;
    EXPECT_NE(Grant("A5555EE").find("prisoner is gone"), std::string::npos);
    auto ended = Call("GET", "/api/v1/prisoners/A5555EE/tmpp", security_);
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(json::parse(ended.body).as_object().at("state").as_string(), "ENDED");

    // An expired decision (its stored expiry moved into the past) is refused; a new one is not.
    Decide("A1111AA", "GREEN");
    const std::string expire =
        "UPDATE tmpp_decisions SET expires_at = '2020-01-01T00:00:00Z' WHERE prison_number = "
        "'A1111AA'";
    CommandResult edit = Sql(expire);
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    EXPECT_NE(Grant("A1111AA").find("the risk decision expired on 2020-01-01"), std::string::npos);

    // A grant that meets every rule; a second one is refused.
    Decide("A1111AA", "GREEN");
    auto granted = Post("/api/v1/prisoners/A1111AA/grants", "{\"review_on\":\"2099-01-01\"}");
    ASSERT_EQ(granted.status, 201) << granted.body;
    auto g = json::parse(granted.body).as_object();
    EXPECT_EQ(g.at("phase").as_int64(), 1);
    EXPECT_EQ(g.at("review_on").as_string(), "2099-01-01");
    EXPECT_NE(Grant("A1111AA").find("already"), std::string::npos);

    // Roles and caseload.
    EXPECT_EQ(Post("/api/v1/prisoners/A2222BB/grants", "{}", officer_).status, 403);
    EXPECT_EQ(Post("/api/v1/prisoners/A2222BB/grants", "{}", TokenFor("leeds")).status, 404);
    EXPECT_EQ(Post("/api/v1/prisoners/A2222BB/needs", "{\"need\":\"REWARD\"}").status, 400);
}

TEST_P(TmppApiTest, PhaseTwoAmberIsSupervisedAndAStricterPhaseListsGrantsForReview) {
    Setup(2);
    Need("A1111AA", "NO_SAFE_FIXED_PHONE");
    Compact("A1111AA", 1);
    Decide("A1111AA", "AMBER", "local intelligence");
    auto granted = Post("/api/v1/prisoners/A1111AA/grants", "{}");
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_NE(granted.body.find("SUPERVISED_USE"), std::string::npos);
    auto stricter = Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                         "{\"phase\":1,\"reason\":\"easing\"}");
    ASSERT_EQ(stricter.status, 200) << stricter.body;
    auto change = json::parse(stricter.body).as_object();
    EXPECT_EQ(change.at("from").as_int64(), 2);
    ASSERT_EQ(change.at("no_longer_qualify").as_array().size(), 1u);
    EXPECT_EQ(change.at("no_longer_qualify").as_array()[0].as_object().at("prison_number"),
              "A1111AA");
    EXPECT_EQ(Call("PUT", "/api/v1/establishments/MDI/phase", security_, "{\"phase\":1}").status,
              400);
}

TEST_P(TmppApiTest, SecurityEditsThePhaseTableAndGrantsFollowIt) {
    Setup(1);
    Need("A1111AA", "FIXED_PHONES_OUT_OF_ORDER");
    Compact("A1111AA", 1);
    Decide("A1111AA", "AMBER", "local intelligence");
    EXPECT_NE(Grant("A1111AA").find("band AMBER is not allowed in phase 1"), std::string::npos);

    const std::string table =
        "{\"phases\":["
        "{\"phase\":1,\"needs\":[\"FIXED_PHONES_OUT_OF_ORDER\"],\"bands\":[\"GREEN\","
        "\"AMBER\"],\"amber_conditions\":[\"SUPERVISED_USE\"]},"
        "{\"phase\":2,\"needs\":[\"ISOLATING\"],\"bands\":[\"GREEN\"]},"
        "{\"phase\":3,\"needs\":[\"OTHER\"],\"bands\":[\"GREEN\"]}]}";
    const std::string path = "/api/v1/establishments/MDI/phase-table";
    EXPECT_EQ(Call("PUT", path, officer_, table).status, 403);
    EXPECT_EQ(
        Call("PUT", "/api/v1/establishments/MDI/phase-table", TokenFor("leeds"), table).status,
        404);
    std::string red = table;
    red.replace(red.find("\"GREEN\"]}]}"), 7, "\"RED\"");
    auto refused = Call("PUT", path, security_, red);
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("RED is never granted"), std::string::npos) << refused.body;
    EXPECT_EQ(
        Call("PUT", path, security_, "{\"phases\":[{\"phase\":1,\"needs\":[\"NAP\"]}]}").status,
        400);

    auto stored = Call("PUT", path, security_, table);
    ASSERT_EQ(stored.status, 200) << stored.body;
    auto body = json::parse(stored.body).as_object();
    ASSERT_EQ(body.at("phases").as_array().size(), 4u);
    EXPECT_EQ(body.at("phases").as_array()[1].as_object().at("amber_conditions").as_array().size(),
              1u);
    auto granted = Post("/api/v1/prisoners/A1111AA/grants", "{}");
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_NE(granted.body.find("SUPERVISED_USE"), std::string::npos);

    // The phase change uses the stored table: phase 3 allows only OTHER and GREEN.
    auto moved = Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                      "{\"phase\":3,\"reason\":\"testing\"}");
    ASSERT_EQ(moved.status, 200) << moved.body;
    ASSERT_EQ(json::parse(moved.body).as_object().at("no_longer_qualify").as_array().size(), 1u);
}

TEST_P(TmppApiTest, WithdrawalMarksThePublishedListStale) {
    Setup(1);
    for (const char* n : {"A1111AA", "A2222BB"}) {
        Need(n, "SHIELDING");
        Compact(n, 1);
        Decide(n, "GREEN");
        ASSERT_EQ(Post(std::string("/api/v1/prisoners/") + n + "/grants", "{}").status, 201);
    }
    EXPECT_NE(Conflict(Post("/api/v1/prisoners/A3333CC/withdrawal", "{\"reason\":\"misuse\"}"))
                  .find("no TMPP access to withdraw"),
              std::string::npos);
    auto prisoner = Call("GET", "/api/v1/prisoners/A1111AA", officer_);
    ASSERT_EQ(prisoner.status, 200) << prisoner.body;
    auto tmpp = json::parse(prisoner.body).as_object().at("tmpp").as_object();
    EXPECT_EQ(tmpp.at("state").as_string(), "GRANTED");
    EXPECT_EQ(tmpp.at("grant").as_object().at("band").as_string(), "GREEN");
    EXPECT_EQ(tmpp.at("decision").as_object().at("band").as_string(), "GREEN");
    auto listed = Call("GET", "/api/v1/establishments/MDI/prisoners?q=A1111", officer_);
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(json::parse(listed.body)
                  .as_object()
                  .at("items")
                  .as_array()[0]
                  .as_object()
                  .at("tmpp")
                  .as_object()
                  .at("state")
                  .as_string(),
              "GRANTED");
    auto published = Post("/api/v1/establishments/MDI/wings/A/lists", "");
    ASSERT_EQ(published.status, 201) << published.body;
    auto list = json::parse(published.body).as_object();
    EXPECT_EQ(list.at("version").as_int64(), 1);
    EXPECT_EQ(list.at("entries").as_array().size(), 2u);
    EXPECT_EQ(list.at("added").as_array().size(), 2u);

    auto fresh = Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current", officer_);
    ASSERT_EQ(fresh.status, 200) << fresh.body;
    EXPECT_FALSE(json::parse(fresh.body).as_object().at("stale").as_bool());

    auto withdrawn = Post("/api/v1/prisoners/A2222BB/withdrawal",
                          "{\"reason\":\"seal tampered\",\"incident\":\"IR-42\"}");
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    auto stale = Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current", officer_);
    ASSERT_EQ(stale.status, 200) << stale.body;
    auto current = json::parse(stale.body).as_object();
    EXPECT_TRUE(current.at("stale").as_bool());
    ASSERT_EQ(current.at("withdrawals_since_publication").as_array().size(), 1u);
    auto csv = Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current.csv", officer_);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
    EXPECT_NE(csv.body.find("A2222BB,John,Smith,A-1-001,GREEN,,"), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find("WITHDRAWN"), std::string::npos);

    auto second = Post("/api/v1/establishments/MDI/wings/A/lists", "");
    ASSERT_EQ(second.status, 201) << second.body;
    auto diff = json::parse(second.body).as_object();
    EXPECT_EQ(diff.at("version").as_int64(), 2);
    ASSERT_EQ(diff.at("removed").as_array().size(), 1u);
    EXPECT_EQ(diff.at("removed").as_array()[0].as_string(), "A2222BB");
    EXPECT_EQ(Post("/api/v1/establishments/MDI/wings/A/lists", "", officer_).status, 403);
}

TEST_P(TmppApiTest, EveryReadOfTmppDataIsAuditedWithCodesOnly) {
    Setup(1);
    auto need = Post("/api/v1/prisoners/A1111AA/needs",
                     "{\"need\":\"SHIELDING\",\"detail\":\"severe asthma since May\"}");
    ASSERT_EQ(need.status, 201) << need.body;
    Compact("A1111AA", 1);
    Decide("A1111AA", "GREEN");
    ASSERT_EQ(Post("/api/v1/prisoners/A1111AA/grants", "{}").status, 201);
    ASSERT_EQ(Post("/api/v1/establishments/MDI/wings/A/lists", "").status, 201);

    // The reads: the TMPP record, the risk assessment, the wing list and its CSV (API), and the
    // Security queue (page, signed in through the form).
    ASSERT_EQ(Call("GET", "/api/v1/prisoners/A1111AA/tmpp", security_).status, 200);
    ASSERT_EQ(Call("GET", "/api/v1/prisoners/A1111AA/risk-assessment", security_).status, 200);
    ASSERT_EQ(Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current", officer_).status,
              200);
    ASSERT_EQ(Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current.csv", officer_).status,
              200);
    HttpClient browser("127.0.0.1", server_->port());
    auto form = browser.Get("/sign-in");
    auto signed_in = browser.Send("POST", "/sign-in",
                                  "csrf_token=" + FormEncode(InputValue(form.body, "csrf_token")) +
                                      "&username=security&password=" + FormEncode(kPassword),
                                  {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(signed_in.status, 303) << signed_in.body;
    ASSERT_EQ(browser.Get("/establishments/MDI/tmpp?band=GREEN").status, 200);

    const auto actions = [&](const std::string& subject, const std::string& token) {
        auto r = Call("GET", "/api/v1/audit?subject=" + subject, token);
        EXPECT_EQ(r.status, 200) << r.body;
        std::vector<std::string> out;
        const json::value parsed = json::parse(r.body);
        for (const auto& e : parsed.as_object().at("items").as_array()) {
            const auto& entry = e.as_object();
            out.push_back(std::string(entry.at("action").as_string()) + " " +
                          std::string(entry.at("detail").as_string()));
        }
        EXPECT_EQ(r.body.find("asthma"), std::string::npos) << "free text in the log: " << r.body;
        return out;
    };
    const auto has = [](const std::vector<std::string>& entries, const std::string& prefix) {
        return std::any_of(entries.begin(), entries.end(),
                           [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
    };
    auto prisoner = actions("prisoner:A1111AA", security_);
    EXPECT_TRUE(has(prisoner, "tmpp.record.read state=GRANTED needs=1"))
        << ::testing::PrintToString(prisoner);
    EXPECT_TRUE(has(prisoner, "tmpp.risk_assessment.read recommendation=yes decision=yes"))
        << ::testing::PrintToString(prisoner);
    auto wing = actions("wing:MDI/A", security_);
    EXPECT_TRUE(has(wing, "tmpp.wing_list.read format=json version=1 count=1 stale=false"))
        << ::testing::PrintToString(wing);
    EXPECT_TRUE(has(wing, "tmpp.wing_list.read format=csv version=1 count=1"))
        << ::testing::PrintToString(wing);
    auto establishment = actions("establishment:MDI", security_);
    EXPECT_TRUE(has(establishment, "tmpp.queue.read")) << ::testing::PrintToString(establishment);

    // ADMIN sees no prisoner entries, and Leeds' Security none of Moorland's.
    for (const char* other : {"admin", "leeds"}) {
        const std::string token = TokenFor(other);
        EXPECT_FALSE(has(actions("prisoner:A1111AA", token), "tmpp.")) << other;
        EXPECT_FALSE(has(actions("wing:MDI/A", token), "tmpp.")) << other;
        EXPECT_FALSE(has(actions("establishment:MDI", token), "tmpp.queue.read")) << other;
    }
}

TEST_P(TmppApiTest, RiskAssessmentRulesAndTheCli) {
    auto assessed = Post("/api/v1/establishments/MDI/risk-assessments", "{\"scope\":\"all\"}");
    ASSERT_EQ(assessed.status, 200) << assessed.body;
    auto counts = json::parse(assessed.body).as_object().at("counts").as_object();
    EXPECT_EQ(counts.at("GREEN").as_int64(), 4);
    EXPECT_EQ(counts.at("RED").as_int64(), 1);
    EXPECT_EQ(Post("/api/v1/establishments/MDI/risk-assessments", "{\"scope\":\"some\"}").status,
              400);
    auto one = Call("GET", "/api/v1/prisoners/A3333CC/risk-assessment", officer_);
    ASSERT_EQ(one.status, 200) << one.body;
    auto rec = json::parse(one.body).as_object().at("recommendation").as_object();
    EXPECT_EQ(rec.at("band").as_string(), "RED");
    EXPECT_FALSE(rec.at("fired").as_array().empty());
    EXPECT_FALSE(rec.at("rules_version").as_string().empty());
    auto rules = Call("GET", "/api/v1/risk-rules", officer_);
    ASSERT_EQ(rules.status, 200) << rules.body;
    EXPECT_FALSE(json::parse(rules.body).as_object().at("rules").as_array().empty());

    auto cli = Warden({"assess", "--establishment", "MDI"});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_NE(cli.out.find("\"assessed\":5"), std::string::npos) << cli.out;
    auto all = Warden({"assess", "--all"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    EXPECT_NE(all.out.find("\"RED\":1"), std::string::npos) << all.out;
    EXPECT_NE(Warden({"assess"}).exit_code, 0);
    EXPECT_NE(Warden({"assess", "--establishment", "ZZZ"}).exit_code, 0);
}

TEST_P(TmppApiTest, AnAdminReplacesTheRulesForEveryProcess) {
    const std::string admin = TokenFor("admin");
    const std::string rules =
        "version local-2\n"
        "band amber_at=10 red_at=20\n"
        "rule id=xel kind=alert codes=XEL per=once points=15 description=Escape list\n";
    const std::string bad = "version local-3\nband amber_at=10 red_at=20\nrule id=x kind=what\n";

    // Only an ADMIN, only text/plain.
    EXPECT_EQ(Call("PUT", "/api/v1/risk-rules", security_, rules, "text/plain").status, 403);
    EXPECT_EQ(Call("PUT", "/api/v1/risk-rules", admin, rules, "application/json").status, 415);

    // A bad file is refused with its line, and the defaults stay in force.
    auto refused = Call("PUT", "/api/v1/risk-rules", admin, bad, "text/plain");
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.Header("content-type").find("application/problem+json"), std::string::npos);
    EXPECT_NE(refused.body.find("line 3"), std::string::npos) << refused.body;
    auto before = json::parse(Call("GET", "/api/v1/risk-rules", officer_).body).as_object();
    EXPECT_TRUE(before.at("default").as_bool());
    const std::string default_version(before.at("version").as_string());

    auto replaced = Call("PUT", "/api/v1/risk-rules", admin, rules, "text/plain");
    ASSERT_EQ(replaced.status, 200) << replaced.body;
    auto now = json::parse(replaced.body).as_object();
    EXPECT_EQ(now.at("version").as_string(), "local-2");
    EXPECT_FALSE(now.at("default").as_bool());
    ASSERT_EQ(now.at("history").as_array().size(), 1u);
    EXPECT_EQ(now.at("history").as_array()[0].as_object().at("uploaded_by").as_string(), "admin");
    auto again = Call("PUT", "/api/v1/risk-rules", admin, rules, "text/plain");
    EXPECT_EQ(again.status, 409) << again.body;

    // Another server on the same database, and the CLI, apply the new rules at once.
    ServerProcess other(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(other.Start(log)) << log;
    HttpClient other_client("127.0.0.1", other.port());
    auto seen = other_client.Send("GET", "/api/v1/risk-rules", "",
                                  {{"Authorization", "Bearer " + officer_}});
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(json::parse(seen.body).as_object().at("version").as_string(), "local-2");
    auto assessed = other_client.Send(
        "POST", "/api/v1/establishments/MDI/risk-assessments", "{\"scope\":\"all\"}",
        {{"Authorization", "Bearer " + security_}, {"Content-Type", "application/json"}});
    ASSERT_EQ(assessed.status, 200) << assessed.body;
    auto counts = json::parse(assessed.body).as_object().at("counts").as_object();
    EXPECT_EQ(counts.at("AMBER").as_int64(), 1);
    EXPECT_EQ(counts.at("RED").as_int64(), 0);
    EXPECT_EQ(other.Stop(), 0);
    auto one = Call("GET", "/api/v1/prisoners/A3333CC/risk-assessment", officer_);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(
        json::parse(one.body).as_object().at("recommendation").as_object().at("rules_version"),
        "local-2");
    auto cli = Warden({"assess", "--establishment", "MDI"});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    EXPECT_NE(cli.out.find("local-2"), std::string::npos) << cli.out;
    EXPECT_NE(default_version, "local-2");
}

INSTANTIATE_TEST_SUITE_P(Backends, TmppApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
