#include "domain/tmpp/access/access_support.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_actions.hpp"

namespace warden::domain::access_support {

namespace {

Error PrisonerNotFound(const std::string& number) {
    return Error::NotFound("Prisoner " + Clip(number, 10) + " was not found");
}

Error EstablishmentNotFound(const std::string& code) {
    return Error::NotFound("Establishment " + Clip(code, 10) + " was not found");
}

// The state the facts put the prisoner in.
AccessState Derive(const Prisoner& p, const AccessFacts& f, TimePoint now) {
    if (p.gone) return AccessState::kEnded;
    if (f.grant) return AccessState::kGranted;
    if (f.needs.empty()) {
        const AccessState s = f.access.state;
        return s == AccessState::kWithdrawn || s == AccessState::kEnded ? s : AccessState::kNone;
    }
    if (CompactProblem(f)) return AccessState::kRequested;
    if (DecisionProblem(f, now)) return AccessState::kCompactSigned;
    return AccessState::kAssessed;
}

}  // namespace

std::string Normalise(const std::string& s) { return ToUpper(Trim(s)); }

std::string DateOf(TimePoint t) {
    return FormatDate(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)});
}

Result<Prisoner> LoadPrisoner(Repositories& repos, const Actor& by, const std::string& number) {
    if (!IsPrisonNumber(number)) return PrisonerNotFound(number);
    auto found = repos.prisoners.Get(number, by.PrisonerScope());
    if (!found.ok()) {
        if (found.error().code == ErrorCode::kNotFound) return PrisonerNotFound(number);
        return found.error();
    }
    return found;
}

Result<Establishment> LoadEstablishment(Repositories& repos, const Actor& by,
                                        const std::string& code) {
    return LoadEstablishment(repos, code, by.PrisonerScope());
}

Result<Establishment> LoadEstablishment(Repositories& repos, const std::string& code,
                                        const Scope& scope) {
    if (!IsEstablishmentCode(code)) return EstablishmentNotFound(code);
    auto found = repos.establishments.Get(code, scope);
    if (!found.ok()) {
        if (found.error().code == ErrorCode::kNotFound) return EstablishmentNotFound(code);
        return found.error();
    }
    return found;
}

Result<Establishment> LoadCompactEstablishment(Repositories& repos, const Actor& by,
                                               const std::string& code) {
    return LoadEstablishment(repos, code, CompactScope(by));
}

Result<AccessState> Refresh(Repositories& repos, const Prisoner& p, TimePoint now,
                            const Scope& scope) {
    WARDEN_ASSIGN_OR_RETURN(AccessFacts f, LoadAccessFacts(repos, p, scope));
    const AccessState state = Derive(p, f, now);
    if (state != f.access.state || f.access.establishment != p.establishment) {
        f.access.prison_number = p.prison_number;
        f.access.establishment = p.establishment;
        f.access.state = state;
        f.access.updated_at = now;
        WARDEN_TRY(repos.access.PutAccess(f.access));
    }
    return state;
}

namespace {

// The audit detail of an event: its codes, dates and numbers, never its free text (a need's
// detail, a witness, a reason, an incident, a note): those stay on the prisoner's timeline.
std::string AuditCodesOf(const TimelineEvent& event) {
    using Key = EventField::Key;
    std::string out;
    const auto add = [&out](std::string_view key, const std::string& value) {
        if (!out.empty()) out += ' ';
        out += key;
        out += '=';
        out += value;
    };
    for (const auto& f : EventFields(event)) {
        switch (f.key) {
            case Key::kNeed:
                add("need", f.value);
                break;
            case Key::kCompactVersion:
                add("compact_version", f.value);
                break;
            case Key::kSignedOn:
                add("signed_on", f.value);
                break;
            case Key::kBand:
                add("band", f.value);
                break;
            case Key::kRecommended:
                add("recommended", f.value);
                break;
            case Key::kExpires:
                add("expires", f.value);
                break;
            case Key::kPhase:
                add("phase", f.value);
                break;
            case Key::kConditions:
                add("conditions", f.value);
                break;
            case Key::kReviewOn:
                add("review_on", f.value);
                break;
            case Key::kDetail:
            case Key::kWitnessedBy:
            case Key::kReason:
            case Key::kIncident:
            case Key::kNote:
                break;
        }
    }
    return out;
}

AccessEvent Stored(const std::string& number, const std::string& establishment,
                   const std::string& by, TimePoint now, TimelineEvent event) {
    event.prison_number = number;
    event.at = now;
    event.by = by;
    AccessEvent out = EncodeEvent(event);
    out.establishment = establishment;
    return out;
}

}  // namespace

Status AddEvent(Repositories& repos, const std::string& number, const std::string& establishment,
                const std::string& by, TimePoint now, TimelineEvent event) {
    return repos.access.AddEvent(Stored(number, establishment, by, now, std::move(event)));
}

Scope Here(const Prisoner& p) { return Scope::Of({p.establishment}); }

Status Record(Repositories& repos, const Actor& by, const Prisoner& p, TimePoint now,
              TimelineEvent event) {
    std::string detail = AuditCodesOf(event);
    const AccessEvent stored =
        Stored(p.prison_number, p.establishment, by.username, now, std::move(event));
    WARDEN_TRY(repos.access.AddEvent(stored));
    WARDEN_ASSIGN_OR_RETURN(AccessState state, Refresh(repos, p, now, Here(p)));
    detail +=
        (detail.empty() ? "" : " ") + std::string("state=") + std::string(AccessStateName(state));
    return repos.audit.Append(NewPrisonerAuditEntry(by, now, "tmpp." + stored.what, p.prison_number,
                                                    p.establishment, detail));
}

Status RequireText(const std::string& value, const char* field, const std::string& missing,
                   size_t max) {
    if (value.empty()) return FieldsError({{field, missing}});
    if (value.size() > max) {
        return FieldsError({{field, std::string(field) + " must be " + std::to_string(max) +
                                        " characters or fewer"}});
    }
    if (!IsValidUtf8(value)) return FieldsError({{field, std::string(field) + " is not text"}});
    return Ok();
}

Id MaxNeedId(const std::vector<Need>& needs) {
    Id max = 0;
    for (const auto& n : needs) max = std::max(max, n.id);
    return max;
}

Result<std::optional<Grant>> LockedActiveGrant(Repositories& repos, const std::string& number,
                                               const Scope& scope) {
    WARDEN_ASSIGN_OR_RETURN(auto grant, repos.grants.ActiveGrant(number, scope));
    if (!grant) return grant;
    WARDEN_ASSIGN_OR_RETURN(const bool still, repos.grants.LockActiveGrant(grant->id));
    if (!still) return std::optional<Grant>();
    return repos.grants.ActiveGrant(number, scope);
}

Result<bool> MarkDecisionForReviewIf(Repositories& repos, const RiskDecision& read,
                                     const std::string& reason, const Scope& scope,
                                     const std::function<bool(const RiskDecision&)>& due) {
    constexpr int kTries = 3;  // each refusal means another decision committed meanwhile
    std::optional<RiskDecision> d = read;
    for (int i = 1;; ++i) {
        if (!d || d->needs_review || !due(*d)) return false;
        WARDEN_ASSIGN_OR_RETURN(const bool marked, repos.risk.MarkDecisionForReview(*d, reason));
        if (marked) return true;
        if (i == kTries) return false;
        WARDEN_ASSIGN_OR_RETURN(d, repos.risk.GetDecision(read.prison_number, scope));
    }
}

}  // namespace warden::domain::access_support
