#include "web/middleware.hpp"

#include <gtest/gtest.h>

namespace warden::web {
namespace {

TEST(MiddlewareTest, ConstantTimeEquals) {
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
    EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(MiddlewareTest, ReadsCookies) {
    Request r;
    r.headers["cookie"] = "a=1; warden_session=tok; other=\"q\"";
    EXPECT_EQ(GetCookie(r, "warden_session"), "tok");
    EXPECT_EQ(GetCookie(r, "other"), "q");
    EXPECT_FALSE(GetCookie(r, "warden").has_value());
    EXPECT_FALSE(GetCookie(Request{}, "a").has_value());
}

TEST(MiddlewareTest, SessionCookieAttributes) {
    std::string c = SessionCookie("tok");
    EXPECT_EQ(c.rfind("warden_session=tok;", 0), 0u);
    EXPECT_NE(c.find("HttpOnly"), std::string::npos);
    EXPECT_NE(c.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(c.find("Path=/"), std::string::npos);
    EXPECT_NE(ClearSessionCookie().find("Max-Age=0"), std::string::npos);
    Response r;
    AddCookie(r, c);
    AddCookie(r, "x=1; Secure");
    MarkCookiesSecure(r);
    ASSERT_EQ(r.headers.size(), 2u);
    EXPECT_NE(r.headers[0].second.find("; Secure"), std::string::npos);
    EXPECT_EQ(r.headers[1].second, "x=1; Secure");
}

TEST(MiddlewareTest, RandomTokensAreUrlSafeAndDistinct) {
    std::string a = RandomUrlToken();
    std::string b = RandomUrlToken();
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
    EXPECT_EQ(
        a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
}

TEST(MiddlewareTest, PreSessionDoubleSubmit) {
    Request first;
    Response response;
    std::string token = EnsurePreSessionCsrf(first, response);
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].first, "Set-Cookie");
    EXPECT_EQ(response.headers[0].second.rfind("warden_csrf=" + token + ";", 0), 0u);

    Request post;
    post.headers["cookie"] = "warden_csrf=" + token;
    EXPECT_TRUE(CheckPreSessionCsrf(post, token));
    EXPECT_FALSE(CheckPreSessionCsrf(post, token + "x"));
    EXPECT_FALSE(CheckPreSessionCsrf(post, ""));
    EXPECT_FALSE(CheckPreSessionCsrf(Request{}, token));

    // An existing valid cookie is reused without setting a new one.
    Response again;
    EXPECT_EQ(EnsurePreSessionCsrf(post, again), token);
    EXPECT_TRUE(again.headers.empty());
}

TEST(MiddlewareTest, SubmittedCsrfTokenFromHeaderOrForm) {
    Request r;
    r.headers["x-csrf-token"] = "h";
    EXPECT_EQ(SubmittedCsrfToken(r), "h");
    Request f;
    f.headers["content-type"] = "application/x-www-form-urlencoded";
    f.body = "a=1&csrf_token=f";
    EXPECT_EQ(SubmittedCsrfToken(f), "f");
    Request m;
    m.headers["content-type"] = "multipart/form-data; boundary=B";
    m.body = "--B\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nm\r\n--B--\r\n";
    EXPECT_EQ(SubmittedCsrfToken(m), "m");
    EXPECT_EQ(SubmittedCsrfToken(Request{}), "");
    EXPECT_TRUE(IsUnsafeMethod("POST"));
    EXPECT_TRUE(IsUnsafeMethod("DELETE"));
    EXPECT_FALSE(IsUnsafeMethod("GET"));
    EXPECT_FALSE(IsUnsafeMethod("HEAD"));
}

}  // namespace
}  // namespace warden::web
