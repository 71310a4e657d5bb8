#pragma once
// The outbox's mail transport over SMTP with libcurl (ADR 0006). Infrastructure: only app wires
// it; core and domain never include curl.

#include <string>
#include <vector>

#include "domain/notify/sender.hpp"

namespace warden::mail {

/// Where and as whom to send.
struct SmtpSettings {
    /// WARDEN_SMTP_URL: "smtp://[user:password@]host[:port]" (STARTTLS when the server offers it)
    /// or "smtps://..." (TLS from the start).
    std::string url;
    /// WARDEN_MAIL_FROM: the envelope sender and From header.
    std::string from;
    long connect_timeout_seconds = 10;
    long timeout_seconds = 30;  // per message
};

/// The URL with its password replaced by "***", for logs and pages.
std::string RedactUrl(const std::string& url);

/// The RFC 5322 text of `message` (CRLF line ends): Date, From, To, Cc, Subject (RFC 2047 when
/// not ASCII), Message-ID, MIME headers and the body (quoted-printable when not plain ASCII
/// lines of at most 998 bytes). `date` is the Date header's value.
std::string FormatMessage(const domain::notify::OutboxMessage& message, const std::string& from,
                          const std::string& date);

/// RFC 5322 date of `t` in UTC: "Mon, 30 Nov 2026 15:48:06 +0000".
std::string MailDate(TimePoint t);

/// Sends over SMTP with one libcurl handle per batch, so the batch shares one connection.
class SmtpTransport final : public domain::notify::MailTransport {
  public:
    explicit SmtpTransport(SmtpSettings settings);
    /// Sends each message in order; after a failure to reach or log in to the server the rest
    /// of the batch fails with the same reason without being tried. Each send's timeouts are cut
    /// to what is left of `time_left`, and no send starts with less than a second left.
    std::vector<Status> SendBatch(const std::vector<domain::notify::OutboxMessage>& batch,
                                  std::chrono::seconds time_left) override;

  private:
    SmtpSettings settings_;
};

}  // namespace warden::mail
