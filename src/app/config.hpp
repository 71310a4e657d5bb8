#pragma once
// Configuration from the environment, read once and checked at start.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/result.hpp"

namespace warden::app {

/// Every setting Warden reads from its environment.
struct Config {
    std::string database_url = "sqlite:warden.db";  // WARDEN_DATABASE_URL
    std::string listen_host = "127.0.0.1";          // WARDEN_LISTEN host
    std::uint16_t listen_port = 8080;               // WARDEN_LISTEN port
    std::string public_url;                         // WARDEN_PUBLIC_URL (default from listen)
    std::string home_dir;                           // WARDEN_HOME: migrations/, templates/, static/
    int threads = 0;                                // WARDEN_THREADS (0: one per core)
    bool production = false;                        // WARDEN_ENV=production
    int tmpp_decision_days = 90;                    // WARDEN_TMPP_DECISION_DAYS (1 to 3650)
    int job_tick_seconds = 30;                      // WARDEN_JOB_TICK_SECONDS (1 to 3600)
    std::map<std::string, int> job_periods;         // WARDEN_JOB_PERIODS: name=seconds,...
    /// WARDEN_SPEND_CONTROL_PENCE: a demand proposal whose whole-life cost is above this needs
    /// central spend approval (flag SPEND_CONTROL); default £100,000, 0 to 10^15.
    std::int64_t spend_control_pence = 10'000'000;

    std::string MigrationsDir() const { return home_dir + "/migrations"; }
    std::string TemplatesDir() const { return home_dir + "/templates"; }
    std::string StaticDir() const { return home_dir + "/static"; }
    bool SecureCookies() const { return public_url.rfind("https://", 0) == 0; }
};

/// Reads the configuration through `getenv` (injectable for tests); kInvalidInput with a one-line
/// reason naming the variable for a bad value.
Result<Config> LoadConfig(const std::function<const char*(const char*)>& getenv,
                          const std::string& default_home);

}  // namespace warden::app
