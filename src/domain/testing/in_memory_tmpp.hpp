#pragma once
// The TMPP repositories in memory, for unit tests of domain services (used by InMemoryStore in
// in_memory_store.hpp). They enforce the caller's Scope as the SQL does: a row is found only when
// its own establishment is in scope (National finds every row).

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/prisoners/prisoner.hpp"
#include "domain/tmpp/repositories.hpp"

namespace warden::domain::testing {

/// The TMPP part of InMemoryState.
struct InMemoryTmppState {
    // Keyed by (prison number, establishment): each establishment keeps its own row.
    std::map<std::pair<std::string, std::string>, AccessRecord> access;
    std::vector<AccessEvent> events;
    std::vector<Need> needs;
    std::map<std::pair<std::string, int>, CompactVersion> compacts;
    std::vector<CompactSignature> signatures;
    std::vector<StoredRecommendation> recommendations;
    std::map<std::pair<std::string, std::string>, RiskDecision> decisions;
    std::map<std::string, std::vector<PhaseRule>> phases;
    std::vector<PhaseHistoryEntry> phase_changes;
    std::vector<StoredRiskRules> risk_rules;  // oldest first
    std::map<Id, Grant> grants;
    std::map<std::tuple<std::string, std::string, int>, WingList> wing_lists;
    // Run once, by the next MarkDecisionForReview, before it looks at the decision: a test's
    // stand-in for a decision that another transaction commits between a read and the mark.
    std::function<void(InMemoryTmppState&)> before_next_mark;
    // The same, run by the next LockActiveGrant: a grant ended or changed by another transaction
    // between a read and the lock.
    std::function<void(InMemoryTmppState&)> before_next_grant_lock;
};

inline TimePoint UpdatedAt(const AccessRecord& a) { return a.updated_at; }
inline TimePoint UpdatedAt(const RiskDecision& d) { return d.decided_at; }

/// The prisoner's row at an establishment in `scope`; of several, the last updated (as the SQL
/// repositories read it), or null.
template <typename Row>
const Row* InScope(const std::map<std::pair<std::string, std::string>, Row>& rows,
                   const std::string& prison_number, const Scope& scope) {
    const Row* found = nullptr;
    for (auto it = rows.lower_bound({prison_number, ""});
         it != rows.end() && it->first.first == prison_number; ++it) {
        if (!scope.Allows(it->second.establishment)) continue;
        if (found == nullptr || UpdatedAt(*found) < UpdatedAt(it->second)) found = &it->second;
    }
    return found;
}

/// Calls counted over one transaction.
struct InMemoryTmppCounters {
    int bulk_recommendation_calls = 0;  // AddRecommendations
    int queue_reads = 0;                // QueueAt
    int per_prisoner_reads = 0;         // GetAccess, NeedsOf, LatestRecommendation, GetDecision,
                                        // ActiveGrant
};

/// What the TMPP repositories of one transaction work on.
struct InMemoryTmppContext {
    InMemoryTmppState& s;
    const std::map<std::string, Prisoner>& prisoners;
    InMemoryTmppCounters& counters;
};

/// Access records, the queue and timelines in memory.
class InMemoryAccess final : public AccessRepository {
  public:
    explicit InMemoryAccess(InMemoryTmppContext& c) : c_(c), s_(c.s) {}
    Result<AccessRecord> GetAccess(const std::string& prison_number, const Scope& scope) override {
        ++c_.counters.per_prisoner_reads;
        const AccessRecord* found = InScope(s_.access, prison_number, scope);
        if (found == nullptr) {
            AccessRecord none;
            none.prison_number = prison_number;
            return none;
        }
        return *found;
    }
    Status PutAccess(const AccessRecord& access) override {
        s_.access[{access.prison_number, access.establishment}] = access;
        return Ok();
    }
    Result<std::vector<AccessRecord>> OpenAccessAt(const std::string& establishment,
                                                   const Scope& scope) override {
        std::vector<AccessRecord> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [key, a] : s_.access) {
            if (a.establishment == establishment && a.state != AccessState::kNone &&
                a.state != AccessState::kEnded) {
                out.push_back(a);
            }
        }
        return out;
    }
    Result<TmppQueuePage> QueuePage(const QueueQuery& query, const Scope& scope) override {
        WARDEN_ASSIGN_OR_RETURN(auto all, QueueAt(query.establishment, scope));
        std::vector<TmppQueueEntry> matching;
        for (auto& e : all) {
            if (QueueMatches(e, query)) matching.push_back(std::move(e));
        }
        std::stable_sort(matching.begin(), matching.end(),
                         [&](const auto& a, const auto& b) { return QueueBefore(a, b, query); });
        TmppQueuePage page;
        page.total = static_cast<int>(matching.size());
        const int offset = std::clamp(query.offset, 0, page.total);
        const int end = std::min(page.total, offset + std::clamp(query.limit, 1, 500));
        page.entries.assign(std::make_move_iterator(matching.begin() + offset),
                            std::make_move_iterator(matching.begin() + end));
        return page;
    }
    Result<std::vector<TmppQueueEntry>> QueueAt(const std::string& establishment,
                                                const Scope& scope) override {
        ++c_.counters.queue_reads;
        std::vector<TmppQueueEntry> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [number, p] : c_.prisoners) {
            if (p.establishment != establishment || p.gone) continue;
            TmppQueueEntry& e = out.emplace_back();
            e.prisoner = p;
            if (auto it = s_.access.find({number, establishment}); it != s_.access.end()) {
                e.state = it->second.state;
                e.ended_need_id = it->second.ended_need_id;
            }
            for (const auto& n : s_.needs) {
                if (n.prison_number == number && n.establishment == establishment &&
                    n.id > e.ended_need_id) {
                    e.needs.push_back(n.kind);
                }
            }
            std::sort(e.needs.begin(), e.needs.end());
            e.needs.erase(std::unique(e.needs.begin(), e.needs.end()), e.needs.end());
            for (auto it = s_.recommendations.rbegin(); it != s_.recommendations.rend(); ++it) {
                if (it->prison_number == number && it->establishment == establishment) {
                    e.recommendation = *it;
                    e.recommendation->recommendation.fired.clear();
                    break;
                }
            }
            if (auto it = s_.decisions.find({number, establishment}); it != s_.decisions.end()) {
                e.decision = it->second;
            }
            for (const auto& [id, g] : s_.grants) {
                if (g.prison_number == number && g.active && g.establishment == establishment) {
                    e.grant = g;
                }
            }
        }
        return out;
    }
    Status AddEvent(const AccessEvent& event) override {
        AccessEvent copy = event;
        copy.id = static_cast<Id>(s_.events.size()) + 1;
        s_.events.push_back(copy);
        return Ok();
    }
    Result<std::vector<AccessEvent>> Timeline(const std::string& prison_number,
                                              const Scope& scope) override {
        std::vector<AccessEvent> out;
        for (const auto& e : s_.events) {
            if (e.prison_number == prison_number && scope.Allows(e.establishment)) {
                out.push_back(e);
            }
        }
        return out;
    }

  private:
    InMemoryTmppContext& c_;
    InMemoryTmppState& s_;
};

