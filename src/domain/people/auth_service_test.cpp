#include "domain/people/auth_service.hpp"

#include <gtest/gtest.h>

#include "domain/testing/in_memory_store.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono_literals;
using testing::FakePasswordHasher;
using testing::FakeSecrets;
using testing::InMemoryStore;

constexpr char kPassword[] = "a long enough password";

class AuthServiceTest : public ::testing::Test {
  protected:
    AuthServiceTest()
        : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 9h),
          auth_(store_, hasher_, secrets_, clock_, Policy()),
          admin_(store_, hasher_, clock_, Policy()) {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        store_.state.establishments["MDI"] = {"MDI", "Moorland", "NE", "s@x.io", "c@x.io", 1, {}};
        store_.state.establishments["LEI"] = {"LEI", "Leeds", "NE", "s@x.io", "c@x.io", 1, {}};
        auto made =
            admin_.Create(Actor::System(),
                          {"jsmith", "Jo Smith", "jo@x.io", {Role::kSecurity}, {"MDI"}, kPassword});
        EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
    }

    static AuthPolicy Policy() {
        AuthPolicy p;
        p.max_failed_signins = 3;
        p.lockout = 10min;
        p.session_lifetime = 1h;
        return p;
    }

    User StoredUser(const std::string& name) {
        for (const auto& [id, u] : store_.state.users) {
            if (u.username == name) return u;
        }
        ADD_FAILURE() << "no user " << name;
        return {};
    }

    InMemoryStore store_;
    FakePasswordHasher hasher_;
    FakeSecrets secrets_;
    FixedClock clock_;
    AuthService auth_;
    UserAdminService admin_;
};

TEST_F(AuthServiceTest, SignInCreatesSessionAndAudits) {
    auto r = auth_.SignIn("jsmith", kPassword, "10.0.0.9");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->token.empty());
    EXPECT_EQ(r->session.token_hash, secrets_.Sha256Hex(r->token));
    EXPECT_NE(r->session.token_hash, r->token);
    EXPECT_FALSE(r->session.csrf_token.empty());
    EXPECT_NE(r->session.csrf_token, r->token);
    EXPECT_EQ(r->session.expires_at, clock_.Now() + 1h);
    EXPECT_EQ(r->actor.username, "jsmith");
    EXPECT_EQ(r->actor.source, "10.0.0.9");
    EXPECT_EQ(r->actor.caseload, std::vector<std::string>{"MDI"});
    ASSERT_EQ(store_.state.sessions.count(r->session.token_hash), 1u);
    EXPECT_EQ(store_.state.sessions.count(r->token), 0u);  // only the hash is stored
    auto audits = store_.AuditOf("auth.signin");
    ASSERT_EQ(audits.size(), 1u);
    EXPECT_EQ(audits[0].subject, "user:jsmith");
    EXPECT_EQ(audits[0].source, "10.0.0.9");
}

TEST_F(AuthServiceTest, UsernameIsCaseAndSpaceInsensitive) {
    EXPECT_TRUE(auth_.SignIn("  JSmith ", kPassword, "ip").ok());
}

TEST_F(AuthServiceTest, GenericMessageForUnknownUserAndWrongPassword) {
    auto unknown = auth_.SignIn("nobody", kPassword, "ip");
    auto wrong = auth_.SignIn("jsmith", "wrong password!!", "ip");
    ASSERT_FALSE(unknown.ok());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(unknown.error().message, wrong.error().message);
    EXPECT_EQ(unknown.error().message,
              "Enter a valid username and password. After 3 failed attempts an account is "
              "locked for 10 minutes");
    // The unknown user still costs a password verification.
    EXPECT_GE(hasher_.verifies, 2);
    auto failures = store_.AuditOf("auth.signin_failed");
    ASSERT_EQ(failures.size(), 2u);
    // An unknown username is recorded as unknown: what was typed may be a pasted password.
    EXPECT_EQ(failures[0].subject, "user:unknown");
    EXPECT_EQ(failures[0].detail.find("nobody"), std::string::npos);
    EXPECT_EQ(failures[0].detail.find(kPassword), std::string::npos);
    auto pasted = auth_.SignIn("Correct-Horse-Battery-9", kPassword, "ip");
    ASSERT_FALSE(pasted.ok());
    EXPECT_EQ(store_.AuditOf("auth.signin_failed").back().subject, "user:unknown");
}

