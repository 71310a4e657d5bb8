#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::domain {

/// A group of establishments with a Regional Intelligence Unit.
struct Region {
    std::string code;
    std::string name;
    std::string riu_email;
};

/// The kind of a wing or unit.
enum class LocationKind {
    kStandard,
    kIsolation,
    kShielding,
    kReverseCohort,
    kHealthcare,
    kSegregation
};
/// "STANDARD", "ISOLATION", "SHIELDING", "REVERSE_COHORT", "HEALTHCARE", "SEGREGATION".
std::string_view LocationKindName(LocationKind kind);
std::optional<LocationKind> ParseLocationKind(std::string_view name);
/// "Standard", "Reverse cohort (new arrivals)", ... for pages.
std::string_view LocationKindLabel(LocationKind kind);

/// A wing or unit inside an establishment.
struct Location {
    std::string establishment;
    std::string code;
    LocationKind kind = LocationKind::kStandard;
    int prisoner_count = 0;  // filled by listings; not stored
};

/// A prison, keyed by its agency code.
struct Establishment {
    std::string code;
    std::string name;
    std::string region_code;
    std::string spoc_email;
    std::string security_email;
    int phase = 0;                // 0 = TMPP not in use
    std::vector<Location> wings;  // filled by Get; not by List
};

}  // namespace warden::domain
