// TMPP handsets over HTTP against a real `warden serve`, on SQLite and PostgreSQL: the register's
// 400s name each field and it filters by wing, the issue's 409s name the rule, a mismatched return
// quarantines, an issue older than the establishment's limit is overdue, the SPoC's reseal and
// retire refuse a handset out (and a second retire), and 64
// concurrent clients (on one `serve`, and on two sharing PostgreSQL) never issue a handset twice
// nor give a prisoner two.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

const std::string kHeader =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";

std::string Row(const std::string& number, const std::string& wing = "A") {
    return number + ",John,Smith,1980-01-02,MDI," + wing + "," + wing +
           "-1-001,SENTENCED,C,,0,0,0\n";
}

const std::vector<std::string> kGranted = {"A1111AA", "A2222BB", "A3333CC", "A4444DD"};
const std::vector<std::string> kImeis = {"490154203237518", "356938035643809", "864321050000004",
                                         "350000000000014"};
const std::vector<std::string> kIccids = {"8944100000000000018", "8944100000000000026",
                                          "8944100000000000034", "8944100000000000000"};

std::string HandsetBody(int i, const std::string& seal = "S000") {
    return "{\"tag\":\"MDI-H" + std::to_string(i) + "\",\"imei\":\"" + kImeis.at(i) +
           "\",\"model\":\"Nokia 105\",\"iccid\":\"" + kIccids.at(i) +
           "\",\"phone_number\":\"07700 900123\",\"seal\":\"" + seal + std::to_string(i) +
           "\",\"home_wing\":\"A\"}";
}

// The reference the server gives MDI's n-th incident this (UTC) year.
std::string MdiRef(int n) {
    using namespace std::chrono;
    const year_month_day today{floor<days>(system_clock::now())};
    char digits[8];
    std::snprintf(digits, sizeof digits, "%05d", n);
    return "MDI-TMPP-" + std::to_string(static_cast<int>(today.year())) + "-" + digits;
}

