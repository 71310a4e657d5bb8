#include "domain/tmpp/access_service.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/policy/policy.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access_actions.hpp"

namespace warden::domain {

namespace {

constexpr size_t kMaxReasonLength = 1000;
constexpr size_t kMaxNameLength = 100;
constexpr size_t kMaxIncidentLength = 40;
constexpr size_t kMaxConditionLength = 40;
constexpr size_t kMaxCompactLength = 100000;

std::string Normalise(const std::string& s) { return ToUpper(Trim(s)); }

Error PrisonerNotFound(const std::string& number) {
    return Error::NotFound("Prisoner " + Clip(number, 10) + " was not found");
}

Error EstablishmentNotFound(const std::string& code) {
    return Error::NotFound("Establishment " + Clip(code, 10) + " was not found");
}

std::string DateOf(TimePoint t) {
    return FormatDate(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)});
}

// The prisoner in the actor's caseload, or kNotFound.
Result<Prisoner> LoadPrisoner(Repositories& repos, const Actor& by, const std::string& number) {
    if (!IsPrisonNumber(number)) return PrisonerNotFound(number);
    auto found = repos.prisoners.Get(number, by.PrisonerScope());
    if (!found.ok()) {
        if (found.error().code == ErrorCode::kNotFound) return PrisonerNotFound(number);
        return found.error();
    }
    return found;
}

// The establishment in the actor's caseload, or kNotFound.
Result<Establishment> LoadEstablishment(Repositories& repos, const Actor& by,
                                        const std::string& code) {
    if (!IsEstablishmentCode(code)) return EstablishmentNotFound(code);
    auto found = repos.establishments.Get(code, by.PrisonerScope());
    if (!found.ok()) {
        if (found.error().code == ErrorCode::kNotFound) return EstablishmentNotFound(code);
        return found.error();
    }
    return found;
}

// The establishment whose compact `by` may edit, in CompactScope (the compact's text is not
// prisoner data).
Result<Establishment> LoadCompactEstablishment(Repositories& repos, const Actor& by,
                                               const std::string& code) {
    if (!IsEstablishmentCode(code)) return EstablishmentNotFound(code);
    auto found = repos.establishments.Get(code, CompactScope(by));
    if (!found.ok() && found.error().code == ErrorCode::kNotFound) {
        return EstablishmentNotFound(code);
    }
    return found;
}

// Everything the state and the grant rules look at.
struct Facts {
    AccessRecord access;
    std::vector<Need> needs;  // current: recorded after the last withdrawal or end
    std::vector<CompactVersion> versions;
    std::vector<CompactSignature> signatures;  // at the prisoner's establishment
    std::optional<RiskDecision> decision;
    std::optional<Grant> grant;
};

Result<Facts> LoadFacts(Repositories& repos, const Prisoner& p) {
    Facts f;
    WARDEN_ASSIGN_OR_RETURN(f.access, repos.tmpp.GetAccess(p.prison_number));
    WARDEN_ASSIGN_OR_RETURN(auto needs, repos.tmpp.NeedsOf(p.prison_number));
    for (auto& n : needs) {
        if (n.id > f.access.ended_need_id) f.needs.push_back(std::move(n));
    }
    WARDEN_ASSIGN_OR_RETURN(f.versions, repos.tmpp.CompactVersions(p.establishment));
    WARDEN_ASSIGN_OR_RETURN(auto signatures, repos.tmpp.SignaturesOf(p.prison_number));
    for (auto& s : signatures) {
        if (s.establishment == p.establishment) f.signatures.push_back(std::move(s));
    }
    WARDEN_ASSIGN_OR_RETURN(f.decision, repos.tmpp.GetDecision(p.prison_number));
    WARDEN_ASSIGN_OR_RETURN(f.grant, repos.tmpp.ActiveGrant(p.prison_number));
    return f;
}

// Why the compact does not allow a grant, or nullopt when a valid one is signed.
std::optional<std::string> CompactProblem(const Facts& f) {
    if (f.versions.empty() || f.signatures.empty()) return "no signed compact";
    int needed = 1;
    for (const auto& v : f.versions) {
        if (v.requires_resign) needed = std::max(needed, v.version);
    }
    int best = 0;
    for (const auto& s : f.signatures) best = std::max(best, s.version);
    if (best < needed) return "compact version " + std::to_string(best) + " is out of date";
    return std::nullopt;
}

