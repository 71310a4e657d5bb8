#include "domain/tmpp/access/access_service.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/policy/policy.hpp"
#include "domain/prisoners/prisoner_service.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_actions.hpp"
#include "domain/tmpp/access/access_effects.hpp"
#include "domain/tmpp/access/access_support.hpp"

namespace warden::domain {

using namespace access_support;

namespace {

// Records `band` (with `why`, the reason, possibly empty) as the decision of record on `p`, against
// the latest recommendation `rec`: the decision expiring after `days`, an active grant of another
// band flagged for review, the event, its audit entry and the state. The caller checked that it
// is allowed.
Result<RiskDecision> RecordDecision(Repositories& repos, const Actor& by, const Prisoner& p,
                                    const std::optional<StoredRecommendation>& rec, RiskBand band,
                                    const std::string& why, TimePoint now, int days) {
    RiskDecision out;
    out.prison_number = p.prison_number;
    out.establishment = p.establishment;
    out.band = band;
    if (rec) out.recommended_band = rec->recommendation.band;
    out.is_override = !rec || rec->recommendation.band != band;
    out.reason = why;
    out.decided_by = by.username;
    out.decided_at = now;
    out.expires_at = now + std::chrono::days{days};
    out.inputs = RiskInputsFingerprint(p);
    WARDEN_TRY(repos.risk.PutDecision(out));
    WARDEN_ASSIGN_OR_RETURN(auto grant, repos.grants.ActiveGrant(p.prison_number, Here(p)));
    // The grant is written back whole: under its lock, and only while still active, so a
    // withdrawal committed meanwhile is not undone (ADR 0012).
    if (grant && grant->band != band) {
        WARDEN_ASSIGN_OR_RETURN(const bool still, repos.grants.LockActiveGrant(grant->id));
        if (!still) grant.reset();
    }
    if (grant && grant->band != band) {
        grant->needs_review = true;
        grant->review_reason = "the risk decision changed from " +
                               std::string(RiskBandName(grant->band)) + " to " +
                               std::string(RiskBandName(band));
        WARDEN_TRY(repos.grants.UpdateGrant(*grant));
        TimelineEvent review;
        review.kind = EventKind::kGrantReview;
        review.reason = grant->review_reason;
        WARDEN_TRY(
            AddEvent(repos, p.prison_number, p.establishment, by.username, now, std::move(review)));
    }
    TimelineEvent event;
    event.kind = out.is_override ? EventKind::kDecisionOverridden : EventKind::kDecisionConfirmed;
    event.band = band;
    event.recommended = out.recommended_band;
    event.reason = Clip(why, 200);
    event.expires = DateOf(out.expires_at);
    WARDEN_TRY(Record(repos, by, p, now, std::move(event)));
    return out;
}

// Access's reads of `p`: what the record shows, not the compact and decision facts of a grant.
Result<AccessView> ReadAccess(Repositories& repos, const Prisoner& p) {
    AccessView view;
    AccessFacts f;
    WARDEN_TRY(LoadAccessState(repos, p, Here(p), f));
    view.access = f.access;
    view.access.prison_number = p.prison_number;
    view.grant = f.grant;
    view.needs = f.needs;
    WARDEN_ASSIGN_OR_RETURN(auto stored, repos.access.Timeline(p.prison_number, Here(p)));
    view.timeline.reserve(stored.size());
    for (const auto& e : stored) {
        WARDEN_ASSIGN_OR_RETURN(TimelineEvent event, DecodeEvent(e));
        view.timeline.push_back(std::move(event));
    }
    return view;
}

// What an audit entry says of Access's read: codes and counts only.
std::string AccessReadDetail(const AccessView& view) {
    return "state=" + std::string(AccessStateName(view.access.state)) +
           " needs=" + std::to_string(view.needs.size()) +
           " events=" + std::to_string(view.timeline.size());
}

// The audit entry of Access's read.
AuditEntry AccessReadAuditEntry(const Actor& by, TimePoint now, const Prisoner& p,
                                const AccessView& view) {
    return NewPrisonerAuditEntry(by, now, "tmpp.record.read", p.prison_number, p.establishment,
                                 AccessReadDetail(view));
}

// RiskAssessment's reads of `p`.
Result<RiskAssessmentView> ReadRiskAssessment(Repositories& repos, const Prisoner& p,
                                              TimePoint now) {
    RiskAssessmentView view;
    view.prison_number = p.prison_number;
    WARDEN_ASSIGN_OR_RETURN(view.recommendation,
                            repos.risk.LatestRecommendation(p.prison_number, Here(p)));
    WARDEN_ASSIGN_OR_RETURN(view.decision, repos.risk.GetDecision(p.prison_number, Here(p)));
    view.decision_expired = view.decision && now >= view.decision->expires_at;
    return view;
}

// What an audit entry says of RiskAssessment's read: whether there was a recommendation and a
// decision, never the evidence.
std::string RiskReadDetail(const RiskAssessmentView& view) {
    return std::string("recommendation=") + (view.recommendation ? "yes" : "no") +
           " decision=" + (view.decision ? "yes" : "no");
}

// The audit entry of RiskAssessment's read.
AuditEntry RiskReadAuditEntry(const Actor& by, TimePoint now, const Prisoner& p,
                              const RiskAssessmentView& view) {
    return NewPrisonerAuditEntry(by, now, "tmpp.risk_assessment.read", p.prison_number,
                                 p.establishment, RiskReadDetail(view));
}

// The prisoner page's one entry: a read of the prisoner's record ("prisoner.read", as
// PrisonerService::Get writes), whose detail also says what the page showed of TMPP access and
// the risk assessment, in the words of those reads' own entries (ADR 0033).
AuditEntry PrisonerRecordAuditEntry(const Actor& by, TimePoint now,
                                    const PrisonerRecordView& view) {
    AuditEntry entry = PrisonerReadAuditEntry(by, now, view.prisoner);
    entry.detail += " tmpp_" + AccessReadDetail(view.access) + " " + RiskReadDetail(view.risk);
    return entry;
}

}  // namespace

AccessService::AccessService(Store& store, const Clock& clock, RiskRulesService& rules,
                             int decision_days)
    : store_(store), clock_(clock), rules_(rules), decision_days_(decision_days) {}

Result<AccessView> AccessService::Access(const Actor& by, const std::string& prison_number) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const std::string number = Normalise(prison_number);
    AccessView view;
    const TimePoint now = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        WARDEN_ASSIGN_OR_RETURN(view, ReadAccess(repos, p));
        return repos.audit.Append(AccessReadAuditEntry(by, now, p, view));
    }));
    return view;
}

