#include "web/client_limits.hpp"

#include <gtest/gtest.h>

namespace warden::web {
namespace {

using namespace std::chrono_literals;

Request From(const std::string& peer, const std::string& forwarded = "") {
    Request r;
    r.remote = peer;
    if (!forwarded.empty()) r.headers["x-forwarded-for"] = forwarded;
    return r;
}

TEST(ClientLimitsTest, ForwardedForIsBelievedOnlyFromATrustedProxy) {
    const std::vector<std::string> none;
    const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2"};
    // No trusted proxies, or an untrusted peer: the header is ignored (a spoof).
    EXPECT_EQ(ClientAddress(From("203.0.113.9", "1.2.3.4"), none), "203.0.113.9");
    EXPECT_EQ(ClientAddress(From("203.0.113.9", "1.2.3.4"), proxies), "203.0.113.9");
    // From a trusted proxy: the right-most entry that is not one of ours.
    EXPECT_EQ(ClientAddress(From("10.0.0.1", "198.51.100.4"), proxies), "198.51.100.4");
    EXPECT_EQ(ClientAddress(From("10.0.0.1", "6.6.6.6, 198.51.100.4"), proxies), "198.51.100.4");
    EXPECT_EQ(ClientAddress(From("10.0.0.1", "198.51.100.4, 10.0.0.2"), proxies), "198.51.100.4");
    // A trusted proxy that sends nothing usable: the proxy itself.
    EXPECT_EQ(ClientAddress(From("10.0.0.1"), proxies), "10.0.0.1");
    EXPECT_EQ(ClientAddress(From("10.0.0.1", "10.0.0.2"), proxies), "10.0.0.1");
    EXPECT_EQ(ClientAddress(From("10.0.0.1", "1.1.1.1, "), proxies), "10.0.0.1");
}

TEST(ClientLimitsTest, EachClientHasItsOwnBucketRefilledOverTime) {
    ClientThrottle throttle(3);
    const auto t0 = ClientThrottle::Clock::time_point{} + 1h;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(throttle.Allow("a", t0)) << i;
    EXPECT_FALSE(throttle.Allow("a", t0));
    EXPECT_EQ(throttle.RetryAfterSeconds("a", t0), 20);  // 3 a minute: one every 20 seconds
    EXPECT_TRUE(throttle.Allow("b", t0));                // another address is not affected
    EXPECT_FALSE(throttle.Allow("a", t0 + 19s));
    EXPECT_TRUE(throttle.Allow("a", t0 + 20s));
    EXPECT_FALSE(throttle.Allow("a", t0 + 20s));
    // Never more than the burst, however long the wait.
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(throttle.Allow("a", t0 + 1h)) << i;
    EXPECT_FALSE(throttle.Allow("a", t0 + 1h));
}

TEST(ClientLimitsTest, AFloodOfAddressesIsBounded) {
    ClientThrottle throttle(1, 100);
    const auto t0 = ClientThrottle::Clock::time_point{} + 1h;
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(throttle.Allow("10.0." + std::to_string(i), t0));
    // The table stayed bounded, and a client that just spent its allowance is still limited.
    EXPECT_FALSE(throttle.Allow("10.0.999", t0));
}

}  // namespace
}  // namespace warden::web
