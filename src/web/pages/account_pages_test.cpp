// The signed-in user's password page and the ADMIN's API-token list and revocation.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class AccountPagesTest : public PagesTest {};

TEST_F(AccountPagesTest, AdminSeesAUsersTokensAndRevokesOneAfterConfirming) {
    Browser admin = As("admin");
    ASSERT_TRUE(auth_.CreateToken(domain::Actor::System(), "officer", "reports").ok());
    Response page = Get("/admin/users/officer", &admin);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(Contains(page.body, "API tokens"));
    EXPECT_TRUE(Contains(page.body, "<td class=\"govuk-table__cell\">reports</td>"));
    EXPECT_TRUE(Contains(page.body, "href=\"/admin/users/officer/tokens/1/revoke\""));
    EXPECT_TRUE(HtmlProblems(page.body, admin.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(page.body, admin.csrf));

    Response confirm = Get("/admin/users/officer/tokens/1/revoke", &admin);
    ASSERT_EQ(confirm.status, 200) << confirm.body;
    EXPECT_TRUE(Contains(confirm.body, "Revoke API token 1"));
    EXPECT_TRUE(Contains(confirm.body, "action=\"/admin/users/officer/tokens/1/revoke\""));
    EXPECT_TRUE(HtmlProblems(confirm.body, admin.csrf).empty());
    // Another user's path does not reach the token.
    EXPECT_EQ(Get("/admin/users/security/tokens/1/revoke", &admin).status, 404);
    EXPECT_EQ(Post("/admin/users/security/tokens/1/revoke", {}, &admin).status, 404);

    Response revoked = Post("/admin/users/officer/tokens/1/revoke", {}, &admin);
    ASSERT_EQ(revoked.status, 303) << revoked.body;
    EXPECT_EQ(HeaderOf(revoked, "Location"), "/admin/users/officer?done=token_revoked");
    Response after = Get("/admin/users/officer?done=token_revoked", &admin);
    EXPECT_TRUE(Contains(after.body, "API token revoked"));
    EXPECT_TRUE(Contains(after.body, ">Revoked</td>"));
    EXPECT_FALSE(Contains(after.body, "tokens/1/revoke\""));
    EXPECT_EQ(store_.AuditOf("token.revoke").size(), 1u);

    // Only ADMIN reaches these pages.
    Browser security = As("security");
    EXPECT_EQ(Get("/admin/users/officer/tokens/1/revoke", &security).status, 403);
}

TEST_F(AccountPagesTest, ChangingYourPasswordShowsFieldErrorsThenSignsYouInAgain) {
    Browser officer = As("officer");
    Response account = Get("/account", &officer);
    EXPECT_TRUE(Contains(account.body, "href=\"/account/password\""));
    Response form = Get("/account/password", &officer);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(HtmlProblems(form.body, officer.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(form.body, officer.csrf));

    Response empty = Post("/account/password", {}, &officer);
    EXPECT_EQ(empty.status, 400);
    for (const std::string id : {"current_password", "new_password", "confirm_password"}) {
        EXPECT_TRUE(Contains(empty.body, "<li><a href=\"#" + id + "\">")) << id;
    }
    Response wrong = Post("/account/password",
                          {{"current_password", "not it at all"},
                           {"new_password", "a fresh long passphrase"},
                           {"confirm_password", "a fresh long passphrase"}},
                          &officer);
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(Contains(wrong.body, "Your current password is incorrect"));
    EXPECT_FALSE(Contains(wrong.body, "a fresh long passphrase"));  // never sent back

    Response done = Post("/account/password",
                         {{"current_password", kPassword},
                          {"new_password", "a fresh long passphrase"},
                          {"confirm_password", "a fresh long passphrase"}},
                         &officer);
    ASSERT_EQ(done.status, 303) << done.body;
    EXPECT_EQ(HeaderOf(done, "Location"), "/account?done=password");
    EXPECT_TRUE(Contains(HeaderOf(done, "Set-Cookie"), "warden_session="));
    EXPECT_EQ(store_.AuditOf("user.password_change").size(), 1u);
    // The old session has ended.
    EXPECT_EQ(Get("/account", &officer).status, 303);
}

}  // namespace
}  // namespace warden::web::pages::testing
