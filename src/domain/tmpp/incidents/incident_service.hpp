#pragma once
// The TMPP incident service: staff raise an incident (it is REPORTED at once and the
// establishment's TMPP SPoC is emailed), a return that finds a seal mismatch, a missing SIM or
// damage opens a DRAFT in its own transaction (OpenDraftIncident), and staff complete and report
// a draft or mark it NOT_REPORTABLE with a reason. Every step writes its timeline event and audit
// entry, and the email its outbox message, in the same transaction. Emails carry codes only
// (reference, type, establishment, wing, handset tag, prison numbers) and a link: never names,
// dates of birth or the description.

#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/incidents/incident.hpp"

namespace warden::domain {

/// An email an incident step enqueued, with its delivery state.
struct IncidentNotification {
    Id outbox_id = 0;
    std::string kind;  // "tmpp.incident.reported"
    std::vector<std::string> to;
    std::string state;  // PENDING, SENT or DEAD
    TimePoint created_at{};
    std::optional<TimePoint> sent_at;
};

/// One incident with its timeline and notifications.
struct IncidentView {
    Incident incident;
    std::vector<IncidentEvent> timeline;  // oldest first
    std::vector<IncidentNotification> notifications;
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
    /// `public_url` (WARDEN_PUBLIC_URL) starts the link each email carries.
    IncidentService(Store& store, const Clock& clock, std::string public_url);

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

  private:
    Store& store_;
    const Clock& clock_;
    std::string public_url_;
};

}  // namespace warden::domain
