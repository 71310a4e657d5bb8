#include "web/static_assets.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace warden::web {
namespace {

namespace fs = std::filesystem;

std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return "";
}

class StaticAssetsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ =
            fs::temp_directory_path() / ("warden_assets_" + std::to_string(std::random_device{}()));
        fs::create_directories(root_ / "css");
        fs::create_directories(root_ / "fonts");
        Write("css/app.css", "body{color:red}");
        Write("app.min.js", "console.log(1)");
        Write("fonts/bold.woff2", std::string("wOF2\0\1", 6));
        Write("LICENSE", "MIT");
        fs::create_directories(root_.parent_path() / "warden_assets_secret");
        Write("../warden_assets_secret/secret.txt", "secret");
    }
    void TearDown() override {
        fs::remove_all(root_);
        fs::remove_all(root_.parent_path() / "warden_assets_secret");
    }
    void Write(const std::string& rel, const std::string& content) {
        std::ofstream out(root_ / rel, std::ios::binary);
        out << content;
    }

    fs::path root_;
};

TEST_F(StaticAssetsTest, FingerprintedUrls) {
    StaticAssets assets(root_.string());
    EXPECT_EQ(assets.size(), 4u);
    std::string hash = StaticAssets::ContentHash("body{color:red}");
    EXPECT_EQ(hash.size(), 12u);
    EXPECT_EQ(assets.Url("css/app.css"), "/assets/css/app-" + hash + ".css");
    EXPECT_EQ(assets.Url("/css/app.css"), "/assets/css/app-" + hash + ".css");
    EXPECT_EQ(assets.Url("app.min.js"),
              "/assets/app.min-" + StaticAssets::ContentHash("console.log(1)") + ".js");
    EXPECT_EQ(assets.Url("LICENSE"), "/assets/LICENSE-" + StaticAssets::ContentHash("MIT"));
    EXPECT_EQ(assets.Url("missing.css"), "/assets/missing.css");
}

TEST_F(StaticAssetsTest, ContentHashIsStableAndDistinct) {
    EXPECT_EQ(StaticAssets::ContentHash("abc"), StaticAssets::ContentHash("abc"));
    EXPECT_NE(StaticAssets::ContentHash("abc"), StaticAssets::ContentHash("abd"));
    // FNV-1a 64 of "" is cbf29ce484222325.
    EXPECT_EQ(StaticAssets::ContentHash(""), "cbf29ce48422");
    EXPECT_EQ(StaticAssets::ContentHash("a"), "af63dc4c8601");  // af63dc4c8601ec8c
}

TEST_F(StaticAssetsTest, ServesFingerprintedNameImmutable) {
    StaticAssets assets(root_.string());
    std::string url = assets.Url("css/app.css");
    auto r = assets.Serve(url.substr(std::string("/assets/").size()));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "body{color:red}");
    EXPECT_EQ(r->content_type, "text/css; charset=utf-8");
    EXPECT_EQ(HeaderOf(*r, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(HeaderOf(*r, "ETag"), "\"" + StaticAssets::ContentHash("body{color:red}") + "\"");
}

TEST_F(StaticAssetsTest, ServesPlainNameShortLived) {
    StaticAssets assets(root_.string());
    auto r = assets.Serve("fonts/bold.woff2");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body.size(), 6u);
    EXPECT_EQ(r->content_type, "font/woff2");
    EXPECT_EQ(HeaderOf(*r, "Cache-Control"), "public, max-age=3600");
}

TEST_F(StaticAssetsTest, ConditionalRequestGives304) {
    StaticAssets assets(root_.string());
    auto first = assets.Serve("app.min.js");
    ASSERT_TRUE(first.has_value());
    std::string etag = HeaderOf(*first, "ETag");
    auto again = assets.Serve("app.min.js", "\"other\", " + etag);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
    EXPECT_EQ(assets.Serve("app.min.js", "\"other\"")->status, 200);
}

TEST_F(StaticAssetsTest, UnknownAndTraversalPathsAreNotServed) {
    StaticAssets assets(root_.string());
    EXPECT_FALSE(assets.Serve("missing.css").has_value());
    EXPECT_FALSE(assets.Serve("../warden_assets_secret/secret.txt").has_value());
    EXPECT_FALSE(assets.Serve("css/../../warden_assets_secret/secret.txt").has_value());
    EXPECT_FALSE(assets.Serve("css/../LICENSE").has_value());
    EXPECT_FALSE(assets.Serve("css").has_value());
    EXPECT_FALSE(assets.Serve("").has_value());
    EXPECT_FALSE(assets.Serve("app-000000000000.css").has_value());
}

TEST_F(StaticAssetsTest, MissingRootGivesEmptySet) {
    StaticAssets assets((root_ / "nope").string());
    EXPECT_EQ(assets.size(), 0u);
    EXPECT_EQ(assets.Url("app.css"), "/assets/app.css");
    EXPECT_FALSE(assets.Serve("app.css").has_value());
}

TEST(StaticAssetsContentType, ByExtension) {
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.mjs"), "text/javascript; charset=utf-8");
    EXPECT_EQ(StaticAssets::ContentTypeFor("x/a.woff"), "font/woff");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.PNG"), "image/png");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.svg"), "image/svg+xml");
    EXPECT_EQ(StaticAssets::ContentTypeFor("favicon.ico"), "image/x-icon");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.json"), "application/json");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.txt"), "text/plain; charset=utf-8");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.css.map"), "application/json");
    EXPECT_EQ(StaticAssets::ContentTypeFor("m.webmanifest"), "application/manifest+json");
    EXPECT_EQ(StaticAssets::ContentTypeFor("dir.v2/README"), "application/octet-stream");
    EXPECT_EQ(StaticAssets::ContentTypeFor("a.exe"), "application/octet-stream");
}

}  // namespace
}  // namespace warden::web