TEST_F(AuthServiceTest, LockoutAfterMaxFailuresThenExpires) {
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    EXPECT_TRUE(StoredUser("jsmith").locked_until.has_value());

    // Even the right password is refused while locked, with the message every failure gets.
    auto locked = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(locked.error().message, auth_.SignIn("nobody", "x", "ip").error().message);
    EXPECT_EQ(store_.AuditOf("auth.signin_failed")[2].detail, "result=wrong_password locked=true");

    clock_.Advance(9min);
    EXPECT_FALSE(auth_.SignIn("jsmith", kPassword, "ip").ok());
    clock_.Advance(1min);
    auto ok = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(StoredUser("jsmith").failed_signins, 0);
    EXPECT_FALSE(StoredUser("jsmith").locked_until.has_value());
}

TEST_F(AuthServiceTest, SuccessResetsFailureCounter) {
    EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    EXPECT_EQ(StoredUser("jsmith").failed_signins, 2);
    EXPECT_TRUE(auth_.SignIn("jsmith", kPassword, "ip").ok());
    EXPECT_EQ(StoredUser("jsmith").failed_signins, 0);
    EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    EXPECT_TRUE(auth_.SignIn("jsmith", kPassword, "ip").ok());  // not locked: counter was reset
}

TEST_F(AuthServiceTest, DisabledUserCannotSignInAndLooksLikeBadPassword) {
    ASSERT_TRUE(admin_.SetDisabled(Actor::System(), "jsmith", true).ok());
    auto r = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, auth_.SignIn("nobody", kPassword, "ip").error().message);
    EXPECT_EQ(store_.AuditOf("auth.signin_failed")[0].detail, "result=disabled");
}

TEST_F(AuthServiceTest, ResumeUntilExpiry) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    auto resumed = auth_.Resume(s->token, "ip2");
    ASSERT_TRUE(resumed.ok());
    EXPECT_EQ(resumed->actor.username, "jsmith");
    EXPECT_EQ(resumed->actor.source, "ip2");
    EXPECT_EQ(resumed->session.csrf_token, s->session.csrf_token);

    // Used every 29 minutes, the session lives to its absolute limit (1 hour here).
    clock_.Advance(29min);
    EXPECT_TRUE(auth_.Resume(s->token, "ip").ok());
    clock_.Advance(29min);
    EXPECT_TRUE(auth_.Resume(s->token, "ip").ok());
    clock_.Advance(1min);
    EXPECT_TRUE(auth_.Resume(s->token, "ip").ok());
    clock_.Advance(1min);
    auto expired = auth_.Resume(s->token, "ip");
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, ResumeRejectsUnknownTokenAndHash) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE(auth_.Resume("", "ip").ok());
    EXPECT_FALSE(auth_.Resume("made-up", "ip").ok());
    EXPECT_FALSE(auth_.Resume(s->session.token_hash, "ip").ok());  // the hash is not a token
}

TEST_F(AuthServiceTest, DisablingEndsSessions) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(admin_.SetDisabled(Actor::System(), "jsmith", true).ok());
    EXPECT_FALSE(auth_.Resume(s->token, "ip").ok());
    EXPECT_TRUE(store_.state.sessions.empty());
}

TEST_F(AuthServiceTest, ResumeRefusesDisabledUserEvenWithSession) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    for (auto& [id, u] : store_.state.users) u.disabled = true;  // behind the service's back
    EXPECT_FALSE(auth_.Resume(s->token, "ip").ok());
}

TEST_F(AuthServiceTest, SignOutEndsSessionAndIsIdempotent) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(auth_.SignOut(s->token, "ip").ok());
    EXPECT_FALSE(auth_.Resume(s->token, "ip").ok());
    EXPECT_TRUE(auth_.SignOut(s->token, "ip").ok());
    EXPECT_EQ(store_.AuditOf("auth.signout").size(), 1u);
}