// Why the decision does not allow a grant, or nullopt when it does.
std::optional<std::string> DecisionProblem(const Facts& f, TimePoint now) {
    if (!f.decision) return "no risk decision";
    if (now >= f.decision->expires_at) {
        return "the risk decision expired on " + DateOf(f.decision->expires_at);
    }
    if (f.decision->needs_review) {
        return "the risk decision needs review (" + f.decision->review_reason + ")";
    }
    return std::nullopt;
}

// The state the facts put the prisoner in.
AccessState Derive(const Prisoner& p, const Facts& f, TimePoint now) {
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

// Stores the derived state of the prisoner (and their establishment) when it changed.
Result<AccessState> Refresh(Repositories& repos, const Prisoner& p, TimePoint now) {
    WARDEN_ASSIGN_OR_RETURN(Facts f, LoadFacts(repos, p));
    const AccessState state = Derive(p, f, now);
    if (state != f.access.state || f.access.establishment != p.establishment) {
        f.access.prison_number = p.prison_number;
        f.access.establishment = p.establishment;
        f.access.state = state;
        f.access.updated_at = now;
        WARDEN_TRY(repos.tmpp.PutAccess(f.access));
    }
    return state;
}

Status AddEvent(Repositories& repos, const std::string& number, const std::string& by,
                TimePoint now, std::string what, std::string why) {
    AccessEvent e;
    e.prison_number = number;
    e.at = now;
    e.by = by;
    e.what = std::move(what);
    e.why = std::move(why);
    return repos.tmpp.AddEvent(e);
}

// The event, its audit entry and the refreshed state, for a change to one prisoner.
Status Record(Repositories& repos, const Actor& by, const Prisoner& p, TimePoint now,
              const std::string& what, const std::string& why) {
    WARDEN_TRY(AddEvent(repos, p.prison_number, by.username, now, what, why));
    WARDEN_ASSIGN_OR_RETURN(AccessState state, Refresh(repos, p, now));
    std::string detail = why.empty() ? "" : why + " ";
    detail += "state=" + std::string(AccessStateName(state));
    return repos.audit.Append(
        NewAuditEntry(by, now, "tmpp." + what, "prisoner:" + p.prison_number, detail));
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

// Flags the active grants of the establishment's prisoners that `rule` (phase `phase`) does not
// allow for review (one bulk read); returns them.
Result<std::vector<Grant>> FlagGrantsForReview(Repositories& repos, const Actor& by, TimePoint now,
                                               const std::string& code,
                                               const std::optional<PhaseRule>& rule, int phase) {
    std::vector<Grant> out;
    WARDEN_ASSIGN_OR_RETURN(auto entries, repos.tmpp.QueueAt(code));
    for (auto& entry : entries) {
        auto problem = GrantPhaseProblem(rule, phase, entry);
        if (!problem) continue;
        Grant& g = *entry.grant;
        g.needs_review = true;
        g.review_reason = "no longer qualifies: " + *problem;
        WARDEN_TRY(repos.tmpp.UpdateGrant(g));
        WARDEN_TRY(
            AddEvent(repos, g.prison_number, by.username, now, "grant.review", g.review_reason));
        out.push_back(std::move(g));
    }
    return out;
}

Id MaxNeedId(const std::vector<Need>& needs) {
    Id max = 0;
    for (const auto& n : needs) max = std::max(max, n.id);
    return max;
}

}  // namespace

AccessService::AccessService(Store& store, const Clock& clock, RiskRulesService& rules,
                             int decision_days)
    : store_(store), clock_(clock), rules_(rules), decision_days_(decision_days) {}

Result<AccessView> AccessService::Access(const Actor& by, const std::string& prison_number) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const std::string number = Normalise(prison_number);
    AccessView view;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        WARDEN_ASSIGN_OR_RETURN(Facts f, LoadFacts(repos, p));
        view.access = f.access;
        view.access.prison_number = number;
        view.grant = f.grant;
        view.needs = f.needs;
        WARDEN_ASSIGN_OR_RETURN(view.timeline, repos.tmpp.Timeline(number));
        return Ok();
    }));
    return view;
}

Result<std::vector<AccessState>> AccessService::States(
    const Actor& by, const std::vector<std::string>& prison_numbers) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const Scope scope = by.PrisonerScope();
    std::vector<AccessState> out(prison_numbers.size(), AccessState::kNone);
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        for (size_t i = 0; i < prison_numbers.size(); ++i) {
            WARDEN_ASSIGN_OR_RETURN(AccessRecord a, repos.tmpp.GetAccess(prison_numbers[i]));
            if (scope.Allows(a.establishment)) out[i] = a.state;
        }
        return Ok();
    }));
    return out;
}

