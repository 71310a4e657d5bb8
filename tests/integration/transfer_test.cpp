// Transfers between establishments over HTTP against a real `warden serve`, on SQLite and
// PostgreSQL (issue 8, item 1): LEI imports a prisoner who had TMPP access at MDI. The import
// reports the transfer (API and CLI); the MDI grant ends with the reason, audited against the
// prisoner; LEI reads none of MDI's needs, reasons, decisions or timeline; MDI still reads its
// stale wing list and publishes the next one; a handset the prisoner still holds at MDI is flagged
// for recall.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

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

// Free text recorded at MDI, which LEI must never read.
const std::string kNeedDetail = "MDI-only detail: shielding after surgery";
const std::string kDecisionReason = "MDI-only reason: local intelligence";

class TransferTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        auto spoc = Warden({"user", "add", "spoc", "--name", "Sam Spoc", "--email",
                            "spoc@example.gov.uk", "--roles", "TMPP_SPOC", "--caseload", "MDI"},
                           std::string(kPassword) + "\n");
        ASSERT_EQ(spoc.exit_code, 0) << spoc.err;
        spoc_ = TokenFor("spoc");
        security_ = TokenFor("security");
        leeds_ = TokenFor("leeds");
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
        auto imported =
            Import("MDI", kHeader + Row("A1111AA", "MDI") + Row("A2222BB", "MDI"), security_);
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
    HttpResponse Import(const std::string& code, const std::string& csv, const std::string& token) {
        return Call("POST", "/api/v1/establishments/" + code + "/prisoners/import", token, csv,
                    "text/csv");
    }
    void Expect(const HttpResponse& r, int status) { ASSERT_EQ(r.status, status) << r.body; }

    // A1111AA granted TMPP access at MDI (phase 1, GREEN), on MDI's published A wing list.
    void GrantAtMdi() {
        Expect(Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                    R"({"phase":1,"reason":"Fixed phones on A wing are out of order"})"),
               200);
        Expect(Call("POST", "/api/v1/establishments/MDI/compacts", security_,
                    R"({"text":"I will use it well."})"),
               201);
        Expect(Call("POST", "/api/v1/establishments/MDI/risk-assessments", security_,
                    R"({"scope":"all"})"),
               200);
        Expect(Call("POST", "/api/v1/prisoners/A1111AA/needs", security_,
                    R"({"need":"SHIELDING","detail":")" + kNeedDetail + "\"}"),
               201);
        Expect(
            Call(
                "POST", "/api/v1/prisoners/A1111AA/compacts", security_,
                R"({"compact_version":1,"signed_on":"2020-01-01","witnessed_by":"Officer Jones"})"),
            201);
        Expect(Call("POST", "/api/v1/prisoners/A1111AA/risk-assessment/decision", security_,
                    R"({"band":"GREEN","reason":")" + kDecisionReason + "\"}"),
               200);
        Expect(Call("POST", "/api/v1/prisoners/A1111AA/grants", security_, "{}"), 201);
        auto published = Call("POST", "/api/v1/establishments/MDI/wings/A/lists", security_);
        ASSERT_EQ(published.status, 201) << published.body;
        ASSERT_EQ(json::parse(published.body).as_object().at("entries").as_array().size(), 1u);
    }

    std::string security_;
    std::string leeds_;
    std::string spoc_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(TransferTest, LeedsImportsAMoorlandPrisonerWithTmppAccess) {
    GrantAtMdi();

    // LEI's import names A1111AA: a transfer in, reported.
    auto imported = Import("LEI", kHeader + Row("A1111AA", "LEI") + Row("L1111AA", "LEI"), leeds_);
    ASSERT_EQ(imported.status, 200) << imported.body;
    auto result = json::parse(imported.body).as_object();
    EXPECT_EQ(result.at("inserted").as_int64(), 1);
    EXPECT_EQ(result.at("updated").as_int64(), 1);
    ASSERT_EQ(result.at("transferred_in").as_array().size(), 1u) << imported.body;
    const auto& transfer = result.at("transferred_in").as_array()[0].as_object();
    EXPECT_EQ(transfer.at("prison_number").as_string(), "A1111AA");
    EXPECT_EQ(transfer.at("from").as_string(), "MDI");
    // An import with no transfer reports an empty list.
    auto again = Import("LEI", kHeader + Row("A1111AA", "LEI") + Row("L1111AA", "LEI"), leeds_);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_TRUE(json::parse(again.body).as_object().at("transferred_in").as_array().empty());

    // LEI reads none of MDI's TMPP record: needs, reasons, decision, grant, timeline.
    auto tmpp = Call("GET", "/api/v1/prisoners/A1111AA/tmpp", leeds_);
    ASSERT_EQ(tmpp.status, 200) << tmpp.body;
    auto record = json::parse(tmpp.body).as_object();
    EXPECT_EQ(record.at("state").as_string(), "NONE");
    EXPECT_TRUE(record.at("needs").as_array().empty()) << tmpp.body;
    EXPECT_TRUE(record.at("timeline").as_array().empty()) << tmpp.body;
    EXPECT_TRUE(record.at("grant").is_null());
    auto risk = Call("GET", "/api/v1/prisoners/A1111AA/risk-assessment", leeds_);
    ASSERT_EQ(risk.status, 200) << risk.body;
    EXPECT_TRUE(json::parse(risk.body).as_object().at("decision").is_null()) << risk.body;
    auto prisoner = Call("GET", "/api/v1/prisoners/A1111AA", leeds_);
    ASSERT_EQ(prisoner.status, 200) << prisoner.body;
    auto summary = json::parse(prisoner.body).as_object().at("tmpp").as_object();
    EXPECT_EQ(summary.at("state").as_string(), "NONE");
    EXPECT_TRUE(summary.at("decision").is_null());
    for (const auto* r : {&tmpp, &risk, &prisoner}) {
        EXPECT_EQ(r->body.find("MDI-only"), std::string::npos) << r->body;
    }
    // LEI starts its own record.
    Expect(Call("POST", "/api/v1/prisoners/A1111AA/needs", leeds_, R"({"need":"ISOLATING"})"), 201);
    auto fresh = Call("GET", "/api/v1/prisoners/A1111AA/tmpp", leeds_);
    ASSERT_EQ(fresh.status, 200) << fresh.body;
    EXPECT_EQ(json::parse(fresh.body).as_object().at("needs").as_array().size(), 1u);
    EXPECT_EQ(fresh.body.find("MDI-only"), std::string::npos) << fresh.body;

    // MDI no longer finds the prisoner, but its wing list is stale (the grant ended with the
    // reason) and it can still be read and published.
    EXPECT_EQ(Call("GET", "/api/v1/prisoners/A1111AA/tmpp", security_).status, 404);
    auto current = Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current", security_);
    ASSERT_EQ(current.status, 200) << current.body;
    auto list = json::parse(current.body).as_object();
    EXPECT_TRUE(list.at("stale").as_bool());
    ASSERT_EQ(list.at("withdrawals_since_publication").as_array().size(), 1u) << current.body;
    EXPECT_NE(current.body.find("Transferred to LEI"), std::string::npos) << current.body;
    auto csv = Call("GET", "/api/v1/establishments/MDI/wings/A/lists/current.csv", security_);
    EXPECT_EQ(csv.status, 200) << csv.body;
    auto published = Call("POST", "/api/v1/establishments/MDI/wings/A/lists", security_);
    ASSERT_EQ(published.status, 201) << published.body;
    auto next = json::parse(published.body).as_object();
    EXPECT_EQ(next.at("version").as_int64(), 2);
    EXPECT_TRUE(next.at("entries").as_array().empty());
    ASSERT_EQ(next.at("removed").as_array().size(), 1u);
    EXPECT_EQ(next.at("removed").as_array()[0].as_string(), "A1111AA");
    // MDI's prisoner list still loads, without the prisoner.
    auto listed = Call("GET", "/api/v1/establishments/MDI/prisoners", security_);
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.body.find("A1111AA"), std::string::npos) << listed.body;

    // The end of MDI's access is audited against the prisoner at MDI (codes only).
    auto audit = Call("GET", "/api/v1/audit?subject=prisoner:A1111AA&limit=100", security_);
    ASSERT_EQ(audit.status, 200) << audit.body;
    bool found = false;
    const json::value entries = json::parse(audit.body);
    for (const auto& item : entries.as_object().at("items").as_array()) {
        const auto& e = item.as_object();
        if (e.at("action").as_string() != "tmpp.access.transferred") continue;
        found = true;
        const std::string detail(e.at("detail").as_string());
        EXPECT_NE(detail.find("from=MDI to=LEI grant="), std::string::npos) << detail;
        EXPECT_NE(detail.find("state=ENDED"), std::string::npos) << detail;
    }
    EXPECT_TRUE(found) << audit.body;
    EXPECT_EQ(audit.body.find("MDI-only"), std::string::npos);
}

