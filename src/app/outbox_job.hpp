#pragma once
// The outbox sender job of `warden serve` (ADR 0006): SMTP over libcurl, added to the
// background jobs only when WARDEN_SMTP_URL is set.

#include <optional>
#include <string>

#include "app/background_jobs.hpp"
#include "app/config.hpp"
#include "domain/notify/sender.hpp"
#include "mail/smtp_transport.hpp"

namespace warden::app {

/// Empty when WARDEN_SMTP_URL is set, else why emails wait (for the outbox page).
std::string OutboxWaitReason(const Config& config);

/// Owns the transport and the sender, and adds the `outbox.send` job to `jobs` when the
/// configuration names an SMTP server. Stop the jobs before it is destroyed.
class OutboxJob {
  public:
    OutboxJob(const Config& config, domain::Store& store, const Clock& clock, BackgroundJobs& jobs);
    OutboxJob(const OutboxJob&) = delete;
    OutboxJob& operator=(const OutboxJob&) = delete;

  private:
    std::optional<mail::SmtpTransport> transport_;
    std::optional<domain::notify::OutboxSender> sender_;
};

}  // namespace warden::app