Result<PrisonerRecordView> AccessService::PrisonerRecord(const Actor& by,
                                                         const std::string& prison_number) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const std::string number = Normalise(prison_number);
    PrisonerRecordView view;
    const TimePoint now = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(view.prisoner, LoadPrisoner(repos, by, number));
        WARDEN_ASSIGN_OR_RETURN(view.access, ReadAccess(repos, view.prisoner));
        WARDEN_ASSIGN_OR_RETURN(view.risk, ReadRiskAssessment(repos, view.prisoner, now));
        return repos.audit.Append(PrisonerRecordAuditEntry(by, now, view));
    }));
    return view;
}

Result<std::vector<AccessState>> AccessService::States(const Actor& by,
                                                       const std::vector<Prisoner>& prisoners) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const Scope scope = by.PrisonerScope();
    std::vector<AccessState> out(prisoners.size(), AccessState::kNone);
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        for (size_t i = 0; i < prisoners.size(); ++i) {
            const Prisoner& p = prisoners[i];
            if (!scope.Allows(p.establishment)) continue;
            WARDEN_ASSIGN_OR_RETURN(AccessRecord a,
                                    repos.access.GetAccess(p.prison_number, Here(p)));
            out[i] = a.state;
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
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.needs.AddNeed(out));
        TimelineEvent event;
        event.kind = EventKind::kNeedRecorded;
        event.need = *kind;
        event.detail = Clip(text, 200);
        return Record(repos, by, p, now, std::move(event));
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
        WARDEN_ASSIGN_OR_RETURN(auto versions,
                                repos.compacts.CompactVersions(code, CompactScope(by)));
        out.establishment = code;
        out.version = versions.empty() ? 1 : versions.back().version + 1;
        out.text = body;
        out.requires_resign = requires_resign;
        out.created_by = by.username;
        out.created_at = now;
        WARDEN_TRY(repos.compacts.AddCompactVersion(out));
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
        WARDEN_ASSIGN_OR_RETURN(
            auto versions, repos.compacts.CompactVersions(p.establishment, by.PrisonerScope()));
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
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.compacts.AddSignature(out));
        TimelineEvent event;
        event.kind = EventKind::kCompactSigned;
        event.compact_version = version;
        event.signed_on = out.signed_on;
        event.witnessed_by = Clip(witness, 100);
        return Record(repos, by, p, now, std::move(event));
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
        for (const auto& code : summary.establishments) {
            WARDEN_TRY(LoadEstablishment(repos, by, code));
        }
        // The facts of the risk rule "a previous TMPP tampering incident", read once for every
        // establishment assessed (wherever the incident was: the fact follows the prisoner).
        WARDEN_ASSIGN_OR_RETURN(auto facts,
                                repos.incidents.TamperingFacts(Scope::Of(summary.establishments)));
        std::unordered_map<std::string, RiskInputs> extra;
        for (const auto& f : facts) {
            RiskInputs& in = extra[f.prison_number];
            in.previous_tmpp_tampering = true;
            if (!in.tampering_references.empty()) in.tampering_references += ", ";
            in.tampering_references += f.reference;
        }
        const RiskInputs none;
        for (const auto& code : summary.establishments) {
            const size_t before = recs.size();
            WARDEN_TRY(repos.prisoners.ForEachAt(code, [&](const Prisoner& p) -> Status {
                StoredRecommendation& r = recs.emplace_back();
                r.prison_number = p.prison_number;
                r.establishment = code;
                r.assessed_at = now;
                r.assessed_by = by.username;
                auto found = extra.find(p.prison_number);
                scorer->ScoreInto(p, found == extra.end() ? none : found->second, r.recommendation);
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
        return repos.risk.AddRecommendations(recs);
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
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Prisoner p, LoadPrisoner(repos, by, number));
        WARDEN_ASSIGN_OR_RETURN(view, ReadRiskAssessment(repos, p, now));
        return repos.audit.Append(RiskReadAuditEntry(by, now, p, view));
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
        WARDEN_ASSIGN_OR_RETURN(auto rec, repos.risk.LatestRecommendation(number, Here(p)));
        const bool is_override = !rec || rec->recommendation.band != *chosen;
        if (is_override && why.empty()) {
            return FieldsError(
                {{"reason", rec ? "Give a reason for overriding the recommended "
                                  "band " +
                                      std::string(RiskBandName(rec->recommendation.band))
                                : "There is no recommendation: give a reason "
                                  "for the band"}});
        }
        WARDEN_ASSIGN_OR_RETURN(
            out, RecordDecision(repos, by, p, rec, *chosen, why, now, decision_days_));
        return Ok();
    }));
    return out;
}

