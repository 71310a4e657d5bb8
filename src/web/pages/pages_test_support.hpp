#pragma once
// Test support for the page tests: a WebApp over the in-memory store with real templates and
// static files, seeded with regions, establishments, one user per role and prisoners, and
// helpers that drive requests through WebApp::Handle as a browser would.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/establishments/organisation_service.hpp"
#include "domain/people/auth_service.hpp"
#include "domain/prisoners/prisoner_service.hpp"
#include "domain/testing/in_memory_store.hpp"
#include "web/app.hpp"
#include "web/form.hpp"
#include "web/metrics.hpp"
#include "web/middleware.hpp"
#include "web/static_assets.hpp"

namespace warden::web::pages::testing {

/// The source tree (templates/ and static/ are read from it).
inline std::string SourceDir() {
    if (const char* dir = std::getenv("WARDEN_SOURCE_DIR"); dir && *dir) return dir;
    // This file is src/web/pages/pages_test_support.hpp.
    return std::filesystem::path(__FILE__)
        .parent_path()
        .parent_path()
        .parent_path()
        .parent_path()
        .string();
}

inline constexpr const char* kPassword = "correct-horse-battery";

/// A browser session: the session cookie and its CSRF token.
struct Browser {
    std::string cookie;  // the Cookie header value
    std::string csrf;
};

/// One CSV line of the import file for `number` (a prison number) at `establishment`.
inline std::string CsvLine(const std::string& number, const std::string& first,
                           const std::string& last, const std::string& establishment,
                           const std::string& wing, const std::string& alerts = "") {
    return number + "," + first + "," + last + ",1980-08-13," + establishment + "," + wing + "," +
           wing + "-1-01,SENTENCED,C," + alerts + ",0,0,0\n";
}

/// The import file's header line.
inline std::string CsvHeader() {
    return "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,"
           "legal_status,security_category,alerts,phone_finds_12m,phone_adjudications_12m,"
           "phone_intel_12m\n";
}

/// "A0001AA", "A0002AA", ...
inline std::string Number(int i) {
    std::string digits = std::to_string(i);
    return "A" + std::string(4 - digits.size(), '0') + digits + "AA";
}

/// The fixture.
class PagesTest : public ::testing::Test {
  protected:
    PagesTest()
        : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + std::chrono::hours(10)),
          auth_(store_, hasher_, secrets_, clock_),
          users_(store_, hasher_, clock_),
          organisation_(store_, clock_),
          prisoners_(store_, clock_),
          risk_rules_(store_, clock_),
          access_(store_, clock_, risk_rules_),
          queue_(store_, clock_),
          handsets_(store_, clock_),
          incidents_(store_, clock_, "https://warden.example", "monitoring@example.gov.uk"),
          audit_(store_),
          outbox_(store_, clock_, ""),
          proposals_(store_, clock_),
          reviews_(store_, clock_, proposals_, std::chrono::Wednesday, "https://warden.test"),
          services_{store_,    clock_,      auth_,      users_,     organisation_, prisoners_,
                    access_,   risk_rules_, queue_,     audit_,     outbox_,       proposals_,
                    handsets_, reviews_,    incidents_, catalogue_, stocktakes_,   monitoring_},
          assets_(SourceDir() + "/static") {
        WebConfig config;
        config.template_dir = SourceDir() + "/templates";
        config.static_dir = SourceDir() + "/static";
        app_ = std::make_unique<WebApp>(services_, config, assets_, metrics_);
        Seed();
    }