// A handset the prisoner still holds at MDI is flagged there for recall when LEI's import names
// them (ADR 0012): it stays ISSUED in MDI's register, and LEI cannot read it.
TEST_P(TransferTest, AHandsetHeldAtMoorlandIsFlaggedForRecallOnTheTransfer) {
    GrantAtMdi();
    Expect(Call("POST", "/api/v1/establishments/MDI/handsets", spoc_,
                OneHandsetJson("MDI-H0", "S0000")),
           201);
    Expect(Call("POST", "/api/v1/handsets/MDI-H0/issue", spoc_,
                R"({"prisoner":"A1111AA","seal":"S0000"})"),
           200);
    auto before = Call("GET", "/api/v1/handsets/MDI-H0", spoc_);
    ASSERT_EQ(before.status, 200) << before.body;
    EXPECT_FALSE(json::parse(before.body).as_object().at("recall_requested").as_bool());

    Expect(Import("LEI", kHeader + Row("A1111AA", "LEI"), leeds_), 200);
    auto after = Call("GET", "/api/v1/handsets/MDI-H0", spoc_);
    ASSERT_EQ(after.status, 200) << after.body;
    const auto handset = json::parse(after.body).as_object();
    EXPECT_EQ(handset.at("status").as_string(), "ISSUED");
    EXPECT_EQ(handset.at("issued_to").as_string(), "A1111AA");
    EXPECT_TRUE(handset.at("recall_requested").as_bool()) << after.body;
    const auto& last = handset.at("timeline").as_array().back().as_object();
    EXPECT_EQ(last.at("what").as_string(), "RECALL_REQUESTED");
    EXPECT_EQ(last.at("detail").as_string(),
              "TMPP access of A1111AA ended on transfer to LEI: recall the handset");
    EXPECT_EQ(Call("GET", "/api/v1/handsets/MDI-H0", leeds_).status, 404);
}

TEST_P(TransferTest, TheCliReportsTransfersIn) {
    const std::string file = dir_ + "/lei.csv";
    {
        std::ofstream out(file);
        out << kHeader << Row("A2222BB", "LEI");
    }
    auto r = Warden({"import", "prisoners", file, "--establishment", "LEI", "--partial"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find(R"("transferred_in":[{"prison_number":"A2222BB","from":"MDI"}])"),
              std::string::npos)
        << r.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, TransferTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
