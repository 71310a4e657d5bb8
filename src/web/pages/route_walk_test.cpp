// Walks the route table: every page route names a policy action or is on an allowlist, every GET
// page renders for a user who may see it (no 500), with a unique title and clean HTML, and every
// unsafe page route refuses a request without the CSRF token.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class RouteWalkTest : public PagesTest {
  protected:
    // Page routes: not the API, health, metrics or static files.
    static bool IsPageRoute(const Route& route) {
        const std::string& p = route.pattern;
        return !IsApiPath(p) && p.rfind("/assets/", 0) != 0 && p.rfind("/health", 0) != 0 &&
               p != "/metrics" && p != "/info";
    }

    // The pattern with sample parameters.
    static std::string Sample(const std::string& pattern) {
        static const std::vector<std::pair<std::string, std::string>> params = {
            {"{code}", "MDI"},         {"{number}", "A0001AA"},
            {"{username}", "officer"}, {"{wing}", "A"},
            {"{tag}", "T1"},           {"{id}", "1"},
            {"{section}", "about"},    {"{ref}", "MDI-TMPP-2026-00001"}};
        std::string out = pattern;
        for (const auto& [from, to] : params) {
            for (size_t pos; (pos = out.find(from)) != std::string::npos;) {
                out.replace(pos, from.size(), to);
            }
        }
        // Regions have their own codes.
        if (out.rfind("/admin/regions/MDI", 0) == 0) out.replace(15, 3, "NW");
        return out;
    }

    // A user who may call `route`.
    static std::string UserFor(const Route& route) {
        static const std::vector<std::pair<domain::Role, std::string>> users = {
            {domain::Role::kSecurity, "security"},
            {domain::Role::kWingOfficer, "officer"},
            {domain::Role::kTmppSpoc, "spoc"},
            {domain::Role::kGovernor, "governor"},
            {domain::Role::kAdmin, "admin"},
            {domain::Role::kMonitoring, "monitoring"},
            {domain::Role::kDigitalReviewer, "reviewer"},
        };
        if (route.access == Access::kSignedIn) return "admin";
        for (const auto& [role, user] : users) {
            if (route.action) {
                domain::Actor actor;
                actor.roles = {role};
                if (domain::Allowed(actor, *route.action)) return user;
            }
        }
        return {};
    }
};

TEST_F(RouteWalkTest, EveryPageRouteNamesAnActionOrIsAllowlisted) {
    const auto& public_list = PublicRouteAllowlist();
    const auto& signed_in_list = SignedInRouteAllowlist();
    int pages = 0;
    for (const auto& route : app_->router().routes()) {
        if (!IsPageRoute(route)) continue;
        ++pages;
        const std::string key = route.method + " " + route.pattern;
        switch (route.access) {
            case Access::kPublic:
                EXPECT_NE(std::find(public_list.begin(), public_list.end(), key), public_list.end())
                    << key;
                break;
            case Access::kSignedIn:
                EXPECT_NE(std::find(signed_in_list.begin(), signed_in_list.end(), key),
                          signed_in_list.end())
                    << key;
                break;
            case Access::kAction:
                EXPECT_TRUE(route.action.has_value()) << key;
                break;
        }
    }
    EXPECT_GT(pages, 30);
}

