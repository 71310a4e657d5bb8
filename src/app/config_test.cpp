#include "app/config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>

namespace warden::app {
namespace {

Result<Config> Load(std::map<std::string, std::string> env) {
    const char* src = std::getenv("WARDEN_SOURCE_DIR");
    std::string home = src ? src : ".";
    return LoadConfig(
        [&env](const char* name) -> const char* {
            auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        },
        home);
}

TEST(ConfigTest, DefaultsServeALocalDemo) {
    auto c = Load({});
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->database_url, "sqlite:warden.db");
    EXPECT_EQ(c->listen_host, "127.0.0.1");
    EXPECT_EQ(c->listen_port, 8080);
    EXPECT_EQ(c->public_url, "http://127.0.0.1:8080");
    EXPECT_FALSE(c->SecureCookies());
    EXPECT_EQ(c->tmpp_decision_days, 90);
    auto days = Load({{"WARDEN_TMPP_DECISION_DAYS", "30"}});
    ASSERT_TRUE(days.ok()) << days.error().message;
    EXPECT_EQ(days->tmpp_decision_days, 30);
}

TEST(ConfigTest, AccountAndLimitSettings) {
    auto defaults = Load({});
    ASSERT_TRUE(defaults.ok()) << defaults.error().message;
    EXPECT_EQ(defaults->session_idle_minutes, 30);
    EXPECT_EQ(defaults->max_connections, 512);
    EXPECT_EQ(defaults->signin_attempts_per_minute, 10);
    EXPECT_TRUE(defaults->trusted_proxies.empty());
    auto set = Load({{"WARDEN_SESSION_IDLE_MINUTES", "15"},
                     {"WARDEN_MAX_CONNECTIONS", "100"},
                     {"WARDEN_SIGNIN_ATTEMPTS_PER_MINUTE", "5"},
                     {"WARDEN_TRUSTED_PROXIES", "10.0.0.1, ::1"}});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->session_idle_minutes, 15);
    EXPECT_EQ(set->max_connections, 100);
    EXPECT_EQ(set->signin_attempts_per_minute, 5);
    EXPECT_EQ(set->trusted_proxies, (std::vector<std::string>{"10.0.0.1", "::1"}));
    for (const auto& [name, value] :
         std::map<std::string, std::string>{{"WARDEN_SESSION_IDLE_MINUTES", "0"},
                                            {"WARDEN_MAX_CONNECTIONS", "lots"},
                                            {"WARDEN_SIGNIN_ATTEMPTS_PER_MINUTE", "0"},
                                            {"WARDEN_TRUSTED_PROXIES", "proxy.example"}}) {
        auto bad = Load({{name, value}});
        ASSERT_FALSE(bad.ok()) << name;
        EXPECT_NE(bad.error().message.find(name), std::string::npos) << bad.error().message;
    }
}

TEST(ConfigTest, SpendControlThreshold) {
    auto defaults = Load({});
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->spend_control_pence, 10'000'000);  // £100,000
    auto set = Load({{"WARDEN_SPEND_CONTROL_PENCE", "2500000"}});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->spend_control_pence, 2'500'000);
    for (const char* bad : {"-1", "£100", "1e6", "1000000000000000001"}) {
        auto refused = Load({{"WARDEN_SPEND_CONTROL_PENCE", bad}});
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_NE(refused.error().message.find("WARDEN_SPEND_CONTROL_PENCE"), std::string::npos);
    }
}

TEST(ConfigTest, ReviewDayOfTheWeeklyReview) {
    auto defaults = Load({});
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->review_day, 3u);  // Wednesday
    auto set = Load({{"WARDEN_REVIEW_DAY", "friday"}});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->review_day, 5u);
    for (const char* bad : {"Fri", "8", "WEDNESDAYS"}) {
        auto refused = Load({{"WARDEN_REVIEW_DAY", bad}});
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_NE(refused.error().message.find("WARDEN_REVIEW_DAY"), std::string::npos);
    }
}

TEST(ConfigTest, MonitoringMailboxForRiuNotifications) {
    auto defaults = Load({});
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->monitoring_email, "mobilePINmonitoring@justice.gov.uk");
    auto set = Load({{"WARDEN_MONITORING_EMAIL", "pin.monitor@justice.example"}});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->monitoring_email, "pin.monitor@justice.example");
    auto refused = Load({{"WARDEN_MONITORING_EMAIL", "not an address"}});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("WARDEN_MONITORING_EMAIL"), std::string::npos);
}