    void Seed() {
        const auto system = domain::Actor::System();
        ASSERT_TRUE(organisation_.AddRegion(system, {"NW", "North West", "riu.nw@justice.gov.uk"}));
        ASSERT_TRUE(organisation_.AddRegion(system, {"LON", "London", "riu.lon@justice.gov.uk"}));
        ASSERT_TRUE(organisation_.AddEstablishment(system, {"MDI",
                                                            "Moorland",
                                                            "NW",
                                                            "tmpp.mdi@justice.gov.uk",
                                                            "security.mdi@justice.gov.uk",
                                                            1,
                                                            {}}));
        ASSERT_TRUE(organisation_.AddEstablishment(system, {"LEI",
                                                            "Leeds",
                                                            "NW",
                                                            "tmpp.lei@justice.gov.uk",
                                                            "security.lei@justice.gov.uk",
                                                            0,
                                                            {}}));
        AddUser("officer", {domain::Role::kWingOfficer}, {"MDI"});
        AddUser("spoc", {domain::Role::kTmppSpoc}, {"MDI"});
        AddUser("security", {domain::Role::kSecurity}, {"MDI"});
        AddUser("governor", {domain::Role::kGovernor}, {"MDI"});
        AddUser("monitoring", {domain::Role::kMonitoring}, {});
        AddUser("reviewer", {domain::Role::kDigitalReviewer}, {});
        AddUser("admin", {domain::Role::kAdmin}, {});

        std::string mdi = CsvHeader();
        mdi += CsvLine(Number(1), "John", "Smith", "MDI", "A", "XEL;PPRC");
        mdi += CsvLine(Number(2), "Jane", "Doe", "MDI", "A");
        mdi += CsvLine(Number(3), "Bob", "Jones", "MDI", "B");
        ASSERT_TRUE(prisoners_.Import(system, "MDI", mdi, false));
        std::string lei = CsvHeader() + CsvLine("B0001BB", "Lee", "Dsman", "LEI", "C");
        ASSERT_TRUE(prisoners_.Import(system, "LEI", lei, false));
        auto handset = handsets_.Add(system, "MDI",
                                     {"T1", "490154203237518", "Nokia 105", "8944100000000000018",
                                      "07700900123", "S0001", "A"});
        ASSERT_TRUE(handset.ok()) << handset.error().message;
    }

    void AddUser(const std::string& username, std::vector<domain::Role> roles,
                 std::vector<std::string> caseload) {
        domain::NewUser u{username,         "Test " + username,  username + "@justice.gov.uk",
                          std::move(roles), std::move(caseload), kPassword};
        auto created = users_.Create(domain::Actor::System(), u);
        ASSERT_TRUE(created.ok()) << created.error().message;
    }

    /// Signs in through the service (the sign-in page has its own tests).
    Browser As(const std::string& username) {
        auto signed_in = auth_.SignIn(username, kPassword, "127.0.0.1");
        EXPECT_TRUE(signed_in.ok());
        if (!signed_in.ok()) return {};
        return {std::string(kSessionCookie) + "=" + signed_in->token,
                signed_in->session.csrf_token};
    }

    Response Send(Request request) {
        request.remote = "127.0.0.1";
        request.request_id = "test";
        return app_->Handle(request);
    }

    static Request Make(const std::string& method, const std::string& target) {
        Request r;
        r.method = method;
        r.target = target;
        auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = target.substr(q + 1);
        return r;
    }

    Response Get(const std::string& target, const Browser* browser = nullptr) {
        Request r = Make("GET", target);
        if (browser) r.headers["cookie"] = browser->cookie;
        return Send(std::move(r));
    }

    /// POSTs an urlencoded form; adds the browser's CSRF token unless `with_csrf` is false.
    Response Post(const std::string& path, std::vector<std::pair<std::string, std::string>> fields,
                  const Browser* browser, bool with_csrf = true) {
        Request r = Make("POST", path);
        r.headers["content-type"] = "application/x-www-form-urlencoded";
        if (browser) {
            r.headers["cookie"] = browser->cookie;
            if (with_csrf) fields.emplace_back("csrf_token", browser->csrf);
        }
        for (const auto& [name, value] : fields) {
            if (!r.body.empty()) r.body += '&';
            r.body += PercentEncode(name) + "=" + PercentEncode(value);
        }
        return Send(std::move(r));
    }

    /// One part of a multipart body.
    struct Part {
        std::string name;
        std::string value;
        std::string filename;  // non-empty: a file part
    };

    /// POSTs a multipart/form-data body (the CSRF token as a field unless `with_csrf` is false).
    Response PostMultipart(const std::string& path, std::vector<Part> parts, const Browser& browser,
                           bool with_csrf = true) {
        const std::string boundary = "----WardenTestBoundary7MA4YWxkTrZu0gW";
        if (with_csrf) parts.insert(parts.begin(), {"csrf_token", browser.csrf, ""});
        Request r = Make("POST", path);
        r.headers["content-type"] = "multipart/form-data; boundary=" + boundary;
        r.headers["cookie"] = browser.cookie;
        for (const auto& p : parts) {
            r.body +=
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
            if (!p.filename.empty()) {
                r.body += "; filename=\"" + p.filename + "\"\r\nContent-Type: text/csv";
            }
            r.body += "\r\n\r\n" + p.value + "\r\n";
        }
        r.body += "--" + boundary + "--\r\n";
        return Send(std::move(r));
    }

    static std::string HeaderOf(const Response& r, const std::string& name) {
        for (const auto& [n, v] : r.headers) {
            if (ToLowerAscii(n) == ToLowerAscii(name)) return v;
        }
        return {};
    }

