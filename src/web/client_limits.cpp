#include "web/client_limits.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/strings.hpp"

namespace warden::web {

namespace {

bool Trusted(const std::string& address, const std::vector<std::string>& trusted) {
    return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

}  // namespace

std::string ClientAddress(const Request& request, const std::vector<std::string>& trusted_proxies) {
    if (trusted_proxies.empty() || !Trusted(request.remote, trusted_proxies)) {
        return request.remote;
    }
    std::string_view forwarded = request.Header("x-forwarded-for");
    if (forwarded.empty()) return request.remote;
    auto hops = Split(forwarded, ',');
    // From the right: skip our own proxies; the first other entry is the client.
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        std::string hop(Trim(*it));
        if (hop.empty() || hop.size() > 64) return request.remote;
        if (!Trusted(hop, trusted_proxies)) return hop;
    }
    return request.remote;
}

ClientThrottle::ClientThrottle(int per_minute, std::size_t max_clients)
    : capacity_(std::max(1, per_minute)),
      per_second_(std::max(1, per_minute) / 60.0),
      max_clients_(std::max<std::size_t>(1, max_clients)) {}

void ClientThrottle::Refill(Bucket& bucket, Clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    if (elapsed > 0) {
        bucket.tokens = std::min(capacity_, bucket.tokens + elapsed * per_second_);
        bucket.updated = now;
    }
}

void ClientThrottle::Prune(Clock::time_point now) {
    // Buckets that would be full again are no different from new ones.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
        const bool full = it->second.tokens + std::max(0.0, elapsed) * per_second_ >= capacity_;
        it = full ? buckets_.erase(it) : std::next(it);
    }
    if (buckets_.size() < max_clients_) return;
    // Still full: drop the least recently used tenth at once (so pruning stays rare).
    std::vector<std::pair<Clock::time_point, std::string>> by_age;
    by_age.reserve(buckets_.size());
    for (const auto& [client, bucket] : buckets_) by_age.emplace_back(bucket.updated, client);
    const std::size_t drop = std::max<std::size_t>(1, by_age.size() / 10);
    std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                     by_age.end());
    for (std::size_t i = 0; i < drop; ++i) buckets_.erase(by_age[i].second);
}

bool ClientThrottle::Allow(const std::string& client, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(client);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_clients_) Prune(now);
        it = buckets_.emplace(client, Bucket{capacity_, now}).first;
    }
    Refill(it->second, now);
    if (it->second.tokens < 1.0) return false;
    it->second.tokens -= 1.0;
    return true;
}

int ClientThrottle::RetryAfterSeconds(const std::string& client, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(client);
    if (it == buckets_.end()) return 1;
    Refill(it->second, now);
    const double missing = 1.0 - it->second.tokens;
    if (missing <= 0) return 1;
    return std::max(1, static_cast<int>(std::ceil(missing / per_second_)));
}

}  // namespace warden::web
