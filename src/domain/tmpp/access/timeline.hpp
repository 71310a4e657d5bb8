#pragma once
// A prisoner's TMPP access timeline as typed events: what happened (a kind) and its named fields
// (band, reason, need, phase, conditions, ...). Events are stored as text (AccessEvent's `what` and
// `why`, "key=value key=value"); EncodeEvent and DecodeEvent are the one place that text is
// written and read.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/tmpp/access/access.hpp"

namespace warden::domain {

/// What happened on a prisoner's access timeline.
enum class EventKind {
    kNeedRecorded,        // need.recorded
    kCompactSigned,       // compact.signed
    kDecisionConfirmed,   // decision.confirmed
    kDecisionOverridden,  // decision.overridden
    kDecisionReview,      // decision.review
    kAccessGranted,       // access.granted
    kAccessWithdrawn,     // access.withdrawn
    kAccessEnded,         // access.ended
    kGrantReview,         // grant.review
    kDecisionExpired,     // decision.expired (by the scheduler)
};
/// "need.recorded", "compact.signed", ... (the stored `what`, also the audit action after "tmpp.").
std::string_view EventKindName(EventKind kind);
/// Inverse of EventKindName (exact).
std::optional<EventKind> ParseEventKind(std::string_view name);

/// One event on a prisoner's access timeline. Which fields are set depends on the kind:
///   need.recorded       need, detail (for OTHER, or empty)
///   compact.signed      compact_version, signed_on, witnessed_by
///   decision.confirmed  band, recommended (when there was a recommendation), reason (may be
///   decision.overridden   empty), expires
///   access.granted      phase, band, conditions, review_on
///   access.withdrawn    reason, incident (may be empty)
///   decision.review, grant.review, access.ended, decision.expired: reason (free text, why)
struct TimelineEvent {
    Id id = 0;
    std::string prison_number;
    TimePoint at{};
    std::string by;
    EventKind kind = EventKind::kNeedRecorded;

    std::optional<NeedKind> need;
    std::string detail;
    int compact_version = 0;
    std::string signed_on;  // YYYY-MM-DD
    std::string witnessed_by;
    std::optional<RiskBand> band;
    std::optional<RiskBand> recommended;
    std::string reason;
    std::string expires;  // YYYY-MM-DD
    int phase = 0;
    std::vector<std::string> conditions;
    std::string review_on;  // YYYY-MM-DD
    std::string incident;
};

/// One field of an event, in the order the event states them, for showing or storing.
struct EventField {
    enum class Key {
        kNeed,
        kDetail,
        kCompactVersion,
        kSignedOn,
        kWitnessedBy,
        kBand,
        kRecommended,
        kReason,
        kExpires,
        kPhase,
        kConditions,
        kReviewOn,
        kIncident,
        kNote,  // the free text of a review or an end, shown without a label
    };
    Key key;
    std::string value;  // as text: "GREEN", "2027-02-20", "SUPERVISED_USE,OTHER", ...

    bool operator==(const EventField&) const = default;
};

/// The fields `event` has, in order (optional ones only when set).
std::vector<EventField> EventFields(const TimelineEvent& event);

/// The stored form of `event`: `what` is its kind's name, `why` its fields as "key=value" joined
/// by spaces (the note alone for the kinds that have one).
AccessEvent EncodeEvent(const TimelineEvent& event);
/// Inverse of EncodeEvent; kInternal for an unknown kind or a field that does not read.
Result<TimelineEvent> DecodeEvent(const AccessEvent& stored);

}  // namespace warden::domain
