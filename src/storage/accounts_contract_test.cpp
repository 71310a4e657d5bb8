// Accounts on SQLite (a temporary file) and PostgreSQL (a fresh schema per test, when
// WARDEN_TEST_POSTGRES_URL is set): the failed-sign-in counter under parallel attempts, session
// idle limits, and API tokens' expiry, revocation and last use (issue 8 item 5).

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "domain/people/auth_service.hpp"
#include "domain/testing/in_memory_store.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::ApiToken;
using domain::Repositories;
using domain::Session;
using domain::User;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

using testing::PostgresUrl;
using testing::UniqueName;

class AccountsContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("accounts");
        if (IsSkipped() || HasFatalFailure()) return;
        User u;
        u.username = "jsmith";
        u.full_name = "Jo Smith";
        u.created_at = kNow;
        ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(user_, r.users.Add(u));
                        return Ok();
                    }).ok());
    }

    Status Write(const std::function<Status(Repositories&)>& work) { return store_->Write(work); }

    User Stored() {
        User out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(out, r.users.GetById(user_));
                            return Ok();
                        })
                        .ok());
        return out;
    }

    /// `threads` threads each record `each` failed sign-ins at once; returns how many failed.
    int FailInParallel(int threads, int each, int max_failed) {
        std::atomic<bool> go{false};
        std::atomic<int> errors{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&] {
                while (!go) std::this_thread::yield();
                for (int i = 0; i < each; ++i) {
                    Status s = Write([&](Repositories& r) -> Status {
                        WARDEN_TRY(r.users.RecordFailedSignIn(user_, max_failed, kNow + 15min));
                        return Ok();
                    });
                    if (!s.ok()) ++errors;
                }
            });
        }
        go = true;
        for (auto& t : pool) t.join();
        return errors.load();
    }

    Id user_ = 0;
};

TEST_P(AccountsContractTest, ParallelFailedSignInsLoseNoIncrement) {
    EXPECT_EQ(FailInParallel(4, 10, 1000), 0);
    EXPECT_EQ(Stored().failed_signins, 40);
    EXPECT_FALSE(Stored().locked_until.has_value());
}

TEST_P(AccountsContractTest, ParallelFailedSignInsLockAtTheLimit) {
    // 4 x 5 = 20 failures with a limit of 5: locked, and the count starts again from 0 each time.
    EXPECT_EQ(FailInParallel(4, 5, 5), 0);
    EXPECT_EQ(Stored().failed_signins, 0);
    EXPECT_EQ(Stored().locked_until, kNow + 15min);
    auto counted = domain::FailedSignIns{};
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(counted,
                                            r.users.RecordFailedSignIn(user_, 5, kNow + 30min));
                    return Ok();
                }).ok());
    EXPECT_EQ(counted.failed, 1);
    EXPECT_EQ(counted.locked_until, kNow + 15min);
}

TEST_P(AccountsContractTest, AConcurrentDisableOrResetIsNotUndoneBySignIns) {
    std::atomic<bool> done{false};
    std::thread failing([&] {
        EXPECT_EQ(FailInParallel(3, 10, 1000), 0);
        done = true;
    });
    // Meanwhile an administrator disables the account (an Update of the whole user).
    User u = Stored();
    u.disabled = true;
    ASSERT_TRUE(Write([&](Repositories& r) { return r.users.Update(u); }).ok());
    failing.join();
    EXPECT_TRUE(done.load());
    EXPECT_TRUE(Stored().disabled) << "a failed sign-in must never write the disabled flag";
    EXPECT_EQ(Stored().failed_signins, 30) << "the Update must never write the counter";
    ASSERT_TRUE(Write([&](Repositories& r) { return r.users.ResetFailedSignIns(user_); }).ok());
    EXPECT_EQ(Stored().failed_signins, 0);
    EXPECT_FALSE(Stored().locked_until.has_value());
    EXPECT_EQ(Write([](Repositories& r) { return r.users.ResetFailedSignIns(9999); }).error().code,
              ErrorCode::kNotFound);
}

