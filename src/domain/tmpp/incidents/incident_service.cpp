#include "domain/tmpp/incidents/incident_service.hpp"

#include <algorithm>
#include <utility>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/notify/enqueue.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_effects.hpp"
#include "domain/tmpp/access/access_support.hpp"
#include "domain/tmpp/incidents/incident_support.hpp"
#include "domain/tmpp/incidents/working_days.hpp"

namespace warden::domain {
namespace incident_support {

std::string Codes(const Incident& i) {
    std::string out = "reference=" + i.reference +
                      " type=" + std::string(IncidentTypeName(i.type)) +
                      " status=" + std::string(IncidentStatusName(i.status));
    if (!i.handset.empty()) out += " handset=" + i.handset;
    if (!i.wing.empty()) out += " wing=" + i.wing;
    if (!i.prisoners.empty()) out += " prison_number=" + Join(i.prisoners, ",");
    return out;
}

Status Step(Repositories& repos, const Actor& by, TimePoint now, const Incident& i,
            const std::string& what, const std::string& detail, const std::string& action,
            Id outbox_id, const std::string& extra_codes) {
    IncidentEvent e;
    e.incident_id = i.id;
    e.at = now;
    e.by = by.username;
    e.what = what;
    e.detail = detail;
    e.outbox_id = outbox_id;
    WARDEN_TRY(repos.incidents.AddEvent(e));
    AuditEntry entry = NewAuditEntry(by, now, "incidents." + action, "incident:" + i.reference,
                                     Codes(i) + (extra_codes.empty() ? "" : " " + extra_codes));
    entry.establishment = i.establishment;
    return repos.audit.Append(entry);
}

Error IncidentNotFound(const std::string& reference) {
    return Error::NotFound("Incident " + Clip(reference, 30) + " was not found");
}

Result<Incident> LoadIncident(Repositories& repos, const std::string& reference,
                              const Scope& scope) {
    const std::string ref = ToUpper(Trim(reference));
    if (!IsIncidentReference(ref)) return IncidentNotFound(ref);
    auto i = repos.incidents.Get(ref, scope);
    if (!i.ok() && i.error().code == ErrorCode::kNotFound) return IncidentNotFound(ref);
    return i;
}

Error NotInState(const Incident& i, std::string_view needed, std::string_view what) {
    return Error::Conflict("Incident " + i.reference + " is " +
                           std::string(IncidentStatusName(i.status)) + ": only " +
                           std::string(needed) + " incidents can be " + std::string(what));
}

}  // namespace incident_support

using namespace incident_support;

namespace {

constexpr size_t kMaxReasonLength = 1000;

int YearOf(TimePoint t) {
    const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(t)};
    return static_cast<int>(day.year());
}

// The email to the establishment's TMPP SPoC that an incident is reported: codes and a link only.
notify::Message ReportedEmail(const Incident& i, const std::string& to,
                              const std::string& public_url) {
    notify::Message m;
    m.to = {to};
    m.subject = "TMPP incident " + i.reference + " reported (" +
                std::string(IncidentTypeName(i.type)) + ")";
    m.body =
        "A TMPP incident has been reported at " + i.establishment +
        ".\n\nReference: " + i.reference + "\nType: " + std::string(IncidentTypeName(i.type)) +
        "\nEstablishment: " + i.establishment +
        "\nWing: " + (i.wing.empty() ? "not recorded" : i.wing) +
        "\nHandset: " + (i.handset.empty() ? "not recorded" : i.handset) +
        "\nPrison numbers: " + (i.prisoners.empty() ? "none recorded" : Join(i.prisoners, ", ")) +
        "\n\nOpen it in Warden: " + public_url + "/tmpp/incidents/" + i.reference + "\n";
    m.kind = "tmpp.incident.reported";
    m.reference = i.reference;
    return m;
}

// The email to the region's RIU, copying the national monitoring mailbox: codes and a link only.
notify::Message RiuEmail(const Incident& i, const Region& region, const std::string& monitoring,
                         const std::string& public_url) {
    notify::Message m;
    m.to = {region.riu_email};
    if (!monitoring.empty()) m.cc = {monitoring};
    m.subject = "TMPP incident " + i.reference + " (" + std::string(IncidentTypeName(i.type)) +
                "): notification to the " + region.code + " RIU";
    m.body =
        "Security at " + i.establishment + " notifies the Regional Intelligence Unit (" +
        region.code + ") of a TMPP incident.\n\nReference: " + i.reference +
        "\nType: " + std::string(IncidentTypeName(i.type)) + "\nEstablishment: " + i.establishment +
        "\nWing: " + (i.wing.empty() ? "not recorded" : i.wing) +
        "\nHandset: " + (i.handset.empty() ? "not recorded" : i.handset) +
        "\nPrison numbers: " + (i.prisoners.empty() ? "none recorded" : Join(i.prisoners, ", ")) +
        "\n\nOpen it in Warden: " + public_url + "/tmpp/incidents/" + i.reference + "\n";
    m.kind = "tmpp.incident.riu";
    m.reference = i.reference;
    return m;
}

// A step of the email chain, in `repos`'s transaction: refuses with kConflict `no_address` when
// `address` is empty; else moves `i` to `status` at `now` (its reported_at or riu_notified_at),
// enqueues `email` and writes the step (`what`, `detail`, `action`) naming the message.
struct EmailStep {
    IncidentStatus status;
    std::string address;
    std::string no_address;
    notify::Message email;
    std::string what;
    std::string detail;
    std::string action;
};

Status AdvanceWithEmail(Repositories& repos, const Actor& by, TimePoint now, Incident& i,
                        const EmailStep& step) {
    if (Trim(step.address).empty()) return Error::Conflict(step.no_address);
    const IncidentStatus was = i.status;
    i.status = step.status;
    if (step.status == IncidentStatus::kReported) i.reported_at = now;
    if (step.status == IncidentStatus::kRiuNotified) i.riu_notified_at = now;
    i.updated_at = now;
    WARDEN_TRY(repos.incidents.Update(i, was));
    WARDEN_ASSIGN_OR_RETURN(Id outbox_id, notify::Enqueue(repos, step.email, now));
    return Step(repos, by, now, i, step.what, step.detail, step.action, outbox_id);
}

Result<Establishment> EstablishmentOf(Repositories& repos, const Incident& i) {
    return repos.establishments.Get(i.establishment, Scope::National());
}

// Marks `i` REPORTED, enqueues the SPoC's email and writes the step, all in `repos`'s
// transaction; a SEAL_TAMPERED or SIM_TAMPERED incident also marks its prisoners' decisions for
// review. kConflict when the establishment has no SPoC address to email.
Status ReportIn(Repositories& repos, const Actor& by, TimePoint now, Incident& i,
                const std::string& what, const std::string& action, const std::string& public_url) {
    WARDEN_ASSIGN_OR_RETURN(Establishment e, EstablishmentOf(repos, i));
    WARDEN_TRY(AdvanceWithEmail(
        repos, by, now, i,
        {IncidentStatus::kReported, e.spoc_email,
         "Establishment " + e.code +
             " has no TMPP SPoC email address to report the incident to: an administrator must "
             "record one first",
         ReportedEmail(i, e.spoc_email, public_url), what,
         "The TMPP SPoC (" + e.spoc_email + ") is emailed", action}));
    if (i.type != IncidentType::kSealTampered && i.type != IncidentType::kSimTampered) return Ok();
    // The risk rule "a previous TMPP tampering incident" now makes these prisoners RED.
    WARDEN_TRY(ReviewDecisionsForTampering(repos, by, now, i.prisoners, i.reference));
    return Ok();
}

// The checks that need the database: the establishment in the actor's caseload, the wing its,
// the handset its and, when `prisoners_named_now`, each prisoner in the caseload and held at the
// establishment.
Status CheckInStore(Repositories& repos, const Scope& scope, const Incident& i,
                    bool prisoners_named_now) {
    auto e = repos.establishments.Get(i.establishment, scope);
    if (!e.ok()) {
        if (e.error().code == ErrorCode::kNotFound) {
            return FieldsError({{"establishment",
                                 "Establishment " + i.establishment + " is not in your caseload"}});
        }
        return e.error();
    }
    std::vector<FieldError> fields;
    if (!i.wing.empty() && std::none_of(e->wings.begin(), e->wings.end(),
                                        [&](const Location& l) { return l.code == i.wing; })) {
        fields.push_back({"wing", "Wing " + i.wing + " is not a wing of " + i.establishment});
    }
    if (!i.handset.empty()) {
        auto h = repos.handsets.Get(i.handset, scope);
        if (!h.ok() && h.error().code != ErrorCode::kNotFound) return h.error();
        if (!h.ok() || h->establishment != i.establishment) {
            fields.push_back(
                {"handset", "Handset " + i.handset + " is not registered at " + i.establishment});
        }
    }
    // A draft's own prisoners were named by the return or stocktake that opened it, and may have
    // moved on (transferred, released) since: the draft is still reported, so they are not
    // looked up again in the caseload.
    const std::vector<std::string> none;
    for (const auto& number : prisoners_named_now ? i.prisoners : none) {
        auto p = repos.prisoners.Get(number, scope);
        if (!p.ok() && p.error().code != ErrorCode::kNotFound) return p.error();
        if (!p.ok()) {
            fields.push_back({"prisoners", "Prisoner " + number + " was not found"});
            break;
        }
        // As for issuing a handset: the prisoners staff name are held at the incident's
        // establishment (staff with two establishments in their caseload cannot name one of the
        // other's).
        if (p->establishment != i.establishment) {
            fields.push_back(
                {"prisoners", "Prisoner " + number + " is not held at " + i.establishment});
            break;
        }
    }
    if (!fields.empty()) return FieldsError(std::move(fields));
    return Ok();
}

}  // namespace

