// Digital demand proposals over HTTP against a real `warden serve`, on SQLite and PostgreSQL:
// whole-life cost and flags in every response, 400 naming each bad field, the workflow with its
// 409s, who sees what (outside the caseload is 404), the configurable spend-control threshold,
// the catalogue, and related proposals and catalogue matches (issue 11 item 4).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

const std::string kProposal = R"({
  "establishment": "MDI", "title": "Biometric kiosks", "summary": "Fingerprint sign-in at kiosks",
  "need": "Prisoners queue for paper applications", "category": "BIOMETRICS",
  "users": ["PRISONERS_COMMUNAL"], "supplier": "Acme Biometrics", "assured": false,
  "free_offer": true, "personal_data": true, "hmpps_network": true,
  "central_funding_assumed": true, "wanted_start": "2027-04-01",
  "one_off_hardware_software_pence": 2000000, "one_off_labour_pence": 300000,
  "internal_staff_pence": 100000, "yearly_support_pence": 400000,
  "yearly_live_service_pence": 100000, "contract_years": 3})";

class DemandApiTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
        auto add = [this](const std::string& name, const std::string& roles,
                          const std::string& caseload) {
            std::vector<std::string> args = {
                "user",    "add", name, "--name", name, "--email", name + "@example.gov.uk",
                "--roles", roles};
            if (!caseload.empty()) {
                args.push_back("--caseload");
                args.push_back(caseload);
            }
            auto r = Warden(args, std::string(kPassword) + "\n");
            ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
        };
        add("governor", "GOVERNOR", "MDI");
        add("leedsgov", "GOVERNOR", "LEI");
        add("digital", "DIGITAL_REVIEWER", "");
        add("national", "MONITORING", "");
        governor_ = TokenFor("governor");
        leeds_ = TokenFor("leedsgov");
        reviewer_ = TokenFor("digital");
        env_["WARDEN_SPEND_CONTROL_PENCE"] = "3000000";  // £30,000
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
    static std::set<std::string> ErrorFields(const HttpResponse& r) {
        std::set<std::string> out;
        const json::object problem = Obj(r);
        for (const auto& e : problem.at("errors").as_array()) {
            out.insert(std::string(e.as_object().at("field").as_string()));
        }
        return out;
    }
    std::string Create(const std::string& body = kProposal) {
        auto r = Call("POST", "/api/v1/proposals", governor_, body);
        EXPECT_EQ(r.status, 201) << r.body;
        if (r.status != 201) return "0";
        return std::to_string(Obj(r).at("id").as_int64());
    }

    std::string governor_;
    std::string leeds_;
    std::string reviewer_;
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<HttpClient> client_;
};

TEST_P(DemandApiTest, ResponsesCarryWholeLifeCostFlagsAndTimeline) {
    auto r = Call("POST", "/api/v1/proposals", governor_, kProposal);
    ASSERT_EQ(r.status, 201) << r.body;
    auto p = Obj(r);
    EXPECT_EQ(p.at("state").as_string(), "DRAFT");
    EXPECT_EQ(p.at("establishment").as_string(), "MDI");
    EXPECT_EQ(p.at("proposer").as_string(), "governor");
    // 2,000,000 + 300,000 + 100,000 + (400,000 + 100,000) × 3
    EXPECT_EQ(p.at("whole_life_cost_pence").as_int64(), 3'900'000);
    std::set<std::string> codes;
    for (const auto& f : p.at("flags").as_array()) {
        codes.insert(std::string(f.as_object().at("code").as_string()));
        EXPECT_FALSE(f.as_object().at("explanation").as_string().empty());
    }
    EXPECT_EQ(codes, (std::set<std::string>{"FREE_OFFER_FUTURE_COSTS", "CENTRAL_FUNDING_ASSUMED",
                                            "MULTI_YEAR", "UNASSURED", "DATA_PROTECTION_REVIEW",
                                            "NETWORK_SECURITY_REVIEW", "SPEND_CONTROL"}));
    EXPECT_TRUE(p.at("advice").is_null());
    ASSERT_EQ(p.at("timeline").as_array().size(), 1u);
    EXPECT_EQ(p.at("timeline").as_array()[0].as_object().at("what").as_string(), "CREATED");
    EXPECT_TRUE(p.at("related").as_array().empty());
    EXPECT_TRUE(p.at("catalogue_matches").as_array().empty());
    EXPECT_EQ(p.at("users").as_array().size(), 1u);
    EXPECT_EQ(p.at("wanted_start").as_string(), "2027-04-01");
}

