#pragma once
// TMPP handsets (DOMAIN.md, "TMPP: handsets"): the register's entities, the checks on each field,
// and the rules of issue and return as plain functions over loaded data, so that the wing page
// that shows why a button is missing and the service that refuses with a 409 call the same code.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/tmpp/access/access.hpp"

namespace warden::domain {

/// Where a handset is in its life.
enum class HandsetStatus { kAvailable, kIssued, kQuarantined, kDamaged, kLost, kRetired };

/// "AVAILABLE", ...
std::string_view HandsetStatusName(HandsetStatus status);
/// Inverse of HandsetStatusName (exact, upper case).
std::optional<HandsetStatus> ParseHandsetStatus(std::string_view name);
/// Every status, in the order above.
const std::vector<HandsetStatus>& AllHandsetStatuses();

/// A handset of the register. `issued_to` and `issued_at` come from the open issue.
struct Handset {
    std::string tag;  // asset tag, unique across the estate
    std::string imei;
    std::string model;
    std::string iccid;
    std::string phone_number;
    std::string seal;
    std::string establishment;
    std::string home_wing;
    HandsetStatus status = HandsetStatus::kAvailable;
    TimePoint updated_at{};
    std::string issued_to;  // prison number while ISSUED
    std::optional<TimePoint> issued_at;
    std::optional<TimePoint>
        recall_requested_at;  // while ISSUED: the holder's access was withdrawn
};

/// One entry of a handset's timeline.
struct HandsetEvent {
    Id id = 0;
    std::string tag;
    TimePoint at{};
    std::string by;
    std::string what;    // "ADDED", "EDITED", "ISSUED", "RETURNED", "QUARANTINED", ...
    std::string detail;  // human text: the fields changed, the evidence
};

/// One issue of a handset to a prisoner; open until returned.
struct HandsetIssue {
    Id id = 0;
    std::string tag;
    std::string establishment;
    std::string prison_number;
    std::string seal_out;  // the seal the officer read at issue
    std::string issued_by;
    TimePoint issued_at{};
    std::optional<TimePoint> returned_at;
    std::string returned_by;
    std::string seal_seen;
    bool sim_present = true;
    std::string condition;                         // OK or DAMAGED
    std::string outcome;                           // the status the handset went to
    std::optional<TimePoint> recall_requested_at;  // the holder's TMPP access was withdrawn
};

/// A handset with its open issue, if any (HandsetRepository::GetWithOpenIssue).
struct HandsetWithIssue {
    Handset handset;
    std::optional<HandsetIssue> open;
};

/// What a list of handsets asks for; empty fields match everything.
struct HandsetQuery {
    std::string establishment;
    std::optional<HandsetStatus> status;
    std::string wing;
};

/// The default overdue limit of an establishment, in minutes.
inline constexpr int kDefaultOverdueMinutes = 30;

/// True when `digits` is all digits and passes the Luhn check.
bool LuhnValid(std::string_view digits);

/// The fields of a handset as typed, before checking.
struct HandsetInput {
    std::string tag;
    std::string imei;
    std::string model;
    std::string iccid;
    std::string phone_number;
    std::string seal;
    std::string home_wing;
};

/// The input trimmed (tag, seal and wing upper case, spaces removed from the digit fields).
HandsetInput NormaliseHandset(HandsetInput in);
/// One FieldError per failing field, named as the API names it (tag, imei, model, iccid,
/// phone_number, seal, home_wing); empty when all pass. `in` is normalised.
std::vector<FieldError> CheckHandset(const HandsetInput& in);
/// kInvalidInput on "seal" when `seal` is not 1 to 20 letters, digits or '-'.
std::vector<FieldError> CheckSeal(std::string_view seal, const char* field = "seal");

/// kInvalidInput on `field` when `tag` is not 1 to 20 letters, digits or '-'.
std::vector<FieldError> CheckTag(std::string_view tag, const std::string& field = "tag");

/// True when `issued_at` is more than `limit_minutes` before `now`.
bool IsOverdue(TimePoint issued_at, TimePoint now, int limit_minutes);

/// What an issue checks, loaded by the caller.
struct IssueFacts {
    Handset handset;
    std::string establishment;          // the establishment the issue is for (the handset's)
    std::string seal_read;              // normalised
    std::optional<Prisoner> prisoner;   // in the actor's caseload
    std::optional<WingList> wing_list;  // the prisoner's wing's current published list
    std::optional<Grant> grant;         // the prisoner's active grant
    std::optional<HandsetIssue> held;   // the prisoner's open issue
};

/// The first unmet rule of an issue, as the 409's message ("the prisoner is not on wing A's
/// current published list", ...), or nothing when the handset may be issued.
std::optional<std::string> RuleOnIssue(const IssueFacts& facts);

/// A handset's condition at return.
enum class ReturnCondition { kOk, kDamaged };
std::optional<ReturnCondition> ParseReturnCondition(std::string_view name);

/// The kind of draft incident a return calls for (built by the incidents part, issue 10 item 4).
struct DraftIncidentNeeded {
    std::string type;      // SEAL_TAMPERED, SIM_TAMPERED or DAMAGE
    std::string evidence;  // "seal recorded S0001234, seal seen S0009999, SIM present"
};

/// What a return does: the new status and, for a mismatch or damage, the draft incident needed.
struct ReturnOutcome {
    HandsetStatus status = HandsetStatus::kAvailable;
    std::optional<DraftIncidentNeeded> incident;
};

/// The outcome of returning a handset whose recorded seal is `recorded` with `seen`, the SIM
/// present or not, in `condition`: a seal mismatch (SEAL_TAMPERED) or a missing SIM
/// (SIM_TAMPERED) quarantines it, damage makes it DAMAGED, otherwise AVAILABLE.
ReturnOutcome DecideReturn(std::string_view recorded, std::string_view seen, bool sim_present,
                           ReturnCondition condition);

}  // namespace warden::domain
