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
#include "domain/testing/in_memory_monitoring.hpp"
#include "domain/testing/in_memory_outbox.hpp"
#include "domain/testing/in_memory_proposals.hpp"
#include "domain/testing/in_memory_state.hpp"
#include "domain/testing/in_memory_tmpp.hpp"
#include "domain/testing/in_memory_users.hpp"

namespace warden::domain::testing {

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
        return Ok();
    }
    Result<int> SetPhase(const std::string& code, int phase) override {
        auto it = s_.establishments.find(code);
        if (it == s_.establishments.end()) return Error::NotFound("no such establishment");
        return std::exchange(it->second.phase, phase);
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
            page.items.push_back(query.summary ? SummaryOf(matching[i]) : matching[i]);
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
                if (it->second.establishment != establishment && !it->second.gone) {
                    result.transferred_in.push_back({row.prison_number, it->second.establishment});
                }
                it->second = copy;
            }
        }
        std::sort(result.transferred_in.begin(), result.transferred_in.end(),
                  [](const TransferIn& a, const TransferIn& b) {
                      return a.prison_number < b.prison_number;
                  });
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
        AuditQuery query;
        query.subject = subject;
        query.limit = limit;
        query.before_seq = before_seq;
        return Find(query);
    }
    Result<std::vector<AuditEntry>> Find(const AuditQuery& q) override {
        std::vector<AuditEntry> out;
        for (auto it = s_.audit.rbegin(); it != s_.audit.rend(); ++it) {
            if (static_cast<int>(out.size()) >= q.limit) break;
            if (q.before_seq > 0 && it->seq >= q.before_seq) continue;
            if (!q.subject.empty() && it->subject != q.subject) continue;
            if (q.any_of) {
                bool any = q.establishments.Allows(it->establishment);
                for (const auto& p : q.action_prefixes.value_or(std::vector<std::string>{})) {
                    any = any || it->action.rfind(p, 0) == 0;
                }
                if (!any) continue;
            }
            out.push_back(*it);
        }
        return out;
    }
    Result<AuditVerification> Verify() override {
        AuditVerification v;
        v.entries = static_cast<Id>(s_.audit.size());
        return v;
    }
    Result<Id> Rekey(AuditEntry /*anchor*/) override { return Id{0}; }

  private:
    InMemoryState& s_;
    const bool& fail_;
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
    Status ReadOneStatement(const std::function<Status(Repositories&)>& work) override {
        return Read(work);
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
    int queue_reads = 0;                // AccessRepository::QueueAt calls, over all transactions
    int per_prisoner_reads = 0;         // per-prisoner TMPP reads, over all transactions

  private:
    Status Run(InMemoryState& s, const std::function<Status(Repositories&)>& work) {
        InMemoryRegions regions(s);
        InMemoryEstablishments establishments(s);
        InMemoryUsers users(s);
        InMemoryPrisoners prisoners(s);
        InMemoryAudit audit(s, fail_audit);
        InMemoryTmppCounters counters;
        InMemoryTmppContext tmpp{s, s.prisoners, counters};
        InMemoryAccess access(tmpp);
        InMemoryNeeds needs(tmpp);
        InMemoryCompacts compacts(tmpp);
        InMemoryRisk risk(tmpp);
        InMemoryPhases phases(tmpp);
        InMemoryGrants grants(tmpp);
        InMemoryWingLists wing_lists(tmpp);
        InMemoryOutbox outbox(s.outbox);
        InMemoryProposals proposals(s.demand);
        InMemoryHandsets handsets(s.handsets, {prisoners, grants, wing_lists});
        InMemoryIncidents incidents(s.incidents, &s.prisoners);
        InMemoryCatalogue catalogue(s.demand);
        InMemoryMonitoring monitoring(s);
        Repositories repos{regions, establishments, users,    prisoners, audit,     access,
                           needs,   compacts,       risk,     phases,    grants,    wing_lists,
                           outbox,  proposals,      handsets, incidents, catalogue, monitoring};
        Status status = work(repos);
        bulk_recommendation_calls += counters.bulk_recommendation_calls;
        queue_reads += counters.queue_reads;
        per_prisoner_reads += counters.per_prisoner_reads;
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
