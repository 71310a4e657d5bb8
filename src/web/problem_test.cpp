#include "web/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace warden::web {
namespace {

TEST(ProblemTest, MapsEveryErrorCode) {
    EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidInput), 400);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kForbidden), 403);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kTooLarge), 413);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
}

TEST(ProblemTest, BodyHasTheRfc9457ShapeWithFieldErrors) {
    Response r = ProblemResponse(
        Error::Invalid("Enter a username", {{"username", "Enter a username"}, {"email", "Bad"}}));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("type").as_string(), "about:blank");
    EXPECT_EQ(body.at("title").as_string(), "Bad Request");
    EXPECT_EQ(body.at("status").as_int64(), 400);
    EXPECT_EQ(body.at("detail").as_string(), "Enter a username");
    auto& errors = body.at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].as_object().at("field").as_string(), "username");
    EXPECT_EQ(errors[1].as_object().at("message").as_string(), "Bad");
}

TEST(ProblemTest, UnavailableNeverCarriesTheDatabasesText) {
    Response r = ProblemResponse(
        Error::Unavailable("cannot connect to PostgreSQL: FATAL: password authentication failed "
                           "for user \"warden\" at 10.0.0.5"));
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.body.find("PostgreSQL"), std::string::npos);
    EXPECT_EQ(r.body.find("warden"), std::string::npos);
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("detail").as_string(), kUnavailableMessage);
}

TEST(ProblemTest, InternalErrorsDoNotLeakTheirMessage) {
    Response r = ProblemResponse(Error::Internal("sqlite3_step: disk I/O error at /var/db"));
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("sqlite"), std::string::npos);
}

TEST(ProblemTest, ExplicitStatusAndUnauthenticatedChallenge) {
    Response r = ProblemResponse(415, "Send text/csv");
    EXPECT_EQ(r.status, 415);
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("title").as_string(), "Unsupported Media Type");
    EXPECT_TRUE(body.at("errors").as_array().empty());
    Response u = ProblemResponse(Error::Unauthenticated("no"));
    EXPECT_EQ(u.status, 401);
    bool challenge = false;
    for (auto& [n, v] : u.headers) challenge |= n == "WWW-Authenticate" && v == "Bearer";
    EXPECT_TRUE(challenge);
}

}  // namespace
}  // namespace warden::web
