#pragma once
// The outbox for its operators (ADMIN): what is pending, sent and dead, retrying a dead message
// and sending a test email (ADR 0006).

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/ports.hpp"

namespace warden::domain::notify {

/// What the outbox page shows.
struct OutboxOverview {
    OutboxCounts counts;
    std::vector<OutboxMessage> pending;  // newest first, at most the page's limit each
    std::vector<OutboxMessage> sent;
    std::vector<OutboxMessage> dead;
    bool sending = false;         // a sender is configured (WARDEN_SMTP_URL)
    std::string why_not_sending;  // when not sending: why, for the page
};

/// Reads and operates the outbox.
class OutboxService {
  public:
    /// Largest list per state.
    static constexpr int kMaxLimit = 500;

    /// `why_not_sending` empty when this process sends the outbox, else the reason to show.
    OutboxService(Store& store, const Clock& clock, std::string why_not_sending);

    /// The counts and the newest `limit` messages of each state (kInvalidInput when not
    /// 1..kMaxLimit). Needs outbox.manage.
    Result<OutboxOverview> Overview(const Actor& by, int limit);
    /// Makes a DEAD message PENDING again (retried for another 24 hours), with an audit entry
    /// in the same transaction. kNotFound, kConflict when it is not DEAD. Needs outbox.manage.
    Status Retry(const Actor& by, Id id);
    /// Most test emails queued at once.
    static constexpr int kMaxTestEmails = 10'000;
    /// Enqueues `count` test emails to `address` in one transaction, with one audit entry;
    /// returns them. Needs outbox.manage; kInvalidInput naming "to" for a bad address or "count"
    /// outside 1..kMaxTestEmails.
    Result<std::vector<OutboxMessage>> SendTest(const Actor& by, const std::string& address,
                                                int count = 1);

  private:
    Store& store_;
    const Clock& clock_;
    std::string why_not_sending_;
};

}  // namespace warden::domain::notify
