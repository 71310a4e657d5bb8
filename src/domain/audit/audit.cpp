#include "domain/audit/audit.hpp"

namespace warden::domain {

std::string AuditEntryCanonical(const AuditEntry& e) {
    constexpr char kSep = '\x1f';
    std::string out;
    out.reserve(64 + e.actor.size() + e.source.size() + e.action.size() + e.subject.size() +
                e.detail.size() + e.prev_hash.size());
    out += std::to_string(e.seq);
    out += kSep;
    out += FormatRfc3339(e.at);
    out += kSep;
    out += e.actor;
    out += kSep;
    out += e.source;
    out += kSep;
    out += e.action;
    out += kSep;
    out += e.subject;
    out += kSep;
    out += e.detail;
    out += kSep;
    out += e.prev_hash;
    return out;
}

}  // namespace warden::domain