class HandsetsApiTest : public WardenTest {
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
        spoc_ = TokenFor("spoc");
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env_);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
        client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
        std::string csv = kHeader + Row("A5555EE") + Row("B1111AA", "B");
        for (const auto& n : kGranted) csv += Row(n);
        ASSERT_EQ(
            Call("POST", "/api/v1/establishments/MDI/prisoners/import", security_, csv, "text/csv")
                .status,
            200);
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

    // Phase 1, a compact, the assessment, then for each of kGranted a need, a signed compact, a
    // GREEN decision and a grant; then wing A's list is published.
    void GrantAndPublish() {
        Ok(Call("PUT", "/api/v1/establishments/MDI/phase", security_,
                "{\"phase\":1,\"reason\":\"outbreak\"}"));
        Ok(Call("POST", "/api/v1/establishments/MDI/compacts", security_,
                "{\"text\":\"I will use it well.\"}"),
           201);
        Ok(Call("POST", "/api/v1/establishments/MDI/risk-assessments", security_,
                "{\"scope\":\"all\"}"));
        for (const auto& n : kGranted) {
            const std::string p = "/api/v1/prisoners/" + n;
            Ok(Call("POST", p + "/needs", security_, "{\"need\":\"ISOLATING\"}"), 201);
            Ok(Call("POST", p + "/compacts", officer_,
                    "{\"compact_version\":1,\"signed_on\":\"2020-01-01\",\"witnessed_by\":\"Jo\"}"),
               201);
            Ok(Call("POST", p + "/risk-assessment/decision", security_,
                    "{\"band\":\"GREEN\",\"reason\":\"\"}"));
            Ok(Call("POST", p + "/grants", security_, "{\"conditions\":[\"SUPERVISED_USE\"]}"),
               201);
        }
        Ok(Call("POST", "/api/v1/establishments/MDI/wings/A/lists", security_), 201);
        for (int i = 0; i < 4; ++i) {
            Ok(Call("POST", "/api/v1/establishments/MDI/handsets", spoc_, HandsetBody(i)), 201);
        }
    }

    std::string Detail(const HttpResponse& r, int status = 409) {
        EXPECT_EQ(r.status, status) << r.body;
        if (r.status != status) return "";
        return std::string(json::parse(r.body).as_object().at("detail").as_string());
    }

    void IssueRaces(const std::vector<int>& ports);

    std::string security_;
    std::string officer_;
    std::string spoc_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(HandsetsApiTest, TheRegisterNamesEachFailingFieldAndOnlyTheSpocAdds) {
    auto bad = Call("POST", "/api/v1/establishments/MDI/handsets", spoc_,
                    "{\"tag\":\"\",\"imei\":\"490154203237519\",\"model\":\"N\","
                    "\"iccid\":\"12\",\"phone_number\":\"x\",\"seal\":\"\",\"home_wing\":\"Q\"}");
    ASSERT_EQ(bad.status, 400) << bad.body;
    std::set<std::string> fields;
    const json::value problem = json::parse(bad.body);
    for (const auto& e : problem.as_object().at("errors").as_array()) {
        fields.insert(std::string(e.as_object().at("field").as_string()));
    }
    EXPECT_EQ(fields,
              (std::set<std::string>{"tag", "imei", "iccid", "phone_number", "seal", "home_wing"}));
    EXPECT_EQ(Call("POST", "/api/v1/establishments/MDI/handsets", officer_, HandsetBody(0)).status,
              403);
    Ok(Call("POST", "/api/v1/establishments/MDI/handsets", spoc_, HandsetBody(0)), 201);
    // The tag taken, with another handset's IMEI and ICCID (when all three are taken, the
    // database names whichever unique index it checks first).
    std::string same_tag = HandsetBody(1);
    same_tag.replace(same_tag.find("MDI-H1"), 6, "MDI-H0");
    auto again = Call("POST", "/api/v1/establishments/MDI/handsets", spoc_, same_tag);
    EXPECT_NE(Detail(again).find("asset tag MDI-H0 is already registered"), std::string::npos);
    auto one = Call("GET", "/api/v1/handsets/mdi-h0", officer_);
    ASSERT_EQ(one.status, 200) << one.body;
    auto o = json::parse(one.body).as_object();
    for (const char* f : {"tag", "imei", "model", "iccid", "phone_number", "seal", "establishment",
                          "home_wing", "status", "overdue", "timeline"}) {
        EXPECT_TRUE(o.contains(f)) << f;
    }
    EXPECT_EQ(o.at("status").as_string(), "AVAILABLE");
    EXPECT_FALSE(o.contains("issued_to"));
    EXPECT_EQ(Call("GET", "/api/v1/handsets/MDI-H0", TokenFor("leeds")).status, 404);
    auto csv = Call("GET", "/api/v1/establishments/MDI/handsets.csv?status=AVAILABLE", officer_);
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("MDI-H0,490154203237518,Nokia 105"), std::string::npos);
    auto none = Call("GET", "/api/v1/establishments/MDI/handsets?status=LOST", officer_);
    EXPECT_EQ(json::parse(none.body).as_object().at("items").as_array().size(), 0U);
}