Result<Need> AccessService::RecordNeed(const Actor& by, const std::string& prison_number,
                                       const std::string& need, const std::string& detail) {
    WARDEN_TRY(Require(by, Action::kTmppNeedsRecord));
    const std::string number = Normalise(prison_number);
    auto kind = ParseNeedKind(need);
    if (!kind) {
        return FieldsError({{"need",
                             "Choose a need: ISOLATING, SHIELDING, REVERSE_COHORT, "
                             "NO_SAFE_FIXED_PHONE, FIXED_PHONES_OUT_OF_ORDER or OTHER"}});
    }
    const std::string text(Trim(detail));
    if (*kind == NeedKind::kOther) {
        WARDEN_TRY(
            RequireText(text, "detail", "Give the reason for an OTHER need", kMaxReasonLength));
    } else if (!text.empty()) {
        WARDEN_TRY(RequireText(text, "detail", "", kMaxReasonLength));
    }
    const TimePoint now = clock_.Now();
    Need out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        if (p.gone)
            return Error::Conflict(number + " cannot have a need recorded: prisoner is gone");
        out.prison_number = number;
        out.establishment = p.establishment;
        out.kind = *kind;
        out.detail = text;
        out.recorded_by = by.username;
        out.recorded_at = now;
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.tmpp.AddNeed(out));
        std::string why = "need=" + std::string(NeedKindName(*kind));
        if (!text.empty()) why += " detail=" + Clip(text, 200);
        return Record(repos, by, p, now, "need.recorded", why);
    }));
    return out;
}

Result<CompactVersion> AccessService::AddCompactVersion(const Actor& by,
                                                        const std::string& establishment,
                                                        const std::string& text,
                                                        bool requires_resign) {
    WARDEN_TRY(Require(by, Action::kTmppCompactsEdit));
    const std::string code = Normalise(establishment);
    const std::string body(Trim(text));
    WARDEN_TRY(RequireText(body, "text", "Enter the text of the compact", kMaxCompactLength));
    const TimePoint now = clock_.Now();
    CompactVersion out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadCompactEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(auto versions, repos.tmpp.CompactVersions(code));
        out.establishment = code;
        out.version = versions.empty() ? 1 : versions.back().version + 1;
        out.text = body;
        out.requires_resign = requires_resign;
        out.created_by = by.username;
        out.created_at = now;
        WARDEN_TRY(repos.tmpp.AddCompactVersion(out));
        return repos.audit.Append(
            NewAuditEntry(by, now, "tmpp.compact.version_added", "establishment:" + e.code,
                          "version=" + std::to_string(out.version) +
                              " requires_resign=" + (requires_resign ? "true" : "false")));
    }));
    return out;
}

Result<CompactSignature> AccessService::RecordCompact(const Actor& by,
                                                      const std::string& prison_number, int version,
                                                      const std::string& signed_on,
                                                      const std::string& witnessed_by) {
    WARDEN_TRY(Require(by, Action::kTmppCompactsSign));
    const std::string number = Normalise(prison_number);
    const TimePoint now = clock_.Now();
    std::vector<FieldError> errors;
    auto date = ParseDate(Trim(signed_on));
    if (!date) {
        errors.push_back({"signed_on", "Enter the date the compact was signed, as YYYY-MM-DD"});
    } else if (std::chrono::sys_days{*date} > std::chrono::floor<std::chrono::days>(now)) {
        errors.push_back({"signed_on", "The date the compact was signed cannot be in the future"});
    }
    const std::string witness(Trim(witnessed_by));
    if (witness.empty() || witness.size() > kMaxNameLength || !IsValidUtf8(witness)) {
        errors.push_back({"witnessed_by", "Enter the witnessing officer (up to 100 characters)"});
    }
    if (version < 1) errors.push_back({"compact_version", "Enter the compact version signed"});
    if (!errors.empty()) return FieldsError(std::move(errors));
    CompactSignature out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        if (p.gone) return Error::Conflict(number + " cannot sign a compact: prisoner is gone");
        WARDEN_ASSIGN_OR_RETURN(auto versions, repos.tmpp.CompactVersions(p.establishment));
        const bool exists =
            std::any_of(versions.begin(), versions.end(),
                        [&](const CompactVersion& v) { return v.version == version; });
        if (!exists) {
            return FieldsError({{"compact_version", p.establishment + " has no compact version " +
                                                        std::to_string(version)}});
        }
        out.prison_number = number;
        out.establishment = p.establishment;
        out.version = version;
        out.signed_on = FormatDate(*date);
        out.witnessed_by = witness;
        out.recorded_by = by.username;
        out.recorded_at = now;
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.tmpp.AddSignature(out));
        return Record(repos, by, p, now, "compact.signed",
                      "version=" + std::to_string(version) + " signed_on=" + out.signed_on +
                          " witnessed_by=" + Clip(witness, 100));
    }));
    return out;
}