Result<Incident> OpenDraftIncident(Repositories& repos, const Actor& by, TimePoint now,
                                   Incident draft) {
    WARDEN_ASSIGN_OR_RETURN(int number,
                            repos.incidents.NextNumber(draft.establishment, YearOf(now)));
    draft.reference = IncidentReference(draft.establishment, YearOf(now), number);
    draft.status = IncidentStatus::kDraft;
    draft.reporter = by.username;
    draft.discovered_at = now;
    draft.created_at = now;
    draft.updated_at = now;
    if (!draft.description.empty()) draft.description = TmppDescription(draft.description);
    WARDEN_ASSIGN_OR_RETURN(draft.id, repos.incidents.Add(draft));
    WARDEN_TRY(Step(repos, by, now, draft, "DRAFTED",
                    draft.evidence.empty() ? "Draft opened" : "Draft opened: " + draft.evidence,
                    "draft"));
    return draft;
}

IncidentService::IncidentService(Store& store, const Clock& clock, std::string public_url,
                                 std::string monitoring_email)
    : store_(store),
      clock_(clock),
      public_url_(std::move(public_url)),
      monitoring_email_(std::move(monitoring_email)) {
    while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

Result<Incident> IncidentService::Raise(const Actor& by, const IncidentInput& input) {
    WARDEN_TRY(Require(by, Action::kIncidentsRaise));
    const TimePoint now = clock_.Now();
    Incident i;
    auto fields = CheckIncidentInput(input, true, now, i);
    if (!fields.empty()) return FieldsError(std::move(fields));
    if (i.discovered_at == TimePoint{}) i.discovered_at = now;
    const Scope scope = by.PrisonerScope();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_TRY(CheckInStore(repos, scope, i, true));
        WARDEN_ASSIGN_OR_RETURN(int number,
                                repos.incidents.NextNumber(i.establishment, YearOf(now)));
        i.reference = IncidentReference(i.establishment, YearOf(now), number);
        i.status = IncidentStatus::kDraft;
        i.reporter = by.username;
        i.created_at = now;
        i.updated_at = now;
        WARDEN_ASSIGN_OR_RETURN(i.id, repos.incidents.Add(i));
        WARDEN_TRY(Step(repos, by, now, i, "RAISED", "Raised by " + by.username, "raise"));
        return ReportIn(repos, by, now, i, "REPORTED", "report", public_url_);
    }));
    return i;
}

