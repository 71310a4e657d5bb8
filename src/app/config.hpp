#pragma once
// Configuration from the environment, read once and checked at start.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace warden::app {

/// Every setting Warden reads from its environment.
struct Config {
    std::string database_url = "sqlite:warden.db";  // WARDEN_DATABASE_URL
    std::string listen_host = "127.0.0.1";          // WARDEN_LISTEN host
    std::uint16_t listen_port = 8080;               // WARDEN_LISTEN port
    std::string public_url;                         // WARDEN_PUBLIC_URL (default from listen)
    std::string home_dir;                           // WARDEN_HOME: migrations/, templates/, static/
    int threads = 0;                                // WARDEN_THREADS (0: IoThreads decides)
    bool production = false;                        // WARDEN_ENV=production
    int tmpp_decision_days = 90;                    // WARDEN_TMPP_DECISION_DAYS (1 to 3650)
    int job_tick_seconds = 30;                      // WARDEN_JOB_TICK_SECONDS (1 to 3600)
    std::map<std::string, int> job_periods;         // WARDEN_JOB_PERIODS: name=seconds,...
    int session_idle_minutes = 30;                  // WARDEN_SESSION_IDLE_MINUTES (1 to 480)
    int max_connections = 512;                      // WARDEN_MAX_CONNECTIONS (1 to 100000)
    std::vector<std::string> trusted_proxies;       // WARDEN_TRUSTED_PROXIES: addresses, comma
    int signin_attempts_per_minute = 10;  // WARDEN_SIGNIN_ATTEMPTS_PER_MINUTE (1 to 10000)
    /// The audit chain's HMAC key (WARDEN_AUDIT_KEY, or the file WARDEN_AUDIT_KEY_FILE names);
    /// empty when neither is set, which production refuses (ADR 0007).
    std::string audit_key;
    std::string smtp_url;                  // WARDEN_SMTP_URL (empty: the outbox waits)
    std::string mail_from;                 // WARDEN_MAIL_FROM
    int outbox_max_backoff_seconds = 300;  // WARDEN_OUTBOX_MAX_BACKOFF_SECONDS
    int outbox_lease_seconds = 300;        // WARDEN_OUTBOX_LEASE_SECONDS
    /// WARDEN_MONITORING_EMAIL: the national mobile PIN monitoring mailbox, copied on every
    /// TMPP incident's RIU notification.
    std::string monitoring_email = "mobilePINmonitoring@justice.gov.uk";
    /// WARDEN_SPEND_CONTROL_PENCE: a demand proposal whose whole-life cost is above this needs
    /// central spend approval (flag SPEND_CONTROL); default £100,000, 0 to 10^15.
    std::int64_t spend_control_pence = 10'000'000;
    /// WARDEN_REVIEW_DAY: the weekday of the weekly review of proposals (MONDAY to SUNDAY),
    /// as std::chrono::weekday's C encoding (0 Sunday); default WEDNESDAY.
    unsigned review_day = 3;
    /// Whether database_url names a PostgreSQL server on this host (PostgresOnThisHost).
    bool postgres_on_this_host = false;

    std::string MigrationsDir() const { return home_dir + "/migrations"; }
    std::string TemplatesDir() const { return home_dir + "/templates"; }
    std::string StaticDir() const { return home_dir + "/static"; }
    bool SecureCookies() const { return public_url.rfind("https://", 0) == 0; }
    /// Whether the database is SQLite ("sqlite:PATH"; LoadConfig also checks that PATH is there).
    bool Sqlite() const { return database_url.rfind("sqlite:", 0) == 0; }
    /// The io threads for `cores` cores: WARDEN_THREADS when set; else sixteen per core for
    /// SQLite (a thread waits while its write's group commit syncs to disk, so more threads make
    /// larger groups: docs/performance.md), two per core when PostgreSQL shares the host (its
    /// backends need the cores: docs/operations.md), and eight per core for a PostgreSQL server
    /// elsewhere (handlers wait for the network). At least one.
    int IoThreads(unsigned cores) const;
};

/// The shortest audit key accepted.
inline constexpr size_t kMinAuditKeyLength = 32;

/// The development audit key file used outside production when no key is configured (relative
/// to the working directory).
inline constexpr const char* kDevAuditKeyFile = ".warden/audit.key";

/// Reads the audit key file at `path` (trailing whitespace removed); kInvalidInput naming
/// `variable` when it cannot be read or is shorter than kMinAuditKeyLength.
Result<std::string> ReadAuditKeyFile(const std::string& path, const std::string& variable);

/// The development key in `path`: read when the file exists, else made with `make` and written
/// (mode 0600, creating its folder). kUnavailable when it cannot be written.
Result<std::string> LoadOrCreateDevAuditKey(const std::string& path,
                                            const std::function<std::string()>& make);
/// Reads WARDEN_SMTP_URL, WARDEN_MAIL_FROM, WARDEN_MONITORING_EMAIL and WARDEN_OUTBOX_*
/// (outbox_config.cpp).
Status LoadOutboxConfig(const std::function<const char*(const char*)>& getenv, Config& config);

/// True when `database_url` names a PostgreSQL server on this host as libpq would reach it: its
/// `hostaddr` (the URL's last, else PGHOSTADDR) is 127.x or ::1, or else every host (the last
/// `host=`, else the URL's, else PGHOST) is localhost, a dotted 127.x address, ::1 or a Unix
/// socket; no host at all is the default socket unless a service (`service=`, PGSERVICE) may
/// name one.
bool PostgresOnThisHost(const std::string& database_url,
                        const std::function<const char*(const char*)>& getenv);

/// Reads the configuration through `getenv` (injectable for tests); kInvalidInput with a one-line
/// reason naming the variable for a bad value.
Result<Config> LoadConfig(const std::function<const char*(const char*)>& getenv,
                          const std::string& default_home);

}  // namespace warden::app