TEST_P(DemandApiTest, BadInputIs400NamingEachField) {
    auto r = Call("POST", "/api/v1/proposals", governor_,
                  R"({"establishment":"MDI","title":"","need":" ","category":"DRONES",
                      "one_off_labour_pence":-1,"contract_years":11,"wanted_start":"2027-13-01"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.Header("content-type").find("application/problem+json"), std::string::npos);
    EXPECT_EQ(ErrorFields(r),
              (std::set<std::string>{"title", "need", "category", "one_off_labour_pence",
                                     "contract_years", "wanted_start"}));
    // Wrong JSON types are named too, all at once.
    r = Call("POST", "/api/v1/proposals", governor_,
             R"({"establishment":"MDI","title":"T","need":"N","assured":"yes",
                 "yearly_support_pence":"100","users":"STAFF"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(ErrorFields(r), (std::set<std::string>{"assured", "yearly_support_pence", "users"}));
    r = Call("POST", "/api/v1/proposals", governor_,
             R"({"establishment":"MDI","title":"T","need":"N","contract_years":2.5})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(Obj(r).at("errors").as_array().at(0).as_object().at("message").as_string(),
              "contract_years must be a whole number of years");
    // An establishment outside the caseload is refused like one that does not exist.
    r = Call("POST", "/api/v1/proposals", governor_,
             R"({"establishment":"LEI","title":"T","need":"N"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(ErrorFields(r), (std::set<std::string>{"establishment"}));
    r = Call("GET", "/api/v1/proposals?state=SOMEWHERE", governor_);
    EXPECT_EQ(r.status, 400) << r.body;
}

TEST_P(DemandApiTest, WorkflowWithReturnResubmitAndConflicts) {
    const std::string id = Create();
    const std::string base = "/api/v1/proposals/" + id;
    std::string edited = kProposal;
    edited.replace(edited.find("Biometric kiosks"), 16, "Biometric kiosks (v2)");
    auto put = Call("PUT", base, governor_, edited);
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(Obj(put).at("title").as_string(), "Biometric kiosks (v2)");

    auto submitted = Call("POST", base + "/submit", governor_);
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    EXPECT_EQ(Obj(submitted).at("state").as_string(), "SUBMITTED");
    EXPECT_FALSE(Obj(submitted).at("submitted_at").is_null());
    auto again = Call("PUT", base, governor_, kProposal);
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(Obj(again).at("detail").as_string(), "A submitted proposal cannot be edited");

    // Only a reviewer advises; the outcome is checked.
    EXPECT_EQ(
        Call("POST", base + "/advice", governor_, R"({"outcome":"SUPPORTED","advice":"x"})").status,
        403);
    auto bad = Call("POST", base + "/advice", reviewer_, R"({"outcome":"PERHAPS","advice":""})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(ErrorFields(bad), (std::set<std::string>{"outcome", "advice"}));
    auto returned = Call("POST", base + "/advice", reviewer_,
                         R"({"outcome":"MORE_INFORMATION_NEEDED","advice":"Which prisons?"})");
    ASSERT_EQ(returned.status, 200) << returned.body;
    auto rp = Obj(returned);
    EXPECT_EQ(rp.at("state").as_string(), "RETURNED");
    EXPECT_EQ(rp.at("advice").as_object().at("outcome").as_string(), "MORE_INFORMATION_NEEDED");
    EXPECT_EQ(rp.at("advice").as_object().at("text").as_string(), "Which prisons?");
    EXPECT_EQ(rp.at("advice").as_object().at("by").as_string(), "digital");

    ASSERT_EQ(Call("PUT", base, governor_, kProposal).status, 200);
    auto resubmitted = Call("POST", base + "/submit", governor_);
    ASSERT_EQ(resubmitted.status, 200) << resubmitted.body;
    auto advised = Call("POST", base + "/advice", reviewer_,
                        R"({"outcome":"SUPPORTED_WITH_CONDITIONS","advice":"Complete a DPIA"})");
    ASSERT_EQ(advised.status, 200) << advised.body;
    EXPECT_EQ(Obj(advised).at("state").as_string(), "ADVISED");

    auto withdrawn = Call("POST", base + "/withdraw", governor_);
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(Obj(withdrawn).at("state").as_string(), "WITHDRAWN");
    EXPECT_EQ(Call("POST", base + "/withdraw", governor_).status, 409);

    std::vector<std::string> whats;
    const json::object read = Obj(Call("GET", base, governor_));
    for (const auto& e : read.at("timeline").as_array()) {
        whats.emplace_back(e.as_object().at("what").as_string());
    }
    EXPECT_EQ(whats, (std::vector<std::string>{"CREATED", "UPDATED", "SUBMITTED", "RETURNED",
                                               "UPDATED", "RESUBMITTED", "ADVISED", "WITHDRAWN"}));
    // Every move is audited, with codes and no free text.
    auto audit = Call("GET", "/api/v1/audit?subject=proposal:" + id, TokenFor("national"));
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::vector<std::string> actions;
    const json::object entries = Obj(audit);
    for (const auto& e : entries.at("items").as_array()) {
        actions.emplace_back(e.as_object().at("action").as_string());
    }
    EXPECT_EQ(actions.size(), 8u);
    EXPECT_EQ(actions.front(), "demand.proposal.withdrawn");
    EXPECT_EQ(actions.back(), "demand.proposal.created");
    EXPECT_EQ(audit.body.find("Which prisons"), std::string::npos);
}

TEST_P(DemandApiTest, ReviewersTakeIntoReviewAndCloseAndGovernorsWithdrawFromReview) {
    const std::string id = Create();
    const std::string base = "/api/v1/proposals/" + id;
    ASSERT_EQ(Call("POST", base + "/submit", governor_).status, 200);
    // Only a reviewer takes a proposal into review, and only a submitted one.
    EXPECT_EQ(Call("POST", base + "/start-review", governor_).status, 403);
    auto in_review = Call("POST", base + "/start-review", reviewer_);
    ASSERT_EQ(in_review.status, 200) << in_review.body;
    EXPECT_EQ(Obj(in_review).at("state").as_string(), "IN_REVIEW");
    EXPECT_EQ(Call("POST", base + "/start-review", reviewer_).status, 409);
    // Only an advised proposal closes.
    EXPECT_EQ(Call("POST", base + "/close", reviewer_).status, 409);
    auto advised =
        Call("POST", base + "/advice", reviewer_, R"({"outcome":"SUPPORTED","advice":"Go ahead"})");
    ASSERT_EQ(advised.status, 200) << advised.body;
    const json::object advice = Obj(advised).at("advice").as_object();
    EXPECT_EQ(advice.at("outcome").as_string(), "SUPPORTED");
    EXPECT_FALSE(advice.at("at").as_string().empty());
    EXPECT_EQ(Call("POST", base + "/close", governor_).status, 403);
    auto closed = Call("POST", base + "/close", reviewer_);
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(Obj(closed).at("state").as_string(), "CLOSED");
    EXPECT_EQ(Call("POST", base + "/close", reviewer_).status, 409);
    // A closed proposal is no longer open: it cannot be withdrawn.
    EXPECT_EQ(Call("POST", base + "/withdraw", governor_).status, 409);
    std::vector<std::string> whats;
    const json::object read = Obj(Call("GET", base, governor_));
    for (const auto& e : read.at("timeline").as_array()) {
        whats.emplace_back(e.as_object().at("what").as_string());
    }
    EXPECT_EQ(whats, (std::vector<std::string>{"CREATED", "SUBMITTED", "REVIEW_STARTED", "ADVISED",
                                               "CLOSED"}));
    auto audit = Call("GET", "/api/v1/audit?subject=proposal:" + id, TokenFor("national"));
    ASSERT_EQ(audit.status, 200) << audit.body;
    std::vector<std::string> actions;
    const json::object entries = Obj(audit);
    for (const auto& e : entries.at("items").as_array()) {
        actions.emplace_back(e.as_object().at("action").as_string());
    }
    EXPECT_EQ(actions,
              (std::vector<std::string>{"demand.proposal.closed", "demand.proposal.advised",
                                        "demand.proposal.review_started",
                                        "demand.proposal.submitted", "demand.proposal.created"}));

    // A proposal in review is open: its governor may withdraw it, and then nothing moves it.
    const std::string other = "/api/v1/proposals/" + Create();
    ASSERT_EQ(Call("POST", other + "/submit", governor_).status, 200);
    ASSERT_EQ(Call("POST", other + "/start-review", reviewer_).status, 200);
    auto withdrawn = Call("POST", other + "/withdraw", governor_);
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(Obj(withdrawn).at("state").as_string(), "WITHDRAWN");
    EXPECT_EQ(Call("POST", other + "/start-review", reviewer_).status, 409);
    EXPECT_EQ(Call("POST", other + "/advice", reviewer_, R"({"outcome":"SUPPORTED","advice":"x"})")
                  .status,
              409);
}

TEST_P(DemandApiTest, WhoSeesWhat) {
    const std::string draft = Create();
    const std::string submitted = Create();
    ASSERT_EQ(Call("POST", "/api/v1/proposals/" + submitted + "/submit", governor_).status, 200);

    auto mine = Obj(Call("GET", "/api/v1/proposals", governor_));
    EXPECT_EQ(mine.at("items").as_array().size(), 2u);
    EXPECT_TRUE(mine.at("next_cursor").is_null());
    // A page at a time, newest first, as API.md's lists.
    auto first = Obj(Call("GET", "/api/v1/proposals?limit=1", governor_));
    ASSERT_EQ(first.at("items").as_array().size(), 1u);
    EXPECT_EQ(std::to_string(first.at("items").as_array()[0].as_object().at("id").as_int64()),
              submitted);
    ASSERT_TRUE(first.at("next_cursor").is_string());
    auto second = Obj(
        Call("GET",
             "/api/v1/proposals?limit=1&cursor=" + std::string(first.at("next_cursor").as_string()),
             governor_));
    ASSERT_EQ(second.at("items").as_array().size(), 1u);
    EXPECT_EQ(std::to_string(second.at("items").as_array()[0].as_object().at("id").as_int64()),
              draft);
    EXPECT_TRUE(second.at("next_cursor").is_null());
    EXPECT_EQ(Call("GET", "/api/v1/proposals?cursor=999999", governor_).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/proposals?limit=0", governor_).status, 400);
    auto drafts = Obj(Call("GET", "/api/v1/proposals?state=DRAFT&establishment=mdi", governor_));
    ASSERT_EQ(drafts.at("items").as_array().size(), 1u);
    EXPECT_EQ(std::to_string(drafts.at("items").as_array()[0].as_object().at("id").as_int64()),
              draft);

    // Another establishment's governor: not found, and none listed.
    EXPECT_EQ(Call("GET", "/api/v1/proposals/" + draft, leeds_).status, 404);
    EXPECT_EQ(Call("PUT", "/api/v1/proposals/" + draft, leeds_, kProposal).status, 404);
    EXPECT_EQ(Call("POST", "/api/v1/proposals/" + submitted + "/withdraw", leeds_).status, 404);
    EXPECT_TRUE(Obj(Call("GET", "/api/v1/proposals", leeds_)).at("items").as_array().empty());

    // The reviewer sees the submitted one and never a draft.
    auto seen = Obj(Call("GET", "/api/v1/proposals", reviewer_)).at("items").as_array();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(std::to_string(seen[0].as_object().at("id").as_int64()), submitted);
    EXPECT_EQ(Call("GET", "/api/v1/proposals/" + draft, reviewer_).status, 404);
    EXPECT_EQ(Call("POST", "/api/v1/proposals", reviewer_, kProposal).status, 403);

    // Others see none.
    const std::string security = TokenFor("security");
    EXPECT_EQ(Call("GET", "/api/v1/proposals", security).status, 403);
    EXPECT_EQ(Call("GET", "/api/v1/proposals/" + submitted, security).status, 403);
    EXPECT_EQ(Call("GET", "/api/v1/proposals/nonsense", governor_).status, 404);
}

TEST_P(DemandApiTest, TheCatalogueIsKeptByReviewersAndReadByGovernors) {
    const std::string entry = R"({"name": "Assured biometric enrolment", "category": "BIOMETRICS",
      "supplier": "Acme Biometrics", "description": "Fingerprint sign-in for kiosks",
      "contact": "digital@example.gov.uk"})";
    EXPECT_EQ(Call("POST", "/api/v1/catalogue", governor_, entry).status, 403);
    auto bad = Call("POST", "/api/v1/catalogue", reviewer_, R"({"category": "NOPE", "name": 3})");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(ErrorFields(bad), (std::set<std::string>{"name"}));  // the wrong JSON type first
    bad = Call("POST", "/api/v1/catalogue", reviewer_, R"({"category": "NOPE"})");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(ErrorFields(bad),
              (std::set<std::string>{"name", "category", "supplier", "description", "contact"}));
    auto added = Call("POST", "/api/v1/catalogue", reviewer_, entry);
    ASSERT_EQ(added.status, 201) << added.body;
    const json::object e = Obj(added);
    EXPECT_EQ(e.at("name").as_string(), "Assured biometric enrolment");
    EXPECT_EQ(e.at("added_by").as_string(), "digital");

    auto list = Call("GET", "/api/v1/catalogue", governor_);
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(Obj(list).at("items").as_array().size(), 1u);
    EXPECT_EQ(Call("GET", "/api/v1/catalogue", TokenFor("security")).status, 403);
    // By name, a page at a time.
    std::string another = entry;
    another.replace(another.find("Assured biometric enrolment"), 27, "Another enrolment service");
    ASSERT_EQ(Call("POST", "/api/v1/catalogue", reviewer_, another).status, 201);
    const json::object page = Obj(Call("GET", "/api/v1/catalogue?limit=1", governor_));
    ASSERT_EQ(page.at("items").as_array().size(), 1u);
    EXPECT_EQ(page.at("items").as_array()[0].as_object().at("name").as_string(),
              "Another enrolment service");
    ASSERT_TRUE(page.at("next_cursor").is_string());
    const json::object rest = Obj(
        Call("GET",
             "/api/v1/catalogue?limit=1&cursor=" + std::string(page.at("next_cursor").as_string()),
             governor_));
    ASSERT_EQ(rest.at("items").as_array().size(), 1u);
    EXPECT_EQ(rest.at("items").as_array()[0].as_object().at("name").as_string(),
              "Assured biometric enrolment");
    EXPECT_TRUE(rest.at("next_cursor").is_null());
    EXPECT_EQ(Call("GET", "/api/v1/catalogue?cursor=x", governor_).status, 400);

    auto audit =
        Call("GET", "/api/v1/audit?subject=catalogue:" + std::to_string(e.at("id").as_int64()),
             TokenFor("national"));
    ASSERT_EQ(audit.status, 200) << audit.body;
    const auto entries = Obj(audit).at("items").as_array();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].as_object().at("action").as_string(), "demand.catalogue.added");
}

