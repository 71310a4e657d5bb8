#include "domain/notify/outbox_service.hpp"

#include "domain/notify/enqueue.hpp"
#include "domain/service_support.hpp"

namespace warden::domain::notify {

OutboxService::OutboxService(Store& store, const Clock& clock, std::string why_not_sending)
    : store_(store), clock_(clock), why_not_sending_(std::move(why_not_sending)) {}

Result<OutboxOverview> OutboxService::Overview(const Actor& by, int limit) {
    WARDEN_TRY(Require(by, Action::kOutboxManage));
    if (limit < 1 || limit > kMaxLimit) {
        return FieldsError(
            {{"limit", "The limit must be between 1 and " + std::to_string(kMaxLimit)}});
    }
    OutboxOverview view;
    view.sending = why_not_sending_.empty();
    view.why_not_sending = why_not_sending_;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(view.counts, repos.outbox.Counts());
        WARDEN_ASSIGN_OR_RETURN(view.pending, repos.outbox.List(MessageState::kPending, limit));
        WARDEN_ASSIGN_OR_RETURN(view.sent, repos.outbox.List(MessageState::kSent, limit));
        WARDEN_ASSIGN_OR_RETURN(view.dead, repos.outbox.List(MessageState::kDead, limit));
        return Ok();
    }));
    return view;
}

Status OutboxService::Retry(const Actor& by, Id id) {
    WARDEN_TRY(Require(by, Action::kOutboxManage));
    const TimePoint now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(OutboxMessage message, repos.outbox.Get(id));
        if (message.state != MessageState::kDead) {
            return Error::Conflict("Email " + std::to_string(id) + " is " +
                                   std::string(StateName(message.state)) +
                                   ", not DEAD: only a dead email can be retried");
        }
        WARDEN_TRY(repos.outbox.Revive(id, now, now + kRetryFor));
        return repos.audit.Append(NewAuditEntry(by, now, "outbox.retry",
                                                "outbox:" + std::to_string(id), "state=PENDING"));
    });
}

Result<std::vector<OutboxMessage>> OutboxService::SendTest(const Actor& by,
                                                           const std::string& address, int count) {
    WARDEN_TRY(Require(by, Action::kOutboxManage));
    if (count < 1 || count > kMaxTestEmails) {
        return FieldsError({{"count", "The number of test emails must be between 1 and " +
                                          std::to_string(kMaxTestEmails)}});
    }
    const TimePoint now = clock_.Now();
    Message message;
    message.to = {address};
    message.subject = "Warden test email";
    message.body = "This is a test email from Warden, sent by " + by.username + " at " +
                   FormatRfc3339(now) +
                   ".\r\n\r\nIf it arrived, Warden's outbox can deliver email to this address.\r\n";
    message.kind = "outbox.test";
    message.reference = "test";
    WARDEN_TRY(Validate(message));
    std::vector<OutboxMessage> queued;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        queued.clear();
        for (int i = 0; i < count; ++i) {
            OutboxMessage stored = NewOutboxMessage(message, now);
            WARDEN_ASSIGN_OR_RETURN(stored.id, repos.outbox.Add(stored));
            queued.push_back(std::move(stored));
        }
        return repos.audit.Append(NewAuditEntry(by, now, "outbox.send-test",
                                                "outbox:" + std::to_string(queued.front().id),
                                                "count=" + std::to_string(count)));
    }));
    return queued;
}

}  // namespace warden::domain::notify