TEST_P(AccountsContractTest, AChangeOfAUserWaitsForOneInProgressAndKeepsIt) {
    // One writer holds the user's row (GetByUsernameForUpdate, as every change of a user reads
    // it) and gives them a role; an administrator disables the account meanwhile. The disable
    // waits and keeps the role, and the role change did not undo the disable. On PostgreSQL,
    // whose writers run at READ COMMITTED, a plain read would have let the disable write back
    // the roles it read before the first writer committed.
    FixedClock clock(kNow);
    domain::testing::FakePasswordHasher hasher;
    domain::UserAdminService admin(*store_, hasher, clock);
    const domain::Actor administrator{99, "admin", {domain::Role::kAdmin}, {}, "10.0.0.1"};
    std::atomic<bool> holding{false};
    std::thread first([&] {
        EXPECT_TRUE(Write([&](Repositories& r) -> Status {
                        auto got = r.users.GetByUsernameForUpdate("jsmith");
                        holding = true;
                        WARDEN_ASSIGN_OR_RETURN(User u, std::move(got));
                        std::this_thread::sleep_for(300ms);
                        u.roles = {domain::Role::kMonitoring};
                        return r.users.Update(u);
                    }).ok());
    });
    for (int i = 0; i < 10'000 && !holding; ++i) std::this_thread::sleep_for(1ms);
    Status disabled = admin.SetDisabled(administrator, "jsmith", true);
    first.join();
    ASSERT_TRUE(disabled.ok()) << disabled.error().message;
    EXPECT_TRUE(Stored().disabled);
    EXPECT_EQ(Stored().roles, std::vector<domain::Role>{domain::Role::kMonitoring})
        << "the disable wrote back the roles it had read before the first change committed";

    // And the other way round: a change that read the user before the disable committed sees it.
    std::atomic<bool> holding_again{false};
    std::thread enable([&] {
        EXPECT_TRUE(Write([&](Repositories& r) -> Status {
                        auto got = r.users.GetByIdForUpdate(user_);
                        holding_again = true;
                        WARDEN_ASSIGN_OR_RETURN(User u, std::move(got));
                        std::this_thread::sleep_for(300ms);
                        u.disabled = false;
                        return r.users.Update(u);
                    }).ok());
    });
    for (int i = 0; i < 10'000 && !holding_again; ++i) std::this_thread::sleep_for(1ms);
    Status reset = admin.ResetPassword(administrator, "jsmith", "Another-Long-Passphrase-7");
    enable.join();
    ASSERT_TRUE(reset.ok()) << reset.error().message;
    EXPECT_FALSE(Stored().disabled)
        << "the password reset wrote back a disabled flag it read early";
    EXPECT_TRUE(hasher.Verify(Stored().password_hash, "Another-Long-Passphrase-7"));
}

TEST_P(AccountsContractTest, SessionsPastTheirIdleLimitAreDeleted) {
    ASSERT_TRUE(
        Write([&](Repositories& r) -> Status {
            WARDEN_TRY(r.users.AddSession({"idle", user_, "c", kNow - 1h, kNow + 7h, kNow - 1s}));
            WARDEN_TRY(
                r.users.AddSession({"busy", user_, "c", kNow - 1h, kNow + 7h, kNow + 10min}));
            WARDEN_TRY(r.users.AddSession({"old", user_, "c", kNow - 9h, kNow - 1h, kNow + 10min}));
            // No idle limit (made before idle limits existed): only the absolute one.
            return r.users.AddSession({"legacy", user_, "c", kNow, kNow + 1h});
        }).ok());
    ASSERT_TRUE(
        Write([&](Repositories& r) { return r.users.TouchSession("busy", kNow + 30min); }).ok());
    ASSERT_TRUE(Write([&](Repositories& r) { return r.users.TouchSession("nope", kNow); }).ok());
    ASSERT_TRUE(Write([](Repositories& r) { return r.users.DeleteExpiredSessions(kNow); }).ok());
    auto get = [&](const std::string& hash) {
        Result<Session> out = Error::NotFound("");
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            out = r.users.GetSession(hash);
                            return Ok();
                        })
                        .ok());
        return out;
    };
    EXPECT_FALSE(get("idle").ok());
    EXPECT_FALSE(get("old").ok());
    ASSERT_TRUE(get("busy").ok());
    EXPECT_EQ(get("busy")->idle_expires_at, kNow + 30min);
    ASSERT_TRUE(get("legacy").ok());
    EXPECT_FALSE(get("legacy")->idle_expires_at.has_value());
}