Result<IncidentView> IncidentService::Get(const Actor& by, const std::string& reference) {
    WARDEN_TRY(Require(by, Action::kIncidentsRead));
    const Scope scope = ActionScope(by, Action::kIncidentsRead);
    IncidentView out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Incident i, LoadIncident(repos, reference, scope));
        WARDEN_ASSIGN_OR_RETURN(auto sanctions, repos.incidents.Sanctions({i.id}, scope));
        out = Describe(std::move(i), std::move(sanctions));
        WARDEN_ASSIGN_OR_RETURN(out.timeline, repos.incidents.Timeline(out.incident.id, scope));
        for (const auto& e : out.timeline) {
            if (e.outbox_id == 0) continue;
            WARDEN_ASSIGN_OR_RETURN(auto m, repos.outbox.Get(e.outbox_id));
            IncidentNotification& n = out.notifications.emplace_back();
            n.outbox_id = m.id;
            n.kind = m.kind;
            n.to = m.to;
            n.cc = m.cc;
            n.state = std::string(notify::StateName(m.state));
            n.created_at = m.created_at;
            n.sent_at = m.sent_at;
        }
        return Ok();
    }));
    // An incident names prisoners: each read is audited, and returned once the entry is stored.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        AuditEntry entry =
            NewAuditEntry(by, clock_.Now(), "incidents.read", "incident:" + out.incident.reference,
                          "status=" + std::string(IncidentStatusName(out.incident.status)));
        entry.establishment = out.incident.establishment;
        return repos.audit.Append(entry);
    }));
    return out;
}

