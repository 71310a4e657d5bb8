#pragma once
// Prometheus metrics for HTTP requests (text exposition format 0.0.4), served at /metrics.

#include <chrono>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace warden::web {

/// Request counters and per-route latency histograms; thread-safe, one lock per route entry.
class Metrics {
  public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    /// Records one request. `route` is the matched pattern ("unmatched" when empty), never the
    /// raw path; unusual methods are counted as "OTHER" so labels stay bounded.
    void Observe(const std::string& method, const std::string& route, int status,
                 std::chrono::microseconds d);
    /// The Prometheus text format of everything observed so far.
    std::string Render() const;

  private:
    struct RouteEntry;
    RouteEntry& EntryFor(const std::string& route);

    mutable std::shared_mutex mu_;  // guards the map only; entries have their own locks
    std::unordered_map<std::string, std::unique_ptr<RouteEntry>> routes_;
};

}  // namespace warden::web
