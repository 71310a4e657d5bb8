#pragma once
// Limits per client: which address a request comes from (X-Forwarded-For is believed only from
// a trusted proxy) and a token bucket per address for throttled routes (sign-in).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "web/http.hpp"

namespace warden::web {

/// The client's address: the peer, unless the peer is in `trusted_proxies`; then the right-most
/// X-Forwarded-For entry that is not itself a trusted proxy (a client can put anything on the
/// left of that header; only what our proxies appended is believed).
std::string ClientAddress(const Request& request, const std::vector<std::string>& trusted_proxies);

/// A token bucket per client address, in memory: `per_minute` attempts at once, refilled at
/// `per_minute` a minute. Thread-safe. Holds at most `max_clients` addresses (full buckets are
/// dropped first, then the oldest), so a flood of addresses cannot exhaust memory.
class ClientThrottle {
  public:
    using Clock = std::chrono::steady_clock;
    explicit ClientThrottle(int per_minute, std::size_t max_clients = 100'000);

    /// Takes one attempt for `client`; false when its bucket is empty.
    bool Allow(const std::string& client, Clock::time_point now = Clock::now());
    /// Seconds until `client` may try again (at least 1).
    int RetryAfterSeconds(const std::string& client, Clock::time_point now = Clock::now());

  private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    void Refill(Bucket& bucket, Clock::time_point now) const;
    void Prune(Clock::time_point now);

    double capacity_;
    double per_second_;
    std::size_t max_clients_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace warden::web
