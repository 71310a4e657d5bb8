#pragma once
// What the web layer needs from the rest of Warden, passed in by the app's wiring.

#include <string>
#include <vector>

#include "domain/audit/audit_service.hpp"
#include "domain/demand/catalogue_service.hpp"
#include "domain/demand/proposal_service.hpp"
#include "domain/demand/review.hpp"
#include "domain/establishments/organisation_service.hpp"
#include "domain/notify/outbox_service.hpp"
#include "domain/people/auth_service.hpp"
#include "domain/prisoners/prisoner_service.hpp"
#include "domain/tmpp/access/access_service.hpp"
#include "domain/tmpp/access/queue_service.hpp"
#include "domain/tmpp/handsets/handset_service.hpp"
#include "domain/tmpp/handsets/stocktake_service.hpp"
#include "domain/tmpp/incidents/incident_service.hpp"
#include "domain/tmpp/monitoring/monitoring_service.hpp"

namespace warden::web {

/// Settings the web layer reads.
struct WebConfig {
    std::string public_url = "http://127.0.0.1:8080";
    bool secure_cookies = false;  // true when public_url is https
    std::string version;
    std::string commit;
    std::string static_dir;                    // served under /assets/
    std::string template_dir;                  // mustache templates
    std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
    int signin_attempts_per_minute = 10;       // per client address
};

/// The domain services and infrastructure handlers call.
struct Services {
    domain::Store& store;
    const Clock& clock;
    domain::AuthService& auth;
    domain::UserAdminService& users;
    domain::OrganisationService& organisation;
    domain::PrisonerService& prisoners;
    domain::AccessService& access;
    domain::RiskRulesService& risk_rules;
    domain::QueueService& queue;
    domain::AuditService& audit;
    domain::notify::OutboxService& outbox;
    domain::ProposalService& proposals;
    domain::HandsetService& handsets;
    domain::ReviewService& reviews;
    domain::IncidentService& incidents;
    domain::CatalogueService& catalogue;
    domain::StocktakeService& stocktakes;
    domain::MonitoringService& monitoring;
};

}  // namespace warden::web
