// Accounts, sessions and tokens (issue 8 item 5): equal answers for every failed sign-in, the
// session idle limit, token expiry, revocation and last use, changing one's own password, the
// common-password check and the audit of a role with prisoner data.

#include <gtest/gtest.h>

#include "domain/people/auth_service.hpp"
#include "domain/people/passwords.hpp"
#include "domain/testing/in_memory_store.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono_literals;
using testing::FakePasswordHasher;
using testing::FakeSecrets;
using testing::InMemoryStore;

constexpr char kPassword[] = "a long enough password";

class AccountTest : public ::testing::Test {
  protected:
    AccountTest()
        : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 9h),
          auth_(store_, hasher_, secrets_, clock_, Policy()),
          admin_(store_, hasher_, clock_, Policy()) {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        store_.state.establishments["MDI"] = {"MDI", "Moorland", "NE", "s@x.io", "c@x.io", 1, {}};
        auto made =
            admin_.Create(Actor::System(),
                          {"jsmith", "Jo Smith", "jo@x.io", {Role::kSecurity}, {"MDI"}, kPassword});
        EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
        jsmith_ = made.ok() ? made->id : 0;
    }

    static AuthPolicy Policy() {
        AuthPolicy p;
        p.max_failed_signins = 3;
        p.lockout = 10min;
        p.session_lifetime = 8h;
        p.session_idle = 30min;
        return p;
    }
    Actor Admin() { return Actor{100, "admin", {Role::kAdmin}, {}, "10.1.1.1"}; }
    Actor Jsmith() { return Actor{jsmith_, "jsmith", {Role::kSecurity}, {"MDI"}, "10.2.2.2"}; }

    InMemoryStore store_;
    FakePasswordHasher hasher_;
    FakeSecrets secrets_;
    FixedClock clock_;
    AuthService auth_;
    UserAdminService admin_;
    Id jsmith_ = 0;
};

TEST_F(AccountTest, LockedUnknownWrongAndDisabledSignInsGetTheSameAnswerAndOneVerifyEach) {
    const int before = hasher_.verifies;
    auto unknown = auth_.SignIn("nobody", kPassword, "ip");
    EXPECT_EQ(hasher_.verifies, before + 1);
    auto wrong = auth_.SignIn("jsmith", "wrong password!!", "ip");
    EXPECT_EQ(hasher_.verifies, before + 2);
    for (int i = 0; i < 2; ++i) EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    ASSERT_TRUE(store_.state.users[jsmith_].locked_until.has_value());
    const int locked_before = hasher_.verifies;
    auto locked = auth_.SignIn("jsmith", kPassword, "ip");
    // A locked account still costs one verify (against the dummy hash): no faster answer.
    EXPECT_EQ(hasher_.verifies, locked_before + 1);
    ASSERT_FALSE(unknown.ok());
    ASSERT_FALSE(wrong.ok());
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(unknown.error().message, wrong.error().message);
    EXPECT_EQ(locked.error().message, wrong.error().message);
    EXPECT_EQ(locked.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(store_.AuditOf("auth.signin_failed").back().detail, "result=locked");
}

TEST_F(AccountTest, APasswordTooLongForAnyoneCostsOneVerifyForARealUserAsForAnUnknownOne) {
    const std::string too_long(kMaxPasswordLength + 1, 'x');
    int before = hasher_.verifies;
    auto unknown = auth_.SignIn("nobody", too_long, "ip");
    EXPECT_EQ(hasher_.verifies, before + 1);
    before = hasher_.verifies;
    auto real = auth_.SignIn("jsmith", too_long, "ip");
    EXPECT_EQ(hasher_.verifies, before + 1);
    ASSERT_FALSE(unknown.ok());
    ASSERT_FALSE(real.ok());
    EXPECT_EQ(unknown.error().message, real.error().message);
    EXPECT_EQ(store_.AuditOf("auth.signin_failed").back().detail.rfind("result=wrong_password", 0),
              0u);
}

TEST_F(AccountTest, ADisabledAccountGetsTheSameAnswerAfterOneVerify) {
    store_.state.users[jsmith_].disabled = true;
    const int before = hasher_.verifies;
    auto disabled = auth_.SignIn("jsmith", kPassword, "ip");
    EXPECT_EQ(hasher_.verifies, before + 1);
    auto unknown = auth_.SignIn("nobody", kPassword, "ip");
    ASSERT_FALSE(disabled.ok());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(disabled.error().message, unknown.error().message);
}

TEST_F(AccountTest, ALockedAccountIsNotUnlockedOrCountedByMoreAttempts) {
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    const auto until = store_.state.users[jsmith_].locked_until;
    ASSERT_TRUE(until.has_value());
    EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    EXPECT_EQ(store_.state.users[jsmith_].locked_until, until);
    EXPECT_EQ(store_.state.users[jsmith_].failed_signins, 0);
}

TEST_F(AccountTest, SessionsEndAfterThirtyIdleMinutes) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->session.idle_expires_at, clock_.Now() + 30min);
    clock_.Advance(20min);
    ASSERT_TRUE(auth_.Resume(s->token, "ip").ok());
    // Used at 20 minutes: idle until 50.
    EXPECT_EQ(store_.state.sessions[s->session.token_hash].idle_expires_at, clock_.Now() + 30min);
    clock_.Advance(29min);
    ASSERT_TRUE(auth_.Resume(s->token, "ip").ok());
    clock_.Advance(30min);
    auto idle = auth_.Resume(s->token, "ip");
    ASSERT_FALSE(idle.ok());
    EXPECT_EQ(idle.error().code, ErrorCode::kUnauthenticated);
    // The background job deletes it.
    ASSERT_TRUE(
        store_.Write([&](Repositories& r) { return r.users.DeleteExpiredSessions(clock_.Now()); })
            .ok());
    EXPECT_TRUE(store_.state.sessions.empty());
}