TEST_P(HandsetsApiTest, IssueRefusalsAre409AndAMismatchedReturnQuarantines) {
    GrantAndPublish();
    auto issue = [&](const std::string& tag, const std::string& prisoner, const std::string& seal) {
        return Call("POST", "/api/v1/handsets/" + tag + "/issue", officer_,
                    "{\"prisoner\":\"" + prisoner + "\",\"seal\":\"" + seal + "\"}");
    };
    EXPECT_NE(Detail(issue("MDI-H0", "A5555EE", "S0000")).find("current published list"),
              std::string::npos);
    EXPECT_NE(Detail(issue("MDI-H0", "A1111AA", "S9")).find("does not match"), std::string::npos);
    auto ok = issue("MDI-H0", "A1111AA", "S0000");
    ASSERT_EQ(ok.status, 200) << ok.body;
    auto o = json::parse(ok.body).as_object();
    EXPECT_EQ(o.at("issued_to").as_string(), "A1111AA");
    EXPECT_EQ(o.at("conditions").as_array().at(0).as_string(), "SUPERVISED_USE");
    EXPECT_NE(Detail(issue("MDI-H0", "A2222BB", "S0000")).find("not AVAILABLE"), std::string::npos);
    EXPECT_NE(Detail(issue("MDI-H1", "A1111AA", "S0001")).find("already holds"), std::string::npos);
    auto back = Call("POST", "/api/v1/handsets/MDI-H0/return", officer_,
                     "{\"seal\":\"S9999\",\"sim_present\":true,\"condition\":\"OK\"}");
    ASSERT_EQ(back.status, 200) << back.body;
    auto b = json::parse(back.body).as_object();
    EXPECT_EQ(b.at("status").as_string(), "QUARANTINED");
    EXPECT_EQ(b.at("incident").as_object().at("type").as_string(), "SEAL_TAMPERED");
    const std::string ref(b.at("incident").as_object().at("reference").as_string());
    EXPECT_EQ(ref, MdiRef(1));
    // The seal was misread: the SPoC (not the officer who took it back) marks the draft not
    // reportable, with the reason required.
    EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/not-reportable", officer_,
                   "{\"reason\":\"Seal misread\"}")
                  .status,
              403);
    auto no_reason = Call("POST", "/api/v1/incidents/" + ref + "/not-reportable", spoc_, "{}");
    ASSERT_EQ(no_reason.status, 400) << no_reason.body;
    EXPECT_NE(no_reason.body.find("\"reason\""), std::string::npos) << no_reason.body;
    auto not_reportable = Call("POST", "/api/v1/incidents/" + ref + "/not-reportable", spoc_,
                               "{\"reason\":\"Seal misread: it was S0000\"}");
    ASSERT_EQ(not_reportable.status, 200) << not_reportable.body;
    auto nr = json::parse(not_reportable.body).as_object();
    EXPECT_EQ(nr.at("status").as_string(), "NOT_REPORTABLE");
    EXPECT_EQ(nr.at("timeline").as_array().back().as_object().at("what").as_string(),
              "NOT_REPORTABLE");
    EXPECT_TRUE(nr.at("notifications").as_array().empty()) << "nobody is emailed";
    EXPECT_EQ(
        Call("POST", "/api/v1/incidents/" + ref + "/report", officer_, "{\"description\":\"late\"}")
            .status,
        409);
    EXPECT_EQ(Call("POST", "/api/v1/handsets/MDI-H0/reseal", officer_,
                   "{\"seal\":\"S7\",\"note\":\"ok\"}")
                  .status,
              403);
    auto resealed = Call("POST", "/api/v1/handsets/MDI-H0/reseal", spoc_,
                         "{\"seal\":\"S7\",\"note\":\"Inspected, seal misread\"}");
    ASSERT_EQ(resealed.status, 200) << resealed.body;
    auto timeline = json::parse(Call("GET", "/api/v1/handsets/MDI-H0", officer_).body)
                        .as_object()
                        .at("timeline")
                        .as_array();
    ASSERT_EQ(timeline.size(), 4U);
    EXPECT_EQ(timeline.at(2).as_object().at("what").as_string(), "RETURNED");

    // Back with the seal on record but damaged: DAMAGED, with a draft DAMAGE incident.
    ASSERT_EQ(issue("MDI-H0", "A1111AA", "S7").status, 200);
    auto damaged = Call("POST", "/api/v1/handsets/MDI-H0/return", officer_,
                        R"({"seal":"S7","sim_present":true,"condition":"DAMAGED"})");
    ASSERT_EQ(damaged.status, 200) << damaged.body;
    auto d = json::parse(damaged.body).as_object();
    EXPECT_EQ(d.at("status").as_string(), "DAMAGED");
    EXPECT_EQ(d.at("incident").as_object().at("type").as_string(), "DAMAGE");
    EXPECT_EQ(d.at("incident").as_object().at("reference").as_string(), MdiRef(2));
    EXPECT_NE(Detail(issue("MDI-H0", "A1111AA", "S7")).find("not AVAILABLE"), std::string::npos);
}