TEST_P(DemandApiTest, AProposalShowsRelatedProposalsElsewhereAndCatalogueMatches) {
    ASSERT_EQ(Call("POST", "/api/v1/catalogue", reviewer_,
                   R"({"name": "Assured biometric enrolment", "category": "BIOMETRICS",
                      "supplier": "Acme Biometrics", "description": "Fingerprint kiosks",
                      "contact": "digital@example.gov.uk"})")
                  .status,
              201);
    const std::string mdi = Create();
    const std::string mdi_draft = Create();
    ASSERT_EQ(Call("POST", "/api/v1/proposals/" + mdi + "/submit", governor_).status, 200);
    std::string leeds_body = kProposal;
    leeds_body.replace(leeds_body.find("\"MDI\""), 5, "\"LEI\"");
    auto created = Call("POST", "/api/v1/proposals", leeds_, leeds_body);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string lei = std::to_string(Obj(created).at("id").as_int64());

    auto r = Call("GET", "/api/v1/proposals/" + lei, leeds_);
    ASSERT_EQ(r.status, 200) << r.body;
    const json::object p = Obj(r);
    const auto& related = p.at("related").as_array();
    ASSERT_EQ(related.size(), 1u);  // the submitted one, never the draft
    const json::object& rel = related[0].as_object();
    EXPECT_EQ(std::to_string(rel.at("id").as_int64()), mdi);
    EXPECT_EQ(rel.at("establishment").as_string(), "MDI");
    EXPECT_EQ(rel.at("title").as_string(), "Biometric kiosks");
    EXPECT_EQ(rel.at("why").as_string(),
              "Same supplier (Acme Biometrics); same category (Biometrics); shared terms: "
              "applications, biometric, fingerprint, kiosks, paper, queue, sign");
    EXPECT_EQ(rel.size(), 4u);  // id, establishment, title and why: nothing more of MDI's
    const auto& matches = p.at("catalogue_matches").as_array();
    ASSERT_EQ(matches.size(), 1u);
    EXPECT_EQ(matches[0].as_object().at("name").as_string(), "Assured biometric enrolment");
    EXPECT_EQ(matches[0].as_object().at("contact").as_string(), "digital@example.gov.uk");
    // Seeing it as related does not open it.
    EXPECT_EQ(Call("GET", "/api/v1/proposals/" + mdi, leeds_).status, 404);
    // The reviewer sees the LEI proposal once submitted, with the same related list.
    ASSERT_EQ(Call("POST", "/api/v1/proposals/" + lei + "/submit", leeds_).status, 200);
    auto seen = Obj(Call("GET", "/api/v1/proposals/" + lei, reviewer_));
    ASSERT_EQ(seen.at("related").as_array().size(), 1u);
    // And the MDI governor now sees LEI's as related to theirs.
    auto back = Obj(Call("GET", "/api/v1/proposals/" + mdi_draft, governor_));
    ASSERT_EQ(back.at("related").as_array().size(), 1u);
    EXPECT_EQ(std::to_string(back.at("related").as_array()[0].as_object().at("id").as_int64()),
              lei);

    // What the server kept of LEI's joining up gives way to every change (ADR 0030): MDI's
    // proposal withdrawn is no longer related, a new catalogue service matches at once, and so
    // does a change made in the database by another program.
    ASSERT_EQ(Call("GET", "/api/v1/proposals/" + lei, leeds_).status, 200);
    ASSERT_EQ(Call("POST", "/api/v1/proposals/" + mdi + "/withdraw", governor_).status, 200);
    auto after = Obj(Call("GET", "/api/v1/proposals/" + lei, leeds_));
    EXPECT_TRUE(after.at("related").as_array().empty()) << json::serialize(after);
    ASSERT_EQ(Call("POST", "/api/v1/catalogue", reviewer_,
                   R"({"name": "Kiosk sign-in", "category": "KIOSKS", "supplier": "Other",
                      "description": "Fingerprint queue", "contact": "kiosks@example.gov.uk"})")
                  .status,
              201);
    after = Obj(Call("GET", "/api/v1/proposals/" + lei, leeds_));
    EXPECT_EQ(after.at("catalogue_matches").as_array().size(), 2u) << json::serialize(after);
    const std::string rename =
        "UPDATE demand_catalogue SET name = 'Renamed by hand' WHERE name = "
        "'Kiosk sign-in'";
    CommandResult edit = Sql(rename);
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    after = Obj(Call("GET", "/api/v1/proposals/" + lei, leeds_));
    std::set<std::string> names;
    for (const auto& m : after.at("catalogue_matches").as_array()) {
        names.insert(std::string(m.as_object().at("name").as_string()));
    }
    EXPECT_EQ(names, (std::set<std::string>{"Assured biometric enrolment", "Renamed by hand"}));
}

