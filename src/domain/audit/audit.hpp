#pragma once
// The append-only, hash-chained audit log (DOMAIN.md, "Audit").

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace warden::domain {

/// One audit entry. `hash` = HMAC-SHA-256 hex, under the audit key, of AuditEntrySealed (entries
/// written before the chain was keyed: SHA-256 hex of AuditEntryCanonical); prev_hash is the hash
/// of the entry before it on its chain, 64 zeros for a chain's first entry (ADR 0007, ADR 0019).
struct AuditEntry {
    Id seq = 0;
    TimePoint at{};
    std::string actor;    // username, or "system"
    std::string source;   // client address or "cli"
    std::string action;   // e.g. "prisoner.read", "prisoners.import", "user.create"
    std::string subject;  // e.g. "prisoner:A1234BC", "establishment:MDI", "user:jsmith"
    std::string detail;   // codes, ids and counts ("key=value ..."): never free text or secrets
    std::string establishment;  // the establishment the entry concerns, or empty
    std::string prev_hash;
    std::string hash;
};

/// The exact text hashed for an entry of the unkeyed chain: fields joined by '\x1f', in a fixed
/// order (without the establishment, which that chain did not have).
std::string AuditEntryCanonical(const AuditEntry& e);

/// The exact text sealed (HMAC) for an entry of the keyed chain: "v2", the establishment and
/// AuditEntryCanonical, joined by '\x1f'.
std::string AuditEntrySealed(const AuditEntry& e);

/// `detail` with only its codes, ids and counts: the "key=value" tokens whose key is one the log
/// knows to hold codes and whose value is made of letters, digits and "_.:,/+;@-". Everything
/// else (free text, a reason, a witness, a name) is dropped. Applied when an entry is made
/// (NewAuditEntry) and again when entries are shown, for entries written before this rule.
std::string AuditDetailCodes(std::string_view detail);

/// The action prefixes of entries about users, sign-ins, establishments, configuration and the
/// email outbox (retries, test emails): what ADMIN reads in the log.
const std::vector<std::string>& AdministrationAuditActions();

}  // namespace warden::domain
