#include "domain/notify/outbox.hpp"

#include <array>
#include <cstdio>
#include <mutex>
#include <random>

#include "core/validation.hpp"
#include "domain/notify/enqueue.hpp"
#include "domain/service_support.hpp"

namespace warden::domain::notify {

namespace {

bool HasLineBreak(std::string_view s) {
    return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

Status CheckAddresses(const std::vector<std::string>& addresses, const char* field) {
    for (const auto& address : addresses) {
        if (!IsEmail(address)) {
            return FieldsError({{field, std::string("'") + Clip(address) + "' in " + field +
                                            " is not an email address"}});
        }
    }
    return Ok();
}

}  // namespace

std::string_view StateName(MessageState state) {
    switch (state) {
        case MessageState::kPending:
            return "PENDING";
        case MessageState::kSent:
            return "SENT";
        case MessageState::kDead:
            return "DEAD";
    }
    return "PENDING";
}

std::optional<MessageState> ParseState(std::string_view name) {
    for (auto state : {MessageState::kPending, MessageState::kSent, MessageState::kDead}) {
        if (StateName(state) == name) return state;
    }
    return std::nullopt;
}

Status Validate(const Message& message) {
    if (message.to.empty()) {
        return FieldsError({{"to", "Enter at least one address to send the email to"}});
    }
    if (message.to.size() + message.cc.size() > kMaxRecipients) {
        return FieldsError({{"to", "An email can have at most " + std::to_string(kMaxRecipients) +
                                       " recipients"}});
    }
    WARDEN_TRY(CheckAddresses(message.to, "to"));
    WARDEN_TRY(CheckAddresses(message.cc, "cc"));
    if (message.subject.empty() || message.subject.size() > kMaxSubject ||
        HasLineBreak(message.subject)) {
        return FieldsError({{"subject", "Enter a subject of one line, at most " +
                                            std::to_string(kMaxSubject) + " characters"}});
    }
    if (message.body.empty() || message.body.size() > kMaxBody) {
        return FieldsError(
            {{"body", "Enter a body of at most " + std::to_string(kMaxBody) + " characters"}});
    }
    if (HasLineBreak(message.kind) || HasLineBreak(message.reference)) {
        return FieldsError({{"kind", "The kind and reference are one line each"}});
    }
    return Ok();
}

std::string NewMessageId() {
    static std::mutex mutex;
    static std::mt19937_64 random{std::random_device{}()};
    std::array<std::uint64_t, 2> bits{};
    {
        std::lock_guard lock(mutex);
        bits = {random(), random()};
    }
    // UUID version 4, variant 1.
    bits[0] = (bits[0] & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    bits[1] = (bits[1] & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    std::array<char, 40> text{};
    std::snprintf(text.data(), text.size(), "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(bits[0] >> 32),
                  static_cast<unsigned long long>((bits[0] >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(bits[0] & 0xFFFF),
                  static_cast<unsigned long long>(bits[1] >> 48),
                  static_cast<unsigned long long>(bits[1] & 0xFFFFFFFFFFFFULL));
    return "<" + std::string(text.data()) + "@" + kMessageIdDomain + ">";
}

OutboxMessage NewOutboxMessage(const Message& message, TimePoint now) {
    OutboxMessage m;
    m.message_id = NewMessageId();
    m.to = message.to;
    m.cc = message.cc;
    m.subject = message.subject;
    m.body = message.body;
    m.kind = message.kind;
    m.reference = message.reference;
    m.created_at = now;
    m.state = MessageState::kPending;
    m.next_attempt_at = now;
    m.dead_after = now + kRetryFor;
    return m;
}

Result<Id> Enqueue(Repositories& repos, const Message& message, TimePoint now) {
    WARDEN_TRY(Validate(message));
    return repos.outbox.Add(NewOutboxMessage(message, now));
}

}  // namespace warden::domain::notify
