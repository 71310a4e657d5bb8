#pragma once
// TMPP incidents in memory, for the domain's unit tests (in_memory_store.hpp holds them).

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain::testing {

/// The incidents part of InMemoryState.
struct InMemoryIncidentState {
    std::map<std::pair<std::string, int>, int> numbers;  // (establishment, year) → last number
    std::map<Id, Incident> incidents;
    std::vector<IncidentEvent> events;
    std::vector<Sanction> sanctions;
    int tampering_fact_reads = 0;  // calls of TamperingFacts (a bulk read: one per assessment)
};

/// IncidentRepository over InMemoryIncidentState, with the database's unique reference.
class InMemoryIncidents final : public IncidentRepository {
  public:
    /// `prisoners` (where each prisoner is held) is read by TamperingFacts.
    explicit InMemoryIncidents(InMemoryIncidentState& s,
                               const std::map<std::string, Prisoner>* prisoners = nullptr)
        : s_(s), prisoners_(prisoners) {}

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
    Status Update(const Incident& incident, IncidentStatus was) override {
        auto it = s_.incidents.find(incident.id);
        if (it == s_.incidents.end()) return Error::NotFound("no such incident");
        if (it->second.status != was) {
            return Error::Conflict("Incident " + incident.reference + " was changed meanwhile");
        }
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
                bool overdue = i.status == IncidentStatus::kReported && i.reported_at &&
                               *i.reported_at < f.riu_due_before;
                if (f.report_due_before != TimePoint{}) {
                    std::vector<Sanction> mine;
                    for (const auto& x : s_.sanctions) {
                        if (x.incident_id == i.id) mine.push_back(x);
                    }
                    auto due = PlacedOnReportDueBy(i, mine);
                    overdue = overdue || (due && i.discovered_at < f.report_due_before);
                }
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

    Result<Id> AddSanction(const Sanction& sanction) override {
        for (const auto& other : s_.sanctions) {
            if (sanction.kind != SanctionKind::kOther && other.kind == sanction.kind &&
                other.incident_id == sanction.incident_id &&
                other.prison_number == sanction.prison_number) {
                return Error::Conflict(sanction.prison_number + " already has a " +
                                       std::string(SanctionKindName(sanction.kind)) +
                                       " sanction for this incident");
            }
        }
        Sanction stored = sanction;
        stored.id = static_cast<Id>(s_.sanctions.size() + 1);
        s_.sanctions.push_back(stored);
        return stored.id;
    }
    Result<std::vector<Sanction>> Sanctions(const std::vector<Id>& incident_ids,
                                            const Scope& scope) override {
        std::vector<Sanction> out;
        for (const auto& x : s_.sanctions) {
            auto it = s_.incidents.find(x.incident_id);
            if (it == s_.incidents.end() || !scope.Allows(it->second.establishment)) continue;
            if (std::find(incident_ids.begin(), incident_ids.end(), x.incident_id) !=
                incident_ids.end()) {
                out.push_back(x);
            }
        }
        return out;
    }
    Result<std::vector<TamperingFact>> TamperingFacts(const Scope& prisoners) override {
        ++s_.tampering_fact_reads;
        std::vector<TamperingFact> out;
        for (const auto& [id, i] : s_.incidents) {
            if (i.type != IncidentType::kSealTampered && i.type != IncidentType::kSimTampered) {
                continue;
            }
            if (i.status != IncidentStatus::kReported && i.status != IncidentStatus::kRiuNotified &&
                i.status != IncidentStatus::kClosed) {
                continue;
            }
            for (const auto& number : i.prisoners) {
                if (prisoners_ == nullptr) continue;
                auto p = prisoners_->find(number);
                if (p == prisoners_->end() || !prisoners.Allows(p->second.establishment)) continue;
                out.push_back({number, i.reference});
            }
        }
        std::sort(out.begin(), out.end(), [](const TamperingFact& a, const TamperingFact& b) {
            return std::tie(a.prison_number, a.reference) < std::tie(b.prison_number, b.reference);
        });
        return out;
    }

  private:
    InMemoryIncidentState& s_;
    const std::map<std::string, Prisoner>* prisoners_;
};

}  // namespace warden::domain::testing
