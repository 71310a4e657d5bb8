#pragma once
// An in-memory Store and repositories for unit tests of domain services. Header-only so that it
// is not linked into the server. Write() works on a copy of the state and keeps it only when the
// work succeeds, so tests can check that a failed operation leaves nothing behind.

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/strings.hpp"
#include "domain/ports.hpp"
#include "domain/testing/in_memory_handsets.hpp"

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
    InMemoryHandsetState handsets;
};

/// Regions in memory.
class InMemoryRegions final : public RegionRepository {
  public:
    explicit InMemoryRegions(InMemoryState& s) : s_(s) {}
    Status Add(const Region& region) override {
        if (s_.regions.count(region.code)) return Error::Conflict("region exists");
        s_.regions[region.code] = region;
        return Ok();
    }
    Status Update(const Region& region) override {
        auto it = s_.regions.find(region.code);
        if (it == s_.regions.end()) return Error::NotFound("no such region");
        it->second = region;
        return Ok();
    }
    Result<Region> Get(const std::string& code) override {
        auto it = s_.regions.find(code);
        if (it == s_.regions.end()) return Error::NotFound("no such region");
        return it->second;
    }
    Result<std::vector<Region>> List() override {
        std::vector<Region> out;
        for (const auto& [code, region] : s_.regions) out.push_back(region);
        return out;
    }

  private:
    InMemoryState& s_;
};

/// Establishments and wings in memory.
class InMemoryEstablishments final : public EstablishmentRepository {
  public:
    explicit InMemoryEstablishments(InMemoryState& s) : s_(s) {}
    Status Add(const Establishment& e) override {
        if (s_.establishments.count(e.code)) return Error::Conflict("establishment exists");
        if (!s_.regions.count(e.region_code)) return Error::Invalid("no such region");
        Establishment copy = e;
        copy.wings.clear();
        s_.establishments[e.code] = copy;
        return Ok();
    }
    Status Update(const Establishment& e) override {
        auto it = s_.establishments.find(e.code);
        if (it == s_.establishments.end()) return Error::NotFound("no such establishment");
        if (!s_.regions.count(e.region_code)) return Error::Invalid("no such region");
        it->second.name = e.name;
        it->second.region_code = e.region_code;
        it->second.spoc_email = e.spoc_email;
        it->second.security_email = e.security_email;
        it->second.phase = e.phase;
        return Ok();
    }
    Result<Establishment> Get(const std::string& code, const Scope& scope) override {
        auto it = s_.establishments.find(code);
        if (it == s_.establishments.end() || !scope.Allows(code)) {
            return Error::NotFound("no such establishment");
        }
        Establishment e = it->second;
        for (const auto& [key, location] : s_.locations) {
            if (key.first != code) continue;
            Location l = location;
            l.prisoner_count = static_cast<int>(
                std::count_if(s_.prisoners.begin(), s_.prisoners.end(), [&](const auto& p) {
                    return !p.second.gone && p.second.establishment == code &&
                           p.second.wing == l.code;
                }));
            e.wings.push_back(l);
        }
        return e;
    }
    Result<std::vector<Establishment>> List(const Scope& scope) override {
        std::vector<Establishment> out;
        for (const auto& [code, e] : s_.establishments) {
            if (scope.Allows(code)) out.push_back(e);
        }
        return out;
    }
    Result<bool> EnsureLocation(const Location& location) override {
        if (!s_.establishments.count(location.establishment)) {
            return Error::Invalid("no such establishment");
        }
        auto key = std::make_pair(location.establishment, location.code);
        if (s_.locations.count(key)) return false;
        s_.locations[key] = location;
        return true;
    }
    Status UpdateLocation(const Location& location) override {
        auto it = s_.locations.find({location.establishment, location.code});
        if (it == s_.locations.end()) return Error::NotFound("no such location");
        it->second.kind = location.kind;
        return Ok();
    }

  private:
    InMemoryState& s_;
};

