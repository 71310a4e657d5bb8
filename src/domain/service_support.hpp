#pragma once
// Helpers shared by the domain services (audit entries, field errors); permission checks are
// the policy's Require.

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/people/roles.hpp"
#include "domain/policy/policy.hpp"

namespace warden::domain {

/// The establishment an audit subject names: "establishment:MDI" and "wing:MDI/A" give "MDI";
/// any other subject gives "".
inline std::string EstablishmentOfSubject(std::string_view subject) {
    for (std::string_view prefix : {"establishment:", "wing:"}) {
        if (subject.substr(0, prefix.size()) == prefix) {
            const std::string_view rest = subject.substr(prefix.size());
            return std::string(rest.substr(0, rest.find('/')));
        }
    }
    return {};
}

/// An audit entry for `by` at `now` (seq and hashes are set by the log). The detail keeps only
/// its codes, ids and counts (AuditDetailCodes); the establishment is the subject's, if any.
inline AuditEntry NewAuditEntry(const Actor& by, TimePoint now, std::string action,
                                std::string subject, std::string_view detail = {}) {
    AuditEntry e;
    e.at = now;
    e.actor = by.username;
    e.source = by.source.empty() ? (by.system ? "cli" : "unknown") : by.source;
    e.action = std::move(action);
    e.establishment = EstablishmentOfSubject(subject);
    e.subject = std::move(subject);
    e.detail = AuditDetailCodes(detail);
    return e;
}

/// An audit entry about the prisoner `number` held at `establishment`.
inline AuditEntry NewPrisonerAuditEntry(const Actor& by, TimePoint now, std::string action,
                                        const std::string& number, std::string establishment,
                                        std::string_view detail = {}) {
    AuditEntry e = NewAuditEntry(by, now, std::move(action), "prisoner:" + number, detail);
    e.establishment = std::move(establishment);
    return e;
}

/// kInvalidInput carrying `fields`, with the first field's message as the summary.
inline Error FieldsError(std::vector<FieldError> fields) {
    std::string message = fields.empty() ? "There is a problem" : fields.front().message;
    return Error::Invalid(std::move(message), std::move(fields));
}

/// `value` cut to at most `max` bytes for quoting in a message (never inside a UTF-8 sequence).
inline std::string Clip(std::string_view value, size_t max = 40) {
    if (value.size() <= max) return std::string(value);
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    return std::string(value.substr(0, cut)) + "...";
}

}  // namespace warden::domain
