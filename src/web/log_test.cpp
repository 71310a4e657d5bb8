#include "web/log.hpp"

#include <gtest/gtest.h>

namespace warden::web {
namespace {

TEST(LogTest, BodyEscapesEveryValue) {
    EXPECT_EQ(LogBody("job ran", {{"job", "a\"b"}, {"at", "x\ny"}}),
              "\"msg\":\"job ran\",\"job\":\"a\\\"b\",\"at\":\"x\\ny\"");
}

TEST(LogTest, LineHasTimeLevelAndBody) {
    std::string line = JsonLogLine(std::chrono::system_clock::time_point{}, "warning",
                                   LogBody("m", {{"request_id", "r1"}}));
    EXPECT_EQ(line,
              "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"warning\",\"msg\":\"m\","
              "\"request_id\":\"r1\"}");
}

}  // namespace
}  // namespace warden::web
