// Sign in, sign out, the home page per role, errors pages.

#include "web/pages/pages.hpp"
#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class SessionPagesTest : public PagesTest {
  protected:
    // GETs the sign-in page; returns the pre-session cookie value and the form's token.
    std::pair<std::string, std::string> SignInForm() {
        Response r = Get("/sign-in");
        EXPECT_EQ(r.status, 200);
        std::string cookie;
        for (const auto& c : CookiesOf(r)) {
            if (c.rfind("warden_csrf=", 0) == 0) cookie = c.substr(0, c.find(';'));
        }
        std::string token = cookie.substr(cookie.find('=') + 1);
        EXPECT_TRUE(Contains(r.body, "name=\"csrf_token\" value=\"" + token + "\""));
        return {cookie, token};
    }

    Response PostSignIn(const std::string& username, const std::string& password,
                        const std::string& return_to = "") {
        auto [cookie, token] = SignInForm();
        Request r = Make("POST", "/sign-in");
        r.headers["content-type"] = "application/x-www-form-urlencoded";
        r.headers["cookie"] = cookie;
        r.body = "csrf_token=" + token + "&username=" + PercentEncode(username) +
                 "&password=" + PercentEncode(password);
        if (!return_to.empty()) r.body += "&return_to=" + PercentEncode(return_to);
        return Send(std::move(r));
    }
};

TEST_F(SessionPagesTest, SignInPageIsAnAccessibleFormWithThePreSessionToken) {
    Response r = Get("/sign-in?return_to=%2Fprisoners");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(TitleOf(r.body), "Sign in – Warden");
    EXPECT_TRUE(Contains(r.body, "<label class=\"govuk-label\" for=\"username\">Username</label>"));
    EXPECT_TRUE(Contains(r.body, "autocomplete=\"current-password\""));
    EXPECT_TRUE(Contains(r.body, "name=\"return_to\" value=\"/prisoners\""));
    EXPECT_FALSE(Contains(r.body, "Sign out"));  // not signed in: no header account links
    EXPECT_TRUE(HtmlProblems(r.body, "").empty())
        << ::testing::PrintToString(HtmlProblems(r.body, ""));
}

TEST_F(SessionPagesTest, SignInSetsTheSessionCookieAndGoesToTheReturnPath) {
    Response r = PostSignIn("officer", kPassword, "/establishments/MDI");
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(HeaderOf(r, "Location"), "/establishments/MDI");
    bool session = false;
    for (const auto& c : CookiesOf(r)) {
        if (c.rfind("warden_session=", 0) == 0) session = true;
    }
    EXPECT_TRUE(session);
    EXPECT_EQ(store_.AuditOf("auth.signin").size(), 1u);
}

TEST_F(SessionPagesTest, ReturnPathMustBeLocal) {
    for (const std::string bad : {"//evil.example/x", "https://evil.example/", "/\\evil.example",
                                  "javascript:alert(1)", "/sign-out"}) {
        Response r = PostSignIn("officer", kPassword, bad);
        ASSERT_EQ(r.status, 303) << bad;
        EXPECT_EQ(HeaderOf(r, "Location"), "/") << bad;
    }
}

// The error summary's list of a page ("" when none).
std::string ErrorSummaryOf(const std::string& body) {
    auto start = body.find("govuk-error-summary__list");
    if (start == std::string::npos) return "";
    return body.substr(start, body.find("</ul>", start) - start);
}

TEST_F(SessionPagesTest, FailedSignInShowsTheErrorSummary) {
    Response r = PostSignIn("officer", "wrong password!");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(TitleOf(r.body), "Error: Sign in – Warden");
    EXPECT_TRUE(Contains(r.body, "govuk-error-summary"));
    EXPECT_TRUE(Contains(r.body,
                         "<a href=\"#username\">Enter a valid username and password. After 5 "
                         "failed attempts an account is locked for 15 minutes</a>"));
    EXPECT_TRUE(Contains(r.body, "aria-describedby=\"username-error\""));
    EXPECT_TRUE(Contains(r.body, "value=\"officer\""));  // the username is kept
    for (const auto& c : CookiesOf(r)) EXPECT_NE(c.rfind("warden_session=", 0), 0u);
}

