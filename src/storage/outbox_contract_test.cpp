// The email outbox on SQLite (a temporary file) and PostgreSQL (a fresh schema per test, when
// WARDEN_TEST_POSTGRES_URL is set): writing in the event's transaction, claiming with a lease,
// backoff, dead messages and concurrent claimers (ADR 0006).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "domain/notify/enqueue.hpp"
#include "domain/notify/sender.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Repositories;
using domain::notify::Message;
using domain::notify::MessageState;
using domain::notify::OutboxMessage;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

using testing::PostgresUrl;
using testing::UniqueName;

Message Email(int i) {
    Message m;
    m.to = {"spoc" + std::to_string(i) + "@mdi.example", "security@mdi.example"};
    m.cc = {"monitoring@justice.example"};
    m.subject = "TMPP incident " + std::to_string(i);
    m.body = "Reference MDI-TMPP-2026-" + std::to_string(i) + "\nLink: https://warden.example/";
    m.kind = "tmpp.incident.reported";
    m.reference = "MDI-TMPP-2026-" + std::to_string(i);
    return m;
}

/// Answers each message from a list of results, cycling; records what it was given.
class ScriptedTransport final : public domain::notify::MailTransport {
  public:
    std::vector<Status> SendBatch(const std::vector<OutboxMessage>& batch,
                                  std::chrono::seconds /*time_left*/) override {
        std::vector<Status> out;
        for (const auto& m : batch) {
            given.push_back(m.message_id);
            out.push_back(fail ? Status(Error::Unavailable("Connection refused")) : Ok());
        }
        return out;
    }
    bool fail = false;
    std::vector<std::string> given;
};

class OutboxContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override { OpenFreshStore("outbox"); }

    std::vector<Id> Enqueue(int n, TimePoint at = kNow) {
        std::vector<Id> ids;
        EXPECT_TRUE(store_
                        ->Write([&](Repositories& r) -> Status {
                            for (int i = 0; i < n; ++i) {
                                WARDEN_ASSIGN_OR_RETURN(Id id,
                                                        domain::notify::Enqueue(r, Email(i), at));
                                ids.push_back(id);
                            }
                            return Ok();
                        })
                        .ok());
        return ids;
    }

    std::vector<OutboxMessage> Claim(TimePoint now, TimePoint lease, int limit) {
        std::vector<OutboxMessage> claimed;
        Status s = store_->Write([&](Repositories& r) -> Status {
            WARDEN_ASSIGN_OR_RETURN(claimed, r.outbox.Claim(now, lease, limit));
            return Ok();
        });
        EXPECT_TRUE(s.ok()) << s.error().message;
        return claimed;
    }

    OutboxMessage Get(Id id) {
        OutboxMessage m;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(m, r.outbox.Get(id));
                            return Ok();
                        })
                        .ok());
        return m;
    }

    Status InWrite(const std::function<Status(Repositories&)>& work) { return store_->Write(work); }
};

TEST_P(OutboxContractTest, AMessageIsWrittenWithItsEventAndRolledBackWithIt) {
    // The event fails after the message was written: nothing is left to send.
    Status failed = InWrite([](Repositories& r) -> Status {
        WARDEN_TRY(domain::notify::Enqueue(r, Email(1), kNow));
        return Error::Conflict("the event was refused");
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(Claim(kNow + 1h, kNow + 2h, 100).empty());

    const auto ids = Enqueue(1);
    ASSERT_EQ(ids.size(), 1u);
    const OutboxMessage m = Get(ids[0]);
    EXPECT_EQ(m.state, MessageState::kPending);
    EXPECT_EQ(m.to, (std::vector<std::string>{"spoc0@mdi.example", "security@mdi.example"}));
    EXPECT_EQ(m.cc, std::vector<std::string>{"monitoring@justice.example"});
    EXPECT_EQ(m.subject, "TMPP incident 0");
    EXPECT_EQ(m.reference, "MDI-TMPP-2026-0");
    EXPECT_EQ(m.created_at, kNow);
    EXPECT_EQ(m.next_attempt_at, kNow);
    EXPECT_EQ(m.dead_after, kNow + 24h);
    EXPECT_EQ(m.attempts, 0);
    EXPECT_FALSE(m.lease_until.has_value());
    EXPECT_EQ(m.message_id.front(), '<');
    EXPECT_NE(m.message_id.find("@warden.host>"), std::string::npos);

    // A bad message is refused before anything is written.
    Message bad = Email(2);
    bad.subject = "line\r\nBcc: someone@else.example";
    Status refused = InWrite([&](Repositories& r) -> Status {
        WARDEN_TRY(domain::notify::Enqueue(r, bad, kNow));
        return Ok();
    });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().fields.at(0).field, "subject");
}

TEST_P(OutboxContractTest, AClaimLeasesMessagesUntilTheLeaseExpires) {
    const auto ids = Enqueue(3);
    auto first = Claim(kNow, kNow + 5min, 2);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].id, ids[0]);
    EXPECT_EQ(first[1].id, ids[1]);
    EXPECT_EQ(first[0].attempts, 1);
    EXPECT_EQ(first[0].lease_until, kNow + 5min);
    // Leased messages are not claimed again while the lease holds.
    auto second = Claim(kNow + 1min, kNow + 6min, 10);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].id, ids[2]);
    EXPECT_TRUE(Claim(kNow + 4min, kNow + 9min, 10).empty());
    // A sender that crashed never marks them: once the lease expires another claims them.
    auto again = Claim(kNow + 5min, kNow + 10min, 10);
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(again[0].attempts, 2);
    EXPECT_EQ(again[0].message_id, first[0].message_id);  // the same Message-ID on the resend
    // Messages not yet due are not claimed.
    Enqueue(1, kNow + 1h);
    EXPECT_TRUE(Claim(kNow + 5min, kNow + 10min, 10).empty());
}