// The register by wing, the overdue flag under the establishment's limit, and the SPoC's reseal
// and retire with their refusals.
TEST_P(HandsetsApiTest, TheWingFilterTheOverdueLimitAndTheSpocsRefusals) {
    GrantAndPublish();
    // MDI-H3 moves to wing B: the list and its CSV filter by wing.
    std::string on_b = HandsetBody(3);
    on_b.replace(on_b.find("\"home_wing\":\"A\""), 15, "\"home_wing\":\"B\"");
    Ok(Call("PUT", "/api/v1/handsets/MDI-H3", spoc_, on_b));
    const auto tags = [&](const std::string& query) {
        std::vector<std::string> out;
        auto r = Call("GET", "/api/v1/establishments/MDI/handsets" + query, officer_);
        EXPECT_EQ(r.status, 200) << r.body;
        if (r.status != 200) return out;
        const json::value list = json::parse(r.body);
        for (const auto& h : list.as_object().at("items").as_array()) {
            out.emplace_back(h.as_object().at("tag").as_string());
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(tags("?wing=B"), (std::vector<std::string>{"MDI-H3"}));
    EXPECT_EQ(tags("?wing=A"), (std::vector<std::string>{"MDI-H0", "MDI-H1", "MDI-H2"}));
    auto csv = Call("GET", "/api/v1/establishments/MDI/handsets.csv?wing=B", officer_);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.body.find("MDI-H3,"), std::string::npos) << csv.body;
    EXPECT_EQ(csv.body.find("MDI-H0,"), std::string::npos) << csv.body;

    // Nothing to take back from a handset in the cupboard.
    EXPECT_NE(Detail(Call("POST", "/api/v1/handsets/MDI-H1/return", officer_,
                          R"({"seal":"S0001","sim_present":true,"condition":"OK"})"))
                  .find("there is nothing to take back"),
              std::string::npos);

    // Issued: not overdue yet; neither resealed nor retired while out.
    Ok(Call("POST", "/api/v1/handsets/MDI-H0/issue", officer_,
            R"({"prisoner":"A1111AA","seal":"S0000"})"));
    const auto overdue = [&] {
        auto r = Call("GET", "/api/v1/handsets/MDI-H0", officer_);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 && json::parse(r.body).as_object().at("overdue").as_bool();
    };
    EXPECT_FALSE(overdue());
    EXPECT_NE(Detail(Call("POST", "/api/v1/handsets/MDI-H0/reseal", spoc_,
                          R"({"seal":"S8","note":"Inspected"})"))
                  .find("only a handset in hand can be resealed"),
              std::string::npos);
    EXPECT_NE(
        Detail(Call("POST", "/api/v1/handsets/MDI-H0/retire", spoc_, R"({"reason":"Worn out"})"))
            .find("take it back before retiring it"),
        std::string::npos);

    // The SPoC sets the establishment's limit; an issue older than it is overdue.
    const std::string limit = "/api/v1/establishments/MDI/handset-overdue-limit";
    EXPECT_EQ(Call("PUT", limit, officer_, R"({"overdue_minutes":5})").status, 403);
    auto zero = Call("PUT", limit, spoc_, R"({"overdue_minutes":0})");
    ASSERT_EQ(zero.status, 400) << zero.body;
    EXPECT_NE(zero.body.find("\"overdue_minutes\""), std::string::npos) << zero.body;
    auto five = Call("PUT", limit, spoc_, R"({"overdue_minutes":5})");
    ASSERT_EQ(five.status, 200) << five.body;
    EXPECT_EQ(json::parse(five.body).as_object().at("overdue_minutes").as_int64(), 5);
    EXPECT_FALSE(overdue());
    const std::string backdate =
        "UPDATE handset_issues SET issued_at = '" +
        FormatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
                      std::chrono::minutes(6)) +
        "' WHERE tag = 'MDI-H0' AND returned_at IS NULL";
    CommandResult edit = Sql(backdate);
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    EXPECT_TRUE(overdue());
    auto listed = Call("GET", "/api/v1/establishments/MDI/handsets?status=ISSUED", officer_);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto items = json::parse(listed.body).as_object().at("items").as_array();
    ASSERT_EQ(items.size(), 1U) << listed.body;
    EXPECT_TRUE(items.at(0).as_object().at("overdue").as_bool()) << listed.body;

    // Retired once, from the cupboard; not twice.
    auto retired =
        Call("POST", "/api/v1/handsets/MDI-H1/retire", spoc_, R"({"reason":"Cracked screen"})");
    ASSERT_EQ(retired.status, 200) << retired.body;
    EXPECT_EQ(json::parse(retired.body).as_object().at("status").as_string(), "RETIRED");
    EXPECT_NE(Detail(Call("POST", "/api/v1/handsets/MDI-H1/retire", spoc_, R"({"reason":"Again"})"))
                  .find("is already RETIRED"),
              std::string::npos);
}

