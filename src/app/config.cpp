#include "app/config.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/strings.hpp"
#include "domain/demand/review.hpp"

namespace warden::app {
namespace {

std::string Get(const std::function<const char*(const char*)>& getenv, const char* name) {
    const char* v = getenv(name);
    return v ? std::string(v) : std::string();
}

Status ParseListen(const std::string& value, Config& config) {
    auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) {
        return Error::Invalid("WARDEN_LISTEN must be HOST:PORT, for example 127.0.0.1:8080");
    }
    std::string host = value.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    std::string_view port_text = std::string_view(value).substr(colon + 1);
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port > 65535) {
        return Error::Invalid("WARDEN_LISTEN port '" + std::string(port_text) +
                              "' is not a number from 0 to 65535");
    }
    config.listen_host = host;
    config.listen_port = static_cast<std::uint16_t>(port);
    return Ok();
}

// "name=seconds,name=seconds": periods of background jobs (the wiring checks the names).
Status ParseJobPeriods(const std::string& value, Config& config) {
    for (const auto& piece : Split(value, ',')) {
        const std::string_view item = Trim(piece);
        const auto eq = item.find('=');
        const int seconds =
            eq == std::string_view::npos ? -1 : ParseNonNegativeInt(item.substr(eq + 1));
        if (eq == 0 || seconds < 1 || seconds > 31'536'000) {
            return Error::Invalid(
                "WARDEN_JOB_PERIODS must be NAME=SECONDS[,NAME=SECONDS...] with 1 to 31536000 "
                "seconds, for example sessions.delete-expired=300");
        }
        config.job_periods[std::string(Trim(item.substr(0, eq)))] = seconds;
    }
    return Ok();
}

// A literal IPv4 or IPv6 address (digits, hex, '.', ':'), as the server reports peers.
bool IsIpAddress(std::string_view s) {
    if (s.empty() || s.size() > 45) return false;
    bool dot = false;
    bool colon = false;
    for (char c : s) {
        if (c == '.') {
            dot = true;
        } else if (c == ':') {
            colon = true;
        } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return dot || colon;
}

Status LoadAuditKey(const std::function<const char*(const char*)>& getenv, Config& config) {
    const std::string key = Get(getenv, "WARDEN_AUDIT_KEY");
    const std::string file = Get(getenv, "WARDEN_AUDIT_KEY_FILE");
    if (!key.empty() && !file.empty()) {
        return Error::Invalid("set WARDEN_AUDIT_KEY or WARDEN_AUDIT_KEY_FILE, not both");
    }
    if (!key.empty()) {
        if (key.size() < kMinAuditKeyLength) {
            return Error::Invalid(
                "WARDEN_AUDIT_KEY must be at least 32 characters (for example "
                "the output of `openssl rand -hex 32`)");
        }
        config.audit_key = key;
    } else if (!file.empty()) {
        WARDEN_ASSIGN_OR_RETURN(config.audit_key, ReadAuditKeyFile(file, "WARDEN_AUDIT_KEY_FILE"));
    }
    if (config.production && config.audit_key.empty()) {
        return Error::Invalid(
            "WARDEN_AUDIT_KEY or WARDEN_AUDIT_KEY_FILE must be set when WARDEN_ENV=production (the "
            "audit chain's key, kept outside the database)");
    }
    return Ok();
}

// A libpq host that is this machine: a Unix socket (empty, a path or a percent-encoded path),
// localhost, a dotted 127.x address or ::1.
bool LocalHost(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const bool loopback_v4 =
        host.starts_with("127.") && host.find_first_not_of("0123456789.") == std::string_view::npos;
    return host.empty() || host.front() == '/' || host.starts_with("%2F") ||
           host.starts_with("%2f") || host == "localhost" || loopback_v4 || host == "::1";
}

// Whether every host in a comma-separated libpq host list is this machine.
bool AllLocal(std::string_view hosts, bool with_ports) {
    while (true) {
        auto comma = hosts.find(',');
        std::string_view host = hosts.substr(0, comma);
        if (with_ports && !host.empty()) {
            // host:port, [v6]:port or [v6]
            auto colon = host.front() == '[' ? host.find(':', host.find(']')) : host.find(':');
            if (colon != std::string_view::npos) host = host.substr(0, colon);
        }
        if (!LocalHost(host)) return false;
        if (comma == std::string_view::npos) return true;
        hosts.remove_prefix(comma + 1);
    }
}

}  // namespace

