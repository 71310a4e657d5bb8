#pragma once
// Sanctions recorded against a prisoner involved in a TMPP incident (DOMAIN.md, "TMPP: incidents,
// notifications and sanctions"; issue 10 item 7): the kinds, the adjudication reference, the
// checks on what Security types, what closing still needs, and the 48-hour "placed on report"
// deadline.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/tmpp/incidents/incident.hpp"

namespace warden::domain {

/// What was done: withdrawal from TMPP, placed on report (an adjudication referral), or another
/// sanction described in words.
enum class SanctionKind { kWithdrawal, kPlacedOnReport, kOther };
/// "WITHDRAWAL", "PLACED_ON_REPORT", "OTHER".
std::string_view SanctionKindName(SanctionKind kind);
/// Inverse of SanctionKindName (exact, upper case).
std::optional<SanctionKind> ParseSanctionKind(std::string_view name);

/// One sanction against one prisoner of one incident.
struct Sanction {
    Id id = 0;
    Id incident_id = 0;
    std::string prison_number;
    SanctionKind kind = SanctionKind::kOther;
    std::string reference;    // PLACED_ON_REPORT: the adjudication reference, "MDI-000123"
    std::string description;  // OTHER: what it is (staff text, never emailed or audited)
    std::string recorded_by;
    TimePoint recorded_at{};
};

/// What Security types to record a sanction, before checking.
struct SanctionInput {
    std::string prisoner;     // prison number
    std::string kind;         // WITHDRAWAL, PLACED_ON_REPORT or OTHER
    std::string reference;    // the adjudication reference (PLACED_ON_REPORT)
    std::string description;  // OTHER
};

/// True for an adjudication reference: an establishment code, '-', six digits ("MDI-000123").
bool IsAdjudicationReference(std::string_view reference);

/// Checks `in` against `incident` (the prisoner must be one it names), field by field as the API
/// names them (prisoner, kind, reference, description); fills `out` (prison number, kind,
/// reference, description).
std::vector<FieldError> CheckSanctionInput(const SanctionInput& in, const Incident& incident,
                                           Sanction& out);

/// A prisoner of an incident and the minimum sanctions still missing for them.
struct MissingSanctions {
    std::string prison_number;
    std::vector<SanctionKind> kinds;  // WITHDRAWAL and/or PLACED_ON_REPORT
};

/// What closing `incident` still needs: for a type that needs the minimum sanctions
/// (NeedsMinimumSanctions), each prisoner without both a WITHDRAWAL and a PLACED_ON_REPORT among
/// `sanctions`; empty otherwise.
std::vector<MissingSanctions> MissingForClose(const Incident& incident,
                                              const std::vector<Sanction>& sanctions);

/// "A1234BC has no PLACED_ON_REPORT; B2345CD has no WITHDRAWAL or PLACED_ON_REPORT".
std::string DescribeMissing(const std::vector<MissingSanctions>& missing);

/// How long after discovery placing on report may take.
inline constexpr std::chrono::hours kPlacedOnReportWithin{48};

/// When placing on report is due for `incident`: discovery + 48 hours, while it is REPORTED or
/// RIU_NOTIFIED, of a type that needs the minimum sanctions, with no no-prisoner reason and a
/// prisoner named without a PLACED_ON_REPORT among `sanctions`; nullopt otherwise.
std::optional<TimePoint> PlacedOnReportDueBy(const Incident& incident,
                                             const std::vector<Sanction>& sanctions);

}  // namespace warden::domain