// The two refusals that need another establishment or a departed prisoner: a handset of another
// establishment (to a user whose caseload holds both) and a prisoner no longer in custody.
TEST_P(HandsetsApiTest, IssueRefusesAnotherEstablishmentsHandsetAndAPrisonerGone) {
    GrantAndPublish();
    auto both = Warden({"user", "add", "both", "--name", "Bo Both", "--email", "bo@example.gov.uk",
                        "--roles", "WING_OFFICER,TMPP_SPOC", "--caseload", "MDI,LEI"},
                       std::string(kPassword) + "\n");
    ASSERT_EQ(both.exit_code, 0) << both.err;
    const std::string bo = TokenFor("both");
    Ok(Call("POST", "/api/v1/establishments/LEI/prisoners/import", TokenFor("leeds"),
            kHeader + "L1111AA,Lee,Jones,1980-01-02,LEI,A,A-1-001,SENTENCED,C,,0,0,0\n",
            "text/csv"));
    std::string leeds = HandsetBody(0);
    leeds.replace(leeds.find("MDI-H0"), 6, "LEI-H0");
    leeds.replace(leeds.find(kImeis.at(0)), 15, "352099001761481");
    leeds.replace(leeds.find(kIccids.at(0)), 19, "8944100000000000042");
    Ok(Call("POST", "/api/v1/establishments/LEI/handsets", bo, leeds), 201);
    auto issue = [&](const std::string& tag, const std::string& prisoner, const std::string& seal) {
        return Call("POST", "/api/v1/handsets/" + tag + "/issue", bo,
                    "{\"prisoner\":\"" + prisoner + "\",\"seal\":\"" + seal + "\"}");
    };
    const std::string elsewhere = Detail(issue("LEI-H0", "A1111AA", "S0000"));
    EXPECT_NE(elsewhere.find("belongs to LEI, not to A1111AA's establishment MDI"),
              std::string::npos)
        << elsewhere;
    // MDI's full import no longer names A2222BB: gone, so no handset, whatever the list says.
    std::string csv = kHeader + Row("A5555EE") + Row("B1111AA", "B");
    for (const auto& n : kGranted) {
        if (n != "A2222BB") csv += Row(n);
    }
    Ok(Call("POST", "/api/v1/establishments/MDI/prisoners/import", security_, csv, "text/csv"));
    EXPECT_NE(Detail(issue("MDI-H1", "A2222BB", "S0001")).find("no longer in custody"),
              std::string::npos);
    // Neither refusal changed a handset.
    for (const char* tag : {"LEI-H0", "MDI-H1"}) {
        auto one = Call("GET", std::string("/api/v1/handsets/") + tag, bo);
        ASSERT_EQ(one.status, 200) << one.body;
        EXPECT_EQ(json::parse(one.body).as_object().at("status").as_string(), "AVAILABLE") << tag;
    }
}

