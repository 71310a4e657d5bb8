#pragma once
// JSON of TMPP access shared by the API routes (tmpp_api.cpp) and the prisoner routes (api.cpp).

#include <boost/json.hpp>

#include "domain/tmpp/access/access_service.hpp"

namespace warden::web::api {

/// A prisoner's "tmpp" summary: state, active grant, latest recommended band and decision.
boost::json::object PrisonerTmppJson(const domain::AccessView& access,
                                     const domain::RiskAssessmentView& risk);

}  // namespace warden::web::api