Result<std::string> ReadAuditKeyFile(const std::string& path, const std::string& variable) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Invalid(variable + " names a file that cannot be read: " + path);
    std::ostringstream text;
    text << in.rdbuf();
    std::string key = text.str();
    while (!key.empty() &&
           (key.back() == '\n' || key.back() == '\r' || key.back() == ' ' || key.back() == '\t')) {
        key.pop_back();
    }
    if (key.size() < kMinAuditKeyLength) {
        return Error::Invalid("the audit key in " + path + " (" + variable +
                              ") must be at least 32 characters");
    }
    return key;
}

Result<std::string> LoadOrCreateDevAuditKey(const std::string& path,
                                            const std::function<std::string()>& make) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return ReadAuditKeyFile(path, "the development key");
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::string key = make();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << key << "\n";
        if (!out) return Error::Unavailable("cannot write the development audit key " + path);
    }
    ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
    return key;
}

Result<Config> LoadConfig(const std::function<const char*(const char*)>& getenv,
                          const std::string& default_home) {
    Config config;
    if (auto url = Get(getenv, "WARDEN_DATABASE_URL"); !url.empty()) {
        config.database_url = url;
    }
    const auto& url = config.database_url;
    bool sqlite = config.Sqlite() && url.size() > 7;
    bool postgres = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
    if (!sqlite && !postgres) {
        return Error::Invalid(
            "WARDEN_DATABASE_URL must be sqlite:PATH or postgresql://USER@HOST/DB, not '" + url +
            "'");
    }
    config.postgres_on_this_host = PostgresOnThisHost(url, getenv);
    if (auto listen = Get(getenv, "WARDEN_LISTEN"); !listen.empty()) {
        WARDEN_TRY(ParseListen(listen, config));
    }
    config.public_url = Get(getenv, "WARDEN_PUBLIC_URL");
    if (config.public_url.empty()) {
        config.public_url =
            "http://" + config.listen_host + ":" + std::to_string(config.listen_port);
    } else if (config.public_url.rfind("http://", 0) != 0 &&
               config.public_url.rfind("https://", 0) != 0) {
        return Error::Invalid("WARDEN_PUBLIC_URL must start with http:// or https://");
    }
    while (config.public_url.size() > 8 && config.public_url.back() == '/') {
        config.public_url.pop_back();
    }
    if (auto threads = Get(getenv, "WARDEN_THREADS"); !threads.empty()) {
        int n = ParseNonNegativeInt(threads);
        if (n < 0 || n > 256) {
            return Error::Invalid("WARDEN_THREADS must be a number from 0 to 256");
        }
        config.threads = n;
    }
    if (auto days = Get(getenv, "WARDEN_TMPP_DECISION_DAYS"); !days.empty()) {
        int n = ParseNonNegativeInt(days);
        if (n < 1 || n > 3650) {
            return Error::Invalid(
                "WARDEN_TMPP_DECISION_DAYS must be a number of days from 1 to 3650");
        }
        config.tmpp_decision_days = n;
    }
    if (auto pence = Get(getenv, "WARDEN_SPEND_CONTROL_PENCE"); !pence.empty()) {
        std::int64_t n = -1;
        auto [ptr, ec] = std::from_chars(pence.data(), pence.data() + pence.size(), n);
        if (ec != std::errc{} || ptr != pence.data() + pence.size() || n < 0 ||
            n > 1'000'000'000'000'000) {
            return Error::Invalid(
                "WARDEN_SPEND_CONTROL_PENCE must be a whole number of pence from 0 to "
                "1000000000000000");
        }
        config.spend_control_pence = n;
    }
    if (auto day = Get(getenv, "WARDEN_REVIEW_DAY"); !day.empty()) {
        auto weekday = domain::ParseWeekday(day);
        if (!weekday) {
            return Error::Invalid("WARDEN_REVIEW_DAY must be a day of the week, MONDAY to SUNDAY");
        }
        config.review_day = weekday->c_encoding();
    }
    if (auto tick = Get(getenv, "WARDEN_JOB_TICK_SECONDS"); !tick.empty()) {
        int n = ParseNonNegativeInt(tick);
        if (n < 1 || n > 3600) {
            return Error::Invalid("WARDEN_JOB_TICK_SECONDS must be a number from 1 to 3600");
        }
        config.job_tick_seconds = n;
    }
    if (auto periods = Get(getenv, "WARDEN_JOB_PERIODS"); !periods.empty()) {
        WARDEN_TRY(ParseJobPeriods(periods, config));
    }
    struct Bounded {
        const char* name;
        int low;
        int high;
        int* target;
    };
    for (const Bounded& b : {
             Bounded{"WARDEN_SESSION_IDLE_MINUTES", 1, 480, &config.session_idle_minutes},
             Bounded{"WARDEN_MAX_CONNECTIONS", 1, 100000, &config.max_connections},
             Bounded{"WARDEN_SIGNIN_ATTEMPTS_PER_MINUTE", 1, 10000,
                     &config.signin_attempts_per_minute},
         }) {
        auto text = Get(getenv, b.name);
        if (text.empty()) continue;
        int n = ParseNonNegativeInt(text);
        if (n < b.low || n > b.high) {
            return Error::Invalid(std::string(b.name) + " must be a number from " +
                                  std::to_string(b.low) + " to " + std::to_string(b.high));
        }
        *b.target = n;
    }
    for (const auto& piece : Split(Get(getenv, "WARDEN_TRUSTED_PROXIES"), ',')) {
        std::string address(Trim(piece));
        if (address.empty()) continue;
        if (!IsIpAddress(address)) {
            return Error::Invalid(
                "WARDEN_TRUSTED_PROXIES must list IP addresses separated by "
                "commas, not '" +
                address + "'");
        }
        config.trusted_proxies.push_back(address);
    }
    WARDEN_TRY(LoadOutboxConfig(getenv, config));
    auto env = Get(getenv, "WARDEN_ENV");
    if (!env.empty() && env != "production" && env != "development") {
        return Error::Invalid("WARDEN_ENV must be production or development");
    }
    config.production = env == "production";
    if (config.production && config.public_url.rfind("https://", 0) != 0) {
        return Error::Invalid("WARDEN_PUBLIC_URL must be https:// when WARDEN_ENV=production");
    }
    WARDEN_TRY(LoadAuditKey(getenv, config));
    config.home_dir = Get(getenv, "WARDEN_HOME");
    if (config.home_dir.empty()) config.home_dir = default_home;
    if (!std::filesystem::is_directory(config.MigrationsDir())) {
        return Error::Invalid("WARDEN_HOME '" + config.home_dir +
                              "' has no migrations/ folder (set WARDEN_HOME to the Warden folder)");
    }
    return config;
}

