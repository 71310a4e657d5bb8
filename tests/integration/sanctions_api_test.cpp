// Sanctions, closing and the tampering risk rule over HTTP against a real `warden serve`, on
// SQLite and PostgreSQL (issue 10 items 7 and 8). Security records a WITHDRAWAL against a prisoner
// holding a handset: the grant ends, the wing list is stale, the handset is flagged for recall
// and issuing is refused; a tampering incident closes only with both sanctions. A reported
// SEAL_TAMPERED incident marks the prisoner's decision for review and makes their later
// assessments RED with the reference as evidence, also at the establishment they are
// transferred to, which never reads the incident's narrative. An incident naming no prisoner
// closes with the reason none was identified, DAMAGE with its outcome, and an OTHER sanction
// needs its description.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

const std::string kHeader =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";

std::string Row(const std::string& number, const std::string& establishment) {
    return number + ",John,Smith,1980-01-02," + establishment + ",A,A-1-001,SENTENCED,C,,0,0,0\n";
}

const std::string kNarrative = "MDI-only narrative: seal cut with a razor";

class SanctionsApiTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        auto spoc = Warden({"user", "add", "spoc", "--name", "Sam Spoc", "--email",
                            "spoc@example.gov.uk", "--roles", "TMPP_SPOC", "--caseload", "MDI"},
                           std::string(kPassword) + "\n");
        ASSERT_EQ(spoc.exit_code, 0) << spoc.err;
        security_ = TokenFor("security");
        officer_ = TokenFor("officer");
        leeds_ = TokenFor("leeds");
        spoc_ = TokenFor("spoc");
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
        Ok(Import("MDI", kHeader + Row("A1111AA", "MDI") + Row("A2222BB", "MDI"), security_));
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
    HttpResponse Import(const std::string& code, const std::string& csv, const std::string& token) {
        return Call("POST", "/api/v1/establishments/" + code + "/prisoners/import", token, csv,
                    "text/csv");
    }
    static void Ok(const HttpResponse& r, int status = 200) {
        ASSERT_EQ(r.status, status) << r.body;
    }
    static json::object Obj(const HttpResponse& r) { return json::parse(r.body).as_object(); }

    // A1111AA granted (phase 1, GREEN) on MDI's published A wing list, holding handset MDI-H0.
    void GrantAndIssue() {
        Ok(Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                R"({"phase":1,"reason":"outbreak"})"));
        Ok(Call("POST", "/api/v1/establishments/MDI/compacts", security_,
                R"({"text":"I will use it well."})"),
           201);
        Ok(Call("POST", "/api/v1/establishments/MDI/risk-assessments", security_,
                R"({"scope":"all"})"));
        const std::string p = "/api/v1/prisoners/A1111AA";
        Ok(Call("POST", p + "/needs", security_, R"({"need":"ISOLATING"})"), 201);
        Ok(Call("POST", p + "/compacts", officer_,
                R"({"compact_version":1,"signed_on":"2020-01-01","witnessed_by":"Jo"})"),
           201);
        Ok(Call("POST", p + "/risk-assessment/decision", security_, R"({"band":"GREEN"})"));
        Ok(Call("POST", p + "/grants", security_, "{}"), 201);
        Ok(Call("POST", "/api/v1/establishments/MDI/wings/A/lists", security_), 201);
        Ok(Call("POST", "/api/v1/establishments/MDI/handsets", spoc_,
                OneHandsetJson("MDI-H0", "S0001")),
           201);
        Ok(Call("POST", "/api/v1/handsets/MDI-H0/issue", officer_,
                R"({"prisoner":"A1111AA","seal":"S0001"})"));
    }

    std::string Raise(const std::string& type, const std::string& prisoner) {
        auto r = Call("POST", "/api/v1/incidents", officer_,
                      R"({"type":")" + type +
                          R"(","establishment":"MDI","wing":"A",)"
                          R"("prisoners":[")" +
                          prisoner + R"("],"description":")" + kNarrative + "\"}");
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? std::string(Obj(r).at("reference").as_string()) : "";
    }

    HttpResponse Sanction(const std::string& ref, const std::string& body,
                          const std::string& token = {}) {
        return Call("POST", "/api/v1/incidents/" + ref + "/sanctions",
                    token.empty() ? security_ : token, body);
    }

    std::string security_, officer_, leeds_, spoc_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(SanctionsApiTest, WithdrawalEndsAccessRecallsTheHandsetAndClosingNeedsBothSanctions) {
    GrantAndIssue();
    const std::string ref = Raise("SEAL_TAMPERED", "A1111AA");
    ASSERT_FALSE(ref.empty());
    // The reported tampering contradicts the GREEN decision: it is marked for review.
    auto risk = Call("GET", "/api/v1/prisoners/A1111AA/risk-assessment", security_);
    ASSERT_EQ(risk.status, 200) << risk.body;
    EXPECT_TRUE(Obj(risk).at("decision").as_object().at("needs_review").as_bool()) << risk.body;

    // Each failing field is named; only Security records; the prisoner must be involved.
    auto bad = Sanction(ref, R"({"prisoner":"A1111AA","kind":"PLACED_ON_REPORT","reference":"7"})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(Obj(bad).at("errors").as_array()[0].as_object().at("field").as_string(), "reference");
    auto stranger = Sanction(ref, R"({"prisoner":"A2222BB","kind":"WITHDRAWAL"})");
    ASSERT_EQ(stranger.status, 400) << stranger.body;
    EXPECT_NE(stranger.body.find("prisoner"), std::string::npos);
    EXPECT_EQ(Sanction(ref, R"({"prisoner":"A1111AA","kind":"WITHDRAWAL"})", officer_).status, 403);
    EXPECT_EQ(Sanction(ref, R"({"prisoner":"A1111AA","kind":"WITHDRAWAL"})", leeds_).status, 404);

    auto withdrawn = Sanction(ref, R"({"prisoner":"A1111AA","kind":"WITHDRAWAL"})");
    ASSERT_EQ(withdrawn.status, 201) << withdrawn.body;
    const json::object w = Obj(withdrawn);
    ASSERT_EQ(w.at("sanctions").as_array().size(), 1U);
    EXPECT_EQ(w.at("sanctions").as_array()[0].as_object().at("kind").as_string(), "WITHDRAWAL");
    EXPECT_EQ(w.at("timeline").as_array().back().as_object().at("what").as_string(), "SANCTION");
    EXPECT_EQ(Sanction(ref, R"({"prisoner":"A1111AA","kind":"WITHDRAWAL"})").status, 409);

    // The existing withdrawal's effects: no grant, a stale list, a recall, issuing refused.
    auto tmpp = Call("GET", "/api/v1/prisoners/A1111AA/tmpp", security_);
    ASSERT_EQ(tmpp.status, 200) << tmpp.body;
    EXPECT_EQ(Obj(tmpp).at("state").as_string(), "WITHDRAWN");
    auto list = Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current", officer_);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_TRUE(Obj(list).at("stale").as_bool()) << list.body;
    auto handset = Call("GET", "/api/v1/handsets/MDI-H0", officer_);
    ASSERT_EQ(handset.status, 200) << handset.body;
    EXPECT_TRUE(Obj(handset).at("recall_requested").as_bool()) << handset.body;
    Ok(Call("POST", "/api/v1/handsets/MDI-H0/return", officer_,
            R"({"seal":"S0001","sim_present":true,"condition":"OK"})"));
    auto refused = Call("POST", "/api/v1/handsets/MDI-H0/issue", officer_,
                        R"({"prisoner":"A1111AA","seal":"S0001"})");
    ASSERT_EQ(refused.status, 409) << refused.body;
    EXPECT_NE(refused.body.find("grant"), std::string::npos) << refused.body;

    // Closing names what is missing until both sanctions are recorded.
    Ok(Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", security_));
    auto early = Call("POST", "/api/v1/incidents/" + ref + "/close", security_,
                      R"({"outcome":"Adjudication proven"})");
    ASSERT_EQ(early.status, 409) << early.body;
    EXPECT_NE(early.body.find("A1111AA has no PLACED_ON_REPORT"), std::string::npos) << early.body;
    Ok(Sanction(ref,
                R"({"prisoner":"a1111aa","kind":"PLACED_ON_REPORT","reference":"MDI-000123"})"),
       201);
    auto closed = Call("POST", "/api/v1/incidents/" + ref + "/close", security_,
                       R"({"outcome":"Adjudication proven"})");
    ASSERT_EQ(closed.status, 200) << closed.body;
    const json::object c = Obj(closed);
    EXPECT_EQ(c.at("status").as_string(), "CLOSED");
    EXPECT_EQ(c.at("sanctions").as_array()[1].as_object().at("reference").as_string(),
              "MDI-000123");
    EXPECT_FALSE(c.at("placed_on_report_overdue").as_bool());

    // Audited in the same transactions, with codes only.
    auto audit = Call("GET", "/api/v1/audit?subject=incident:" + ref, security_);
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::multiset<std::string> actions;
    const json::object entries = Obj(audit);
    for (const auto& e : entries.at("items").as_array()) {
        actions.insert(std::string(e.as_object().at("action").as_string()));
    }
    EXPECT_EQ(actions.count("incidents.sanction"), 2U) << audit.body;
    auto recall = Call("GET", "/api/v1/audit?subject=handset:MDI-H0", security_);
    EXPECT_NE(recall.body.find("handsets.recall_requested"), std::string::npos) << recall.body;
}

// The other ways an incident closes: a tampering or misuse incident that names no prisoner with
// the reason none could be identified (and that reason refused where a prisoner is named), a
// DAMAGE incident with its outcome alone, and an OTHER sanction with its description.
TEST_P(SanctionsApiTest, TheOtherWaysAnIncidentClosesAndAnOtherSanction) {
    const auto notify_riu = [&](const std::string& ref) {
        Ok(Call("POST", "/api/v1/incidents/" + ref + "/riu-notification", security_));
    };
    const auto close = [&](const std::string& ref, const std::string& body) {
        return Call("POST", "/api/v1/incidents/" + ref + "/close", security_, body);
    };

    // MISUSE by a prisoner nobody could identify.
    auto raised = Call("POST", "/api/v1/incidents", officer_,
                       R"({"type":"MISUSE","establishment":"MDI","wing":"A","prisoners":[],)"
                       R"("description":"A call to a victim from an unknown handset"})");
    ASSERT_EQ(raised.status, 201) << raised.body;
    const std::string misuse(Obj(raised).at("reference").as_string());
    notify_riu(misuse);
    auto nobody = close(misuse, R"({"outcome":"Referred to police"})");
    ASSERT_EQ(nobody.status, 409) << nobody.body;
    EXPECT_NE(nobody.body.find("no prisoner is recorded"), std::string::npos) << nobody.body;
    auto with_reason = close(misuse, R"({"outcome":"Referred to police",)"
                                     R"("no_prisoner_reason":"The caller was not identified"})");
    ASSERT_EQ(with_reason.status, 200) << with_reason.body;
    EXPECT_EQ(Obj(with_reason).at("status").as_string(), "CLOSED");
    EXPECT_EQ(Obj(with_reason).at("no_prisoner_reason").as_string(),
              "The caller was not identified");

    // SEAL_TAMPERED naming a prisoner: the reason is refused, the sanctions are needed.
    const std::string tampered = Raise("SEAL_TAMPERED", "A1111AA");
    ASSERT_FALSE(tampered.empty());
    notify_riu(tampered);
    auto refused = close(tampered, R"({"outcome":"Closed","no_prisoner_reason":"Unknown"})");
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(Obj(refused).at("errors").as_array()[0].as_object().at("field").as_string(),
              "no_prisoner_reason");
    EXPECT_EQ(close(tampered, R"({"outcome":"Closed"})").status, 409);
    // An OTHER sanction needs its description, and does not stand in for the two required.
    auto bare = Sanction(tampered, R"({"prisoner":"A1111AA","kind":"OTHER"})");
    ASSERT_EQ(bare.status, 400) << bare.body;
    EXPECT_EQ(Obj(bare).at("errors").as_array()[0].as_object().at("field").as_string(),
              "description");
    auto other = Sanction(tampered, R"({"prisoner":"A1111AA","kind":"OTHER",)"
                                    R"("description":"Loss of canteen for 7 days"})");
    ASSERT_EQ(other.status, 201) << other.body;
    const json::object o = Obj(other);
    ASSERT_EQ(o.at("sanctions").as_array().size(), 1U);
    EXPECT_EQ(o.at("sanctions").as_array()[0].as_object().at("kind").as_string(), "OTHER");
    EXPECT_EQ(o.at("sanctions").as_array()[0].as_object().at("description").as_string(),
              "Loss of canteen for 7 days");
    auto still = close(tampered, R"({"outcome":"Closed"})");
    ASSERT_EQ(still.status, 409) << still.body;
    EXPECT_NE(still.body.find("A1111AA has no WITHDRAWAL"), std::string::npos) << still.body;

    // DAMAGE closes with its outcome; a no-prisoner reason is not for it.
    const std::string damage = Raise("DAMAGE", "A2222BB");
    ASSERT_FALSE(damage.empty());
    notify_riu(damage);
    EXPECT_EQ(close(damage, R"({"outcome":"Repaired","no_prisoner_reason":"x"})").status, 400);
    EXPECT_EQ(close(damage, R"({"outcome":""})").status, 400);
    auto repaired = close(damage, R"({"outcome":"Handset repaired; accidental drop"})");
    ASSERT_EQ(repaired.status, 200) << repaired.body;
    EXPECT_EQ(Obj(repaired).at("status").as_string(), "CLOSED");
    EXPECT_EQ(Obj(repaired).at("outcome").as_string(), "Handset repaired; accidental drop");
}

TEST_P(SanctionsApiTest, ATamperingIncidentMakesLaterAssessmentsRedAlsoAfterATransfer) {
    const std::string ref = Raise("SIM_TAMPERED", "A2222BB");
    ASSERT_FALSE(ref.empty());
    Ok(Call("POST", "/api/v1/establishments/MDI/risk-assessments", security_,
            R"({"scope":"all"})"));
    auto here = Call("GET", "/api/v1/prisoners/A2222BB/risk-assessment", security_);
    ASSERT_EQ(here.status, 200) << here.body;
    const json::object h = Obj(here).at("recommendation").as_object();
    EXPECT_EQ(h.at("band").as_string(), "RED") << here.body;
    EXPECT_NE(here.body.find(ref), std::string::npos) << here.body;
    auto other = Call("GET", "/api/v1/prisoners/A1111AA/risk-assessment", security_);
    EXPECT_EQ(Obj(other).at("recommendation").as_object().at("band").as_string(), "GREEN");

    // Leeds imports A2222BB: a transfer. Leeds's assessment carries the fact, not the narrative.
    Ok(Import("LEI", kHeader + Row("A2222BB", "LEI"), leeds_));
    Ok(Call("POST", "/api/v1/establishments/LEI/risk-assessments", leeds_, R"({"scope":"all"})"));
    auto there = Call("GET", "/api/v1/prisoners/A2222BB/risk-assessment", leeds_);
    ASSERT_EQ(there.status, 200) << there.body;
    const json::object t = Obj(there).at("recommendation").as_object();
    EXPECT_EQ(t.at("band").as_string(), "RED") << there.body;
    bool fired = false;
    for (const auto& f : t.at("fired").as_array()) {
        const auto& o = f.as_object();
        if (o.at("rule").as_string() != "previous_tampering") continue;
        fired = true;
        EXPECT_NE(std::string(o.at("evidence").as_string()).find(ref), std::string::npos);
    }
    EXPECT_TRUE(fired) << there.body;
    EXPECT_EQ(there.body.find("MDI-only"), std::string::npos) << there.body;
    EXPECT_EQ(Call("GET", "/api/v1/incidents/" + ref, leeds_).status, 404);
    auto listed = Call("GET", "/api/v1/incidents", leeds_);
    EXPECT_EQ(listed.body.find(ref), std::string::npos) << listed.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, SanctionsApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