TEST_F(SessionPagesTest, EmptyFieldsAreReportedWithoutCallingTheService) {
    Response r = PostSignIn("", "");
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(Contains(r.body, "<a href=\"#username\">Enter your username</a>"));
    EXPECT_TRUE(Contains(r.body, "<a href=\"#password\">Enter your password</a>"));
    EXPECT_TRUE(store_.AuditOf("auth.signin_failed").empty());
}

TEST_F(SessionPagesTest, ALockedAccountGetsTheSameAnswerAsAWrongPassword) {
    Response wrong = PostSignIn("officer", "wrong password!");
    for (int i = 0; i < 4; ++i) PostSignIn("officer", "wrong password!");
    Response r = PostSignIn("officer", kPassword);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "locked for 15 minutes</a>"));
    EXPECT_EQ(ErrorSummaryOf(r.body), ErrorSummaryOf(wrong.body));
    EXPECT_EQ(ErrorSummaryOf(PostSignIn("nobody", kPassword).body), ErrorSummaryOf(wrong.body));
}

TEST_F(SessionPagesTest, SignInWithoutTheCsrfCookieIsRefused) {
    auto [cookie, token] = SignInForm();
    Request r = Make("POST", "/sign-in");
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    r.body = "csrf_token=" + token + "&username=officer&password=" + std::string(kPassword);
    Response response = Send(std::move(r));
    EXPECT_EQ(response.status, 403);
    EXPECT_TRUE(Contains(response.body, "The form has expired"));
    EXPECT_TRUE(Contains(response.body, "govuk-template__header"));  // in the layout
    EXPECT_TRUE(store_.AuditOf("auth.signin").empty());
}

TEST_F(SessionPagesTest, SignedInUserIsSentOnFromTheSignInPage) {
    Browser officer = As("officer");
    Response r = Get("/sign-in?return_to=%2Fprisoners", &officer);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(HeaderOf(r, "Location"), "/prisoners");
}

TEST_F(SessionPagesTest, SignOutEndsTheSession) {
    Browser officer = As("officer");
    Response confirm = Get("/sign-out", &officer);
    EXPECT_EQ(confirm.status, 200);
    EXPECT_TRUE(HtmlProblems(confirm.body, officer.csrf).empty());

    Response refused = Post("/sign-out", {}, &officer, false);
    EXPECT_EQ(refused.status, 403);

    Response r = Post("/sign-out", {}, &officer);
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(HeaderOf(r, "Location"), "/sign-in?signed_out=1");
    bool cleared = false;
    for (const auto& c : CookiesOf(r)) {
        if (c.rfind("warden_session=;", 0) == 0) cleared = true;
    }
    EXPECT_TRUE(cleared);
    Response after = Get("/", &officer);
    EXPECT_EQ(after.status, 303);
    EXPECT_EQ(HeaderOf(after, "Location").rfind("/sign-in?return_to=", 0), 0u);
    EXPECT_TRUE(Contains(Get("/sign-in?signed_out=1").body, "You have signed out"));
}

TEST_F(SessionPagesTest, SignedOutVisitorIsAskedToSignIn) {
    Response r = Get("/establishments/MDI/prisoners?wing=A");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(HeaderOf(r, "Location"),
              "/sign-in?return_to=" + PercentEncode("/establishments/MDI/prisoners?wing=A"));
}

