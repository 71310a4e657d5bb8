#pragma once
// The append-only, hash-chained audit log (DOMAIN.md, "Audit").

#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace warden::domain {

/// One audit entry. `hash` = SHA-256 hex over prev_hash and the other fields (see
/// AuditEntryCanonical); the first entry's prev_hash is 64 zeros.
struct AuditEntry {
    Id seq = 0;
    TimePoint at{};
    std::string actor;    // username, or "system"
    std::string source;   // client address or "cli"
    std::string action;   // e.g. "prisoner.read", "prisoners.import", "user.create"
    std::string subject;  // e.g. "prisoner:A1234BC", "establishment:MDI", "user:jsmith"
    std::string detail;   // short JSON or text, never secrets
    std::string prev_hash;
    std::string hash;
};

/// The exact text hashed for an entry: fields joined by '\x1f', in a fixed order.
std::string AuditEntryCanonical(const AuditEntry& e);

}  // namespace warden::domain
