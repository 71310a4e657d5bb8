#pragma once
// The outbox in memory, for unit tests of domain services (header-only, see in_memory_store.hpp).

#include <algorithm>
#include <map>
#include <vector>

#include "domain/notify/outbox.hpp"

namespace warden::domain::testing {

/// The outbox's rows.
struct InMemoryOutboxState {
    std::map<Id, notify::OutboxMessage> messages;
    Id next_id = 1;
};

/// The outbox in memory, with the same rules as the SQL one.
class InMemoryOutbox final : public notify::Outbox {
  public:
    explicit InMemoryOutbox(InMemoryOutboxState& s) : s_(s) {}
    Result<Id> Add(const notify::OutboxMessage& message) override {
        notify::OutboxMessage m = message;
        m.id = s_.next_id++;
        s_.messages[m.id] = m;
        return m.id;
    }
    Result<std::vector<notify::OutboxMessage>> Claim(TimePoint now, TimePoint lease_until,
                                                     int limit) override {
        std::vector<notify::OutboxMessage*> due;
        for (auto& [id, m] : s_.messages) {
            if (m.state == notify::MessageState::kPending && m.next_attempt_at <= now &&
                (!m.lease_until || *m.lease_until <= now)) {
                due.push_back(&m);
            }
        }
        std::stable_sort(due.begin(), due.end(), [](const auto* a, const auto* b) {
            return a->next_attempt_at < b->next_attempt_at;
        });
        std::vector<notify::OutboxMessage> out;
        for (auto* m : due) {
            if (static_cast<int>(out.size()) >= limit) break;
            m->lease_until = lease_until;
            ++m->attempts;
            out.push_back(*m);
        }
        return out;
    }
    Status MarkSent(const std::vector<Id>& ids, TimePoint at) override {
        for (Id id : ids) {
            auto& m = s_.messages.at(id);
            m.state = notify::MessageState::kSent;
            m.sent_at = at;
            m.lease_until.reset();
        }
        return Ok();
    }
    Status MarkFailed(Id id, const std::string& error, std::optional<TimePoint> retry_at) override {
        auto& m = s_.messages.at(id);
        m.last_error = error;
        m.lease_until.reset();
        if (retry_at) {
            m.next_attempt_at = *retry_at;
        } else {
            m.state = notify::MessageState::kDead;
        }
        return Ok();
    }
    Result<notify::OutboxMessage> Get(Id id) override {
        auto it = s_.messages.find(id);
        if (it == s_.messages.end()) return Error::NotFound("no such email");
        return it->second;
    }
    Result<std::vector<notify::OutboxMessage>> List(notify::MessageState state,
                                                    int limit) override {
        std::vector<notify::OutboxMessage> out;
        for (auto it = s_.messages.rbegin(); it != s_.messages.rend(); ++it) {
            if (it->second.state == state && static_cast<int>(out.size()) < limit) {
                out.push_back(it->second);
            }
        }
        return out;
    }
    Result<notify::OutboxCounts> Counts() override {
        notify::OutboxCounts c;
        for (const auto& [id, m] : s_.messages) {
            if (m.state == notify::MessageState::kPending) ++c.pending;
            if (m.state == notify::MessageState::kSent) ++c.sent;
            if (m.state == notify::MessageState::kDead) ++c.dead;
        }
        return c;
    }
    Status Revive(Id id, TimePoint now, TimePoint dead_after) override {
        auto it = s_.messages.find(id);
        if (it == s_.messages.end()) return Error::NotFound("no such email");
        if (it->second.state != notify::MessageState::kDead) return Error::Conflict("not dead");
        it->second.state = notify::MessageState::kPending;
        it->second.next_attempt_at = now;
        it->second.dead_after = dead_after;
        it->second.lease_until.reset();
        return Ok();
    }

  private:
    InMemoryOutboxState& s_;
};

}  // namespace warden::domain::testing