Result<Confirmations> AccessService::ConfirmRecommendations(
    const Actor& by, const std::vector<std::string>& prison_numbers) {
    WARDEN_TRY(Require(by, Action::kTmppDecide));
    const TimePoint now = clock_.Now();
    Confirmations out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        out = {};  // a retried transaction starts again
        std::set<std::string> seen;
        for (const auto& given : prison_numbers) {
            const std::string number = Normalise(given);
            if (!seen.insert(number).second) continue;
            const auto refuse = [&](std::string message) {
                out.refused.push_back({number, std::move(message)});
            };
            auto p = LoadPrisoner(repos, by, number);
            if (!p) {
                if (p.error().code != ErrorCode::kNotFound) return p.error();
                refuse(Clip(number, 10) + " was not found");
                continue;
            }
            WARDEN_ASSIGN_OR_RETURN(auto rec, repos.risk.LatestRecommendation(number, Here(*p)));
            if (!rec) {
                refuse(number + " has no recommendation to confirm");
                continue;
            }
            if (p->gone) {
                refuse(number + " cannot be assessed: prisoner is gone");
                continue;
            }
            WARDEN_ASSIGN_OR_RETURN(auto decision, repos.risk.GetDecision(number, Here(*p)));
            if (!RecommendationConfirmable(rec, decision, now)) {
                refuse(number + " already has a decision made after its latest recommendation");
                continue;
            }
            WARDEN_ASSIGN_OR_RETURN(RiskDecision d,
                                    RecordDecision(repos, by, *p, rec, rec->recommendation.band, "",
                                                   now, decision_days_));
            out.confirmed.push_back(std::move(d));
        }
        return Ok();
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
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, p.establishment));
        WARDEN_ASSIGN_OR_RETURN(auto table, repos.phases.PhaseTable(e.code, by.PrisonerScope()));
        const auto rule = FindPhase(table, e.phase);
        WARDEN_ASSIGN_OR_RETURN(AccessFacts f, LoadAccessFacts(repos, p, Here(p)));
        GrantRuling ruling = RuleOnGrant(p, f, e.phase, rule, wanted, now);
        if (ruling.refusal) {
            return Error::Conflict(number + " cannot be granted TMPP access: " + *ruling.refusal);
        }
        out.prison_number = number;
        out.establishment = p.establishment;
        out.phase = e.phase;
        out.band = f.decision->band;
        out.conditions = std::move(ruling.conditions);
        out.review_on = review ? FormatDate(*review) : DateOf(f.decision->expires_at);
        out.granted_by = by.username;
        out.granted_at = now;
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.grants.AddGrant(out));
        TimelineEvent event;
        event.kind = EventKind::kAccessGranted;
        event.phase = out.phase;
        event.band = out.band;
        event.conditions = out.conditions;
        event.review_on = out.review_on;
        return Record(repos, by, p, now, std::move(event));
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
        WARDEN_ASSIGN_OR_RETURN(Withdrawal w, WithdrawAccessIn(repos, by, now, p, why, ref));
        if (!w.grant) return Error::Conflict(number + " has no TMPP access to withdraw");
        out = std::move(*w.grant);
        return Ok();
    }));
    return out;
}

}  // namespace warden::domain
