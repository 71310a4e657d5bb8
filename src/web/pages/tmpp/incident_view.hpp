#pragma once
// What the incident pages share (incident_pages.cpp, incident_raise_pages.cpp).

#include <string>

#include "domain/tmpp/incidents/incident.hpp"
#include "web/pages/page_kit.hpp"

namespace warden::web::pages {

/// "Seal tampered", ... for a type.
std::string IncidentTypeLabel(domain::IncidentType type);
/// "Draft", "RIU notified", ... for a state.
std::string IncidentStatusLabel(domain::IncidentStatus status);
/// A tag's data {text, class} for a state.
Data IncidentStatusTag(domain::IncidentStatus status);

}  // namespace warden::web::pages