/// Needs in memory.
class InMemoryNeeds final : public NeedRepository {
  public:
    explicit InMemoryNeeds(InMemoryTmppContext& c) : c_(c), s_(c.s) {}
    Result<Id> AddNeed(const Need& need) override {
        Need copy = need;
        copy.id = static_cast<Id>(s_.needs.size()) + 1;
        s_.needs.push_back(copy);
        return copy.id;
    }
    Result<std::vector<Need>> NeedsOf(const std::string& prison_number,
                                      const Scope& scope) override {
        ++c_.counters.per_prisoner_reads;
        std::vector<Need> out;
        for (const auto& n : s_.needs) {
            if (n.prison_number == prison_number && scope.Allows(n.establishment)) {
                out.push_back(n);
            }
        }
        return out;
    }

  private:
    InMemoryTmppContext& c_;
    InMemoryTmppState& s_;
};

/// Compact versions and signatures in memory.
class InMemoryCompacts final : public CompactRepository {
  public:
    explicit InMemoryCompacts(InMemoryTmppContext& c) : c_(c), s_(c.s) {}
    Status AddCompactVersion(const CompactVersion& version) override {
        auto key = std::make_pair(version.establishment, version.version);
        if (s_.compacts.count(key)) return Error::Conflict("compact version exists");
        s_.compacts[key] = version;
        return Ok();
    }
    Result<std::vector<CompactVersion>> CompactVersions(const std::string& establishment,
                                                        const Scope& scope) override {
        std::vector<CompactVersion> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [key, v] : s_.compacts) {
            if (key.first == establishment) out.push_back(v);
        }
        return out;
    }
    Result<Id> AddSignature(const CompactSignature& signature) override {
        CompactSignature copy = signature;
        copy.id = static_cast<Id>(s_.signatures.size()) + 1;
        s_.signatures.push_back(copy);
        return copy.id;
    }
    Result<std::vector<CompactSignature>> SignaturesOf(const std::string& prison_number,
                                                       const Scope& scope) override {
        std::vector<CompactSignature> out;
        for (const auto& sig : s_.signatures) {
            if (sig.prison_number == prison_number && scope.Allows(sig.establishment)) {
                out.push_back(sig);
            }
        }
        return out;
    }

  private:
    InMemoryTmppContext& c_;
    InMemoryTmppState& s_;
};

