// The outbox over JSON (ADMIN): counts, the lists by state, and retrying a dead email, through
// the whole web app with a signed-in session (tests/integration/outbox_test.cpp drives it over
// HTTP on both databases).

#include <boost/json.hpp>

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

namespace json = boost::json;

class OutboxApiTest : public PagesTest {
  protected:
    void SetUp() override { admin_ = As("admin"); }

    Response Retry(const std::string& id, const Browser& browser) {
        Request r = Make("POST", "/api/v1/outbox/" + id + "/retry");
        r.headers["cookie"] = browser.cookie;
        r.headers["x-csrf-token"] = browser.csrf;
        return Send(std::move(r));
    }

    Browser admin_;
};

TEST_F(OutboxApiTest, AdminListsTheOutboxByStateAndRetriesADeadEmail) {
    auto queued = outbox_.SendTest(domain::Actor::System(), "spoc@mdi.example", 3);
    ASSERT_TRUE(queued.ok());
    const Id dead = queued->front().id;
    ASSERT_TRUE(store_
                    .Write([&](domain::Repositories& r) {
                        return r.outbox.MarkFailed(dead, "Connection refused", std::nullopt);
                    })
                    .ok());

    Response all = Get("/api/v1/outbox", &admin_);
    ASSERT_EQ(all.status, 200) << all.body;
    const json::object body = json::parse(all.body).as_object();
    EXPECT_EQ(body.at("counts").at("PENDING").as_int64(), 2);
    EXPECT_EQ(body.at("counts").at("DEAD").as_int64(), 1);
    EXPECT_EQ(body.at("counts").at("SENT").as_int64(), 0);
    const json::array& items = body.at("items").as_array();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_GT(items[0].at("id").as_int64(), items[1].at("id").as_int64()) << "newest first";
    EXPECT_EQ(items[0].at("to").as_array().at(0).as_string(), "spoc@mdi.example");
    EXPECT_FALSE(items[0].as_object().contains("body")) << "bodies are not listed";

    Response only_dead = Get("/api/v1/outbox?state=DEAD", &admin_);
    ASSERT_EQ(only_dead.status, 200) << only_dead.body;
    const json::value dead_body = json::parse(only_dead.body);
    const json::array& dead_items = dead_body.at("items").as_array();
    ASSERT_EQ(dead_items.size(), 1u);
    EXPECT_EQ(dead_items[0].at("id").as_int64(), dead);
    EXPECT_EQ(dead_items[0].at("state").as_string(), "DEAD");
    EXPECT_EQ(dead_items[0].at("last_error").as_string(), "Connection refused");
    EXPECT_EQ(
        json::parse(Get("/api/v1/outbox?limit=1", &admin_).body).at("items").as_array().size(), 1u);

    Response bad = Get("/api/v1/outbox?state=LOST", &admin_);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(Contains(bad.body, "The state must be PENDING, SENT or DEAD")) << bad.body;
    EXPECT_EQ(Get("/api/v1/outbox?limit=0", &admin_).status, 400);

    Response retried = Retry(std::to_string(dead), admin_);
    ASSERT_EQ(retried.status, 200) << retried.body;
    EXPECT_EQ(json::parse(retried.body).at("state").as_string(), "PENDING");
    EXPECT_EQ(store_.state.outbox.messages.at(dead).state, domain::notify::MessageState::kPending);
    EXPECT_EQ(store_.AuditOf("outbox.retry").size(), 1u);

    // Only a dead email can be retried; an unknown one is a 404; nothing changes.
    Response again = Retry(std::to_string(dead), admin_);
    EXPECT_EQ(again.status, 409);
    EXPECT_TRUE(Contains(again.body, "only a dead email can be retried")) << again.body;
    EXPECT_EQ(Retry("999", admin_).status, 404);
    EXPECT_EQ(Retry("x", admin_).status, 404);
    EXPECT_EQ(store_.AuditOf("outbox.retry").size(), 1u);
}

TEST_F(OutboxApiTest, OnlyAdminMayUseIt) {
    Browser security = As("security");
    EXPECT_EQ(Get("/api/v1/outbox", &security).status, 403);
    EXPECT_EQ(Retry("1", security).status, 403);
    EXPECT_EQ(Get("/api/v1/outbox").status, 401);
}

}  // namespace
}  // namespace warden::web::pages::testing
