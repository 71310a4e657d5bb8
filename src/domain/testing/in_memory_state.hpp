#pragma once
// Part of the in-memory Store for unit tests (see in_memory_store.hpp).

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/ports.hpp"
#include "domain/testing/in_memory_handsets.hpp"
#include "domain/testing/in_memory_incidents.hpp"
#include "domain/testing/in_memory_outbox.hpp"
#include "domain/testing/in_memory_proposals.hpp"
#include "domain/testing/in_memory_tmpp.hpp"

namespace warden::domain::testing {

/// Everything an InMemoryStore holds (the TMPP part in InMemoryTmppState).
struct InMemoryState : InMemoryTmppState {
    std::map<std::string, Region> regions;
    std::map<std::string, Establishment> establishments;  // without wings
    std::map<std::pair<std::string, std::string>, Location> locations;
    std::map<Id, User> users;
    Id next_user_id = 1;
    std::map<std::string, Session> sessions;
    std::map<std::string, ApiToken> tokens;
    Id next_token_id = 1;
    std::map<std::string, Prisoner> prisoners;
    std::vector<AuditEntry> audit;
    InMemoryOutboxState outbox;
    InMemoryProposalState demand;  // digital demand
    InMemoryHandsetState handsets;
    InMemoryIncidentState incidents;
};

}  // namespace warden::domain::testing
