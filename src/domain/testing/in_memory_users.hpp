#pragma once
// Part of the in-memory Store for unit tests (see in_memory_store.hpp).

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/ports.hpp"
#include "domain/testing/in_memory_state.hpp"

namespace warden::domain::testing {

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
        copy.failed_signins = it->second.failed_signins;
        copy.locked_until = it->second.locked_until;
        it->second = copy;
        return Ok();
    }
    Result<FailedSignIns> RecordFailedSignIn(Id user_id, int max_failed,
                                             TimePoint lock_until) override {
        auto it = s_.users.find(user_id);
        if (it == s_.users.end()) return Error::NotFound("no such user");
        User& u = it->second;
        if (u.failed_signins + 1 >= max_failed) {
            u.failed_signins = 0;
            u.locked_until = lock_until;
        } else {
            u.failed_signins += 1;
        }
        return FailedSignIns{u.failed_signins, u.locked_until};
    }
    Status ResetFailedSignIns(Id user_id) override {
        auto it = s_.users.find(user_id);
        if (it == s_.users.end()) return Error::NotFound("no such user");
        it->second.failed_signins = 0;
        it->second.locked_until.reset();
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
    Result<User> GetByUsernameForUpdate(const std::string& username) override {
        return GetByUsername(username);
    }
    Result<User> GetByIdForUpdate(Id id) override { return GetById(id); }
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
    Result<SessionOfUser> GetSessionWithUser(const std::string& token_hash) override {
        WARDEN_ASSIGN_OR_RETURN(auto session, GetSession(token_hash));
        WARDEN_ASSIGN_OR_RETURN(auto user, GetById(session.user_id));
        return SessionOfUser{std::move(session), std::move(user)};
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
        std::erase_if(s_.sessions, [&](const auto& kv) {
            return kv.second.expires_at <= now ||
                   (kv.second.idle_expires_at && *kv.second.idle_expires_at <= now);
        });
        return Ok();
    }
    Status TouchSession(const std::string& token_hash, TimePoint idle_expires_at) override {
        auto it = s_.sessions.find(token_hash);
        if (it != s_.sessions.end()) it->second.idle_expires_at = idle_expires_at;
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
    Result<TokenOfUser> GetTokenWithUser(const std::string& token_hash) override {
        WARDEN_ASSIGN_OR_RETURN(auto token, GetToken(token_hash));
        WARDEN_ASSIGN_OR_RETURN(auto user, GetById(token.user_id));
        return TokenOfUser{std::move(token), std::move(user)};
    }
    Result<ApiToken> GetTokenById(Id id) override {
        for (const auto& [hash, t] : s_.tokens) {
            if (t.id == id) return t;
        }
        return Error::NotFound("no such token");
    }
    Result<std::vector<ApiToken>> TokensOf(Id user_id) override {
        std::vector<ApiToken> out;
        for (const auto& [hash, t] : s_.tokens) {
            if (t.user_id != user_id) continue;
            out.push_back(t);
            out.back().token_hash.clear();
        }
        std::sort(out.begin(), out.end(),
                  [](const ApiToken& a, const ApiToken& b) { return a.id > b.id; });
        return out;
    }
    Status RevokeToken(Id id, TimePoint at) override {
        for (auto& [hash, t] : s_.tokens) {
            if (t.id != id) continue;
            if (!t.revoked_at) t.revoked_at = at;
            return Ok();
        }
        return Error::NotFound("no such token");
    }
    Status TouchToken(Id id, TimePoint at) override {
        for (auto& [hash, t] : s_.tokens) {
            if (t.id == id) t.last_used_at = at;
        }
        return Ok();
    }

  private:
    InMemoryState& s_;
};

}  // namespace warden::domain::testing