TEST_F(AuthServiceTest, ApiTokens) {
    Actor officer{9, "officer", {Role::kWingOfficer}, {"MDI"}, "ip"};
    auto denied = auth_.CreateToken(officer, "jsmith", "reports");
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().code, ErrorCode::kForbidden);

    auto token = auth_.CreateToken(Actor::System(), "jsmith", "reports");
    ASSERT_TRUE(token.ok()) << token.error().message;
    ASSERT_EQ(store_.state.tokens.size(), 1u);
    EXPECT_EQ(store_.state.tokens.begin()->first, auth_.HashToken(*token));
    auto actor = auth_.Authenticate(*token, "1.2.3.4");
    ASSERT_TRUE(actor.ok());
    EXPECT_EQ(actor->username, "jsmith");
    EXPECT_EQ(actor->source, "1.2.3.4");
    EXPECT_EQ(store_.AuditOf("token.create").size(), 1u);
    EXPECT_EQ(store_.AuditOf("token.create")[0].detail.find(*token), std::string::npos);
    EXPECT_EQ(store_.AuditOf("token.create")[0].detail,
              "token=1 expires=" + FormatRfc3339(clock_.Now() + 90 * 24h));

    EXPECT_EQ(auth_.Authenticate("nope", "ip").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(auth_.CreateToken(Actor::System(), "ghost", "x").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(auth_.CreateToken(Actor::System(), "jsmith", " ").error().code,
              ErrorCode::kInvalidInput);

    ASSERT_TRUE(admin_.SetDisabled(Actor::System(), "jsmith", true).ok());
    EXPECT_FALSE(auth_.Authenticate(*token, "ip").ok());
}

// ---------------------------------------------------------------------------------------------

class UserAdminTest : public AuthServiceTest {
  protected:
    Actor Admin() { return Actor{100, "admin", {Role::kAdmin}, {}, "10.1.1.1"}; }
};

TEST_F(UserAdminTest, OnlyAdminOrSystem) {
    Actor security{1, "jsmith", {Role::kSecurity}, {"MDI"}, "ip"};
    EXPECT_EQ(admin_.List(security).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(
        admin_
            .Create(security, {"new.user", "N U", "n@x.io", {Role::kSecurity}, {"MDI"}, kPassword})
            .error()
            .code,
        ErrorCode::kForbidden);
    EXPECT_TRUE(admin_.List(Admin()).ok());
    EXPECT_TRUE(admin_.List(Actor::System()).ok());
}

TEST_F(UserAdminTest, AdminCannotChangeTheirOwnRolesOrCaseload) {
    auto own = admin_.SetAccess(Admin(), "admin", {Role::kAdmin, Role::kSecurity}, {"MDI"});
    ASSERT_FALSE(own.ok());
    EXPECT_EQ(own.error().code, ErrorCode::kConflict);
    EXPECT_EQ(own.error().message, "You cannot change your own roles or caseload");
    EXPECT_TRUE(store_.AuditOf("user.access").empty());
}

TEST_F(UserAdminTest, CreateValidatesEveryField) {
    auto r = admin_.Create(Admin(), {"X", "", "not-an-email", {}, {"M1"}, "short"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    std::set<std::string> fields;
    for (const auto& f : r.error().fields) fields.insert(f.field);
    EXPECT_EQ(fields, (std::set<std::string>{"username", "full_name", "email", "roles", "caseload",
                                             "password"}));
    EXPECT_EQ(store_.state.users.size(), 1u);
}

TEST_F(UserAdminTest, CaseloadMustExistAndRolesNeedOne) {
    auto unknown = admin_.Create(
        Admin(), {"new.user", "N U", "n@x.io", {Role::kWingOfficer}, {"MDI", "XYZ"}, kPassword});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
    ASSERT_EQ(unknown.error().fields.size(), 1u);
    EXPECT_EQ(unknown.error().fields[0].field, "caseload");
    EXPECT_NE(unknown.error().fields[0].message.find("XYZ"), std::string::npos);

    auto none =
        admin_.Create(Admin(), {"new.user", "N U", "n@x.io", {Role::kWingOfficer}, {}, kPassword});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().fields[0].field, "caseload");

    // National roles need no caseload.
    EXPECT_TRUE(
        admin_.Create(Admin(), {"rev", "R V", "r@x.io", {Role::kDigitalReviewer}, {}, kPassword})
            .ok());
}

TEST_F(UserAdminTest, CreateNormalisesStoresHashAndAudits) {
    auto r = admin_.Create(Admin(), {" New.User ",
                                     " New User ",
                                     "New@X.io",
                                     {Role::kGovernor, Role::kGovernor},
                                     {"lei", "MDI", "LEI"},
                                     kPassword});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->username, "new.user");
    EXPECT_EQ(r->full_name, "New User");
    EXPECT_EQ(r->email, "new@x.io");
    EXPECT_EQ(r->roles, std::vector<Role>{Role::kGovernor});
    EXPECT_EQ(r->caseload, (std::vector<std::string>{"LEI", "MDI"}));
    EXPECT_TRUE(r->password_hash.empty());  // never handed out
    EXPECT_GT(r->id, 0);
    EXPECT_EQ(StoredUser("new.user").password_hash, *hasher_.Hash(kPassword));
    auto audits = store_.AuditOf("user.create");
    ASSERT_EQ(audits.size(), 2u);
    EXPECT_EQ(audits[1].actor, "admin");
    EXPECT_EQ(audits[1].source, "10.1.1.1");
    EXPECT_EQ(audits[1].subject, "user:new.user");
    EXPECT_EQ(audits[1].detail.find(kPassword), std::string::npos);
    EXPECT_NE(audits[1].detail.find("GOVERNOR"), std::string::npos);

    auto dup =
        admin_.Create(Admin(), {"new.user", "Other", "o@x.io", {Role::kAdmin}, {}, kPassword});
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

TEST_F(UserAdminTest, GetAndListNeverExposeHashes) {
    auto one = admin_.Get(Admin(), "jsmith");
    ASSERT_TRUE(one.ok());
    EXPECT_TRUE(one->password_hash.empty());
    auto all = admin_.List(Admin());
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_TRUE(all->front().password_hash.empty());
    EXPECT_EQ(admin_.Get(Admin(), "ghost").error().code, ErrorCode::kNotFound);
}

TEST_F(UserAdminTest, SetAccessEndsSessionsAndAudits) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(admin_.SetAccess(Admin(), "jsmith", {Role::kGovernor}, {"LEI"}).ok());
    EXPECT_FALSE(auth_.Resume(s->token, "ip").ok());
    EXPECT_EQ(StoredUser("jsmith").caseload, std::vector<std::string>{"LEI"});
    EXPECT_EQ(StoredUser("jsmith").roles, std::vector<Role>{Role::kGovernor});
    EXPECT_EQ(store_.AuditOf("user.access").size(), 1u);

    auto bad = admin_.SetAccess(Admin(), "jsmith", {Role::kGovernor}, {"QQQ"});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(StoredUser("jsmith").caseload, std::vector<std::string>{"LEI"});
    EXPECT_EQ(admin_.SetAccess(Admin(), "ghost", {Role::kGovernor}, {"LEI"}).error().code,
              ErrorCode::kNotFound);
}

TEST_F(UserAdminTest, ResetPasswordClearsLockoutAndSessions) {
    auto s = auth_.SignIn("jsmith", kPassword, "ip");
    ASSERT_TRUE(s.ok());
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(auth_.SignIn("jsmith", "bad", "ip").ok());
    ASSERT_TRUE(StoredUser("jsmith").locked_until.has_value());

    EXPECT_EQ(admin_.ResetPassword(Admin(), "jsmith", "short").error().fields[0].field, "password");
    ASSERT_TRUE(admin_.ResetPassword(Admin(), "jsmith", "another long password").ok());
    EXPECT_FALSE(StoredUser("jsmith").locked_until.has_value());
    EXPECT_FALSE(auth_.Resume(s->token, "ip").ok());
    EXPECT_FALSE(auth_.SignIn("jsmith", kPassword, "ip").ok());
    EXPECT_TRUE(auth_.SignIn("jsmith", "another long password", "ip").ok());
    auto audits = store_.AuditOf("user.password_reset");
    ASSERT_EQ(audits.size(), 1u);
    EXPECT_EQ(audits[0].detail.find("another"), std::string::npos);
}

TEST_F(UserAdminTest, AdminCannotDisableThemselves) {
    ASSERT_TRUE(
        admin_.Create(Admin(), {"boss", "B", "b@x.io", {Role::kAdmin}, {}, kPassword}).ok());
    Actor boss{2, "boss", {Role::kAdmin}, {}, "ip"};
    EXPECT_EQ(admin_.SetDisabled(boss, "boss", true).error().code, ErrorCode::kConflict);
    ASSERT_TRUE(admin_.SetDisabled(boss, "jsmith", true).ok());
    ASSERT_TRUE(admin_.SetDisabled(boss, "jsmith", false).ok());
    EXPECT_TRUE(auth_.SignIn("jsmith", kPassword, "ip").ok());
    EXPECT_EQ(store_.AuditOf("user.disable").size(), 1u);
    EXPECT_EQ(store_.AuditOf("user.enable").size(), 1u);
}

TEST_F(UserAdminTest, FailedAuditRollsBackTheChange) {
    store_.fail_audit = true;
    auto r = admin_.Create(Admin(), {"new.user", "N U", "n@x.io", {Role::kAdmin}, {}, kPassword});
    EXPECT_FALSE(r.ok());
    store_.fail_audit = false;
    EXPECT_EQ(admin_.Get(Admin(), "new.user").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace warden::domain
