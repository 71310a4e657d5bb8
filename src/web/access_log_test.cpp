#include "web/access_log.hpp"

#include <gtest/gtest.h>

#include "core/strings.hpp"

namespace warden::web {
namespace {

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControls) {
    EXPECT_EQ(JsonEscape("plain"), "plain");
    EXPECT_EQ(JsonEscape("a\"b\\c"), "a\\\"b\\\\c");
    EXPECT_EQ(JsonEscape("l1\nl2\r\t"), "l1\\nl2\\r\\t");
    EXPECT_EQ(JsonEscape(std::string("nul\0x", 5)), "nul\\u0000x");
    EXPECT_EQ(JsonEscape("\x1b[31m\x7f"), "\\u001b[31m\\u007f");
}

TEST(JsonEscapeTest, KeepsValidUtf8AndReplacesInvalid) {
    EXPECT_EQ(JsonEscape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
              "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    EXPECT_EQ(JsonEscape("bad\xff"), "bad\\ufffd");
    EXPECT_EQ(JsonEscape("\xc0\xaf"), "\\ufffd\\ufffd");             // overlong '/'
    EXPECT_EQ(JsonEscape("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");  // surrogate
    EXPECT_EQ(JsonEscape("trunc\xe2\x82"), "trunc\\ufffd\\ufffd");
}

TEST(AccessLineTest, HasAllFieldsAndNoQueryString) {
    Request request;
    request.method = "GET";
    request.target = "/prisoners?q=Smith";
    request.path = "/prisoners";
    request.query = "q=Smith";
    request.route = "/prisoners";
    request.request_id = "abc123";
    request.remote = "10.0.0.1";
    request.user = "jo\"smith";
    AccessRecord record{&request, 200, 1234, std::chrono::microseconds(2500)};
    auto now = std::chrono::sys_days(std::chrono::year_month_day(
                   std::chrono::year(2026), std::chrono::month(11), std::chrono::day(22))) +
               std::chrono::hours(10) + std::chrono::minutes(15) + std::chrono::milliseconds(7);
    std::string line = FormatAccessLine(record, now);
    EXPECT_EQ(line,
              "{\"time\":\"2026-11-22T10:15:00.007Z\",\"level\":\"info\",\"msg\":\"request\","
              "\"request_id\":\"abc123\",\"method\":\"GET\",\"path\":\"/prisoners\","
              "\"route\":\"/prisoners\",\"status\":200,\"bytes\":1234,\"duration_ms\":2.500,"
              "\"remote\":\"10.0.0.1\",\"user\":\"jo\\\"smith\"}");
    EXPECT_EQ(line.find("Smith"), std::string::npos);
}

TEST(AccessLineTest, AnonymousUnmatchedServerError) {
    Request request;
    request.method = "POST";
    request.path = "/x\n\"injected\":1";
    request.request_id = "r";
    AccessRecord record{&request, 500, 0, std::chrono::microseconds(10)};
    std::string line = FormatAccessLine(record, std::chrono::system_clock::time_point{});
    EXPECT_NE(line.find("\"level\":\"error\""), std::string::npos);
    EXPECT_NE(line.find("\"route\":\"unmatched\""), std::string::npos);
    EXPECT_NE(line.find("\"path\":\"/x\\n\\\"injected\\\":1\""), std::string::npos);
    EXPECT_EQ(line.find("\"user\""), std::string::npos);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_TRUE(line.starts_with("{\"time\":\"1970-01-01T00:00:00.000Z\""));
}

}  // namespace
}  // namespace warden::web
