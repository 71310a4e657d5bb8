#pragma once
// Digital demand proposals in memory, for unit tests of the demand services (part of
// InMemoryState, so writes stay all-or-nothing).

#include <map>
#include <vector>

#include "domain/demand/proposal_repository.hpp"

namespace warden::domain::testing {

/// The proposals an InMemoryState holds.
struct InMemoryProposalState {
    std::map<Id, Proposal> proposals;
    std::vector<ProposalEvent> events;
    Id next_id = 1;
    Id next_event_id = 1;
};

/// Proposals in memory.
class InMemoryProposals final : public ProposalRepository {
  public:
    explicit InMemoryProposals(InMemoryProposalState& s) : s_(s) {}
    Result<Id> Add(const Proposal& proposal) override {
        Proposal p = proposal;
        p.id = s_.next_id++;
        s_.proposals[p.id] = p;
        return p.id;
    }
    Status Update(const Proposal& proposal) override {
        auto it = s_.proposals.find(proposal.id);
        if (it == s_.proposals.end()) return Error::NotFound("no such proposal");
        it->second = proposal;
        return Ok();
    }
    Result<Proposal> Get(Id id, const ProposalScope& scope) override {
        auto it = s_.proposals.find(id);
        if (it == s_.proposals.end() || !scope.Allows(it->second)) {
            return Error::NotFound("no such proposal");
        }
        return it->second;
    }
    Result<std::vector<Proposal>> List(const ProposalQuery& q,
                                       const ProposalScope& scope) override {
        std::vector<Proposal> out;
        for (auto it = s_.proposals.rbegin(); it != s_.proposals.rend(); ++it) {
            const Proposal& p = it->second;
            if (!scope.Allows(p)) continue;
            if (!q.establishment.empty() && p.fields.establishment != q.establishment) continue;
            if (q.state && p.state != *q.state) continue;
            if (!q.category.empty() && p.fields.category != q.category) continue;
            out.push_back(p);
        }
        return out;
    }
    Result<Id> AddEvent(const ProposalEvent& event) override {
        ProposalEvent e = event;
        e.id = s_.next_event_id++;
        s_.events.push_back(e);
        return e.id;
    }
    Result<std::vector<ProposalEvent>> Timeline(Id proposal_id,
                                                const ProposalScope& scope) override {
        std::vector<ProposalEvent> out;
        auto it = s_.proposals.find(proposal_id);
        if (it == s_.proposals.end() || !scope.Allows(it->second)) return out;
        for (const auto& e : s_.events) {
            if (e.proposal_id == proposal_id) out.push_back(e);
        }
        return out;
    }

  private:
    InMemoryProposalState& s_;
};

}  // namespace warden::domain::testing