TEST(ConfigTest, BackgroundJobSettings) {
    auto defaults = Load({});
    ASSERT_TRUE(defaults.ok()) << defaults.error().message;
    EXPECT_EQ(defaults->job_tick_seconds, 30);
    EXPECT_TRUE(defaults->job_periods.empty());
    auto set =
        Load({{"WARDEN_JOB_TICK_SECONDS", "1"},
              {"WARDEN_JOB_PERIODS", "sessions.delete-expired=2, tmpp.decisions.expire=60"}});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->job_tick_seconds, 1);
    EXPECT_EQ(set->job_periods.at("sessions.delete-expired"), 2);
    EXPECT_EQ(set->job_periods.at("tmpp.decisions.expire"), 60);
    for (const char* bad : {"0", "3601", "x", "-1"}) {
        auto r = Load({{"WARDEN_JOB_TICK_SECONDS", bad}});
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_NE(r.error().message.find("WARDEN_JOB_TICK_SECONDS"), std::string::npos);
    }
    for (const char* bad : {"sessions", "=5", "a=0", "a=x", "a=5,", "a=31536001"}) {
        auto r = Load({{"WARDEN_JOB_PERIODS", bad}});
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_NE(r.error().message.find("WARDEN_JOB_PERIODS"), std::string::npos);
    }
}

TEST(ConfigTest, ReadsTheEnvironment) {
    auto c = Load({{"WARDEN_DATABASE_URL", "postgresql://warden@db/warden"},
                   {"WARDEN_LISTEN", "0.0.0.0:9090"},
                   {"WARDEN_PUBLIC_URL", "https://warden.example/"}});
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->database_url, "postgresql://warden@db/warden");
    EXPECT_EQ(c->listen_host, "0.0.0.0");
    EXPECT_EQ(c->listen_port, 9090);
    EXPECT_EQ(c->public_url, "https://warden.example");
    EXPECT_TRUE(c->SecureCookies());
}

TEST(ConfigTest, IoThreadsSuitTheDatabase) {
    auto threads = [](const std::string& url, const std::string& set = "") {
        std::map<std::string, std::string> env{{"WARDEN_DATABASE_URL", url}};
        if (!set.empty()) env["WARDEN_THREADS"] = set;
        auto c = Load(env);
        EXPECT_TRUE(c.ok()) << url;
        return c.ok() ? c->IoThreads(2) : -1;
    };
    EXPECT_EQ(threads("sqlite:warden.db"), 32);
    EXPECT_EQ(threads("postgresql://postgres@127.0.0.1:56432/warden"), 4);
    EXPECT_EQ(threads("postgresql://warden@db.example.gov.uk/warden"), 16);
    // WARDEN_THREADS decides when set; at least one core is assumed.
    EXPECT_EQ(threads("postgresql://postgres@127.0.0.1/warden", "12"), 12);
    EXPECT_EQ(threads("sqlite:warden.db", "3"), 3);
    Config c;  // sqlite:warden.db
    EXPECT_EQ(c.IoThreads(0), 16);
}

TEST(ConfigTest, APostgresServerIsOnThisHostAsLibpqWouldReachIt) {
    struct Case {
        const char* url;
        std::map<std::string, std::string> env;
        bool local;
    };
    const Case cases[] = {
        {"sqlite:warden.db", {}, false},
        {"postgresql://warden@db.internal:5432/warden", {}, false},
        {"postgresql://warden@10.0.0.5/warden?host=db", {}, false},
        {"postgresql://warden@127.0.0.1,db.internal/warden", {}, false},
        {"postgresql://localhost/warden?host=db.internal", {}, false},
        {"postgres://u@db/w?sslmode=require&host=10.1.1.1", {}, false},
        {"postgresql://warden@127.db.example/warden", {}, false},
        {"postgresql://postgres@127.0.0.1:56432/warden", {}, true},
        {"postgres://warden:secret@localhost/warden", {}, true},
        {"postgresql://warden@[::1]:5432/warden", {}, true},
        {"postgresql://%2Fvar%2Frun%2Fpostgresql/warden", {}, true},
        {"postgresql://db/warden?sslmode=disable&host=/var/run/postgresql", {}, true},
        {"postgresql://warden@localhost:5432,127.0.0.2:5433/warden", {}, true},
        // The last host= counts; hostaddr (the URL's, else PGHOSTADDR) is where libpq connects.
        {"postgresql:///warden?host=db&host=localhost", {}, true},
        {"postgresql:///warden?host=localhost&host=db", {}, false},
        {"postgresql://localhost/warden?hostaddr=10.0.0.5", {}, false},
        {"postgresql://db.internal/warden?hostaddr=127.0.0.1", {}, true},
        {"postgresql://localhost/warden", {{"PGHOSTADDR", "10.0.0.5"}}, false},
        // No host: the default socket, unless the environment or a service names one.
        {"postgresql:///warden", {}, true},
        {"postgresql://warden@/warden", {}, true},
        {"postgresql:///warden", {{"PGHOST", "db.internal"}}, false},
        {"postgresql:///warden", {{"PGHOST", "/run/postgresql"}}, true},
        {"postgresql:///warden", {{"PGSERVICE", "warden"}}, false},
        {"postgresql:///warden?service=warden", {}, false},
        {"postgresql://localhost/warden", {{"PGHOST", "db.internal"}}, true},
    };
    for (const auto& [url, env, local] : cases) {
        EXPECT_EQ(PostgresOnThisHost(url,
                                     [&env](const char* name) -> const char* {
                                         auto it = env.find(name);
                                         return it == env.end() ? nullptr : it->second.c_str();
                                     }),
                  local)
            << url;
    }
}