Result<Incident> IncidentService::Report(const Actor& by, const std::string& reference,
                                         const IncidentInput& input) {
    WARDEN_TRY(Require(by, Action::kIncidentsRaise));
    const TimePoint now = clock_.Now();
    Incident completed;
    auto fields = CheckIncidentInput(input, false, now, completed);
    if (!fields.empty()) return FieldsError(std::move(fields));
    const Scope scope = by.PrisonerScope();
    Incident i;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(i, LoadIncident(repos, reference, scope));
        if (i.status != IncidentStatus::kDraft) {
            return Error::Conflict("Incident " + i.reference + " is " +
                                   std::string(IncidentStatusName(i.status)) +
                                   ": only a DRAFT can be reported");
        }
        if (!completed.wing.empty()) i.wing = completed.wing;
        if (!completed.handset.empty()) i.handset = completed.handset;
        if (!completed.prisoners.empty()) i.prisoners = completed.prisoners;
        if (completed.occurred_at) i.occurred_at = completed.occurred_at;
        if (completed.discovered_at != TimePoint{}) i.discovered_at = completed.discovered_at;
        if (i.occurred_at && *i.occurred_at > i.discovered_at) {
            return FieldsError(
                {{"occurred_at", "When it happened must be before it was discovered"}});
        }
        i.description = completed.description;
        if (!completed.local_ir_number.empty()) i.local_ir_number = completed.local_ir_number;
        WARDEN_TRY(CheckInStore(repos, scope, i, !completed.prisoners.empty()));
        return ReportIn(repos, by, now, i, "REPORTED", "report", public_url_);
    }));
    return i;
}

Result<Incident> IncidentService::MarkNotReportable(const Actor& by, const std::string& reference,
                                                    const std::string& reason) {
    WARDEN_TRY(Require(by, Action::kIncidentsTriage));
    const std::string_view why = Trim(reason);
    if (why.empty()) return FieldsError({{"reason", "Enter why the incident is not reportable"}});
    if (why.size() > kMaxReasonLength || !IsValidUtf8(why)) {
        return FieldsError({{"reason", "The reason must be " + std::to_string(kMaxReasonLength) +
                                           " characters or fewer"}});
    }
    const TimePoint now = clock_.Now();
    const Scope scope = by.PrisonerScope();
    Incident i;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(i, LoadIncident(repos, reference, scope));
        if (i.status != IncidentStatus::kDraft) {
            return Error::Conflict("Incident " + i.reference + " is " +
                                   std::string(IncidentStatusName(i.status)) +
                                   ": only a DRAFT can be marked not reportable");
        }
        i.status = IncidentStatus::kNotReportable;
        i.updated_at = now;
        WARDEN_TRY(repos.incidents.Update(i, IncidentStatus::kDraft));
        return Step(repos, by, now, i, "NOT_REPORTABLE", "Not reportable: " + std::string(why),
                    "not_reportable");
    }));
    return i;
}

IncidentView IncidentService::Describe(Incident incident, std::vector<Sanction> sanctions) const {
    IncidentView v;
    const TimePoint now = clock_.Now();
    if (incident.status == IncidentStatus::kReported && incident.reported_at) {
        v.riu_due_by = RiuNotificationDueBy(*incident.reported_at);
        v.riu_overdue = now >= *v.riu_due_by;
    }
    v.report_due_by = PlacedOnReportDueBy(incident, sanctions);
    v.report_overdue = v.report_due_by && now >= *v.report_due_by;
    v.overdue = v.riu_overdue || v.report_overdue;
    v.missing_for_close = MissingForClose(incident, sanctions);
    v.incident = std::move(incident);
    v.sanctions = std::move(sanctions);
    return v;
}

