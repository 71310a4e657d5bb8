#pragma once
// The handset register in memory, for the domain's unit tests (in_memory_store.hpp holds it).

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain::testing {

/// The handsets part of InMemoryState.
struct InMemoryHandsetState {
    std::map<std::string, Handset> handsets;  // by tag, without issued_to/issued_at
    std::vector<HandsetEvent> events;
    std::vector<HandsetIssue> issues;
    std::map<std::string, int> overdue_minutes;
    std::vector<Stocktake> stocktakes;
};

/// The other repositories IssueFactsOf reads, as the SQL joins their tables.
struct InMemoryIssueFactSources {
    PrisonerRepository& prisoners;
    GrantRepository& grants;
    WingListRepository& wing_lists;
};

/// HandsetRepository over InMemoryHandsetState, with the database's unique rules.
class InMemoryHandsets final : public HandsetRepository {
  public:
    InMemoryHandsets(InMemoryHandsetState& s, InMemoryIssueFactSources sources)
        : s_(s), sources_(sources) {}

    Result<IssueFacts> IssueFactsOf(const std::string& tag, const std::string& number,
                                    const Scope& scope) override {
        IssueFacts f;
        WARDEN_ASSIGN_OR_RETURN(f.handset, Get(tag, scope));
        auto p = sources_.prisoners.Get(number, scope);
        if (p.ok()) {
            f.prisoner = *p;
            WARDEN_ASSIGN_OR_RETURN(
                f.wing_list, sources_.wing_lists.LatestWingList(p->establishment, p->wing, scope));
            if (f.wing_list) {
                std::erase_if(f.wing_list->entries,
                              [&](const WingListEntry& e) { return e.prison_number != number; });
            }
        } else if (p.error().code != ErrorCode::kNotFound) {
            return p.error();
        }
        WARDEN_ASSIGN_OR_RETURN(f.held, OpenIssueOfPrisoner(number, scope));
        WARDEN_ASSIGN_OR_RETURN(f.grant, sources_.grants.ActiveGrant(number, scope));
        return f;
    }

    Status Add(const Handset& h) override {
        if (s_.handsets.count(h.tag)) return Error::Conflict("tag is taken");
        for (const auto& [tag, other] : s_.handsets) {
            if (other.imei == h.imei) return Error::Conflict("imei is taken");
            if (other.iccid == h.iccid) return Error::Conflict("iccid is taken");
        }
        Handset stored = h;
        stored.issued_to.clear();
        stored.issued_at.reset();
        s_.handsets[h.tag] = stored;
        return Ok();
    }
    Status Update(const Handset& h, const Handset& as_read) override {
        auto it = s_.handsets.find(h.tag);
        if (it == s_.handsets.end()) return Error::NotFound("no such handset");
        const Handset& now = it->second;
        if (now.model != as_read.model || now.phone_number != as_read.phone_number ||
            now.seal != as_read.seal || now.home_wing != as_read.home_wing ||
            now.status != as_read.status) {
            return Error::Conflict("Handset " + h.tag + " was changed meanwhile");
        }
        it->second.model = h.model;
        it->second.phone_number = h.phone_number;
        it->second.seal = h.seal;
        it->second.home_wing = h.home_wing;
        it->second.status = h.status;
        it->second.updated_at = h.updated_at;
        return Ok();
    }
    Result<bool> MarkIssued(const std::string& tag, const std::string& seal,
                            TimePoint now) override {
        auto it = s_.handsets.find(tag);
        if (it == s_.handsets.end() || it->second.status != HandsetStatus::kAvailable ||
            it->second.seal != seal) {
            return false;
        }
        it->second.status = HandsetStatus::kIssued;
        it->second.updated_at = now;
        return true;
    }
    Result<Handset> Get(const std::string& tag, const Scope& scope) override {
        auto it = s_.handsets.find(tag);
        if (it == s_.handsets.end() || !scope.Allows(it->second.establishment)) {
            return Error::NotFound("Handset " + tag + " was not found");
        }
        return WithIssue(it->second);
    }
    Result<std::vector<Handset>> List(const HandsetQuery& q, const Scope& scope) override {
        std::vector<Handset> out;
        for (const auto& [tag, h] : s_.handsets) {
            if (!scope.Allows(h.establishment)) continue;
            if (!q.establishment.empty() && h.establishment != q.establishment) continue;
            if (q.status && h.status != *q.status) continue;
            if (!q.wing.empty() && h.home_wing != q.wing) continue;
            out.push_back(WithIssue(h));
        }
        std::stable_sort(out.begin(), out.end(), [](const Handset& a, const Handset& b) {
            return a.establishment < b.establishment;
        });
        return out;
    }
    Status AddEvent(const HandsetEvent& e) override {
        s_.events.push_back(e);
        s_.events.back().id = static_cast<Id>(s_.events.size());
        return Ok();
    }
    Result<std::vector<HandsetEvent>> Timeline(const std::string& tag,
                                               const Scope& scope) override {
        std::vector<HandsetEvent> out;
        auto it = s_.handsets.find(tag);
        if (it == s_.handsets.end() || !scope.Allows(it->second.establishment)) return out;
        for (const auto& e : s_.events) {
            if (e.tag == tag) out.push_back(e);
        }
        return out;
    }
    Result<Id> OpenIssue(const HandsetIssue& issue) override {
        for (const auto& i : s_.issues) {
            if (i.returned_at) continue;
            if (i.tag == issue.tag || i.prison_number == issue.prison_number) {
                return Error::Conflict("UNIQUE constraint failed: open issue");
            }
        }
        s_.issues.push_back(issue);
        s_.issues.back().id = static_cast<Id>(s_.issues.size());
        return s_.issues.back().id;
    }
    Result<IssueWrite> IssueUnderGrant(Id grant_id, const HandsetIssue& issue) override {
        IssueWrite out;
        WARDEN_ASSIGN_OR_RETURN(out.granted, sources_.grants.LockActiveGrant(grant_id));
        if (!out.granted) return out;
        WARDEN_ASSIGN_OR_RETURN(bool marked,
                                MarkIssued(issue.tag, issue.seal_out, issue.issued_at));
        if (!marked) return out;
        WARDEN_ASSIGN_OR_RETURN(out.issue_id, OpenIssue(issue));
        return out;
    }
    Status CloseIssue(const HandsetIssue& issue) override {
        for (auto& i : s_.issues) {
            if (i.id == issue.id && !i.returned_at) {
                i = issue;
                return Ok();
            }
        }
        return Error::NotFound("no such open issue");
    }
    Status CloseIssueAndUpdate(const HandsetIssue& issue, const Handset& handset,
                               const Handset& as_read) override {
        WARDEN_TRY(CloseIssue(issue));
        return Update(handset, as_read);
    }
    Result<bool> RequestRecall(Id issue_id, TimePoint at) override {
        for (auto& i : s_.issues) {
            if (i.id == issue_id && !i.returned_at && !i.recall_requested_at) {
                i.recall_requested_at = at;
                return true;
            }
        }
        return false;
    }
    Result<HandsetWithIssue> GetWithOpenIssue(const std::string& tag, const Scope& scope) override {
        HandsetWithIssue out;
        WARDEN_ASSIGN_OR_RETURN(out.handset, Get(tag, scope));
        for (const auto& i : s_.issues) {
            if (!i.returned_at && i.tag == tag) out.open = i;
        }
        return out;
    }
    Result<std::optional<HandsetIssue>> OpenIssueOfPrisoner(const std::string& number,
                                                            const Scope& scope) override {
        for (const auto& i : s_.issues) {
            if (!i.returned_at && i.prison_number == number && scope.Allows(i.establishment)) {
                return std::optional<HandsetIssue>(i);
            }
        }
        return std::optional<HandsetIssue>{};
    }
    Result<int> OverdueMinutes(const std::string& establishment, const Scope& scope) override {
        if (!scope.Allows(establishment)) return Error::NotFound("no such establishment");
        auto it = s_.overdue_minutes.find(establishment);
        return it == s_.overdue_minutes.end() ? kDefaultOverdueMinutes : it->second;
    }
    Status SetOverdueMinutes(const std::string& establishment, int minutes) override {
        s_.overdue_minutes[establishment] = minutes;
        return Ok();
    }

    Result<bool> ChangeStatus(const std::string& tag, HandsetStatus from, HandsetStatus to,
                              TimePoint now) override {
        auto it = s_.handsets.find(tag);
        if (it == s_.handsets.end() || it->second.status != from) return false;
        it->second.status = to;
        it->second.updated_at = now;
        return true;
    }
    Result<Id> AddStocktake(const Stocktake& stocktake) override {
        s_.stocktakes.push_back(stocktake);
        s_.stocktakes.back().id = static_cast<Id>(s_.stocktakes.size());
        return s_.stocktakes.back().id;
    }
    Result<std::vector<Stocktake>> Stocktakes(const std::string& establishment, const Scope& scope,
                                              int limit) override {
        std::vector<Stocktake> out;
        for (auto it = s_.stocktakes.rbegin(); it != s_.stocktakes.rend(); ++it) {
            if (static_cast<int>(out.size()) >= limit) break;
            if (it->establishment == establishment && scope.Allows(establishment)) {
                out.push_back(*it);
            }
        }
        return out;
    }
    Result<Stocktake> GetStocktake(Id id, const Scope& scope) override {
        for (const auto& s : s_.stocktakes) {
            if (s.id == id && scope.Allows(s.establishment)) return s;
        }
        return Error::NotFound("no such stocktake");
    }

  private:
    Handset WithIssue(Handset h) const {
        for (const auto& i : s_.issues) {
            if (!i.returned_at && i.tag == h.tag) {
                h.issued_to = i.prison_number;
                h.issued_at = i.issued_at;
                h.recall_requested_at = i.recall_requested_at;
            }
        }
        return h;
    }
    InMemoryHandsetState& s_;
    InMemoryIssueFactSources sources_;
};

}  // namespace warden::domain::testing
