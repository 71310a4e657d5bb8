#pragma once
// The JSON of a TMPP incident (API.md: incidents), shared by the incident routes.

#include <boost/json.hpp>

#include "domain/tmpp/incidents/incident_service.hpp"

namespace warden::web::api {

/// An incident's fields (without timeline and notifications); `sanctions` is empty until
/// sanctions are built.
boost::json::object IncidentJson(const domain::Incident& incident);
/// An incident with its timeline and notifications.
boost::json::object IncidentViewJson(const domain::IncidentView& view);

}  // namespace warden::web::api
