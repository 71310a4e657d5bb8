#include "app/outbox_job.hpp"

#include "domain/jobs/jobs.hpp"

namespace warden::app {

std::string OutboxWaitReason(const Config& config) {
    if (!config.smtp_url.empty()) return {};
    return "WARDEN_SMTP_URL is not set, so no email is sent: emails wait in the outbox until an "
           "operator sets WARDEN_SMTP_URL and WARDEN_MAIL_FROM and restarts Warden.";
}

OutboxJob::OutboxJob(const Config& config, domain::Store& store, const Clock& clock,
                     BackgroundJobs& jobs) {
    if (config.smtp_url.empty()) return;
    transport_.emplace(mail::SmtpSettings{config.smtp_url, config.mail_from});
    domain::notify::SenderOptions options;
    options.max_backoff = std::chrono::seconds{config.outbox_max_backoff_seconds};
    options.lease = std::chrono::seconds{config.outbox_lease_seconds};
    sender_.emplace(store, clock, *transport_, options);
    jobs.Add({domain::kSendOutboxJob, domain::kSendOutboxPeriod,
              [this] { return domain::notify::SendOutbox(*sender_); }});
}

}  // namespace warden::app