TEST_P(AccountsContractTest, TokensExpireAreRevokedOnceAndRecordTheirLastUse) {
    Id first = 0;
    Id second = 0;
    ASSERT_TRUE(Write([&](Repositories& r) -> Status {
                    WARDEN_ASSIGN_OR_RETURN(first, r.users.AddToken({0, user_, "h1", "reports",
                                                                     kNow, kNow + 90 * 24h}));
                    WARDEN_ASSIGN_OR_RETURN(
                        second, r.users.AddToken({0, user_, "h2", "laptop", kNow + 1s}));
                    return Ok();
                }).ok());
    ASSERT_TRUE(
        Write([&](Repositories& r) { return r.users.TouchToken(first, kNow + 5min); }).ok());
    ASSERT_TRUE(Write([&](Repositories& r) { return r.users.RevokeToken(first, kNow + 1h); }).ok());
    // Revoking again keeps the first time.
    ASSERT_TRUE(Write([&](Repositories& r) { return r.users.RevokeToken(first, kNow + 2h); }).ok());
    EXPECT_EQ(Write([](Repositories& r) { return r.users.RevokeToken(9999, kNow); }).error().code,
              ErrorCode::kNotFound);

    std::vector<ApiToken> listed;
    Result<ApiToken> by_hash = Error::NotFound("");
    Result<ApiToken> by_id = Error::NotFound("");
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(listed, r.users.TokensOf(user_));
                        by_hash = r.users.GetToken("h1");
                        by_id = r.users.GetTokenById(second);
                        return Ok();
                    })
                    .ok());
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, second);  // newest first
    EXPECT_TRUE(listed[0].token_hash.empty());
    EXPECT_FALSE(listed[0].expires_at.has_value());
    EXPECT_FALSE(listed[0].revoked_at.has_value());
    EXPECT_FALSE(listed[0].last_used_at.has_value());
    EXPECT_EQ(listed[1].expires_at, kNow + 90 * 24h);
    EXPECT_EQ(listed[1].revoked_at, kNow + 1h);
    EXPECT_EQ(listed[1].last_used_at, kNow + 5min);
    ASSERT_TRUE(by_hash.ok());
    EXPECT_EQ(by_hash->id, first);
    EXPECT_EQ(by_hash->token_hash, "h1");
    EXPECT_EQ(by_hash->revoked_at, kNow + 1h);
    ASSERT_TRUE(by_id.ok());
    EXPECT_EQ(by_id->name, "laptop");
}

// Every request's sign-in check reads the session or the token with its user in one statement.
TEST_P(AccountsContractTest, ASessionOrATokenIsReadWithItsUser) {
    ASSERT_TRUE(
        Write([&](Repositories& r) -> Status {
            User u = Stored();
            u.email = "jo@example.gov.uk";
            u.roles = {domain::Role::kWingOfficer, domain::Role::kSecurity};
            u.caseload = {"MDI", "LEI"};
            WARDEN_TRY(r.users.Update(u));
            WARDEN_TRY(r.users.AddSession({"s1", user_, "csrf", kNow, kNow + 8h, kNow + 1h}));
            WARDEN_TRY(r.users.AddToken({0, user_, "t1", "laptop", kNow, kNow + 24h}));
            return Ok();
        }).ok());
    Result<domain::SessionOfUser> session = Error::Internal("");
    Result<domain::TokenOfUser> token = Error::Internal("");
    Result<domain::SessionOfUser> no_session = Error::Internal("");
    Result<domain::TokenOfUser> no_token = Error::Internal("");
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        session = r.users.GetSessionWithUser("s1");
                        token = r.users.GetTokenWithUser("t1");
                        no_session = r.users.GetSessionWithUser("t1");
                        no_token = r.users.GetTokenWithUser("s1");
                        return Ok();
                    })
                    .ok());
    ASSERT_TRUE(session.ok()) << session.error().message;
    EXPECT_EQ(session->session.token_hash, "s1");
    EXPECT_EQ(session->session.user_id, user_);
    EXPECT_EQ(session->session.csrf_token, "csrf");
    EXPECT_EQ(session->session.expires_at, kNow + 8h);
    EXPECT_EQ(session->session.idle_expires_at, kNow + 1h);
    EXPECT_EQ(session->user.id, user_);
    EXPECT_EQ(session->user.username, "jsmith");
    EXPECT_EQ(session->user.email, "jo@example.gov.uk");
    EXPECT_EQ(session->user.caseload, (std::vector<std::string>{"MDI", "LEI"}));
    EXPECT_EQ(session->user.roles.size(), 2u);
    ASSERT_TRUE(token.ok()) << token.error().message;
    EXPECT_EQ(token->token.token_hash, "t1");
    EXPECT_EQ(token->token.name, "laptop");
    EXPECT_EQ(token->token.expires_at, kNow + 24h);
    EXPECT_FALSE(token->token.revoked_at.has_value());
    EXPECT_EQ(token->user.username, "jsmith");
    EXPECT_EQ(token->user.caseload, (std::vector<std::string>{"MDI", "LEI"}));
    EXPECT_EQ(no_session.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(no_token.error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                             return info.param == Dialect::kSqlite ? std::string("SQLite")
                                                                   : std::string("PostgreSQL");
                         });

}  // namespace
}  // namespace warden::storage
