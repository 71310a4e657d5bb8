#pragma once
// The TMPP incident service: staff raise an incident (it is REPORTED at once and the
// establishment's TMPP SPoC is emailed), a return that finds a seal mismatch, a missing SIM or
// damage opens a DRAFT in its own transaction (OpenDraftIncident), and staff complete and report
// a draft or mark it NOT_REPORTABLE with a reason; Security notifies the region's RIU (copying
// the monitoring mailbox) and closes it. Every step writes its timeline event and audit
// entry, and the email its outbox message, in the same transaction. Emails carry codes only
// (reference, type, establishment, wing, handset tag, prison numbers) and a link: never names,
// dates of birth or the description.

#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/incidents/incident.hpp"
#include "domain/tmpp/incidents/sanction.hpp"

namespace warden::domain {

/// An email an incident step enqueued, with its delivery state.
struct IncidentNotification {
    Id outbox_id = 0;
    std::string kind;  // "tmpp.incident.reported" (to the SPoC), "tmpp.incident.riu"
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string state;  // PENDING, SENT or DEAD
    TimePoint created_at{};
    std::optional<TimePoint> sent_at;
};

/// One incident with its timeline and notifications (a list leaves those two empty).
struct IncidentView {
    Incident incident;
    std::vector<IncidentEvent> timeline;  // oldest first
    std::vector<IncidentNotification> notifications;
    std::optional<TimePoint> riu_due_by;  // while REPORTED: when the RIU notification is due
    bool overdue = false;                 // riu_overdue or report_overdue
    std::vector<Sanction> sanctions;      // oldest first
    bool riu_overdue = false;             // REPORTED and past riu_due_by
    /// While placing on report is awaited (PlacedOnReportDueBy): discovery + 48 hours.
    std::optional<TimePoint> report_due_by;
    bool report_overdue = false;  // past report_due_by
    /// What closing still needs (MissingForClose), for the page.
    std::vector<MissingSanctions> missing_for_close;
};

/// A list's filters as the API and the pages receive them (checked by IncidentService::List).
struct IncidentQuery {
    std::string establishment;
    std::string status;   // DRAFT, REPORTED, ...
    std::string type;     // SEAL_TAMPERED, ...
    std::string overdue;  // "true", "false" or empty: the RIU notification or placing on report
    std::string cursor;   // the next_cursor of the previous page
    int limit = 50;
};

/// One page of incidents, newest first.
struct IncidentPage {
    std::vector<IncidentView> items;
    std::string next_cursor;  // empty on the last page
};

/// Opens a DRAFT incident inside the caller's transaction (a return or a stocktake): gives it
/// the establishment's next reference and writes its timeline step and audit entry. `draft`
/// carries type, establishment, wing, handset, prisoners, evidence and description; the
/// reporter, the times and the status are set here.
Result<Incident> OpenDraftIncident(Repositories& repos, const Actor& by, TimePoint now,
                                   Incident draft);

/// Incident reports and the first step of their email chain.
class IncidentService {
  public:
    /// `public_url` (WARDEN_PUBLIC_URL) starts the link each email carries; `monitoring_email`
    /// (WARDEN_MONITORING_EMAIL) is copied on every RIU notification.
    IncidentService(Store& store, const Clock& clock, std::string public_url,
                    std::string monitoring_email);

    /// WING_OFFICER, TMPP_SPOC or SECURITY of the establishment raises an incident: it is
    /// REPORTED at once and the SPoC emailed. kInvalidInput naming each failing field.
    Result<Incident> Raise(const Actor& by, const IncidentInput& input);
    /// One incident with its timeline and notifications (in the reader's scope).
    Result<IncidentView> Get(const Actor& by, const std::string& reference);
    /// Completes a DRAFT with `input` (description required; wing, handset, prisoners, times and
    /// local IR number replace the draft's when given) and reports it: REPORTED, the SPoC
    /// emailed. kConflict when the incident is not a DRAFT.
    Result<Incident> Report(const Actor& by, const std::string& reference,
                            const IncidentInput& input);
    /// Marks a DRAFT NOT_REPORTABLE with a reason (a misread seal, say).
    Result<Incident> MarkNotReportable(const Actor& by, const std::string& reference,
                                       const std::string& reason);

    /// SECURITY of the establishment notifies the region's RIU of a REPORTED incident, copying
    /// the national monitoring mailbox: RIU_NOTIFIED. kConflict when it is not REPORTED or the
    /// region has no RIU address.
    Result<Incident> NotifyRiu(const Actor& by, const std::string& reference);
    /// SECURITY closes an RIU_NOTIFIED incident with its outcome. A SEAL_TAMPERED,
    /// SIM_TAMPERED, MISUSE or NON_COMPLIANCE incident needs, for every prisoner it names, both
    /// a WITHDRAWAL and a PLACED_ON_REPORT sanction, or, when it names none,
    /// `no_prisoner_reason`, why no prisoner could be identified; kConflict naming each prisoner
    /// and sanction missing otherwise. A reason for an incident that cannot take one
    /// (TakesNoPrisonerReason) is kInvalidInput on that field.
    Result<Incident> Close(const Actor& by, const std::string& reference,
                           const std::string& outcome, const std::string& no_prisoner_reason);
    /// SECURITY of the incident's establishment records a sanction against a prisoner it names,
    /// while it is REPORTED or RIU_NOTIFIED (sanction_service.cpp). WITHDRAWAL is the TMPP
    /// withdrawal (WithdrawAccessIn: the grant ends, issuing is refused, the wing list is stale,
    /// a held handset is flagged for recall), PLACED_ON_REPORT needs the adjudication reference
    /// ("MDI-000123"), OTHER a description. One transaction with the timeline step and the
    /// audit entries. kInvalidInput naming the field; kConflict when the state does not allow
    /// it or the prisoner already has that minimum sanction.
    Result<Sanction> RecordSanction(const Actor& by, const std::string& reference,
                                    const SanctionInput& input);
    /// The incidents in the reader's scope (MONITORING: every establishment's) that `query`
    /// selects; kInvalidInput naming a bad filter.
    Result<IncidentPage> List(const Actor& by, const IncidentQuery& query);

  private:
    IncidentView Describe(Incident incident, std::vector<Sanction> sanctions) const;

    Store& store_;
    const Clock& clock_;
    std::string public_url_;
    std::string monitoring_email_;
};

}  // namespace warden::domain
