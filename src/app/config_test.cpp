#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

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

}  // namespace
}  // namespace warden::app
