#pragma once
// The outbox sender (ADR 0006): a background job that claims due messages with a lease, hands
// them to the mail transport and records what happened. Delivery is at least once: a sender that
// dies after the SMTP server accepted a message but before it recorded SENT leaves the lease to
// expire, and the message is sent again with the same Message-ID.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/ports.hpp"

namespace warden::domain::notify {

/// Delivers messages (the infrastructure implements it over SMTP with libcurl).
class MailTransport {
  public:
    virtual ~MailTransport() = default;
    /// Sends the messages in order, over one connection where it can; returns one Status per
    /// message tried, Ok once the server accepted it. Error messages carry no secrets. No send
    /// runs longer than `time_left` (the claim's lease: a send still running then could be made
    /// again by another sender that claims the message), so the transport may stop early: the
    /// messages after the last result were not tried.
    virtual std::vector<Status> SendBatch(const std::vector<OutboxMessage>& batch,
                                          std::chrono::seconds time_left) = 0;
};

/// How the sender works.
struct SenderOptions {
    int batch_size = 100;                   // messages claimed and sent together
    std::chrono::seconds lease{300};        // how long a claim holds before another may take it
    std::chrono::seconds max_backoff{300};  // WARDEN_OUTBOX_MAX_BACKOFF_SECONDS
    std::chrono::seconds budget{120};       // Drain stops starting batches after this long
};

/// What the sender did.
struct SendSummary {
    int claimed = 0;
    int sent = 0;
    int retrying = 0;
    int dead = 0;
};

/// The wait before the next attempt after `attempts` failed ones (1, 2, ...): 1 s doubled per
/// attempt, capped at `cap` (at least 1 s), of which the upper half is scaled by `jitter` in
/// [0, 1] ("equal jitter": between half and all of the capped delay).
std::chrono::seconds Backoff(int attempts, std::chrono::seconds cap, double jitter);

/// "12 sent, 1 to retry, 0 dead".
std::string Describe(const SendSummary& summary);

/// Claims, sends and records outbox messages.
class OutboxSender {
  public:
    /// A random number in [0, 1].
    using Jitter = std::function<double()>;
    /// `store`, `clock` and `transport` must outlive the sender; `jitter` defaults to uniform.
    OutboxSender(Store& store, const Clock& clock, MailTransport& transport, SenderOptions options,
                 Jitter jitter = {});

    /// Claims one batch, sends it and records each result (SENT, or PENDING with a backoff, or
    /// DEAD after kRetryFor). `claimed` is 0 when nothing was due.
    Result<SendSummary> SendBatch();
    /// Batches until nothing is due or the budget is spent (the job's work).
    Result<SendSummary> Drain();

  private:
    Store& store_;
    const Clock& clock_;
    MailTransport& transport_;
    SenderOptions options_;
    Jitter jitter_;
};

/// Sends the outbox job's batches; the summary says how many went (for the job log).
Result<std::string> SendOutbox(OutboxSender& sender);

}  // namespace warden::domain::notify