Result<AssessmentSummary> AccessService::AssessEstablishments(
    const Actor& by, const std::vector<std::string>& codes) {
    WARDEN_TRY(Require(by, Action::kTmppAssess));
    const TimePoint now = clock_.Now();
    AssessmentSummary summary;
    for (const auto& c : codes) {
        std::string code = Normalise(c);
        if (std::find(summary.establishments.begin(), summary.establishments.end(), code) ==
            summary.establishments.end()) {
            summary.establishments.push_back(std::move(code));
        }
    }
    if (summary.establishments.empty()) {
        return FieldsError({{"establishment", "Choose at least one establishment to assess"}});
    }
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(std::shared_ptr<const RiskScorer> scorer, rules_.InForce(repos));
        summary.rules_version = scorer->rules().version;
        std::vector<StoredRecommendation> recs;
        const RiskInputs none;
        for (const auto& code : summary.establishments) {
            WARDEN_TRY(LoadEstablishment(repos, by, code));
            const size_t before = recs.size();
            WARDEN_TRY(repos.prisoners.ForEachAt(code, [&](const Prisoner& p) -> Status {
                StoredRecommendation& r = recs.emplace_back();
                r.prison_number = p.prison_number;
                r.establishment = code;
                r.assessed_at = now;
                r.assessed_by = by.username;
                scorer->ScoreInto(p, none, r.recommendation);
                switch (r.recommendation.band) {
                    case RiskBand::kGreen:
                        ++summary.green;
                        break;
                    case RiskBand::kAmber:
                        ++summary.amber;
                        break;
                    case RiskBand::kRed:
                        ++summary.red;
                        break;
                }
                return Ok();
            }));
            WARDEN_TRY(repos.audit.Append(
                NewAuditEntry(by, now, "tmpp.risk.assessed", "establishment:" + code,
                              "rules_version=" + summary.rules_version +
                                  " assessed=" + std::to_string(recs.size() - before))));
        }
        summary.assessed = static_cast<int>(recs.size());
        return repos.tmpp.AddRecommendations(recs);
    }));
    return summary;
}

Result<AssessmentSummary> AccessService::AssessEstablishment(const Actor& by,
                                                             const std::string& code) {
    return AssessEstablishments(by, {code});
}

Result<AssessmentSummary> AccessService::AssessAll(const Actor& by) {
    WARDEN_TRY(Require(by, Action::kTmppAssess));
    std::vector<std::string> codes;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto list, repos.establishments.List(by.PrisonerScope()));
        for (const auto& e : list) codes.push_back(e.code);
        return Ok();
    }));
    if (codes.empty()) return Error::NotFound("There are no establishments to assess");
    return AssessEstablishments(by, codes);
}

Result<RiskAssessmentView> AccessService::RiskAssessment(const Actor& by,
                                                         const std::string& prison_number) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const std::string number = Normalise(prison_number);
    const TimePoint now = clock_.Now();
    RiskAssessmentView view;
    view.prison_number = number;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_TRY(LoadPrisoner(repos, by, number));
        WARDEN_ASSIGN_OR_RETURN(view.recommendation, repos.tmpp.LatestRecommendation(number));
        WARDEN_ASSIGN_OR_RETURN(view.decision, repos.tmpp.GetDecision(number));
        view.decision_expired = view.decision && now >= view.decision->expires_at;
        return Ok();
    }));
    return view;
}

