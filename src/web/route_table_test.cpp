// Walks the whole route table of the real WebApp: every route names a policy action unless it is
// on the public or signed-in allowlist, and no route that serves prisoner data is open to ADMIN
// alone.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "domain/testing/in_memory_store.hpp"
#include "web/app.hpp"
#include "web/metrics.hpp"
#include "web/static_assets.hpp"

namespace warden::web {
namespace {

using domain::Role;

class RouteTableTest : public ::testing::Test {
  protected:
    domain::testing::InMemoryStore store_;
    domain::testing::FakePasswordHasher hasher_;
    domain::testing::FakeSecrets secrets_;
    FixedClock clock_{TimePoint{std::chrono::seconds{1795000000}}};
    domain::AuthService auth_{store_, hasher_, secrets_, clock_};
    domain::UserAdminService users_{store_, hasher_, clock_};
    domain::OrganisationService organisation_{store_, clock_};
    domain::PrisonerService prisoners_{store_, clock_};
    domain::RiskRulesService risk_rules_{store_, clock_};
    domain::AccessService access_{store_, clock_, risk_rules_};
    domain::QueueService queue_{store_, clock_};
    domain::AuditService audit_{store_};
    domain::notify::OutboxService outbox_{store_, clock_, ""};
    domain::ProposalService proposals_{store_, clock_};
    domain::HandsetService handsets_{store_, clock_};
    domain::ReviewService reviews_{store_, clock_, proposals_, std::chrono::Wednesday, ""};
    domain::IncidentService incidents_{store_, clock_, "https://warden.example",
                                       "monitoring@example.gov.uk"};
    domain::CatalogueService catalogue_{store_, clock_};
    domain::StocktakeService stocktakes_{store_, clock_};
    domain::MonitoringService monitoring_{store_, clock_};
    Services services_{store_,    clock_,      auth_,      users_,     organisation_, prisoners_,
                       access_,   risk_rules_, queue_,     audit_,     outbox_,       proposals_,
                       handsets_, reviews_,    incidents_, catalogue_, stocktakes_,   monitoring_};
    StaticAssets assets_{"/nonexistent"};
    Metrics metrics_;
    WebConfig config_ = [] {
        WebConfig c;
        const char* src = std::getenv("WARDEN_SOURCE_DIR");
        c.template_dir = std::string(src ? src : ".") + "/templates";
        return c;
    }();
    WebApp app_{services_, config_, assets_, metrics_};
};

std::string Key(const Route& r) { return r.method + " " + r.pattern; }

bool Contains(const std::vector<std::string>& list, const std::string& key) {
    return std::find(list.begin(), list.end(), key) != list.end();
}

TEST_F(RouteTableTest, EveryRouteNamesAnActionUnlessAllowlisted) {
    const auto& routes = app_.router().routes();
    ASSERT_GT(routes.size(), 10u);
    for (const auto& route : routes) {
        SCOPED_TRACE(Key(route));
        switch (route.access) {
            case Access::kPublic:
                EXPECT_TRUE(Contains(PublicRouteAllowlist(), Key(route)))
                    << Key(route) << " is public but not on the public allowlist";
                break;
            case Access::kSignedIn:
                EXPECT_TRUE(Contains(SignedInRouteAllowlist(), Key(route)))
                    << Key(route) << " is open to any signed-in user but not on that allowlist";
                break;
            case Access::kAction:
                EXPECT_TRUE(route.action.has_value()) << Key(route) << " names no action";
                break;
        }
    }
}

TEST_F(RouteTableTest, OnlyTheUploadRoutesTakeTheUploadLimit) {
    // The body limit comes from the matched route (after authentication): the prisoner import and
    // the risk rules, as page and API, take uploads; every other route the small limit.
    std::set<std::string> uploads;
    for (const auto& route : app_.router().routes()) {
        if (route.body_limit == BodyLimit::kUpload) uploads.insert(Key(route));
    }
    EXPECT_EQ(uploads,
              (std::set<std::string>{"POST /api/v1/establishments/{code}/prisoners/import",
                                     "PUT /api/v1/risk-rules", "POST /establishments/{code}/import",
                                     "POST /tmpp/rules/replace"}));
}

TEST_F(RouteTableTest, PublicRoutesAreOnlyTheAllowlistedOnes) {
    std::set<std::string> allowed(PublicRouteAllowlist().begin(), PublicRouteAllowlist().end());
    for (const auto& route : app_.router().routes()) {
        if (route.access == Access::kPublic) allowed.erase(Key(route));
    }
    // Every allowlisted route exists (the allowlist has no stale entries that could hide one).
    EXPECT_TRUE(allowed.empty()) << "allowlisted but absent: " << *allowed.begin();
}

TEST_F(RouteTableTest, AdminAloneReachesNoPrisonerData) {
    for (const auto& route : app_.router().routes()) {
        if (route.pattern.find("prisoner") == std::string::npos) continue;
        SCOPED_TRACE(Key(route));
        EXPECT_EQ(route.access, Access::kAction);
        ASSERT_TRUE(route.action.has_value());
        const auto& roles = domain::RuleFor(*route.action).roles;
        EXPECT_EQ(std::count(roles.begin(), roles.end(), Role::kAdmin), 0)
            << Key(route) << " would show prisoner data to ADMIN";
    }
}

// Over https (the public URL) every response tells browsers to stay on https; over http none does.
TEST_F(RouteTableTest, HstsOnlyWhenThePublicUrlIsHttps) {
    Request request;
    request.method = "GET";
    request.path = request.target = "/health";
    auto hsts = [](const Response& r) {
        for (const auto& [name, value] : r.headers) {
            if (name == "Strict-Transport-Security") return value;
        }
        return std::string();
    };
    EXPECT_EQ(hsts(app_.Handle(request)), "");

    WebConfig secure = config_;
    secure.public_url = "https://warden.example.justice.gov.uk";
    secure.secure_cookies = true;
    WebApp https_app(services_, secure, assets_, metrics_);
    EXPECT_EQ(hsts(https_app.Handle(request)), "max-age=31536000; includeSubDomains");
}

TEST_F(RouteTableTest, UnknownRouteIs404AndApiWithoutCredentialsIs401) {
    Request missing;
    missing.method = "GET";
    missing.path = missing.target = "/no/such/page";
    EXPECT_EQ(app_.Handle(missing).status, 404);

    for (const auto& route : app_.router().routes()) {
        if (route.access == Access::kPublic || !IsApiPath(route.pattern)) continue;
        Request request;
        request.method = route.method;
        std::string path = route.pattern;
        // Substitute every {param} with a sample value.
        for (size_t open; (open = path.find('{')) != std::string::npos;) {
            path.replace(open, path.find('}', open) - open + 1, "X");
        }
        request.path = request.target = path;
        SCOPED_TRACE(Key(route));
        EXPECT_EQ(app_.Handle(request).status, 401);
    }
}

}  // namespace
}  // namespace warden::web
