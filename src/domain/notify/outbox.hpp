#pragma once
// The transactional email outbox (ADR 0006): a message is written by `Enqueue` in the same
// transaction as the event that causes it, so a rolled-back event sends nothing; the sender job
// (sender.hpp) delivers it later, at least once, always with the same Message-ID.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace warden::domain::notify {

/// Where a message is in its life.
enum class MessageState { kPending, kSent, kDead };

/// "PENDING", "SENT", "DEAD".
std::string_view StateName(MessageState state);
/// The state named `name`, if any.
std::optional<MessageState> ParseState(std::string_view name);

/// What a feature asks to send.
struct Message {
    std::vector<std::string> to;  // at least one address
    std::vector<std::string> cc;
    std::string subject;    // one line, at most kMaxSubject bytes
    std::string body;       // plain text
    std::string kind;       // for display: "outbox.test", "tmpp.incident.reported", ...
    std::string reference;  // for display: "MDI-TMPP-2026-00042", ...
};

/// A stored message.
struct OutboxMessage {
    Id id = 0;
    std::string message_id;  // "<uuid@warden.host>", fixed at enqueue, the same on every resend
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string body;
    std::string kind;
    std::string reference;
    TimePoint created_at{};
    MessageState state = MessageState::kPending;
    int attempts = 0;                      // sends tried (claims made)
    TimePoint next_attempt_at{};           // not claimed before
    std::optional<TimePoint> lease_until;  // a sender holds it until then
    TimePoint dead_after{};                // a failure after this makes it DEAD
    std::string last_error;                // the last failure, never a secret
    std::optional<TimePoint> sent_at;
};

/// How many messages are in each state.
struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t dead = 0;
};

/// The outbox table, bound to the caller's transaction (Repositories::outbox).
class Outbox {
  public:
    virtual ~Outbox() = default;
    /// Stores a new message; returns its id.
    virtual Result<Id> Add(const OutboxMessage& message) = 0;
    /// Claims up to `limit` PENDING messages due at `now` (next_attempt_at <= now) whose lease is
    /// free or expired, oldest due first: sets their lease to `lease_until` and counts one more
    /// attempt, and returns them as updated. While a lease holds, no other claimer gets the
    /// message (on PostgreSQL concurrent claimers skip each other's rows: FOR UPDATE SKIP LOCKED).
    virtual Result<std::vector<OutboxMessage>> Claim(TimePoint now, TimePoint lease_until,
                                                     int limit) = 0;
    /// Marks the messages SENT at `at` and frees their leases.
    virtual Status MarkSent(const std::vector<Id>& ids, TimePoint at) = 0;
    /// Records a failed attempt: PENDING again, due at `retry_at`, or DEAD when `retry_at` is
    /// empty; frees the lease.
    virtual Status MarkFailed(Id id, const std::string& error,
                              std::optional<TimePoint> retry_at) = 0;
    /// kNotFound when absent.
    virtual Result<OutboxMessage> Get(Id id) = 0;
    /// Up to `limit` messages in `state`, newest first.
    virtual Result<std::vector<OutboxMessage>> List(MessageState state, int limit) = 0;
    virtual Result<OutboxCounts> Counts() = 0;
    /// A DEAD message becomes PENDING, due at `now`, dead after `dead_after`; kNotFound when
    /// absent, kConflict when it is not DEAD.
    virtual Status Revive(Id id, TimePoint now, TimePoint dead_after) = 0;
};

/// The longest subject.
inline constexpr size_t kMaxSubject = 200;
/// The longest body.
inline constexpr size_t kMaxBody = 100'000;
/// The most recipients (to and cc together).
inline constexpr size_t kMaxRecipients = 50;
/// How long a message is retried before it is DEAD.
inline constexpr std::chrono::hours kRetryFor{24};
/// The right-hand side of every Message-ID.
inline constexpr const char* kMessageIdDomain = "warden.host";

/// Checks `message` (kInvalidInput naming the field: "to", "cc", "subject", "body").
Status Validate(const Message& message);
/// A new random Message-ID: "<8-4-4-4-12 hex uuid v4@warden.host>".
std::string NewMessageId();
/// The PENDING message for `message` enqueued at `now`, due at once (not stored).
OutboxMessage NewOutboxMessage(const Message& message, TimePoint now);

}  // namespace warden::domain::notify