/// Recommendations, decisions and risk rules in memory.
class InMemoryRisk final : public RiskRepository {
  public:
    explicit InMemoryRisk(InMemoryTmppContext& c) : c_(c), s_(c.s) {}
    Status AddRecommendations(const std::vector<StoredRecommendation>& recs) override {
        ++c_.counters.bulk_recommendation_calls;
        for (const auto& r : recs) {
            StoredRecommendation copy = r;
            copy.id = static_cast<Id>(s_.recommendations.size()) + 1;
            s_.recommendations.push_back(std::move(copy));
        }
        return Ok();
    }
    Result<std::optional<StoredRecommendation>> LatestRecommendation(
        const std::string& prison_number, const Scope& scope) override {
        ++c_.counters.per_prisoner_reads;
        for (auto it = s_.recommendations.rbegin(); it != s_.recommendations.rend(); ++it) {
            if (it->prison_number == prison_number && scope.Allows(it->establishment)) {
                return std::optional(*it);
            }
        }
        return std::optional<StoredRecommendation>();
    }
    Result<std::optional<RiskDecision>> GetDecision(const std::string& prison_number,
                                                    const Scope& scope) override {
        ++c_.counters.per_prisoner_reads;
        const RiskDecision* found = InScope(s_.decisions, prison_number, scope);
        if (found == nullptr) return std::optional<RiskDecision>();
        return std::optional(*found);
    }
    Status PutDecision(const RiskDecision& decision) override {
        s_.decisions[{decision.prison_number, decision.establishment}] = decision;
        return Ok();
    }
    Result<bool> MarkDecisionForReview(const RiskDecision& read,
                                       const std::string& reason) override {
        if (auto meanwhile = std::exchange(s_.before_next_mark, nullptr)) meanwhile(s_);
        auto it = s_.decisions.find({read.prison_number, read.establishment});
        if (it == s_.decisions.end()) return false;
        RiskDecision& d = it->second;
        if (d.needs_review || d.band != read.band || d.inputs != read.inputs ||
            d.decided_at != read.decided_at || d.expires_at != read.expires_at)
            return false;
        d.needs_review = true;
        d.review_reason = reason;
        return true;
    }
    Result<std::vector<RiskDecision>> DecisionsAt(const std::string& establishment,
                                                  const Scope& scope) override {
        std::vector<RiskDecision> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [key, d] : s_.decisions) {
            if (d.establishment == establishment) out.push_back(d);
        }
        return out;
    }
    Result<std::vector<RiskDecision>> DecisionsExpiredBy(TimePoint now, int limit,
                                                         const Scope& scope) override {
        std::vector<RiskDecision> out;
        for (const auto& [key, d] : s_.decisions) {
            if (d.expires_at <= now && !d.needs_review && scope.Allows(d.establishment)) {
                out.push_back(d);
            }
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.expires_at < b.expires_at; });
        if (out.size() > static_cast<size_t>(limit)) out.resize(static_cast<size_t>(limit));
        return out;
    }
    Status AddRiskRules(const StoredRiskRules& rules) override {
        for (const auto& r : s_.risk_rules) {
            if (r.version == rules.version) return Error::Conflict("risk rules version exists");
        }
        s_.risk_rules.push_back(rules);
        return Ok();
    }
    Result<std::optional<StoredRiskRules>> CurrentRiskRules() override {
        if (s_.risk_rules.empty()) return std::optional<StoredRiskRules>();
        return std::optional(s_.risk_rules.back());
    }
    Result<std::vector<StoredRiskRules>> RiskRulesHistory() override {
        return std::vector<StoredRiskRules>(s_.risk_rules.rbegin(), s_.risk_rules.rend());
    }

  private:
    InMemoryTmppContext& c_;
    InMemoryTmppState& s_;
};

