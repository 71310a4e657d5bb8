#pragma once
// The monitoring view's aggregates in memory, for the domain's unit tests (in_memory_store.hpp
// holds it): the same counts and orders as storage/tmpp/sql_monitoring.cpp.

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "domain/testing/in_memory_state.hpp"

namespace warden::domain::testing {

/// MonitoringRepository over InMemoryState.
class InMemoryMonitoring final : public MonitoringRepository {
  public:
    explicit InMemoryMonitoring(InMemoryState& s) : s_(s) {}

    Result<std::vector<IncidentCount>> IncidentCounts(TimePoint since,
                                                      const Scope& scope) override {
        std::map<std::tuple<std::string, std::string, std::string>, int> counts;
        for (const auto& [id, i] : s_.incidents.incidents) {
            if (!scope.Allows(i.establishment) || i.discovered_at < since ||
                i.status == IncidentStatus::kNotReportable) {
                continue;
            }
            ++counts[{MonthOf(i.discovered_at), i.establishment,
                      std::string(IncidentTypeName(i.type))}];
        }
        std::vector<IncidentCount> out;
        for (const auto& [key, n] : counts) {
            out.push_back({std::get<1>(key), std::get<2>(key), std::get<0>(key), n});
        }
        return out;
    }
    Result<std::vector<HandsetStatusCount>> HandsetCounts(const Scope& scope) override {
        std::map<std::pair<std::string, std::string>, int> counts;
        for (const auto& [tag, h] : s_.handsets.handsets) {
            if (scope.Allows(h.establishment)) {
                ++counts[{h.establishment, std::string(HandsetStatusName(h.status))}];
            }
        }
        std::vector<HandsetStatusCount> out;
        for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
        return out;
    }
    Result<std::vector<GrantPhaseCount>> GrantCounts(const Scope& scope) override {
        std::map<std::pair<std::string, int>, int> counts;
        for (const auto& [id, g] : s_.grants) {
            if (g.active && scope.Allows(g.establishment)) ++counts[{g.establishment, g.phase}];
        }
        std::vector<GrantPhaseCount> out;
        for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
        return out;
    }

  private:
    InMemoryState& s_;
};

}  // namespace warden::domain::testing