// A seal mismatch opens a draft in the return's transaction; staff complete and report it, which
// queues the SPoC's email (codes only); the audit holds codes, read by the caseload's Security.
TEST_P(HandsetsApiTest, AMismatchedReturnOpensADraftThatStaffReport) {
    GrantAndPublish();
    Ok(Call("POST", "/api/v1/handsets/MDI-H1/issue", officer_,
            "{\"prisoner\":\"A2222BB\",\"seal\":\"S0001\"}"));
    auto back = Call("POST", "/api/v1/handsets/MDI-H1/return", officer_,
                     "{\"seal\":\"S0001\",\"sim_present\":false,\"condition\":\"OK\"}");
    ASSERT_EQ(back.status, 200) << back.body;
    auto b = json::parse(back.body).as_object();
    EXPECT_EQ(b.at("status").as_string(), "QUARANTINED");
    const std::string ref(b.at("incident").as_object().at("reference").as_string());
    EXPECT_EQ(ref, MdiRef(1));
    auto draft = Call("GET", "/api/v1/incidents/" + ref, officer_);
    ASSERT_EQ(draft.status, 200) << draft.body;
    auto d = json::parse(draft.body).as_object();
    EXPECT_EQ(d.at("status").as_string(), "DRAFT");
    EXPECT_EQ(d.at("type").as_string(), "SIM_TAMPERED");
    EXPECT_EQ(d.at("handset").as_string(), "MDI-H1");
    EXPECT_EQ(d.at("prisoners").as_array().at(0).as_string(), "A2222BB");
    EXPECT_EQ(d.at("evidence").as_string(), "seal recorded S0001, seal seen S0001, SIM missing");
    EXPECT_EQ(Call("GET", "/api/v1/incidents/" + ref, TokenFor("leeds")).status, 404);
    auto missing = Call("POST", "/api/v1/incidents/" + ref + "/report", officer_, "{}");
    ASSERT_EQ(missing.status, 400) << missing.body;
    EXPECT_NE(missing.body.find("description"), std::string::npos);
    auto reported = Call("POST", "/api/v1/incidents/" + ref + "/report", officer_,
                         "{\"description\":\"SIM card gone from the handset\","
                         "\"local_ir_number\":\"IR-12\"}");
    ASSERT_EQ(reported.status, 200) << reported.body;
    auto r = json::parse(reported.body).as_object();
    EXPECT_EQ(r.at("status").as_string(), "REPORTED");
    EXPECT_EQ(r.at("description").as_string(), "TMPP: SIM card gone from the handset");
    ASSERT_EQ(r.at("notifications").as_array().size(), 1U);
    auto n = r.at("notifications").as_array().at(0).as_object();
    EXPECT_EQ(n.at("to").as_array().at(0).as_string(), "spoc.mdi@example.gov.uk");
    EXPECT_EQ(n.at("state").as_string(), "PENDING");
    EXPECT_NE(Detail(Call("POST", "/api/v1/incidents/" + ref + "/report", officer_,
                          "{\"description\":\"again\"}"))
                  .find("only a DRAFT"),
              std::string::npos);
    auto raised = Call("POST", "/api/v1/incidents", spoc_,
                       "{\"type\":\"MISUSE\",\"establishment\":\"MDI\",\"wing\":\"A\","
                       "\"prisoners\":[\"A1111AA\"],\"description\":\"Photos sent\"}");
    ASSERT_EQ(raised.status, 201) << raised.body;
    EXPECT_EQ(json::parse(raised.body).as_object().at("reference").as_string(), MdiRef(2));
    auto bad = Call("POST", "/api/v1/incidents", spoc_, "{\"type\":\"NOPE\"}");
    EXPECT_EQ(bad.status, 400) << bad.body;
    auto audit = Call("GET", "/api/v1/audit?subject=incident:" + ref, security_);
    ASSERT_EQ(audit.status, 200) << audit.body;
    auto items = json::parse(audit.body).as_object().at("items").as_array();
    // Drafted, read by the officer (the refused read from Leeds writes nothing), reported, and
    // read again: the answer to the report carries the incident.
    std::vector<std::string> actions;
    for (const auto& e : items) actions.emplace_back(e.as_object().at("action").as_string());
    EXPECT_EQ(actions, (std::vector<std::string>{"incidents.read", "incidents.report",
                                                 "incidents.read", "incidents.draft"}))
        << audit.body;
    EXPECT_EQ(audit.body.find("SIM card gone"), std::string::npos);
    auto handset_audit = Call("GET", "/api/v1/audit?subject=handset:MDI-H1", security_);
    EXPECT_NE(handset_audit.body.find("incident=" + ref), std::string::npos) << handset_audit.body;
    // Reading the handset and the register is audited too, with codes only.
    ASSERT_EQ(Call("GET", "/api/v1/handsets/MDI-H1", officer_).status, 200);
    ASSERT_EQ(
        Call("GET", "/api/v1/establishments/MDI/handsets?status=QUARANTINED", officer_).status,
        200);
    handset_audit = Call("GET", "/api/v1/audit?subject=handset:MDI-H1", security_);
    EXPECT_NE(handset_audit.body.find("\"handsets.read\""), std::string::npos)
        << handset_audit.body;
    auto register_audit = Call("GET", "/api/v1/audit?subject=establishment:MDI", security_);
    EXPECT_NE(register_audit.body.find("status=QUARANTINED wing=any count=1"), std::string::npos)
        << register_audit.body;
}