/// Phase tables in memory.
class InMemoryPhases final : public PhaseRepository {
  public:
    explicit InMemoryPhases(InMemoryTmppContext& c) : s_(c.s) {}
    Result<std::vector<PhaseRule>> PhaseTable(const std::string& establishment,
                                              const Scope& scope) override {
        auto it = s_.phases.find(establishment);
        if (it == s_.phases.end() || !scope.Allows(establishment)) return DefaultPhaseTable();
        return it->second;
    }
    Status PutPhaseTable(const std::string& establishment,
                         const std::vector<PhaseRule>& table) override {
        s_.phases[establishment] = table;
        return Ok();
    }
    Result<Id> AddPhaseChange(const PhaseHistoryEntry& change) override {
        PhaseHistoryEntry copy = change;
        copy.id = static_cast<Id>(s_.phase_changes.size()) + 1;
        s_.phase_changes.push_back(copy);
        return copy.id;
    }
    Result<std::vector<PhaseHistoryEntry>> PhaseHistory(const std::string& establishment,
                                                        const Scope& scope) override {
        std::vector<PhaseHistoryEntry> out;
        if (!scope.Allows(establishment)) return out;
        for (auto it = s_.phase_changes.rbegin(); it != s_.phase_changes.rend(); ++it) {
            if (it->establishment == establishment) out.push_back(*it);
        }
        return out;
    }

  private:
    InMemoryTmppState& s_;
};

/// Grants in memory.
class InMemoryGrants final : public GrantRepository {
  public:
    explicit InMemoryGrants(InMemoryTmppContext& c) : c_(c), s_(c.s) {}
    Result<Id> AddGrant(const Grant& grant) override {
        Grant copy = grant;
        copy.id = static_cast<Id>(s_.grants.size()) + 1;
        s_.grants[copy.id] = copy;
        return copy.id;
    }
    Status UpdateGrant(const Grant& grant) override {
        auto it = s_.grants.find(grant.id);
        if (it == s_.grants.end()) return Error::NotFound("no such grant");
        it->second = grant;
        return Ok();
    }
    Result<bool> LockActiveGrant(Id id) override {
        if (auto meanwhile = std::exchange(s_.before_next_grant_lock, nullptr)) meanwhile(s_);
        auto it = s_.grants.find(id);
        return it != s_.grants.end() && it->second.active;
    }
    Result<std::optional<Grant>> ActiveGrant(const std::string& prison_number,
                                             const Scope& scope) override {
        ++c_.counters.per_prisoner_reads;
        for (const auto& [id, g] : s_.grants) {
            if (g.active && g.prison_number == prison_number && scope.Allows(g.establishment)) {
                return std::optional(g);
            }
        }
        return std::optional<Grant>();
    }
    Result<std::vector<Grant>> ActiveGrantsAt(const std::string& establishment,
                                              const Scope& scope) override {
        std::vector<Grant> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [id, g] : s_.grants) {
            if (g.active && g.establishment == establishment) out.push_back(g);
        }
        std::sort(out.begin(), out.end(),
                  [](const Grant& a, const Grant& b) { return a.prison_number < b.prison_number; });
        return out;
    }
    Result<std::vector<Grant>> EndedSince(const std::string& establishment, const std::string& wing,
                                          TimePoint since, const Scope& scope) override {
        std::vector<Grant> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [id, g] : s_.grants) {
            if (g.active || !g.ended_at || *g.ended_at < since) continue;
            if (g.establishment != establishment) continue;
            const bool listed =
                std::any_of(s_.wing_lists.begin(), s_.wing_lists.end(), [&](const auto& kv) {
                    const WingList& l = kv.second;
                    return l.establishment == establishment && l.wing == wing &&
                           std::any_of(l.entries.begin(), l.entries.end(),
                                       [&](const WingListEntry& e) {
                                           return e.prison_number == g.prison_number;
                                       });
                });
            if (listed) out.push_back(g);
        }
        return out;
    }

  private:
    InMemoryTmppContext& c_;
    InMemoryTmppState& s_;
};

/// Published wing lists in memory.
class InMemoryWingLists final : public WingListRepository {
  public:
    explicit InMemoryWingLists(InMemoryTmppContext& c) : s_(c.s) {}
    Result<std::optional<WingList>> LatestWingList(const std::string& establishment,
                                                   const std::string& wing,
                                                   const Scope& scope) override {
        std::optional<WingList> out;
        if (!scope.Allows(establishment)) return out;
        for (const auto& [key, l] : s_.wing_lists) {
            if (std::get<0>(key) == establishment && std::get<1>(key) == wing) out = l;
        }
        return out;
    }
    Status AddWingList(const WingList& list) override {
        auto key = std::make_tuple(list.establishment, list.wing, list.version);
        if (s_.wing_lists.count(key)) return Error::Conflict("wing list version exists");
        s_.wing_lists[key] = list;
        return Ok();
    }

  private:
    InMemoryTmppState& s_;
};

}  // namespace warden::domain::testing