Result<RiskDecision> AccessService::Decide(const Actor& by, const std::string& prison_number,
                                           const std::string& band, const std::string& reason) {
    WARDEN_TRY(Require(by, Action::kTmppDecide));
    const std::string number = Normalise(prison_number);
    auto chosen = ParseRiskBand(Trim(band));
    if (!chosen) return FieldsError({{"band", "Choose a band: GREEN, AMBER or RED"}});
    const std::string why(Trim(reason));
    if (why.size() > kMaxReasonLength || !IsValidUtf8(why)) {
        return FieldsError({{"reason", "reason must be 1000 characters or fewer"}});
    }
    const TimePoint now = clock_.Now();
    RiskDecision out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        if (p.gone) return Error::Conflict(number + " cannot be assessed: prisoner is gone");
        WARDEN_ASSIGN_OR_RETURN(auto rec, repos.tmpp.LatestRecommendation(number));
        out.prison_number = number;
        out.establishment = p.establishment;
        out.band = *chosen;
        if (rec) out.recommended_band = rec->recommendation.band;
        out.is_override = !rec || rec->recommendation.band != *chosen;
        if (out.is_override && why.empty()) {
            return FieldsError(
                {{"reason", rec ? "Give a reason for overriding the recommended "
                                  "band " +
                                      std::string(RiskBandName(rec->recommendation.band))
                                : "There is no recommendation: give a reason "
                                  "for the band"}});
        }
        out.reason = why;
        out.decided_by = by.username;
        out.decided_at = now;
        out.expires_at = now + std::chrono::days{decision_days_};
        out.inputs = RiskInputsFingerprint(p);
        WARDEN_TRY(repos.tmpp.PutDecision(out));
        WARDEN_ASSIGN_OR_RETURN(auto grant, repos.tmpp.ActiveGrant(number));
        if (grant && grant->band != *chosen) {
            grant->needs_review = true;
            grant->review_reason = "the risk decision changed from " +
                                   std::string(RiskBandName(grant->band)) + " to " +
                                   std::string(RiskBandName(*chosen));
            WARDEN_TRY(repos.tmpp.UpdateGrant(*grant));
            WARDEN_TRY(
                AddEvent(repos, number, by.username, now, "grant.review", grant->review_reason));
        }
        std::string detail = "band=" + std::string(RiskBandName(*chosen));
        if (rec) detail += " recommended=" + std::string(RiskBandName(rec->recommendation.band));
        if (!why.empty()) detail += " reason=" + Clip(why, 200);
        detail += " expires=" + DateOf(out.expires_at);
        return Record(repos, by, p, now,
                      out.is_override ? "decision.overridden" : "decision.confirmed", detail);
    }));
    return out;
}

Result<Grant> AccessService::GrantAccess(const Actor& by, const std::string& prison_number,
                                         const std::vector<std::string>& conditions,
                                         const std::string& review_on) {
    WARDEN_TRY(Require(by, Action::kTmppGrant));
    const std::string number = Normalise(prison_number);
    const TimePoint now = clock_.Now();
    std::vector<std::string> wanted;
    for (const auto& c : conditions) {
        std::string code = Normalise(c);
        const bool valid =
            !code.empty() && code.size() <= kMaxConditionLength &&
            std::all_of(code.begin(), code.end(), [](char ch) {
                return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
            });
        if (!valid) {
            return FieldsError({{"conditions",
                                 "A condition is a code of up to 40 letters, "
                                 "digits or '_', like SUPERVISED_USE"}});
        }
        if (std::find(wanted.begin(), wanted.end(), code) == wanted.end()) wanted.push_back(code);
    }
    std::optional<std::chrono::year_month_day> review;
    if (!Trim(review_on).empty()) {
        review = ParseDate(Trim(review_on));
        if (!review) return FieldsError({{"review_on", "Enter the review date as YYYY-MM-DD"}});
        if (std::chrono::sys_days{*review} <= std::chrono::floor<std::chrono::days>(now)) {
            return FieldsError({{"review_on", "The review date must be in the future"}});
        }
    }
    Grant out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        const auto refuse = [&](const std::string& rule) -> Status {
            return Error::Conflict(number + " cannot be granted TMPP access: " + rule);
        };
        if (p.gone) return refuse("prisoner is gone");
        WARDEN_ASSIGN_OR_RETURN(Facts f, LoadFacts(repos, p));
        if (f.grant) return refuse("they already have TMPP access");
        if (f.needs.empty()) return refuse("no need recorded");
        if (auto problem = CompactProblem(f)) return refuse(*problem);
        if (auto problem = DecisionProblem(f, now)) return refuse(*problem);
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, p.establishment));
        WARDEN_ASSIGN_OR_RETURN(auto table, repos.tmpp.PhaseTable(e.code));
        const auto rule = FindPhase(table, e.phase);
        std::vector<std::string> granted = wanted;
        if (rule && f.decision->band == RiskBand::kAmber) {
            for (const auto& c : rule->amber_conditions) {
                if (std::find(granted.begin(), granted.end(), c) == granted.end()) {
                    granted.push_back(c);
                }
            }
        }
        if (auto problem = PhaseRuleProblem(rule, e.phase, f.decision->band, f.needs, granted)) {
            return refuse(*problem);
        }
        out.prison_number = number;
        out.establishment = p.establishment;
        out.phase = e.phase;
        out.band = f.decision->band;
        out.conditions = granted;
        out.review_on = review ? FormatDate(*review) : DateOf(f.decision->expires_at);
        out.granted_by = by.username;
        out.granted_at = now;
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.tmpp.AddGrant(out));
        return Record(
            repos, by, p, now, "access.granted",
            "phase=" + std::to_string(e.phase) + " band=" + std::string(RiskBandName(out.band)) +
                " conditions=" + JoinList(out.conditions) + " review_on=" + out.review_on);
    }));
    return out;
}