TEST_F(AccountTest, ResumeWritesTheIdleLimitAtMostOnceAMinute) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    const auto first = store_.state.sessions[s->session.token_hash].idle_expires_at;
    clock_.Advance(30s);
    ASSERT_TRUE(auth_.Resume(s->token, "ip").ok());
    EXPECT_EQ(store_.state.sessions[s->session.token_hash].idle_expires_at, first);
    clock_.Advance(31s);
    ASSERT_TRUE(auth_.Resume(s->token, "ip").ok());
    EXPECT_EQ(store_.state.sessions[s->session.token_hash].idle_expires_at, clock_.Now() + 30min);
}

TEST_F(AccountTest, TokensExpireAfterNinetyDaysByDefault) {
    auto token = auth_.CreateToken(Actor::System(), "jsmith", "reports");
    ASSERT_TRUE(token.ok());
    clock_.Advance(90 * 24h - 1s);
    EXPECT_TRUE(auth_.Authenticate(*token, "ip").ok());
    clock_.Advance(1s);
    auto expired = auth_.Authenticate(*token, "ip");
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);

    auto week = auth_.CreateToken(Actor::System(), "jsmith", "a week", 7);
    ASSERT_TRUE(week.ok());
    clock_.Advance(7 * 24h);
    EXPECT_FALSE(auth_.Authenticate(*week, "ip").ok());
    EXPECT_EQ(auth_.CreateToken(Actor::System(), "jsmith", "x", 367).error().fields[0].field,
              "days");
    EXPECT_EQ(auth_.CreateToken(Actor::System(), "jsmith", "bad\nname").error().fields[0].field,
              "name");
}

