#include "web/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace warden::web {
namespace {

using std::chrono::microseconds;

bool Contains(const std::string& text, const std::string& line) {
    return text.find(line + "\n") != std::string::npos;
}

TEST(MetricsTest, CountsByMethodRouteAndStatus) {
    Metrics m;
    m.Observe("GET", "/api/v1/prisoners/{number}", 200, microseconds(500));
    m.Observe("GET", "/api/v1/prisoners/{number}", 200, microseconds(700));
    m.Observe("GET", "/api/v1/prisoners/{number}", 404, microseconds(300));
    m.Observe("POST", "/login", 303, microseconds(20000));
    std::string text = m.Render();
    EXPECT_TRUE(Contains(text, "# TYPE warden_http_requests_total counter"));
    EXPECT_TRUE(Contains(text, "# TYPE warden_http_request_duration_seconds histogram"));
    EXPECT_TRUE(Contains(text,
                         "warden_http_requests_total{method=\"GET\",route=\"/api/v1/"
                         "prisoners/{number}\",status=\"200\"} 2"));
    EXPECT_TRUE(Contains(text,
                         "warden_http_requests_total{method=\"GET\",route=\"/api/v1/"
                         "prisoners/{number}\",status=\"404\"} 1"));
    EXPECT_TRUE(Contains(
        text, "warden_http_requests_total{method=\"POST\",route=\"/login\",status=\"303\"} 1"));
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
    Metrics m;
    m.Observe("GET", "/r", 200, microseconds(500));       // <= 0.001
    m.Observe("GET", "/r", 200, microseconds(3000));      // <= 0.005
    m.Observe("GET", "/r", 200, microseconds(20000000));  // > 10 s: only +Inf
    std::string text = m.Render();
    EXPECT_TRUE(
        Contains(text, "warden_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.001\"} 1"));
    EXPECT_TRUE(Contains(
        text, "warden_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0025\"} 1"));
    EXPECT_TRUE(
        Contains(text, "warden_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.005\"} 2"));
    EXPECT_TRUE(
        Contains(text, "warden_http_request_duration_seconds_bucket{route=\"/r\",le=\"10\"} 2"));
    EXPECT_TRUE(
        Contains(text, "warden_http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"} 3"));
    EXPECT_TRUE(Contains(text, "warden_http_request_duration_seconds_count{route=\"/r\"} 3"));
    EXPECT_TRUE(Contains(text, "warden_http_request_duration_seconds_sum{route=\"/r\"} 20.0035"));
}

TEST(MetricsTest, EmptyRouteIsUnmatchedAndOddMethodsAreBounded) {
    Metrics m;
    m.Observe("GET", "", 404, microseconds(10));
    m.Observe("BREW", "", 405, microseconds(10));
    std::string text = m.Render();
    EXPECT_TRUE(Contains(
        text, "warden_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1"));
    EXPECT_TRUE(Contains(
        text, "warden_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"405\"} 1"));
    EXPECT_EQ(text.find("BREW"), std::string::npos);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
    Metrics m;
    m.Observe("GET", "/a\"b\\c\nd", 200, microseconds(10));
    std::string text = m.Render();
    EXPECT_NE(text.find("route=\"/a\\\"b\\\\c\\nd\""), std::string::npos) << text;
}

TEST(MetricsTest, ConcurrentObserversLoseNothing) {
    Metrics m;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&m, t] {
            for (int i = 0; i < 5000; ++i) {
                m.Observe("GET", "/r" + std::to_string(i % 3), 200, microseconds(100));
                if (t == 0 && i % 1000 == 0) (void)m.Render();
            }
        });
    }
    for (auto& t : threads) t.join();
    std::string text = m.Render();
    long total = 0;
    for (int r = 0; r < 3; ++r) {
        std::string prefix = "warden_http_requests_total{method=\"GET\",route=\"/r" +
                             std::to_string(r) + "\",status=\"200\"} ";
        auto pos = text.find(prefix);
        ASSERT_NE(pos, std::string::npos);
        total += std::stol(text.substr(pos + prefix.size()));
    }
    EXPECT_EQ(total, 20000);
}

}  // namespace
}  // namespace warden::web
