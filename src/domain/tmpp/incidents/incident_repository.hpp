#pragma once
// The TMPP incident repository INTERFACE (included by domain/ports.hpp, whose Repositories holds
// one). Storage implements it for SQLite and PostgreSQL (storage/tmpp/sql_incidents.*), the
// in-memory store for unit tests (domain/testing/in_memory_incidents.hpp). Reads take the
// caller's Scope and the SQL applies it to the incident's establishment.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/people/roles.hpp"
#include "domain/tmpp/incidents/incident.hpp"
#include "domain/tmpp/incidents/sanction.hpp"

namespace warden::domain {

/// Which incidents a list shows (all within the reader's Scope), newest first.
struct IncidentFilter {
    std::string establishment;  // empty: every establishment in scope
    std::optional<IncidentStatus> status;
    std::optional<IncidentType> type;
    /// true: only incidents REPORTED before `riu_due_before` (the RIU notification is overdue);
    /// false: all but those; unset: no condition.
    std::optional<bool> riu_overdue;
    TimePoint riu_due_before{};
    /// When set (not the epoch), `riu_overdue` also covers placing on report: a REPORTED or
    /// RIU_NOTIFIED incident of a type that needs the minimum sanctions, discovered before this,
    /// with no no-prisoner reason and a prisoner without a PLACED_ON_REPORT sanction.
    TimePoint report_due_before{};
    Id before_id = 0;  // the cursor: only incidents with a smaller id (0: from the newest)
    int limit = 50;
};

/// A fact the risk rule "a previous TMPP tampering incident" reads: a prisoner named on a
/// REPORTED, RIU_NOTIFIED or CLOSED SEAL_TAMPERED or SIM_TAMPERED incident. Codes only: never the
/// incident's description, outcome or timeline, which stay with its establishment.
struct TamperingFact {
    std::string prison_number;
    std::string reference;
};

/// Incident reports and their timelines.
class IncidentRepository {
  public:
    virtual ~IncidentRepository() = default;
    /// The next number of the establishment's incidents of `year` (1, 2, ...): a counter row
    /// updated in the caller's transaction, so a number is never handed out twice and, once an
    /// incident with it is committed, never again.
    virtual Result<int> NextNumber(const std::string& establishment, int year) = 0;
    /// Stores a new incident; kConflict when its reference exists. Returns its id.
    virtual Result<Id> Add(const Incident& incident) = 0;
    /// Replaces the fields of the incident `incident.id` that may change (status, wing, handset,
    /// prisoners, times, description, local IR number, outcome), only while its stored status
    /// is still `was` (as the caller read it in this transaction); kConflict when another
    /// transaction moved it first (two concurrent steps on PostgreSQL: the second is refused).
    virtual Status Update(const Incident& incident, IncidentStatus was) = 0;
    /// The incidents `filter` selects in `scope`, newest (highest id) first, at most
    /// `filter.limit`.
    virtual Result<std::vector<Incident>> List(const IncidentFilter& filter,
                                               const Scope& scope) = 0;
    /// kNotFound when absent or outside `scope`.
    virtual Result<Incident> Get(const std::string& reference, const Scope& scope) = 0;
    /// Appends to the incident's timeline; returns the event's id.
    virtual Result<Id> AddEvent(const IncidentEvent& event) = 0;
    /// The incident's timeline, oldest first (empty outside `scope`).
    virtual Result<std::vector<IncidentEvent>> Timeline(Id incident_id, const Scope& scope) = 0;
    /// Stores a sanction; kConflict when the prisoner already has a WITHDRAWAL (or a
    /// PLACED_ON_REPORT) for the incident. Returns its id.
    virtual Result<Id> AddSanction(const Sanction& sanction) = 0;
    /// The sanctions of the incidents `incident_ids` whose establishment is in `scope`, oldest
    /// first (one query, for a page of incidents).
    virtual Result<std::vector<Sanction>> Sanctions(const std::vector<Id>& incident_ids,
                                                    const Scope& scope) = 0;
    /// Every TamperingFact about the prisoners now held at an establishment in `prisoners`, by
    /// prison number then reference, in one query: the fact follows the prisoner across
    /// transfers (the incident's own establishment is not in the condition).
    virtual Result<std::vector<TamperingFact>> TamperingFacts(const Scope& prisoners) = 0;
};

}  // namespace warden::domain