    static std::vector<std::string> CookiesOf(const Response& r) {
        std::vector<std::string> out;
        for (const auto& [n, v] : r.headers) {
            if (ToLowerAscii(n) == "set-cookie") out.push_back(v);
        }
        return out;
    }

    static std::string ToLowerAscii(std::string s) {
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

    /// The text of <title>.
    static std::string TitleOf(const std::string& html) {
        auto open = html.find("<title>");
        auto close = html.find("</title>");
        if (open == std::string::npos || close == std::string::npos) return {};
        return html.substr(open + 7, close - open - 7);
    }

    /// Problems with the page's HTML: a POST form without the CSRF field, inline script or
    /// style, duplicate ids, a missing lang or main landmark. Empty when none.
    static std::vector<std::string> HtmlProblems(const std::string& html, const std::string& csrf) {
        std::vector<std::string> problems;
        if (html.find("<html lang=\"en\"") == std::string::npos) problems.push_back("no lang");
        if (html.find("<main ") == std::string::npos) problems.push_back("no main");
        if (html.find(" style=") != std::string::npos) problems.push_back("inline style");
        if (html.find("<style") != std::string::npos) problems.push_back("style element");
        static const std::regex script(R"re(<script\b([^>]*)>)re");
        for (auto it = std::sregex_iterator(html.begin(), html.end(), script);
             it != std::sregex_iterator(); ++it) {
            if ((*it)[1].str().find("src=") == std::string::npos) {
                problems.push_back("inline script");
            }
        }
        if (html.find("</script>") != std::string::npos) {
            // Only <script src=...></script> is allowed: nothing between the tags.
            static const std::regex body(R"re(<script[^>]*>([^<]+)</script>)re");
            if (std::regex_search(html, body)) problems.push_back("inline script body");
        }
        static const std::regex on_attr(R"re(\son[a-z]+=)re");
        if (std::regex_search(html, on_attr)) problems.push_back("inline event handler");
        // Every POST form carries the CSRF field.
        size_t pos = 0;
        while ((pos = html.find("<form", pos)) != std::string::npos) {
            size_t end = html.find("</form>", pos);
            std::string form = html.substr(pos, end - pos);
            std::string tag = form.substr(0, form.find('>'));
            if (tag.find("method=\"post\"") != std::string::npos) {
                std::string field = "name=\"csrf_token\" value=\"" + csrf + "\"";
                if (csrf.empty()) field = "name=\"csrf_token\" value=\"";
                if (form.find(field) == std::string::npos) {
                    problems.push_back("POST form without CSRF field: " + tag);
                }
            }
            pos = end;
        }
        // No duplicate ids.
        static const std::regex id(R"re(\sid="([^"]*)")re");
        std::set<std::string> seen;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), id);
             it != std::sregex_iterator(); ++it) {
            if (!seen.insert((*it)[1].str()).second) {
                problems.push_back("duplicate id " + (*it)[1].str());
            }
        }
        return problems;
    }

    /// `html` with whitespace between tags removed and other runs of whitespace made one space.
    static std::string Squash(const std::string& html) {
        std::string out;
        out.reserve(html.size());
        bool space = false;
        for (char c : html) {
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                space = true;
                continue;
            }
            if (space && !out.empty() && out.back() != '>' && c != '<') out += ' ';
            space = false;
            out += c;
        }
        return out;
    }

    static bool Contains(const std::string& html, const std::string& text) {
        return html.find(text) != std::string::npos;
    }

    domain::testing::InMemoryStore store_;
    FixedClock clock_;
    domain::testing::FakePasswordHasher hasher_;
    domain::testing::FakeSecrets secrets_;
    domain::AuthService auth_;
    domain::UserAdminService users_;
    domain::OrganisationService organisation_;
    domain::PrisonerService prisoners_;
    domain::RiskRulesService risk_rules_;
    domain::AccessService access_;
    domain::QueueService queue_;
    domain::HandsetService handsets_;
    domain::IncidentService incidents_;
    domain::AuditService audit_;
    domain::notify::OutboxService outbox_;
    domain::ProposalService proposals_;
    domain::ReviewService reviews_;
    domain::CatalogueService catalogue_{store_, clock_};
    domain::StocktakeService stocktakes_{store_, clock_};
    domain::MonitoringService monitoring_{store_, clock_};
    Services services_;
    StaticAssets assets_;
    Metrics metrics_;
    std::unique_ptr<WebApp> app_;
};

}  // namespace warden::web::pages::testing
