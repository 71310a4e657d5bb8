#pragma once
// TMPP incidents in memory, for the domain's unit tests (in_memory_store.hpp holds them).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain::testing {

/// The incidents part of InMemoryState.
struct InMemoryIncidentState {
    std::map<std::pair<std::string, int>, int> numbers;  // (establishment, year) → last number
    std::map<Id, Incident> incidents;
    std::vector<IncidentEvent> events;
};

/// IncidentRepository over InMemoryIncidentState, with the database's unique reference.
class InMemoryIncidents final : public IncidentRepository {
  public:
    explicit InMemoryIncidents(InMemoryIncidentState& s) : s_(s) {}

    Result<int> NextNumber(const std::string& establishment, int year) override {
        return ++s_.numbers[{establishment, year}];
    }
    Result<Id> Add(const Incident& incident) override {
        for (const auto& [id, other] : s_.incidents) {
            if (other.reference == incident.reference) {
                return Error::Conflict("Incident " + incident.reference + " already exists");
            }
        }
        Incident stored = incident;
        stored.id = static_cast<Id>(s_.incidents.size() + 1);
        s_.incidents[stored.id] = stored;
        return stored.id;
    }
    Status Update(const Incident& incident) override {
        auto it = s_.incidents.find(incident.id);
        if (it == s_.incidents.end()) return Error::NotFound("no such incident");
        const std::string reference = it->second.reference;
        it->second = incident;
        it->second.reference = reference;
        return Ok();
    }
    Result<std::vector<Incident>> List(const IncidentFilter& f, const Scope& scope) override {
        std::vector<Incident> out;
        for (auto it = s_.incidents.rbegin(); it != s_.incidents.rend(); ++it) {
            const Incident& i = it->second;
            if (!scope.Allows(i.establishment)) continue;
            if (f.before_id != 0 && i.id >= f.before_id) continue;
            if (!f.establishment.empty() && i.establishment != f.establishment) continue;
            if (f.status && i.status != *f.status) continue;
            if (f.type && i.type != *f.type) continue;
            if (f.riu_overdue) {
                const bool overdue = i.status == IncidentStatus::kReported && i.reported_at &&
                                     *i.reported_at < f.riu_due_before;
                if (overdue != *f.riu_overdue) continue;
            }
            out.push_back(i);
            if (out.size() >= static_cast<size_t>(f.limit)) break;
        }
        return out;
    }
    Result<Incident> Get(const std::string& reference, const Scope& scope) override {
        for (const auto& [id, i] : s_.incidents) {
            if (i.reference == reference && scope.Allows(i.establishment)) return i;
        }
        return Error::NotFound("Incident " + reference + " was not found");
    }
    Result<Id> AddEvent(const IncidentEvent& event) override {
        IncidentEvent stored = event;
        stored.id = static_cast<Id>(s_.events.size() + 1);
        s_.events.push_back(stored);
        return stored.id;
    }
    Result<std::vector<IncidentEvent>> Timeline(Id incident_id, const Scope& scope) override {
        std::vector<IncidentEvent> out;
        auto it = s_.incidents.find(incident_id);
        if (it == s_.incidents.end() || !scope.Allows(it->second.establishment)) return out;
        for (const auto& e : s_.events) {
            if (e.incident_id == incident_id) out.push_back(e);
        }
        return out;
    }

  private:
    InMemoryIncidentState& s_;
};

}  // namespace warden::domain::testing