TEST(ConfigTest, BadValuesStopStartUpWithAOneLineReason) {
    for (auto [name, value] : std::map<std::string, std::string>{
             {"WARDEN_DATABASE_URL", "mysql://x"},
             {"WARDEN_LISTEN", "localhost"},
             {"WARDEN_PUBLIC_URL", "ftp://x"},
             {"WARDEN_THREADS", "many"},
             {"WARDEN_TMPP_DECISION_DAYS", "0"},
         }) {
        auto c = Load({{name, value}});
        ASSERT_FALSE(c.ok()) << name;
        EXPECT_NE(c.error().message.find(name), std::string::npos) << c.error().message;
        EXPECT_EQ(c.error().message.find('\n'), std::string::npos);
    }
    auto port = Load({{"WARDEN_LISTEN", "127.0.0.1:99999"}});
    ASSERT_FALSE(port.ok());
}

TEST(ConfigTest, ProductionRequiresHttps) {
    auto c = Load({{"WARDEN_ENV", "production"}});
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.error().message.find("https"), std::string::npos);
}

const std::string kKey = "0123456789abcdef0123456789abcdef";

TEST(ConfigTest, ProductionRequiresAnAuditKey) {
    const std::map<std::string, std::string> production{
        {"WARDEN_ENV", "production"}, {"WARDEN_PUBLIC_URL", "https://warden.example"}};
    auto none = Load(production);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("WARDEN_AUDIT_KEY"), std::string::npos);
    auto with = production;
    with["WARDEN_AUDIT_KEY"] = kKey;
    auto keyed = Load(with);
    ASSERT_TRUE(keyed.ok()) << keyed.error().message;
    EXPECT_EQ(keyed->audit_key, kKey);
    // Outside production no key is needed here (the wiring uses the development key file).
    auto dev = Load({});
    ASSERT_TRUE(dev.ok());
    EXPECT_EQ(dev->audit_key, "");
}

TEST(ConfigTest, AuditKeyFromAFileAndBadKeys) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("warden-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "audit.key").string();
    {
        std::ofstream out(path);
        out << kKey << "\n";
    }
    auto from_file = Load({{"WARDEN_AUDIT_KEY_FILE", path}});
    ASSERT_TRUE(from_file.ok()) << from_file.error().message;
    EXPECT_EQ(from_file->audit_key, kKey);
    EXPECT_FALSE(Load({{"WARDEN_AUDIT_KEY", "short"}}).ok());
    EXPECT_FALSE(Load({{"WARDEN_AUDIT_KEY_FILE", (dir / "none").string()}}).ok());
    EXPECT_FALSE(Load({{"WARDEN_AUDIT_KEY", kKey}, {"WARDEN_AUDIT_KEY_FILE", path}}).ok());

    // The development key is made once, then read back.
    const std::string dev = (dir / ".warden" / "audit.key").string();
    int made = 0;
    const auto make = [&made] {
        ++made;
        return std::string(40, 'k');
    };
    auto first = LoadOrCreateDevAuditKey(dev, make);
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second = LoadOrCreateDevAuditKey(dev, make);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*first, *second);
    EXPECT_EQ(made, 1);
    EXPECT_EQ(std::filesystem::status(dev).permissions() & std::filesystem::perms::group_all,
              std::filesystem::perms::none);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace warden::app
