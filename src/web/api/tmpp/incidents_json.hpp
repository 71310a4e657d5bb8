#pragma once
// The JSON of a TMPP incident (API.md: incidents), shared by the incident routes.

#include <boost/json.hpp>

#include "domain/tmpp/incidents/incident_service.hpp"

namespace warden::web::api {

/// An incident's fields with its RIU deadline and overdue flag (without timeline and
/// notifications: a list item); `sanctions` is empty until sanctions are built.
boost::json::object IncidentJson(const domain::IncidentView& view);
/// An incident with its timeline and notifications.
boost::json::object IncidentViewJson(const domain::IncidentView& view);

}  // namespace warden::web::api
