// `warden demo` shows TMPP access in use, on SQLite and PostgreSQL: after it (run twice) the API
// shows decisions in every band with an override and its reason, grants with the phase's
// conditions, published wing lists and one made stale by a withdrawal, and the audit log holds each
// step once.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

namespace json = boost::json;

class DemoTest : public WardenTest {};

/// The demo's TMPP summary line, from "TMPP:" to its end, without the assessment's part (which
/// differs between a first run and a later one).
std::string TmppCounts(const std::string& out) {
    auto start = out.find("TMPP: ");
    if (start == std::string::npos) return "";
    auto counts = out.find("; ", start);
    if (counts == std::string::npos) return "";
    return out.substr(counts, out.find('\n', counts) - counts);
}

TEST_P(DemoTest, ShowsEveryTmppStepAndRunsTwice) {
    env_["WARDEN_DEMO_PASSWORD"] = "demo-password-for-tests";
    auto first = Warden({"demo", "--prisoners", "300"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("TMPP: MDI and LEI assessed 200 ("), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("stale: MDI ISO"), std::string::npos) << first.out;
    auto second = Warden({"demo", "--prisoners", "300"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("TMPP: MDI and LEI already assessed"), std::string::npos)
        << second.out;
    EXPECT_FALSE(TmppCounts(first.out).empty()) << first.out;
    EXPECT_EQ(TmppCounts(first.out), TmppCounts(second.out));
    EXPECT_NE(second.out.find("demo-password-for-tests"), std::string::npos);
    EXPECT_NE(first.out.find("Demand: 4 proposals"), std::string::npos) << first.out;
    EXPECT_NE(second.out.find("Demand: demo proposals already loaded"), std::string::npos)
        << second.out;

    const std::string security = TokenFor("security");
    const std::string monitoring = TokenFor("monitoring");
    ServerProcess server(WardenBinary(), env_);
    std::string log;
    ASSERT_TRUE(server.Start(log)) << log;
    HttpClient client("127.0.0.1", server.port());
    const auto get = [&](const std::string& target, const std::string& token) {
        auto r = client.Get(target, {{"Authorization", "Bearer " + token}});
        EXPECT_EQ(r.status, 200) << target << ": " << r.body;
        return r.status == 200 ? json::parse(r.body) : json::value(json::object{});
    };

    // Demand: the reviewer sees the three submitted proposals, two of them biometrics from one
    // supplier at MDI and LEI; the governor of MDI also sees their draft.
    auto reviewed = get("/api/v1/proposals", TokenFor("reviewer"));
    std::set<std::string> biometrics;
    for (const auto& p : reviewed.at("items").as_array()) {
        if (p.at("category") == "BIOMETRICS") {
            biometrics.insert(std::string(p.at("establishment").as_string()));
            EXPECT_EQ(p.at("supplier"), "IdentiPrint Ltd");
        }
    }
    EXPECT_EQ(reviewed.at("items").as_array().size(), 3u);
    EXPECT_EQ(biometrics, (std::set<std::string>{"MDI", "LEI"}));
    EXPECT_EQ(get("/api/v1/proposals", TokenFor("governor")).at("items").as_array().size(), 2u);
    // Joining up: the LEI biometrics proposal shows MDI's as related, and the assured service.
    for (const auto& p : reviewed.at("items").as_array()) {
        if (p.at("establishment") != "LEI" || p.at("category") != "BIOMETRICS") continue;
        auto lei = get("/api/v1/proposals/" + std::to_string(p.at("id").as_int64()),
                       TokenFor("governor.lei"));
        ASSERT_EQ(lei.at("related").as_array().size(), 1u) << lei;
        EXPECT_EQ(lei.at("related").as_array()[0].at("establishment"), "MDI");
        ASSERT_FALSE(lei.at("catalogue_matches").as_array().empty()) << lei;
        EXPECT_EQ(lei.at("catalogue_matches").as_array()[0].at("name"),
                  "National biometric identity service");
    }
    EXPECT_EQ(get("/api/v1/catalogue", TokenFor("governor")).at("items").as_array().size(), 3u);

    // Published lists: GREEN grants at MDI (phase 1), AMBER with SUPERVISED_USE at LEI (phase 2),
    // each list published once, and one stale after a withdrawal.
    int lists = 0, stale = 0, green_at_mdi = 0, supervised_amber_at_lei = 0;
    for (const std::string est : {"MDI", "LEI"}) {
        auto e = get("/api/v1/establishments/" + est, security).as_object();
        ASSERT_TRUE(e.contains("wings"));
        EXPECT_EQ(e.at("phase").as_int64(), est == "MDI" ? 1 : 2);
        for (const auto& w : e.at("wings").as_array()) {
            const std::string wing(w.as_object().at("code").as_string());
            auto current =
                get("/api/v1/establishments/" + est + "/wings/" + wing + "/lists/current", security)
                    .as_object();
            if (!current.contains("version") || current.at("version").is_null()) continue;
            ++lists;
            EXPECT_EQ(current.at("version").as_int64(), 1) << est << " " << wing;
            for (const auto& entry : current.at("entries").as_array()) {
                const auto& o = entry.as_object();
                const auto& conditions = o.at("conditions").as_array();
                if (est == "MDI" && o.at("band") == "GREEN") ++green_at_mdi;
                if (est == "LEI" && o.at("band") == "AMBER" && conditions.size() == 1 &&
                    conditions[0] == "SUPERVISED_USE") {
                    ++supervised_amber_at_lei;
                }
                EXPECT_NE(o.at("band"), "RED");
            }
            if (current.at("stale").as_bool()) {
                ++stale;
                EXPECT_EQ(est + " " + wing, "MDI ISO");
                const auto& withdrawals = current.at("withdrawals_since_publication").as_array();
                ASSERT_EQ(withdrawals.size(), 1u);
                EXPECT_FALSE(withdrawals[0].as_object().at("reason").as_string().empty());
            }
        }
    }
    EXPECT_GE(lists, 3);
    EXPECT_EQ(stale, 1);
    EXPECT_GE(green_at_mdi, 2);
    EXPECT_GE(supervised_amber_at_lei, 2);

    // Decisions in every band, with overrides whose reasons the prisoner's record shows; every
    // step in the audit log, once although the demo ran twice.
    // (MONITORING reads the estate's entries; ADMIN would see only users and configuration.)
    auto audit = get("/api/v1/audit?limit=500", monitoring).as_object();
    ASSERT_TRUE(audit.contains("items"));
    EXPECT_TRUE(audit.at("next_cursor").is_null()) << "the whole log fits in one page";
    std::map<std::string, int> actions;
    std::set<std::string> bands, overridden;
    for (const auto& item : audit.at("items").as_array()) {
        const auto& o = item.as_object();
        const std::string action(o.at("action").as_string());
        const std::string detail(o.at("detail").as_string());
        ++actions[action];
        if (action.rfind("tmpp.decision.", 0) == 0) {
            EXPECT_EQ(o.at("actor"), "security");
            ASSERT_EQ(detail.rfind("band=", 0), 0u) << detail;
            bands.insert(detail.substr(5, detail.find(' ') - 5));
        }
        if (action == "tmpp.decision.overridden") {
            overridden.insert(std::string(o.at("subject").as_string()).substr(9));  // prisoner:
        }
    }
    EXPECT_EQ(bands, (std::set<std::string>{"AMBER", "GREEN", "RED"}));
    ASSERT_GE(overridden.size(), 2u);
    for (const auto& number : overridden) {
        auto risk = get("/api/v1/prisoners/" + number + "/risk-assessment", security).as_object();
        ASSERT_TRUE(risk.contains("decision") && risk.at("decision").is_object()) << number;
        const auto& decision = risk.at("decision").as_object();
        EXPECT_TRUE(decision.at("override").as_bool()) << number;
        EXPECT_TRUE(decision.at("reason").is_string()) << number;
        EXPECT_NE(decision.at("band"), decision.at("recommended_band")) << number;
    }
    EXPECT_EQ(actions["tmpp.risk.assessed"], 2);  // MDI and LEI, on the first run only
    EXPECT_EQ(actions["tmpp.compact.version_added"], 2);
    EXPECT_GE(actions["tmpp.need.recorded"], 10);
    EXPECT_GE(actions["tmpp.compact.signed"], 9);
    EXPECT_GE(actions["tmpp.access.granted"], 6);
    EXPECT_EQ(actions["tmpp.wing_list.published"], lists);
    EXPECT_EQ(actions["tmpp.access.withdrawn"], 1);

    // Handsets: six at each of MDI and LEI, added once although the demo ran twice, and one out
    // with a prisoner of a wing whose list is published.
    EXPECT_NE(first.out.find("Handsets: MDI 6 ("), std::string::npos) << first.out;
    EXPECT_EQ(actions["handsets.add"], 12);
    for (const std::string est : {"MDI", "LEI"}) {
        auto register_ = get("/api/v1/establishments/" + est + "/handsets", security).as_object();
        ASSERT_TRUE(register_.contains("items"));
        const auto& items = register_.at("items").as_array();
        EXPECT_EQ(items.size(), 6u) << est;
        int issued = 0;
        for (const auto& h : items) {
            if (h.at("status") != "ISSUED") continue;
            ++issued;
            EXPECT_TRUE(h.at("issued_to").is_string());
            EXPECT_FALSE(h.at("overdue").as_bool());
        }
        EXPECT_GE(issued, 1) << est;
    }

    // Stocktakes and incidents (once, although the demo ran twice): at MDI and LEI a stocktake
    // found one handset missing (LOST) and one seal mismatch (QUARANTINED), and incidents stand in
    // every state; the monitoring view shows them.
    EXPECT_NE(first.out.find("Incidents: MDI 6 ("), std::string::npos) << first.out;
    EXPECT_NE(second.out.find("Incidents: kept from an earlier run"), std::string::npos)
        << second.out;
    EXPECT_EQ(actions["handsets.stocktake"], 2);
    std::set<std::string> states;
    auto incidents = get("/api/v1/incidents?limit=500", monitoring).as_object();
    for (const auto& i : incidents.at("items").as_array()) {
        states.insert(std::string(i.at("status").as_string()));
    }
    EXPECT_EQ(states, (std::set<std::string>{"CLOSED", "DRAFT", "NOT_REPORTABLE", "REPORTED",
                                             "RIU_NOTIFIED"}));
    EXPECT_EQ(incidents.at("items").as_array().size(), 12U);
    auto overdue = get("/api/v1/incidents?overdue=true", monitoring).as_object();
    EXPECT_EQ(overdue.at("items").as_array().size(), 2U) << "the DAMAGE raised 5 days ago, twice";
    for (const std::string est : {"MDI", "LEI"}) {
        auto st = get("/api/v1/establishments/" + est + "/stocktakes", security).as_object();
        ASSERT_EQ(st.at("items").as_array().size(), 1U) << est;
        EXPECT_EQ(st.at("items").as_array().at(0).at("missing").as_array().size(), 1U) << est;
    }
    auto view = client.Get("/tmpp/monitoring", {{"Authorization", "Bearer " + monitoring}});
    ASSERT_EQ(view.status, 200);
    EXPECT_NE(view.body.find("<svg class=\"app-bar-chart\""), std::string::npos);
    auto handsets =
        client.Get("/tmpp/monitoring/handsets.csv", {{"Authorization", "Bearer " + monitoring}});
    EXPECT_NE(handsets.body.find("\r\nLEI,"), std::string::npos) << handsets.body;
    EXPECT_NE(handsets.body.find("\r\nMDI,"), std::string::npos) << handsets.body;
    EXPECT_EQ(server.Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
