#include "domain/establishments/establishment.hpp"

namespace warden::domain {

namespace {

struct KindEntry {
    LocationKind kind;
    std::string_view name;
    std::string_view label;
};

constexpr KindEntry kKinds[] = {
    {LocationKind::kStandard, "STANDARD", "Standard"},
    {LocationKind::kIsolation, "ISOLATION", "Isolation"},
    {LocationKind::kShielding, "SHIELDING", "Shielding"},
    {LocationKind::kReverseCohort, "REVERSE_COHORT", "Reverse cohort (new arrivals)"},
    {LocationKind::kHealthcare, "HEALTHCARE", "Healthcare"},
    {LocationKind::kSegregation, "SEGREGATION", "Segregation"},
};

}  // namespace

std::string_view LocationKindName(LocationKind kind) {
    for (const auto& entry : kKinds) {
        if (entry.kind == kind) return entry.name;
    }
    return "STANDARD";
}

std::optional<LocationKind> ParseLocationKind(std::string_view name) {
    for (const auto& entry : kKinds) {
        if (entry.name == name) return entry.kind;
    }
    return std::nullopt;
}

std::string_view LocationKindLabel(LocationKind kind) {
    for (const auto& entry : kKinds) {
        if (entry.kind == kind) return entry.label;
    }
    return "Standard";
}

}  // namespace warden::domain