TEST_P(DemandApiTest, AReviewerGroupsProposalsWithALeadAndAdvisesTheGroupAtOnce) {
    // Submitted proposals at MDI (governor) and LEI (leedsgov).
    const auto submitted = [&](const std::string& token, const std::string& code) {
        std::string body = kProposal;
        body.replace(body.find("\"MDI\""), 5, "\"" + code + "\"");
        auto created = Call("POST", "/api/v1/proposals", token, body);
        EXPECT_EQ(created.status, 201) << created.body;
        const std::string id = std::to_string(Obj(created).at("id").as_int64());
        EXPECT_EQ(Call("POST", "/api/v1/proposals/" + id + "/submit", token).status, 200);
        return id;
    };
    const std::string a = submitted(governor_, "MDI");
    const std::string b = submitted(leeds_, "LEI");
    const std::string body = R"({"lead_establishment": "LEI", "proposals": [)" + a + "," + b + "]}";
    EXPECT_EQ(Call("POST", "/api/v1/proposal-groups", governor_, body).status, 403);
    auto bad = Call("POST", "/api/v1/proposal-groups", reviewer_,
                    R"({"lead_establishment": "BWI", "proposals": [)" + a + "]}");
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(ErrorFields(bad), (std::set<std::string>{"proposals", "lead_establishment"}));
    auto created = Call("POST", "/api/v1/proposal-groups", reviewer_, body);
    ASSERT_EQ(created.status, 201) << created.body;
    const json::object group = Obj(created);
    EXPECT_EQ(group.at("lead_establishment").as_string(), "LEI");
    ASSERT_EQ(group.at("proposals").as_array().size(), 2u);
    const std::string group_id = std::to_string(group.at("id").as_int64());
    EXPECT_EQ(Call("POST", "/api/v1/proposal-groups", reviewer_, body).status, 409);

    // The MDI governor sees the group and its lead on their proposal.
    auto seen = Obj(Call("GET", "/api/v1/proposals/" + a, governor_));
    ASSERT_TRUE(seen.at("group").is_object());
    EXPECT_EQ(seen.at("group").as_object().at("lead_establishment").as_string(), "LEI");
    // LEI's member is shown to MDI's governor as a related proposal would be: no state.
    for (const auto& m : seen.at("group").as_object().at("proposals").as_array()) {
        const auto& member = m.as_object();
        if (member.at("establishment").as_string() == "LEI") {
            EXPECT_TRUE(member.at("state").is_null());
        } else {
            EXPECT_EQ(member.at("state").as_string(), "SUBMITTED");
        }
    }
    EXPECT_EQ(seen.at("timeline").as_array().back().as_object().at("what").as_string(), "GROUPED");

    // One advice for the whole group.
    auto advised = Call("POST", "/api/v1/proposal-groups/" + group_id + "/advice", reviewer_,
                        R"({"outcome": "SUPPORTED_WITH_CONDITIONS", "advice": "LEI leads"})");
    ASSERT_EQ(advised.status, 200) << advised.body;
    const json::object advised_group = Obj(advised);
    for (const auto& m : advised_group.at("proposals").as_array()) {
        EXPECT_EQ(m.as_object().at("state").as_string(), "ADVISED");
    }
    auto mdi = Obj(Call("GET", "/api/v1/proposals/" + a, governor_));
    EXPECT_EQ(mdi.at("advice").as_object().at("text").as_string(), "LEI leads");

    // A group with a withdrawn proposal: the advice reaches the other; once none awaits, 409.
    const std::string c = submitted(governor_, "MDI");
    const std::string d = submitted(leeds_, "LEI");
    auto second = Call("POST", "/api/v1/proposal-groups", reviewer_,
                       R"({"lead_establishment": "MDI", "proposals": [)" + c + "," + d + "]}");
    ASSERT_EQ(second.status, 201) << second.body;
    const std::string second_id = std::to_string(Obj(second).at("id").as_int64());
    ASSERT_EQ(Call("POST", "/api/v1/proposals/" + d + "/withdraw", leeds_).status, 200);
    auto partly = Call("POST", "/api/v1/proposal-groups/" + second_id + "/advice", reviewer_,
                       R"({"outcome": "SUPPORTED", "advice": "Go ahead"})");
    ASSERT_EQ(partly.status, 200) << partly.body;
    const json::object partly_group = Obj(partly);
    const auto& members = partly_group.at("proposals").as_array();
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0].as_object().at("state").as_string(), "ADVISED");
    EXPECT_EQ(members[1].as_object().at("state").as_string(), "WITHDRAWN");
    auto refused = Call("POST", "/api/v1/proposal-groups/" + second_id + "/advice", reviewer_,
                        R"({"outcome": "NOT_SUPPORTED", "advice": "Again"})");
    ASSERT_EQ(refused.status, 409) << refused.body;
    EXPECT_NE(refused.body.find("awaits advice"), std::string::npos) << refused.body;
    EXPECT_EQ(Obj(Call("GET", "/api/v1/proposals/" + c, governor_))
                  .at("advice")
                  .as_object()
                  .at("text")
                  .as_string(),
              "Go ahead");
    EXPECT_EQ(Call("GET", "/api/v1/proposal-groups/999", reviewer_).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemandApiTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