// The service navigation links of a page, in order.
std::vector<std::string> NavOf(const std::string& html) {
    std::vector<std::string> out;
    static const std::regex link(R"re(class="govuk-service-navigation__link" href="([^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link);
         it != std::sregex_iterator(); ++it) {
        out.push_back((*it)[1].str());
    }
    return out;
}

TEST_F(SessionPagesTest, EachRoleSeesOnlyWhatItMayUse) {
    using V = std::vector<std::string>;
    const std::map<std::string, V> expected = {
        {"officer", V{"/", "/establishments", "/prisoners"}},
        {"spoc", V{"/", "/establishments", "/prisoners"}},
        {"security", V{"/", "/establishments", "/prisoners", "/audit"}},
        {"governor", V{"/", "/establishments", "/prisoners", "/proposals"}},
        {"monitoring", V{"/", "/establishments", "/audit"}},
        {"reviewer", V{"/", "/establishments", "/proposals"}},
        {"admin", V{"/", "/establishments", "/audit", "/admin"}},
    };
    for (const auto& [user, nav] : expected) {
        Browser b = As(user);
        Response home = Get("/", &b);
        ASSERT_EQ(home.status, 200) << user;
        EXPECT_EQ(NavOf(home.body), nav) << user;
        EXPECT_TRUE(Contains(home.body, "aria-current=\"page\"")) << user;
        EXPECT_TRUE(HtmlProblems(home.body, b.csrf).empty())
            << user << ::testing::PrintToString(HtmlProblems(home.body, b.csrf));
        const bool import = Contains(home.body, "/establishments/MDI/import");
        EXPECT_EQ(import, user == "security") << user;
        const bool prisoners = Contains(home.body, "/establishments/MDI/prisoners");
        EXPECT_EQ(prisoners,
                  user == "officer" || user == "spoc" || user == "security" || user == "governor")
            << user;
        EXPECT_EQ(Contains(home.body, "/admin/users"), user == "admin") << user;
    }
}

TEST_F(SessionPagesTest, AdminCannotSeePrisoners) {
    Browser admin = As("admin");
    EXPECT_EQ(Get("/establishments/MDI/prisoners", &admin).status, 403);
    EXPECT_EQ(Get("/prisoners/" + Number(1), &admin).status, 403);
    EXPECT_EQ(Get("/prisoners", &admin).status, 403);
    Response r = Get("/establishments/MDI/import", &admin);
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(Contains(r.body, "<h1 class=\"govuk-heading-l\">Forbidden</h1>"));
    // ...but does see the establishment, with wing editing.
    Response e = Get("/establishments/MDI", &admin);
    EXPECT_EQ(e.status, 200);
    EXPECT_FALSE(Contains(e.body, "View prisoners"));
    EXPECT_TRUE(Contains(e.body, "Add a wing"));
}

TEST_F(SessionPagesTest, UnknownPageIsANotFoundPageInTheLayout) {
    Browser officer = As("officer");
    Response r = Get("/no/such/page", &officer);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(TitleOf(r.body), "Page not found – Warden");
    EXPECT_TRUE(Contains(r.body, "If you typed the web address, check it is correct."));
    // A record that is not there (or outside the caseload) is a 404 with the navigation.
    Response missing = Get("/establishments/XYZ", &officer);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(TitleOf(missing.body), "Page not found – Warden");
    EXPECT_TRUE(Contains(missing.body, "govuk-service-navigation"));
    Response anonymous = Get("/no/such/page");
    EXPECT_EQ(anonymous.status, 404);
    EXPECT_FALSE(Contains(anonymous.body, "govuk-service-navigation"));
    EXPECT_TRUE(HtmlProblems(anonymous.body, "").empty());
}

TEST_F(SessionPagesTest, RenderErrorPageWorksWithoutAnActor) {
    Context context;
    Response r = app_->ErrorPage(500, "Sorry, there is a problem with the service",
                                 "Try again later.", context);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(TitleOf(r.body), "Sorry, there is a problem with the service – Warden");
    EXPECT_TRUE(Contains(r.body, "<main class=\"govuk-main-wrapper\" id=\"main-content\">"));
}

TEST_F(SessionPagesTest, AccountPageShowsRolesAndCaseload) {
    Browser b = As("security");
    Response r = Get("/account", &b);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "<li>Security</li>"));
    EXPECT_TRUE(Contains(r.body, ">MDI<"));
}

}  // namespace
}  // namespace warden::web::pages::testing