Result<Incident> IncidentService::NotifyRiu(const Actor& by, const std::string& reference) {
    WARDEN_TRY(Require(by, Action::kIncidentsReview));
    const TimePoint now = clock_.Now();
    const Scope scope = by.PrisonerScope();
    Incident i;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(i, LoadIncident(repos, reference, scope));
        if (i.status != IncidentStatus::kReported) return NotInState(i, "REPORTED", "notified");
        WARDEN_ASSIGN_OR_RETURN(Establishment e, EstablishmentOf(repos, i));
        WARDEN_ASSIGN_OR_RETURN(Region region, repos.regions.Get(e.region_code));
        std::string detail = "The " + region.code + " RIU (" + region.riu_email + ") is emailed";
        if (!monitoring_email_.empty()) detail += ", copying " + monitoring_email_;
        return AdvanceWithEmail(
            repos, by, now, i,
            {IncidentStatus::kRiuNotified, region.riu_email,
             "Region " + region.code +
                 " has no RIU email address to notify: an administrator must record one first",
             RiuEmail(i, region, monitoring_email_, public_url_), "RIU_NOTIFIED", detail,
             "riu_notify"});
    }));
    return i;
}

Result<Incident> IncidentService::Close(const Actor& by, const std::string& reference,
                                        const std::string& outcome,
                                        const std::string& no_prisoner_reason) {
    WARDEN_TRY(Require(by, Action::kIncidentsReview));
    const std::string_view text = Trim(outcome);
    const std::string_view no_prisoner = Trim(no_prisoner_reason);
    std::vector<FieldError> fields;
    if (text.empty()) fields.push_back({"outcome", "Enter the outcome of the incident"});
    if (text.size() > kMaxReasonLength || !IsValidUtf8(text)) {
        fields.push_back({"outcome", "The outcome must be " + std::to_string(kMaxReasonLength) +
                                         " characters or fewer"});
    }
    if (no_prisoner.size() > kMaxReasonLength || !IsValidUtf8(no_prisoner)) {
        fields.push_back(
            {"no_prisoner_reason",
             "The reason must be " + std::to_string(kMaxReasonLength) + " characters or fewer"});
    }
    if (!fields.empty()) return FieldsError(std::move(fields));
    const TimePoint now = clock_.Now();
    const Scope scope = by.PrisonerScope();
    Incident i;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(i, LoadIncident(repos, reference, scope));
        if (i.status != IncidentStatus::kRiuNotified) {
            return NotInState(i, "RIU_NOTIFIED", "closed");
        }
        if (!no_prisoner.empty() && !TakesNoPrisonerReason(i)) {
            return FieldsError(
                {{"no_prisoner_reason",
                  !NeedsMinimumSanctions(i.type)
                      ? "A " + std::string(IncidentTypeName(i.type)) +
                            " incident closes without sanctions: leave the reason empty"
                      : "Incident " + i.reference + " names " + Join(i.prisoners, ", ") +
                            ": record their sanctions; the reason is only for an incident "
                            "that names no prisoner"}});
        }
        if (NeedsMinimumSanctions(i.type) && no_prisoner.empty()) {
            const std::string why = "Incident " + i.reference + " is " +
                                    std::string(IncidentTypeName(i.type)) +
                                    ": it closes only when every prisoner involved has both a "
                                    "WITHDRAWAL and a PLACED_ON_REPORT sanction, or, when it "
                                    "names no prisoner, with the reason no prisoner could be "
                                    "identified (no_prisoner_reason)";
            if (i.prisoners.empty()) return Error::Conflict(why + ": no prisoner is recorded");
            WARDEN_ASSIGN_OR_RETURN(auto sanctions, repos.incidents.Sanctions({i.id}, scope));
            const auto missing = MissingForClose(i, sanctions);
            if (!missing.empty()) return Error::Conflict(why + ": " + DescribeMissing(missing));
        }
        const IncidentStatus was = i.status;
        i.status = IncidentStatus::kClosed;
        i.closed_at = now;
        i.outcome = std::string(text);
        i.no_prisoner_reason = std::string(no_prisoner);
        i.updated_at = now;
        WARDEN_TRY(repos.incidents.Update(i, was));
        std::string detail = "Closed: " + i.outcome;
        if (!i.no_prisoner_reason.empty()) {
            detail += " (no prisoner identified: " + i.no_prisoner_reason + ")";
        }
        return Step(repos, by, now, i, "CLOSED", detail, "close");
    }));
    return i;
}

