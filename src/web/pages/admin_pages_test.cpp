// ADMIN pages (users, establishments, regions, wings) and the audit log.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class AdminPagesTest : public PagesTest {
  protected:
    void SetUp() override { admin_ = As("admin"); }

    Response CreateUser(std::vector<std::pair<std::string, std::string>> fields) {
        return Post("/admin/users", std::move(fields), &admin_);
    }

    Browser admin_;
};

TEST_F(AdminPagesTest, CreateUserThenSeeTheBanner) {
    Response r = CreateUser({{"username", "New.Officer"},
                             {"full_name", "New Officer"},
                             {"email", "new.officer@justice.gov.uk"},
                             {"roles", "WING_OFFICER"},
                             {"roles", "TMPP_SPOC"},
                             {"caseload", "MDI"},
                             {"password", "a long enough password"},
                             {"password_confirm", "a long enough password"}});
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(HeaderOf(r, "Location"), "/admin/users/new.officer?done=created");
    Response page = Get("/admin/users/new.officer?done=created", &admin_);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page.body, "govuk-notification-banner--success"));
    EXPECT_TRUE(Contains(page.body, "User created"));
    EXPECT_TRUE(Contains(page.body, "value=\"WING_OFFICER\" checked"));
    EXPECT_TRUE(Contains(page.body, "value=\"MDI\" checked"));
    EXPECT_TRUE(HtmlProblems(page.body, admin_.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(page.body, admin_.csrf));
    // Only the known done flags make a banner.
    EXPECT_FALSE(Contains(Get("/admin/users/new.officer?done=%3Cb%3E", &admin_).body,
                          "govuk-notification-banner"));
}

