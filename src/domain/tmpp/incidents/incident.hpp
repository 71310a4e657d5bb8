#pragma once
// TMPP incident reports (DOMAIN.md, "TMPP: incidents, notifications and sanctions"): the entity,
// its types and states, the establishment reference, and the checks on what staff type.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace warden::domain {

/// What happened.
enum class IncidentType {
    kSealTampered,
    kSimTampered,
    kDamage,
    kLoss,
    kMisuse,
    kNonCompliance,
    kOther
};
/// "SEAL_TAMPERED", ...
std::string_view IncidentTypeName(IncidentType type);
/// Inverse of IncidentTypeName (exact, upper case).
std::optional<IncidentType> ParseIncidentType(std::string_view name);

/// Where an incident is in its chain: DRAFT → REPORTED → RIU_NOTIFIED → CLOSED, or
/// NOT_REPORTABLE (from DRAFT, with a reason).
enum class IncidentStatus { kDraft, kReported, kRiuNotified, kClosed, kNotReportable };
/// "DRAFT", ...
std::string_view IncidentStatusName(IncidentStatus status);
/// Inverse of IncidentStatusName (exact, upper case).
std::optional<IncidentStatus> ParseIncidentStatus(std::string_view name);

/// An incident report.
struct Incident {
    Id id = 0;
    std::string reference;  // "MDI-TMPP-2026-00042": per establishment and year, never reused
    std::string establishment;
    std::string wing;  // may be empty
    IncidentType type = IncidentType::kOther;
    IncidentStatus status = IncidentStatus::kDraft;
    std::string handset;                 // asset tag, may be empty
    std::vector<std::string> prisoners;  // prison numbers involved
    std::optional<TimePoint> occurred_at;
    TimePoint discovered_at{};
    std::string reporter;     // username of whoever raised it (or whose return opened it)
    std::string description;  // always starts "TMPP" (TmppDescription)
    std::string local_ir_number;
    std::string evidence;  // what a return or a stocktake saw: "seal recorded S1, seal seen S2"
    TimePoint created_at{};
    std::optional<TimePoint> reported_at;
    std::optional<TimePoint> riu_notified_at;
    std::optional<TimePoint> closed_at;
    std::string outcome;             // why it closed (staff text, never emailed or audited)
    std::string no_prisoner_reason;  // closing a tampering incident with no prisoner identified
    TimePoint updated_at{};
};

/// True for the types whose closing needs the minimum sanctions (withdrawal and placed on
/// report) or a reason that no prisoner could be identified: SEAL_TAMPERED, SIM_TAMPERED,
/// MISUSE and NON_COMPLIANCE.
bool NeedsMinimumSanctions(IncidentType type);
/// Whether `incident` may close with a reason that no prisoner could be identified instead of
/// the minimum sanctions: its type needs them and it names no prisoner (a prisoner it names was
/// identified, so their sanctions are needed).
bool TakesNoPrisonerReason(const Incident& incident);

/// One step of an incident's timeline; `outbox_id` names the email the step enqueued, if any.
struct IncidentEvent {
    Id id = 0;
    Id incident_id = 0;
    TimePoint at{};
    std::string by;
    std::string what;    // "DRAFTED", "RAISED", "REPORTED", "NOT_REPORTABLE", ...
    std::string detail;  // human text
    Id outbox_id = 0;
};

/// "MDI-TMPP-2026-00042": the establishment, TMPP, the year and the number, five digits.
std::string IncidentReference(std::string_view establishment, int year, int number);
/// True when `reference` has the shape IncidentReference makes (upper case).
bool IsIncidentReference(std::string_view reference);

/// `description` trimmed, prefixed with "TMPP: " unless it already starts with "TMPP" (the notice
/// requires every incident's content to carry TMPP).
std::string TmppDescription(std::string_view description);

/// What staff type to raise an incident, or to complete a draft, before checking. Empty times
/// mean "not given".
struct IncidentInput {
    std::string type;
    std::string establishment;
    std::string wing;
    std::string handset;
    std::vector<std::string> prisoners;
    std::string occurred_at;    // RFC 3339
    std::string discovered_at;  // RFC 3339
    std::string description;
    std::string local_ir_number;
};

/// The most characters a description may have.
inline constexpr size_t kMaxIncidentDescription = 4000;

/// Checks the fields that do not need the database, named as the API names them (type,
/// establishment, wing, handset, prisoners, occurred_at, discovered_at, description,
/// local_ir_number); fills `out` with the parsed values. `need_type` is false when completing a
/// draft (its type is fixed). Times after `now` are refused.
std::vector<FieldError> CheckIncidentInput(const IncidentInput& in, bool need_type, TimePoint now,
                                           Incident& out);

}  // namespace warden::domain
