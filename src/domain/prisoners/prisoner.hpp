#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace warden::domain {

/// NOMIS legal status codes (DOMAIN.md, "Prisoner import").
enum class LegalStatus {
    kRemand,
    kConvictedUnsentenced,
    kSentenced,
    kRecall,
    kImmigrationDetainee,
    kCivilPrisoner,
    kOther,
};
std::string_view LegalStatusName(LegalStatus s);                  // "REMAND"
std::optional<LegalStatus> ParseLegalStatus(std::string_view s);  // case-insensitive
std::string_view LegalStatusLabel(LegalStatus s);                 // "Remand"

/// Security category: A, B, C, D, YOI, U (not yet categorised).
enum class SecurityCategory { kA, kB, kC, kD, kYoi, kU };
std::string_view SecurityCategoryName(SecurityCategory c);                  // "A", "YOI"
std::optional<SecurityCategory> ParseSecurityCategory(std::string_view s);  // case-insensitive

/// A person in custody, as the latest import left them.
struct Prisoner {
    std::string prison_number;
    std::string first_name;
    std::string last_name;
    std::string date_of_birth;  // YYYY-MM-DD
    std::string establishment;
    std::string wing;
    std::string cell;
    LegalStatus legal_status = LegalStatus::kSentenced;
    SecurityCategory security_category = SecurityCategory::kU;
    std::vector<std::string> alerts;  // upper-case codes, sorted, unique
    int phone_finds_12m = 0;
    int phone_adjudications_12m = 0;
    int phone_intel_12m = 0;
    bool gone = false;  // missing from a full extract: released or transferred
    TimePoint updated_at{};
};

/// Filters and paging for an establishment's prisoner list.
struct PrisonerQuery {
    std::string establishment;
    std::string wing;  // empty: every wing
    std::string text;  // matches prison number (prefix) or a name (case-insensitive substring)
    bool include_gone = false;
    int limit = 50;      // 1..500
    std::string cursor;  // opaque; empty for the first page
    /// Only what a list of prisoners shows: prison number, names, establishment, wing, cell,
    /// legal status, security category and gone. The other fields are left at their defaults
    /// (on SQLite the wing's page then reads its index alone, no table page).
    bool summary = false;
};

/// `p` with only the fields of a summary (PrisonerQuery::summary) kept.
Prisoner SummaryOf(const Prisoner& p);

/// One page of prisoners.
struct PrisonerPage {
    std::vector<Prisoner> items;
    std::string next_cursor;  // empty on the last page
    int total = 0;            // matching rows
};

/// Counts of an import, and every rejected line with its reason.
struct ImportRejection {
    int line = 0;
    std::string error;
};
/// A prisoner the import found held at another establishment (and not gone): a transfer in.
struct TransferIn {
    std::string prison_number;
    std::string from;  // the establishment they were held at
};
struct ImportResult {
    int inserted = 0;
    int updated = 0;
    int unchanged = 0;
    int gone = 0;
    std::vector<ImportRejection> rejected;
    std::vector<std::string> wings_created;
    // A full import with rejected lines marks nobody gone (a rejected prisoner is still there).
    bool gone_skipped = false;
    std::vector<TransferIn> transferred_in;  // by prison number
};

}  // namespace warden::domain