bool PostgresOnThisHost(const std::string& database_url,
                        const std::function<const char*(const char*)>& getenv) {
    std::string_view url = database_url;
    std::string_view scheme;
    for (std::string_view s : {"postgresql://", "postgres://"}) {
        if (url.starts_with(s)) scheme = s;
    }
    if (scheme.empty()) return false;
    url.remove_prefix(scheme.size());
    const auto query = url.find('?');
    // The last of each parameter counts, as in libpq.
    std::optional<std::string_view> host;
    std::optional<std::string_view> hostaddr;
    bool service = false;
    for (std::string_view params = query == std::string_view::npos ? "" : url.substr(query + 1);
         !params.empty();) {
        const auto amp = params.find('&');
        const std::string_view param = params.substr(0, amp);
        if (param.starts_with("host=")) host = param.substr(5);
        if (param.starts_with("hostaddr=")) hostaddr = param.substr(9);
        if (param.starts_with("service=")) service = true;
        if (amp == std::string_view::npos) break;
        params.remove_prefix(amp + 1);
    }
    // What the URL leaves out, libpq takes from the environment (or a service file, which is
    // not read here: a service that may name the host counts as elsewhere).
    const auto env = [&](const char* name) -> std::optional<std::string_view> {
        const char* value = getenv(name);
        if (value == nullptr || *value == '\0') return std::nullopt;
        return std::string_view(value);
    };
    if (!hostaddr) hostaddr = env("PGHOSTADDR");
    if (hostaddr) return AllLocal(*hostaddr, false);  // libpq connects to the address
    if (host) return AllLocal(*host, false);
    std::string_view authority = url.substr(0, std::min(query, url.find('/')));
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    if (!authority.empty()) return AllLocal(authority, true);
    if (service || env("PGSERVICE")) return false;
    if (auto from_env = env("PGHOST")) return AllLocal(*from_env, false);
    return true;  // the default Unix socket
}

int Config::IoThreads(unsigned cores) const {
    if (threads > 0) return threads;
    const int per_core = Sqlite() ? 16 : postgres_on_this_host ? 2 : 8;
    return per_core * static_cast<int>(std::max(cores, 1U));
}

}  // namespace warden::app
