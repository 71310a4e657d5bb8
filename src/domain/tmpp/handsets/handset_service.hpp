#pragma once
// The TMPP handset service: the register (TMPP_SPOC manages it, prison staff and MONITORING
// read it), issue and return (WING_OFFICER, TMPP_SPOC), reseal and retire (TMPP_SPOC) and the
// overdue limit. Every change writes a timeline event and its audit entry in the same
// transaction. A return that calls for an incident opens its DRAFT in the same transaction
// (OpenDraftIncident) and answers with its reference.

#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/handsets/handset.hpp"
#include "domain/tmpp/incidents/incident.hpp"

namespace warden::domain {

/// A handset with whether it is overdue under its establishment's limit.
struct HandsetRow {
    Handset handset;
    bool overdue = false;
};

/// One handset with its timeline.
struct HandsetView {
    Handset handset;
    bool overdue = false;
    int overdue_minutes = kDefaultOverdueMinutes;
    std::vector<HandsetEvent> timeline;  // oldest first
};

/// The outcome of an issue: the handset, the issue and the grant's conditions to tell the
/// prisoner (such as SUPERVISED_USE).
struct IssueOutcome {
    Handset handset;
    HandsetIssue issue;
    std::vector<std::string> conditions;
};

/// The outcome of a return: the handset and, for a mismatch or damage, what the draft incident
/// opened in the return's transaction is about, and its reference.
struct ReturnResult {
    Handset handset;
    HandsetIssue issue;
    std::optional<DraftIncidentNeeded> incident;
    std::string incident_reference;  // the draft opened in the return's transaction
};

/// A prisoner of a wing's current list with the handset they hold.
struct WingBoardEntry {
    WingListEntry entry;
    std::optional<HandsetIssue> holding;
    bool overdue = false;
};

/// What the wing page shows: the current published list with each prisoner's handset state, the
/// handsets available at the establishment, and the handsets out on the wing's list.
struct WingBoard {
    std::string establishment;
    std::string wing;
    std::optional<int> list_version;  // none published yet
    std::vector<WingBoardEntry> entries;
    std::vector<Handset> available;  // AVAILABLE at the establishment, home wing first
    int overdue_minutes = kDefaultOverdueMinutes;
};

/// The handset register and its issue and return.
class HandsetService {
  public:
    HandsetService(Store& store, const Clock& clock);

    /// TMPP_SPOC adds a handset to an establishment of their caseload: AVAILABLE. kInvalidInput
    /// naming each failing field; kConflict naming the taken field (tag, imei or iccid).
    Result<Handset> Add(const Actor& by, const std::string& establishment, HandsetInput input);
    /// TMPP_SPOC corrects model, phone number and home wing (the seal changes only by Reseal).
    Result<Handset> Edit(const Actor& by, const std::string& tag, HandsetInput input);
    /// TMPP_SPOC reseals a handset that is not ISSUED, LOST or RETIRED after inspection: a new
    /// seal number and a note; it becomes AVAILABLE.
    Result<Handset> Reseal(const Actor& by, const std::string& tag, const std::string& seal,
                           const std::string& note);
    /// TMPP_SPOC retires a handset that is not ISSUED, with a reason.
    Result<Handset> Retire(const Actor& by, const std::string& tag, const std::string& reason);
    /// The establishment's register, filtered (`status` and `wing` empty for all).
    Result<std::vector<HandsetRow>> List(const Actor& by, const std::string& establishment,
                                         const std::string& status, const std::string& wing);
    /// One handset with its timeline.
    Result<HandsetView> Get(const Actor& by, const std::string& tag);

    /// WING_OFFICER or TMPP_SPOC issues `tag` to `prisoner`, reading `seal` off the handset;
    /// kConflict naming the unmet rule (RuleOnIssue). Concurrent issues of one handset, or to one
    /// prisoner, are refused by the database (conditional update and unique open issues).
    Result<IssueOutcome> Issue(const Actor& by, const std::string& tag, const std::string& prisoner,
                               const std::string& seal);
    /// WING_OFFICER or TMPP_SPOC takes `tag` back (DecideReturn); `condition` OK or DAMAGED.
    Result<ReturnResult> Return(const Actor& by, const std::string& tag, const std::string& seal,
                                bool sim_present, const std::string& condition);

    /// The establishment's overdue limit in minutes (any reader of handsets).
    Result<int> OverdueLimit(const Actor& by, const std::string& establishment);
    /// TMPP_SPOC sets the establishment's overdue limit (1 to 1440 minutes).
    Result<int> SetOverdueLimit(const Actor& by, const std::string& establishment, int minutes);

    /// The wing page: the current published list with each prisoner's handset, and the
    /// available handsets (WING_OFFICER, TMPP_SPOC and the other readers).
    Result<WingBoard> Wing(const Actor& by, const std::string& establishment,
                           const std::string& wing);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
