#include "domain/prisoners/prisoner.hpp"

namespace warden::domain {

namespace {

struct StatusEntry {
    LegalStatus status;
    std::string_view name;
    std::string_view label;
};

constexpr StatusEntry kStatuses[] = {
    {LegalStatus::kRemand, "REMAND", "Remand"},
    {LegalStatus::kConvictedUnsentenced, "CONVICTED_UNSENTENCED", "Convicted, unsentenced"},
    {LegalStatus::kSentenced, "SENTENCED", "Sentenced"},
    {LegalStatus::kRecall, "RECALL", "Recall"},
    {LegalStatus::kImmigrationDetainee, "IMMIGRATION_DETAINEE", "Immigration detainee"},
    {LegalStatus::kCivilPrisoner, "CIVIL_PRISONER", "Civil prisoner"},
    {LegalStatus::kOther, "OTHER", "Other"},
};

struct CategoryEntry {
    SecurityCategory category;
    std::string_view name;
};

constexpr CategoryEntry kCategories[] = {
    {SecurityCategory::kA, "A"}, {SecurityCategory::kB, "B"},     {SecurityCategory::kC, "C"},
    {SecurityCategory::kD, "D"}, {SecurityCategory::kYoi, "YOI"}, {SecurityCategory::kU, "U"},
};

// ASCII case-insensitive equality against an upper-case name.
bool EqualsUpper(std::string_view s, std::string_view upper) {
    if (s.size() != upper.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c != upper[i]) return false;
    }
    return true;
}

}  // namespace

std::string_view LegalStatusName(LegalStatus s) {
    for (const auto& entry : kStatuses) {
        if (entry.status == s) return entry.name;
    }
    return "OTHER";
}

std::optional<LegalStatus> ParseLegalStatus(std::string_view s) {
    for (const auto& entry : kStatuses) {
        if (EqualsUpper(s, entry.name)) return entry.status;
    }
    return std::nullopt;
}

std::string_view LegalStatusLabel(LegalStatus s) {
    for (const auto& entry : kStatuses) {
        if (entry.status == s) return entry.label;
    }
    return "Other";
}

std::string_view SecurityCategoryName(SecurityCategory c) {
    for (const auto& entry : kCategories) {
        if (entry.category == c) return entry.name;
    }
    return "U";
}

std::optional<SecurityCategory> ParseSecurityCategory(std::string_view s) {
    for (const auto& entry : kCategories) {
        if (EqualsUpper(s, entry.name)) return entry.category;
    }
    return std::nullopt;
}

Prisoner SummaryOf(const Prisoner& p) {
    Prisoner out;
    out.prison_number = p.prison_number;
    out.first_name = p.first_name;
    out.last_name = p.last_name;
    out.establishment = p.establishment;
    out.wing = p.wing;
    out.cell = p.cell;
    out.legal_status = p.legal_status;
    out.security_category = p.security_category;
    out.gone = p.gone;
    return out;
}

}  // namespace warden::domain