TEST_P(OutboxContractTest, SentFailedDeadAndRevived) {
    const auto ids = Enqueue(3);
    ASSERT_EQ(Claim(kNow, kNow + 5min, 10).size(), 3u);
    ASSERT_TRUE(InWrite([&](Repositories& r) -> Status {
                    WARDEN_TRY(r.outbox.MarkSent({ids[0]}, kNow + 1s));
                    WARDEN_TRY(r.outbox.MarkFailed(ids[1], "Connection refused", kNow + 30s));
                    return r.outbox.MarkFailed(ids[2], "550 no such user", std::nullopt);
                }).ok());
    const auto sent = Get(ids[0]);
    EXPECT_EQ(sent.state, MessageState::kSent);
    EXPECT_EQ(sent.sent_at, kNow + 1s);
    EXPECT_FALSE(sent.lease_until.has_value());
    const auto retrying = Get(ids[1]);
    EXPECT_EQ(retrying.state, MessageState::kPending);
    EXPECT_EQ(retrying.next_attempt_at, kNow + 30s);
    EXPECT_EQ(retrying.last_error, "Connection refused");
    EXPECT_FALSE(retrying.lease_until.has_value());
    EXPECT_EQ(Get(ids[2]).state, MessageState::kDead);

    // The failed one waits for its backoff, then is due again; the dead one never is.
    EXPECT_TRUE(Claim(kNow + 29s, kNow + 5min, 10).empty());
    auto due = Claim(kNow + 30s, kNow + 5min, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].id, ids[1]);
    ASSERT_TRUE(
        InWrite([&](Repositories& r) { return r.outbox.MarkSent({ids[1]}, kNow + 31s); }).ok());

    domain::notify::OutboxCounts counts;
    std::vector<OutboxMessage> dead;
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(counts, r.outbox.Counts());
                        WARDEN_ASSIGN_OR_RETURN(dead, r.outbox.List(MessageState::kDead, 10));
                        return Ok();
                    })
                    .ok());
    EXPECT_EQ(counts.pending, 0);
    EXPECT_EQ(counts.sent, 2);
    EXPECT_EQ(counts.dead, 1);
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(dead[0].id, ids[2]);

    // Reviving a dead message makes it due again; a message that is not dead cannot be revived.
    ASSERT_TRUE(InWrite([&](Repositories& r) {
                    return r.outbox.Revive(ids[2], kNow + 1h, kNow + 25h);
                }).ok());
    EXPECT_EQ(Get(ids[2]).state, MessageState::kPending);
    EXPECT_EQ(Get(ids[2]).dead_after, kNow + 25h);
    EXPECT_EQ(
        InWrite([&](Repositories& r) { return r.outbox.Revive(ids[0], kNow + 1h, kNow + 25h); })
            .error()
            .code,
        ErrorCode::kConflict);
    EXPECT_EQ(
        InWrite([&](Repositories& r) { return r.outbox.Revive(9999, kNow, kNow); }).error().code,
        ErrorCode::kNotFound);
    auto revived = Claim(kNow + 1h, kNow + 2h, 10);
    ASSERT_EQ(revived.size(), 1u);
    EXPECT_EQ(revived[0].id, ids[2]);
}

TEST_P(OutboxContractTest, ConcurrentClaimersNeverGetTheSameMessage) {
    const auto ids = Enqueue(300);
    std::mutex mutex;
    std::vector<Id> claimed;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (;;) {
                std::vector<OutboxMessage> batch;
                Status s = store_->Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(batch, r.outbox.Claim(kNow, kNow + 1h, 7));
                    return Ok();
                });
                if (!s.ok() || batch.empty()) return;
                std::lock_guard lock(mutex);
                for (const auto& m : batch) claimed.push_back(m.id);
            }
        });
    }
    for (auto& t : threads) t.join();
    std::set<Id> distinct(claimed.begin(), claimed.end());
    EXPECT_EQ(claimed.size(), ids.size());
    EXPECT_EQ(distinct.size(), ids.size());
}

TEST_P(OutboxContractTest, TheSenderRetriesWithBackoffThenMarksDead) {
    Enqueue(2);
    FixedClock clock(kNow);
    ScriptedTransport transport;
    domain::notify::SenderOptions options;
    options.max_backoff = 60s;
    domain::notify::OutboxSender sender(*store_, clock, transport, options, [] { return 1.0; });

    transport.fail = true;
    auto failed = sender.Drain();
    ASSERT_TRUE(failed.ok()) << failed.error().message;
    EXPECT_EQ(failed->retrying, 2);
    // Not due again before the backoff (1 s after the first failure).
    auto idle = sender.Drain();
    ASSERT_TRUE(idle.ok());
    EXPECT_EQ(idle->claimed, 0);

    // The server comes back: each message is sent once.
    clock.Advance(1s);
    transport.fail = false;
    transport.given.clear();
    auto sent = sender.Drain();
    ASSERT_TRUE(sent.ok());
    EXPECT_EQ(sent->sent, 2);
    EXPECT_EQ(transport.given.size(), 2u);
    clock.Advance(1h);
    EXPECT_EQ(sender.Drain()->claimed, 0);

    // A message that keeps failing for 24 hours is dead.
    Enqueue(1, clock.Now());
    transport.fail = true;
    EXPECT_EQ(sender.Drain()->retrying, 1);
    clock.Advance(24h);
    auto last = sender.Drain();
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->dead, 1);
    clock.Advance(24h);
    EXPECT_EQ(sender.Drain()->claimed, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
