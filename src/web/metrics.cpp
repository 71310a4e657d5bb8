#include "web/metrics.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

namespace warden::web {

namespace {

/// Upper bounds of the latency buckets, in seconds (the +Inf bucket is the count).
constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

std::string NormaliseMethod(const std::string& method) {
    static constexpr std::array<std::string_view, 7> kKnown = {"GET",    "HEAD",  "POST",   "PUT",
                                                               "DELETE", "PATCH", "OPTIONS"};
    for (auto known : kKnown) {
        if (method == known) return method;
    }
    return "OTHER";
}

/// Escapes a label value: backslash, double quote and newline.
std::string EscapeLabel(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string FormatDouble(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

}  // namespace

struct Metrics::RouteEntry {
    std::mutex mu;
    std::map<std::pair<std::string, int>, std::uint64_t> counts;  // (method, status)
    std::array<std::uint64_t, kBuckets.size()> buckets{};         // non-cumulative
    std::uint64_t count = 0;
    std::int64_t sum_us = 0;
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::RouteEntry& Metrics::EntryFor(const std::string& route) {
    {
        std::shared_lock lock(mu_);
        auto it = routes_.find(route);
        if (it != routes_.end()) return *it->second;
    }
    std::unique_lock lock(mu_);
    auto& slot = routes_[route];
    if (!slot) slot = std::make_unique<RouteEntry>();
    return *slot;
}

void Metrics::Observe(const std::string& method, const std::string& route, int status,
                      std::chrono::microseconds d) {
    RouteEntry& entry = EntryFor(route.empty() ? std::string("unmatched") : route);
    if (status < 100 || status > 599) status = 0;
    const double seconds = static_cast<double>(d.count()) / 1e6;
    std::lock_guard lock(entry.mu);
    ++entry.counts[{NormaliseMethod(method), status}];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++entry.buckets[i];
            break;
        }
    }
    ++entry.count;
    entry.sum_us += d.count();
}

std::string Metrics::Render() const {
    // Snapshot each entry under its own lock, then format without holding any.
    struct Snapshot {
        std::map<std::pair<std::string, int>, std::uint64_t> counts;
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        std::int64_t sum_us = 0;
    };
    std::map<std::string, Snapshot> snapshots;
    {
        std::shared_lock lock(mu_);
        for (const auto& [route, entry] : routes_) {
            std::lock_guard entry_lock(entry->mu);
            snapshots[route] = Snapshot{entry->counts, entry->buckets, entry->count, entry->sum_us};
        }
    }
    std::string out;
    out += "# HELP warden_http_requests_total HTTP requests by method, route and status.\n";
    out += "# TYPE warden_http_requests_total counter\n";
    for (const auto& [route, snap] : snapshots) {
        std::string route_label = EscapeLabel(route);
        for (const auto& [key, n] : snap.counts) {
            out += "warden_http_requests_total{method=\"" + key.first + "\",route=\"" +
                   route_label + "\",status=\"" + std::to_string(key.second) + "\"} " +
                   std::to_string(n) + "\n";
        }
    }
    out += "# HELP warden_http_request_duration_seconds HTTP request latency by route.\n";
    out += "# TYPE warden_http_request_duration_seconds histogram\n";
    for (const auto& [route, snap] : snapshots) {
        std::string route_label = EscapeLabel(route);
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += snap.buckets[i];
            out += "warden_http_request_duration_seconds_bucket{route=\"" + route_label +
                   "\",le=\"" + FormatDouble(kBuckets[i]) + "\"} " + std::to_string(cumulative) +
                   "\n";
        }
        out += "warden_http_request_duration_seconds_bucket{route=\"" + route_label +
               "\",le=\"+Inf\"} " + std::to_string(snap.count) + "\n";
        out += "warden_http_request_duration_seconds_sum{route=\"" + route_label + "\"} " +
               FormatDouble(static_cast<double>(snap.sum_us) / 1e6) + "\n";
        out += "warden_http_request_duration_seconds_count{route=\"" + route_label + "\"} " +
               std::to_string(snap.count) + "\n";
    }
    return out;
}

}  // namespace warden::web
