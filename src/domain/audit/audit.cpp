#include "domain/audit/audit.hpp"

#include <algorithm>
#include <iterator>

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

namespace {

// The detail keys that hold codes, ids, dates or counts (never free text).
constexpr std::string_view kCodeKeys[] = {
    "added",
    "amber_at",
    "assessed",
    "band",
    "caseload",
    "compact_version",
    "conditions",
    "count",
    "decisions_for_review",
    "ended",
    "entries",
    "establishment",
    "expires",
    "failed",
    "filter",
    "format",
    "from",
    "gone",
    "gone_skipped",
    "grants_for_review",
    "inserted",
    "kind",
    "legacy_through",
    "limit",
    "locked",
    "max",
    "need",
    "page",
    "partial",
    "phase",
    "prison_number",
    "previous",
    "recommended",
    "red_at",
    "region",
    "rejected",
    "removed",
    "requires_resign",
    "result",
    "review_on",
    "roles",
    "rules",
    "rules_version",
    "search",
    "signed_on",
    "sort",
    "state",
    "status",
    "to",
    "unchanged",
    "updated",
    "version",
    "wing",
    "wings",
    "wings_created",
    "band_filter",
    "next",
    "dir",
    "offset",
    "total",
    "needs",
    "events",
    "recommendation",
    "decision",
    "stale",
    "all_met",
    "token",
    "id",
    "fields",
    "outcome",
    // TMPP handsets and incidents (codes: asset tags, seal numbers, references, states)
    "handset",
    "seal",
    "seal_seen",
    "sim",
    "condition",
    "reference",
    "type",
    "incident",
    "grant",
    "transferred_in",
    "iso_week",
    // Digital demand: the estate view and groups of proposals (ids and counts)
    "group",
    "groups",
    "lead",
    "proposals",
    // TMPP sanctions (the prisoner sanctioned and the adjudication reference: codes)
    "sanctioned",
    "adjudication",
    // TMPP stocktakes and the monitoring view (ids, counts and the reader's scope: codes)
    "stocktake",
    "seen",
    "missing",
    "unknown",
    "seal_mismatches",
    "seals_not_checked",
    "out",
    "lost",
    "quarantined",
    "scope",
    "establishments",
    "incidents",
    "overdue",
};

bool IsCodeKey(std::string_view key) {
    return std::find(std::begin(kCodeKeys), std::end(kCodeKeys), key) != std::end(kCodeKeys);
}

bool IsCodeValue(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("_.:,/+;@-").find(c) != std::string_view::npos;
    });
}

}  // namespace

std::string AuditDetailCodes(std::string_view detail) {
    std::string out;
    size_t pos = 0;
    while (pos < detail.size()) {
        size_t end = detail.find(' ', pos);
        if (end == std::string_view::npos) end = detail.size();
        const std::string_view token = detail.substr(pos, end - pos);
        pos = end + 1;
        const size_t eq = token.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        if (!IsCodeKey(token.substr(0, eq)) || !IsCodeValue(token.substr(eq + 1))) continue;
        if (!out.empty()) out += ' ';
        out += token;
    }
    return out;
}

const std::vector<std::string>& AdministrationAuditActions() {
    static const std::vector<std::string> kActions = {"auth.",
                                                      "user.",
                                                      "token.",
                                                      "region.",
                                                      "wing.",
                                                      "establishment.",
                                                      "tmpp.risk_rules.",
                                                      "tmpp.compact.version_added",
                                                      "audit.",
                                                      "tmpp.phase.set",
                                                      "tmpp.phase_table.set",
                                                      "outbox."};
    return kActions;
}

std::string AuditEntrySealed(const AuditEntry& e) {
    return "v2\x1f" + e.establishment + '\x1f' + AuditEntryCanonical(e);
}

}  // namespace warden::domain
