#include "web/log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "web/access_log.hpp"

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

// A sink that keeps its lines in a buffer until flushed, as stdout's does.
class BufferedSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    std::string pending;
    std::vector<std::string> flushed;  // what each flush wrote out

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t line;
        formatter_->format(msg, line);
        pending.append(line.data(), line.size());
    }
    void flush_() override {
        flushed.push_back(pending);
        pending.clear();
    }
};

TEST(LogTest, AccessLinesWaitForTheNextFlushAndKeepTheirOrder) {
    auto sink = std::make_shared<BufferedSink>();
    JsonLoggers loggers = MakeJsonLoggers(sink);
    Request request;
    request.method = "GET";
    request.path = "/prisoners/A1234BC";
    request.request_id = "r1";
    loggers.access->info("{}", AccessLogBody(AccessRecord{&request, 200, 10, {}}));
    request.request_id = "r2";
    loggers.access->info("{}", AccessLogBody(AccessRecord{&request, 404, 10, {}}));
    EXPECT_TRUE(sink->flushed.empty());  // two lines buffered, no write yet
    EXPECT_NE(sink->pending.find("\"request_id\":\"r2\""), std::string::npos);

    // Any event's line flushes, and the lines come out in the order they were logged.
    loggers.events->info("{}", LogBody("job ran", {{"job", "sessions.delete-expired"}}));
    ASSERT_EQ(sink->flushed.size(), 1U);
    const std::string& out = sink->flushed[0];
    EXPECT_LT(out.find("\"r1\""), out.find("\"r2\""));
    EXPECT_LT(out.find("\"r2\""), out.find("job ran"));
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 3);

    // A server error's access line is written at once.
    request.request_id = "r3";
    loggers.access->error("{}", AccessLogBody(AccessRecord{&request, 500, 0, {}}));
    ASSERT_EQ(sink->flushed.size(), 2U);
    EXPECT_NE(sink->flushed[1].find("\"status\":500"), std::string::npos);
    EXPECT_TRUE(sink->pending.empty());
}

TEST(LogTest, TheAccessLoggerIsTheDefaultUntilJsonLogsAreInUse) {
    EXPECT_EQ(&AccessLogger(), spdlog::default_logger_raw());
}

}  // namespace
}  // namespace warden::web