Result<Grant> AccessService::Withdraw(const Actor& by, const std::string& prison_number,
                                      const std::string& reason, const std::string& incident) {
    WARDEN_TRY(Require(by, Action::kTmppWithdraw));
    const std::string number = Normalise(prison_number);
    const std::string why(Trim(reason));
    WARDEN_TRY(RequireText(why, "reason", "Give the reason for the withdrawal", kMaxReasonLength));
    const std::string ref(Trim(incident));
    if (ref.size() > kMaxIncidentLength || !IsValidUtf8(ref)) {
        return FieldsError({{"incident", "incident must be 40 characters or fewer"}});
    }
    const TimePoint now = clock_.Now();
    Grant out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        WARDEN_ASSIGN_OR_RETURN(auto grant, repos.tmpp.ActiveGrant(number));
        if (!grant) return Error::Conflict(number + " has no TMPP access to withdraw");
        out = *grant;
        out.active = false;
        out.ended_at = now;
        out.ended_by = by.username;
        out.withdrawn = true;
        out.end_reason = why;
        out.incident_ref = ref;
        WARDEN_TRY(repos.tmpp.UpdateGrant(out));
        WARDEN_ASSIGN_OR_RETURN(AccessRecord access, repos.tmpp.GetAccess(number));
        WARDEN_ASSIGN_OR_RETURN(auto needs, repos.tmpp.NeedsOf(number));
        access.prison_number = number;
        access.establishment = p.establishment;
        access.state = AccessState::kWithdrawn;
        access.ended_need_id = MaxNeedId(needs);
        access.updated_at = now;
        WARDEN_TRY(repos.tmpp.PutAccess(access));
        std::string detail = "reason=" + Clip(why, 200);
        if (!ref.empty()) detail += " incident=" + ref;
        return Record(repos, by, p, now, "access.withdrawn", detail);
    }));
    return out;
}

Result<PhaseChange> AccessService::SetPhase(const Actor& by, const std::string& establishment,
                                            int phase, const std::string& reason) {
    WARDEN_TRY(Require(by, Action::kTmppPhaseSet));
    const std::string code = Normalise(establishment);
    const std::string why(Trim(reason));
    WARDEN_TRY(
        RequireText(why, "reason", "Give the reason for the phase change", kMaxReasonLength));
    const TimePoint now = clock_.Now();
    PhaseChange out;
    out.establishment = code;
    out.to = phase;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(auto table, repos.tmpp.PhaseTable(code));
        const auto rule = FindPhase(table, phase);
        if (!rule) {
            int max = 0;
            for (const auto& r : table) max = std::max(max, r.phase);
            return FieldsError({{"phase", "Choose a phase from 0 to " + std::to_string(max)}});
        }
        out.from = e.phase;
        e.phase = phase;
        WARDEN_TRY(repos.establishments.Update(e));
        WARDEN_ASSIGN_OR_RETURN(out.no_longer_qualify,
                                FlagGrantsForReview(repos, by, now, code, rule, phase));
        return repos.audit.Append(NewAuditEntry(
            by, now, "tmpp.phase.set", "establishment:" + code,
            "from=" + std::to_string(out.from) + " to=" + std::to_string(phase) +
                " reason=" + Clip(why, 200) +
                " grants_for_review=" + std::to_string(out.no_longer_qualify.size())));
    }));
    return out;
}

