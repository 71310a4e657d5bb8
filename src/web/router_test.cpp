#include "web/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace warden::web {
namespace {

Route Make(std::string method, std::string pattern) {
    return Route{
        std::move(method), std::move(pattern), Access::kPublic, {}, [](Request&, Context&) {
            return Response::Text(200, "");
        }};
}

class RouterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.Add(Make("GET", "/"));
        router_.Add(Make("GET", "/api/v1/prisoners/{number}"));
        router_.Add(Make("GET", "/api/v1/establishments/{code}/prisoners"));
        router_.Add(Make("POST", "/api/v1/establishments/{code}/prisoners/import"));
        router_.Add(Make("GET", "/prisoners/{number}"));
        router_.Add(Make("GET", "/prisoners/search"));
        router_.Add(Make("GET", "/assets/{rest...}"));
    }
    const Route* Match(const std::string& method, const std::string& path) {
        params_.clear();
        return router_.Match(method, path, params_, mismatch_);
    }
    Router router_;
    std::map<std::string, std::string> params_;
    bool mismatch_ = false;
};

TEST_F(RouterTest, MatchesRootAndLiterals) {
    const Route* r = Match("GET", "/");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->pattern, "/");
    EXPECT_EQ(Match("GET", "/nothing"), nullptr);
    EXPECT_FALSE(mismatch_);
}

TEST_F(RouterTest, FillsParameters) {
    const Route* r = Match("GET", "/api/v1/establishments/MDI/prisoners");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->pattern, "/api/v1/establishments/{code}/prisoners");
    EXPECT_EQ(params_.at("code"), "MDI");
    r = Match("GET", "/api/v1/prisoners/A1234BC");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(params_.at("number"), "A1234BC");
}

TEST_F(RouterTest, EmptySegmentsAndExtraSegmentsDoNotMatch) {
    EXPECT_EQ(Match("GET", "/api/v1/prisoners/"), nullptr);
    EXPECT_EQ(Match("GET", "/api/v1/prisoners/A1234BC/extra"), nullptr);
    EXPECT_EQ(Match("GET", "/api/v1/establishments//prisoners"), nullptr);
}

TEST_F(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
    const Route* r = Match("GET", "/prisoners/search");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->pattern, "/prisoners/search");
    r = Match("GET", "/prisoners/A1234BC");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->pattern, "/prisoners/{number}");
}

TEST_F(RouterTest, ParametersComeFromTheChosenRouteOnly) {
    // "/prisoners/{number}" fits too, but the literal route is chosen and has no parameter.
    ASSERT_NE(Match("GET", "/prisoners/search"), nullptr);
    EXPECT_TRUE(params_.empty());
    ASSERT_NE(Match("GET", "/assets//fonts"), nullptr);  // an empty middle segment is kept
    EXPECT_EQ(params_.at("rest"), "/fonts");
}

TEST_F(RouterTest, RestMatchesTheRemainderButNotNothing) {
    const Route* r = Match("GET", "/assets/govuk/fonts/bold.woff2");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(params_.at("rest"), "govuk/fonts/bold.woff2");
    EXPECT_EQ(Match("GET", "/assets/"), nullptr);
    EXPECT_EQ(Match("GET", "/assets"), nullptr);
}

TEST_F(RouterTest, ReportsMethodMismatch) {
    EXPECT_EQ(Match("DELETE", "/api/v1/prisoners/A1234BC"), nullptr);
    EXPECT_TRUE(mismatch_);
    EXPECT_EQ(Match("GET", "/api/v1/establishments/MDI/prisoners/import"), nullptr);
    EXPECT_TRUE(mismatch_);
    EXPECT_NE(Match("POST", "/api/v1/establishments/MDI/prisoners/import"), nullptr);
    EXPECT_FALSE(mismatch_);
}

TEST_F(RouterTest, HeadIsServedByGet) {
    const Route* r = Match("HEAD", "/api/v1/prisoners/A1234BC");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->method, "GET");
}

TEST(RouterAdd, RejectsBadPatternsAndDuplicates) {
    Router router;
    EXPECT_THROW(router.Add(Make("GET", "no-slash")), std::logic_error);
    EXPECT_THROW(router.Add(Make("GET", "/a/{rest...}/b")), std::logic_error);
    router.Add(Make("GET", "/a"));
    EXPECT_THROW(router.Add(Make("GET", "/a")), std::logic_error);
    router.Add(Make("POST", "/a"));
    EXPECT_EQ(router.routes().size(), 2u);
}

}  // namespace
}  // namespace warden::web