TEST_F(AdminPagesTest, CreateUserShowsFieldErrors) {
    Response r = CreateUser({{"username", "x"},
                             {"full_name", ""},
                             {"email", "not-an-email"},
                             {"roles", "WING_OFFICER"},
                             {"password", "short"},
                             {"password_confirm", "short"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(TitleOf(r.body), "Error: Create a user – Warden");
    for (const std::string id : {"username", "full_name", "email", "caseload", "password"}) {
        EXPECT_TRUE(Contains(r.body, "<li><a href=\"#" + id + "\">")) << id;
        EXPECT_TRUE(Contains(r.body, "id=\"" + id + "-error\"")) << id;
    }
    EXPECT_TRUE(Contains(r.body, "value=\"not-an-email\""));  // kept
    EXPECT_FALSE(Contains(r.body, "value=\"short\""));        // passwords are never sent back
    // The caseload error is on the fieldset, linked to the first checkbox.
    EXPECT_TRUE(Contains(r.body,
                         "<fieldset class=\"govuk-fieldset\" aria-describedby=\"caseload-hint "
                         "caseload-error\">"));
    EXPECT_TRUE(
        Contains(r.body, "id=\"caseload\" name=\"caseload\" type=\"checkbox\" value=\"LEI\""));
    EXPECT_TRUE(HtmlProblems(r.body, admin_.csrf).empty());
    EXPECT_EQ(users_.List(domain::Actor::System())->size(), 7u);
}

TEST_F(AdminPagesTest, CreateUserChecksTheConfirmationAndDuplicates) {
    Response mismatch = CreateUser({{"username", "someone"},
                                    {"password", "a long enough password"},
                                    {"password_confirm", "another long password"}});
    EXPECT_EQ(mismatch.status, 400);
    EXPECT_TRUE(Contains(mismatch.body, "<a href=\"#password_confirm\">Enter the same password"));
    Response duplicate = CreateUser({{"username", "officer"},
                                     {"full_name", "Another"},
                                     {"email", "another@justice.gov.uk"},
                                     {"roles", "MONITORING"},
                                     {"password", "a long enough password"},
                                     {"password_confirm", "a long enough password"}});
    EXPECT_EQ(duplicate.status, 409);
    EXPECT_TRUE(Contains(duplicate.body, "<a href=\"#username\">The username officer is already"));
}

TEST_F(AdminPagesTest, ChangeAccessDisableEnableAndResetPassword) {
    Response access =
        Post("/admin/users/officer/access",
             {{"roles", "SECURITY"}, {"caseload", "MDI"}, {"caseload", "LEI"}}, &admin_);
    ASSERT_EQ(access.status, 303);
    EXPECT_EQ(HeaderOf(access, "Location"), "/admin/users/officer?done=access");
    auto officer = users_.Get(domain::Actor::System(), "officer");
    EXPECT_EQ(officer->roles, std::vector<domain::Role>{domain::Role::kSecurity});
    EXPECT_EQ(officer->caseload, (std::vector<std::string>{"LEI", "MDI"}));
    EXPECT_TRUE(Contains(Get("/admin/users/officer?done=access", &admin_).body,
                         "Roles and caseload saved"));

    Response bad = Post("/admin/users/officer/access", {{"caseload", "MDI"}}, &admin_);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(Contains(bad.body, "<a href=\"#roles\">Select at least one role</a>"));

    Response disabled = Post("/admin/users/officer/disabled", {{"disabled", "true"}}, &admin_);
    EXPECT_EQ(HeaderOf(disabled, "Location"), "/admin/users/officer?done=disabled");
    EXPECT_TRUE(users_.Get(domain::Actor::System(), "officer")->disabled);
    Response page = Get("/admin/users/officer", &admin_);
    EXPECT_TRUE(Contains(page.body, "Enable account"));
    Response enabled = Post("/admin/users/officer/disabled", {{"disabled", "false"}}, &admin_);
    EXPECT_EQ(HeaderOf(enabled, "Location"), "/admin/users/officer?done=enabled");
    EXPECT_FALSE(users_.Get(domain::Actor::System(), "officer")->disabled);

    Response self = Post("/admin/users/admin/disabled", {{"disabled", "true"}}, &admin_);
    EXPECT_EQ(self.status, 409);
    EXPECT_TRUE(Contains(self.body, "You cannot disable your own account"));

    Response mismatch =
        Post("/admin/users/officer/password",
             {{"password", "a new long password"}, {"password_confirm", "x"}}, &admin_);
    EXPECT_EQ(mismatch.status, 400);
    Response reset =
        Post("/admin/users/officer/password",
             {{"password", "a new long password"}, {"password_confirm", "a new long password"}},
             &admin_);
    EXPECT_EQ(HeaderOf(reset, "Location"), "/admin/users/officer?done=password");
    EXPECT_TRUE(auth_.SignIn("officer", "a new long password", "127.0.0.1").ok());
}

TEST_F(AdminPagesTest, UserChangesNeedTheCsrfTokenAndAdmin) {
    EXPECT_EQ(Post("/admin/users/officer/disabled", {{"disabled", "true"}}, &admin_, false).status,
              403);
    Browser security = As("security");
    EXPECT_EQ(Post("/admin/users/officer/disabled", {{"disabled", "true"}}, &security).status, 403);
    EXPECT_EQ(Get("/admin/users", &security).status, 403);
    EXPECT_FALSE(users_.Get(domain::Actor::System(), "officer")->disabled);
    EXPECT_EQ(Get("/admin/users/nobody", &admin_).status, 404);
}

TEST_F(AdminPagesTest, UsersList) {
    Response r = Get("/admin/users", &admin_);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "href=\"/admin/users/officer\">officer</a>"));
    EXPECT_TRUE(Contains(r.body, "Wing officer"));
}

TEST_F(AdminPagesTest, AddAndChangeAnEstablishment) {
    Response added = Post("/admin/establishments",
                          {{"code", "bwi"},
                           {"name", "Berwyn"},
                           {"region", "NW"},
                           {"spoc_email", "tmpp.bwi@justice.gov.uk"},
                           {"security_email", "security.bwi@justice.gov.uk"}},
                          &admin_);
    ASSERT_EQ(added.status, 303) << added.body;
    EXPECT_EQ(HeaderOf(added, "Location"), "/admin/establishments?saved=BWI");
    Response list = Get("/admin/establishments?saved=BWI", &admin_);
    EXPECT_TRUE(Contains(list.body, "Establishment BWI saved"));
    EXPECT_TRUE(Contains(list.body, "Berwyn"));

    Response errors =
        Post("/admin/establishments", {{"code", "TOOLONG"}, {"name", ""}, {"region", ""}}, &admin_);
    EXPECT_EQ(errors.status, 400);
    for (const std::string id : {"code", "name", "region", "spoc_email", "security_email"}) {
        EXPECT_TRUE(Contains(errors.body, "<a href=\"#" + id + "\">")) << id;
    }
    EXPECT_TRUE(Contains(errors.body, "govuk-select--error"));

    Response duplicate = Post("/admin/establishments",
                              {{"code", "MDI"},
                               {"name", "Moorland"},
                               {"region", "NW"},
                               {"spoc_email", "a@justice.gov.uk"},
                               {"security_email", "b@justice.gov.uk"}},
                              &admin_);
    EXPECT_EQ(duplicate.status, 409);
    EXPECT_TRUE(Contains(duplicate.body, "<a href=\"#code\">Establishment MDI already exists</a>"));

    Response edit = Get("/admin/establishments/MDI/edit", &admin_);
    ASSERT_EQ(edit.status, 200);
    EXPECT_TRUE(Contains(edit.body, "value=\"Moorland\""));
    EXPECT_TRUE(Contains(edit.body, "<option value=\"NW\" selected>"));
    EXPECT_TRUE(HtmlProblems(edit.body, admin_.csrf).empty());
    Response changed = Post("/admin/establishments/MDI",
                            {{"name", "HMP Moorland"},
                             {"region", "LON"},
                             {"spoc_email", "tmpp.mdi@justice.gov.uk"},
                             {"security_email", "security.mdi@justice.gov.uk"}},
                            &admin_);
    ASSERT_EQ(changed.status, 303);
    auto mdi = organisation_.GetEstablishment(domain::Actor::System(), "MDI");
    EXPECT_EQ(mdi->name, "HMP Moorland");
    EXPECT_EQ(mdi->region_code, "LON");
    EXPECT_EQ(mdi->phase, 1);  // kept
}

TEST_F(AdminPagesTest, AddAndChangeARegion) {
    Response added = Post(
        "/admin/regions",
        {{"code", "ne"}, {"name", "North East"}, {"riu_email", "riu.ne@justice.gov.uk"}}, &admin_);
    ASSERT_EQ(added.status, 303);
    EXPECT_EQ(HeaderOf(added, "Location"), "/admin/regions?saved=NE");
    EXPECT_TRUE(Contains(Get("/admin/regions?saved=NE", &admin_).body, "North East"));
    Response errors = Post("/admin/regions", {{"code", ""}, {"riu_email", "x"}}, &admin_);
    EXPECT_EQ(errors.status, 400);
    EXPECT_TRUE(Contains(errors.body, "<a href=\"#riu_email\">"));
    Response changed =
        Post("/admin/regions/NE",
             {{"name", "The North East"}, {"riu_email", "riu.ne@justice.gov.uk"}}, &admin_);
    EXPECT_EQ(changed.status, 303);
    EXPECT_TRUE(Contains(Get("/admin/regions/NE/edit", &admin_).body, "value=\"The North East\""));
    EXPECT_EQ(Get("/admin/regions/XX/edit", &admin_).status, 404);
}

TEST_F(AdminPagesTest, SaveAWing) {
    Response added =
        Post("/establishments/MDI/wings", {{"code", "seg"}, {"kind", "SEGREGATION"}}, &admin_);
    ASSERT_EQ(added.status, 303);
    EXPECT_EQ(HeaderOf(added, "Location"), "/establishments/MDI?saved=SEG");
    Response page = Get("/establishments/MDI?saved=SEG", &admin_);
    EXPECT_TRUE(Contains(page.body, "Wing SEG saved"));
    EXPECT_TRUE(Contains(page.body, "<option value=\"SEGREGATION\" selected>Segregation</option>"));
    EXPECT_TRUE(HtmlProblems(page.body, admin_.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(page.body, admin_.csrf));

    Response changed =
        Post("/establishments/MDI/wings", {{"code", "A"}, {"kind", "ISOLATION"}}, &admin_);
    EXPECT_EQ(changed.status, 303);
    EXPECT_TRUE(Contains(Get("/establishments/MDI", &admin_).body,
                         "<td class=\"govuk-table__cell\">Isolation</td>"));

    Response bad =
        Post("/establishments/MDI/wings", {{"code", "no good"}, {"kind", "STANDARD"}}, &admin_);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(Contains(bad.body, "<a href=\"#wing-code\">Enter a wing code"));
    Browser officer = As("officer");
    EXPECT_EQ(
        Post("/establishments/MDI/wings", {{"code", "Z"}, {"kind", "STANDARD"}}, &officer).status,
        403);
}

TEST_F(AdminPagesTest, AuditLogIsScopedByRole) {
    Browser officer = As("officer");
    ASSERT_EQ(Get("/prisoners/A0001AA", &officer).status, 200);
    // ADMIN: users, sign-ins, establishments and configuration, never prisoner entries.
    Response r = Get("/audit", &admin_);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "user.create"));
    EXPECT_FALSE(Contains(r.body, "prisoner.read"));
    EXPECT_FALSE(Contains(r.body, "prisoner:A0001AA"));
    EXPECT_TRUE(HtmlProblems(r.body, admin_.csrf).empty());
    Response filtered = Get("/audit?subject=prisoner%3AA0001AA", &admin_);
    EXPECT_TRUE(
        Contains(filtered.body, "There are no entries for prisoner:A0001AA that you may see"));
    EXPECT_FALSE(Contains(filtered.body, "prisoner.read"));
    // MONITORING: the estate's entries.
    Browser monitoring = As("monitoring");
    Response estate = Get("/audit?subject=prisoner%3AA0001AA", &monitoring);
    ASSERT_EQ(estate.status, 200);
    EXPECT_TRUE(Contains(estate.body, "prisoner.read"));
    // SECURITY: their caseload's entries (MDI), not users'.
    Browser security = As("security");
    Response caseload = Get("/audit", &security);
    ASSERT_EQ(caseload.status, 200);
    EXPECT_TRUE(Contains(caseload.body, "prisoner.read"));
    EXPECT_FALSE(Contains(caseload.body, "user.create"));
    EXPECT_EQ(Get("/audit", &officer).status, 403);
    EXPECT_EQ(Get("/audit?cursor=nonsense", &admin_).status, 400);
}

TEST_F(AdminPagesTest, AuditLogPagination) {
    for (int i = 0; i < 120; ++i) ASSERT_TRUE(auth_.SignIn("officer", kPassword, "x").ok());
    Response first = Get("/audit", &admin_);
    std::smatch next;
    ASSERT_TRUE(std::regex_search(first.body, next,
                                  std::regex(R"re(href="(/audit\?cursor=[0-9]+)" rel="next")re")));
    Response older = Get(next[1].str(), &admin_);
    EXPECT_EQ(older.status, 200);
    EXPECT_TRUE(Contains(older.body, "Newest entries"));
}

}  // namespace
}  // namespace warden::web::pages::testing
