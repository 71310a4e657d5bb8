// The email outbox page (ADMIN): counts, lists and retrying a dead email.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class OutboxPagesTest : public PagesTest {
  protected:
    void SetUp() override { admin_ = As("admin"); }
    Browser admin_;
};

TEST_F(OutboxPagesTest, AdminSeesTheOutboxAndRetriesADeadEmail) {
    auto queued = outbox_.SendTest(domain::Actor::System(), "spoc@mdi.example", 2);
    ASSERT_TRUE(queued.ok());
    const Id dead = queued->front().id;
    ASSERT_TRUE(store_
                    .Write([&](domain::Repositories& r) {
                        return r.outbox.MarkFailed(dead, "Connection refused", std::nullopt);
                    })
                    .ok());

    Response page = Get("/admin/outbox", &admin_);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(TitleOf(page.body), "Email outbox – Warden");
    EXPECT_TRUE(
        Contains(page.body, "<dd class=\"govuk-summary-list__value\" id=\"pending-count\">1</dd>"));
    EXPECT_TRUE(
        Contains(page.body, "<dd class=\"govuk-summary-list__value\" id=\"dead-count\">1</dd>"));
    EXPECT_TRUE(Contains(page.body, "Connection refused"));
    EXPECT_TRUE(Contains(page.body, "action=\"/admin/outbox/" + std::to_string(dead) + "/retry\""));
    EXPECT_FALSE(Contains(page.body, "Emails are not being sent"));
    EXPECT_TRUE(HtmlProblems(page.body, admin_.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(page.body, admin_.csrf));

    Response retried = Post("/admin/outbox/" + std::to_string(dead) + "/retry", {}, &admin_);
    ASSERT_EQ(retried.status, 303) << retried.body;
    EXPECT_EQ(HeaderOf(retried, "Location"), "/admin/outbox?done=retried");
    EXPECT_EQ(store_.state.outbox.messages.at(dead).state, domain::notify::MessageState::kPending);
    EXPECT_EQ(store_.AuditOf("outbox.retry").size(), 1u);
    Response done = Get("/admin/outbox?done=retried", &admin_);
    EXPECT_TRUE(Contains(done.body, "govuk-notification-banner--success")) << done.body;

    // Retrying an email that is not dead is a 409 on the page.
    Response again = Post("/admin/outbox/" + std::to_string(dead) + "/retry", {}, &admin_);
    EXPECT_EQ(again.status, 409);
    EXPECT_TRUE(Contains(again.body, "only a dead email can be retried"));
    EXPECT_EQ(Post("/admin/outbox/999/retry", {}, &admin_).status, 404);
}

TEST_F(OutboxPagesTest, OnlyAdminMayOpenIt) {
    Browser security = As("security");
    EXPECT_EQ(Get("/admin/outbox", &security).status, 403);
    EXPECT_EQ(Post("/admin/outbox/1/retry", {}, &security).status, 403);
}

}  // namespace
}  // namespace warden::web::pages::testing