Result<PhaseTableChange> AccessService::SetPhaseTable(const Actor& by,
                                                      const std::string& establishment,
                                                      const std::vector<PhaseRule>& phases) {
    WARDEN_TRY(Require(by, Action::kTmppPhaseSet));
    const std::string code = Normalise(establishment);
    WARDEN_ASSIGN_OR_RETURN(auto table, ValidatePhaseTable(phases));
    const TimePoint now = clock_.Now();
    PhaseTableChange out;
    out.establishment = code;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(auto before, repos.tmpp.PhaseTable(code));
        WARDEN_TRY(repos.tmpp.PutPhaseTable(code, table));
        WARDEN_ASSIGN_OR_RETURN(
            out.no_longer_qualify,
            FlagGrantsForReview(repos, by, now, code, FindPhase(table, e.phase), e.phase));
        const auto describe = [](const std::vector<PhaseRule>& t) {
            std::string text;
            for (const auto& r : t) {
                if (r.phase == 0) continue;
                if (!text.empty()) text += ";";
                text +=
                    std::to_string(r.phase) + ":" + JoinNeeds(r.needs) + "/" + JoinBands(r.bands);
                if (!r.amber_conditions.empty()) text += "/AMBER+" + JoinList(r.amber_conditions);
            }
            return text;
        };
        return repos.audit.Append(NewAuditEntry(
            by, now, "tmpp.phase_table.set", "establishment:" + code,
            "from=" + describe(before) + " to=" + describe(table) +
                " grants_for_review=" + std::to_string(out.no_longer_qualify.size())));
    }));
    out.table = std::move(table);
    return out;
}

Result<WingList> AccessService::PublishWingList(const Actor& by, const std::string& establishment,
                                                const std::string& wing) {
    WARDEN_TRY(Require(by, Action::kTmppListsPublish));
    const std::string code = Normalise(establishment);
    const std::string wing_code = Normalise(wing);
    const TimePoint now = clock_.Now();
    WingList out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        const bool known = std::any_of(e.wings.begin(), e.wings.end(),
                                       [&](const Location& l) { return l.code == wing_code; });
        if (!known) return Error::NotFound("Wing " + Clip(wing_code, 10) + " was not found");
        WARDEN_ASSIGN_OR_RETURN(auto grants, repos.tmpp.ActiveGrantsAt(code));
        out.establishment = code;
        out.wing = wing_code;
        out.published_by = by.username;
        out.published_at = now;
        for (const auto& g : grants) {
            WARDEN_ASSIGN_OR_RETURN(Prisoner p,
                                    repos.prisoners.Get(g.prison_number, Scope::Of({code})));
            if (p.gone || p.wing != wing_code) continue;
            out.entries.push_back({p.prison_number, p.first_name, p.last_name, p.cell, g.band,
                                   g.conditions, g.review_on});
        }
        std::sort(out.entries.begin(), out.entries.end(),
                  [](const WingListEntry& a, const WingListEntry& b) {
                      return a.prison_number < b.prison_number;
                  });
        WARDEN_ASSIGN_OR_RETURN(auto previous, repos.tmpp.LatestWingList(code, wing_code));
        std::set<std::string> before;
        if (previous) {
            for (const auto& entry : previous->entries) before.insert(entry.prison_number);
        }
        std::set<std::string> after;
        for (const auto& entry : out.entries) after.insert(entry.prison_number);
        for (const auto& n : after) {
            if (!before.count(n)) out.added.push_back(n);
        }
        for (const auto& n : before) {
            if (!after.count(n)) out.removed.push_back(n);
        }
        out.version = previous ? previous->version + 1 : 1;
        WARDEN_TRY(repos.tmpp.AddWingList(out));
        return repos.audit.Append(NewAuditEntry(
            by, now, "tmpp.wing_list.published", "wing:" + code + "/" + wing_code,
            "version=" + std::to_string(out.version) +
                " entries=" + std::to_string(out.entries.size()) + " added=" + JoinList(out.added) +
                " removed=" + JoinList(out.removed)));
    }));
    return out;
}

Result<CurrentWingList> AccessService::CurrentList(const Actor& by,
                                                   const std::string& establishment,
                                                   const std::string& wing) {
    WARDEN_TRY(Require(by, Action::kTmppListsRead));
    const std::string code = Normalise(establishment);
    const std::string wing_code = Normalise(wing);
    CurrentWingList out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        const bool known = std::any_of(e.wings.begin(), e.wings.end(),
                                       [&](const Location& l) { return l.code == wing_code; });
        if (!known) return Error::NotFound("Wing " + Clip(wing_code, 10) + " was not found");
        WARDEN_ASSIGN_OR_RETURN(out.list, repos.tmpp.LatestWingList(code, wing_code));
        if (!out.list) return Ok();
        WARDEN_ASSIGN_OR_RETURN(auto ended,
                                repos.tmpp.EndedSince(code, wing_code, out.list->published_at));
        std::set<std::string> listed;
        for (const auto& entry : out.list->entries) listed.insert(entry.prison_number);
        for (const auto& g : ended) {
            if (!listed.count(g.prison_number)) continue;
            out.withdrawn_since.push_back(
                {g.prison_number, g.ended_at.value_or(TimePoint{}), g.end_reason, g.incident_ref});
        }
        out.stale = !out.withdrawn_since.empty();
        return Ok();
    }));
    return out;
}

