#include "domain/tmpp/access/timeline.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/strings.hpp"

namespace warden::domain {

namespace {

using Key = EventField::Key;

constexpr std::array<std::pair<EventKind, std::string_view>, 10> kKindNames = {{
    {EventKind::kNeedRecorded, "need.recorded"},
    {EventKind::kCompactSigned, "compact.signed"},
    {EventKind::kDecisionConfirmed, "decision.confirmed"},
    {EventKind::kDecisionOverridden, "decision.overridden"},
    {EventKind::kDecisionReview, "decision.review"},
    {EventKind::kAccessGranted, "access.granted"},
    {EventKind::kAccessWithdrawn, "access.withdrawn"},
    {EventKind::kAccessEnded, "access.ended"},
    {EventKind::kGrantReview, "grant.review"},
    {EventKind::kDecisionExpired, "decision.expired"},
}};

// The stored key of a field ("" for the note, which is stored alone).
std::string_view KeyName(Key key) {
    switch (key) {
        case Key::kNeed:
            return "need";
        case Key::kDetail:
            return "detail";
        case Key::kCompactVersion:
            return "version";
        case Key::kSignedOn:
            return "signed_on";
        case Key::kWitnessedBy:
            return "witnessed_by";
        case Key::kBand:
            return "band";
        case Key::kRecommended:
            return "recommended";
        case Key::kReason:
            return "reason";
        case Key::kExpires:
            return "expires";
        case Key::kPhase:
            return "phase";
        case Key::kConditions:
            return "conditions";
        case Key::kReviewOn:
            return "review_on";
        case Key::kIncident:
            return "incident";
        case Key::kNote:
            return "";
    }
    return "";
}

// The kinds whose only field is a free-text note.
bool HasNote(EventKind kind) {
    return kind == EventKind::kDecisionReview || kind == EventKind::kGrantReview ||
           kind == EventKind::kAccessEnded || kind == EventKind::kDecisionExpired;
}

// Every key a kind may have, in the order they are stored.
std::vector<Key> KeysOf(EventKind kind) {
    switch (kind) {
        case EventKind::kNeedRecorded:
            return {Key::kNeed, Key::kDetail};
        case EventKind::kCompactSigned:
            return {Key::kCompactVersion, Key::kSignedOn, Key::kWitnessedBy};
        case EventKind::kDecisionConfirmed:
        case EventKind::kDecisionOverridden:
            return {Key::kBand, Key::kRecommended, Key::kReason, Key::kExpires};
        case EventKind::kAccessGranted:
            return {Key::kPhase, Key::kBand, Key::kConditions, Key::kReviewOn};
        case EventKind::kAccessWithdrawn:
            return {Key::kReason, Key::kIncident};
        case EventKind::kDecisionReview:
        case EventKind::kGrantReview:
        case EventKind::kAccessEnded:
        case EventKind::kDecisionExpired:
            return {Key::kNote};
    }
    return {};
}

Error Malformed(const AccessEvent& stored, std::string_view why) {
    return Error::Internal("stored TMPP event " + std::to_string(stored.id) + " (" + stored.what +
                           ") is malformed: " + std::string(why));
}

// Sets the field `key` of `e` from its stored text.
Status SetField(TimelineEvent& e, Key key, const std::string& value, const AccessEvent& stored) {
    const auto band = [&](std::optional<RiskBand>& out) -> Status {
        out = ParseRiskBand(value);
        if (!out) return Malformed(stored, "band '" + value + "'");
        return Ok();
    };
    const auto number = [&](int& out) -> Status {
        out = ParseNonNegativeInt(value);
        if (out < 0) return Malformed(stored, std::string(KeyName(key)) + " '" + value + "'");
        return Ok();
    };
    switch (key) {
        case Key::kNeed:
            e.need = ParseNeedKind(value);
            if (!e.need) return Malformed(stored, "need '" + value + "'");
            return Ok();
        case Key::kDetail:
            e.detail = value;
            return Ok();
        case Key::kCompactVersion:
            return number(e.compact_version);
        case Key::kSignedOn:
            e.signed_on = value;
            return Ok();
        case Key::kWitnessedBy:
            e.witnessed_by = value;
            return Ok();
        case Key::kBand:
            return band(e.band);
        case Key::kRecommended:
            return band(e.recommended);
        case Key::kReason:
        case Key::kNote:
            e.reason = value;
            return Ok();
        case Key::kExpires:
            e.expires = value;
            return Ok();
        case Key::kPhase:
            return number(e.phase);
        case Key::kConditions:
            e.conditions = SplitList(value);
            return Ok();
        case Key::kReviewOn:
            e.review_on = value;
            return Ok();
        case Key::kIncident:
            e.incident = value;
            return Ok();
    }
    return Ok();
}

}  // namespace

std::string_view EventKindName(EventKind kind) {
    for (const auto& [k, name] : kKindNames) {
        if (k == kind) return name;
    }
    return "";
}

std::optional<EventKind> ParseEventKind(std::string_view name) {
    for (const auto& [k, text] : kKindNames) {
        if (text == name) return k;
    }
    return std::nullopt;
}

std::vector<EventField> EventFields(const TimelineEvent& e) {
    std::vector<EventField> out;
    const auto add = [&](Key key, std::string value) { out.push_back({key, std::move(value)}); };
    switch (e.kind) {
        case EventKind::kNeedRecorded:
            if (e.need) add(Key::kNeed, std::string(NeedKindName(*e.need)));
            if (!e.detail.empty()) add(Key::kDetail, e.detail);
            break;
        case EventKind::kCompactSigned:
            add(Key::kCompactVersion, std::to_string(e.compact_version));
            add(Key::kSignedOn, e.signed_on);
            add(Key::kWitnessedBy, e.witnessed_by);
            break;
        case EventKind::kDecisionConfirmed:
        case EventKind::kDecisionOverridden:
            if (e.band) add(Key::kBand, std::string(RiskBandName(*e.band)));
            if (e.recommended) add(Key::kRecommended, std::string(RiskBandName(*e.recommended)));
            if (!e.reason.empty()) add(Key::kReason, e.reason);
            add(Key::kExpires, e.expires);
            break;
        case EventKind::kAccessGranted:
            add(Key::kPhase, std::to_string(e.phase));
            if (e.band) add(Key::kBand, std::string(RiskBandName(*e.band)));
            add(Key::kConditions, JoinList(e.conditions));
            add(Key::kReviewOn, e.review_on);
            break;
        case EventKind::kAccessWithdrawn:
            add(Key::kReason, e.reason);
            if (!e.incident.empty()) add(Key::kIncident, e.incident);
            break;
        case EventKind::kDecisionReview:
        case EventKind::kGrantReview:
        case EventKind::kAccessEnded:
        case EventKind::kDecisionExpired:
            add(Key::kNote, e.reason);
            break;
    }
    return out;
}

AccessEvent EncodeEvent(const TimelineEvent& e) {
    AccessEvent out;
    out.id = e.id;
    out.prison_number = e.prison_number;
    out.at = e.at;
    out.by = e.by;
    out.what = std::string(EventKindName(e.kind));
    for (const auto& field : EventFields(e)) {
        if (!out.why.empty()) out.why += ' ';
        if (field.key != Key::kNote) {
            out.why += KeyName(field.key);
            out.why += '=';
        }
        out.why += field.value;
    }
    return out;
}

Result<TimelineEvent> DecodeEvent(const AccessEvent& stored) {
    auto kind = ParseEventKind(stored.what);
    if (!kind) return Malformed(stored, "unknown kind");
    TimelineEvent e;
    e.id = stored.id;
    e.prison_number = stored.prison_number;
    e.at = stored.at;
    e.by = stored.by;
    e.kind = *kind;
    const std::string& text = stored.why;
    if (HasNote(*kind)) {
        e.reason = text;
        return e;
    }
    // Keys come in the kind's order, each optional; a value runs to the last " key=" of a later
    // key (free text such as a reason may hold anything but a later key's marker).
    const std::vector<Key> keys = KeysOf(*kind);
    size_t pos = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
        const std::string marker = (pos == 0 ? "" : " ") + std::string(KeyName(keys[i])) + "=";
        if (text.compare(pos, marker.size(), marker) != 0) continue;
        const size_t start = pos + marker.size();
        size_t end = text.size();
        for (size_t j = i + 1; j < keys.size(); ++j) {
            const size_t at = text.rfind(" " + std::string(KeyName(keys[j])) + "=");
            if (at != std::string::npos && at >= start) end = std::min(end, at);
        }
        WARDEN_TRY(SetField(e, keys[i], text.substr(start, end - start), stored));
        pos = end;
    }
    if (pos != text.size()) return Malformed(stored, "unexpected '" + text.substr(pos, 40) + "'");
    return e;
}

}  // namespace warden::domain