TEST_F(AccountTest, TokensAreListedRevokedAndRecordTheirLastUse) {
    auto first = auth_.CreateToken(Actor::System(), "jsmith", "reports");
    auto second = auth_.CreateToken(Admin(), "jsmith", "laptop");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    auto listed = auth_.ListTokens(Admin(), "jsmith");
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].name, "laptop");  // newest first
    EXPECT_TRUE((*listed)[0].token_hash.empty());
    EXPECT_FALSE((*listed)[0].last_used_at.has_value());

    ASSERT_TRUE(auth_.Authenticate(*first, "ip").ok());
    const Id first_id = (*listed)[1].id;
    EXPECT_EQ(auth_.ListTokens(Admin(), "jsmith")->at(1).last_used_at, clock_.Now());
    clock_.Advance(30s);
    ASSERT_TRUE(auth_.Authenticate(*first, "ip").ok());  // within a minute: not written again
    EXPECT_EQ(auth_.ListTokens(Admin(), "jsmith")->at(1).last_used_at, clock_.Now() - 30s);

    Actor officer{9, "officer", {Role::kWingOfficer}, {"MDI"}, "ip"};
    EXPECT_EQ(auth_.ListTokens(officer, "jsmith").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(auth_.RevokeToken(officer, first_id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(auth_.RevokeToken(Admin(), first_id, "someone.else").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(auth_.RevokeToken(Admin(), 999).error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(auth_.RevokeToken(Admin(), first_id, "jsmith").ok());
    auto revoked = auth_.Authenticate(*first, "ip");
    ASSERT_FALSE(revoked.ok());
    EXPECT_EQ(revoked.error().code, ErrorCode::kUnauthenticated);
    EXPECT_TRUE(auth_.Authenticate(*second, "ip").ok());
    EXPECT_TRUE(auth_.ListTokens(Admin(), "jsmith")->at(1).revoked_at.has_value());
    ASSERT_TRUE(auth_.RevokeToken(Admin(), first_id).ok());  // idempotent
    auto audits = store_.AuditOf("token.revoke");
    ASSERT_EQ(audits.size(), 1u);
    EXPECT_EQ(audits[0].subject, "user:jsmith");
    EXPECT_EQ(audits[0].detail, "token=" + std::to_string(first_id));
    EXPECT_EQ(audits[0].actor, "admin");
}

TEST_F(AccountTest, UsersChangeTheirOwnPasswordAndEndTheirOtherSessions) {
    auto here = auth_.SignIn("jsmith", kPassword, "ip");
    auto elsewhere = auth_.SignIn("jsmith", kPassword, "ip2");
    ASSERT_TRUE(here.ok());
    ASSERT_TRUE(elsewhere.ok());

    auto wrong = auth_.ChangePassword(
        Jsmith(), {"not my password", "a brand new passphrase", "a brand new passphrase"});
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().fields.at(0).field, "current_password");
    EXPECT_EQ(store_.AuditOf("user.password_change_failed").size(), 1u);

    auto common = auth_.ChangePassword(Jsmith(), {kPassword, "Password1234", "Password1234"});
    ASSERT_FALSE(common.ok());
    EXPECT_EQ(common.error().fields.at(0).field, "new_password");
    EXPECT_NE(common.error().fields.at(0).message.find("too common"), std::string::npos);

    auto shorter = auth_.ChangePassword(Jsmith(), {kPassword, "short", "short"});
    ASSERT_FALSE(shorter.ok());
    EXPECT_EQ(shorter.error().fields.at(0).field, "new_password");

    auto mismatch =
        auth_.ChangePassword(Jsmith(), {kPassword, "a brand new passphrase", "a brand new pass"});
    ASSERT_FALSE(mismatch.ok());
    EXPECT_EQ(mismatch.error().fields.at(0).field, "confirm_password");

    auto same = auth_.ChangePassword(Jsmith(), {kPassword, kPassword, kPassword});
    ASSERT_FALSE(same.ok());
    EXPECT_EQ(same.error().fields.at(0).field, "new_password");
    EXPECT_TRUE(store_.AuditOf("user.password_change").empty());

    auto changed = auth_.ChangePassword(
        Jsmith(), {kPassword, "a brand new passphrase", "a brand new passphrase"});
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    EXPECT_FALSE(auth_.Resume(here->token, "ip").ok());
    EXPECT_FALSE(auth_.Resume(elsewhere->token, "ip").ok());
    EXPECT_TRUE(auth_.Resume(changed->token, "ip").ok());  // this browser's new session
    EXPECT_EQ(store_.state.sessions.size(), 1u);
    EXPECT_FALSE(auth_.SignIn("jsmith", kPassword, "ip").ok());
    EXPECT_TRUE(auth_.SignIn("jsmith", "a brand new passphrase", "ip").ok());
    auto audits = store_.AuditOf("user.password_change");
    ASSERT_EQ(audits.size(), 1u);
    EXPECT_EQ(audits[0].actor, "jsmith");
    EXPECT_EQ(audits[0].detail.find("brand"), std::string::npos);
    EXPECT_EQ(auth_.ChangePassword(Actor::System(), {}).error().code, ErrorCode::kForbidden);
}

TEST_F(AccountTest, AdminCannotSetACommonPassword) {
    auto reset = admin_.ResetPassword(Admin(), "jsmith", "qwertyuiop123");
    ASSERT_FALSE(reset.ok());
    EXPECT_EQ(reset.error().fields.at(0).field, "password");
    auto created =
        admin_.Create(Admin(), {"new.user", "N U", "n@x.io", {Role::kAdmin}, {}, "WelcomeWelcome"});
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().fields.at(0).field, "password");
}

TEST_F(AccountTest, TheCommonPasswordListIsLargeAndIgnoresCase) {
    EXPECT_GT(CommonPasswordCount(), 5000u);
    EXPECT_TRUE(IsCommonPassword("password1234"));
    EXPECT_TRUE(IsCommonPassword("PASSWORD1234"));
    EXPECT_TRUE(IsCommonPassword("qwertyuiop123"));
    EXPECT_FALSE(IsCommonPassword("a long enough password"));
    EXPECT_TRUE(CheckNewPassword("a long enough password", 12).empty());
}

TEST_F(AccountTest, GivingARoleWithPrisonerDataIsAuditedExplicitly) {
    ASSERT_TRUE(
        admin_.Create(Admin(), {"ann", "Ann", "a@x.io", {Role::kAdmin}, {}, kPassword}).ok());
    EXPECT_TRUE(store_.AuditOf("user.prisoner_data_granted").size() == 1u)
        << "only jsmith's creation (SECURITY) so far";
    ASSERT_TRUE(admin_.SetAccess(Admin(), "ann", {Role::kAdmin, Role::kWingOfficer}, {"MDI"}).ok());
    auto grants = store_.AuditOf("user.prisoner_data_granted");
    ASSERT_EQ(grants.size(), 2u);
    EXPECT_EQ(grants[1].subject, "user:ann");
    EXPECT_EQ(grants[1].detail, "roles=WING_OFFICER caseload=MDI");
    // Keeping the same prisoner-data role is not a new grant.
    ASSERT_TRUE(admin_.SetAccess(Admin(), "ann", {Role::kWingOfficer}, {"MDI"}).ok());
    EXPECT_EQ(store_.AuditOf("user.prisoner_data_granted").size(), 2u);
    EXPECT_EQ(store_.AuditOf("user.prisoner_data_granted")[0].subject, "user:jsmith");
}

}  // namespace
}  // namespace warden::domain
