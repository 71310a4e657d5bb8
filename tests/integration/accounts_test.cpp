// Accounts and limits over HTTP against a real `warden serve` (issue 8 items 5 and 6): token
// listing and revocation, changing one's own password, body limits from the matched route, the
// connection cap and sign-in throttling per client address.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>

#include "support/fixture.hpp"
#include "support/http_client.hpp"

namespace warden::testing {
namespace {

/// A raw connection to the server (closed on destruction).
class Connection {
  public:
    explicit Connection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
        timeval tv{5, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Connection() {
        if (fd_ >= 0) close(fd_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    bool connected() const { return connected_; }
    void Send(const std::string& data) { (void)send(fd_, data.data(), data.size(), MSG_NOSIGNAL); }
    /// Reads until the headers of one response have arrived (or the peer closes).
    std::string ReadResponseHead() {
        std::string out;
        char buf[4096];
        while (out.find("\r\n\r\n") == std::string::npos) {
            ssize_t n = recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            out.append(buf, static_cast<size_t>(n));
        }
        return out;
    }
    /// Reads until the peer closes (or 5 seconds pass).
    std::string ReadAll() {
        std::string out;
        char buf[4096];
        ssize_t n;
        while ((n = recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
        return out;
    }

  private:
    int fd_;
    bool connected_ = false;
};

class AccountsTest : public WardenTest {
  protected:
    void SetUp() override {
        WardenTest::SetUp();
        if (IsSkipped()) return;
        LoadOrganisation();
    }
    void StartServer(const std::map<std::string, std::string>& extra = {}) {
        auto env = env_;
        for (const auto& [k, v] : extra) env[k] = v;
        server_ = std::make_unique<ServerProcess>(WardenBinary(), env);
        std::string log;
        ASSERT_TRUE(server_->Start(log)) << log;
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        WardenTest::TearDown();
    }
    HttpClient Client() { return HttpClient("127.0.0.1", server_->port()); }
    HttpResponse Api(const std::string& target, const std::string& token) {
        return Client().Get(target, {{"Authorization", "Bearer " + token}});
    }
    std::unique_ptr<ServerProcess> server_;
};

TEST_P(AccountsTest, TokensAreListedAndARevokedTokenIs401) {
    StartServer();
    const std::string token = TokenFor("security");
    ASSERT_EQ(Api("/api/v1/establishments", token).status, 200);

    auto listed = Warden({"token", "list", "security"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(listed.out.substr(0, listed.out.find('\n')),
              "id\tname\tcreated\texpires\tlast_used\tstatus");
    const std::string line = listed.out.substr(listed.out.find('\n') + 1);
    const std::string id = line.substr(0, line.find('\t'));
    EXPECT_NE(line.find("\tcli\t"), std::string::npos) << listed.out;
    EXPECT_NE(line.find("\tactive"), std::string::npos) << listed.out;
    EXPECT_EQ(line.find("never"), std::string::npos) << "expires and last use are set: " << line;
    EXPECT_EQ(line.find(token), std::string::npos) << "the token itself is never listed";

    auto revoked = Warden({"token", "revoke", id});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
    auto refused = Api("/api/v1/establishments", token);
    EXPECT_EQ(refused.status, 401);
    EXPECT_NE(refused.Header("content-type").find("problem+json"), std::string::npos);
    EXPECT_NE(Warden({"token", "list", "security"}).out.find("\trevoked"), std::string::npos);
    EXPECT_NE(Warden({"token", "revoke", "99999"}).exit_code, 0);
}

TEST_P(AccountsTest, UsersChangeTheirOwnPasswordAndTheirOtherSessionsEnd) {
    StartServer();
    HttpClient here = Client();
    HttpClient elsewhere = Client();
    ASSERT_EQ(SignIn(here, "security", kPassword).status, 303);
    ASSERT_EQ(SignIn(elsewhere, "security", kPassword).status, 303);

    auto form = here.Get("/account/password");
    ASSERT_EQ(form.status, 200) << form.body;
    const std::string csrf = InputValue(form.body, "csrf_token");
    auto post = [&](const std::string& current, const std::string& next) {
        return here.Send(
            "POST", "/account/password",
            "csrf_token=" + FormEncode(csrf) + "&current_password=" + FormEncode(current) +
                "&new_password=" + FormEncode(next) + "&confirm_password=" + FormEncode(next),
            {{"Content-Type", "application/x-www-form-urlencoded"}});
    };
    auto common = post(kPassword, "Password1234");
    EXPECT_EQ(common.status, 400);
    EXPECT_NE(common.body.find("too common"), std::string::npos) << common.body;
    EXPECT_NE(common.body.find("govuk-error-summary"), std::string::npos);

    auto changed = post(kPassword, "a brand new passphrase");
    ASSERT_EQ(changed.status, 303) << changed.body;
    EXPECT_EQ(changed.Header("location"), "/account?done=password");
    EXPECT_EQ(here.Get("/account").status, 200) << "this browser has a new session";
    auto ended = elsewhere.Get("/account");
    EXPECT_EQ(ended.status, 303) << "the other session has ended";
    EXPECT_NE(ended.Header("location").find("/sign-in"), std::string::npos);

    HttpClient fresh = Client();
    EXPECT_EQ(SignIn(fresh, "security", kPassword).status, 200);  // the old password: refused
    EXPECT_EQ(SignIn(fresh, "security", "a brand new passphrase").status, 303);
}

TEST_P(AccountsTest, BodyLimitsComeFromTheMatchedRouteAfterAuthentication) {
    StartServer();
    // The target names "/import", but the route is the sign-in form: the small limit applies,
    // and the declared size is refused before any of the body is read.
    auto signin = Client().Raw(
        "POST /sign-in?x=/import HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000000\r\n\r\n");
    EXPECT_EQ(signin.substr(0, 12), "HTTP/1.1 413") << signin;
    // An upload route without credentials gets the small limit too.
    auto anonymous = Client().Raw(
        "POST /api/v1/establishments/MDI/prisoners/import HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: text/csv\r\nContent-Length: 2000000\r\n\r\n");
    EXPECT_EQ(anonymous.substr(0, 12), "HTTP/1.1 413") << anonymous;
    // So does a caller whose role may not import.
    const std::string officer = TokenFor("officer");
    auto forbidden = Client().Raw(
        "POST /api/v1/establishments/MDI/prisoners/import HTTP/1.1\r\nHost: x\r\n"
        "Authorization: Bearer " +
        officer + "\r\nContent-Type: text/csv\r\nContent-Length: 2000000\r\n\r\n");
    EXPECT_EQ(forbidden.substr(0, 12), "HTTP/1.1 413") << forbidden;
    // Security may send an import larger than the small limit (1 MiB).
    std::string csv =
        "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
        "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n"
        "A1234BC,John,Smith,1980-01-02,MDI,A,A-1-001,REMAND,C,,0,0,0\n";
    csv += std::string(1'200'000, 'x') + "\n";
    auto big = Client().Send(
        "POST", "/api/v1/establishments/MDI/prisoners/import?partial=true", csv,
        {{"Authorization", "Bearer " + TokenFor("security")}, {"Content-Type", "text/csv"}});
    EXPECT_NE(big.status, 413) << big.body;
    EXPECT_NE(big.status, 0);
}

TEST_P(AccountsTest, ConnectionsOverTheCapAreRefusedAtOnce) {
    StartServer({{"WARDEN_MAX_CONNECTIONS", "2"}});
    auto a = std::make_unique<Connection>(server_->port());
    Connection b(server_->port());
    ASSERT_TRUE(a->connected());
    ASSERT_TRUE(b.connected());
    // Both are served (so the server has counted them), and stay open (keep-alive).
    for (Connection* c : {a.get(), &b}) {
        c->Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(c->ReadResponseHead().substr(0, 12), "HTTP/1.1 200");
    }
    Connection c(server_->port());
    const auto started = std::chrono::steady_clock::now();
    const std::string refused = c.ReadAll();  // without sending anything
    EXPECT_EQ(refused.substr(0, 12), "HTTP/1.1 503") << refused;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4))
        << "refused at once, not after a read timeout";
    // Once one closes, a new connection is served again.
    a.reset();
    bool served = false;
    for (int i = 0; i < 50 && !served; ++i) {
        served = Client().Get("/health").status == 200;
        if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(served);
}

TEST_P(AccountsTest, SignInIsThrottledPerClientAndASpoofedForwardedForDoesNotHelp) {
    StartServer({{"WARDEN_SIGNIN_ATTEMPTS_PER_MINUTE", "3"}});
    HttpClient client = Client();
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(SignIn(client, "security", "wrong").status, 200) << "attempt " << i + 1;
    }
    auto throttled = SignIn(client, "security", kPassword);
    EXPECT_EQ(throttled.status, 429);
    EXPECT_FALSE(throttled.Header("retry-after").empty());
    EXPECT_NE(throttled.body.find("Too many sign-in attempts"), std::string::npos);
    EXPECT_NE(throttled.body.find("govuk-"), std::string::npos) << "a GOV.UK error page";
    // The peer is not a trusted proxy: what it says in X-Forwarded-For is ignored.
    auto spoofed = SignIn(client, "security", kPassword, {{"X-Forwarded-For", "203.0.113.7"}});
    EXPECT_EQ(spoofed.status, 429);
    // Other routes are not throttled.
    EXPECT_EQ(client.Get("/sign-in").status, 200);
}

TEST_P(AccountsTest, APasswordPastedAsTheUsernameIsNeverStored) {
    StartServer();
    HttpClient client = Client();
    // People paste their password into the username field: the attempt is recorded as unknown.
    const std::string pasted = "Tr0ub4dor-and-3";
    EXPECT_EQ(SignIn(client, pasted, kPassword).status, 200);
    EXPECT_EQ(SignIn(client, "nobody-here", kPassword).status, 200);
    auto audit =
        client.Send("GET", "/api/v1/audit", "", {{"Authorization", "Bearer " + TokenFor("admin")}});
    ASSERT_EQ(audit.status, 200) << audit.body;
    EXPECT_EQ(audit.body.find("Tr0ub4dor"), std::string::npos) << audit.body;
    EXPECT_EQ(audit.body.find("nobody-here"), std::string::npos) << audit.body;
    EXPECT_NE(audit.body.find("result=unknown_user"), std::string::npos) << audit.body;
    // Nor anywhere in the database file.
    if (database_url_.rfind("sqlite:", 0) == 0) {
        const std::string db = database_url_.substr(7);
        std::string stored;
        for (const auto& file : {db, db + "-wal"}) {
            std::ifstream in(file, std::ios::binary);
            stored += std::string(std::istreambuf_iterator<char>(in), {});
        }
        EXPECT_EQ(stored.find("Tr0ub4dor"), std::string::npos);
    }
}

TEST_P(AccountsTest, BehindATrustedProxyEachForwardedClientHasItsOwnAllowance) {
    StartServer(
        {{"WARDEN_SIGNIN_ATTEMPTS_PER_MINUTE", "2"}, {"WARDEN_TRUSTED_PROXIES", "127.0.0.1"}});
    HttpClient client = Client();
    const std::map<std::string, std::string> one = {{"X-Forwarded-For", "198.51.100.1"}};
    EXPECT_EQ(SignIn(client, "security", "wrong", one).status, 200);
    EXPECT_EQ(SignIn(client, "security", "wrong", one).status, 200);
    EXPECT_EQ(SignIn(client, "security", "wrong", one).status, 429);
    // A client cannot escape by putting another address on the left: the proxy appends the
    // real one on the right, and that is the one believed.
    EXPECT_EQ(
        SignIn(client, "security", "wrong", {{"X-Forwarded-For", "10.1.1.1, 198.51.100.1"}}).status,
        429);
    auto other = SignIn(client, "security", kPassword, {{"X-Forwarded-For", "198.51.100.2"}});
    EXPECT_EQ(other.status, 303) << other.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace warden::testing