TEST_F(RouteWalkTest, EveryGetPageRendersForAUserWhoMaySeeIt) {
    std::map<std::string, std::string> titles;  // title -> pattern
    // Officer's API token 1, for the token pages.
    ASSERT_TRUE(auth_.CreateToken(domain::Actor::System(), "officer", "walk").ok());
    // The governor's draft proposal 1, for the digital demand pages.
    domain::Actor governor;
    governor.username = "governor";
    governor.roles = {domain::Role::kGovernor};
    governor.caseload = {"MDI"};
    domain::ProposalFields proposal;
    proposal.establishment = "MDI";
    proposal.title = "Walk";
    proposal.need = "A need";
    ASSERT_TRUE(proposals_.Create(governor, proposal).ok());
    // Group 1 of two submitted proposals, for the group page.
    proposal.summary = "Summary";
    proposal.category = "BIOMETRICS";
    proposal.users = {"STAFF"};
    proposal.supplier = "Acme";
    proposal.wanted_start = "2027-04-01";
    std::vector<Id> grouped;
    for (int i = 0; i < 2; ++i) {
        auto created = proposals_.Create(governor, proposal);
        ASSERT_TRUE(created.ok());
        ASSERT_TRUE(proposals_.Submit(governor, created->proposal.id).ok());
        grouped.push_back(created->proposal.id);
    }
    domain::Actor reviewer;
    reviewer.username = "reviewer";
    reviewer.roles = {domain::Role::kDigitalReviewer};
    auto group = proposals_.CreateGroup(reviewer, "MDI", grouped);
    ASSERT_TRUE(group.ok());
    ASSERT_EQ(group->id, 1);  // the walk opens /proposals/groups/1
    // The officer's incident MDI-TMPP-2026-00001, for the incident page.
    domain::Actor officer;
    officer.username = "officer";
    officer.roles = {domain::Role::kWingOfficer};
    officer.caseload = {"MDI"};
    domain::IncidentInput incident;
    incident.type = "OTHER";
    incident.establishment = "MDI";
    incident.description = "Walk";
    ASSERT_TRUE(incidents_.Raise(officer, incident).ok());
    // The SPoC's stocktake 1 (every handset seen: nothing changes), for the stocktake page.
    domain::Actor spoc;
    spoc.username = "spoc";
    spoc.roles = {domain::Role::kTmppSpoc};
    spoc.caseload = {"MDI"};
    ASSERT_TRUE(stocktakes_.Take(spoc, "MDI", {{"T1", "S0001"}}).ok());
    for (const auto& route : app_->router().routes()) {
        if (!IsPageRoute(route) || route.method != "GET") continue;
        // Downloads (CSV) are not pages; their own tests cover them.
        if (route.pattern.ends_with(".csv")) continue;
        const std::string path = Sample(route.pattern);
        Response r;
        std::string csrf;
        if (route.access == Access::kPublic) {
            r = Get(path);
        } else {
            const std::string user = UserFor(route);
            ASSERT_FALSE(user.empty()) << route.pattern;
            Browser b = As(user);
            csrf = b.csrf;
            r = Get(path, &b);
        }
        ASSERT_LT(r.status, 500) << route.pattern << "\n" << r.body;
        if (r.status == 303) {
            ADD_FAILURE() << route.pattern << " redirects to " << HeaderOf(r, "Location");
            continue;
        }
        EXPECT_EQ(r.status, 200) << route.pattern;
        EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << route.pattern;
        auto problems = HtmlProblems(r.body, csrf);
        EXPECT_TRUE(problems.empty())
            << route.pattern << ": " << ::testing::PrintToString(problems);
        const std::string title = TitleOf(r.body);
        EXPECT_NE(title.find(" – Warden"), std::string::npos) << route.pattern;
        auto [it, inserted] = titles.emplace(title, route.pattern);
        EXPECT_TRUE(inserted) << "'" << title << "' is the title of " << route.pattern << " and "
                              << it->second;
    }
    EXPECT_GT(titles.size(), 20u);
}

TEST_F(RouteWalkTest, EveryUnsafePageRouteNeedsTheCsrfToken) {
    const size_t audit_before = store_.state.audit.size();
    for (const auto& route : app_->router().routes()) {
        if (!IsPageRoute(route) || route.method == "GET") continue;
        const std::string path = Sample(route.pattern);
        Response r;
        if (route.access == Access::kPublic) {
            r = Post(path, {{"username", "officer"}, {"password", kPassword}}, nullptr);
        } else {
            Browser b = As(UserFor(route));
            r = Post(path, {{"name", "x"}}, &b, false);
        }
        EXPECT_EQ(r.status, 403) << route.method << " " << route.pattern;
    }
    // Nothing but the sign-ins of the test itself was recorded.
    for (size_t i = audit_before; i < store_.state.audit.size(); ++i) {
        EXPECT_EQ(store_.state.audit[i].action, "auth.signin");
    }
}

}  // namespace
}  // namespace warden::web::pages::testing