/// Users, sessions and tokens in memory.
class InMemoryUsers final : public UserRepository {
  public:
    explicit InMemoryUsers(InMemoryState& s) : s_(s) {}
    Result<Id> Add(const User& user) override {
        for (const auto& [id, u] : s_.users) {
            if (u.username == user.username) return Error::Conflict("username exists");
        }
        User copy = user;
        copy.id = s_.next_user_id++;
        s_.users[copy.id] = copy;
        return copy.id;
    }
    Status Update(const User& user) override {
        auto it = s_.users.find(user.id);
        if (it == s_.users.end()) return Error::NotFound("no such user");
        User copy = user;
        copy.username = it->second.username;
        copy.created_at = it->second.created_at;
        it->second = copy;
        return Ok();
    }
    Result<User> GetByUsername(const std::string& username) override {
        for (const auto& [id, u] : s_.users) {
            if (u.username == username) return u;
        }
        return Error::NotFound("no such user");
    }
    Result<User> GetById(Id id) override {
        auto it = s_.users.find(id);
        if (it == s_.users.end()) return Error::NotFound("no such user");
        return it->second;
    }
    Result<std::vector<User>> List() override {
        std::vector<User> out;
        for (const auto& [id, u] : s_.users) out.push_back(u);
        std::sort(out.begin(), out.end(),
                  [](const User& a, const User& b) { return a.username < b.username; });
        return out;
    }
    Status AddSession(const Session& session) override {
        s_.sessions[session.token_hash] = session;
        return Ok();
    }
    Result<Session> GetSession(const std::string& token_hash) override {
        auto it = s_.sessions.find(token_hash);
        if (it == s_.sessions.end()) return Error::NotFound("no such session");
        return it->second;
    }
    Status DeleteSession(const std::string& token_hash) override {
        s_.sessions.erase(token_hash);
        return Ok();
    }
    Status DeleteSessionsOf(Id user_id) override {
        std::erase_if(s_.sessions, [&](const auto& kv) { return kv.second.user_id == user_id; });
        return Ok();
    }
    Status DeleteExpiredSessions(TimePoint now) override {
        std::erase_if(s_.sessions, [&](const auto& kv) { return kv.second.expires_at <= now; });
        return Ok();
    }
    Result<Id> AddToken(const ApiToken& token) override {
        ApiToken copy = token;
        copy.id = s_.next_token_id++;
        s_.tokens[copy.token_hash] = copy;
        return copy.id;
    }
    Result<ApiToken> GetToken(const std::string& token_hash) override {
        auto it = s_.tokens.find(token_hash);
        if (it == s_.tokens.end()) return Error::NotFound("no such token");
        return it->second;
    }

  private:
    InMemoryState& s_;
};

/// Prisoners in memory.
class InMemoryPrisoners final : public PrisonerRepository {
  public:
    explicit InMemoryPrisoners(InMemoryState& s) : s_(s) {}
    Result<Prisoner> Get(const std::string& prison_number, const Scope& scope) override {
        auto it = s_.prisoners.find(prison_number);
        if (it == s_.prisoners.end() || !scope.Allows(it->second.establishment)) {
            return Error::NotFound("no such prisoner");
        }
        return it->second;
    }
    Result<PrisonerPage> List(const PrisonerQuery& query, const Scope& scope) override {
        if (!scope.Allows(query.establishment) || !s_.establishments.count(query.establishment)) {
            return Error::NotFound("no such establishment");
        }
        std::vector<Prisoner> matching;
        std::string text = ToLower(query.text);
        for (const auto& [number, p] : s_.prisoners) {
            if (p.establishment != query.establishment) continue;
            if (!query.wing.empty() && p.wing != query.wing) continue;
            if (p.gone && !query.include_gone) continue;
            if (!text.empty() && number.rfind(ToUpper(text), 0) != 0 &&
                ToLower(p.first_name + " " + p.last_name).find(text) == std::string::npos) {
                continue;
            }
            matching.push_back(p);
        }
        PrisonerPage page;
        page.total = static_cast<int>(matching.size());
        size_t offset = query.cursor.empty() ? 0 : std::stoul(query.cursor);
        size_t limit = static_cast<size_t>(std::max(1, query.limit));
        for (size_t i = offset; i < matching.size() && i < offset + limit; ++i) {
            page.items.push_back(matching[i]);
        }
        if (offset + limit < matching.size()) page.next_cursor = std::to_string(offset + limit);
        return page;
    }
    Result<ImportResult> Import(const std::string& establishment, const std::vector<Prisoner>& rows,
                                bool full, TimePoint now) override {
        ++import_calls;
        ImportResult result;
        std::map<std::string, bool> seen;
        for (const auto& row : rows) {
            seen[row.prison_number] = true;
            auto it = s_.prisoners.find(row.prison_number);
            Prisoner copy = row;
            copy.establishment = establishment;
            copy.gone = false;
            copy.updated_at = now;
            if (it == s_.prisoners.end()) {
                ++result.inserted;
                s_.prisoners[row.prison_number] = copy;
            } else if (SameData(it->second, copy)) {
                ++result.unchanged;
            } else {
                ++result.updated;
                it->second = copy;
            }
        }
        if (full) {
            for (auto& [number, p] : s_.prisoners) {
                if (p.establishment == establishment && !p.gone && !seen.count(number)) {
                    p.gone = true;
                    p.updated_at = now;
                    ++result.gone;
                }
            }
        }
        return result;
    }

