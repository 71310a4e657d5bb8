#include "domain/notify/sender.hpp"

#include <algorithm>
#include <mutex>
#include <random>

namespace warden::domain::notify {

namespace {

double UniformJitter() {
    static std::mutex mutex;
    static std::mt19937_64 random{std::random_device{}()};
    std::lock_guard lock(mutex);
    return std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

std::string Plural(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::chrono::seconds Backoff(int attempts, std::chrono::seconds cap, double jitter) {
    const std::int64_t limit = std::max<std::int64_t>(1, cap.count());
    std::int64_t delay = 1;
    for (int i = 1; i < attempts && delay < limit; ++i) delay *= 2;
    delay = std::min(delay, limit);
    jitter = std::clamp(jitter, 0.0, 1.0);
    const std::int64_t half = delay / 2;
    return std::chrono::seconds{std::max<std::int64_t>(
        1, delay - half + static_cast<std::int64_t>(jitter * static_cast<double>(half)))};
}

std::string Describe(const SendSummary& summary) {
    return Plural(summary.sent, "email sent", "emails sent") + ", " +
           std::to_string(summary.retrying) + " to retry, " + std::to_string(summary.dead) +
           " dead";
}

OutboxSender::OutboxSender(Store& store, const Clock& clock, MailTransport& transport,
                           SenderOptions options, Jitter jitter)
    : store_(store),
      clock_(clock),
      transport_(transport),
      options_(options),
      jitter_(jitter ? std::move(jitter) : Jitter(UniformJitter)) {}

Result<SendSummary> OutboxSender::SendBatch() {
    SendSummary summary;
    std::vector<OutboxMessage> batch;
    const TimePoint claimed_at = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(batch, repos.outbox.Claim(claimed_at, claimed_at + options_.lease,
                                                          options_.batch_size));
        return Ok();
    }));
    summary.claimed = static_cast<int>(batch.size());
    if (batch.empty()) return summary;

    // The sends end before the lease does (a second short of it, for the clocks of other
    // senders): a message another sender claims after the lease is not also being sent here.
    const auto time_left = std::chrono::duration_cast<std::chrono::seconds>(
        options_.lease - (clock_.Now() - claimed_at) - std::chrono::seconds{1});
    std::vector<Status> results = transport_.SendBatch(batch, time_left);
    const size_t tried = std::min(results.size(), batch.size());
    const TimePoint now = clock_.Now();
    std::vector<Id> sent;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        sent.clear();
        summary.retrying = summary.dead = 0;
        for (size_t i = 0; i < batch.size(); ++i) {
            if (i >= tried) {  // not tried before the lease ran out: due again now
                WARDEN_TRY(repos.outbox.MarkFailed(
                    batch[i].id, "Not tried: the batch's claim ran out of time", now));
                ++summary.retrying;
                continue;
            }
            if (results[i].ok()) {
                sent.push_back(batch[i].id);
                continue;
            }
            std::optional<TimePoint> retry_at;
            if (now < batch[i].dead_after) {
                retry_at = now + Backoff(batch[i].attempts, options_.max_backoff, jitter_());
                ++summary.retrying;
            } else {
                ++summary.dead;
            }
            WARDEN_TRY(repos.outbox.MarkFailed(batch[i].id, results[i].error().message, retry_at));
        }
        return repos.outbox.MarkSent(sent, now);
    }));
    summary.sent = static_cast<int>(sent.size());
    return summary;
}

Result<SendSummary> OutboxSender::Drain() {
    SendSummary total;
    const auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - started < options_.budget) {
        WARDEN_ASSIGN_OR_RETURN(SendSummary batch, SendBatch());
        total.claimed += batch.claimed;
        total.sent += batch.sent;
        total.retrying += batch.retrying;
        total.dead += batch.dead;
        if (batch.claimed < options_.batch_size) break;
    }
    return total;
}

Result<std::string> SendOutbox(OutboxSender& sender) {
    WARDEN_ASSIGN_OR_RETURN(SendSummary summary, sender.Drain());
    return Describe(summary);
}

}  // namespace warden::domain::notify
