#pragma once
// Part of the in-memory Store for unit tests (see in_memory_store.hpp).

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain::testing {

/// Everything an InMemoryStore holds.
struct InMemoryState {
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
    // TMPP access
    std::map<std::string, AccessRecord> access;
    std::vector<AccessEvent> events;
    std::vector<Need> needs;
    std::map<std::pair<std::string, int>, CompactVersion> compacts;
    std::vector<CompactSignature> signatures;
    std::vector<StoredRecommendation> recommendations;
    std::map<std::string, RiskDecision> decisions;
    std::map<std::string, std::vector<PhaseRule>> phases;
    std::vector<StoredRiskRules> risk_rules;  // oldest first
    std::map<Id, Grant> grants;
    std::map<std::tuple<std::string, std::string, int>, WingList> wing_lists;
};

}  // namespace warden::domain::testing