Result<IncidentPage> IncidentService::List(const Actor& by, const IncidentQuery& query) {
    WARDEN_TRY(Require(by, Action::kIncidentsRead));
    IncidentFilter filter;
    std::vector<FieldError> fields;
    filter.establishment = ToUpper(Trim(query.establishment));
    if (!query.status.empty()) {
        filter.status = ParseIncidentStatus(ToUpper(Trim(query.status)));
        if (!filter.status) {
            fields.push_back({"status",
                              "The state must be DRAFT, REPORTED, RIU_NOTIFIED, CLOSED or "
                              "NOT_REPORTABLE"});
        }
    }
    if (!query.type.empty()) {
        filter.type = ParseIncidentType(ToUpper(Trim(query.type)));
        if (!filter.type) {
            fields.push_back({"type",
                              "The type must be SEAL_TAMPERED, SIM_TAMPERED, DAMAGE, LOSS, "
                              "MISUSE, NON_COMPLIANCE or OTHER"});
        }
    }
    if (query.overdue == "true") {
        filter.riu_overdue = true;
    } else if (query.overdue == "false") {
        filter.riu_overdue = false;
    } else if (!query.overdue.empty()) {
        fields.push_back({"overdue", "overdue must be true or false"});
    }
    if (!query.cursor.empty()) {
        const int id = ParseNonNegativeInt(query.cursor);
        if (id <= 0) fields.push_back({"cursor", "The cursor is not one this list gave"});
        filter.before_id = id > 0 ? id : 0;
    }
    if (!fields.empty()) return FieldsError(std::move(fields));
    const TimePoint now = clock_.Now();
    filter.riu_due_before = RiuOverdueCutoff(now);
    filter.report_due_before = now - kPlacedOnReportWithin;
    filter.limit = std::clamp(query.limit, 1, 500) + 1;  // one more: is there a next page?
    IncidentPage page;
    std::vector<Incident> found;
    std::vector<Sanction> sanctions;
    const Scope scope = ActionScope(by, Action::kIncidentsRead);
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        // A filter naming an establishment outside the scope is not found (and not audited as
        // a read of that establishment's incidents).
        if (!filter.establishment.empty()) {
            WARDEN_TRY(access_support::LoadEstablishment(repos, filter.establishment, scope));
        }
        WARDEN_ASSIGN_OR_RETURN(found, repos.incidents.List(filter, scope));
        if (found.size() >= static_cast<size_t>(filter.limit)) {
            found.pop_back();
            page.next_cursor = std::to_string(found.back().id);
        }
        std::vector<Id> ids;
        ids.reserve(found.size());
        for (const auto& i : found) ids.push_back(i.id);
        WARDEN_ASSIGN_OR_RETURN(sanctions, repos.incidents.Sanctions(ids, scope));
        return Ok();
    }));
    // Each list page is audited with its filter and count (incidents name prisoners).
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        std::string detail =
            "status=" + std::string(filter.status ? IncidentStatusName(*filter.status) : "any") +
            " type=" + std::string(filter.type ? IncidentTypeName(*filter.type) : "any");
        if (filter.riu_overdue)
            detail += std::string(" overdue=") + (*filter.riu_overdue ? "true" : "false");
        detail += " count=" + std::to_string(found.size());
        AuditEntry entry =
            NewAuditEntry(by, now, "incidents.list.read",
                          filter.establishment.empty() ? "incidents:all"
                                                       : "establishment:" + filter.establishment,
                          detail);
        entry.establishment = filter.establishment;
        return repos.audit.Append(entry);
    }));
    for (auto& i : found) {
        std::vector<Sanction> mine;
        for (const auto& x : sanctions) {
            if (x.incident_id == i.id) mine.push_back(x);
        }
        page.items.push_back(Describe(std::move(i), std::move(mine)));
    }
    return page;
}

}  // namespace warden::domain
