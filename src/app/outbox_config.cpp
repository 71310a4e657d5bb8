#include "app/config.hpp"
#include "core/strings.hpp"
#include "core/validation.hpp"

namespace warden::app {

Status LoadOutboxConfig(const std::function<const char*(const char*)>& getenv, Config& config) {
    const auto get = [&](const char* name) {
        const char* v = getenv(name);
        return v ? std::string(v) : std::string();
    };
    config.smtp_url = get("WARDEN_SMTP_URL");
    if (!config.smtp_url.empty() && config.smtp_url.rfind("smtp://", 0) != 0 &&
        config.smtp_url.rfind("smtps://", 0) != 0) {
        return Error::Invalid(
            "WARDEN_SMTP_URL must be smtp://[USER:PASSWORD@]HOST[:PORT] or smtps://...");
    }
    config.mail_from = get("WARDEN_MAIL_FROM");
    if (!config.mail_from.empty() && !IsEmail(config.mail_from)) {
        return Error::Invalid("WARDEN_MAIL_FROM must be an email address");
    }
    if (!config.smtp_url.empty() && config.mail_from.empty()) {
        return Error::Invalid(
            "WARDEN_MAIL_FROM must be set to the sender's address when WARDEN_SMTP_URL is set");
    }
    if (auto monitoring = get("WARDEN_MONITORING_EMAIL"); !monitoring.empty()) {
        if (!IsEmail(monitoring)) {
            return Error::Invalid("WARDEN_MONITORING_EMAIL must be an email address");
        }
        config.monitoring_email = monitoring;
    }
    if (auto backoff = get("WARDEN_OUTBOX_MAX_BACKOFF_SECONDS"); !backoff.empty()) {
        const int n = ParseNonNegativeInt(backoff);
        if (n < 1 || n > 86'400) {
            return Error::Invalid(
                "WARDEN_OUTBOX_MAX_BACKOFF_SECONDS must be a number from 1 to 86400");
        }
        config.outbox_max_backoff_seconds = n;
    }
    if (auto lease = get("WARDEN_OUTBOX_LEASE_SECONDS"); !lease.empty()) {
        const int n = ParseNonNegativeInt(lease);
        if (n < 5 || n > 3600) {
            return Error::Invalid("WARDEN_OUTBOX_LEASE_SECONDS must be a number from 5 to 3600");
        }
        config.outbox_lease_seconds = n;
    }
    return Ok();
}

}  // namespace warden::app
