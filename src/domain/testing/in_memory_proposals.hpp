#pragma once
// Digital demand proposals in memory, for unit tests of the demand services (part of
// InMemoryState, so writes stay all-or-nothing).

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/strings.hpp"
#include "domain/demand/catalogue.hpp"
#include "domain/demand/proposal_repository.hpp"

namespace warden::domain::testing {

/// The proposals an InMemoryState holds.
struct InMemoryProposalState {
    std::map<Id, Proposal> proposals;
    std::vector<ProposalEvent> events;
    Id next_id = 1;
    Id next_event_id = 1;
    std::map<Id, CatalogueEntry> catalogue;
    Id next_catalogue_id = 1;
    std::map<Id, ProposalGroup> groups;  // members hold only ids
    std::map<Id, Id> group_of;           // proposal id -> group id
    Id next_group_id = 1;
    /// Advanced by every write of a proposal or catalogue entry (the term counts follow the
    /// proposals here): ProposalRepository::CurrentJoiningUpVersion.
    std::int64_t joining_up_version = 0;
    int proposal_index_merges = 0;  // nothing to merge in memory: counted for the jobs' tests
    int catalogue_index_merges = 0;
};

/// The candidates of `items` (newest first) for `probe`, as the SQL finds them: at most `limit`
/// sharing a term and `limit` of the same supplier.
inline std::vector<SimilarCandidate> InMemoryCandidates(const SimilarityProbe& probe,
                                                        const std::vector<SimilarCandidate>& items,
                                                        int limit) {
    std::vector<SimilarCandidate> out;
    int by_term = 0;
    int by_supplier = 0;
    for (const auto& c : items) {
        const auto terms = Split(c.terms, ' ');
        const bool term = std::any_of(probe.terms.begin(), probe.terms.end(), [&](const auto& t) {
            return std::find(terms.begin(), terms.end(), t) != terms.end();
        });
        // Each kind counts its own matches, as each SQL query has its own LIMIT.
        const bool supplier = !probe.supplier_key.empty() && c.supplier_key == probe.supplier_key;
        bool take = false;
        for (auto [hit, count] : {std::pair<bool, int*>{term, &by_term},
                                  std::pair<bool, int*>{supplier, &by_supplier}}) {
            if (hit && *count < limit) {
                ++*count;
                take = true;
            }
        }
        if (take) out.push_back(c);
    }
    return out;
}

/// Proposals in memory.
class InMemoryProposals final : public ProposalRepository {
  public:
    explicit InMemoryProposals(InMemoryProposalState& s) : s_(s) {}
    Result<Id> Add(const Proposal& proposal) override {
        Proposal p = proposal;
        p.id = s_.next_id++;
        s_.proposals[p.id] = p;
        ++s_.joining_up_version;
        return p.id;
    }
    Status Update(const Proposal& proposal) override {
        auto it = s_.proposals.find(proposal.id);
        if (it == s_.proposals.end()) return Error::NotFound("no such proposal");
        it->second = proposal;
        ++s_.joining_up_version;
        return Ok();
    }
    Result<Proposal> Get(Id id, const ProposalScope& scope) override {
        auto it = s_.proposals.find(id);
        if (it == s_.proposals.end() || !scope.Allows(it->second)) {
            return Error::NotFound("no such proposal");
        }
        return it->second;
    }
    Result<Proposal> GetForUpdate(Id id, const ProposalScope& scope) override {
        return Get(id, scope);
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

    Result<JoiningUpVersion> CurrentJoiningUpVersion() override {
        return JoiningUpVersion{"", s_.joining_up_version};
    }
    Result<std::vector<SimilarCandidate>> SimilarCandidates(const SimilarityProbe& probe,
                                                            const Scope& scope,
                                                            int limit) override {
        std::vector<SimilarCandidate> items;
        for (auto it = s_.proposals.rbegin(); it != s_.proposals.rend(); ++it) {
            const Proposal& p = it->second;
            if (p.id == probe.exclude_id || !p.submitted_at ||
                p.state == ProposalState::kWithdrawn || p.state == ProposalState::kReturned ||
                p.fields.establishment == probe.establishment ||
                !scope.Allows(p.fields.establishment)) {
                continue;
            }
            items.push_back({p.id, p.fields.establishment, p.fields.title, p.fields.category,
                             SupplierKey(p.fields.supplier), ProposalSearchText(p.fields),
                             p.fields.supplier, ""});
        }
        return InMemoryCandidates(probe, items, limit);
    }
    Result<TermCounts> CountTerms(const std::vector<std::string>& terms) override {
        TermCounts out;
        out.proposals = static_cast<std::int64_t>(s_.proposals.size());
        std::map<std::string, std::int64_t> holding;
        for (const auto& [id, p] : s_.proposals) {
            for (const auto& term :
                 SearchTerms(p.fields.title + "\n" + p.fields.summary + "\n" + p.fields.need)) {
                if (std::binary_search(terms.begin(), terms.end(), term)) ++holding[term];
            }
        }
        out.terms.assign(holding.begin(), holding.end());
        return out;
    }
    Result<std::vector<EstateProposal>> EstateProposals(const Scope& scope) override {
        std::vector<EstateProposal> out;
        for (const auto& [id, p] : s_.proposals) {
            if (!InEstateView(p.state) || !scope.Allows(p.fields.establishment)) continue;
            out.push_back({{p.id, p.fields.establishment, p.fields.title, p.fields.category,
                            SupplierKey(p.fields.supplier), ProposalSearchText(p.fields),
                            p.fields.supplier, ""},
                           p.state,
                           WholeLifeCostPence(p.fields)});
        }
        return out;
    }
    Result<Id> AddGroup(const ProposalGroup& group) override {
        ProposalGroup g = group;
        g.id = s_.next_group_id++;
        for (const auto& m : g.members) {
            if (s_.group_of.contains(m.id)) return Error::Conflict("already in a group");
        }
        for (auto& m : g.members) {
            s_.group_of[m.id] = g.id;
            m = {m.id, "", "", ProposalState::kSubmitted};
        }
        s_.groups[g.id] = g;
        return g.id;
    }
    Result<ProposalGroup> GetGroup(Id id, const Scope& scope) override {
        auto it = s_.groups.find(id);
        if (it == s_.groups.end()) return Error::NotFound("no such group");
        ProposalGroup g = it->second;
        g.members.clear();
        for (const auto& [proposal_id, group_id] : s_.group_of) {
            if (group_id != id) continue;
            const Proposal& p = s_.proposals.at(proposal_id);
            if (!scope.Allows(p.fields.establishment)) continue;
            g.members.push_back({p.id, p.fields.establishment, p.fields.title, p.state});
        }
        return g;
    }
    Result<Id> GroupOf(Id proposal_id) override {
        auto it = s_.group_of.find(proposal_id);
        return it == s_.group_of.end() ? Id{0} : it->second;
    }
    Status MergeSearchIndex() override {
        ++s_.proposal_index_merges;
        return Ok();
    }

  private:
    InMemoryProposalState& s_;
};

/// The catalogue in memory.
class InMemoryCatalogue final : public CatalogueRepository {
  public:
    explicit InMemoryCatalogue(InMemoryProposalState& s) : s_(s) {}
    Result<Id> Add(const CatalogueEntry& entry) override {
        CatalogueEntry e = entry;
        e.id = s_.next_catalogue_id++;
        s_.catalogue[e.id] = e;
        ++s_.joining_up_version;
        return e.id;
    }
    Result<std::vector<CatalogueEntry>> List() override {
        std::vector<CatalogueEntry> out;
        for (const auto& [id, e] : s_.catalogue) out.push_back(e);
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; });
        return out;
    }
    Result<std::vector<SimilarCandidate>> Candidates(const SimilarityProbe& probe,
                                                     int limit) override {
        std::vector<SimilarCandidate> items;
        for (auto it = s_.catalogue.rbegin(); it != s_.catalogue.rend(); ++it) {
            const CatalogueEntry& e = it->second;
            items.push_back({e.id, "", e.name, e.category, SupplierKey(e.supplier),
                             CatalogueSearchText(e), e.supplier, e.contact});
        }
        return InMemoryCandidates(probe, items, limit);
    }
    Status MergeSearchIndex() override {
        ++s_.catalogue_index_merges;
        return Ok();
    }

  private:
    InMemoryProposalState& s_;
};

}  // namespace warden::domain::testing