    Status ForEachAt(const std::string& establishment,
                     const std::function<Status(const Prisoner&)>& fn) override {
        for (const auto& [number, p] : s_.prisoners) {
            if (p.establishment != establishment || p.gone) continue;
            WARDEN_TRY(fn(p));
        }
        return Ok();
    }

    int import_calls = 0;

  private:
    static bool SameData(const Prisoner& a, const Prisoner& b) {
        return a.first_name == b.first_name && a.last_name == b.last_name &&
               a.date_of_birth == b.date_of_birth && a.establishment == b.establishment &&
               a.wing == b.wing && a.cell == b.cell && a.legal_status == b.legal_status &&
               a.security_category == b.security_category && a.alerts == b.alerts &&
               a.phone_finds_12m == b.phone_finds_12m &&
               a.phone_adjudications_12m == b.phone_adjudications_12m &&
               a.phone_intel_12m == b.phone_intel_12m && a.gone == b.gone;
    }

    InMemoryState& s_;
};

/// The audit log in memory, chained with a non-cryptographic hash (tests only).
class InMemoryAudit final : public AuditLog {
  public:
    InMemoryAudit(InMemoryState& s, const bool& fail) : s_(s), fail_(fail) {}
    Status Append(AuditEntry entry) override {
        if (fail_) return Error::Unavailable("audit log unavailable (test)");
        entry.seq = static_cast<Id>(s_.audit.size()) + 1;
        entry.prev_hash = s_.audit.empty() ? std::string(64, '0') : s_.audit.back().hash;
        entry.hash = std::to_string(std::hash<std::string>{}(AuditEntryCanonical(entry)));
        s_.audit.push_back(std::move(entry));
        return Ok();
    }
    Result<std::vector<AuditEntry>> List(const std::string& subject, int limit,
                                         Id before_seq) override {
        std::vector<AuditEntry> out;
        for (auto it = s_.audit.rbegin(); it != s_.audit.rend(); ++it) {
            if (static_cast<int>(out.size()) >= limit) break;
            if (before_seq > 0 && it->seq >= before_seq) continue;
            if (!subject.empty() && it->subject != subject) continue;
            out.push_back(*it);
        }
        return out;
    }
    Result<AuditVerification> Verify() override {
        AuditVerification v;
        v.entries = static_cast<Id>(s_.audit.size());
        return v;
    }

  private:
    InMemoryState& s_;
    const bool& fail_;
};