// 64 clients at once try every handset for every prisoner, three rounds with returns between:
// every round ends with each handset issued at most once and each prisoner holding at most one.
// Three rounds of 64 clients, spread over `ports`, each issuing one of the 4 handsets to one of the
// 4 granted prisoners: at most one issue a handset and one handset a prisoner, whatever the races.
void HandsetsApiTest::IssueRaces(const std::vector<int>& ports) {
    for (int round = 0; round < 3; ++round) {
        std::atomic<int> issued{0};
        std::atomic<int> refused{0};
        std::atomic<int> other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 64; ++i) {
            threads.emplace_back([&, i] {
                HttpClient c("127.0.0.1", ports.at(static_cast<std::size_t>(i) % ports.size()));
                const int h = (i + round) % 4;
                const std::string body = "{\"prisoner\":\"" + kGranted.at((i / 4) % 4) +
                                         "\",\"seal\":\"S000" + std::to_string(h) + "\"}";
                auto r =
                    c.Send("POST", "/api/v1/handsets/MDI-H" + std::to_string(h) + "/issue", body,
                           {{"Authorization", "Bearer " + officer_},
                            {"Content-Type", "application/json"}});
                (r.status == 200 ? issued : r.status == 409 ? refused : other)++;
            });
        }
        for (auto& t : threads) t.join();
        EXPECT_EQ(other.load(), 0);
        EXPECT_GE(issued.load(), 1);
        EXPECT_LE(issued.load(), 4);
        EXPECT_EQ(issued.load() + refused.load(), 64);
        auto list = Call("GET", "/api/v1/establishments/MDI/handsets?status=ISSUED", officer_);
        std::set<std::string> holders;
        int out = 0;
        const json::value listed = json::parse(list.body);
        for (const auto& v : listed.as_object().at("items").as_array()) {
            holders.insert(std::string(v.as_object().at("issued_to").as_string()));
            ++out;
        }
        EXPECT_EQ(out, issued.load());
        EXPECT_EQ(static_cast<int>(holders.size()), out) << "a prisoner holds two handsets";
        for (int h = 0; h < 4; ++h) {
            auto r =
                Call("POST", "/api/v1/handsets/MDI-H" + std::to_string(h) + "/return", officer_,
                     "{\"seal\":\"S000" + std::to_string(h) + "\",\"sim_present\":true}");
            EXPECT_TRUE(r.status == 200 || r.status == 409) << r.body;
        }
    }
    // Each handset's timeline alternates ISSUED and RETURNED: two ISSUED in a row would be a
    // handset issued twice at once.
    for (int h = 0; h < 4; ++h) {
        auto one = Call("GET", "/api/v1/handsets/MDI-H" + std::to_string(h), officer_);
        ASSERT_EQ(one.status, 200) << one.body;
        std::string last;
        const json::value handset = json::parse(one.body);
        for (const auto& e : handset.as_object().at("timeline").as_array()) {
            const std::string what(e.as_object().at("what").as_string());
            if (what != "ISSUED" && what != "RETURNED") continue;
            EXPECT_NE(what, last) << "MDI-H" << h << " " << what << " twice in a row";
            last = what;
        }
    }
}

TEST_P(HandsetsApiTest, SixtyFourConcurrentClientsNeverDoubleIssue) {
    GrantAndPublish();
    IssueRaces({server_->port()});
}

// The same races with the clients split between two `serve` processes on one PostgreSQL database:
// the guarantee is the database's (row locks, the conditional update), not one process's.
class HandsetsTwoServeTest : public HandsetsApiTest {};

TEST_P(HandsetsTwoServeTest, TwoServeProcessesOnPostgresNeverDoubleIssue) {
    GrantAndPublish();
    ServerProcess second(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(second.Start(log)) << log;
    IssueRaces({server_->port(), second.port()});
    EXPECT_EQ(second.Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, HandsetsApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);
INSTANTIATE_TEST_SUITE_P(Postgres, HandsetsTwoServeTest, ::testing::Values(Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace warden::testing