Status ApplyImportToAccess(Repositories& repos, const Actor& by, const std::string& establishment,
                           const std::vector<Prisoner>& rows, bool marked_gone, TimePoint now) {
    WARDEN_ASSIGN_OR_RETURN(auto decisions, repos.tmpp.DecisionsAt(establishment));
    std::vector<AccessRecord> open;
    if (marked_gone) {
        WARDEN_ASSIGN_OR_RETURN(open, repos.tmpp.OpenAccessAt(establishment));
    }
    if (decisions.empty() && open.empty()) return Ok();

    std::unordered_map<std::string_view, const Prisoner*> by_number;
    by_number.reserve(rows.size());
    for (const auto& row : rows) by_number.emplace(row.prison_number, &row);
    const Scope scope = Scope::Of({establishment});
    int reviewed = 0;
    int ended = 0;
    for (auto& d : decisions) {
        if (d.needs_review) continue;
        auto it = by_number.find(d.prison_number);
        if (it == by_number.end() || RiskInputsFingerprint(*it->second) == d.inputs) continue;
        d.needs_review = true;
        d.review_reason = "a later import changed a risk input";
        WARDEN_TRY(repos.tmpp.PutDecision(d));
        WARDEN_TRY(
            AddEvent(repos, d.prison_number, by.username, now, "decision.review", d.review_reason));
        WARDEN_TRY(Refresh(repos, *it->second, now));
        ++reviewed;
    }
    for (auto& access : open) {
        if (by_number.count(access.prison_number)) continue;
        auto found = repos.prisoners.Get(access.prison_number, scope);
        if (!found.ok() || !found->gone) continue;  // transferred away: not gone
        WARDEN_ASSIGN_OR_RETURN(auto grant, repos.tmpp.ActiveGrant(access.prison_number));
        if (grant) {
            grant->active = false;
            grant->ended_at = now;
            grant->ended_by = by.username;
            grant->end_reason = "prisoner is gone";
            WARDEN_TRY(repos.tmpp.UpdateGrant(*grant));
        }
        WARDEN_ASSIGN_OR_RETURN(auto needs, repos.tmpp.NeedsOf(access.prison_number));
        access.state = AccessState::kEnded;
        access.ended_need_id = MaxNeedId(needs);
        access.updated_at = now;
        WARDEN_TRY(repos.tmpp.PutAccess(access));
        WARDEN_TRY(AddEvent(repos, access.prison_number, by.username, now, "access.ended",
                            "prisoner is gone"));
        ++ended;
    }
    if (reviewed == 0 && ended == 0) return Ok();
    return repos.audit.Append(NewAuditEntry(
        by, now, "tmpp.import_effects", "establishment:" + establishment,
        "decisions_for_review=" + std::to_string(reviewed) + " ended=" + std::to_string(ended)));
}

Result<int> AccessService::ExpireDecisions(const Actor& by) {
    if (!by.system) return Error::Forbidden("Only Warden itself expires risk decisions");
    constexpr int kBatch = 500;  // decisions per transaction
    const TimePoint now = clock_.Now();
    int marked = 0;
    for (;;) {
        int batch = 0;
        WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
            batch = 0;
            WARDEN_ASSIGN_OR_RETURN(auto due, repos.tmpp.DecisionsExpiredBy(now, kBatch));
            for (auto& d : due) {
                d.needs_review = true;
                d.review_reason = "the decision expired on " + DateOf(d.expires_at);
                WARDEN_TRY(repos.tmpp.PutDecision(d));
                auto p = repos.prisoners.Get(d.prison_number, Scope::National());
                if (p.ok()) {
                    WARDEN_TRY(Record(repos, by, *p, now, "decision.expired", d.review_reason));
                } else if (p.error().code == ErrorCode::kNotFound) {
                    WARDEN_TRY(AddEvent(repos, d.prison_number, by.username, now,
                                        "decision.expired", d.review_reason));
                    WARDEN_TRY(repos.audit.Append(NewAuditEntry(by, now, "tmpp.decision.expired",
                                                                "prisoner:" + d.prison_number,
                                                                d.review_reason)));
                } else {
                    return p.error();
                }
                ++batch;
            }
            return Ok();
        }));
        marked += batch;
        if (batch < kBatch) return marked;
    }
}

}  // namespace warden::domain
