#pragma once
// Writing a message into the outbox inside the caller's transaction (ADR 0006).

#include "domain/ports.hpp"

namespace warden::domain::notify {

/// Validates `message` and writes it to the outbox of the transaction `repos` belongs to, due at
/// once; returns its id. Call it inside the Store::Write of the event that causes the email: when
/// that transaction rolls back, the message is gone too and nothing is sent.
Result<Id> Enqueue(Repositories& repos, const Message& message, TimePoint now);

}  // namespace warden::domain::notify
