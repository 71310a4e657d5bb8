#include <gtest/gtest.h>

#include <cstdint>
#include <regex>
#include <set>

#include "domain/notify/enqueue.hpp"
#include "domain/notify/outbox_service.hpp"
#include "domain/notify/sender.hpp"
#include "domain/testing/in_memory_store.hpp"

namespace warden::domain::notify {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days{year{2026} / 11 / 22} + hours{10};

Message Valid() {
    Message m;
    m.to = {"spoc@mdi.example"};
    m.subject = "TMPP incident MDI-TMPP-2026-00042";
    m.body = "Reference MDI-TMPP-2026-00042";
    m.kind = "tmpp.incident.reported";
    m.reference = "MDI-TMPP-2026-00042";
    return m;
}

Actor WithRole(Role role) {
    Actor a;
    a.user_id = 7;
    a.username = "someone";
    a.roles = {role};
    a.source = "127.0.0.1";
    return a;
}

class FakeTransport final : public MailTransport {
  public:
    std::vector<Status> SendBatch(const std::vector<OutboxMessage>& batch,
                                  std::chrono::seconds time_left) override {
        given_time_left = time_left;
        std::vector<Status> out;
        for (const auto& m : batch) {
            if (out.size() == tries) break;  // as a transport whose time ran out
            sent.push_back(m.message_id);
            out.push_back(fail ? Status(Error::Unavailable("Connection refused")) : Ok());
        }
        return out;
    }
    bool fail = false;
    size_t tries = SIZE_MAX;  // how many messages of a batch it tries
    std::chrono::seconds given_time_left{0};
    std::vector<std::string> sent;
};

TEST(OutboxMessageTest, ValidationNamesTheField) {
    EXPECT_TRUE(Validate(Valid()).ok());
    auto field = [](const Message& m) {
        Status s = Validate(m);
        return s.ok() ? std::string("ok") : s.error().fields.at(0).field;
    };
    Message m = Valid();
    m.to.clear();
    EXPECT_EQ(field(m), "to");
    m = Valid();
    m.to = {"not an address"};
    EXPECT_EQ(field(m), "to");
    m = Valid();
    m.cc = {"a@b.example>, evil@x.example"};
    EXPECT_EQ(field(m), "cc");
    m = Valid();
    m.subject = "two\r\nBcc: evil@x.example";  // no header injection
    EXPECT_EQ(field(m), "subject");
    m = Valid();
    m.subject = std::string(kMaxSubject + 1, 'x');
    EXPECT_EQ(field(m), "subject");
    m = Valid();
    m.body.clear();
    EXPECT_EQ(field(m), "body");
}

TEST(OutboxMessageTest, MessageIdsAreRandomUuidsAtWardenHost) {
    const std::regex shape(
        "<[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
        "@warden\\.host>");
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = NewMessageId();
        EXPECT_TRUE(std::regex_match(id, shape)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(OutboxMessageTest, BackoffDoublesWithJitterUpToTheCap) {
    EXPECT_EQ(Backoff(1, seconds{300}, 1.0), seconds{1});
    EXPECT_EQ(Backoff(2, seconds{300}, 1.0), seconds{2});
    EXPECT_EQ(Backoff(5, seconds{300}, 1.0), seconds{16});
    EXPECT_EQ(Backoff(5, seconds{300}, 0.0), seconds{8});  // at least half
    EXPECT_EQ(Backoff(30, seconds{300}, 1.0), seconds{300});
    EXPECT_EQ(Backoff(30, seconds{300}, 0.0), seconds{150});
    EXPECT_EQ(Backoff(1000, seconds{300}, 0.5), seconds{225});
    EXPECT_EQ(Backoff(3, seconds{0}, 1.0), seconds{1});  // never below a second
}

TEST(OutboxTest, ARolledBackEventLeavesNothingToSend) {
    testing::InMemoryStore store;
    Status failed = store.Write([](Repositories& r) -> Status {
        WARDEN_TRY(Enqueue(r, Valid(), kNow));
        return Error::Conflict("refused");
    });
    EXPECT_FALSE(failed.ok());
    EXPECT_TRUE(store.state.outbox.messages.empty());
    ASSERT_TRUE(store
                    .Write([](Repositories& r) -> Status {
                        WARDEN_TRY(Enqueue(r, Valid(), kNow));
                        return Ok();
                    })
                    .ok());
    ASSERT_EQ(store.state.outbox.messages.size(), 1u);
    EXPECT_EQ(store.state.outbox.messages.begin()->second.state, MessageState::kPending);
}

TEST(OutboxTest, ACrashedSendersLeaseExpiresAndTheResendKeepsTheMessageId) {
    testing::InMemoryStore store;
    FixedClock clock(kNow);
    ASSERT_TRUE(store
                    .Write([](Repositories& r) -> Status {
                        WARDEN_TRY(Enqueue(r, Valid(), kNow));
                        return Ok();
                    })
                    .ok());
    // A sender claims the message and dies before recording anything.
    ASSERT_TRUE(store
                    .Write([](Repositories& r) -> Status {
                        WARDEN_TRY(r.outbox.Claim(kNow, kNow + minutes{5}, 10));
                        return Ok();
                    })
                    .ok());
    FakeTransport transport;
    SenderOptions options;
    OutboxSender sender(store, clock, transport, options, [] { return 0.5; });
    EXPECT_EQ(sender.Drain()->claimed, 0);  // still leased
    clock.Advance(minutes{5});
    auto run = sender.Drain();
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->sent, 1);
    ASSERT_EQ(transport.sent.size(), 1u);
    const auto& m = store.state.outbox.messages.begin()->second;
    EXPECT_EQ(transport.sent[0], m.message_id);
    EXPECT_EQ(m.state, MessageState::kSent);
    EXPECT_EQ(m.attempts, 2);
    EXPECT_EQ(Describe(*run), "1 email sent, 0 to retry, 0 dead");
}

// The transport is given the lease less a second and may stop early: what it did not try is due
// again at once, not failed, not sent.
TEST(OutboxTest, MessagesNotTriedBeforeTheLeaseRanOutAreDueAgainAtOnce) {
    testing::InMemoryStore store;
    FixedClock clock(kNow);
    ASSERT_TRUE(store
                    .Write([](Repositories& r) -> Status {
                        for (int i = 0; i < 3; ++i) WARDEN_TRY(Enqueue(r, Valid(), kNow));
                        return Ok();
                    })
                    .ok());
    FakeTransport transport;
    transport.tries = 1;
    SenderOptions options;
    options.lease = seconds{60};
    OutboxSender sender(store, clock, transport, options, [] { return 0.5; });
    auto batch = sender.SendBatch();
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    EXPECT_EQ(transport.given_time_left, seconds{59});
    EXPECT_EQ(batch->claimed, 3);
    EXPECT_EQ(batch->sent, 1);
    EXPECT_EQ(batch->retrying, 2);
    EXPECT_EQ(batch->dead, 0);
    const auto& messages = store.state.outbox.messages;
    EXPECT_EQ(messages.at(1).state, MessageState::kSent);
    for (Id id : {Id{2}, Id{3}}) {
        const auto& m = messages.at(id);
        EXPECT_EQ(m.state, MessageState::kPending);
        EXPECT_EQ(m.next_attempt_at, kNow);
        EXPECT_FALSE(m.lease_until.has_value());
        EXPECT_EQ(m.last_error, "Not tried: the batch's claim ran out of time");
    }
    transport.tries = SIZE_MAX;
    auto rest = sender.Drain();
    ASSERT_TRUE(rest.ok());
    EXPECT_EQ(rest->sent, 2);
    EXPECT_EQ(transport.sent.size(), 3u) << "each sent once";
}

TEST(OutboxTest, OnlyAdminSeesAndRetriesTheOutboxAndEachChangeIsAudited) {
    testing::InMemoryStore store;
    FixedClock clock(kNow);
    OutboxService service(store, clock, "WARDEN_SMTP_URL is not set");
    const Actor admin = WithRole(Role::kAdmin);
    const Actor security = WithRole(Role::kSecurity);

    EXPECT_EQ(service.Overview(security, 10).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service.SendTest(security, "a@b.example").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service.SendTest(admin, "not an address").error().fields.at(0).field, "to");
    EXPECT_EQ(service.SendTest(admin, "a@b.example", 0).error().fields.at(0).field, "count");

    auto queued = service.SendTest(admin, "a@b.example", 3);
    ASSERT_TRUE(queued.ok()) << queued.error().message;
    ASSERT_EQ(queued->size(), 3u);
    EXPECT_EQ(store.AuditOf("outbox.send-test").size(), 1u);

    auto view = service.Overview(admin, 10);
    ASSERT_TRUE(view.ok());
    EXPECT_FALSE(view->sending);
    EXPECT_EQ(view->why_not_sending, "WARDEN_SMTP_URL is not set");
    EXPECT_EQ(view->counts.pending, 3);
    EXPECT_EQ(view->pending.size(), 3u);

    const Id id = queued->front().id;
    EXPECT_EQ(service.Retry(admin, id).error().code, ErrorCode::kConflict);  // not dead
    EXPECT_EQ(service.Retry(admin, 999).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(store
                    .Write([&](Repositories& r) {
                        return r.outbox.MarkFailed(id, "550 mailbox unavailable", std::nullopt);
                    })
                    .ok());
    EXPECT_EQ(service.Retry(security, id).error().code, ErrorCode::kForbidden);
    clock.Advance(hours{30});
    ASSERT_TRUE(service.Retry(admin, id).ok());
    const auto& revived = store.state.outbox.messages.at(id);
    EXPECT_EQ(revived.state, MessageState::kPending);
    EXPECT_EQ(revived.next_attempt_at, clock.Now());
    EXPECT_EQ(revived.dead_after, clock.Now() + kRetryFor);
    const auto audit = store.AuditOf("outbox.retry");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "outbox:" + std::to_string(id));
    EXPECT_EQ(audit[0].actor, "someone");
}

}  // namespace
}  // namespace warden::domain::notify