/// TMPP access in memory.
class InMemoryTmpp final : public TmppRepository {
  public:
    explicit InMemoryTmpp(InMemoryState& s) : s_(s) {}
    Result<AccessRecord> GetAccess(const std::string& prison_number) override {
        ++per_prisoner_reads;
        auto it = s_.access.find(prison_number);
        if (it == s_.access.end()) {
            AccessRecord none;
            none.prison_number = prison_number;
            return none;
        }
        return it->second;
    }
    Status PutAccess(const AccessRecord& access) override {
        s_.access[access.prison_number] = access;
        return Ok();
    }
    Result<std::vector<AccessRecord>> OpenAccessAt(const std::string& establishment) override {
        std::vector<AccessRecord> out;
        for (const auto& [number, a] : s_.access) {
            if (a.establishment == establishment && a.state != AccessState::kNone &&
                a.state != AccessState::kEnded) {
                out.push_back(a);
            }
        }
        return out;
    }
    Result<std::vector<TmppQueueEntry>> QueueAt(const std::string& establishment) override {
        ++queue_reads;
        std::vector<TmppQueueEntry> out;
        for (const auto& [number, p] : s_.prisoners) {
            if (p.establishment != establishment || p.gone) continue;
            TmppQueueEntry& e = out.emplace_back();
            e.prisoner = p;
            if (auto it = s_.access.find(number); it != s_.access.end()) {
                e.state = it->second.state;
                e.ended_need_id = it->second.ended_need_id;
            }
            for (const auto& n : s_.needs) {
                if (n.prison_number == number && n.id > e.ended_need_id) e.needs.push_back(n.kind);
            }
            std::sort(e.needs.begin(), e.needs.end());
            e.needs.erase(std::unique(e.needs.begin(), e.needs.end()), e.needs.end());
            for (auto it = s_.recommendations.rbegin(); it != s_.recommendations.rend(); ++it) {
                if (it->prison_number == number) {
                    e.recommendation = *it;
                    e.recommendation->recommendation.fired.clear();
                    break;
                }
            }
            if (auto it = s_.decisions.find(number); it != s_.decisions.end()) {
                e.decision = it->second;
            }
            for (const auto& [id, g] : s_.grants) {
                if (g.prison_number == number && g.active) e.grant = g;
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
    Result<std::vector<AccessEvent>> Timeline(const std::string& prison_number) override {
        std::vector<AccessEvent> out;
        for (const auto& e : s_.events) {
            if (e.prison_number == prison_number) out.push_back(e);
        }
        return out;
    }
    Result<Id> AddNeed(const Need& need) override {
        Need copy = need;
        copy.id = static_cast<Id>(s_.needs.size()) + 1;
        s_.needs.push_back(copy);
        return copy.id;
    }
    Result<std::vector<Need>> NeedsOf(const std::string& prison_number) override {
        ++per_prisoner_reads;
        std::vector<Need> out;
        for (const auto& n : s_.needs) {
            if (n.prison_number == prison_number) out.push_back(n);
        }
        return out;
    }
    Status AddCompactVersion(const CompactVersion& version) override {
        auto key = std::make_pair(version.establishment, version.version);
        if (s_.compacts.count(key)) return Error::Conflict("compact version exists");
        s_.compacts[key] = version;
        return Ok();
    }
    Result<std::vector<CompactVersion>> CompactVersions(const std::string& establishment) override {
        std::vector<CompactVersion> out;
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
    Result<std::vector<CompactSignature>> SignaturesOf(const std::string& prison_number) override {
        std::vector<CompactSignature> out;
        for (const auto& sig : s_.signatures) {
            if (sig.prison_number == prison_number) out.push_back(sig);
        }
        return out;
    }
    Status AddRecommendations(const std::vector<StoredRecommendation>& recs) override {
        ++bulk_recommendation_calls;
        for (const auto& r : recs) {
            StoredRecommendation copy = r;
            copy.id = static_cast<Id>(s_.recommendations.size()) + 1;
            s_.recommendations.push_back(std::move(copy));
        }
        return Ok();
    }
    Result<std::optional<StoredRecommendation>> LatestRecommendation(
        const std::string& prison_number) override {
        ++per_prisoner_reads;
        for (auto it = s_.recommendations.rbegin(); it != s_.recommendations.rend(); ++it) {
            if (it->prison_number == prison_number) return std::optional(*it);
        }
        return std::optional<StoredRecommendation>();
    }
    Result<std::optional<RiskDecision>> GetDecision(const std::string& prison_number) override {
        ++per_prisoner_reads;
        auto it = s_.decisions.find(prison_number);
        if (it == s_.decisions.end()) return std::optional<RiskDecision>();
        return std::optional(it->second);
    }
    Status PutDecision(const RiskDecision& decision) override {
        s_.decisions[decision.prison_number] = decision;
        return Ok();
    }
    Result<std::vector<RiskDecision>> DecisionsAt(const std::string& establishment) override {
        std::vector<RiskDecision> out;
        for (const auto& [number, d] : s_.decisions) {
            if (d.establishment == establishment) out.push_back(d);
        }
        return out;
    }
    Result<std::vector<RiskDecision>> DecisionsExpiredBy(TimePoint now, int limit) override {
        std::vector<RiskDecision> out;
        for (const auto& [number, d] : s_.decisions) {
            if (d.expires_at <= now && !d.needs_review) out.push_back(d);
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
    Result<std::vector<PhaseRule>> PhaseTable(const std::string& establishment) override {
        auto it = s_.phases.find(establishment);
        if (it == s_.phases.end()) return DefaultPhaseTable();
        return it->second;
    }
    Status PutPhaseTable(const std::string& establishment,
                         const std::vector<PhaseRule>& table) override {
        s_.phases[establishment] = table;
        return Ok();
    }
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
    Result<std::optional<Grant>> ActiveGrant(const std::string& prison_number) override {
        ++per_prisoner_reads;
        for (const auto& [id, g] : s_.grants) {
            if (g.active && g.prison_number == prison_number) return std::optional(g);
        }
        return std::optional<Grant>();
    }
    Result<std::vector<Grant>> ActiveGrantsAt(const std::string& establishment) override {
        std::vector<Grant> out;
        for (const auto& [id, g] : s_.grants) {
            if (g.active && g.establishment == establishment) out.push_back(g);
        }
        std::sort(out.begin(), out.end(),
                  [](const Grant& a, const Grant& b) { return a.prison_number < b.prison_number; });
        return out;
    }
    Result<std::vector<Grant>> EndedSince(const std::string& establishment, const std::string& wing,
                                          TimePoint since) override {
        std::vector<Grant> out;
        for (const auto& [id, g] : s_.grants) {
            if (g.active || !g.ended_at || *g.ended_at < since) continue;
            if (g.establishment != establishment) continue;
            auto p = s_.prisoners.find(g.prison_number);
            if (p == s_.prisoners.end() || p->second.wing != wing) continue;
            out.push_back(g);
        }
        return out;
    }
    Result<std::optional<WingList>> LatestWingList(const std::string& establishment,
                                                   const std::string& wing) override {
        std::optional<WingList> out;
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

    int bulk_recommendation_calls = 0;
    int queue_reads = 0;  // QueueAt calls
    int per_prisoner_reads =
        0;  // GetAccess, NeedsOf, LatestRecommendation, GetDecision, ActiveGrant

  private:
    InMemoryState& s_;
};

/// A Store over InMemoryState with all-or-nothing writes.
class InMemoryStore final : public Store {
  public:
    Status Write(const std::function<Status(Repositories&)>& work) override {
        std::lock_guard lock(mutex_);
        ++writes;
        InMemoryState working = state;
        Status status = Run(working, work);
        if (status.ok()) state = std::move(working);
        return status;
    }
    Status Read(const std::function<Status(Repositories&)>& work) override {
        std::lock_guard lock(mutex_);
        InMemoryState snapshot = state;  // reads cannot change anything
        return Run(snapshot, work);
    }
    Status Ping() override { return Ok(); }
    std::string Backend() const override { return "memory"; }

    /// The audit entries with `action`, oldest first.
    std::vector<AuditEntry> AuditOf(const std::string& action) const {
        std::vector<AuditEntry> out;
        for (const auto& e : state.audit) {
            if (e.action == action) out.push_back(e);
        }
        return out;
    }

    InMemoryState state;
    bool fail_audit = false;  // makes AuditLog::Append fail, to test rollback
    int writes = 0;
    int bulk_recommendation_calls = 0;  // AddRecommendations calls, over all transactions
    int queue_reads = 0;                // TmppRepository::QueueAt calls, over all transactions
    int per_prisoner_reads = 0;         // per-prisoner TMPP reads, over all transactions

  private:
    Status Run(InMemoryState& s, const std::function<Status(Repositories&)>& work) {
        InMemoryRegions regions(s);
        InMemoryEstablishments establishments(s);
        InMemoryUsers users(s);
        InMemoryPrisoners prisoners(s);
        InMemoryAudit audit(s, fail_audit);
        InMemoryTmpp tmpp(s);
        InMemoryHandsets handsets(s.handsets);
        Repositories repos{regions, establishments, users, prisoners, audit, tmpp, handsets};
        Status status = work(repos);
        bulk_recommendation_calls += tmpp.bulk_recommendation_calls;
        queue_reads += tmpp.queue_reads;
        per_prisoner_reads += tmpp.per_prisoner_reads;
        return status;
    }

    std::mutex mutex_;
};

/// A fast, deterministic PasswordHasher for tests ("fake$" + reversed password).
class FakePasswordHasher final : public PasswordHasher {
  public:
    Result<std::string> Hash(const std::string& password) override {
        ++hashes;
        return "fake$" + std::string(password.rbegin(), password.rend());
    }
    bool Verify(const std::string& encoded, const std::string& password) override {
        ++verifies;
        return encoded == "fake$" + std::string(password.rbegin(), password.rend());
    }
    int hashes = 0;
    int verifies = 0;
};

/// Deterministic Secrets for tests: numbered tokens, a reversible "hash".
class FakeSecrets final : public Secrets {
  public:
    std::string RandomToken(size_t /*bytes*/ = 32) override {
        return "tok" + std::to_string(++counter_);
    }
    std::string Sha256Hex(const std::string& data) override { return "h(" + data + ")"; }

  private:
    int counter_ = 0;
};

}  // namespace warden::domain::testing
