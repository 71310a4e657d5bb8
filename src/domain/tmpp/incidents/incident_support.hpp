#pragma once
// Internal to the incident services (incident_service.cpp, sanction_service.cpp): loading an
// incident in scope and writing a timeline step with its audit entry. Not for other callers.

#include <string>
#include <string_view>

#include "domain/ports.hpp"
#include "domain/tmpp/incidents/incident.hpp"

namespace warden::domain::incident_support {

/// kNotFound "Incident X was not found".
Error IncidentNotFound(const std::string& reference);
/// The incident `reference` (trimmed, upper case) in `scope`, or IncidentNotFound.
Result<Incident> LoadIncident(Repositories& repos, const std::string& reference,
                              const Scope& scope);
/// The audit codes of an incident: never its description or a reason.
std::string Codes(const Incident& i);
/// A timeline step (free text for staff) and its audit entry ("incidents." + action, the codes
/// and `extra_codes`), in the caller's transaction.
Status Step(Repositories& repos, const Actor& by, TimePoint now, const Incident& i,
            const std::string& what, const std::string& detail, const std::string& action,
            Id outbox_id = 0, const std::string& extra_codes = {});
/// kConflict "Incident X is S: only N incidents can be W".
Error NotInState(const Incident& i, std::string_view needed, std::string_view what);

}  // namespace warden::domain::incident_support
